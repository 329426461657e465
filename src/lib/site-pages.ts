/**
 * Which pages each site has, for every site kind and lifecycle state: the build plan
 * (src/pipeline/plan.ts) asks here once and every later stage reads the plan.
 */
import type { RuntimeModel } from '../model/runtime.ts';
import type { EntryModel, SiteModel } from '../model/types.ts';
import { routes, Urls } from '../urls/urls.ts';

/** Items per column list page. */
export const PAGE_SIZE = 20;

export type PageDescriptor =
  | { type: 'home'; siteId: string; route: string }
  | { type: 'column'; siteId: string; route: string; columnId: string; page: number; pageCount: number }
  | { type: 'entry'; siteId: string; route: string; entryId: string }
  | { type: 'sitemap'; siteId: string; route: string }
  | { type: 'search'; siteId: string; route: string }
  | { type: 'notFound'; siteId: string; route: string }
  | { type: 'closed'; siteId: string; route: string }
  | { type: 'archiveIndex'; siteId: string; route: string }
  | { type: 'notices'; siteId: string; route: string };

/** The entries a column lists: its own and those it reprints from other sites (`reprint:`). */
export function columnEntryIds(model: Pick<RuntimeModel, 'siteById'>, site: SiteModel, columnId: string): string[] {
  const ids = [...(site.columnEntries[columnId] ?? [])];
  for (const r of site.config.reprint) {
    if (r.into !== columnId) continue;
    const [fromSite, fromColumn] = r.from.split('/');
    ids.push(...(model.siteById.get(fromSite)?.columnEntries[fromColumn] ?? []));
  }
  return ids;
}

/** A reprinted column lists the source column's items too (linking to the originals). */
export function columnItems(model: RuntimeModel, site: SiteModel, columnId: string): EntryModel[] {
  const items = columnEntryIds(model, site, columnId).map((id) => model.entryById.get(id)!);
  if (site.config.reprint.some((r) => r.into === columnId)) {
    items.sort((a, b) => b.data.date.epoch - a.data.date.epoch || a.id.localeCompare(b.id));
  }
  return items;
}

export function pagesOfSite(model: RuntimeModel, site: SiteModel): PageDescriptor[] {
  const siteId = site.id;
  if (site.config.status === 'closed') {
    return [
      { type: 'closed', siteId, route: routes.home() },
      { type: 'closed', siteId, route: routes.notFound() },
    ];
  }
  const pages: PageDescriptor[] = [{ type: 'home', siteId, route: routes.home() }];
  for (const column of site.config.columns) {
    const count = columnItems(model, site, column.id).length;
    const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE));
    for (let page = 1; page <= pageCount; page++) {
      pages.push({ type: 'column', siteId, route: routes.column(column.id, page), columnId: column.id, page, pageCount });
    }
  }
  for (const ids of [...Object.values(site.columnEntries), site.pageEntries]) {
    for (const entryId of ids) pages.push({ type: 'entry', siteId, route: model.entryById.get(entryId)!.route, entryId });
  }
  if (siteId === model.portal.id) {
    // Always published (stable URLs), even while no site is archived or closed.
    pages.push({ type: 'archiveIndex', siteId, route: routes.archiveIndex() }, { type: 'notices', siteId, route: routes.notices() });
  }
  pages.push(
    { type: 'sitemap', siteId, route: routes.sitemap() },
    { type: 'search', siteId, route: routes.search() },
    { type: 'notFound', siteId, route: routes.notFound() },
  );
  return pages;
}

/**
 * Where Astro writes a route, relative to the site's folder in its output. Astro builds in
 * `directory` format, so file routes (404.html) are built as `404/index.html` and renamed by
 * the layout step.
 */
export function astroFileOf(route: string): string {
  return route.endsWith('.html') ? `${route.slice(0, -'.html'.length)}/index.html` : Urls.outputFile(route);
}
