/**
 * What the dev server serves from: the group read, checked, planned and its bodies rendered, in
 * memory — the build's own steps (loadGroup, scanContent and checkScanned, the plan's units as
 * planBuild makes them, renderBodies) in the build's order, never a second implementation. Pages
 * are rendered from it on request (astro.ts); nothing of it is written into `dist/` or the build
 * cache: the stores live in the dev server's own scratch folder.
 *
 * A reload after a save reads the group again with the scratch stores warm: a Markdown file the
 * file watcher saw no change of is not looked at again, nor a site folder walked again where no
 * name appeared or vanished (model/watched.ts); without a trusted watcher an unchanged file is
 * known by its size, times and inode. Nothing unchanged is parsed again. A site's unit is planned
 * when one of its pages is asked for (`planLazily`), and bodies are rendered when their page is
 * (`bodyOf`): an editor looks at a few pages, and the content rules (checkScanned) already report
 * what a body's links and text get wrong; an unchanged body is not rendered again
 * (docs/performance.md has the numbers).
 */
import type { PlannedPage, PlannedUnit } from '../plan/plan.ts';
import { planLazily, siteAssetsOf } from '../plan/plan.ts';
import { lazyList } from '../lib/lazy-list.ts';
import { jobUnitOf, renderUnitOf, type RenderJob } from '../plan/unit-job.ts';
import type { ContentOptions } from '../pipeline/options.ts';
import type { SiteAsset } from '../plan/assets.ts';
import { checkScanned, scanContent, type ScanStore } from '../check/check.ts';
import type { LinkMemo } from '../rules/links.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { inScope } from '../errors/scope.ts';
import { loadGroup, type FrontMatterStore, type LoadOptions } from '../model/load.ts';
import { WatchedTree } from '../model/watched.ts';
import type { readKeptRecords } from '../pipeline/cache.ts';
import { toRuntime, type RuntimeModel } from '../model/runtime.ts';
import { BodyStore, renderBodies, type BodyRecord } from '../markdown/render.ts';
import type { EntryModel } from '../model/types.ts';
import { routes } from '../urls/urls.ts';
import { ID_LOOKUP } from '../search/ids.ts';
import { PINYIN_LOOKUP } from '../search/pinyin.ts';

/** A planned page with the unit it belongs to. */
export interface DevPage {
  unitIndex: number;
  page: PlannedPage;
}

/** One served site of the state: its unit as planned, and what a request looks up in it. */
export interface DevSite {
  unitIndex: number;
  unit: PlannedUnit;
  /** Each planned page by its file inside the site's folder (`gzdt/x/index.html`). */
  pages: Map<string, DevPage>;
  /** Each 简体 page by its Astro route parameter (what `render.routed` answers). */
  byParam: Map<string, DevPage>;
  /** Each content file it publishes, route → content path. */
  files: Map<string, string>;
  /** Its assets by file name (`assets/<file>`). */
  assets: Map<string, SiteAsset>;
  /** The content file each entry page is written from, by page file. */
  sources: Map<string, string>;
}

/** The group as the dev server serves it. `model` is absent when the group does not load at all. */
export interface DevState {
  model?: RuntimeModel;
  /** What the Astro pages read (unit-job.ts `renderJob`), as a worker's job would give it. */
  render?: RenderJob;
  /** The route parameter of every planned 简体 page, in plan order (Astro's route list: `planLazily`). */
  params: string[];
  /** A selected site as served, its unit planned when first asked for (undefined: not a selected site). */
  site: (siteId: string) => DevSite | undefined;
  /** Every finding of loading, the content rules and the bodies, with the group's `rules:` applied. */
  diagnostics: Diagnostic[];
  /** Milliseconds this state took to make, and its steps'. */
  ms: number;
  steps: Record<'load' | 'check' | 'plan', number>;
}

/**
 * The dev server's stores of per-file results (the build keeps the same in its cache, sealed,
 * in files): in memory, read and replaced on every reload without parsing or writing JSON.
 */
export interface DevStores {
  frontMatter: FrontMatterStore;
  scans: ScanStore;
  links: LinkMemo;
  siteYaml: NonNullable<LoadOptions['siteYaml']>;
  /** What the file watcher saw change since the last reading (the server tells it every change). */
  watched: WatchedTree;
}

/**
 * The stores, empty or starting from `seed`: the build cache's sealed records (cache.ts
 * `readKeptRecords`), which the loader and the content rules check like their own (by the file's
 * metadata and bytes, the generator, the inputs of a scan) before they use one.
 */
export function devStores(seed: Partial<ReturnType<typeof readKeptRecords>> = {}): DevStores {
  return { frontMatter: memoryStore(seed.frontMatter), scans: memoryStore(seed.scans), links: { against: '', bySource: new Map() }, siteYaml: memoryStore(), watched: new WatchedTree() };
}

function memoryStore<T>(seed?: Map<string, T>): { read(): Map<string, T>; write(records: ReadonlyMap<string, T>): void } {
  let kept = seed ?? new Map<string, T>();
  return {
    read: () => kept,
    write: (records) => {
      kept = new Map(records);
    },
  };
}

/** Reads the group into a new state; `stores` are the dev server's own (never the build's). */
export async function loadDevState(options: ContentOptions, stores: DevStores, generator: string): Promise<DevState> {
  const started = performance.now();
  const state: DevState = { diagnostics: [], params: [], site: () => undefined, ms: 0, steps: { load: 0, check: 0, plan: 0 } };
  let t = started;
  const step = (name: keyof DevState['steps']) => {
    const n = performance.now();
    state.steps[name] = n - t;
    t = n;
  };
  const scope = options.sites.length ? options.sites : undefined;
  const loaded = loadGroup({
    contentDir: options.contentDir,
    themesDir: options.themesDir,
    now: options.now,
    sites: options.sites,
    // The store is this process's, in memory: a file whose metadata are unchanged is not read again.
    frontMatter: { store: stores.frontMatter, generator, reuse: true, trustStat: true },
    siteYaml: stores.siteYaml,
    watched: stores.watched,
    lazyFacetsFrom: options.tuning.lazyFacetsFrom,
  });
  state.diagnostics.push(...loaded.diagnostics);
  step('load');
  if (!loaded.model) {
    state.diagnostics = inScope(state.diagnostics, scope);
    state.ms = performance.now() - started;
    return state;
  }
  const model = toRuntime(loaded.model, loaded.configs);
  const scan = await scanContent(model, { workers: options.tuning.checkWorkers, scans: { store: stores.scans, generator, reuse: true }, links: stores.links });
  state.diagnostics.push(...checkScanned(model, scan).diagnostics);
  state.diagnostics = inScope(state.diagnostics, scope);
  step('check');
  // A unit is planned, and its slice and model made, when one of its pages is asked for (an
  // editor looks at one or two sites); bodies when their pages are (bodyOf).
  const plan = planLazily(model, scan.linkedFiles);
  const units = lazyList(plan.units.length, (i) => renderUnitOf(jobUnitOf(plan.units[i], new Map(), (pack) => pack, ''), model.contentDir));
  const unitIndex = new Map(model.selectedSites.map((id, i) => [id, i]));
  const sites = new Map<string, DevSite>();
  state.model = model;
  state.params = plan.params;
  state.site = (siteId) => {
    const i = unitIndex.get(siteId);
    if (i === undefined) return undefined;
    let site = sites.get(siteId);
    if (!site) sites.set(siteId, (site = devSite(model, plan.units[i], i)));
    return site;
  };
  state.render = {
    job: { contentDir: model.contentDir, workDir: '', outDir: '', assetsDir: '', units: lazyList(units.length, (i) => units[i].unit), search: { maxFragments: 0 }, pagefindThreads: 1 },
    units,
    routed: (param) => state.site(param.split('/')[0])?.byParam.get(param),
  };
  step('plan');
  state.ms = performance.now() - started;
  return state;
}

/**
 * The body store of the dev server: records in memory (no file per site to rewrite on every
 * page), packs in its scratch folder. The build's renderBodies decides, as in a build, whether a
 * kept record still holds (same source, generator and link resolutions).
 */
export class DevBodies extends BodyStore {
  readonly #records = new Map<string, Record<string, BodyRecord>>();

  override read(siteId: string): Record<string, BodyRecord> {
    return this.#records.get(siteId) ?? {};
  }

  override write(records: ReadonlyMap<string, BodyRecord>): void {
    for (const [id, r] of records) {
      const siteId = id.split('/')[0];
      let site = this.#records.get(siteId);
      if (!site) this.#records.set(siteId, (site = {}));
      site[id] = r;
    }
  }

  override hasPack(pack: string): boolean {
    // Written by this process only, into its own scratch folder.
    return pack !== '';
  }
}

/**
 * The body of an entry page, rendered now or kept from before: its place for the view
 * (written into the unit's `bodies`, which its model's `bodyRefs` is) and its findings, with
 * the group's `rules:` applied.
 */
export async function bodyOf(state: DevState, unitIndex: number, entry: EntryModel, bodies: DevBodies, generator: string): Promise<Diagnostic[]> {
  const model = state.model!;
  const unit = state.render!.units[unitIndex].unit;
  const r = await renderBodies(model, [entry], bodies, { reuse: true, generator, workers: 1 });
  bodies.write(r.records);
  const record = r.records.get(entry.id);
  if (!record) return [];
  if (record.pack) unit.bodies[entry.id] = [bodies.packFile(record.pack), ...record.at];
  return applyRuleOverrides(record.diagnostics, model.ruleOverrides);
}

function devSite(model: RuntimeModel, unit: PlannedUnit, unitIndex: number): DevSite {
  const pages = new Map<string, DevPage>();
  const byParam = new Map<string, DevPage>();
  const sources = new Map<string, string>();
  for (const page of unit.pages) {
    pages.set(page.file, { unitIndex, page });
    if (page.script === 'hans') byParam.set(page.param, { unitIndex, page });
    if (page.type === 'entry') sources.set(page.file, model.entryById.get(page.entryId)!.source);
  }
  const assets = siteAssetsOf(model, model.siteById.get(unit.id)!);
  return {
    unitIndex,
    unit,
    pages,
    byParam,
    sources,
    files: new Map(unit.files.map(([source, route]) => [route, source])),
    assets: new Map([...assets.values()].map((a) => [a.file, a])),
  };
}

/** The search indexes' files inside a site: its bundles and its identifiers lookup (served from the last build, if there is one). */
export const SEARCH_BUNDLES = [routes.searchBundle(), routes.groupSearchBundle(), `${routes.search()}${ID_LOOKUP}`, `${routes.search()}${PINYIN_LOOKUP}`];
