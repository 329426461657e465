/**
 * `npm run deploy -- --to DIR [--out BUILD] [--keep N] [--rollback]` (docs/deploy.md): installs a
 * build as a release and switches the live site to it in one atomic step.
 *
 *   DIR/releases/<id>/     one folder per release: the build's files (sites/, deploy/, redirects/,
 *                          manifest.json …); files unchanged since the current release are hard
 *                          links to it, not copies
 *   DIR/current            symlink to the live release (what nginx serves: deploy/nginx/ in the
 *                          release is rendered for DIR/current)
 *   DIR/previous           symlink to the release that was live before
 *
 * Content-hashed files of the current release (assets, Pagefind's index) that the new release
 * does not have are linked into it too: a page loaded just before the switch finds the assets it
 * references after the switch. The switch is `rename(2)` of a new symlink over `current`.
 *
 * Refused, with a Chinese message and nothing changed: a folder that is not a complete build, a
 * partial (`--site`) build, a build whose files are not exactly those its `SHA256SUMS` lists (a
 * file missing, changed or unlisted, a symlink anywhere, a `.gz`/`.br` that does not decompress
 * to its page), a manifest with a field the build never writes, and a build that would lose a URL
 * the live release publishes without redirecting it (the URL ledger, checked here against what is
 * actually live; a live release without its manifest is itself a refusal, never a skipped check).
 *
 * One deploy at a time (`DIR/.deploy.lock`); a file is hard-linked from the live release only
 * when both lists name the same bytes and the live file still has them (a live file edited in
 * place is copied afresh, never linked onward); the release is checked against its list again
 * before it is renamed into place; folders of deploys that died (`*.partial`) are removed by the
 * next one; a full disk or any other I/O failure ends in one message with the live release
 * untouched. `--verify` checks the live release against its list (tamper detection).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CHECKSUMS_FILE, formatChecksums, parseChecksums } from '../pipeline/checksums.ts';
import { listFiles } from '../lib/files.ts';
import { readManifestFile, type Manifest } from '../plan/manifest.ts';
import { deployedParams, nginxConfig } from './nginx.ts';
import { alive } from '../lib/process.ts';

export class DeployRefused extends Error {}

const RELEASE_NOTE = '.jiyue-release.json';

/**
 * Files the build names by their content (the generator's assets at a site's root, Pagefind's
 * index files): a page loaded before a switch still finds them after it, so they are carried. An
 * attachment whose name only looks hashed is not one of them.
 */
const CONTENT_NAMED = /^sites\/[a-z0-9-]+(?:\/archive\/[a-z0-9-]+)?\/(?:assets\/[^/]+\.[0-9a-f]{10}\.[a-z0-9]+(?:\.gz|\.br)?|pagefind(?:-group)?\/(?:[^/]+\/)*[^/]+\.pf_(?:meta|index|filter|fragment))$/;

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');


export interface DeployResult {
  release: string;
  files: number;
  linked: number;
  copied: number;
  carried: number;
  removed: string[];
  /** Whether nginx must reload: the configuration it reads at load time differs from the live release's. */
  reload: boolean;
  /** Why old releases could not be removed (the deploy itself succeeded). */
  pruneFailed?: string;
}

/** What nginx reads when it loads its configuration (not per request): the server files and the redirect rules. */
const LOADED_CONFIG = ['deploy/nginx', 'redirects/nginx'];

/** Whether two releases differ in what nginx reads at load time: then the switch needs `nginx -s reload`. */
export function configDiffers(a: string | undefined, b: string): boolean {
  if (!a) return true;
  for (const folder of LOADED_CONFIG) {
    const [x, y] = [path.join(a, folder), path.join(b, folder)];
    const [fx, fy] = [listFiles(x), listFiles(y)];
    if (fx.join('\n') !== fy.join('\n')) return true;
    for (const f of fx) if (!fs.readFileSync(path.join(x, f)).equals(fs.readFileSync(path.join(y, f)))) return true;
  }
  return false;
}

/** Every URL a manifest publishes: pages, content files, and old URLs it redirects. */
function publishedUrls(m: Manifest): Set<string> {
  return new Set([...m.pages.map((p) => p.url), ...m.files.map((f) => f.url), ...m.redirects.map((r) => r.from)]);
}

function readBuild(buildDir: string): Manifest {
  const file = path.join(buildDir, 'manifest.json');
  if (!fs.existsSync(file)) throw new DeployRefused(`${buildDir} 不是构建输出（没有 manifest.json）：先运行 npm run build，或用 --out 指定构建目录。`);
  const r = readManifestFile(file);
  if (!r.manifest) throw new DeployRefused(`${file} 无法读取：${r.error}`);
  return r.manifest;
}

/** A folder's checksum list (SHA256SUMS), or a refusal saying why there is none. */
function readChecksums(dir: string, what: string): Map<string, string> {
  const file = path.join(dir, CHECKSUMS_FILE);
  if (!fs.existsSync(file)) throw new DeployRefused(`${what} ${dir} 没有 ${CHECKSUMS_FILE}（较早版本的生成器写出的构建没有它）：请用当前版本重新构建。`);
  const r = parseChecksums(fs.readFileSync(file, 'utf8'));
  if (!r.entries) throw new DeployRefused(`${file} 无法读取：${r.error}。请重新构建。`);
  return r.entries;
}

/**
 * Every file of `dir` is one `list` names, with its bytes, and every listed file is there: no
 * symlink, no other file (`ignore`: files that are not part of the build, such as a release's
 * note); a `.gz` or `.br` decompresses to the bytes of the file it is the compressed copy of.
 */
export function checkTree(dir: string, list: ReadonlyMap<string, string>, ignore: ReadonlySet<string> = new Set()): string[] {
  const bad: string[] = [];
  const seen = new Set<string>();
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const child = path.join(abs, e.name);
      if (ignore.has(childRel) || childRel === CHECKSUMS_FILE) continue;
      if (e.isSymbolicLink()) bad.push(`${childRel}（符号链接）`);
      else if (e.isDirectory()) walk(child, childRel);
      else if (!e.isFile()) bad.push(`${childRel}（不是普通文件）`);
      else {
        seen.add(childRel);
        const want = list.get(childRel);
        if (want === undefined) bad.push(`${childRel}（不在 ${CHECKSUMS_FILE} 中）`);
        else if (sha256(child) !== want) bad.push(`${childRel}（内容与 ${CHECKSUMS_FILE} 不符）`);
      }
    }
  };
  walk(dir, '');
  for (const rel of list.keys()) if (!seen.has(rel) && !ignore.has(rel)) bad.push(`${rel}（文件不存在）`);
  // Served to browsers by gzip_static/brotli_static instead of the page: they must be the page.
  for (const rel of seen) {
    const m = /^(.*)\.(gz|br)$/.exec(rel);
    if (!m || !seen.has(m[1]) || bad.length) continue;
    const packed = fs.readFileSync(path.join(dir, ...rel.split('/')));
    let plain: Buffer | undefined;
    try {
      plain = m[2] === 'gz' ? zlib.gunzipSync(packed) : zlib.brotliDecompressSync(packed);
    } catch {
      plain = undefined;
    }
    if (!plain || !plain.equals(fs.readFileSync(path.join(dir, ...m[1].split('/'))))) bad.push(`${rel}（解压后与 ${m[1]} 不同）`);
  }
  return bad;
}

const refusedFiles = (what: string, bad: readonly string[]) =>
  `${what}（${bad.length} 处）：${bad.slice(0, 5).join('、')}${bad.length > 5 ? '……' : ''}。请重新构建，不要手工修改构建输出。`;

/** Checks the build's files against its SHA256SUMS, and its manifest's hashes against the list. */
function verify(buildDir: string, m: Manifest): Map<string, string> {
  const list = readChecksums(buildDir, '构建目录');
  const bad = checkTree(buildDir, list);
  for (const p of [...m.pages, ...m.files]) {
    const folder = m.sites.find((s) => s.id === p.site)?.folder;
    const rel = folder && `${folder}/${p.file}`;
    if (!rel || list.get(rel) !== p.hash) bad.push(`${p.site}/${p.file}（manifest.json 与 ${CHECKSUMS_FILE} 不符）`);
  }
  if (bad.length) throw new DeployRefused(refusedFiles('构建目录与它的校验和清单不一致，拒绝部署', bad));
  return list;
}

function link(dir: string, name: string): string | undefined {
  try {
    return fs.readlinkSync(path.join(dir, name));
  } catch {
    return undefined;
  }
}

/** Points `dir/name` at `target` (relative) in one rename: readers see the old or the new, never none. */
function switchLink(dir: string, name: string, target: string): void {
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true });
  try {
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, path.join(dir, name));
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Complete releases, oldest first: renamed into place with their note (a `.partial` is a deploy that died). */
export function releases(dir: string): string[] {
  const root = path.join(dir, 'releases');
  return fs.existsSync(root) ? fs.readdirSync(root).filter((r) => !r.endsWith('.partial') && fs.existsSync(path.join(root, r, RELEASE_NOTE))).sort() : [];
}

/**
 * Runs `f` holding the deploy folder's lock (`.deploy.lock`, with the pid: a lock left by a
 * process that is gone is taken over), after removing what deploys that died left behind.
 */
function locked<T>(dir: string, f: () => T): T {
  const lock = path.join(dir, '.deploy.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      fs.mkdirSync(path.join(dir, 'releases'), { recursive: true });
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') ioFailure(error, undefined);
      if (attempt > 0) throw new DeployRefused(`另一个部署正在进行（${lock}）：等它结束后再运行。`);
      const pid = Number(fs.readFileSync(lock, 'utf8').trim());
      if (pid && alive(pid)) throw new DeployRefused(`另一个部署（进程 ${pid}）正在向 ${dir} 部署：等它结束后再运行。`);
      fs.rmSync(lock, { force: true });
    }
  }
  try {
    for (const name of fs.readdirSync(path.join(dir, 'releases'))) if (name.endsWith('.partial')) fs.rmSync(path.join(dir, 'releases', name), { recursive: true, force: true });
    for (const name of fs.readdirSync(dir)) if (/^\.(current|previous)\.\d+\.tmp$/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
    return f();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}


/** An I/O failure (a full disk, a permission) as one refusal: the release being assembled is removed, the live one untouched. */
function ioFailure(error: unknown, staging: string | undefined): never {
  try {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  } catch {
    // Left for the next deploy, which removes `.partial` folders first; the refusal below is what matters.
  }
  if (error instanceof DeployRefused) throw error;
  const e = error as NodeJS.ErrnoException;
  const why = e.code === 'ENOSPC' ? '磁盘空间不足（ENOSPC）：清理磁盘或用 --keep 保留更少的版本' : e.code === 'EACCES' || e.code === 'EPERM' ? `没有权限（${e.code}）：检查部署目录的所有者和权限` : `${e.code ?? e.name}：${e.message}`;
  throw new DeployRefused(`写入部署目录失败，${why}。${e.path ? `（${e.path}）` : ''}`);
}

export function deploy(buildDir: string, dir: string, options: { keep: number; now?: Date }): DeployResult {
  const manifest = readBuild(buildDir);
  if (manifest.partial) throw new DeployRefused(`这是只构建了部分站点（--site）的输出（${manifest.sites.map((s) => s.id).join('、')}），部署会让其他站点下线。请构建整个网站群后再部署。`);
  const list = verify(buildDir, manifest);
  return locked(dir, () => install(buildDir, dir, manifest, list, options));
}

function install(buildDir: string, dir: string, manifest: Manifest, list: Map<string, string>, options: { keep: number; now?: Date }): DeployResult {
  const currentName = link(dir, 'current');
  const current = currentName ? path.join(dir, currentName) : undefined;
  if (current) {
    const read = readManifestFile(path.join(current, 'manifest.json'));
    if (!read.manifest) throw new DeployRefused(`线上版本 ${current} 的 manifest.json 无法读取（${read.error}），无法对照网址台账：先用 --rollback 切回完整的版本，或检查这个目录。`);
    const live = read.manifest;
    {
      const now = publishedUrls(manifest);
      const lost = [...publishedUrls(live)].filter((u) => !now.has(u));
      if (lost.length) {
        throw new DeployRefused(
          `这个构建会让线上已发布的 ${lost.length} 个网址失效（没有重定向）：${lost.slice(0, 5).join('、')}${lost.length > 5 ? '……' : ''}。构建时用 --previous-manifest ${path.join(current, 'manifest.json')} 对照线上版本，按提示在 site.yaml 中写 redirects 后重新构建。`,
        );
      }
    }
  }

  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = `${stamp}-${sha256(path.join(buildDir, 'manifest.json')).slice(0, 8)}`;
  // The same build deployed twice in a second gets a second name (they sort in deploy order).
  let id = base;
  for (let n = 2; fs.existsSync(path.join(dir, 'releases', id)); n++) id = `${base}-${n}`;
  const target = path.join(dir, 'releases', id);
  const staging = `${target}.partial`;
  const result: DeployResult = { release: id, files: 0, linked: 0, copied: 0, carried: 0, removed: [], reload: false };
  try {
    // What the live release's own list says its files are (a release without one: nothing is linked from it).
    let liveList = new Map<string, string>();
    try {
      if (current) liveList = readChecksums(current, '线上版本');
    } catch {
      liveList = new Map();
    }
    const releaseList = new Map(list);
    const files = [...list.keys()].filter((f) => !f.startsWith('deploy/')).sort();
    for (const rel of files) {
      const to = path.join(staging, ...rel.split('/'));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      const want = list.get(rel)!;
      const old = current && path.join(current, ...rel.split('/'));
      // Same bytes by both lists, and the live file still has them (never link onward a file edited in place).
      if (old && liveList.get(rel) === want && fs.lstatSync(old, { throwIfNoEntry: false })?.isFile() && sha256(old) === want) {
        fs.linkSync(old, to);
        result.linked++;
      } else {
        fs.copyFileSync(path.join(buildDir, ...rel.split('/')), to);
        result.copied++;
      }
      result.files++;
    }
    // The server configuration, rendered for this deployment folder (listed with its own hashes).
    for (const rel of [...releaseList.keys()]) if (rel.startsWith('deploy/')) releaseList.delete(rel);
    for (const [rel, text] of nginxConfig(manifest, deployedParams(path.join(dir, 'current'), manifest.generator))) {
      const to = path.join(staging, 'deploy', 'nginx', ...rel.split('/'));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, text);
      releaseList.set(`deploy/nginx/${rel}`, createHash('sha256').update(text).digest('hex'));
    }
    fs.writeFileSync(path.join(staging, RELEASE_NOTE), JSON.stringify({ id, generator: manifest.generator, files, carried: [] }));
    fs.writeFileSync(path.join(staging, CHECKSUMS_FILE), formatChecksums(releaseList));
    // Content-named files of the live release that this one dropped, for pages loaded before the switch.
    if (current) result.carried = carry(current, staging);
    // The release as assembled, before it goes live: exactly its list.
    const bad = checkTree(staging, readChecksums(staging, '新版本'), new Set([RELEASE_NOTE]));
    if (bad.length) throw new DeployRefused(refusedFiles('组装好的新版本与校验和清单不一致，拒绝部署', bad));
    fs.renameSync(staging, target);
  } catch (error) {
    ioFailure(error, staging);
  }
  result.reload = configDiffers(current, target);

  const previousName = link(dir, 'previous');
  try {
    if (currentName) switchLink(dir, 'previous', currentName);
    switchLink(dir, 'current', path.join('releases', id));
  } catch (error) {
    // `current` was not switched (each switch is one rename): the new release never went live.
    // Put `previous` back and remove the release, so the folder is as it was.
    try {
      if (previousName) switchLink(dir, 'previous', previousName);
      else fs.rmSync(path.join(dir, 'previous'), { force: true });
    } catch {
      // `previous` only names what --rollback goes back to; `current` is what matters, and it is untouched.
    }
    ioFailure(error, target);
  }
  try {
    result.removed = prune(dir, options.keep);
  } catch (error) {
    // Deployed: a release that could not be removed stays, and the next deploy prunes it.
    result.pruneFailed = `${(error as NodeJS.ErrnoException).code ?? (error as Error).name}：${(error as Error).message}`;
  }
  return result;
}

/**
 * `--verify`: the live release checked against its own SHA256SUMS (every file there, with its
 * bytes, nothing else, no symlink). Returns the differences; empty when it is intact.
 */
export function verifyLive(dir: string): { release: string; files: number; bad: string[] } {
  const currentName = link(dir, 'current');
  if (!currentName) throw new DeployRefused(`${dir} 没有已部署的版本（没有 current）。`);
  const current = path.join(dir, currentName);
  const list = readChecksums(current, '线上版本');
  return { release: path.basename(currentName), files: list.size, bad: checkTree(current, list, new Set([RELEASE_NOTE])) };
}

/**
 * Links into release `to` the content-named files of release `from`'s own build that `to` lacks
 * (recorded as carried in its note). Returns how many.
 */
function carry(from: string, to: string): number {
  const note = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, RELEASE_NOTE), 'utf8')) as { id: string; generator: string; files: string[]; carried: string[] };
  const target = note(to);
  const have = new Set([...target.files, ...target.carried]);
  const fromList = parseChecksums(readIf(path.join(from, CHECKSUMS_FILE))).entries ?? new Map<string, string>();
  const toList = parseChecksums(readIf(path.join(to, CHECKSUMS_FILE))).entries ?? new Map<string, string>();
  let n = 0;
  for (const rel of note(from).files) {
    if (!CONTENT_NAMED.test(rel) || have.has(rel)) continue;
    const source = path.join(from, ...rel.split('/'));
    const want = fromList.get(rel);
    // Only a file that still has the bytes its release listed is carried (a link is the same file).
    if (!want || !fs.lstatSync(source, { throwIfNoEntry: false })?.isFile() || sha256(source) !== want) continue;
    const dest = path.join(to, ...rel.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (!fs.existsSync(dest)) fs.linkSync(source, dest);
    target.carried.push(rel);
    toList.set(rel, want);
    n++;
  }
  fs.writeFileSync(path.join(to, RELEASE_NOTE), JSON.stringify(target));
  if (n) fs.writeFileSync(path.join(to, CHECKSUMS_FILE), formatChecksums(toList));
  return n;
}

const readIf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** Switches back to the release before the live one (complete releases only, under the deploy lock). */
export function rollback(dir: string): { from: string; to: string; reload: boolean } {
  return locked(dir, () => {
    try {
      return rollbackLocked(dir);
    } catch (error) {
      // Each switch is one rename: a failed rollback leaves `current` where it was.
      return ioFailure(error, undefined);
    }
  });
}

function rollbackLocked(dir: string): { from: string; to: string; reload: boolean } {
  const currentName = link(dir, 'current');
  if (!currentName) throw new DeployRefused(`${dir} 没有已部署的版本（没有 current）。`);
  const all = releases(dir);
  const from = path.basename(currentName);
  const i = all.indexOf(from);
  if (i <= 0) throw new DeployRefused(`当前版本 ${from} 之前没有可回退的版本（已保留的版本：${all.join('、') || '无'}）。`);
  const to = all[i - 1];
  // Pages loaded from the release being left still reference its content-named files: the
  // release switched to gets them too (links; its own files are untouched).
  carry(path.join(dir, currentName), path.join(dir, 'releases', to));
  switchLink(dir, 'previous', currentName);
  switchLink(dir, 'current', path.join('releases', to));
  return { from, to, reload: configDiffers(path.join(dir, currentName), path.join(dir, 'releases', to)) };
}

/** Keeps the newest `keep` releases, and always the live and the previous one. */
function prune(dir: string, keep: number): string[] {
  const all = releases(dir);
  const protectedIds = new Set([link(dir, 'current'), link(dir, 'previous')].filter(Boolean).map((l) => path.basename(l!)));
  const removed: string[] = [];
  for (const id of all.slice(0, Math.max(0, all.length - keep))) {
    if (protectedIds.has(id)) continue;
    fs.rmSync(path.join(dir, 'releases', id), { recursive: true, force: true });
    removed.push(id);
  }
  return removed;
}
