/**
 * Feeds and sitemaps a site publishes for search engines and new media (聊城 第三十二条: 重要信息应
 * 同步向政务新媒体推送): an RSS 2.0 and an Atom feed of the site's latest items and of each column's,
 * `sitemap.xml` of its published pages and, where the site's folder is the root of its host,
 * `robots.txt` pointing at the sitemaps served there. Decided here, once, by the build plan;
 * written by `write.ts` in the unit's worker; pages link the feeds from the plan (`PlannedPage.feeds`).
 */
import { columnItems } from './site-pages.ts';
import type { SharedModel } from '../model/runtime.ts';
import type { SiteModel, SliceEntry } from '../model/types.ts';
import { routes } from '../urls/urls.ts';
import { isClosedSite } from '../lifecycle/status.ts';

/** Items per feed. */
export const FEED_ITEMS = 20;
/** The sitemap protocol's limits per file (sitemaps.org): 50,000 URLs and 50 MB uncompressed. */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;

export interface PlannedFeed {
  /** Absent for the site's own feed. */
  columnId?: string;
  /** 网站名, or 栏目名 - 网站名. */
  title: string;
  description: string;
  /** The page the feed stands for (home or column), absolute. */
  link: string;
  rss: { file: string; url: string };
  atom: { file: string; url: string };
  /** Newest first, at most FEED_ITEMS. */
  entryIds: string[];
}

/** What a page links in its head (and a column page in its body). */
export interface FeedLink {
  /** Absent for the site's own feed. */
  columnId?: string;
  title: string;
  rss: string;
  atom: string;
}

const newestFirst = (a: SliceEntry, b: SliceEntry) => b.data.date.epoch - a.data.date.epoch || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function planFeeds(model: SharedModel, site: SiteModel): PlannedFeed[] {
  if (isClosedSite(site)) return [];
  const u = model.urls;
  const name = site.config.name;
  const at = (route: string) => ({ file: route, url: u.absolute(site.id, route) });
  const own = Object.values(site.columnEntries)
    .flat()
    .map((id) => model.entryById.get(id)!)
    .sort(newestFirst);
  const feeds: PlannedFeed[] = [
    {
      title: name,
      description: `${name}最新发布的信息`,
      link: u.absolute(site.id, routes.home()),
      rss: at(routes.rss()),
      atom: at(routes.atom()),
      entryIds: own.slice(0, FEED_ITEMS).map((e) => e.id),
    },
  ];
  for (const column of site.config.columns) {
    const items = [...columnItems(model, site, column.id)].sort(newestFirst);
    feeds.push({
      columnId: column.id,
      title: `${column.name} - ${name}`,
      description: column.description ?? `${name}“${column.name}”栏目最新发布的信息`,
      link: u.absolute(site.id, routes.column(column.id)),
      rss: at(routes.rss(column.id)),
      atom: at(routes.atom(column.id)),
      entryIds: items.slice(0, FEED_ITEMS).map((e) => e.id),
    });
  }
  return feeds;
}

/** The feed links of a page: the site's feed everywhere, the column's on its list pages. */
export function feedLinksOf(model: SharedModel, siteId: string, feeds: readonly PlannedFeed[], columnId?: string): FeedLink[] {
  const link = (f: PlannedFeed): FeedLink => ({ ...(f.columnId ? { columnId: f.columnId } : {}), title: f.title, rss: model.urls.href(siteId, siteId, f.rss.file), atom: model.urls.href(siteId, siteId, f.atom.file) });
  return feeds.filter((f) => f.columnId === undefined || f.columnId === columnId).map(link);
}

/** Pages a search engine should find: not the 404 page, the search page or a closure notice. */
export function inSitemap(page: { type: string }): boolean {
  return page.type !== 'notFound' && page.type !== 'search' && page.type !== 'closed';
}

/**
 * The sitemaps `robots.txt` names when the site's folder is the root of its host: every site
 * (not closed) served on the same origin with no base path in front. Undefined when the
 * site's folder is not a host root (an archived site inside the portal, a department in
 * `paths` mode, a portal below a base path): robots.txt is only read at `/robots.txt`.
 */
export function robotsSitemaps(model: SharedModel, site: SiteModel): string[] | undefined {
  if (isClosedSite(site)) return undefined;
  const u = model.urls;
  const home = new URL(u.absolute(site.id, routes.home()));
  if (home.pathname !== '/') return undefined;
  return model.sites
    .filter((s) => !isClosedSite(s) && new URL(u.absolute(s.id, routes.home())).origin === home.origin)
    .map((s) => u.absolute(s.id, routes.sitemapXml()))
    .sort();
}
