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
 * - the portal's theme logo, which every header shows, is not here: pages link it by the name the
 *   plan gave it (`PlannedUnit.assets`), and its bytes are in the fingerprint apart;
 * - the registration its pages carry (`identity`): its own, or on an archived site the portal's;
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
import { OWN_ENTRY_FACTS, type EntryModel, type GroupModel, type ListedEntry, type PublicFact, type PublicSite, type Registration, type SiteModel, type SliceEntry, type SliceFact } from '../model/types.ts';

/**
 * What a unit's pages may read, and all of it: plain data (it goes into the worker's job as
 * JSON and into the fingerprint). The compiler holds views to it: there is no `now`, no content
 * folder, no file lists, other sites are `PublicSite`s and their entries `ListedEntry`s, so a
 * view cannot read a fact the slice does not carry.
 */
export interface Slice extends Pick<GroupModel, SliceFact> {
  /** The unit's own entries, whole, and the entries of other sites its pages show, as listed (in model order). */
  entries: SliceEntry[];
  /** The site rendered from it. */
  unit: string;
  /** The unit's own site, whole (without its redirects, and its theme without its folder). */
  site: SiteModel;
  /** Every site in group order: the unit itself as `site`, the others by what the unit's pages show of them. */
  sites: PublicSite[];
  /** The registration its pages carry: its own, or the portal's when it is archived. */
  identity: Registration;
}

/** Public facts of a site that other sites' pages show. */
const PUBLIC_FACTS = ['name', 'shortName', 'kind', 'domain', 'sponsor', 'status', 'closure', 'migration', 'archive'] as const satisfies readonly PublicFact[];
/** What the pages' footer and meta tags show of the registration they carry. */
const REGISTRATION = ['name', 'domain', 'sponsor', 'siteCode', 'operator', 'contact', 'icp', 'psb', 'conacId'] as const satisfies readonly (keyof Registration)[];

export function sliceOf(model: RuntimeModel, unitId: string): Slice {
  const unit = model.siteById.get(unitId)!;
  const portalId = model.portal.id;
  const isPortal = unitId === portalId;
  // Its own and its republished entries, whole; then those of other sites its pages show, listed.
  const whole = new Map<string, EntryModel>();
  const foreign = new Set<string>();
  const columnsOf = new Map<string, Map<string, string[]>>();
  const showColumn = (siteId: string, columnId: string, ids: string[]) => {
    let m = columnsOf.get(siteId);
    if (!m) columnsOf.set(siteId, (m = new Map()));
    m.set(columnId, ids);
    for (const id of ids) foreign.add(id);
  };

  const index = entryIndex(model);
  for (const e of index.bySite.get(unitId) ?? []) {
    // The site's own entries, whole: its pages show their bodies, attachments and links.
    whole.set(e.id, e);
    for (const id of [...e.interpretationIds, ...e.interpretsIds]) if (model.entryById.get(id)?.siteId !== unitId) foreign.add(id);
  }
  for (const r of unit.config.reprint) {
    const [fromSite, fromColumn] = r.from.split('/');
    showColumn(fromSite, fromColumn, model.siteById.get(fromSite)?.columnEntries[fromColumn] ?? []);
  }
  if (isPortal) for (const [s, columnId, ids] of portalNewsSources(model)) showColumn(s.id, columnId, ids);
  for (const e of index.republishedBySite.get(unitId) ?? []) {
    whole.set(e.id, e);
    for (const id of [...e.interpretationIds, ...e.interpretsIds]) if (model.entryById.get(id)?.siteId !== unitId) foreign.add(id);
  }
  const entries = new Map<string, SliceEntry>(whole);
  for (const id of foreign) {
    const e = model.entryById.get(id);
    if (e && e.siteId !== unitId) entries.set(id, listedEntry(e));
  }

  // The site itself, whole, except what only the redirect files read; the theme's folder is this
  // machine's path, and no page reads it (the assets' bytes reach the worker as files: UnitJob.assetsDir).
  const { redirects: _r, ...ownConfig } = unit.config;
  const site: SiteModel = { ...unit, config: { ...ownConfig, redirects: [] }, theme: { ...unit.theme, dir: '' } };
  const sites: PublicSite[] = model.sites.map((s) => {
    if (s.id === unitId) return site;
    const shown = columnsOf.get(s.id);
    const config = pick(s.config, PUBLIC_FACTS);
    return {
      id: s.id,
      config: { ...config, columns: shown ? s.config.columns.filter((c) => shown.has(c.id)) : [] },
      theme: { id: s.theme.id },
      columnEntries: shown ? Object.fromEntries(shown) : {},
      identitySiteId: s.identitySiteId,
    };
  });

  return {
    unit: unitId,
    group: model.group,
    site,
    sites,
    identity: pick(model.siteById.get(unit.identitySiteId)!.config, REGISTRATION),
    // Model order: lists that iterate entries see them in the same order as in a whole-model render.
    entries: inModelOrder(entries, index.entryOrder),
    // Its own republished 重要政策信息 (rendered from the original's source, a body of its own),
    // and those a reprinted column lists.
    republished: inModelOrder(whole, index.republishedOrder),
    offlineNotices: isPortal ? model.offlineNotices : [],
    supervisionPeriods: isPortal ? model.supervisionPeriods : { months: [], years: [] },
    // Counts and dates of every site: the portal rebuilds when a figure changes, not on a retitle.
    ...(isPortal && model.group.supervision ? { supervisionFigures: supervisionFigures(model) } : {}),
    lazyGroupFacets: isPortal && model.lazyGroupFacets,
    // The portal's search page searches every index; a department's, its own.
    indexedSites: isPortal ? model.indexedSites : model.indexedSites.filter((id) => id === unitId),
    // Every 繁體 page converts with them: part of every slice (and so of every fingerprint).
    traditionalPhrases: model.traditionalPhrases,
    // The search page's query expansion and the pinyin lookup: the site's own list where it has one.
    searchAliases: model.siteSearchAliases[unitId] ?? model.searchAliases,
  };
}

/**
 * The model's entries by site and their places in model order, made once per model (the plan
 * reads it too, for each site's trusted MDX): a slice reads its own site's entries, not every entry of the group (a group of 100 sites and 50,000
 * entries would otherwise walk 5 million entries per plan).
 */
const indexes = new WeakMap<RuntimeModel, ReturnType<typeof makeEntryIndex>>();
export function entryIndex(model: RuntimeModel): ReturnType<typeof makeEntryIndex> {
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = makeEntryIndex(model)));
  return index;
}

function makeEntryIndex(model: RuntimeModel) {
  const group = (list: readonly EntryModel[]) => {
    const by = new Map<string, EntryModel[]>();
    for (const e of list) {
      const l = by.get(e.siteId);
      if (l) l.push(e);
      else by.set(e.siteId, [e]);
    }
    return by;
  };
  return {
    bySite: group(model.entries),
    republishedBySite: group(model.republished),
    entryOrder: new Map(model.entries.map((e, i) => [e.id, i])),
    republishedOrder: new Map(model.republished.map((e, i) => [e.id, i])),
  };
}

/** The entries of `chosen` that are in `order` (one of the model's lists), in that list's order. */
function inModelOrder<E extends SliceEntry>(chosen: ReadonlyMap<string, E>, order: ReadonlyMap<string, number>): E[] {
  return [...chosen.keys()]
    .filter((id) => order.has(id))
    .sort((a, b) => order.get(a)! - order.get(b)!)
    .map((id) => chosen.get(id)!);
}

/** The fields `keys` of `config` that are set. */
function pick<T extends object, K extends keyof T>(config: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => config[k] !== undefined).map((k) => [k, config[k]])) as Pick<T, K>;
}

/** An entry another site's pages list: what a list or a link shows, not its source or body (`OWN_ENTRY_FACTS`). */
function listedEntry(e: EntryModel): ListedEntry {
  const listed: Partial<EntryModel> = { ...e };
  for (const k of OWN_ENTRY_FACTS) delete listed[k];
  return listed as ListedEntry;
}
