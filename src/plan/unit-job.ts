/**
 * What a unit worker (unit-worker.ts) is asked to build, and how the Astro side reads it.
 *
 * The pipeline hands a job to Astro through one environment variable, `JIYUE_JOB`, naming a
 * JSON file: Astro loads `astro.config.mjs`, `src/content.config.ts` and the pages in module
 * graphs of its own (the config through Node, the pages through Vite), so a value set in the
 * pipeline's modules is not visible there, but the environment is. Everything else comes back
 * as files (the unit records) or through the render sink (src/markdown/sink.ts, on
 * `globalThis`, for the trusted-MDX plugins that run inside Astro's compile). The job is only
 * ever set inside a worker process, so the pipeline process itself never imports Astro and
 * `runBuild` can run any number of times in one process.
 */
import fs from 'node:fs';
import type { PreviousCopies } from '../lib/precompress.ts';
import type { BodyRef } from '../markdown/body-pack.ts';
import type { BodyRecord } from '../markdown/render.ts';
import { lookupsOf, type LinkIndexParts, type Lookups } from '../model/runtime.ts';
import type { PublicSite, SiteModel } from '../model/types.ts';
import type { UrlConfig } from '../urls/urls.ts';
import type { PlannedPage, PlannedUnit } from './plan.ts';
import type { Slice } from './slice.ts';

export interface JobUnit extends Omit<PlannedUnit, 'slice'> {
  slice: PlannedUnit['slice'];
  /** Where each Markdown body's HTML is (its pack in the body store and byte range), by entry id. */
  bodies: Record<string, BodyRef>;
  /** The unit's fingerprint, written into its record. */
  fingerprint: string;
  /**
   * The unit's last build in the cache, made by this same generator: its folder and each file's
   * sha256 as its sealed record lists them. A page whose bytes did not change takes its `.gz` and
   * `.br` from there (checked against the record) instead of compressing again (precompress.ts).
   */
  previousBuild?: PreviousCopies;
}

export interface UnitJob {
  /** Absolute path of the content folder (files are copied from it; trusted MDX is compiled from it). */
  contentDir: string;
  /** Scratch folder of this worker (Astro's root, output and cache). */
  workDir: string;
  /** Where each unit's folder and record are written: `<outDir>/<unitId>/`, `<outDir>/<unitId>.json`. */
  outDir: string;
  /**
   * The assets' bytes as the plan named them (`JobUnit.assets`), one file each under its name,
   * written once per build by the pipeline (src/plan/assets.ts makes them: minifying and
   * naming are done once, not again in every worker). The layout step copies them.
   */
  assetsDir: string;
  units: JobUnit[];
  /** What trusted MDX links resolve against (the whole group), when a unit has trusted MDX. */
  mdx?: { links: LinkIndexParts; urls: UrlConfig; lineBreaks: boolean };
  search: { maxFragments: number };
  /**
   * Threads each Pagefind run may use: the cores shared by the workers running at once. Pagefind
   * starts a thread per core; two workers' Pagefind runs on two cores then take turns on them
   * (docs/performance.md). Not in the fingerprint: the index is the same with any number.
   */
  pagefindThreads: number;
}

/**
 * What a unit's pages are rendered from: its slice, the lookups over it, and what only the
 * machine rendering it knows (the content folder, the bodies' places) or the plan decided (the
 * asset names).
 */
export interface UnitModel extends Slice, Lookups<PublicSite> {
  /** The unit's own site, whole (`Slice.site`). */
  site: SiteModel;
  /** Absolute path of the content folder (trusted MDX and content files are read from it). */
  contentDir: string;
  /** Where the rendered HTML of each Markdown body is, by entry id. */
  bodyRefs: Readonly<Record<string, BodyRef>>;
  /** The site's asset file names by logical name, as the plan decided them (`PlannedUnit.assets`). */
  assets: Readonly<Record<string, string>>;
}

export interface RenderUnit {
  unit: JobUnit;
  model: UnitModel;
}

/** What the Astro pages render from: the job and its units with their models. */
export interface RenderJob {
  job: UnitJob;
  units: RenderUnit[];
  /**
   * The dev server's only: a planned 简体 page by its route parameter, in the current state. Astro
   * keeps the route list (and the props it gave each route) until the dev server tells it the
   * pages changed, which it does only when pages are added or removed: a page looks itself up
   * here, so a save that changes what a page shows, not which pages there are, needs no new list.
   */
  routed?: (param: string) => RoutedPage | undefined;
}

let cached: RenderJob | null | undefined;

/**
 * The job of the worker this module runs in, or null outside one (e.g. `astro check`). In the
 * dev server (src/dev/) the job is the one in memory, read on every call: it changes on save.
 */
export function renderJob(): RenderJob | null {
  const dev = (globalThis as Record<symbol, unknown>)[DEV_RENDER] as (() => RenderJob) | undefined;
  if (dev) return dev();
  if (cached !== undefined) return cached;
  const file = process.env.JIYUE_JOB;
  if (!file || !fs.existsSync(file)) return (cached = null);
  const job = JSON.parse(fs.readFileSync(file, 'utf8')) as UnitJob;
  cached = { job, units: job.units.map((unit) => renderUnitOf(unit, job.contentDir)) };
  return cached;
}

/**
 * Where the dev server puts its in-memory job (a function returning the current one): the Astro
 * pages run in the dev server's own process (Vite's module runner), so `globalThis` is shared.
 */
export const DEV_RENDER = Symbol.for('jiyue.dev.render');

/** A unit with the model its pages are rendered from: its slice, plus what only this machine knows. */
export function renderUnitOf(unit: JobUnit, contentDir: string): RenderUnit {
  const slice = unit.slice;
  const siteById = new Map(slice.sites.map((s) => [s.id, s]));
  const lookups = lookupsOf(slice, siteById);
  return { unit, model: { ...slice, ...lookups, contentDir, bodyRefs: unit.bodies, assets: unit.assets } };
}

/**
 * A planned unit as a worker (or the dev server) renders it: its bodies' places in the body
 * store.
 */
export function jobUnitOf(unit: PlannedUnit, bodies: ReadonlyMap<string, BodyRecord>, packFile: (pack: string) => string, fingerprint: string, previousBuild?: PreviousCopies): JobUnit {
  const refs: Record<string, BodyRef> = {};
  for (const p of unit.pages) {
    if (p.type !== 'entry') continue;
    const r = bodies.get(p.entryId);
    if (r) refs[p.entryId] = [packFile(r.pack), ...r.at];
  }
  return {
    ...unit,
    fingerprint,
    bodies: refs,
    ...(previousBuild ? { previousBuild } : {}),
  };
}

/** The page a route renders, with the model of its unit. */
export interface RoutedPage {
  unitIndex: number;
  page: PlannedPage;
}
