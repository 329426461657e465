/**
 * The search stage of the build: after the layout step, before the manifest.
 *
 * 1. Every rendered site gets its own Pagefind bundle in `sites/<siteId>/pagefind/`, built from
 *    its HTML files (only `data-pagefind-body` content: the article, never header, footer or
 *    navigation). The bundle works standalone at the site's domain.
 * 2. The portal gets a group-wide bundle in `sites/<portal>/pagefind-group/`: one small record
 *    per page of every site (archived sites included) — title, metadata, filters and the first
 *    `groupContentChars` characters of the text — so a group search loads one index, not one per
 *    site. Why not full text, and why not `mergeIndex`: docs/performance.md.
 *
 * Every Pagefind call's `errors` is checked; any error becomes a SEARCH-* diagnostic (the build
 * fails and the previous output stays). The Pagefind service is always closed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { siteFolderPath } from '../build/site-files.ts';
import { pagesOfSite } from '../lib/site-pages.ts';
import { routes, Urls } from '../urls/urls.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { FILTERS, TITLE_WEIGHT } from './record.ts';
import { CLIENT_SCRIPT, CLIENT_STYLE, GROUP_BUNDLE, groupShardCount, groupShardPages, publishedCount, searchableSiteIds, SITE_BUNDLE } from './paths.ts';

const CLIENT_DIR = path.join(import.meta.dirname, 'client');

/** Pagefind's language for every page: one index, whatever a page's `lang` says. */
export const SEARCH_LANGUAGE = 'zh-cn';

export interface SearchIndexOptions {
  /**
   * Most fragment files per bundle: above it Pagefind packs several pages' fragments into one
   * file, so a 5,000-page site does not add 5,000 files. Default 1,000 (`JIYUE_SEARCH_MAX_FRAGMENTS` overrides it, for benchmarks).
   */
  maxFragments?: number;
  /**
   * Characters of each page's text kept in the group index (title and metadata always). Default
   * 300; the environment variable `JIYUE_SEARCH_GROUP_CHARS` overrides it (for benchmarks).
   */
  groupContentChars?: number;
  /** Build the group index (when the portal is rendered). Default true. */
  group?: boolean;
  /** Site indexes built at the same time. Default 2. */
  concurrency?: number;
}

export interface BundleStats {
  /** Site id, or `group`. */
  id: string;
  /** Pages in the index. */
  pages: number;
  /** Files written (the bundle's file count on the static host). */
  files: number;
  /** Bytes written. */
  bytes: number;
  /** Wall time of this bundle, seconds. */
  seconds: number;
  /** Group index only: the number of shards (separate bundles merged in the browser). */
  shards?: number;
}

export interface SearchIndexResult {
  diagnostics: Diagnostic[];
  sites: BundleStats[];
  group?: BundleStats;
  /** Peak RSS of the Pagefind process while indexing the sites / the group, bytes (Linux; 0 where unknown). */
  peakSitesBytes: number;
  peakGroupBytes: number;
  /** Wall time of the whole stage, seconds. */
  seconds: number;
}

/** Bundle files the search page does not use (Pagefind's own UIs, highlight script, playground). */
const UNUSED = /^(pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)|playground\/)/;

/** One decoded page of a site bundle, as the group index needs it. */
interface PageRecord {
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

export async function buildSearchIndexes(model: RuntimeModel, staging: string, options: SearchIndexOptions = {}): Promise<SearchIndexResult> {
  const maxFragments = options.maxFragments ?? (Number(process.env.JIYUE_SEARCH_MAX_FRAGMENTS) || 1000);
  const groupChars = options.groupContentChars ?? (Number(process.env.JIYUE_SEARCH_GROUP_CHARS) || 300);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const siteIds = searchableSiteIds(model);
  const withGroup = (options.group ?? true) && siteIds.includes(model.portal.id);
  const stageStarted = performance.now();
  const result: SearchIndexResult = { diagnostics: [], sites: [], peakSitesBytes: 0, peakGroupBytes: 0, seconds: 0 };
  const fail = (scope: string, errors: string[]) => {
    for (const detail of errors) result.diagnostics.push(diagnostic('SearchIndexFailed', { scope, detail }));
    return errors.length > 0;
  };
  const pagefind = await import('pagefind');
  const groupPages = new Map<string, PageRecord[]>();

  /** One site's bundle; false when it failed (diagnostics already pushed). */
  const indexSite = async (siteId: string): Promise<boolean> => {
    const started = performance.now();
    const siteDir = siteFolderPath(model, path.join(staging, 'sites'), siteId);
    const scope = `站点 ${siteId}`;
    copyClient(siteDir);
    const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments });
    if (fail(scope, errors) || !index) return false;
    try {
      // Exactly the site's planned article and single pages (the only pages with a search body):
      // never a file found by a glob, so nothing else in the folder (an archived site laid out
      // inside it, an attachment) can reach the index.
      const files = pagesOfSite(model, model.siteById.get(siteId)!)
        .filter((p) => p.type === 'entry')
        .map((p) => Urls.outputFile(p.route));
      for (let i = 0; i < files.length; i += 200) {
        const batch = files.slice(i, i + 200).map((rel) => index.addHTMLFile({ sourcePath: rel, content: fs.readFileSync(path.join(siteDir, ...rel.split('/')), 'utf8') }));
        for (const added of await Promise.all(batch)) if (fail(scope, added.errors)) return false;
      }
      const bundle = await index.getFiles();
      if (fail(scope, bundle.errors)) return false;
      const expected = publishedCount(model, siteId);
      const written = writeBundle(bundle.files, path.join(siteDir, ...SITE_BUNDLE.split('/')));
      const pages = withGroup ? decodePages(bundle.files) : undefined;
      const indexed = pages ? pages.length : countPages(bundle.files);
      if (indexed !== expected) {
        result.diagnostics.push(diagnostic('SearchIndexIncomplete', { siteId, expected, indexed }, { siteId }));
        return false;
      }
      if (pages) groupPages.set(siteId, pages);
      result.sites.push({ id: siteId, pages: indexed, ...written, seconds: (performance.now() - started) / 1000 });
      return true;
    } finally {
      await index.deleteIndex();
    }
  };

  /** One shard of the group index, in its own Pagefind process (so its peak memory is its own). */
  const indexShard = async (n: number, pages: PageRecord[]): Promise<boolean> => {
    await pagefind.close();
    const started = performance.now();
    const scope = `网站群（门户）第 ${n + 1} 部分`;
    const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments });
    if (fail(scope, errors) || !index) return false;
    try {
      const portal = model.portal.id;
      // Sent in batches: the service works on messages concurrently; one round trip each is slow.
      for (let i = 0; i < pages.length; i += 200) {
        const batch = pages
          .slice(i, i + 200)
          .map((p) => index.addHTMLFile({ url: model.urls.href(portal, p.meta.siteId, p.meta.route), content: groupRecordHtml(p, groupChars) }));
        for (const added of await Promise.all(batch)) if (fail(scope, added.errors)) return false;
      }
      const files = await index.getFiles();
      if (fail(scope, files.errors)) return false;
      const written = writeBundle(files.files, path.join(staging, 'sites', portal, ...GROUP_BUNDLE.split('/'), String(n)));
      const g = (result.group ??= { id: 'group', pages: 0, files: 0, bytes: 0, seconds: 0, shards: 0 });
      g.pages += pages.length;
      g.files += written.files;
      g.bytes += written.bytes;
      g.seconds += (performance.now() - started) / 1000;
      g.shards = (g.shards ?? 0) + 1;
      result.peakGroupBytes = Math.max(result.peakGroupBytes, pagefindPeakRss());
      return true;
    } finally {
      await index.deleteIndex();
    }
  };

  try {
    // A few sites at a time: Pagefind is partly single-threaded per index, and the machine has cores to spare.
    const queue = [...siteIds];
    let ok = true;
    const worker = async () => {
      while (ok && queue.length) if (!(await indexSite(queue.shift()!))) ok = false;
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    result.sites.sort((a, b) => siteIds.indexOf(a.id) - siteIds.indexOf(b.id));
    result.peakSitesBytes = pagefindPeakRss();
    if (ok && withGroup) {
      const all = siteIds.flatMap((id) => [siteCard(model, id), ...(groupPages.get(id) ?? [])]);
      const shards = groupShardCount(model);
      const size = Math.ceil(all.length / shards);
      // The search page was rendered with the same shard count (paths.ts); both count published pages.
      if (size > groupShardPages()) throw new Error(`group index shard of ${size} pages exceeds ${groupShardPages()}`);
      for (let n = 0; n < shards; n++) if (!(await indexShard(n, all.slice(n * size, (n + 1) * size)))) break;
    }
  } catch (error) {
    result.diagnostics.push(diagnostic('SearchIndexFailed', { scope: '搜索索引', detail: error instanceof Error ? error.message : String(error) }));
  } finally {
    await pagefind.close();
  }
  result.seconds = (performance.now() - stageStarted) / 1000;
  // For `npm run bench`: the numbers behind docs/performance.md.
  const statsFile = process.env.JIYUE_SEARCH_STATS;
  if (statsFile) fs.writeFileSync(statsFile, JSON.stringify({ ...result, diagnostics: undefined, groupContentChars: groupChars, maxFragments }));
  return result;
}

function copyClient(siteDir: string): void {
  const assets = path.join(siteDir, ...routes.asset('').split('/'));
  fs.mkdirSync(assets, { recursive: true });
  fs.copyFileSync(path.join(CLIENT_DIR, CLIENT_SCRIPT), path.join(assets, CLIENT_SCRIPT));
  fs.copyFileSync(path.join(CLIENT_DIR, CLIENT_STYLE), path.join(assets, CLIENT_STYLE));
}

function writeBundle(files: { path: string; content: Uint8Array }[], dir: string): { files: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const f of files) {
    const rel = f.path.split(path.sep).join('/');
    if (UNUSED.test(rel)) continue;
    const dest = path.join(dir, ...rel.split('/'));
    if (!dest.startsWith(dir + path.sep)) throw new Error(`Pagefind file outside its bundle: ${f.path}`);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, f.content);
    count++;
    bytes += f.content.byteLength;
  }
  return { files: count, bytes };
}

/** Pages in a bundle, from its meta file's page count (pagefind-entry.json). */
function countPages(files: { path: string; content: Uint8Array }[]): number {
  const entry = files.find((f) => f.path === 'pagefind-entry.json');
  if (!entry) return 0;
  const json = JSON.parse(Buffer.from(entry.content).toString('utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(json.languages).reduce((n, l) => n + l.page_count, 0);
}

/**
 * The pages of a site bundle, read back from its fragment files (gzip, `pagefind_dcd` + JSON;
 * grouped files hold an object of fragments). Pagefind 1.6 format, pinned in package.json.
 */
function decodePages(files: { path: string; content: Uint8Array }[]): PageRecord[] {
  const out: PageRecord[] = [];
  for (const f of files) {
    if (!f.path.startsWith('fragment/')) continue;
    const text = zlib.gunzipSync(f.content).toString('utf8');
    const json = JSON.parse(text.slice(text.indexOf('{'))) as Record<string, unknown>;
    const fragments = typeof json.url === 'string' ? [json] : Object.values(json);
    for (const raw of fragments as { content: string; meta: Record<string, string>; filters: Record<string, string[]> }[]) {
      out.push({ content: raw.content.replace(/\u200b/g, ''), meta: raw.meta, filters: raw.filters });
    }
  }
  return out;
}

/**
 * A site's own record in the group index, linking to its home page: people search for a
 * department by its name or short name (市公积金中心) and expect the department's site.
 */
function siteCard(model: RuntimeModel, siteId: string): PageRecord {
  const site = model.siteById.get(siteId)!;
  const c = site.config;
  const shortName = c.shortName ?? c.name;
  const archived = c.status === 'archived' ? c.archive?.date.day : undefined;
  const columns = c.columns.map((col) => col.name).join('、');
  return {
    content: `${c.name}（${shortName}）网站。主办单位：${c.sponsor}。栏目：${columns}。`,
    meta: { title: shortName === c.name ? c.name : `${c.name}（${shortName}）`, siteId, route: '', site: c.name, ...(archived ? { archived } : {}) },
    filters: { [FILTERS.site]: [shortName], [FILTERS.archived]: [archived ? '是' : '否'] },
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A page's record in the group index, as a tiny HTML document so Pagefind weighs the title (h1)
 * above the text, exactly as in the site's own index.
 */
export function groupRecordHtml(p: PageRecord, chars: number): string {
  const title = p.meta.title ?? '';
  // The fragment text starts with the title (the article's h1); do not count it twice.
  let text = p.content.startsWith(title) ? p.content.slice(title.length).replace(/^[.\s]+/, '') : p.content;
  if (text.length > chars) text = text.slice(0, chars);
  const spans = [
    ...Object.entries(p.filters).flatMap(([k, vs]) => vs.map((v) => `<span data-pagefind-filter="${esc(k)}[data-value]" data-value="${esc(v)}"></span>`)),
    ...Object.entries(p.meta).filter(([k]) => k !== 'title').map(([k, v]) => `<span data-pagefind-meta="${esc(k)}[data-value]" data-value="${esc(v)}"></span>`),
    p.meta.date ? `<span data-pagefind-sort="date[data-value]" data-value="${esc(p.meta.date)}"></span>` : '',
  ];
  return `<!doctype html><html lang="zh-CN"><body><main data-pagefind-body><h1 data-pagefind-meta="title" data-pagefind-weight="${TITLE_WEIGHT}">${esc(title)}</h1><div hidden>${spans.join('')}</div><p>${esc(text)}</p></main></body></html>`;
}

/** Peak resident memory of the running Pagefind service process (VmHWM), 0 where unknown. */
function pagefindPeakRss(): number {
  try {
    const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    let peak = 0;
    for (const pid of children) {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s*pagefind/m.test(status)) continue;
      const kb = Number(/^VmHWM:\s*(\d+)/m.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    }
    return peak;
  } catch {
    return 0;
  }
}

/** The build step's one-line summary. */
export function formatSearchTitle(r: SearchIndexResult): string {
  const pages = r.sites.reduce((n, s) => n + s.pages, 0);
  const files = r.sites.reduce((n, s) => n + s.files, 0);
  const group = r.group ? `；网站群索引 ${r.group.pages} 页、${r.group.shards} 部分、${r.group.files} 个文件` : '';
  return `生成搜索索引：${r.sites.length} 个站点 ${pages} 页、${files} 个文件${group}（${r.seconds.toFixed(1)} 秒）`;
}
