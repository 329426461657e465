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
 * partial (`--site`) build, a manifest whose hashes do not match the files, and a build that would
 * lose a URL the live release publishes without redirecting it (the URL ledger, checked here
 * against what is actually live).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listFiles } from '../pipeline/fingerprint.ts';
import { readManifestFile, type Manifest } from '../pipeline/manifest.ts';
import { deployedParams, nginxConfig } from './nginx.ts';

export class DeployRefused extends Error {}

const RELEASE_NOTE = '.jiyue-release.json';

/** Files named by their content: the same name is the same bytes, in any release. */
const CONTENT_NAMED = /(^|\/)assets\/[^/]+\.[0-9a-f]{10}\.[a-z0-9]+(\.gz|\.br)?$|\.pf_(meta|index|filter|fragment)$/;

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

/** Checks the build's files against its manifest's hashes. */
function verify(buildDir: string, m: Manifest): void {
  const bad: string[] = [];
  const check = (site: string, file: string, hash: string) => {
    const folder = m.sites.find((s) => s.id === site)?.folder;
    const abs = folder && path.join(buildDir, folder, ...file.split('/'));
    if (!abs || !fs.existsSync(abs)) bad.push(`${site}/${file}（文件不存在）`);
    else if (sha256(abs) !== hash) bad.push(`${site}/${file}（内容与清单不符）`);
  };
  for (const p of m.pages) check(p.site, p.file, p.hash);
  for (const f of m.files) check(f.site, f.file, f.hash);
  if (bad.length) throw new DeployRefused(`构建目录与 manifest.json 不一致，拒绝部署（${bad.length} 个文件）：${bad.slice(0, 5).join('、')}${bad.length > 5 ? '……' : ''}。请重新构建，不要手工修改构建输出。`);
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
  fs.symlinkSync(target, tmp);
  fs.renameSync(tmp, path.join(dir, name));
}

export function releases(dir: string): string[] {
  const root = path.join(dir, 'releases');
  return fs.existsSync(root) ? fs.readdirSync(root).filter((r) => fs.existsSync(path.join(root, r, RELEASE_NOTE))).sort() : [];
}

export function deploy(buildDir: string, dir: string, options: { keep: number; now?: Date }): DeployResult {
  const manifest = readBuild(buildDir);
  if (manifest.partial) throw new DeployRefused(`这是只构建了部分站点（--site）的输出（${manifest.sites.map((s) => s.id).join('、')}），部署会让其他站点下线。请构建整个网站群后再部署。`);
  verify(buildDir, manifest);
  fs.mkdirSync(path.join(dir, 'releases'), { recursive: true });
  const currentName = link(dir, 'current');
  const current = currentName ? path.join(dir, currentName) : undefined;
  if (current) {
    const live = readManifestFile(path.join(current, 'manifest.json')).manifest;
    if (live) {
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
  fs.rmSync(staging, { recursive: true, force: true });
  const result: DeployResult = { release: id, files: 0, linked: 0, copied: 0, carried: 0, removed: [], reload: false };
  const liveHashes = new Map<string, string>();
  if (current) {
    const live = readManifestFile(path.join(current, 'manifest.json')).manifest;
    for (const p of [...(live?.pages ?? []), ...(live?.files ?? [])]) {
      const folder = live!.sites.find((s) => s.id === p.site)?.folder;
      if (folder) liveHashes.set(`${folder}/${p.file}`, p.hash);
    }
  }
  const newHashes = new Map<string, string>();
  for (const p of [...manifest.pages, ...manifest.files]) {
    const folder = manifest.sites.find((s) => s.id === p.site)?.folder;
    if (folder) newHashes.set(`${folder}/${p.file}`, p.hash);
  }
  /** Whether a file of the build is already in the live release, byte for byte. */
  const same = (rel: string): boolean => {
    const old = current && path.join(current, ...rel.split('/'));
    if (!old || !fs.existsSync(old)) return false;
    if (CONTENT_NAMED.test(rel)) return true;
    // A page or content file: the manifests' hashes decide (its .gz and .br are made from it).
    const base = rel.replace(/\.(gz|br)$/, '');
    const known = newHashes.get(base);
    if (known !== undefined) return liveHashes.get(base) === known;
    const src = path.join(buildDir, ...rel.split('/'));
    return fs.statSync(old).size === fs.statSync(src).size && sha256(old) === sha256(src);
  };
  const files = listFiles(buildDir).filter((f) => !f.startsWith('deploy/'));
  for (const rel of files) {
    const to = path.join(staging, ...rel.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (same(rel)) {
      fs.linkSync(path.join(current!, ...rel.split('/')), to);
      result.linked++;
    } else {
      fs.copyFileSync(path.join(buildDir, ...rel.split('/')), to);
      result.copied++;
    }
    result.files++;
  }
  // The server configuration, rendered for this deployment folder.
  for (const [rel, text] of nginxConfig(manifest, deployedParams(path.join(dir, 'current'), manifest.generator))) {
    const to = path.join(staging, 'deploy', 'nginx', ...rel.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, text);
  }
  fs.writeFileSync(path.join(staging, RELEASE_NOTE), JSON.stringify({ id, generator: manifest.generator, files, carried: [] }));
  // Content-named files of the live release that this one dropped, for pages loaded before the switch.
  if (current) result.carried = carry(current, staging);
  fs.renameSync(staging, target);
  result.reload = configDiffers(current, target);

  if (currentName) switchLink(dir, 'previous', currentName);
  switchLink(dir, 'current', path.join('releases', id));
  result.removed = prune(dir, options.keep);
  return result;
}

/**
 * Links into release `to` the content-named files of release `from`'s own build that `to` lacks
 * (recorded as carried in its note). Returns how many.
 */
function carry(from: string, to: string): number {
  const note = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, RELEASE_NOTE), 'utf8')) as { id: string; generator: string; files: string[]; carried: string[] };
  const target = note(to);
  const have = new Set([...target.files, ...target.carried]);
  let n = 0;
  for (const rel of note(from).files) {
    if (!CONTENT_NAMED.test(rel) || have.has(rel)) continue;
    const dest = path.join(to, ...rel.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (!fs.existsSync(dest)) fs.linkSync(path.join(from, ...rel.split('/')), dest);
    target.carried.push(rel);
    n++;
  }
  fs.writeFileSync(path.join(to, RELEASE_NOTE), JSON.stringify(target));
  return n;
}

/** Switches back to the release before the live one. */
export function rollback(dir: string): { from: string; to: string; reload: boolean } {
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
