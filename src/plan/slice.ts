/**
 * A unit's slice: the part of the group model one site's pages are rendered from, and nothing
 * else. The renderer sees only the slice, so whatever is not in it cannot change the site's
 * pages; the fingerprint hashes it (fingerprint.ts), so whatever is in it and changes rebuilds
 * the site. That makes incremental, parallel and sharded builds exact by construction.
 *
 * What a site's pages show from elsewhere, and therefore what its slice carries:
 * - every site's public facts (name, short name, domain, kind, status, sponsor, closure,
 *   migration, archive): headers name the portal, banners name successors and migration
 *   targets, the portal lists every department, URLs depend on domains and states;
 * - the portal's theme logo (every header shows it) and, on an archived site, the portal's
 *   registration (its pages carry the portal's identity);
 * - the entries it lists from other sites: reprinted columns, cross-site 解读 and policies, and
 *   on the portal the newest two items of each active department's news columns (部门动态);
 * - its own republished 重要政策信息 (`republished`, with their original's interpretations);
 * - on the portal, the 网站监管 figures of every site (counts and dates only, `supervisionFigures`);
 * - the date-dependent facts, decided for the build's date (`offlineNotices`,
 *   `supervisionPeriods`): never `now`;
 * - on the portal, whether the group is large enough to load search facets on request.
 *
 * Machine-specific data (the content folder's path, the file lists) is left out, so the same
 * content gives the same slice on every machine (sharded builds compare fingerprints).
 */
import type { RuntimeModel } from '../model/runtime.ts';
import { portalNewsSources } from './site-pages.ts';
import { supervisionFigures } from '../model/supervision.ts';
import type { EntryModel, GroupModel, SiteConfig, SiteModel } from '../model/types.ts';

/** Stands in for `now` in a slice: pages never read the date (GroupModel.offlineNotices). */
const NO_DATE = { raw: '', day: '0000-00-00', epoch: 0 } as unknown as GroupModel['now'];

/** Public facts of a site that other sites' pages show. */
const PUBLIC_FACTS = ['name', 'shortName', 'kind', 'domain', 'sponsor', 'status', 'closure', 'migration', 'archive'] as const;
/** The registration an archived site's pages carry (the portal's), as the footer and meta tags show it. */
const REGISTRATION = ['siteCode', 'operator', 'contact', 'icp', 'psb', 'conacId'] as const;

export function sliceOf(model: RuntimeModel, unitId: string): GroupModel {
  const unit = model.siteById.get(unitId)!;
  const portalId = model.portal.id;
  const isPortal = unitId === portalId;
  const entries = new Map<string, EntryModel>();
  const foreign = new Set<string>();
  const columnsOf = new Map<string, Map<string, string[]>>();
  const showColumn = (siteId: string, columnId: string, ids: string[]) => {
    let m = columnsOf.get(siteId);
    if (!m) columnsOf.set(siteId, (m = new Map()));
    m.set(columnId, ids);
    for (const id of ids) foreign.add(id);
  };

  for (const e of model.entries) {
    if (e.siteId !== unitId) continue;
    // The site's own entries, whole: its pages show their bodies, attachments and links.
    entries.set(e.id, e);
    for (const id of [...e.interpretationIds, ...e.interpretsIds]) if (model.entryById.get(id)?.siteId !== unitId) foreign.add(id);
  }
  for (const r of unit.config.reprint) {
    const [fromSite, fromColumn] = r.from.split('/');
    showColumn(fromSite, fromColumn, model.siteById.get(fromSite)?.columnEntries[fromColumn] ?? []);
  }
  if (isPortal) for (const [s, columnId, ids] of portalNewsSources(model)) showColumn(s.id, columnId, ids);
  for (const e of model.republished) {
    if (e.siteId !== unitId) continue;
    entries.set(e.id, e);
    for (const id of [...e.interpretationIds, ...e.interpretsIds]) if (model.entryById.get(id)?.siteId !== unitId) foreign.add(id);
  }
  for (const id of foreign) {
    const e = model.entryById.get(id);
    if (e && e.siteId !== unitId) entries.set(id, listedEntry(e));
  }

  const sites: SiteModel[] = model.sites.map((s) => {
    if (s.id === unitId) {
      // The site itself, whole, except what only the redirect files read.
      const { redirects: _r, ...config } = s.config;
      // The theme's folder is this machine's path: the worker gets it from the job (JobUnit.themeDir).
      return { ...s, config: { ...config, redirects: [] }, theme: { ...s.theme, dir: '' } };
    }
    const shown = columnsOf.get(s.id);
    const keys: readonly (keyof SiteConfig)[] = s.id === portalId && unit.identitySiteId === portalId ? [...PUBLIC_FACTS, ...REGISTRATION] : PUBLIC_FACTS;
    const config = Object.fromEntries(keys.filter((k) => s.config[k] !== undefined).map((k) => [k, s.config[k]])) as Partial<SiteConfig>;
    return {
      id: s.id,
      config: {
        ...config,
        columns: shown ? s.config.columns.filter((c) => shown.has(c.id)) : [],
        reprint: [],
        redirects: [],
        closures: [],
      } as unknown as SiteConfig,
      // Only the portal's logo shows on other sites (every header links to the portal with it).
      theme: (s.id === portalId ? { id: s.theme.id, logo: s.theme.logo, slotHtml: {} } : { id: s.theme.id, slotHtml: {} }) as SiteModel['theme'],
      columnEntries: shown ? Object.fromEntries(shown) : {},
      pageEntries: [],
      identitySiteId: s.identitySiteId,
    };
  });

  return {
    contentDir: '',
    group: model.group,
    sites,
    // Model order: lists that iterate entries see them in the same order as in a whole-model render.
    entries: model.entries.filter((e) => entries.has(e.id)).map((e) => entries.get(e.id)!),
    // Its own republished 重要政策信息 (rendered from the original's source, a body of its own),
    // and those a reprinted column lists.
    republished: model.republished.filter((e) => entries.has(e.id)).map((e) => entries.get(e.id)!),
    skipped: [],
    now: NO_DATE,
    offlineNotices: isPortal ? model.offlineNotices : [],
    supervisionPeriods: isPortal ? model.supervisionPeriods : { months: [], years: [] },
    // Counts and dates of every site: the portal rebuilds when a figure changes, not on a retitle.
    ...(isPortal && model.group.supervision ? { supervisionFigures: supervisionFigures(model) } : {}),
    lazyGroupFacets: isPortal && model.lazyGroupFacets,
    // The portal's search page searches every index; a department's, its own.
    indexedSites: isPortal ? model.indexedSites : model.indexedSites.filter((id) => id === unitId),
    selectedSites: [unitId],
    assets: {},
    files: [],
    fileReal: {},
    unsafeSvg: {},
    invalid: [],
    ruleOverrides: [],
    // Every 繁體 page converts with them: part of every slice (and so of every fingerprint).
    traditionalPhrases: model.traditionalPhrases,
    // The search page's query expansion and the pinyin lookup: the site's own list where it has one.
    searchAliases: model.siteSearchAliases[unitId] ?? model.searchAliases,
    siteSearchAliases: {},
  };
}

/** An entry another site's pages list: what a list or a link shows, not its source or body. */
function listedEntry(e: EntryModel): EntryModel {
  return { ...e, source: '', sourceHash: '', bodyLine: 0, indexNumber: '', attachments: [], interpretationIds: [], interpretsIds: [] };
}

/**
 * The whole model as plain data without machine paths, in place of a slice: for the one test that
 * proves slices complete (test/incremental.test.ts, `JIYUE_WHOLE_MODEL_SLICES=1`): rendered from
 * it, every page must be the same as rendered from its slice.
 */
export function wholeModel(model: RuntimeModel, unitId: string): GroupModel {
  const { urls: _u, siteById: _s, entryById: _e, linkIndex: _l, portal: _p, configs: _c, bodyRefs: _b, themeDirs: _t, assetFiles: _a, ...plain } = model;
  return {
    ...plain,
    contentDir: '',
    selectedSites: [unitId],
    sites: model.sites.map((s) => ({ ...s, theme: { ...s.theme, dir: '' } })),
    searchAliases: model.siteSearchAliases[unitId] ?? model.searchAliases,
    siteSearchAliases: {},
    ...(unitId === model.portal.id && model.group.supervision ? { supervisionFigures: supervisionFigures(model) } : {}),
  };
}
