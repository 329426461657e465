/**
 * Where the search bundles live and what the search page's script is told. Every URL comes from
 * `Urls`, so the search works the same in `domains` and `paths` mode.
 */
import type { RuntimeModel } from '../model/runtime.ts';
import { routes } from '../urls/urls.ts';
import { FILTER_ORDER, FILTERS } from './record.ts';

/** A site's own search bundle (Pagefind output), inside its folder. */
export const SITE_BUNDLE = 'pagefind/';
/** The group-wide bundle (portal only), inside the portal's folder: one Pagefind bundle per shard, `pagefind-group/<n>/`. */
export const GROUP_BUNDLE = 'pagefind-group/';
/**
 * Pages per shard of the group index. Pagefind's memory while writing an index grows with its
 * page count (docs/performance.md: about 0.15 MB per page at 300 characters), so the group index
 * is split into shards of at most this many pages, built one after another, and the portal's
 * search page merges them in the browser (`mergeIndex`): one index load per shard, not per site.
 */
export const GROUP_SHARD_PAGES = 5000;

/** `GROUP_SHARD_PAGES`, or `JIYUE_SEARCH_SHARD_PAGES` from the environment (for benchmarks). */
export function groupShardPages(): number {
  return Number(process.env.JIYUE_SEARCH_SHARD_PAGES) || GROUP_SHARD_PAGES;
}
/** The search page's script and style sheet, in every searchable site's `assets/`. */
export const CLIENT_SCRIPT = 'search.js';
export const CLIENT_STYLE = 'search.css';

/** What the search page's script reads from the page (JSON in `#jiyue-search-config`). */
export interface SearchPageConfig {
  /** `site`: this site's own pages; `group`: every site of the group (the portal). */
  scope: 'site' | 'group';
  /** URL of the Pagefind bundle folder (ends with `/`); for the group, of its first shard. */
  bundle: string;
  /** Further bundles merged into the first (the group index's other shards). */
  merge: string[];
  /** Prefix for the result URLs of a site bundle (the site's base path). */
  baseUrl: string;
  /** Home URL of each site, by id, as linked from this page: results are linked through it. */
  sites: Record<string, string>;
  /** Facets in display order; a facet shows when it has more than one value or one is chosen. */
  facets: string[];
  /** The site map of this site (suggested when nothing is found). */
  sitemapHref: string;
  /** The group search page (on the portal), for department sites; absent on the portal. */
  groupSearchHref?: string;
  /** Name of the portal, for the “search the whole group” suggestion. */
  portalName: string;
  /**
   * Pagefind ranking options. The group index keeps only the start of each page's text, so
   * term frequency and page length say little there; the title (weighted) decides. Measured on
   * the demo group's quality suite (test/search.test.ts). Default: Pagefind's own ranking.
   */
  ranking?: Record<string, number>;
}

export function searchPageConfig(model: RuntimeModel, siteId: string): SearchPageConfig {
  const u = model.urls;
  const portalId = model.portal.id;
  const isPortal = siteId === portalId;
  const sites: Record<string, string> = {};
  for (const s of model.sites) {
    if (s.config.status === 'closed') continue;
    if (isPortal || s.id === siteId) sites[s.id] = u.href(siteId, s.id, routes.home());
  }
  const shards = isPortal ? groupShardCount(model) : 0;
  const shard = (n: number) => u.href(siteId, siteId, `${GROUP_BUNDLE}${n}/`);
  return {
    scope: isPortal ? 'group' : 'site',
    bundle: isPortal ? shard(0) : u.href(siteId, siteId, SITE_BUNDLE),
    merge: Array.from({ length: Math.max(0, shards - 1) }, (_, i) => shard(i + 1)),
    baseUrl: u.basePath(siteId),
    sites,
    facets: isPortal ? [...FILTER_ORDER] : FILTER_ORDER.filter((f) => f !== FILTERS.site),
    sitemapHref: u.href(siteId, siteId, routes.sitemap()),
    groupSearchHref: isPortal ? undefined : u.href(siteId, portalId, routes.search()),
    portalName: model.portal.config.name,
    ranking: isPortal ? { termFrequency: 0, pageLength: 0 } : undefined,
  };
}

/** Articles and single pages a site publishes (each one is a page of its search index). */
export function publishedCount(model: RuntimeModel, siteId: string): number {
  const site = model.siteById.get(siteId)!;
  return site.pageEntries.length + Object.values(site.columnEntries).reduce((n, ids) => n + ids.length, 0);
}

/** Sites whose pages are searchable in this build: rendered, not closed. */
export function searchableSiteIds(model: RuntimeModel): string[] {
  return model.selectedSites.filter((id) => model.siteById.get(id)?.config.status !== 'closed');
}

/** Shards of the group index (at least one): its records are every published page plus one card per site. */
export function groupShardCount(model: RuntimeModel): number {
  const ids = searchableSiteIds(model);
  const pages = ids.reduce((n, id) => n + publishedCount(model, id), ids.length);
  return Math.max(1, Math.ceil(pages / groupShardPages()));
}

/** JSON that is safe inside a `<script type="application/json">` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
