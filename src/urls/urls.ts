import { createHash } from 'node:crypto';
/**
 * The one module that computes URLs. Every link the generator writes — navigation, lists,
 * breadcrumbs, resolved Markdown links, assets, the manifest — comes from here, so `domains`
 * and `paths` mode can never disagree.
 *
 * A *route* is a path inside one site, without a leading slash: '' (home), 'gzdt/' (column),
 * 'gzdt/2024-x/' (article), 'assets/site.css' (file). Directory routes end with '/'.
 */

export type UrlMode = 'domains' | 'paths';

export interface UrlSite {
  id: string;
  domain: string;
  kind: 'portal' | 'department';
  /**
   * `true` for an archived site (status: archived). In `domains` mode its pages move under the
   * portal at `/archive/<siteId>/` (its domain is deregistered, Tianjin 2016 art. 5); in `paths`
   * mode it stays at `/<siteId>/`. Default `false`.
   */
  archived?: boolean;
}

export interface UrlConfig {
  urlMode: UrlMode;
  /** Shared origin in `paths` mode (no trailing slash). */
  baseUrl?: string;
  portal: string;
  sites: readonly UrlSite[];
}

/** The folder of a site's 繁體 pages (a reserved id: no site, column or page may use it). */
export const TRADITIONAL_DIR = 'zh-hant';

/** Route builders: the site-relative layout of every page type. */
export const routes = {
  home: () => '',
  /** Column list, page 1 at `col/`, later pages at `col/page/N/`. */
  column: (columnId: string, page = 1) => (page <= 1 ? `${columnId}/` : `${columnId}/page/${page}/`),
  article: (columnId: string, slug: string) => `${columnId}/${slug}/`,
  singlePage: (slug: string) => `pages/${slug}/`,
  sitemap: () => 'sitemap/',
  search: () => 'search/',
  notFound: () => '404.html',
  /** The portal's page listing archived and closed sites; archived sites live below it in `domains` mode. */
  archiveIndex: () => 'archive/',
  /** Where an archived site's pages live inside the portal (`domains` mode). */
  archivedSite: (siteId: string) => `archive/${siteId}/`,
  /** The portal's notices (下线公告, 关停公告). */
  notices: () => 'notices/',
  /** The portal's 网站监管 section: its index, a month's check results, a year's 年度报表. */
  supervision: () => 'jianguan/',
  supervisionMonth: (month: string) => `jianguan/${month}/`,
  supervisionYear: (year: string) => `jianguan/${year}/`,
  /** The 繁體 version of a page (上海 第十五条): the same route under `zh-hant/`. */
  traditional: (route: string) => `${TRADITIONAL_DIR}/${route}`,
  /** RSS 2.0 feed of the site's latest items, or of one column's (聊城 第三十二条). */
  rss: (columnId?: string) => (columnId ? `${columnId}/feed.xml` : 'feed.xml'),
  /** Atom feed, same items. */
  atom: (columnId?: string) => (columnId ? `${columnId}/atom.xml` : 'atom.xml'),
  /** The XML sitemap for search engines (the HTML 网站地图 is `sitemap/`). */
  sitemapXml: (part?: number) => (part === undefined ? 'sitemap.xml' : `sitemap-${part}.xml`),
  robots: () => 'robots.txt',
  /** The generator's own files (CSS, logo) copied into every site. */
  asset: (file: string) => `assets/${file}`,
  /** A site's own search bundle (Pagefind's output). */
  searchBundle: () => 'pagefind/',
  /** The portal's group-wide search bundle: every site's bundle merged (src/search/group-index.ts). */
  groupSearchBundle: () => 'pagefind-group/',
} as const;

/**
 * The URL slug of an article or page whose file name is written in Chinese, as real documents are
 * named (`延政〔2024〕72号 征收土地预公告.md`): the ASCII letters and digits of the name in order,
 * joined by `-`, then the first 6 hex digits of the sha256 of the whole name: `2024-72-1a2b3c`.
 * Stable for as long as the file keeps its name (renaming it moves the URL, which the URL ledger
 * then asks to redirect, like any rename). Undefined for a name without a Chinese character
 * (those follow the id rule: lowercase letters, digits and `-`).
 */
export function slugFromName(name: string): string | undefined {
  if (!/\p{Script=Han}/u.test(name)) return undefined;
  const ascii = (name.normalize('NFKC').toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-').slice(0, 40).replace(/-+$/, '');
  const hash = createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 6);
  return ascii ? `${ascii}-${hash}` : `a-${hash}`;
}

/** Names that are not routes the build writes, but would still break a site if content took them. */
const RESERVED_EXTRA = [
  /** The content tree's shared folder (a site id). */
  '_shared',
  /** Astro's own output folder inside a unit's build. */
  '_astro',
  /** Reserved since the first release (a `404/` folder beside `404.html` confuses servers' error pages). */
  '404',
] as const;

/**
 * Every name the build writes, by level, derived from the route builders above: each builder is
 * called with marker arguments, and every path segment it yields that is not a marker is a name
 * the generator owns. `root`: at a site's root (and so, in `paths` mode, at the portal's root,
 * beside the departments' `/<siteId>/`); `column`: inside a column's folder. A route builder
 * added tomorrow is reserved the day it is added: the loader refuses these as site, column, page
 * and article ids (CONTENT-RESERVED-ID), and the plan refuses two outputs at one path.
 */
export const GENERATED_NAMES: { root: readonly string[]; column: readonly string[] } = (() => {
  const marker = '\u0000';
  const root = new Set<string>();
  const column = new Set<string>();
  for (const build of Object.values(routes) as ((...args: string[]) => string)[]) {
    for (const args of [[], [`${marker}a`, `${marker}b`]]) {
      const segments = build(...args).split('/');
      // A builder that needs arguments says nothing when called without them.
      if (!args.length && segments.includes('undefined')) continue;
      segments.forEach((segment, i) => {
        if (!segment || segment.includes(marker)) return;
        if (i === 0) root.add(segment);
        else if (i === 1 && segments[0].includes(marker)) column.add(segment);
      });
    }
  }
  return { root: [...root].sort(), column: [...column].sort() };
})();

/**
 * The ids no site, column, single page or article may take: the generated names an id could
 * spell (ids are `[a-z0-9-]`, so `feed.xml` needs no entry: the id pattern refuses it) and the
 * extras. Every level's names are refused at every level: a group may switch `urlMode`, and a
 * column of the portal in `paths` mode sits beside the departments.
 */
export const RESERVED_IDS: readonly string[] = [...new Set([...GENERATED_NAMES.root, ...GENERATED_NAMES.column, ...RESERVED_EXTRA])].filter((n) => !n.includes('.')).sort();

export class Urls {
  readonly mode: UrlMode;
  private readonly sites: Map<string, UrlSite>;
  private readonly config: UrlConfig;

  constructor(config: UrlConfig) {
    this.config = config;
    this.mode = config.urlMode;
    this.sites = new Map(config.sites.map((s) => [s.id, s]));
    if (config.urlMode === 'paths' && !config.baseUrl) throw new Error('paths mode needs baseUrl');
  }

  private site(siteId: string): UrlSite {
    const s = this.sites.get(siteId);
    if (!s) throw new Error(`unknown site ${siteId}`);
    return s;
  }

  /** Whether the site's pages are served inside the portal (archived, `domains` mode). */
  private movedToPortal(siteId: string): boolean {
    return this.mode === 'domains' && Boolean(this.site(siteId).archived) && siteId !== this.config.portal;
  }

  /** The origin a site is served from, e.g. https://fgw.example.gov.cn. */
  origin(siteId: string): string {
    if (this.movedToPortal(siteId)) return this.origin(this.config.portal);
    return this.mode === 'domains' ? `https://${this.site(siteId).domain}` : new URL(this.config.baseUrl!).origin;
  }

  /**
   * The path prefix of a site on its origin: '/', '/<siteId>/' (paths mode, departments) or
   * '/archive/<siteId>/' (archived site, domains mode).
   */
  basePath(siteId: string): string {
    if (this.movedToPortal(siteId)) return `/${routes.archivedSite(siteId)}`;
    if (this.mode === 'domains') return '/';
    const prefix = new URL(this.config.baseUrl!).pathname.replace(/\/+$/, '');
    return siteId === this.config.portal ? `${prefix}/` : `${prefix}/${siteId}/`;
  }

  /**
   * The output folder of a site, relative to `sites/`: '<siteId>', or '<portal>/archive/<siteId>'
   * for an archived site in `domains` mode (it is deployed with the portal's folder).
   */
  folder(siteId: string): string {
    return this.movedToPortal(siteId) ? `${this.config.portal}/${routes.archivedSite(siteId).slice(0, -1)}` : siteId;
  }

  /**
   * Where the site was served before it was archived: its own origin and base path, which is
   * where the old URLs (and the redirect rules for them) live. Equal to origin/basePath unless
   * the site moved into the portal.
   */
  legacyOrigin(siteId: string): string {
    return this.mode === 'domains' ? `https://${this.site(siteId).domain}` : this.origin(siteId);
  }

  /** The old absolute URL of a route of an archived site (same as `absolute` when it did not move). */
  legacyAbsolute(siteId: string, route: string): string {
    return this.movedToPortal(siteId) ? `${this.legacyOrigin(siteId)}/${encodeRoute(route)}` : this.absolute(siteId, route);
  }

  /** Root-relative path of a route, e.g. '/gzdt/2024-x/' or '/fgw/gzdt/2024-x/'. */
  path(siteId: string, route: string): string {
    return this.basePath(siteId) + encodeRoute(route);
  }

  /** Absolute URL of a route. */
  absolute(siteId: string, route: string): string {
    return this.origin(siteId) + this.path(siteId, route);
  }

  /**
   * The href to write on a page of `fromSite` pointing to `route` of `toSite`: root-relative
   * on the same origin, absolute across origins.
   */
  href(fromSite: string, toSite: string, route: string): string {
    return this.origin(fromSite) === this.origin(toSite) ? this.path(toSite, route) : this.absolute(toSite, route);
  }

  /** The file a route is written to inside the site folder: 'gzdt/x/' → 'gzdt/x/index.html'. */
  static outputFile(route: string): string {
    if (route === '' || route.endsWith('/')) return `${route}index.html`;
    return route;
  }

  /** The inverse of `outputFile` for HTML pages: 'gzdt/x/index.html' → 'gzdt/x/'. */
  static routeOfFile(file: string): string {
    return file === 'index.html' ? '' : file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
  }
}

/** Percent-encodes each segment (ids are ASCII, but attachment names may not be). */
function encodeRoute(route: string): string {
  return route
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}
