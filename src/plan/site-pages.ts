/**
 * Which pages each site has, for every site kind and lifecycle state: the build plan
 * (src/plan/plan.ts) asks here once and every later stage reads the plan.
 */
import type { SharedModel } from '../model/runtime.ts';
import type { PublicSite, SiteModel, SliceEntry } from '../model/types.ts';
import { routes, Urls } from '../urls/urls.ts';
import { isRunningSite, isClosedSite } from '../lifecycle/status.ts';

/** Items per column list page. */
export const PAGE_SIZE = 20;

/**
 * `updatedDay`: the 更新日期 a main page shows (上海 第十三条（二）), decided here with the page list:
 * a home page, the newest item it lists (the portal's 部门动态 included); a column (every list
 * page of it), its newest item; a single page, its own `updated`, else its 发布日期.
 */
export type PageDescriptor =
  | { type: 'home'; siteId: string; route: string; updatedDay?: string }
  | { type: 'column'; siteId: string; route: string; columnId: string; page: number; pageCount: number; updatedDay?: string }
  | { type: 'entry'; siteId: string; route: string; entryId: string; updatedDay?: string }
  | { type: 'sitemap'; siteId: string; route: string }
  | { type: 'search'; siteId: string; route: string }
  | { type: 'notFound'; siteId: string; route: string }
  | { type: 'closed'; siteId: string; route: string }
  | { type: 'archiveIndex'; siteId: string; route: string }
  | { type: 'notices'; siteId: string; route: string }
  | { type: 'supervision'; siteId: string; route: string; updatedDay?: string }
  | { type: 'supervisionMonth'; siteId: string; route: string; month: string }
  | { type: 'supervisionYear'; siteId: string; route: string; year: string };

/** The entries a column lists: its own and those it reprints from other sites (`reprint:`). */
export function columnEntryIds(model: Pick<SharedModel, 'siteById'>, site: SiteModel, columnId: string): string[] {
  const ids = [...(site.columnEntries[columnId] ?? [])];
  for (const r of site.config.reprint) {
    if (r.into !== columnId) continue;
    const [fromSite, fromColumn] = r.from.split('/');
    ids.push(...(model.siteById.get(fromSite)?.columnEntries[fromColumn] ?? []));
  }
  return ids;
}

/** A reprinted column lists the source column's items too (linking to the originals). */
export function columnItems(model: SharedModel, site: SiteModel, columnId: string): SliceEntry[] {
  const items = columnEntryIds(model, site, columnId).map((id) => model.entryById.get(id)!);
  if (site.config.reprint.some((r) => r.into === columnId)) {
    items.sort((a, b) => b.data.date.epoch - a.data.date.epoch || a.id.localeCompare(b.id));
  }
  return items;
}

/** Items of each column on a site's home page. */
export const HOME_COLUMN_ITEMS = 6;
/** The portal's 部门动态 takes this many of each active department's news columns… */
export const PORTAL_NEWS_PER_COLUMN = 2;
/** …and shows the newest of them. */
export const PORTAL_NEWS_ITEMS = 12;

/** The columns a home page shows (not archived). */
export function homeColumns(site: SiteModel): SiteModel['config']['columns'] {
  return site.config.columns.filter((c) => !c.archived);
}

/** The newest items of a column a home page shows (archived items left out). */
export function homeColumnItems(model: SharedModel, site: SiteModel, columnId: string): SliceEntry[] {
  return columnItems(model, site, columnId).filter((e) => !e.archivedDay).slice(0, HOME_COLUMN_ITEMS);
}

/** The departments the portal lists as active (a migrating site still publishes). */
export function activeDepartments(model: Pick<SharedModel, 'sites' | 'portal'>): PublicSite[] {
  return model.sites.filter((s) => s.id !== model.portal.id && isRunningSite(s));
}

/**
 * [site, column, entry ids] whose newest items the portal's 部门动态 may show: the department's
 * own news (not the portal's 重要政策信息 it republishes).
 */
export function portalNewsSources(model: Pick<SharedModel, 'sites' | 'portal' | 'entryById'>): [PublicSite, string, string[]][] {
  const own = (id: string) => !model.entryById.get(id)?.reprintOf;
  return activeDepartments(model).flatMap((s) =>
    s.config.columns
      .filter((c) => c.type === 'news' && !c.archived)
      .map((c) => [s, c.id, (s.columnEntries[c.id] ?? []).filter(own).slice(0, PORTAL_NEWS_PER_COLUMN)] as [PublicSite, string, string[]]),
  );
}

/** The portal's 部门动态: the newest items of active departments' news columns. */
export function portalNews(model: SharedModel): SliceEntry[] {
  return portalNewsSources(model)
    .flatMap(([, , ids]) => ids)
    .map((id) => model.entryById.get(id)!)
    .filter((e) => !e.archivedDay)
    .sort((a, b) => b.data.date.epoch - a.data.date.epoch)
    .slice(0, PORTAL_NEWS_ITEMS);
}

/** The newest 发布日期 (YYYY-MM-DD) among entries, if any. */
export function newestDay(entries: readonly SliceEntry[]): string | undefined {
  let best: SliceEntry | undefined;
  for (const e of entries) if (!best || e.data.date.epoch > best.data.date.epoch) best = e;
  return best?.data.date.day;
}

export function pagesOfSite(model: SharedModel, site: SiteModel): PageDescriptor[] {
  const siteId = site.id;
  if (isClosedSite(site)) {
    return [
      { type: 'closed', siteId, route: routes.home() },
      { type: 'closed', siteId, route: routes.notFound() },
    ];
  }
  const listedOnHome = homeColumns(site).flatMap((c) => homeColumnItems(model, site, c.id));
  const homeDay = newestDay(siteId === model.portal.id ? [...listedOnHome, ...portalNews(model)] : listedOnHome);
  const pages: PageDescriptor[] = [{ type: 'home', siteId, route: routes.home(), ...(homeDay ? { updatedDay: homeDay } : {}) }];
  for (const column of site.config.columns) {
    const items = columnItems(model, site, column.id);
    const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    const columnDay = newestDay(items);
    for (let page = 1; page <= pageCount; page++) {
      pages.push({ type: 'column', siteId, route: routes.column(column.id, page), columnId: column.id, page, pageCount, ...(columnDay ? { updatedDay: columnDay } : {}) });
    }
  }
  for (const entryId of Object.values(site.columnEntries).flat()) pages.push({ type: 'entry', siteId, route: model.entryById.get(entryId)!.route, entryId });
  for (const entryId of site.pageEntries) {
    const e = model.entryById.get(entryId)!;
    pages.push({ type: 'entry', siteId, route: e.route, entryId, updatedDay: (e.data.updated ?? e.data.date).day });
  }
  if (siteId === model.portal.id) {
    // Always published (stable URLs), even while no site is archived or closed.
    pages.push({ type: 'archiveIndex', siteId, route: routes.archiveIndex() }, { type: 'notices', siteId, route: routes.notices() });
    // 网站监管 (聊城 第二十八条): periods decided by the loader for the build's date.
    if (model.group.supervision) {
      const { months, years } = model.supervisionPeriods;
      const day = supervisionUpdatedDay(months, years);
      pages.push({ type: 'supervision', siteId, route: routes.supervision(), ...(day ? { updatedDay: day } : {}) });
      for (const year of years) pages.push({ type: 'supervisionYear', siteId, route: routes.supervisionYear(year), year });
      for (const month of months) pages.push({ type: 'supervisionMonth', siteId, route: routes.supervisionMonth(month), month });
    }
  }
  pages.push(
    { type: 'sitemap', siteId, route: routes.sitemap() },
    { type: 'search', siteId, route: routes.search() },
    { type: 'notFound', siteId, route: routes.notFound() },
  );
  return pages;
}

/**
 * The 更新日期 of the 网站监管 index (a main page, 上海 第十三条（二）): the day its newest period
 * was added, the first day after that month or year ended. From the periods the loader decided,
 * so the page never reads the date itself.
 */
function supervisionUpdatedDay(months: readonly string[], years: readonly string[]): string | undefined {
  const next = (y: number, m: number) => (m > 12 ? `${y + 1}-01-01` : `${y}-${String(m).padStart(2, '0')}-01`);
  const days = [...months.map((m) => next(Number(m.slice(0, 4)), Number(m.slice(5, 7)) + 1)), ...years.map((y) => `${Number(y) + 1}-01-01`)];
  return days.sort().at(-1);
}

/**
 * Where Astro writes a route, relative to the site's folder in its output. Astro builds in
 * `directory` format, so file routes (404.html) are built as `404/index.html` and renamed by
 * the layout step.
 */
export function astroFileOf(route: string): string {
  return route.endsWith('.html') ? `${route.slice(0, -'.html'.length)}/index.html` : Urls.outputFile(route);
}
