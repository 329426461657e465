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
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { renderedSiteIds } from '../lib/site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { routes } from '../urls/urls.ts';
import { CLIENT_SCRIPT, CLIENT_STYLE, GROUP_BUNDLE, SITE_BUNDLE } from './paths.ts';

const CLIENT_DIR = path.join(import.meta.dirname, 'client');

/** Pagefind's language for every page: one index, whatever a page's `lang` says. */
export const SEARCH_LANGUAGE = 'zh-cn';

export interface SearchIndexOptions {
  /**
   * Most fragment files per bundle: above it Pagefind packs several pages' fragments into one
   * file, so a 5,000-page site does not add 5,000 files. Default 1,000.
   */
  maxFragments?: number;
  /** Characters of each page's text kept in the group index (title and metadata always). Default 300. */
  groupContentChars?: number;
  /** Build the group index (when the portal is rendered). Default true. */
  group?: boolean;
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
}

export interface SearchIndexResult {
  diagnostics: Diagnostic[];
  sites: BundleStats[];
  group?: BundleStats;
  /** Peak RSS of the Pagefind process while indexing the sites / the group, bytes (Linux; 0 where unknown). */
  peakSitesBytes: number;
  peakGroupBytes: number;
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
  const maxFragments = options.maxFragments ?? 1000;
  const groupChars = options.groupContentChars ?? 300;
  const siteIds = renderedSiteIds(model);
  const withGroup = (options.group ?? true) && siteIds.includes(model.portal.id);
  const result: SearchIndexResult = { diagnostics: [], sites: [], peakSitesBytes: 0, peakGroupBytes: 0 };
  const fail = (scope: string, errors: string[]) => {
    for (const detail of errors) result.diagnostics.push(diagnostic('SearchIndexFailed', { scope, detail }));
    return errors.length > 0;
  };
  const pagefind = await import('pagefind');
  const groupPages: PageRecord[] = [];
  try {
    for (const siteId of siteIds) {
      const started = performance.now();
      const siteDir = path.join(staging, 'sites', siteId);
      const scope = `站点 ${siteId}`;
      copyClient(siteDir);
      const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments });
      if (fail(scope, errors) || !index) return result;
      try {
        const added = await index.addDirectory({ path: siteDir, glob: '**/*.html' });
        if (fail(scope, added.errors)) return result;
        const files = await index.getFiles();
        if (fail(scope, files.errors)) return result;
        const expected = publishedCount(model, siteId);
        const written = writeBundle(files.files, path.join(siteDir, ...SITE_BUNDLE.split('/')));
        const pages = withGroup ? decodePages(files.files) : undefined;
        const indexed = pages ? pages.length : countPages(files.files);
        if (indexed !== expected) {
          result.diagnostics.push(diagnostic('SearchIndexIncomplete', { siteId, expected, indexed }, { siteId }));
          return result;
        }
        if (pages) groupPages.push(...pages);
        result.sites.push({ id: siteId, pages: indexed, ...written, seconds: (performance.now() - started) / 1000 });
      } finally {
        await index.deleteIndex();
      }
    }
    result.peakSitesBytes = pagefindPeakRss();
    if (withGroup) {
      // A fresh service, so the group index's own peak memory can be measured.
      await pagefind.close();
      const started = performance.now();
      const scope = '网站群（门户）';
      const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments });
      if (fail(scope, errors) || !index) return result;
      try {
        const portal = model.portal.id;
        // Sent in batches: the service handles messages concurrently, one round trip each is slow.
        for (let i = 0; i < groupPages.length; i += 200) {
          const batch = groupPages
            .slice(i, i + 200)
            .map((p) => index.addHTMLFile({ url: model.urls.href(portal, p.meta.siteId, p.meta.route), content: groupRecordHtml(p, groupChars) }));
          for (const added of await Promise.all(batch)) if (fail(scope, added.errors)) return result;
        }
        const files = await index.getFiles();
        if (fail(scope, files.errors)) return result;
        const written = writeBundle(files.files, path.join(staging, 'sites', portal, ...GROUP_BUNDLE.split('/')));
        result.group = { id: 'group', pages: groupPages.length, ...written, seconds: (performance.now() - started) / 1000 };
        result.peakGroupBytes = pagefindPeakRss();
      } finally {
        await index.deleteIndex();
      }
    }
  } catch (error) {
    result.diagnostics.push(diagnostic('SearchIndexFailed', { scope: '搜索索引', detail: error instanceof Error ? error.message : String(error) }));
  } finally {
    await pagefind.close();
  }
  return result;
}

/** Articles and single pages a site publishes: each must be in its index. */
function publishedCount(model: RuntimeModel, siteId: string): number {
  const site = model.siteById.get(siteId)!;
  return site.pageEntries.length + Object.values(site.columnEntries).reduce((n, ids) => n + ids.length, 0);
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
  return `<!doctype html><html lang="zh-CN"><body><main data-pagefind-body><h1 data-pagefind-meta="title">${esc(title)}</h1><div hidden>${spans.join('')}</div><p>${esc(text)}</p></main></body></html>`;
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
  const seconds = r.sites.reduce((n, s) => n + s.seconds, 0) + (r.group?.seconds ?? 0);
  const group = r.group ? `；网站群索引 ${r.group.pages} 页、${r.group.files} 个文件` : '';
  return `生成搜索索引：${r.sites.length} 个站点 ${pages} 页、${files} 个文件${group}（${seconds.toFixed(1)} 秒）`;
}
