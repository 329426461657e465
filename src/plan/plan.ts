/**
 * The build plan: computed once, right after loading, and the only thing later stages read to
 * know what to build. For every site that is rendered (a **unit**: its own Astro pages, its own
 * folder, its own search bundle) it lists every page with the facts about it decided here and
 * nowhere else — kind, URL, output file, archived day, whose registration it carries — the
 * content files the site publishes, the trusted MDX entries Astro loads, and the **slice**: the
 * part of the model the unit's pages are rendered from (slice.ts). The unit's fingerprint
 * (fingerprint.ts) hashes the slice and every other input of its output, so an unchanged
 * fingerprint means an unchanged folder (docs/architecture.md, docs/performance.md).
 *
 * Views, the page-spec checker, the search indexer, the layout step and the manifest all take
 * their pages from here; none of them recomputes a page list or looks a page up by route.
 */
import { feedLinksOf, planFeeds, robotsSitemaps, type FeedLink, type PlannedFeed } from './feeds.ts';
import { archivedDayOf, isClosedSite } from '../lifecycle/status.ts';
import { astroFileOf, pagesOfSite, type PageDescriptor } from './site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import type { SiteModel } from '../model/types.ts';
import { PAGE_REQUIREMENTS, type PageKind } from '../pagespec/page-spec.ts';
import { routes, Urls } from '../urls/urls.ts';
import { entryIndex, sliceOf, type Slice } from './slice.ts';
import { siteAssets, type AssetName, type SiteAsset } from './assets.ts';
import { lazyList } from '../lib/lazy-list.ts';

/** One page of the output, with every fact about it decided once. */
export type PlannedPage = PageDescriptor & {
  /** The page spec's kind (meta tags, layout requirements). */
  kind: PageKind;
  /** File inside the site's folder (`gzdt/x/index.html`, `404.html`). */
  file: string;
  /** Where Astro writes it, inside the unit's Astro folder (`astroFileOf`). */
  astroFile: string;
  /** Astro route parameter: `<siteId>/<route without trailing slash>`. */
  param: string;
  /** Public URL. */
  url: string;
  /** The day the page counts as archived (its site's archive date, its own or its column's), if any. */
  archivedDay?: string;
  /** A republished 重要政策信息: the original's URL (`<link rel="canonical">` and the 转载 note). */
  canonical?: string;
  /** The 更新日期 of a home, column or single page, decided with the page list (site-pages.ts). */
  updatedDay?: string;
  /** Feeds the page links (the site's, and a column's on its list pages). */
  feeds: FeedLink[];
  /** The site whose registration the page carries (itself, or the portal for an archived site). */
  identitySiteId: string;
  /** The page has a search body (articles and single pages of a site that is not closed; never a 繁體 page). */
  searchable: boolean;
  /**
   * `hans`: the 简体 page Astro renders; `hant`: its 繁體 version (group.yaml `traditional`), converted
   * from the rendered 简体 page after the render (src/traditional/), never rendered on its own.
   */
  script: Script;
  /** When the group has 繁體 versions: both versions of this page (each carries both: the switch, hreflang). */
  versions?: Record<Script, PageVersion>;
  /** A 繁體 page: the file of the 简体 page it is converted from. */
  convertedFrom?: string;
};

/** 简体 (`hans`) or 繁體 (`hant`). */
export type Script = 'hans' | 'hant';

/** One version of a page: its absolute URL (hreflang) and its href from its own site (the switch). */
export interface PageVersion {
  url: string;
  href: string;
}

/** One rendered site. */
export interface PlannedUnit {
  /** The site's id. */
  id: string;
  /** Its folder relative to `sites/` (`www`, or `www/archive/lyw` for an archived site in domains mode). */
  folder: string;
  /** Folders of other units nested in this one's (relative to it), which it must never write into. */
  nested: string[];
  pages: PlannedPage[];
  /** Content files the site publishes, [contentPath, route inside the folder], sorted by route. */
  files: [string, string][];
  /** The site is not closed: its articles have pages, with bodies rendered for them. */
  live: boolean;
  /** The site has a search bundle: live, with at least one searchable page (`model.indexedSites`). */
  searchable: boolean;
  /** Trusted MDX entries Astro compiles for this site, [entry id, content path, source hash]. */
  mdx: [string, string, string][];
  /** RSS and Atom feeds of the site and its columns (src/plan/feeds.ts). */
  feeds: PlannedFeed[];
  /** The sitemaps its robots.txt names, when its folder is the root of its host. */
  robots?: string[];
  /**
   * The site's asset file names by logical name (`jiyue.css` → `jiyue.3f2a….css`), decided here
   * from the generator's files and the themes (assets.ts): the pages link them, the layout step
   * writes them, the dev server serves them, the page checker expects them.
   */
  assets: Record<string, string>;
  /** The model the site's pages are rendered from (slice.ts): plain data, hashed into the fingerprint. */
  slice: Slice;
}

export interface BuildPlan {
  units: PlannedUnit[];
  /** The portal is planned and some site has an index: the portal gets the group index (merged from the units' bundles). */
  groupSearch: boolean;
  /** Every planned page, in unit order. */
  pageCount: number;
}

/**
 * Plans every selected site. `linkedFiles` are the content files the bodies link to
 * ([siteId, contentPath, route], as the link rule resolved them when the content was read: `ContentScan.linkedFiles`);
 * front-matter attachments come from the model.
 */
export function planBuild(model: RuntimeModel, linkedFiles: readonly [string, string, string][]): BuildPlan {
  const group = groupFacts(model, linkedFiles);
  const units = model.selectedSites.map((siteId) => planUnit(group, siteId));
  const portal = units.find((u) => u.id === model.portal.id);
  const plan = { units, groupSearch: Boolean(portal?.live && model.indexedSites.length), pageCount: units.reduce((n, u) => n + u.pages.length, 0) };
  const clashes = outputClashes(model, plan);
  // The loader refuses every generated name as an id (urls.ts GENERATED_NAMES): a clash here is the generator's own bug.
  if (clashes.length) throw new Error(`two planned outputs at one path: ${clashes.slice(0, 5).join('; ')}`);
  return plan;
}

/**
 * The dev server's plan: the same units as `planBuild`'s, each planned when first read (an
 * editor looks at one or two sites; a save re-planned all of them), and the route parameter of
 * every 简体 page of every unit in plan order, from the pages' descriptors alone (what Astro's
 * route list holds: when it changes, the dev server lists the routes again).
 */
export function planLazily(model: RuntimeModel, linkedFiles: readonly [string, string, string][]): { units: readonly PlannedUnit[]; params: string[] } {
  const group = groupFacts(model, linkedFiles);
  const ids = model.selectedSites;
  const units = lazyList(ids.length, (i) => planUnit(group, ids[i]));
  const params = ids.flatMap((id) => pagesOfSite(model, model.siteById.get(id)!).map(paramOf));
  return { units, params };
}

/** What planning one unit needs of the whole group, made once per plan. */
interface GroupFacts {
  model: RuntimeModel;
  /** Each site's published content files, route → content path. */
  filesBySite: Map<string, Map<string, string>>;
  /** Each selected site's output folder. */
  folders: Map<string, string>;
  /** Each site's own entries, in model order (made once per model; slices read it too). */
  entriesBySite: ReturnType<typeof entryIndex>['bySite'];
}

function groupFacts(model: RuntimeModel, linkedFiles: readonly [string, string, string][]): GroupFacts {
  const filesBySite = new Map<string, Map<string, string>>();
  const addFile = (siteId: string, source: string, route: string) => {
    let m = filesBySite.get(siteId);
    if (!m) filesBySite.set(siteId, (m = new Map()));
    m.set(route, source);
  };
  for (const [siteId, list] of Object.entries(model.assets)) for (const [source, route] of list) addFile(siteId, source, route);
  for (const [siteId, source, route] of linkedFiles) addFile(siteId, source, route);
  return { model, filesBySite, folders: new Map(model.selectedSites.map((id) => [id, model.urls.folder(id)])), entriesBySite: entryIndex(model).bySite };
}

/** One selected site's unit: its pages (简体, then 繁體), content files, feeds and the rest. */
function planUnit({ model, filesBySite, folders, entriesBySite }: GroupFacts, siteId: string): PlannedUnit {
  const site = model.siteById.get(siteId)!;
  const closed = isClosedSite(site);
  const folder = folders.get(siteId)!;
  const feeds = planFeeds(model, site);
  // The same few lists for all the site's pages (the site's feed, and a column's on its list pages): made once each.
  const feedLinks = new Map<string | undefined, FeedLink[]>();
  const linksOf = (columnId: string | undefined) => feedLinks.get(columnId) ?? feedLinks.set(columnId, feedLinksOf(model, site.id, feeds, columnId)).get(columnId)!;
  const pages = pagesOfSite(model, site).map((d) => plannedPage(model, site, d, linksOf));
  // 繁體 versions (上海 第十五条): every page again under zh-hant/, after all 简体 pages.
  if (model.group.traditional) pages.push(...pages.map((p) => traditionalPage(model, p)));
  const robots = robotsSitemaps(model, site);
  const searchable = model.indexedSites.includes(siteId);
  if (searchable !== pages.some((p) => p.searchable)) throw new Error(`${siteId}: the model says the site has ${searchable ? 'a' : 'no'} search index, its planned pages say otherwise`);
  const pageFiles = new Set(pages.map((p) => p.file));
  const siteFiles = closed ? [] : [...(filesBySite.get(siteId) ?? [])].map(([route, source]) => [source, route] as [string, string]);
  for (const [, route] of siteFiles) {
    // Defence in depth: the resolver never yields such a route (files come only from an
    // article's .files/ folder or _shared/), but a file never replaces a page or the generator's assets.
    if (pageFiles.has(route) || route.startsWith('assets/') || route.split('/').some((s) => s === '..' || s === '')) {
      throw new Error(`content file route would replace a generated file or leave the folder: ${siteId}/${route}`);
    }
  }
  siteFiles.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return withSlice(model, {
    id: siteId,
    folder,
    nested: [...folders.values()].filter((f) => f.startsWith(`${folder}/`)).map((f) => f.slice(folder.length + 1)).sort(),
    pages,
    files: siteFiles,
    live: !closed,
    searchable,
    feeds,
    ...(robots ? { robots } : {}),
    mdx: closed ? [] : (entriesBySite.get(siteId) ?? []).filter((e) => e.renderAs === 'mdx').map((e) => [e.id, e.source, e.sourceHash] as [string, string, string]),
    assets: assetFilesOf(model, site),
  });
}

/**
 * The unit with its slice, made when first read and kept: a build reads every unit's (the
 * fingerprint hashes it, the job carries it); the dev server reads a unit's when one of its pages
 * is rendered (a unit planned for its page list, its assets or its files needs none).
 */
function withSlice(model: RuntimeModel, unit: Omit<PlannedUnit, 'slice'>): PlannedUnit {
  let slice: Slice | undefined;
  return Object.defineProperty(unit, 'slice', { enumerable: true, get: () => (slice ??= sliceOf(model, unit.id)) }) as PlannedUnit;
}

/** A site's assets (assets.ts), made once per theme pair in this process: the plan names them, the build writes their bytes for the layout step, the dev server serves them. */
export function siteAssetsOf(model: RuntimeModel, site: SiteModel): Map<AssetName, SiteAsset> {
  return siteAssets(site.theme, site.theme.dir, model.portal.theme.logo, model.portal.theme.dir, model.group.traditional);
}

/** A site's asset file names by logical name (the themes' folders are this machine's: names depend only on the files' bytes). */
function assetFilesOf(model: RuntimeModel, site: SiteModel): Record<string, string> {
  return Object.fromEntries([...siteAssetsOf(model, site)].map(([name, a]) => [name, a.file]));
}

/** Where a unit is served: origin and base path (`https://www.x.gov.cn/`, `https://x.gov.cn/fgw/`, `…/archive/lyw/`). */
const mountOf = (model: RuntimeModel, siteId: string) => model.urls.origin(siteId) + model.urls.basePath(siteId);

/**
 * Every path a unit writes, inside its folder: pages, content files, feeds, sitemap, robots.txt
 * and the generated folders (assets, its search bundle, the portal's group bundle).
 */
export function plannedOutputs(unit: PlannedUnit, plan: Pick<BuildPlan, 'groupSearch'>, portalId: string): string[] {
  return [
    ...unit.pages.map((p) => p.file),
    ...unit.files.map(([, route]) => route),
    ...unit.feeds.flatMap((f) => [f.rss.file, f.atom.file]),
    routes.sitemapXml(),
    ...(unit.robots ? [routes.robots()] : []),
    routes.asset(''),
    ...(unit.searchable ? [routes.searchBundle()] : []),
    ...(unit.id === portalId && plan.groupSearch ? [routes.groupSearchBundle()] : []),
  ];
}

/**
 * Outputs that would be served at one URL: the same path written twice, or a unit writing inside
 * the place another unit is mounted (a department at `/pagefind-group/` in paths mode would take
 * the portal's group index). Empty for any group the loader accepts.
 */
export function outputClashes(model: RuntimeModel, plan: Pick<BuildPlan, 'units' | 'groupSearch'>): string[] {
  const mounts = new Map(plan.units.map((u) => [u.id, mountOf(model, u.id)]));
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const unit of plan.units) {
    const mount = mounts.get(unit.id)!;
    const inside = [...mounts].filter(([id, m]) => id !== unit.id && m !== mount && m.startsWith(mount));
    for (const file of plannedOutputs(unit, plan, model.portal.id)) {
      const url = mount + file;
      const owner = seen.get(url);
      if (owner !== undefined) clashes.push(`${url} (${owner}, ${unit.id})`);
      seen.set(url, unit.id);
      for (const [id, m] of inside) if (url.startsWith(m)) clashes.push(`${url} (${unit.id}, inside ${id})`);
    }
  }
  return clashes;
}

/** A page's Astro route parameter: `<siteId>/<route>` without `.html` or a trailing slash. */
function paramOf(d: PageDescriptor): string {
  return `${d.siteId}/${d.route.replace(/\.html$/, '').replace(/\/$/, '')}`.replace(/\/$/, '');
}

function plannedPage(model: RuntimeModel, site: SiteModel, d: PageDescriptor, feedLinks: (columnId: string | undefined) => FeedLink[]): PlannedPage {
  const entry = d.type === 'entry' ? model.entryById.get(d.entryId)! : undefined;
  const column = d.type === 'column' ? site.config.columns.find((c) => c.id === d.columnId) : undefined;
  // The 网站监管 index is a section's list page: checked as a column page (meta, breadcrumb, 更新日期).
  const kind: PageKind = entry ? (entry.kind === 'page' ? 'singlePage' : 'article') : d.type === 'supervision' ? 'column' : d.type in PAGE_REQUIREMENTS ? (d.type as PageKind) : 'other';
  const archivedDay = archivedDayOf(site, entry ? entry.archivedDay : column?.archived?.day);
  const original = entry?.reprintOf ? model.entryById.get(entry.reprintOf) : undefined;
  return {
    ...d,
    kind,
    file: Urls.outputFile(d.route),
    astroFile: astroFileOf(d.route),
    param: paramOf(d),
    url: model.urls.absolute(d.siteId, d.route),
    ...(archivedDay ? { archivedDay } : {}),
    ...(original ? { canonical: model.urls.absolute(original.siteId, original.route) } : {}),
    feeds: feedLinks(d.type === 'column' ? d.columnId : undefined),
    identitySiteId: site.identitySiteId,
    // A republished 重要政策信息 is found at its original (group search would list it once per department).
    searchable: d.type === 'entry' && !isClosedSite(site) && !entry?.reprintOf,
    script: 'hans',
    ...(model.group.traditional ? { versions: versionsOf(model, d.siteId, d.route) } : {}),
  };
}

function versionsOf(model: RuntimeModel, siteId: string, route: string): Record<Script, PageVersion> {
  const u = model.urls;
  const hant = routes.traditional(route);
  return {
    hans: { url: u.absolute(siteId, route), href: u.href(siteId, siteId, route) },
    hant: { url: u.absolute(siteId, hant), href: u.href(siteId, siteId, hant) },
  };
}

/** The 繁體 version of a planned 简体 page: same facts, its own route, file and URL, not searched. */
function traditionalPage(model: RuntimeModel, page: PlannedPage): PlannedPage {
  const route = routes.traditional(page.route);
  const original = page.type === 'entry' ? model.entryById.get(model.entryById.get(page.entryId)!.reprintOf ?? '') : undefined;
  return {
    ...page,
    route,
    file: Urls.outputFile(route),
    astroFile: '',
    param: '',
    url: model.urls.absolute(page.siteId, route),
    // A republished item's 繁體 version points at the original's 繁體 version.
    ...(original ? { canonical: model.urls.absolute(original.siteId, routes.traditional(original.route)) } : {}),
    searchable: false,
    script: 'hant',
    convertedFrom: page.file,
  };
}
