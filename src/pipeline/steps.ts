/**
 * The build as a short list of named steps in the order they run (docs/architecture.md), each one
 * function of the context it fills (`Ctx`) and of what the run set up once (`Run`); build.ts runs
 * them, times each one (`step.<name>` in the timing line) and shows them as the progress list.
 * Finer phases inside a step keep their own timings (`load`, `check`, `units` …: scripts/bench.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { inScope } from '../errors/scope.ts';
import { renderBodies, type BodyRecord } from '../markdown/render.ts';
import { loadGroup } from '../model/load.ts';
import { linkIndexParts, toRuntime, urlConfigOf, type RuntimeModel } from '../model/runtime.ts';
import { buildGroupIndex, GroupMerge, groupIndexInputs } from '../search/group-index.ts';
import { partDirOf } from '../search/group-part.ts';
import { GROUP_BUNDLE } from '../search/paths.ts';
import { publishedIndexNumbers, readPreviousManifest, runLifecycleStage, writeRedirects } from '../lifecycle/stage.ts';
import type { ManifestRedirect } from '../lifecycle/redirects.ts';
import { checkScanned, scanContent, type ContentCheckResult, type ContentScan } from '../check/check.ts';
import { writeBuildReports } from '../reports/build-report.ts';
import { writeDeployFiles } from '../deploy/write.ts';
import { linkTree, sameAsCached, sameGroupOutput, type BuildCache, type GroupOutput, type UnitRecord } from './cache.ts';
import { Digests, explainRebuild, reasonText, unitFingerprint, type Fingerprint, type FingerprintParts, type RebuildReason } from './fingerprint.ts';
import { writeManifest, type Manifest } from '../plan/manifest.ts';
import { PROJECT_ROOT } from '../lib/files.ts';
import type { BuildOptions } from './options.ts';
import { commitOutput, type CommitStep, type OutputDirs } from './output-dir.ts';
import { planBuild, siteAssetsOf, type BuildPlan, type PlannedUnit } from '../plan/plan.ts';
import { batchUnits, runUnits } from './run-units.ts';
import { writeChecksums } from './checksums.ts';
import { confinedTo, effectiveContent, type Deferral } from './deferral.ts';
import { readShards, shardUnits, writeShardInfo, type ShardUnit } from './shards.ts';
import { jobUnitOf, type JobUnit, type UnitJob } from '../plan/unit-job.ts';

export const GENERATOR = `jiyue ${JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version}`;

/** What the steps fill in, in order: each reads what the steps before it set. */
export interface Ctx {
  model?: RuntimeModel;
  /** What the content holds, read once (src/check scanContent): the rules' input, and the files the bodies link for the plan. */
  scan?: ContentScan;
  /** The content rules' findings (src/check), for dist/reports/. */
  check?: ContentCheckResult;
  plan?: BuildPlan;
  /** Units this build produces (all planned units, or one shard's). */
  scope?: PlannedUnit[];
  bodies?: Map<string, BodyRecord>;
  /** Where each unit's folder is and what its build found. */
  units: Map<string, ShardUnit>;
  diagnostics: Diagnostic[];
  manifest?: Manifest;
  redirects?: ManifestRedirect[];
  built: string[];
  reused: string[];
  /** Why each built unit was built (fingerprint.ts `explainRebuild`), by unit id. */
  reasons: Map<string, RebuildReason[]>;
  /** Folders taken from the previous output and things put into them, at the commit (assemble). */
  commitSteps?: CommitStep[];
  /** Where the group index is written (absent: no group index in this build). */
  groupDir?: string;
  /** The group index, built during the assembly, or kept in the output as the last build left it (`kept`). */
  group?: Awaited<ReturnType<typeof buildGroupIndex>> & { kept?: GroupOutput };
  /** A digest of what the group index is made from (group-index.ts `groupIndexInputs`). */
  groupInputs?: string;
  /** Every output file's sha256 by its path, as written into SHA256SUMS (writeOutputChecksums). */
  checksums?: Map<string, string>;
  /** The group merge's thread, started with the units: it reads each site bundle once final (buildUnits). */
  groupMerge?: GroupMerge;
  /** A merge's shard folders, read and matched against this merge's inputs before anything is loaded. */
  shards?: ReturnType<typeof readShards>;
  /** Departments deferred by errors confined to them (deferral.ts), by site id. */
  deferred: Map<string, Deferral>;
}

/** Thrown inside a step to stop the build after its diagnostics were collected. */
export class StopBuild extends Error {}

/** Phase timings (seconds) and counts, printed as one line when JIYUE_TIMINGS is set (scripts/bench.ts reads it). */
export interface BuildTimings {
  [phase: string]: number;
}

/** What the run sets up once, before the first step, and every step may read. */
export interface Run {
  options: BuildOptions;
  cache: BuildCache;
  dirs: OutputDirs;
  /** Digest of the generator's code (fingerprint.ts). */
  generator: string;
  /** Search settings every unit's bundle is written with (part of its fingerprint). */
  search: { maxFragments: number };
  shard?: BuildOptions['shard'];
  merging: boolean;
  /** The previous build's manifest: the ledger compares with it and its 索引号 are kept. */
  previous: ReturnType<typeof readPreviousManifest>;
  /** The manifest whose 索引号 are kept (a shard's is the one it is told about). */
  pins: ReturnType<typeof readPreviousManifest>;
  timings: BuildTimings;
  time: <T>(phase: string, f: () => T | Promise<T>) => Promise<T>;
  /** Adds findings of a step after loading, with the group's `rules:` applied (once, here). */
  collect: (list: readonly Diagnostic[]) => void;
  hasErrors: () => boolean;
  /** What a shard and its merge must share (shards.ts `shardDigest`). */
  buildDigest: () => string;
}

/** How a step shows itself while it runs (the progress list). */
export interface StepView {
  title: (s: string) => void;
  output: (s: string) => void;
  skip: (reason: string) => void;
}

export interface Step {
  /** Its name in the timing line (`step.<name>`) and in docs/architecture.md. */
  name: string;
  title: (r: Run) => string;
  enabled?: (r: Run) => boolean;
  /** Shows a progress line (the units step). */
  progress?: boolean;
  run: (c: Ctx, r: Run, view: StepView) => Promise<void>;
}

const whole = (r: Run) => !r.shard;

/** The build, step by step. */
export const STEPS: readonly Step[] = [
  { name: 'load', title: () => '读取配置和内容', run: loadContent },
  { name: 'plan', title: () => '规划构建', run: planUnits },
  { name: 'ledger', title: () => '网址台账与重定向', enabled: whole, run: checkLedger },
  { name: 'bodies', title: () => '渲染正文', enabled: (r) => !r.merging, run: renderBodiesStep },
  { name: 'units', title: (r) => (r.merging ? '读取分片' : '构建站点'), progress: true, run: obtainUnits },
  { name: 'shard', title: () => '写入分片', enabled: (r) => Boolean(r.shard), run: writeShard },
  { name: 'assemble', title: () => '组装站点目录', enabled: whole, run: assembleSites },
  { name: 'group', title: () => '生成网站群搜索索引', enabled: whole, run: groupIndex },
  {
    name: 'manifest',
    title: () => '写入清单 manifest.json',
    enabled: whole,
    run: async (c, r) => {
      const records = new Map([...c.units].map(([id, u]) => [id, u.record] as [string, UnitRecord]));
      c.manifest = await r.time('manifest', () => writeManifest(c.model!, c.plan!, records, r.dirs.staging, GENERATOR, c.redirects ?? []));
    },
  },
  {
    name: 'deploy',
    title: () => '写入服务器配置 deploy/nginx/',
    enabled: whole,
    run: async (c, r) => void (await r.time('deploy', () => writeDeployFiles(r.dirs.staging, c.manifest!, { deployRoot: r.options.deployRoot, generator: GENERATOR }))),
  },
  {
    name: 'reports',
    title: () => '写入检查报告 reports/',
    enabled: whole,
    run: async (c, r) => r.time('reports', () => writeBuildReports(c.model!, c.check!, c.diagnostics, r.dirs.staging, GENERATOR, [...c.deferred.values()])),
  },
  { name: 'checksums', title: () => '写入校验和 SHA256SUMS', enabled: whole, run: async (c, r) => r.time('checksums', () => writeOutputChecksums(c, r.dirs.staging)) },
  { name: 'commit', title: () => '替换输出目录', run: async (c, r) => r.time('commit', () => commitOutput(r.dirs, c.commitSteps ?? [])) },
];

/**
 * Reads the configuration and content (the shards first, when merging) and runs the content
 * rules; a department whose errors are its own is deferred and the group read again with its
 * last good copy (deferral.ts).
 */
async function loadContent(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { options, cache, dirs, generator, shard, merging, previous, pins, buildDigest, time } = run;
  if (previous.diagnostic) c.diagnostics.push(previous.diagnostic);
  if (pins !== previous && pins.diagnostic) c.diagnostics.push(pins.diagnostic);
  if (merging) {
    // The shards first: merged against other content, the content's own findings would only mislead.
    c.shards = await time('load', () => readShards(options.mergeFrom!, { generator: GENERATOR, digest: buildDigest(), now: options.now.day, contentDir: options.contentDir }));
    c.diagnostics.push(...c.shards.diagnostics);
    if (!c.shards.units) throw new StopBuild('分片不完整或不一致');
  }
  const before = c.diagnostics;
  // A whole build defers a department whose errors are its own (deferral.ts); a partial one never does.
  const deferrable = !shard && !merging && !options.sites.length;
  let contentDir = options.contentDir;
  for (;;) {
    const { model, diagnostics, configs } = await time('load', () =>
      loadGroup({
        contentDir,
        themesDir: options.themesDir,
        now: options.now,
        sites: options.sites,
        publishedIndexNumbers: pins.manifest && publishedIndexNumbers(pins.manifest),
        // A file whose size, times and inode are those its sealed record was made with is not read again (load.ts statKey).
        frontMatter: { store: cache.frontMatter, generator, reuse: !options.full, trustStat: true },
        lazyFacetsFrom: options.tuning.lazyFacetsFrom,
      }),
    );
    let found = [...diagnostics];
    // The content rules (the same as `npm run check`), bodies included: every problem in one run, before
    // rendering. The content is read once (scanContent: the bodies, the links they resolve to, the
    // attachments they publish) for the rules and for the plan; 'check' times both, 'scan' the reading.
    // The lookups and the link index, built once for the rules and everything after them.
    const runtime = model && toRuntime(model, configs);
    if (runtime) {
      const started = performance.now();
      await time('check', async () => {
        const scan = await time('scan', () => scanContent(runtime, { workers: options.tuning.checkWorkers, scans: { store: cache.scans, generator, reuse: !options.full } }));
        c.scan = scan;
        c.check = { ...checkScanned(runtime, scan), seconds: (performance.now() - started) / 1000 };
      });
    }
    if (c.check && model) found.push(...c.check.diagnostics);
    // Scoped by what was asked (--site), not by what loaded: a folder that never became a site is reported too.
    found = inScope(found, options.sites?.length ? options.sites : undefined);
    // A deferred department's warnings are those of its last good copy: its editors have moved on. Its errors are not dropped.
    found = found.filter((d) => !d.siteId || !c.deferred.has(d.siteId) || d.severity === 'error');
    // The deferring errors stay with their deferral (printed and reported with it), out of the build's own.
    c.diagnostics = [...before, ...found];
    const errors = found.filter((d) => d.severity === 'error');
    if (!model) throw new StopBuild('配置或内容有错误');
    const portalId = model.group.portal;
    const confined = new Map<string, Diagnostic[]>();
    for (const d of errors) {
      const site = confinedTo(d, portalId);
      if (site) confined.set(site, [...(confined.get(site) ?? []), d]);
    }
    const groupErrors = errors.filter((d) => !confinedTo(d, portalId));
    if (errors.length && (!deferrable || groupErrors.length)) throw new StopBuild('配置或内容有错误');
    // The last good copy itself has errors now (a site it links to changed, a date rule): nothing safe to publish for it.
    const spoiled = [...confined.keys()].filter((id) => c.deferred.has(id));
    if (spoiled.length) {
      c.diagnostics.push(...spoiled.map((site) => diagnostic('DeferredCopyInvalid', { site }, { siteId: site })));
      throw new StopBuild('配置或内容有错误');
    }
    if (!confined.size) {
      c.model = runtime!;
      view.title(`读取配置和内容：${model.sites.length} 个站点，${model.entries.length} 篇可发布内容，${model.skipped.length} 篇不发布${c.deferred.size ? `；暂缓发布 ${[...c.deferred.keys()].join('、')} 的改动` : ''}`);
      break;
    }
    // Published before but no last good copy (the cache was deleted): nothing to keep it at, so the build fails as a whole.
    const published = new Set((previous.manifest?.sites ?? []).map((site) => site.id));
    const good = new Map([...confined.keys()].map((id) => [id, cache.lastGood.intact(id)]));
    const stuck = [...confined.keys()].filter((id) => !good.get(id) && published.has(id));
    if (stuck.length) {
      c.diagnostics.push(...stuck.map((site) => diagnostic('DeferNoCopy', { site }, { siteId: site })));
      throw new StopBuild('配置或内容有错误');
    }
    for (const [siteId, list] of confined) {
      // Its own findings (warnings too) go with the errors that deferred it.
      const own = found.filter((d) => d.siteId === siteId && d.severity === 'warning');
      c.deferred.set(siteId, { siteId, as: good.get(siteId) ? 'last-good' : 'unpublished', diagnostics: [...list, ...own] });
    }
    contentDir = effectiveContent(options.contentDir, c.deferred, cache.lastGood, path.join(dirs.work, 'content'));
  }
}

/** Plans every unit, page, file and slice (plan.ts); a shard keeps its own units. */
async function planUnits(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { shard, time } = run;
  const model = c.model!;
  c.plan = await time('plan', () => planBuild(model, c.scan!.linkedFiles));
  const inShard = shard ? shardUnits(c.plan.units, shard.index, shard.count) : undefined;
  c.scope = inShard ? c.plan.units.filter((u) => inShard.has(u.id)) : c.plan.units;
  view.title(`规划构建：${c.plan.units.length} 个站点，${c.plan.pageCount} 页${shard ? `；第 ${shard.index}/${shard.count} 个分片：${c.scope.map((u) => u.id).join('、') || '（无站点）'}` : ''}`);
}

/** Compares the planned URLs with the previous manifest and writes the redirects (lifecycle/stage.ts). */
async function checkLedger(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { dirs, previous, collect, hasErrors, time } = run;
  const model = c.model!;
  const units = c.plan!.units;
  const r = await time('ledger', () =>
    runLifecycleStage(model, {
      previous: previous.manifest,
      pages: units.flatMap((u) => u.pages),
      files: units.flatMap((u) => u.files.map(([, route]) => model.urls.absolute(u.id, route))),
    }),
  );
  collect(r.diagnostics);
  if (hasErrors()) throw new StopBuild('已发布的网址有丢失或重定向有错误');
  writeRedirects(model, r.rules, { staging: dirs.staging, generator: GENERATOR });
  c.redirects = r.redirects;
  view.title(`网址台账与重定向：${previous.manifest ? `已对照 ${path.relative(process.cwd(), previous.manifest.file) || previous.manifest.file}，` : ''}${r.rules.length} 条重定向规则`);
}

/** Renders the Markdown bodies of the sites in scope, or reuses them (markdown/render.ts). */
async function renderBodiesStep(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { options, cache, generator, collect, time, timings } = run;
  const model = c.model!;
  const sites = new Set(c.scope!.filter((u) => u.live).map((u) => u.id));
  // Republished 重要政策信息 have a body of their own: their links are written for their site.
  const entries = [...model.entries, ...model.republished].filter((e) => sites.has(e.siteId));
  const bodies = await time('bodies', () => renderBodies(model, entries, cache.bodies, { reuse: !options.full, generator }));
  c.bodies = bodies.records;
  timings.bodiesRendered = bodies.rendered;
  timings.bodiesReused = bodies.reused;
  if ([...bodies.records.values()].some((r) => r.diagnostics.some((d) => d.ruleId === 'BUILD-SOURCE-CHANGED'))) {
    for (const r of bodies.records.values()) collect(r.diagnostics);
    throw new StopBuild('正文有错误');
  }
  view.title(`渲染正文：${bodies.rendered} 篇${bodies.reused ? `（另有 ${bodies.reused} 篇未变，沿用上次结果）` : ''}`);
}

/** Each unit's folder: reused, built by the workers, or taken from the shard folders. */
async function obtainUnits(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { generator, search, merging, collect, hasErrors } = run;
  if (merging) takeShards(c, generator, search);
  else await buildUnits(c, run, view.output);
  // Findings in plan order, whichever way each unit was obtained: every build prints
  // and reports them in the same order.
  for (const unit of c.scope!) {
    const u = c.units.get(unit.id)!;
    collect([...u.bodies, ...u.record.diagnostics]);
  }
  if (hasErrors()) throw new StopBuild('页面有错误');
  const checked = c.scope!.reduce((n, u) => n + c.units.get(u.id)!.record.checked, 0);
  view.title(`${merging ? `读取分片：${c.units.size} 个站点` : `构建站点：${c.built.length} 个已构建${c.reused.length ? `，${c.reused.length} 个未变（沿用缓存）` : ''}`}；检查页面规范：${checked} 页`);
}

/** A shard's folder: its units and shard.json, for `merge` (shards.ts). */
async function writeShard(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { options, dirs, shard, buildDigest, time } = run;
  await time('shard', () => {
    fs.mkdirSync(path.join(dirs.staging, 'units'), { recursive: true });
    for (const unit of c.scope!) {
      const u = c.units.get(unit.id)!;
      linkTree(u.dir, path.join(dirs.staging, 'units', unit.id), u.record.files.map(([f]) => f));
      const part = u.record.group;
      if (part) linkTree(partDirOf(u.dir), partDirOf(path.join(dirs.staging, 'units', unit.id)), part.files.map((f) => `fragment/${f.name}.pf_fragment`));
      fs.writeFileSync(path.join(dirs.staging, 'units', `${unit.id}.json`), JSON.stringify({ ...u.record, bodies: u.bodies }));
    }
    writeShardInfo(dirs.staging, {
      format: 'jiyue-shard',
      version: 1,
      generator: GENERATOR,
      digest: buildDigest(),
      now: c.model!.now.day,
      content: path.resolve(options.contentDir),
      shard: shard!,
      units: c.scope!.map((u) => u.id),
    });
  });
  view.title(`写入分片 ${shard!.index}/${shard!.count}：${c.scope!.length} 个站点`);
}

/** Puts every unit's folder into the new output, merging the group index meanwhile. */
async function assembleSites(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { options, cache, dirs, search, time, timings } = run;
  const model = c.model!;
  const searchable = c.plan!.units.filter((u) => u.searchable);
  c.groupInputs = c.plan!.groupSearch ? groupIndexInputs(model, searchable.map((u) => ({ siteId: u.id, fingerprint: c.units.get(u.id)!.record.fingerprint })), search.maxFragments) : undefined;
  const previous = options.full ? undefined : cache.groupOutput();
  const keepGroup = (dir: string) => previous?.inputs === c.groupInputs && sameGroupOutput(dir, previous!.files);
  const a = assemble(c, options.outDir, dirs.staging, model.portal.id, keepGroup);
  c.commitSteps = a.steps;
  c.groupDir = a.groupDir;
  if (a.groupKept) c.group = { diagnostics: [], kept: previous! };
  if (!a.groupDir) await time('assemble', a.link);
  else {
    // The group index is merged on a worker thread while the sites are linked here (the
    // merge reads the units' folders in the cache, never the output being assembled).
    // Timed apart: `assemble` is the linking, `group` what the index takes beyond it.
    const sites = searchable.map((u) => ({ siteId: u.id, dir: c.units.get(u.id)!.dir, part: c.units.get(u.id)!.record.group }));
    const started = performance.now();
    let linking = 0;
    c.group = await buildGroupIndex(model, sites, a.groupDir, dirs.work, {
      maxFragments: search.maxFragments,
      reuse: cache.groupDir,
      merge: c.groupMerge,
      whileMerging: () => {
        const t = performance.now();
        a.link();
        linking = (performance.now() - t) / 1000;
      },
    });
    // Index chunks the merge took from what it read ahead while the units were built.
    timings.groupAhead = c.group.ahead ?? 0;
    timings.assemble = (timings.assemble ?? 0) + linking;
    timings.group = (timings.group ?? 0) + (performance.now() - started) / 1000 - linking;
  }
  view.title(`组装站点目录${a.taken ? `：${a.taken} 个站点目录没有变化，提交时原样移入` : ''}`);
}

/** Reports the group index the assembly merged (search/group-index.ts). */
async function groupIndex(c: Ctx, run: Run, view: StepView): Promise<void> {
  const { collect, hasErrors } = run;
  // A --site build without the portal, or a closed portal, has no group search page; a group
  // whose sites have nothing to search yet has a search page that says so and no index.
  if (!c.group) return view.skip(c.plan!.units.some((u) => u.id === c.model!.portal.id && u.live) ? '网站群还没有可搜索的页面' : '门户不在本次构建中');
  const r = c.group;
  if (r.kept) return view.title(`网站群搜索索引：输入没有变化，输出中的 ${r.kept.files.length} 个文件原样保留`);
  collect(r.diagnostics);
  if (hasErrors()) throw new StopBuild('搜索索引有错误');
  if (r.stats) view.title(`生成网站群搜索索引：${r.stats.pages} 条、${r.stats.files} 个文件（${r.stats.seconds.toFixed(1)} 秒）`);
}

/**
 * Every unit in scope: reused from the cache when its fingerprint is unchanged (and not
 * `--full`), else built by worker processes and stored in the cache.
 */
async function buildUnits(c: Ctx, r: Run, progress: (s: string) => void): Promise<void> {
  const { options, cache, generator, search, timings, time } = r;
  const work = r.dirs.work;
  const model = c.model!;
  const bodies = new Map([...c.bodies!].map(([id, r]) => [id, r.html]));
  const fingerprintOf = fingerprints(model, generator, search);
  const toBuild: JobUnit[] = [];
  const parts = new Map<string, FingerprintParts>();
  await time('fingerprint', () => {
    for (const unit of c.scope!) {
      const fingerprint = fingerprintOf(unit, bodies);
      const entryBodies = unit.pages.flatMap((p) => (p.type === 'entry' && c.bodies!.has(p.entryId) ? [[p.entryId, c.bodies!.get(p.entryId)!] as const] : []));
      const bodyFindings = entryBodies.flatMap(([, r]) => r.diagnostics);
      const kept = options.full ? undefined : cache.reusable(unit.id, fingerprint.digest);
      if (kept) {
        c.units.set(unit.id, { record: kept.record, bodies: bodyFindings, dir: cache.unitOut(unit.id), inodes: kept.inodes });
        c.reused.push(unit.id);
        continue;
      }
      const previous = cache.previous(unit.id);
      // Its last build by this generator: unchanged pages keep their compressed copies (not with --full, which ignores the cache).
      const previousBuild = !options.full && previous?.parts?.generator === generator ? { dir: cache.unitOut(unit.id), files: Object.fromEntries(previous.files.map(([f, hash]) => [f, hash])) } : undefined;
      toBuild.push(jobUnitOf(unit, c.bodies!, (pack) => cache.bodies.packFile(pack), fingerprint.digest, previousBuild));
      parts.set(unit.id, fingerprint.parts);
      c.reasons.set(unit.id, explainRebuild(fingerprint.parts, previous?.parts, options.full));
      // Findings of bodies go with the unit (its record holds those of rendering and checking).
      c.units.set(unit.id, { record: undefined as unknown as UnitRecord, bodies: bodyFindings, dir: '' });
    }
  });
  if (!toBuild.length) return;
  // The group merge's thread reads each site bundle once it is final (the reused units' now: they
  // stay in the cache as they are; the built ones' as their workers finish them), but only while a
  // core is free of workers: reading ahead beside busy workers slowed them as much as it saved.
  const searchable = new Set(c.plan!.units.filter((u) => u.searchable).map((u) => u.id));
  if (!options.shard && c.plan!.groupSearch) c.groupMerge = new GroupMerge();
  const final = c.reused.filter((id) => searchable.has(id)).map((id) => cache.unitOut(id));
  const cores = os.availableParallelism();
  let workers = 0;
  const readAhead = () => {
    if (workers < cores && final.length) c.groupMerge?.readAhead(final.splice(0));
  };
  // Astro renders the 简体 pages; the 繁體 ones are converted from them.
  const total = toBuild.reduce((n, u) => n + u.pages.filter((p) => p.script === 'hans').length, 0);
  const mdx = toBuild.some((u) => u.mdx.length) ? { links: linkIndexParts(model), urls: urlConfigOf(model), lineBreaks: model.group.lineBreaks } : undefined;
  const batches = batchUnits(toBuild, options.jobs, options.tuning.batchPages);
  const unitsDir = path.join(work, 'units');
  // The assets' bytes, each file once (its name is its content's hash): made when the plan named them.
  const assetsDir = path.join(work, 'assets');
  fs.mkdirSync(assetsDir, { recursive: true });
  for (const unit of toBuild) {
    for (const a of siteAssetsOf(model, model.siteById.get(unit.id)!).values()) {
      const file = path.join(assetsDir, a.file);
      if (!fs.existsSync(file)) fs.writeFileSync(file, a.bytes);
    }
  }
  const jobs: UnitJob[] = batches.map((units, i) => ({
    contentDir: model.contentDir,
    workDir: path.join(work, `worker-${i}`),
    outDir: unitsDir,
    assetsDir,
    units,
    ...(mdx && units.some((u) => u.mdx.length) ? { mdx } : {}),
    search,
    pagefindThreads: Math.max(1, Math.floor(cores / Math.min(options.jobs, batches.length))),
  }));
  fs.mkdirSync(unitsDir, { recursive: true });
  const run = await time('units', () =>
    runUnits(jobs, options.jobs, {
      onProgress: (n) => progress(`已渲染 ${n} / ${total} 页`),
      onUnit: (id) => {
        if (searchable.has(id)) final.push(path.join(unitsDir, id));
        readAhead();
      },
      onRunning: (n) => {
        workers = n;
        readAhead();
      },
    }, options.tuning.workerHeapMb),
  );
  for (const [k, v] of Object.entries(run.timings)) timings[`worker.${k}`] = v;
  timings.workers = run.workers;
  timings.workerPeakRss = run.peakRss;
  for (const unit of toBuild) {
    const record: UnitRecord = { ...(JSON.parse(fs.readFileSync(path.join(unitsDir, `${unit.id}.json`), 'utf8')) as UnitRecord), parts: parts.get(unit.id) };
    // The unit's folder goes into the cache as built; the output links to it there.
    cache.store(record, path.join(unitsDir, unit.id));
    const u = c.units.get(unit.id)!;
    u.record = record;
    u.dir = cache.unitOut(unit.id);
    c.built.push(unit.id);
  }
  // A folder that moved into the cache while the merge's thread was reading it: read from there.
  c.groupMerge?.readAhead(toBuild.filter((u) => searchable.has(u.id)).map((u) => cache.unitOut(u.id)));
}

/**
 * Puts every unit's folder into the new output. A folder of the previous output that holds
 * exactly the unit's cached files (sameAsCached) is taken as it is, by one rename when the
 * build commits: a small change then costs a few renames, not a link per file now and an unlink
 * per file when the old output goes. Every other unit is linked from the cache now; one that
 * lives inside a taken folder is linked aside and put in place at the commit. Nothing of the
 * previous output moves before the commit, so a failed build leaves it whole.
 * Returns the commit steps, where the group index is written, and `link`, which links the
 * units into the staging folder (run while the group index is merged).
 */
function assemble(c: Ctx, outDir: string, staging: string, portalId: string, keepGroup: (oldGroupDir: string) => boolean): { steps: CommitStep[]; groupDir?: string; groupKept: boolean; taken: number; link: () => void } {
  const oldSites = path.join(outDir, 'sites');
  const units = [...c.plan!.units].sort((a, b) => a.folder.split('/').length - b.folder.split('/').length || (a.folder < b.folder ? -1 : 1));
  const portal = units.find((u) => u.id === portalId);
  const foreign = (unit: PlannedUnit) => [...unit.nested, ...(unit.id === portalId ? [GROUP_FOLDER] : [])];
  // Decided on the old tree before anything moves.
  const inPlace = new Set(
    units
      .filter((unit) => {
        const u = c.units.get(unit.id)!;
        // A unit built now has new files: its old folder cannot hold them.
        return u.dir && !c.built.includes(unit.id) && sameAsCached(path.join(oldSites, ...unit.folder.split('/')), u.dir, u.record.files.map(([f]) => f), foreign(unit), u.inodes);
      })
      .map((u) => u.id),
  );
  const within = (unit: PlannedUnit, parent: PlannedUnit) => unit.folder.startsWith(`${parent.folder}/`);
  const takenAncestor = (unit: PlannedUnit) => units.find((p) => p !== unit && within(unit, p) && inPlace.has(p.id));
  const steps: CommitStep[] = [];
  // Where the group index goes: in the staged portal folder, or aside when that folder is taken as it is.
  const groupRel = groupIndexRel(c);
  const groupAside = Boolean(portal && (inPlace.has(portal.id) || takenAncestor(portal)));
  // The portal's folder is taken as it is, and so is its group index when nothing it is made from changed.
  const groupKept = Boolean(c.plan!.groupSearch && groupAside && keepGroup(path.join(outDir, ...groupRel!.split('/'))));
  const groupDir = !c.plan!.groupSearch || groupKept ? undefined : groupAside ? path.join(staging, '.pending', 'group') : path.join(staging, ...groupRel!.split('/'));
  const links: [string, string, string[]][] = [];
  let taken = 0;
  for (const unit of units) {
    const u = c.units.get(unit.id)!;
    const rel = `sites/${unit.folder}`;
    const ancestor = takenAncestor(unit);
    if (inPlace.has(unit.id)) {
      taken++;
      if (ancestor) continue;
      steps.push({ kind: 'take', to: rel });
      // Other units' folders it held last time that are not the same now, and leftovers, go.
      const keep = new Set(units.filter((x) => within(x, unit) && inPlace.has(x.id)).map((x) => x.folder.slice(unit.folder.length + 1)));
      if (groupKept && unit === portal) keep.add(GROUP_FOLDER);
      for (const extra of findNestedDirs(path.join(oldSites, ...unit.folder.split('/')), u.record.files.map(([f]) => f))) {
        if (!keep.has(extra)) steps.push({ kind: 'drop', to: `${rel}/${extra}` });
      }
      continue;
    }
    if (ancestor) {
      const aside = `.pending/${unit.id}`;
      links.push([u.dir, path.join(staging, ...aside.split('/')), u.record.files.map(([f]) => f)]);
      steps.push({ kind: 'drop', to: rel }, { kind: 'put', from: aside, to: rel });
    } else {
      links.push([u.dir, path.join(staging, ...rel.split('/')), u.record.files.map(([f]) => f)]);
    }
  }
  // After the taken folders: the old group index inside a taken portal folder is replaced.
  if (groupDir && groupAside) steps.push({ kind: 'drop', to: groupRel! }, { kind: 'put', from: '.pending/group', to: groupRel! });
  return { steps, groupDir, groupKept, taken, link: () => links.forEach(([from, to, files]) => linkTree(from, to, files)) };
}

/** Top-most folders under `dir` that hold none of the unit's own files (another unit's folder, or leftovers). */
function findNestedDirs(dir: string, files: readonly string[]): string[] {
  const own = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) own.add(parts.slice(0, i).join('/'));
  }
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (own.has(r)) walk(path.join(abs, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out;
}

/**
 * SHA256SUMS of the output (checksums.ts): the sites' files from their unit records, at their
 * final paths; the rest read from staging (a unit or the group index set aside in `.pending/`
 * for the commit is named where the commit puts it).
 */
function writeOutputChecksums(c: Ctx, staging: string): void {
  const known = new Map<string, string>();
  for (const unit of c.plan!.units) for (const [file, hash] of c.units.get(unit.id)!.record.files) known.set(`sites/${unit.folder}/${file}`, hash);
  const groupRel = groupIndexRel(c);
  // A group index kept in the output: its files as recorded (checked unchanged since).
  for (const [file, hash] of c.group?.kept?.files ?? []) known.set(`${groupRel}/${file}`, hash);
  c.checksums = writeChecksums(staging, known, (rel) => {
    if (rel.startsWith('.pending/group/') && groupRel) return `${groupRel}/${rel.slice('.pending/group/'.length)}`;
    // A unit's own files set aside: listed from its record already.
    if (rel.startsWith('.pending/')) return undefined;
    return rel;
  });
}

/** The group index's folder inside the portal's folder. */
const GROUP_FOLDER = GROUP_BUNDLE.replace(/\/$/, '');

/** Where the group index is in the output (`sites/www/pagefind-group`), when the portal is planned. */
export function groupIndexRel(c: Ctx): string | undefined {
  const portal = c.plan!.units.find((u) => u.id === c.model!.portal.id);
  return portal && `sites/${portal.folder}/${GROUP_FOLDER}`;
}

/** The findings that deferred departments (printed with the build's own). */
export function deferredFindings(c: Ctx): Diagnostic[] {
  return [...c.deferred.values()].flatMap((d) => d.diagnostics);
}

/**
 * A unit's fingerprint from the model this process loaded (fingerprint.ts), given the hashes of
 * its bodies' HTML: the build's decision to reuse a cached folder and the merge's check of a
 * shard's records are the same computation.
 */
function fingerprints(model: RuntimeModel, generator: string, search: { maxFragments: number }): (unit: PlannedUnit, bodies: ReadonlyMap<string, string>) => Fingerprint {
  const digests = new Digests();
  let mdxLinks: string | undefined;
  return (unit, bodies) =>
    unitFingerprint(unit, {
      generator,
      bodies,
      mdxLinks: () => (mdxLinks ??= digestOf(linkIndexParts(model))),
      contentFile: (source) => path.join(model.contentDir, ...source.split('/')),
      themeDir: model.siteById.get(unit.id)!.theme.dir,
      portalLogo: path.join(model.portal.theme.dir, model.portal.theme.logo),
      digests,
      search,
    });
}

/**
 * The units of a merge, from the shard folders read at the start (one complete set, matching
 * this merge's inputs). Each unit's record must have been built from the content, themes and
 * generator this merge loaded: its fingerprint is computed again here from the merge's own model
 * (a shard built from other content with `shard.json` copied from a good one is refused, naming
 * what differs). The one input the merge takes from the record is the hash of each Markdown
 * body's HTML (it renders no bodies); the bodies' sources are in the slice it computes.
 */
function takeShards(c: Ctx, generator: string, search: { maxFragments: number }): void {
  const r = c.shards!;
  if (!r.units) throw new StopBuild('分片不完整或不一致');
  const model = c.model!;
  const fingerprintOf = fingerprints(model, generator, search);
  const markdown = new Set([...model.entries, ...model.republished].filter((e) => e.renderAs === 'markdown').map((e) => e.id));
  for (const unit of c.plan!.units) {
    const u = r.units.get(unit.id);
    if (!u) {
      c.diagnostics.push(diagnostic('ShardMissing', { missing: `（站点 ${unit.id} 所在的那个）`, total: r.info![0].shard.count }));
      continue;
    }
    const claimed = u.record.parts;
    if (!claimed || u.record.fingerprint !== digestOf(claimed) || u.record.unitId !== unit.id) {
      c.diagnostics.push(diagnostic('ShardNotFound', { dir: path.dirname(path.dirname(u.dir)), detail: `站点 ${unit.id} 的记录不完整（${claimed ? '指纹与它的组成不符' : '没有指纹的组成'}）` }));
      continue;
    }
    // A body the merge expects and the record lacks counts as changed.
    const bodies = new Map(unit.pages.flatMap((p) => (p.type === 'entry' && markdown.has(p.entryId) ? [[p.entryId, claimed.bodies[p.entryId] ?? 'missing'] as const] : [])));
    const fingerprint = fingerprintOf(unit, bodies);
    if (fingerprint.digest !== u.record.fingerprint) {
      const what = explainRebuild(fingerprint.parts, claimed, false)
        .map((x) => reasonText(x, unit.id === model.portal.id))
        .join('；');
      c.diagnostics.push(diagnostic('ShardMismatch', { dir: path.dirname(path.dirname(u.dir)), what: `站点 ${unit.id} 的构建输入（分片的记录与本次合并读取的内容相比：${what}）` }));
      continue;
    }
    c.units.set(unit.id, u);
  }
  const planned = new Set(c.plan!.units.map((u) => u.id));
  for (const id of r.units.keys()) {
    if (!planned.has(id)) c.diagnostics.push(diagnostic('ShardMismatch', { dir: r.units.get(id)!.dir, what: `站点列表（分片中有站点 ${id}，内容中没有）` }));
  }
  if (c.diagnostics.some((d) => d.severity === 'error')) throw new StopBuild('分片不完整或不一致');
}

function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
