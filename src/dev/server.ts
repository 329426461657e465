/**
 * `jiyue dev` (npm run dev): the editors' live preview.
 *
 *   npm run dev -- [--content 目录] [--port 端口] [--host 地址] [--site 站点]… [--now …] [--out 目录]
 *
 * Reads the group once (state.ts), keeps it in memory and serves every site at the URLs
 * `npm run preview` uses (site-servers.ts). Pages are rendered on request by the build's own
 * Astro pages (astro.ts), 繁體 pages converted by the build's converter, and each page checked
 * against the page spec as the build checks it. On every save under the content folder or the
 * themes the group is read again (warm stores: only what changed is parsed and rendered) and
 * every open page reloads itself (server-sent events, `/__jiyue/events`). The findings of the
 * content rules and the page spec for the page being viewed show in the page itself, and once
 * per change in the terminal.
 *
 * Never writes into `dist/` or the build cache: its stores and Astro's files are in a scratch
 * folder of its own, removed when it stops. Serves only what the build publishes: planned
 * pages, the assets, the content files the plan lists and, for the search pages, the last
 * build's search index (read from `--out`, default `dist/`).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseJiyueDate, shanghaiParts, type JiyueDate } from '../config/primitives.ts';
import { countBySeverity, formatDiagnostic, formatLocation, sortDiagnostics, type Diagnostic } from '../errors/diagnostic.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import { forgetAssets } from '../plan/assets.ts';
import { generatorDigest } from '../pipeline/fingerprint.ts';
import { PROJECT_ROOT } from '../lib/files.ts';
import { cacheDirOf, CONTENT_ARGS, parseContentOptions, translateArgError, type ContentOptions } from '../pipeline/options.ts';
import { readKeptRecords } from '../pipeline/cache.ts';
import { cacheKey } from '../pipeline/cache-seal.ts';
import { printDiagnostics } from '../pipeline/print.ts';
import { watchTree } from './watch.ts';
import { DEV_RENDER } from '../plan/unit-job.ts';
import { checkPage } from '../pagecheck/check.ts';
import { traditionalPage } from '../traditional/write.ts';
import { parsePort, PREVIEW_HOST, PreviewError, siteTable, startSiteServers, untilStopped, urlModeLabel, type Served, type ServedSite, type SiteAddress } from '../cli/site-servers.ts';
import { startAstroDev } from './astro.ts';
import { bodyOf, DevBodies, devStores, loadDevState, SEARCH_BUNDLES, type DevPage, type DevState } from './state.ts';

export interface DevOptions extends ContentOptions {
  /** First port (`0`: any free port for every server). */
  port: number;
  /** Interface to listen on (default 127.0.0.1). */
  host: string;
  /** The build output whose search indexes the search pages use (default `dist/`). */
  outDir: string;
  /** `--now` was given: the date stays; otherwise every reload reads the clock, as every build does. */
  fixedNow: boolean;
  /** The build cache (`--cache`, default the build's): its sealed records are where the first reading starts; never written. */
  cacheDir: string;
}

export interface DevServer {
  urlMode: string;
  groupName: string;
  sites: ServedSite[];
  /** The state pages are served from now. */
  state(): DevState;
  /** Resolves after the next reload has been served (tests). */
  nextReload(): Promise<DevState>;
  close(): Promise<void>;
}

type Io = { out: (s: string) => void; err: (s: string) => void };

const USAGE = '用法：npm run dev -- [--content 目录] [--port 端口] [--host 地址] [--site 站点]… [--now YYYY-MM-DD[THH:MM]] [--out 目录] [--cache 目录] [--themes 目录]';

/** The path every origin answers for the dev server's own files. */
const DEV_PATH = '/__jiyue/';
/** The live-reload script and overlay, served by `dev` only. */
const CLIENT = fs.readFileSync(path.join(import.meta.dirname, 'client.js'));
/** Wraps what the dev server adds to a page; the rest is the page the build writes. */
export const DEV_BLOCK = { start: '<!--jiyue-dev-->', end: '<!--/jiyue-dev-->' };

export function parseDevArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { options?: DevOptions; error?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...CONTENT_ARGS, port: { type: 'string' }, host: { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: `${translateArgError((error as Error).message)}\n${USAGE}` };
  }
  const shared = parseContentOptions(values, env);
  if (!shared.options) return { error: `${shared.errors.map((d) => d.message).join('；')}\n${USAGE}` };
  const port = parsePort(values.port);
  if (typeof port !== 'number') return { error: `${port.error}\n${USAGE}` };
  const host = values.host ?? PREVIEW_HOST;
  if (!/^[0-9a-zA-Z.:-]+$/.test(host)) return { error: `--host 的值 "${host}" 不是有效地址。\n${USAGE}` };
  return { options: { ...shared.options, port, host, outDir: path.resolve(values.out ?? path.join(PROJECT_ROOT, 'dist')), fixedNow: values.now !== undefined, cacheDir: cacheDirOf(values.cache, env) } };
}

function clockNow(): JiyueDate {
  const { day, time } = shanghaiParts(Date.now());
  return parseJiyueDate(`${day}T${time}+08:00`) as JiyueDate;
}

/** Starts the dev server; throws PreviewError when a port is taken or the group never loads. */
export async function startDev(options: DevOptions, io: Io): Promise<DevServer> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-dev-'));
  const cleanups: (() => unknown)[] = [() => fs.rmSync(work, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  };
  try {
    // In memory and in this scratch folder only: the build's cache is never written. Its sealed
    // records (when a build ran here) are where the first reading starts: an unchanged file is not
    // read and checked again.
    const stores = devStores(fs.existsSync(path.join(options.cacheDir, 'frontmatter.json')) ? readKeptRecords(options.cacheDir, cacheKey()) : {});
    const bodies = new DevBodies(path.join(work, 'bodies'), { seal: () => '', sealed: () => true });
    let generator = generatorDigest();
    const read = () => loadDevState({ ...options, now: options.fixedNow ? options.now : clockNow() }, stores, generator);
    // Watching starts before the first reading, so the watcher's list of changes since a reading
    // is complete (model/watched.ts); a save before the server is ready is reloaded once it is.
    let ready = false;
    let blindSaid = false;
    const early = new Set<string>();
    const watch = (dir: string, label: string) => {
      if (!fs.existsSync(dir)) return;
      const stop = watchTree(
        dir,
        (rel) => {
          // Every name, editors' scratch files too: a backup file is a stray file of the tree.
          if (label === 'content') stores.watched.changed(rel);
          const file = !rel ? `${label}:` : label === 'content' ? rel : `${label}:${rel}`;
          // Editors' swap and backup files are not content: no reload for them.
          if (rel && /(^|\/)(\.[^/]*\.sw[a-p]|[^/]*~|\.#[^/]*|4913)$/.test(rel)) return;
          if (ready) schedule(file);
          else early.add(file);
        },
        () => {
          if (label === 'content') stores.watched.blind();
          if (blindSaid) return;
          blindSaid = true;
          io.err(
            `有目录无法监视（${label === 'content' ? '内容目录' : '主题目录'}中；通常是系统的文件监视数上限）：那里的保存可能不会自动刷新，之后每次重新读取都逐个检查全部文件，预览会慢一些。` +
              'Linux 上可以提高上限：sudo sysctl fs.inotify.max_user_watches=524288，然后重新运行 npm run dev。\n',
          );
        },
      );
      cleanups.push(stop);
    };
    watch(options.contentDir, 'content');
    watch(options.themesDir, 'themes');
    let state = await read();
    if (!state.model) {
      printDiagnostics(state.diagnostics, io.err);
      throw new PreviewError('网站群的配置有错误，无法预览。请按上面的提示修改后重新运行 npm run dev。');
    }
    printFindings(state.diagnostics, io);
    (globalThis as Record<symbol, unknown>)[DEV_RENDER] = () => state.render;
    cleanups.push(() => delete (globalThis as Record<symbol, unknown>)[DEV_RENDER]);
    const astro = await startAstroDev(work);
    cleanups.push(() => astro.stop());

    const model = state.model;
    const portal = model.group.portal;
    const served = model.selectedSites.map((id) => model.siteById.get(id)!).sort((a, b) => Number(b.id === portal) - Number(a.id === portal));
    const addresses: SiteAddress[] = served.map((s) => ({ id: s.id, name: s.config.name, kind: s.config.kind, status: s.config.status, domain: s.config.domain, url: model.urls.absolute(s.id, '') }));
    let version = 1;
    const clients = new Set<http.ServerResponse>();
    /** Each page URL's content file, as last seen: a file that stops parsing shows its findings there. */
    const lastSource = new Map<string, string>();
    const waiting: ((s: DevState) => void)[] = [];

    const pageHtml = async (siteId: string, at: DevPage, status = 200): Promise<Served> => {
      const { model: unitModel, unit } = state.render!.units[at.unitIndex];
      const page = at.page;
      const findings = pageFindings(state, siteId, page.file);
      if (page.type === 'entry') {
        const entry = state.model!.entryById.get(page.entryId)!;
        if (entry.renderAs === 'markdown') {
          const found = await bodyOf(state, at.unitIndex, entry, bodies, generator);
          // The content rules may have said the same of the same place already.
          const seen = new Set(findings.map((d) => `${d.ruleId}\0${d.file}\0${d.line}\0${d.column}`));
          findings.push(...found.filter((d) => !seen.has(`${d.ruleId}\0${d.file}\0${d.line}\0${d.column}`)));
          if (!unit.bodies[entry.id]) return errorPage(`${entry.source} 的正文无法渲染，原因见下面的提示。`, version, 500, findings);
        }
      }
      const from = page.script === 'hant' ? state.site(siteId)!.pages.get(page.convertedFrom!)!.page : page;
      const r = await renderOrFail(from.param);
      if (r.failed) return errorPage(r.failed, version, status === 404 ? 404 : 500, findings);
      const html = page.script === 'hant' ? traditionalPage(unitModel, unit.id, page, r.html) : r.html;
      // The group's severities (group.yaml `rules:`): the whole model's; a slice carries none.
      findings.push(...applyRuleOverrides(checkPage(unitModel, page, html), state.model!.ruleOverrides));
      const notes = page.type === 'search' ? [searchNote(options.outDir, unit.folder)] : [];
      return { body: Buffer.from(withDevBlock(html, findings, notes, version, countBySeverity(state.diagnostics))), type: 'text/html; charset=utf-8', status };
    };
    const renderOrFail = async (param: string): Promise<{ html: string; failed?: string }> => {
      const r = await astro.render(param);
      if (r.status === 200) return { html: r.html };
      return { html: '', failed: `页面渲染失败（Astro 返回 ${r.status}）。终端里有详细信息；这通常是生成器本身的问题，请把终端输出报告给维护人员。` };
    };
    const errorPage = (message: string, v: number, status: number, findings: readonly Diagnostic[] = []): Served => ({
      body: Buffer.from(withDevBlock(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>无法预览</title></head><body><main><h1>无法预览这个页面</h1><p>${escapeHtml(message)}</p></main></body></html>`, findings, [], v, countBySeverity(state.diagnostics))),
      type: 'text/html; charset=utf-8',
      status,
    });

    const servers = await startSiteServers(addresses, { portal, port: options.port, host: options.host }, {
      reply: async (siteId, rest) => {
        if (!state.model) return errorPage('网站群的配置有错误，改正后页面会自动刷新。', version, 500, state.diagnostics.filter((d) => d.severity === 'error'));
        const key = `${siteId}\0${rest}`;
        const site = state.site(siteId);
        if (!site) return errorPage(`站点 ${siteId} 现在没有页面（它的 site.yaml 有错误，或已不在网站群中）。`, version, 500, state.diagnostics.filter((d) => d.siteId === siteId && d.severity === 'error'));
        if (rest.startsWith('assets/')) {
          const asset = site.assets.get(rest.slice('assets/'.length));
          // Named by their bytes (plan/assets.ts): a reloaded page takes them from the browser's cache.
          return asset ? { body: asset.bytes, type: contentType(asset.file), immutable: true } : undefined;
        }
        if (SEARCH_BUNDLES.some((b) => rest.startsWith(b))) return lastBuildFile(options.outDir, site.unit.folder, rest);
        const file = rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest;
        const at = site.pages.get(file);
        if (at) {
          const source = site.sources.get(file);
          if (source) lastSource.set(key, source);
          const served = await pageHtml(siteId, at);
          collectOnce();
          return served;
        }
        if (site.pages.has(`${rest}/index.html`)) return 'slash';
        const source = site.files.get(rest);
        if (source) {
          const abs = path.join(state.model.contentDir, ...source.split('/'));
          const stat = fs.statSync(abs, { throwIfNoEntry: false });
          return stat?.isFile() ? { file: abs, stat } : undefined;
        }
        // A page that was here: its file no longer gives a page (it does not parse, or was held back).
        const was = lastSource.get(key);
        const why = was ? state.diagnostics.filter((d) => d.file === was) : [];
        if (was && why.length) return errorPage(`${was} 现在不能生成页面，原因见下面的提示。改正后页面会自动刷新。`, version, 500, why);
        return undefined;
      },
      notFound: async (siteId) => {
        const at = state.site(siteId)?.pages.get('404.html');
        return at ? pageHtml(siteId, at, 404) : undefined;
      },
      special: (pathname, req, res) => {
        if (!allowedHost(req.headers.host, options.host)) {
          res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('主机名不对：请用终端里列出的本地地址打开。\n');
          return true;
        }
        if (!pathname.startsWith(DEV_PATH)) return false;
        if (pathname === `${DEV_PATH}dev.js`) {
          res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': CLIENT.length });
          res.end(req.method === 'HEAD' ? undefined : CLIENT);
          return true;
        }
        if (pathname === `${DEV_PATH}events`) {
          res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
          // A page rendered before the latest change reloads at once.
          const seen = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('v'));
          res.write(seen && seen !== version ? `event: reload\ndata: ${version}\n\n` : `: ${version}\n\n`);
          clients.add(res);
          req.on('close', () => clients.delete(res));
          return true;
        }
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('没有这个文件。\n');
        return true;
      },
    });
    cleanups.push(() => servers.close());
    cleanups.push(() => {
      for (const c of clients) c.end();
      clients.clear();
    });

    // Every save: read the group again, then tell the open pages. Saves during a reload are taken by the next one.
    let changed = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let sourceChanged = false;
    /** `quiet`: a reading with nothing to tell (the warm-up below): no new version, no event, no report. */
    let readingNow = false;
    const reload = async (quiet = false) => {
      if (quiet && (changed.size || sourceChanged)) return;
      readingNow = true;
      try {
        await readAgain(quiet);
      } finally {
        readingNow = false;
      }
    };
    const readAgain = async (quiet: boolean) => {
      const files = quiet ? [] : [...changed];
      if (!quiet) changed = new Set();
      if (sourceChanged) {
        sourceChanged = false;
        forgetAssets();
        generator = generatorDigest();
      } else if (files.some((f) => f.startsWith('themes:'))) forgetAssets();
      const before = state;
      const next = await read();
      const known = state.model && next.model ? sameSites(state, next) : true;
      state = next.model ? next : { ...next, render: state.render, params: state.params, site: state.site };
      if (!next.model) state.model = undefined;
      if (!quiet) version++;
      // Astro lists the routes again only when there are other pages (or other trusted MDX):
      // a page renders from the current state whatever its listed props (unit-job.ts `RenderJob.routed`).
      const mdx = files.some((f) => f.endsWith('.mdx'));
      if (mdx || !sameList(before.params, state.params)) await astro.refresh(mdx);
      if (quiet) return;
      // The open pages first: the terminal can wait.
      for (const c of clients) c.write(`event: reload\ndata: ${version}\n\n`);
      reportChange(files, next, io);
      if (!known) io.out('站点有增减或地址改变：请重启 npm run dev 以更新上面的站点表。\n');
      for (const w of waiting.splice(0)) w(state);
      collectPending = true;
    };
    // A large group's memory: once the first page after a reading has been rendered, a full
    // collection when the process has grown past COLLECT_ABOVE. A reading makes a group's worth of
    // short-lived objects, and V8 would otherwise let the heap grow by that much again before
    // collecting (a 50,000-page group peaked at 2.2–2.4 GB with a live heap of about 250 MB). Below
    // the mark nothing is done: a collection makes the next reading slower (the heap is smaller).
    // Never during a reading or with a save waiting: the next reading would wait for it.
    let collectPending = false;
    const collectOnce = () => {
      if (!collectPending) return;
      collectPending = false;
      setImmediate(() => {
        if (!readingNow && changed.size === 0 && process.memoryUsage.rss() > COLLECT_ABOVE) fullCollection();
      });
    };
    const schedule = (file: string) => {
      changed.add(file);
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = (running ?? Promise.resolve()).then(() => reload()).catch((error) => io.err(`重新读取失败：${(error as Error).stack ?? error}\n`));
        // One save is a few events within a millisecond or two (a temporary file renamed over the old one).
      }, 10);
    };
    ready = true;
    for (const file of early) schedule(file);
    astro.onSourceChange((file) => {
      if (!file.startsWith(path.join(PROJECT_ROOT, 'src') + path.sep)) return;
      sourceChanged = true;
      schedule(`src:${path.relative(PROJECT_ROOT, file)}`);
    });
    cleanups.push(() => clearTimeout(timer));

    // Vite compiles the views on the first request: do it now, not on the editor's first page.
    const home = state.site(portal)?.pages.get('index.html');
    if (home) await astro.render(home.page.param);
    // The first save after starting took about twice as long as the others (the reading's code not
    // yet optimised by V8): two quiet readings now, while the editor opens a page, warm it up. A save
    // meanwhile waits for them and then is read as always.
    running = (running ?? Promise.resolve())
      .then(() => reload(true))
      .then(() => reload(true))
      .catch((error) => io.err(`重新读取失败：${(error as Error).stack ?? error}\n`));

    let closing: Promise<void> | undefined;
    return {
      urlMode: model.group.urlMode,
      groupName: model.group.name,
      sites: servers.sites,
      state: () => state,
      nextReload: () => new Promise((resolve) => waiting.push(resolve)),
      close: () => (closing ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The findings shown on a page: its content file's, its site's and the group's configuration, the body's. */
function pageFindings(state: DevState, siteId: string, file: string): Diagnostic[] {
  const source = state.site(siteId)?.sources.get(file);
  const site = `${siteId}/site.yaml`;
  return state.diagnostics.filter((d) => (source !== undefined && d.file === source) || d.file === site || d.file === 'group.yaml' || (d.siteId === siteId && d.file === undefined && !d.page));
}

function searchNote(outDir: string, folder: string): string {
  const manifest = path.join(outDir, 'manifest.json');
  const bundle = path.join(outDir, 'sites', ...folder.split('/'), SEARCH_BUNDLES[0]);
  const stat = fs.statSync(manifest, { throwIfNoEntry: false });
  if (!stat || !fs.existsSync(bundle)) return `这里还没有可用的搜索索引（${outDir} 中没有构建结果）：运行 npm run build 后，搜索使用那次构建的索引。`;
  const { day, time } = shanghaiParts(stat.mtimeMs);
  return `搜索使用上次构建（${day} ${time}，${outDir}）的索引：之后的改动要重新构建才搜得到。`;
}

/** A file of the last build's search index for the site, if there is one. */
function lastBuildFile(outDir: string, folder: string, rest: string): Served | undefined {
  const root = path.join(outDir, 'sites', ...folder.split('/'));
  const file = path.join(root, ...rest.split('/').filter(Boolean));
  if (!file.startsWith(root + path.sep)) return undefined;
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? { file, stat } : undefined;
}

function sameSites(a: DevState, b: DevState): boolean {
  const key = (s: DevState) => s.model!.selectedSites.map((id) => `${id}@${s.model!.urls.absolute(id, '')}`).join(',');
  return key(a) === key(b);
}

function allowedHost(host: string | undefined, listening: string): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '::1' || name === listening || listening === '0.0.0.0' || listening === '::';
}

function contentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return ext === '.css' ? 'text/css; charset=utf-8' : ext === '.js' ? 'text/javascript; charset=utf-8' : ext === '.svg' ? 'image/svg+xml; charset=utf-8' : ext === '.png' ? 'image/png' : ext === '.jpg' || ext === '.jpeg' ? 'image/jpeg' : ext === '.webp' ? 'image/webp' : ext === '.gif' ? 'image/gif' : 'application/octet-stream';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the overlay shows of one finding: the lines `npm run check` prints. */
export interface OverlayFinding {
  severity: 'error' | 'warning';
  location: string;
  ruleId: string;
  message: string;
  hint: string;
}

/**
 * The page with the dev server's block before `</body>`: the findings as JSON (every `<` escaped,
 * so no text of the content can end the script element) and the client script, which shows
 * them with textContent only.
 */
export function withDevBlock(html: string, findings: readonly Diagnostic[], notes: readonly string[], version: number, totals: { errors: number; warnings: number }): string {
  const data = {
    version,
    totals,
    notes,
    findings: sortDiagnostics(findings).map((d): OverlayFinding => ({ severity: d.severity, location: d.page ? `${d.page}（页面规范）` : formatLocation(d), ruleId: d.ruleId, message: d.message, hint: d.hint })),
  };
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const block = `${DEV_BLOCK.start}<script type="application/json" id="jiyue-dev-data">${json}</script><script src="${DEV_PATH}dev.js"></script>${DEV_BLOCK.end}`;
  const at = html.lastIndexOf('</body>');
  return at === -1 ? html + block : html.slice(0, at) + block + html.slice(at);
}

function printFindings(list: readonly Diagnostic[], io: Io): void {
  if (list.length) printDiagnostics(list, io.err);
}

/** The dev server's size from which a reading's garbage is collected at once (docs/performance.md: 10,000 pages stay near 0.9 GB). */
const COLLECT_ABOVE = 1.5 * 2 ** 30;

/** A full garbage collection (V8's, as `node --expose-gc` gives it), made available the first time it is needed. */
let gc: (() => void) | undefined;
function fullCollection(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Whether two lists hold the same strings in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Once per change: what changed, the findings of the changed files, and the group's totals. */
function reportChange(files: readonly string[], state: DevState, io: Io): void {
  const { time } = shanghaiParts(Date.now());
  const shown = files.filter((f) => !f.endsWith(':')).slice(0, 5);
  const steps = `读取 ${Math.round(state.steps.load)}，规则 ${Math.round(state.steps.check)}，计划 ${Math.round(state.steps.plan)}`;
  io.out(`[${time}] 已重新读取（${Math.round(state.ms)} 毫秒：${steps}）：${shown.join('、') || '内容目录'}${files.length > shown.length ? ` 等 ${files.length} 个文件` : ''}\n`);
  const mine = state.diagnostics.filter((d) => d.file !== undefined && files.includes(d.file));
  const groupErrors = state.model ? [] : state.diagnostics.filter((d) => d.severity === 'error');
  for (const d of sortDiagnostics([...mine, ...groupErrors])) io.err(`${formatDiagnostic(d)}\n`);
  const { errors, warnings } = countBySeverity(state.diagnostics);
  io.out(`  网站群共 ${errors} 个错误，${warnings} 个警告${errors ? '（有错误的内容不会发布：npm run build 会失败）' : ''}。\n`);
}

export async function runDev(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  const { options, error } = parseDevArgs(argv);
  if (!options) {
    io.err(`错误：${error}\n`);
    return 2;
  }
  let server: DevServer;
  try {
    server = await startDev(options, io);
  } catch (e) {
    if (e instanceof PreviewError) {
      io.err(`错误：${e.message}\n`);
      return 1;
    }
    throw e;
  }
  io.out(
    [
      `实时预览：${server.groupName}，${server.sites.length} 个站点，${urlModeLabel(server.urlMode)}`,
      '',
      ...siteTable(server.sites),
      '',
      '保存内容、site.yaml、group.yaml 或主题后，打开的页面会自动刷新；页面的问题显示在页面右下角。',
      '提交前请运行 npm run check。按 Ctrl-C 停止。',
      '',
    ].join('\n'),
  );
  return untilStopped(server.close, io, '实时预览');
}
