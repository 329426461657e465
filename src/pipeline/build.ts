/**
 * The build pipeline, content to `dist/` (docs/architecture.md draws it):
 *
 *   load + content rules → **plan** (plan.ts: every unit, page, file and slice) → URL ledger and
 *   redirects → Markdown bodies (rendered or reused, render.ts) → fingerprints → units: reused
 *   from the cache, or built by worker processes (Astro render, layout, page-spec check, site
 *   search bundle), or taken from shard folders (`merge`) → assemble `sites/` by hard links →
 *   group search index (the site bundles merged) → manifest → reports/ → atomic swap.
 *
 * Each arrow is a named step of steps.ts (`STEPS`); this file sets up what they share (`Run`), runs
 * them as the progress list, times each one, and after them keeps the cache, records the build for
 * the next one to compare with (unchanged.ts: a build with nothing changed is answered from it
 * before this file is even loaded) and prints the summary.
 * `--shard K/N` stops after the units and writes a shard folder instead (shards.ts).
 * Any error leaves the previous output untouched and the process exits non-zero. The pipeline
 * never imports Astro (the workers do), so `runBuild` can run any number of times in a process.
 */
import path from 'node:path';
import { Listr } from 'listr2';
import { diagnostic } from '../errors/catalogue.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import { countBySeverity, type Diagnostic } from '../errors/diagnostic.ts';
import type { GroupModel } from '../model/types.ts';
import { readPreviousManifest } from '../lifecycle/stage.ts';
import type { Manifest } from '../plan/manifest.ts';
import { BuildCache, CacheBusy, type GroupOutput } from './cache.ts';
import { fileState } from '../lib/files.ts';
import { generatorDigest } from './fingerprint.ts';
import type { BuildOptions } from './options.ts';
import { discardOutput, prepareOutput } from './output-dir.ts';
import { formatReasons, formatSummary, printDiagnostics, summaryFacts } from './print.ts';
import { readInputs, recordUnchanged, type InputState } from './unchanged.ts';
import { cacheKey } from './cache-seal.ts';
import type { Deferral } from './deferral.ts';
import { shardDigest } from './shards.ts';
import { deferredFindings, groupIndexRel, STEPS, StopBuild, type BuildTimings, type Ctx, type Run } from './steps.ts';

export { GENERATOR, type BuildTimings } from './steps.ts';

export interface BuildOutcome {
  ok: boolean;
  diagnostics: Diagnostic[];
  manifest?: Manifest;
  model?: GroupModel;
  /** Units built this time and units reused from the cache. */
  built?: string[];
  reused?: string[];
  /** Departments whose changes were deferred (published from their last good copy, or not at all): exit code 3. */
  deferred?: Deferral[];
}

export async function runBuild(
  options: BuildOptions,
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
  /** The inputs' file metadata, when the caller walked them already (unchanged.ts, main.ts). */
  given?: InputState,
): Promise<BuildOutcome> {
  const started = performance.now();
  // Walked before anything reads the content: a file changed during the build is seen by the next one.
  const inputs = options.shard || options.mergeFrom ? undefined : (given ?? readInputs(options));
  const timings: BuildTimings = {};
  const time = async <T>(phase: string, f: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + (performance.now() - t) / 1000;
    }
  };
  const out = (d: Diagnostic[]) => {
    printDiagnostics(d, io.err);
    return { ok: false, diagnostics: d };
  };
  for (const [what, dir] of [
    ['--out', options.outDir],
    ['内容目录', options.contentDir],
  ] as const) {
    if (options.cacheDir === dir || options.cacheDir.startsWith(dir + path.sep)) {
      return out([diagnostic('CliBadArgument', { detail: `缓存目录 ${options.cacheDir} 不能在${what} ${dir} 之内` })]);
    }
  }
  const cache = new BuildCache(options.cacheDir, options.cacheKey ?? cacheKey());
  try {
    cache.lock();
  } catch (error) {
    if (error instanceof CacheBusy) return out([diagnostic('CacheBusy', { dir: options.cacheDir, pid: error.pid })]);
    throw error;
  }
  try {
    return await pipeline(options, io, cache, timings, time, started, inputs);
  } finally {
    cache.unlock();
  }
}

async function pipeline(
  options: BuildOptions,
  io: { out: (s: string) => void; err: (s: string) => void },
  cache: BuildCache,
  timings: BuildTimings,
  time: <T>(phase: string, f: () => T | Promise<T>) => Promise<T>,
  started: number,
  inputs: InputState | undefined,
): Promise<BuildOutcome> {
  const dirs = prepareOutput(options.outDir);
  const ctx: Ctx = { diagnostics: [], units: new Map(), built: [], reused: [], reasons: new Map(), deferred: new Map() };
  const plain = !process.stdout.isTTY || Boolean(process.env.CI);
  const hasErrors = () => ctx.diagnostics.some((d) => d.severity === 'error');
  const shard = options.shard;
  const merging = Boolean(options.mergeFrom);
  // Search settings every unit's bundle is written with (part of its fingerprint).
  const search = { maxFragments: options.tuning.searchMaxFragments };
  const generator = generatorDigest();

  // The previous build's manifest: the ledger compares with it and its 索引号 are kept.
  const previousFile = options.previousManifest ?? path.join(options.outDir, 'manifest.json');
  const previous = shard ? {} : readPreviousManifest(previousFile, Boolean(options.previousManifest));
  // A shard keeps the 索引号 of the manifest it is told about, like the merge will.
  const pins = shard && options.previousManifest ? readPreviousManifest(options.previousManifest, true) : previous;
  // A --site build replaces the output folder: never over a build that holds other sites.
  const inOut = previousFile === path.join(options.outDir, 'manifest.json') ? previous.manifest : readPreviousManifest(path.join(options.outDir, 'manifest.json'), false).manifest;
  const others = options.sites.length ? (inOut?.sites ?? []).map((s) => s.id).filter((id) => !options.sites.includes(id)) : [];
  if (others.length) {
    discardOutput(dirs);
    printDiagnostics([diagnostic('SitePartialOverFull', { out: path.relative(process.cwd(), options.outDir) || options.outDir, others: others.join('、') })], io.err);
    return { ok: false, diagnostics: [] };
  }
  const run: Run = {
    options,
    cache,
    dirs,
    generator,
    search,
    shard,
    merging,
    previous,
    pins,
    timings,
    time,
    collect: (list) => ctx.diagnostics.push(...applyRuleOverrides(list, ctx.model?.ruleOverrides ?? [])),
    hasErrors,
    buildDigest: () =>
      shardDigest({ generator, now: options.now.day, previousManifest: options.previousManifest, contentDir: options.contentDir, themesDir: options.themesDir, maxFragments: search.maxFragments }),
  };

  // The progress list is a view of the steps: each one timed once, as `step.<name>`.
  const tasks = new Listr<Ctx>(
    STEPS.map((step) => ({
      title: step.title(run),
      ...(step.enabled ? { enabled: () => step.enabled!(run) } : {}),
      task: async (c: Ctx, task: { title: string; output: string; skip: (reason: string) => void }) => {
        const t = performance.now();
        try {
          await step.run(c, run, { title: (s) => (task.title = s), output: (s) => (task.output = s), skip: (reason) => task.skip(reason) });
        } finally {
          timings[`step.${step.name}`] = (performance.now() - t) / 1000;
        }
      },
      ...(step.progress ? { rendererOptions: { outputBar: 1 } } : {}),
    })),
    {
      ctx,
      exitOnError: true,
      renderer: 'default',
      fallbackRenderer: 'simple',
      fallbackRendererCondition: plain,
      rendererOptions: { collapseSubtasks: false },
      registerSignalListeners: false,
    },
  );
  const onSignal = () => {
    discardOutput(dirs);
    cache.unlock();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await tasks.run();
  } catch (error) {
    discardOutput(dirs);
    if (!(error instanceof StopBuild)) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      ctx.diagnostics.push(diagnostic('BuildInternal', { detail }));
    }
    printDiagnostics([...deferredFindings(ctx), ...ctx.diagnostics], io.err);
    io.err(`\n构建失败，输出目录 ${options.outDir} 保持不变。\n`);
    return { ok: false, diagnostics: ctx.diagnostics, model: ctx.model, built: ctx.built, reused: ctx.reused };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Unused when the build stopped before the group index.
    ctx.groupMerge?.close();
  }
  // The cache keeps what this build used: bodies of the sites it rendered, units of the group.
  if (!merging) {
    await time('cache', () => {
      cache.bodies.write(ctx.bodies ?? new Map(), ctx.scope!.filter((u) => u.live).map((u) => u.id));
      if (!shard) cache.keepGroupOutput(groupOutputOf(ctx, options.outDir));
      if (!options.sites.length && !shard) {
        cache.prune(ctx.plan!.units.map((u) => u.id));
        // Each department published from its current folder is its new last good copy (only where it changed).
        const portalId = ctx.model!.portal.id;
        for (const unit of ctx.plan!.units) {
          if (unit.id === portalId || ctx.deferred.has(unit.id) || (cache.lastGood.has(unit.id) && !ctx.built.includes(unit.id))) continue;
          cache.lastGood.sync(options.contentDir, unit.id);
        }
        cache.lastGood.prune(new Set([...ctx.plan!.units.map((u) => u.id), ...ctx.deferred.keys()]));
      }
    });
  }
  const printed = [...deferredFindings(ctx), ...ctx.diagnostics];
  printDiagnostics(printed, io.err);
  const model = ctx.model!;
  timings.unitsBuilt = ctx.built.length;
  timings.unitsReused = ctx.reused.length;
  if (shard) {
    timings.total = (performance.now() - started) / 1000;
    if (options.tuning.timings) io.err(`JIYUE_TIMINGS ${JSON.stringify(timings)}\n`);
    io.out(`\n分片 ${shard.index}/${shard.count} 构建完成（用时 ${timings.total.toFixed(1)} 秒）：${ctx.scope!.map((u) => u.id).join('、') || '无站点'}\n  输出　　${path.relative(process.cwd(), options.outDir) || '.'}（不能直接部署：用 npm run merge 合并所有分片）\n`);
    return { ok: true, diagnostics: ctx.diagnostics, model, built: ctx.built, reused: ctx.reused };
  }
  const pagesBySite: Record<string, number> = {};
  for (const s of ctx.manifest!.sites) pagesBySite[s.id] = s.pageCount;
  const facts = summaryFacts(model);
  const deferred = [...ctx.deferred.values()];
  const stats = {
    pages: ctx.manifest!.pages.length,
    traditionalPages: ctx.plan!.units.reduce((n, u) => n + u.pages.filter((p) => p.script === 'hant').length, 0),
    pagesBySite,
    warnings: countBySeverity(ctx.diagnostics).warnings,
    deferred,
  };
  const units = ctx.scope!.map((u) => u.id);
  // What the next build with nothing changed prints and returns instead of building (unchanged.ts).
  if (!merging) {
    await time('recordUnchanged', () =>
      recordUnchanged(options, inputs, { code: deferred.length ? 3 : 0, printed, facts, stats, units, portal: model.group.portal }),
    );
  }
  timings.total = (performance.now() - started) / 1000;
  if (options.tuning.timings) io.err(`JIYUE_TIMINGS ${JSON.stringify(timings)}\n`);
  io.out(
    '\n' +
      formatSummary(facts, { ...stats, seconds: timings.total, outDir: path.relative(process.cwd(), options.outDir) || '.', built: ctx.built, reused: ctx.reused.length }) +
      formatReasons(units, ctx.reasons, model.group.portal, Boolean(options.explain)),
  );
  return { ok: true, diagnostics: ctx.diagnostics, manifest: ctx.manifest, model, built: ctx.built, reused: ctx.reused, deferred };
}

/**
 * The group index this build left in the output, for the next build to keep when nothing it is
 * made from changes: as kept, or as just committed (hashes as SHA256SUMS has them, states read now).
 */
function groupOutputOf(ctx: Ctx, outDir: string): GroupOutput | undefined {
  const group = ctx.group;
  if (!group || !ctx.groupInputs || !ctx.checksums) return undefined;
  if (group.kept) return group.kept;
  const rel = groupIndexRel(ctx)!;
  const files: GroupOutput['files'] = [];
  for (const [file, hash] of ctx.checksums) {
    if (!file.startsWith(`${rel}/`)) continue;
    files.push([file.slice(rel.length + 1), hash, fileState(path.join(outDir, ...file.split('/')))]);
  }
  return { inputs: ctx.groupInputs, files };
}
