/**
 * What the page components need of a site, computed once per site (not per page): names,
 * navigation, footer identity, asset URLs. Every URL comes from `Urls`.
 */
import { COLUMN_TYPES, type ColumnConfig } from '../config/site.ts';
import type { SharedModel } from '../model/runtime.ts';
import type { PublicSite, Registration, SiteModel, SliceEntry } from '../model/types.ts';
import { LINKS } from '../pagespec/page-spec.ts';
import type { PlannedPage } from '../plan/plan.ts';
import type { AssetName } from '../plan/assets.ts';
import type { UnitModel } from '../plan/unit-job.ts';
import { routes } from '../urls/urls.ts';
import { isClosedSite } from '../lifecycle/status.ts';

/** What every view component receives: the model of its unit and the planned page it renders. */
export interface ViewProps<T extends PlannedPage['type'] = PlannedPage['type']> {
  model: UnitModel;
  page: Extract<PlannedPage, { type: T }>;
}

export interface NavItem {
  name: string;
  href: string;
  columnId?: string;
}

export interface SiteView {
  id: string;
  site: SiteModel;
  /**
   * The registration the pages carry (footer, SiteIDCode/SiteName/SiteDomain, 找错 site_code):
   * the site's own, or the portal's for an archived site (`SiteModel.identitySiteId`).
   */
  identity: Registration;
  name: string;
  shortName: string;
  isPortal: boolean;
  homeHref: string;
  nav: NavItem[];
  portal: { name: string; href: string; logoHref: string };
  /** The site's assets, by what they are (src/plan/assets.ts: minified, named by content). */
  assets: { skeletonCss: string; themeCss: string; script: string; logo: string; conacBadge: string; searchCss: string; searchScript: string; convertScript?: string };
  sitemapHref: string;
  contactHref: string;
  /** This site's search page (the header's search form submits here). */
  searchHref: string;
  /** The portal's search page (searches the whole group), once the portal has one. */
  groupSearchHref?: string;
  icpHref: string;
  psbHref: string;
  conacHref?: string;
}

const cache = new WeakMap<UnitModel, SiteView>();

/** The view of the unit's own site (the only site whose pages a unit model renders). */
export function siteView(model: UnitModel): SiteView {
  const hit = cache.get(model);
  if (hit) return hit;
  const site = model.site;
  const siteId = site.id;
  const c = site.config;
  const u = model.urls;
  const href = (route: string) => u.href(siteId, siteId, route);
  const portal = model.portal;
  // A closed site builds to its closure notice only: no column, sitemap or single page to link to.
  const closed = isClosedSite(site);
  const identity = model.identity;
  const files = model.assets;
  const asset = (name: AssetName) => href(routes.asset(files[name]!));
  const view: SiteView = {
    id: siteId,
    site,
    identity,
    name: c.name,
    shortName: c.shortName ?? c.name,
    isPortal: siteId === portal.id,
    homeHref: href(routes.home()),
    nav: [
      { name: '首页', href: href(routes.home()) },
      ...c.columns.filter((col) => col.nav && !closed).map((col) => ({ name: col.name, href: href(routes.column(col.id)), columnId: col.id })),
    ],
    portal: {
      name: portal.config.name,
      href: u.href(siteId, portal.id, routes.home()),
      logoHref: asset('portal-logo'),
    },
    assets: {
      skeletonCss: asset('jiyue.css'),
      themeCss: asset('theme.css'),
      script: asset('jiyue.js'),
      logo: asset('logo'),
      conacBadge: asset('conac.svg'),
      searchCss: asset('search.css'),
      searchScript: asset('search.js'),
      ...(files['zh-convert.js'] ? { convertScript: asset('zh-convert.js') } : {}),
    },
    sitemapHref: closed ? href(routes.home()) : href(routes.sitemap()),
    contactHref: closed
      ? href(routes.home())
      : site.pageEntries.includes(`${siteId}/pages/contact`)
        ? href(routes.singlePage('contact'))
        : href(routes.sitemap()),
    searchHref: href(routes.search()),
    // Linked only when the portal's page list has its search page: never a link to a missing page.
    // Every site that is not closed has a search page (plan/site-pages.ts): the portal's searches the group.
    groupSearchHref: isClosedSite(portal) ? undefined : u.href(siteId, portal.id, routes.search()),
    // The official links come from the page spec (src/pagespec/page-spec.ts), which the checker reads too.
    icpHref: LINKS.icp(),
    psbHref: LINKS.psb(identity.psb),
    conacHref: identity.conacId ? LINKS.conac(identity.conacId) : undefined,
  };
  cache.set(model, view);
  return view;
}

export function columnOf(site: PublicSite, columnId: string): ColumnConfig | undefined {
  return site.config.columns.find((c) => c.id === columnId);
}

export function columnTypeName(column: ColumnConfig): string {
  return COLUMN_TYPES[column.type];
}

/** Link from a page of `fromSite` to an entry (which may live on another site). */
export function entryHref(model: Pick<SharedModel, 'urls'>, fromSite: string, entry: SliceEntry): string {
  return model.urls.href(fromSite, entry.siteId, entry.route);
}

/** 2024-05-08 → 2024年5月8日 */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The visible 发布日期: YYYY-MM-DD, with HH:MM where known. */
/** The 发布机构 of an entry as its 信息公开 block shows it: the issuer, else the source (none when neither is set). */
export function publisherOf(data: { issuer?: string; source?: string }): string | undefined {
  return data.issuer ?? data.source;
}

export function displayDate(date: { day: string; time?: string }): string {
  return date.time ? `${date.day} ${date.time}` : date.day;
}

/** Whether a site is archived (see src/lifecycle/status.ts for the lifecycle questions). */
export { isArchivedSite } from '../lifecycle/status.ts';
