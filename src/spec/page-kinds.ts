/**
 * Which spec page kind each built page is, from the one list of a site's pages
 * (`src/lib/site-pages.ts`): the renderer (meta tags) and the checker agree by construction.
 */
import { pagesOfSite, type PageDescriptor } from '../lib/site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { PAGE_REQUIREMENTS, type PageKind } from './page-spec.ts';

export interface KnownPage {
  kind: PageKind;
  descriptor: PageDescriptor;
}

const cache = new WeakMap<RuntimeModel, Map<string, Map<string, KnownPage>>>();

/** Route → page of one site (computed once per site). */
export function pagesByRoute(model: RuntimeModel, siteId: string): Map<string, KnownPage> {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  let byRoute = perModel.get(siteId);
  if (byRoute) return byRoute;
  byRoute = new Map();
  const site = model.siteById.get(siteId)!;
  for (const d of pagesOfSite(model, site)) byRoute.set(d.route, { kind: kindOf(model, d), descriptor: d });
  perModel.set(siteId, byRoute);
  return byRoute;
}

function kindOf(model: RuntimeModel, d: PageDescriptor): PageKind {
  if (d.type === 'entry') return model.entryById.get(d.entryId)!.kind === 'page' ? 'singlePage' : 'article';
  // Page types added by other modules (e.g. search) get the requirements of every page.
  return d.type in PAGE_REQUIREMENTS ? (d.type as PageKind) : 'other';
}

/** The kind of the page at `route` of a site; `other` for pages the site list does not know (e.g. search/). */
export function pageKindOf(model: RuntimeModel, siteId: string, route: string): PageKind {
  return pagesByRoute(model, siteId).get(route)?.kind ?? 'other';
}
