/**
 * Where the search bundles live and what the search page's script is told. Every URL comes from
 * `Urls`, so the search works the same in `domains` and `paths` mode.
 */
import type { SharedModel } from '../model/runtime.ts';
import { routes } from '../urls/urls.ts';
import { FILTER_ORDER, FILTERS } from './record.ts';
import { isClosedSite } from '../lifecycle/status.ts';
import { ID_LOOKUP } from './ids.ts';
import { PINYIN_LOOKUP } from './pinyin.ts';

/** A site's own search bundle (Pagefind output), inside its folder. */
export const SITE_BUNDLE = routes.searchBundle();
/** The group-wide bundle (portal only), inside the portal's folder: the sites' bundles merged (group-index.ts). */
export const GROUP_BUNDLE = routes.groupSearchBundle();

/** What the search page's script reads from the page (JSON in `#jiyue-search-config`). */
export interface SearchPageConfig {
  /** `site`: this site's own pages; `group`: every site of the group (the portal). */
  scope: 'site' | 'group';
  /** URL of the Pagefind bundle folder (ends with `/`). */
  bundle: string;
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
  /** The group index's date values (sort-date.json), for sorting by date; absent on site searches (Pagefind sorts those). */
  sortFile?: string;
  /** The identifiers lookup (ids.ts): 文号 and 索引号 of the pages this search covers. */
  ids: string;
  /** The pinyin initials lookup (pinyin.ts) of the pages this search covers, loaded for a query of Latin letters. */
  pinyin: string;
  /**
   * Everyday name → the official terms it stands for (src/model/aliases.ts): a query with an
   * everyday name is also searched with each official term, and the results merged.
   */
  aliases: Record<string, string[]>;
  /**
   * Load the filter index (facets and their counts) only when asked: a large group's filter
   * index lists every page once per facet, more than a first search should load.
   */
  lazyFacets: boolean;
  /**
   * When the group has 繁體 versions: what the 繁體 search page uses instead (docs/traditional.md).
   * It converts the query to 简体 and searches the same bundle, links results to the 繁體 pages
   * and shows their text in 繁體.
   */
  traditional?: {
    /** The converter module (opencc-js tables, assets/zh-convert.*.js). */
    script: string;
    /** 繁體 home URL of each site in `sites`. */
    sites: Record<string, string>;
    /** The 繁體 group search page, for department sites. */
    groupSearchHref?: string;
  };
}

/**
 * Whether a site's search page has an index to search: the portal's searches the group index,
 * which exists when any site has one; a department's, its own (`model.indexedSites`).
 */
export function hasSearchIndex(model: SharedModel, siteId: string): boolean {
  return siteId === model.portal.id ? model.indexedSites.length > 0 : model.indexedSites.includes(siteId);
}

/** `convertScript`: href of the site's converter module, when the group has 繁體 versions. */
export function searchPageConfig(model: SharedModel, siteId: string, convertScript?: string): SearchPageConfig {
  const u = model.urls;
  const portalId = model.portal.id;
  const isPortal = siteId === portalId;
  const sites: Record<string, string> = {};
  for (const s of model.sites) {
    if (isClosedSite(s)) continue;
    if (isPortal || s.id === siteId) sites[s.id] = u.href(siteId, s.id, routes.home());
  }
  return {
    scope: isPortal ? 'group' : 'site',
    bundle: u.href(siteId, siteId, isPortal ? GROUP_BUNDLE : SITE_BUNDLE),
    baseUrl: u.basePath(siteId),
    sites,
    facets: isPortal ? [...FILTER_ORDER] : FILTER_ORDER.filter((f) => f !== FILTERS.site),
    sitemapHref: u.href(siteId, siteId, routes.sitemap()),
    groupSearchHref: isPortal ? undefined : u.href(siteId, portalId, routes.search()),
    portalName: model.portal.config.name,
    ...(isPortal ? { sortFile: u.href(siteId, siteId, `${GROUP_BUNDLE}sort-date.json`) } : {}),
    ids: u.href(siteId, siteId, isPortal ? `${GROUP_BUNDLE}${ID_LOOKUP}` : `${routes.search()}${ID_LOOKUP}`),
    pinyin: u.href(siteId, siteId, isPortal ? `${GROUP_BUNDLE}${PINYIN_LOOKUP}` : `${routes.search()}${PINYIN_LOOKUP}`),
    aliases: queryAliases(model.searchAliases),
    lazyFacets: isPortal && model.lazyGroupFacets,
    ...(model.group.traditional && convertScript
      ? {
          traditional: {
            script: convertScript,
            sites: Object.fromEntries(Object.keys(sites).map((id) => [id, u.href(siteId, id, routes.traditional(routes.home()))])),
            ...(isPortal ? {} : { groupSearchHref: u.href(siteId, portalId, routes.traditional(routes.search())) }),
          },
        }
      : {}),
  };
}

/** The alias list turned around for the search page: everyday name → official terms. */
export function queryAliases(list: readonly (readonly [string, readonly string[]])[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [term, names] of list) for (const n of names) (out[n] ??= []).push(term);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** JSON that is safe inside a `<script type="application/json">` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
