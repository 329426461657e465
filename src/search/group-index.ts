/**
 * The portal's group index (`pagefind-group/`): every site's own bundle merged into one
 * (merge-bundles.ts), plus one record per site (its "card": people search for a department by
 * its name and expect its site). The sites' words, weights, filters and sort keys are kept as
 * the sites' indexes have them, so the group search finds what every site search finds, ranked
 * the same way; one index load serves the whole group (docs/search.md). With `reuse` (the
 * build cache's `group/`), files whose content did not change are not compressed again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { countPages, SEARCH_LANGUAGE, writeBundle, type BundleStats } from './index-unit.ts';
import { partDirOf, writeGroupPart, type GroupPart } from './group-part.ts';
import { StartedWorker } from '../lib/workers.ts';
import { BundleFormatError } from './bundle-read.ts';
import type { BundleSource } from './merge-bundles.ts';
import type { MergeJob, MergeMessage, MergeReply, MergeStart } from './merge-worker.ts';
import { precompress } from '../lib/precompress.ts';
import { GROUP_FRAGMENT_PAGES, GROUP_PREFETCH_BYTES } from './limits.ts';
import { SITE_BUNDLE } from './paths.ts';
import { FILTERS, TITLE_WEIGHT } from './record.ts';
import { isArchivedSite } from '../lifecycle/status.ts';
import { ID_LOOKUP, idLookup } from './ids.ts';
import { routes } from '../urls/urls.ts';
import { mergePinyinLookups, PINYIN_LOOKUP, type PinyinLookup } from './pinyin.ts';

/**
 * A site bundle to merge: the site, its folder (which holds `pagefind/`) and the part of the
 * group index its unit worker wrote beside it (group-part.ts; every searchable unit has one).
 */
export interface SiteBundle {
  siteId: string;
  dir: string;
  part?: GroupPart;
}

/** What a group-index record is made of (a site card). */
interface PageRecord {
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/**
 * The group merge's thread (merge-worker.ts), started before the units are built: it reads the
 * words of each site bundle it is told is final while the pipeline builds the others, up to
 * GROUP_PREFETCH_BYTES, so the merge after the units mostly merges. Hand it to buildGroupIndex,
 * or close it.
 */
export class GroupMerge {
  readonly #thread = new StartedWorker<MergeMessage, MergeReply>(new URL('./merge-worker.ts', import.meta.url), { budget: GROUP_PREFETCH_BYTES } satisfies MergeStart, '合并网站群搜索索引');

  /** Site folders (holding `pagefind/`) whose bundles will not change before the merge. */
  readAhead(siteDirs: readonly string[]): void {
    if (siteDirs.length) this.#thread.post({ prefetch: siteDirs.map((dir) => path.join(dir, ...SITE_BUNDLE.split('/'))) });
  }

  run(job: MergeJob): Promise<MergeReply> {
    return this.#thread.run({ job });
  }

  close(): void {
    this.#thread.close();
  }
}

/**
 * Writes the group index into `outDir` from the sites' bundles (in the order given, the model's
 * site order); `scratch` is a folder for the cards' own small bundle. The merge runs on a worker
 * thread (merge-worker.ts; `merge`, when one was started before the units, else a new one); `whileMerging`,
 * the caller's own work, runs beside it (always, once). Diagnostics as the catalogue defines them.
 */
export async function buildGroupIndex(
  model: RuntimeModel,
  sites: readonly SiteBundle[],
  outDir: string,
  scratch: string,
  options: { maxFragments: number; reuse?: string; whileMerging?: () => void; merge?: GroupMerge },
): Promise<{ diagnostics: Diagnostic[]; stats?: BundleStats; ahead?: number }> {
  const { maxFragments } = options;
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  const scope = '网站群（门户）';
  const cardsDir = path.join(scratch, 'cards');
  const cards = cardsOf(model, sites.map((s) => s.siteId));
  // `whileMerging` runs once, whatever happens: while the merge runs on its thread, or before returning.
  let pending = options.whileMerging;
  const meanwhile = () => {
    const f = pending;
    pending = undefined;
    f?.();
  };
  const thread = options.merge ?? new GroupMerge();
  try {
    const problems = await cardsBundle(cards, cardsDir, maxFragments, options.reuse && `${options.reuse}-cards`);
    if (problems.length) return { diagnostics: problems.map((detail) => diagnostic('SearchIndexFailed', { scope, detail })) };
    // Every bundle with its part: the sites' come from their unit workers, the cards' is made here.
    const sources: BundleSource[] = [
      { dir: cardsDir, part: { dir: partDirOf(cardsDir), part: writeGroupPart(cardsDir, partDirOf(cardsDir), { groupSize: GROUP_FRAGMENT_PAGES, url: (u) => u }) } },
      ...sites.map(({ siteId, dir, part }) => {
        if (!part) throw new BundleFormatError(`站点 ${siteId} 没有网站群索引的部分（${partDirOf(dir)}）`);
        return { dir: path.join(dir, ...SITE_BUNDLE.split('/')), part: { part, dir: partDirOf(dir) } };
      }),
    ];
    // On a worker thread: the pipeline links the sites into the output meanwhile (build.ts).
    const merging = thread.run({ sources, outDir, options: { groupSize: GROUP_FRAGMENT_PAGES, reuse: options.reuse } });
    // The thread is merging: the caller's work (synchronous) goes on beside it.
    meanwhile();
    const reply = await merging;
    if ('formatError' in reply) return { diagnostics: [diagnostic('SearchIndexFailed', { scope, detail: reply.formatError })] };
    const merged = reply.result;
    // The group's identifiers (文号, 索引号), for exact matches first (ids.ts): the pages of the indexed sites.
    fs.writeFileSync(path.join(outDir, ID_LOOKUP), JSON.stringify(groupIds(model)));
    // The group's pinyin initials: the searchable sites' own lookups, merged (pinyin.ts).
    fs.writeFileSync(path.join(outDir, PINYIN_LOOKUP), JSON.stringify(mergePinyinLookups(sites.map(({ dir }) => JSON.parse(fs.readFileSync(path.join(dir, ...routes.search().split('/'), PINYIN_LOOKUP), 'utf8')) as PinyinLookup))));
    // The bundle's text files (Pagefind's client, the entry, sort, identifier and pinyin files), precompressed like the sites' files.
    const compressed = precompress(outDir, ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json', 'sort-date.json', ID_LOOKUP, PINYIN_LOOKUP].filter((f) => fs.existsSync(path.join(outDir, f))));
    return { diagnostics, stats: { id: 'group', pages: merged.pages, files: merged.files + compressed.written.length, bytes: merged.bytes, seconds: (performance.now() - started) / 1000 }, ahead: merged.ahead };
  } catch (error) {
    if (!(error instanceof BundleFormatError)) throw error;
    return { diagnostics: [diagnostic('SearchIndexFailed', { scope, detail: error.message })] };
  } finally {
    // Ended after its reply; here also when the cards or the sources failed before it got its job.
    thread.close();
    meanwhile();
    for (const d of [cardsDir, partDirOf(cardsDir)]) fs.rmSync(d, { recursive: true, force: true });
  }
}

/** Each searchable site's own record (its card), linked from the portal. */
function cardsOf(model: RuntimeModel, siteIds: readonly string[]): { url: string; content: string }[] {
  return siteIds.map((siteId) => ({ url: model.urls.href(model.portal.id, siteId, ''), content: groupRecordHtml(siteCard(model, siteId)) }));
}

/** The group's identifiers (文号, 索引号): the pages of the indexed sites. */
function groupIds(model: RuntimeModel): ReturnType<typeof idLookup> {
  const indexed = new Set(model.indexedSites);
  return idLookup(model, model.entries.filter((e) => indexed.has(e.siteId)));
}

/**
 * A digest of everything the group index is made from: each searchable site's unit fingerprint
 * (its bundle, its group part with the URLs the portal links it by, and its pinyin lookup are
 * the unit's output, and the generator is part of every fingerprint), the sites' cards, the
 * group's identifiers and the merge's settings. The same digest makes the same index.
 */
export function groupIndexInputs(model: RuntimeModel, sites: readonly { siteId: string; fingerprint: string }[], maxFragments: number): string {
  const parts = [GROUP_FRAGMENT_PAGES, maxFragments, sites.map((s) => [s.siteId, s.fingerprint]), cardsOf(model, sites.map((s) => s.siteId)), groupIds(model)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The cards' own small bundle, written to `dir` by Pagefind; `kept` (the cache) holds the last
 * one with a digest of its input, and the same cards need no Pagefind run. Returns problems.
 */
async function cardsBundle(cards: { url: string; content: string }[], dir: string, maxFragments: number, kept?: string): Promise<string[]> {
  const digest = createHash('sha256').update(JSON.stringify([maxFragments, cards])).digest('hex');
  fs.rmSync(dir, { recursive: true, force: true });
  if (kept && readText(path.join(kept, 'digest')) === digest) {
    fs.cpSync(path.join(kept, 'bundle'), dir, { recursive: true });
    return [];
  }
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments });
    if (errors.length || !index) return errors;
    try {
      for (const card of cards) {
        const added = await index.addHTMLFile(card);
        if (added.errors.length) return added.errors;
      }
      const files = await index.getFiles();
      if (files.errors.length) return files.errors;
      writeBundle(files.files, dir);
      if (countPages(files.files) !== cards.length) return [`站点记录 ${countPages(files.files)} 条，应为 ${cards.length} 条`];
    } finally {
      await index.deleteIndex();
    }
  } finally {
    await pagefind.close();
  }
  if (kept) {
    fs.rmSync(kept, { recursive: true, force: true });
    fs.cpSync(dir, path.join(kept, 'bundle'), { recursive: true });
    fs.writeFileSync(path.join(kept, 'digest'), digest);
  }
  return [];
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A site's own record in the group index, linking to its home page: people search for a
 * department by its name or short name (市公积金中心) and expect the department's site.
 */
function siteCard(model: RuntimeModel, siteId: string): PageRecord {
  const site = model.siteById.get(siteId)!;
  const c = site.config;
  const shortName = c.shortName ?? c.name;
  const archived = isArchivedSite(site) ? c.archive?.date.day : undefined;
  const columns = c.columns.map((col) => col.name).join('、');
  return {
    content: `${c.name}（${shortName}）网站。主办单位：${c.sponsor}。栏目：${columns}。`,
    meta: { title: shortName === c.name ? c.name : `${c.name}（${shortName}）`, siteId, route: '', site: c.name, ...(archived ? { archived } : {}) },
    filters: { [FILTERS.site]: [shortName], [FILTERS.archived]: [archived ? '是' : '否'] },
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A record of the group index (a site card), as a tiny HTML document so Pagefind weighs the
 * title (h1) above the text, exactly as the sites' own pages are weighed.
 */
export function groupRecordHtml(p: PageRecord): string {
  const title = p.meta.title ?? '';
  // The fragment text starts with the title (the article's h1); do not count it twice.
  const text = p.content.startsWith(title) ? p.content.slice(title.length).replace(/^[.\s]+/, '') : p.content;
  const spans = [
    ...Object.entries(p.filters).flatMap(([k, vs]) => vs.map((v) => `<span data-pagefind-filter="${esc(k)}[data-value]" data-value="${esc(v)}"></span>`)),
    ...Object.entries(p.meta).filter(([k]) => k !== 'title').map(([k, v]) => `<span data-pagefind-meta="${esc(k)}[data-value]" data-value="${esc(v)}"></span>`),
    p.meta.date ? `<span data-pagefind-sort="date[data-value]" data-value="${esc(p.meta.date)}"></span>` : '',
  ];
  return `<!doctype html><html lang="zh-CN"><body><main data-pagefind-body><h1 data-pagefind-meta="title" data-pagefind-weight="${TITLE_WEIGHT}">${esc(title)}</h1><div hidden>${spans.join('')}</div><p>${esc(text)}</p></main></body></html>`;
}
