/**
 * The build pipeline, content to `dist/`:
 *
 *   load + validate (loader) → render every selected site in one Astro build →
 *   collect render findings → lay out one folder per site → manifest → atomic swap.
 *
 * Any error leaves the previous output untouched and the process exits non-zero.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Listr } from 'listr2';
import { diagnostic } from '../errors/catalogue.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import { countBySeverity, type Diagnostic } from '../errors/diagnostic.ts';
import { allPages, renderedSiteIds } from '../lib/site-pages.ts';
import { inScope } from '../errors/scope.ts';
import { renderBodies } from '../markdown/render.ts';
import { renderedCount, resetRenderedCount } from '../lib/progress.ts';
import { renderSink, resetRenderSink } from '../markdown/sink.ts';
import { loadGroup } from '../model/load.ts';
import { toRuntime, type RuntimeModel } from '../model/runtime.ts';
import { buildSearchIndexes, formatSearchTitle } from '../search/build-index.ts';
import type { GroupModel } from '../model/types.ts';
import { publishedIndexNumbers, readPreviousManifest, runLifecycleStage } from '../lifecycle/stage.ts';
import type { ManifestRedirect } from '../lifecycle/redirects.ts';
import { checkBuiltSites } from '../spec/check.ts';
import { checkContent, type CheckResult } from '../check/check.ts';
import { writeBuildReports } from '../reports/build-report.ts';
import { layoutSites } from './layout.ts';
import { writeManifest, type Manifest } from './manifest.ts';
import { PROJECT_ROOT, type BuildOptions } from './options.ts';
import { commitOutput, discardOutput, prepareOutput } from './output-dir.ts';
import { formatSummary, printDiagnostics } from './report.ts';

export const GENERATOR = `jiyue ${JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version}`;

export interface BuildOutcome {
  ok: boolean;
  diagnostics: Diagnostic[];
  manifest?: Manifest;
  model?: GroupModel;
}

interface Ctx {
  model?: RuntimeModel;
  /** The content rules' findings (src/check), for dist/reports/. */
  check?: CheckResult;
  diagnostics: Diagnostic[];
  manifest?: Manifest;
  redirects?: ManifestRedirect[];
  /** Files the Markdown bodies link to: [siteId, contentPath, route]. */
  bodyAssets?: [string, string, string][];
}

/** Thrown inside a task to stop the pipeline after diagnostics were collected. */
class StopBuild extends Error {}

export async function runBuild(options: BuildOptions, io: { out: (s: string) => void; err: (s: string) => void } = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
}): Promise<BuildOutcome> {
  const started = performance.now();
  const dirs = prepareOutput(options.outDir);
  const ctx: Ctx = { diagnostics: [] };
  const plain = !process.stdout.isTTY || Boolean(process.env.CI);
  const hasErrors = () => ctx.diagnostics.some((d) => d.severity === 'error');

  // The previous build's manifest: the ledger compares with it and its 索引号 are kept.
  const previousFile = options.previousManifest ?? path.join(options.outDir, 'manifest.json');
  const previous = readPreviousManifest(previousFile, Boolean(options.previousManifest));
  // A --site build replaces the output folder: never over a build that holds other sites.
  const inOut = previousFile === path.join(options.outDir, 'manifest.json') ? previous.manifest : readPreviousManifest(path.join(options.outDir, 'manifest.json'), false).manifest;
  const others = options.sites.length ? (inOut?.sites ?? []).map((s) => s.id).filter((id) => !options.sites.includes(id)) : [];
  if (others.length) {
    discardOutput(dirs);
    printDiagnostics([diagnostic('SitePartialOverFull', { out: path.relative(process.cwd(), options.outDir) || options.outDir, others: others.join('、') })], io.err);
    return { ok: false, diagnostics: [] };
  }

  const tasks = new Listr<Ctx>(
    [
      {
        title: '读取配置和内容',
        task: async (c, task) => {
          if (previous.diagnostic) c.diagnostics.push(previous.diagnostic);
          const { model, diagnostics, configs } = loadGroup({
            contentDir: options.contentDir,
            themesDir: options.themesDir,
            now: options.now,
            sites: options.sites,
            publishedIndexNumbers: previous.manifest && publishedIndexNumbers(previous.manifest),
          });
          c.diagnostics.push(...diagnostics);
          if (model) {
            // The content rules (the same as `npm run check`), bodies included: every problem in one run, before rendering.
            c.check = await checkContent(toRuntime(model, configs));
            c.diagnostics.push(...c.check.diagnostics);
          }
          c.diagnostics = inScope(c.diagnostics, model?.selectedSites);
          if (!model || hasErrors()) throw new StopBuild('配置或内容有错误');
          c.model = toRuntime(model, configs);
          task.title = `读取配置和内容：${model.sites.length} 个站点，${model.entries.length} 篇可发布内容，${model.skipped.length} 篇不发布`;
        },
      },
      {
        title: '网址台账与重定向',
        task: (c, task) => {
          const model = c.model!;
          const files = c.check!.files.map(([siteId, , route]) => model.urls.absolute(siteId, route));
          const r = runLifecycleStage(model, { previous: previous.manifest, files, staging: dirs.staging, generator: GENERATOR });
          c.diagnostics.push(...r.diagnostics);
          if (hasErrors()) throw new StopBuild('已发布的网址有丢失或重定向有错误');
          c.redirects = r.redirects;
          task.title = `网址台账与重定向：${previous.manifest ? `已对照 ${path.relative(process.cwd(), previous.manifest.file) || previous.manifest.file}，` : ''}${r.rules.length} 条重定向规则`;
        },
      },
      {
        title: '渲染正文',
        task: async (c, task) => {
          const model = c.model!;
          const rendered = new Set(renderedSiteIds(model));
          const entries = model.entries.filter((e) => rendered.has(e.siteId));
          model.bodiesDir = path.join(dirs.work, 'bodies');
          const bodies = await renderBodies(model, entries, model.bodiesDir);
          c.diagnostics.push(...applyRuleOverrides(bodies.diagnostics, model.ruleOverrides));
          c.bodyAssets = bodies.assets;
          if (hasErrors()) throw new StopBuild('正文有错误');
          task.title = `渲染正文：${entries.filter((e) => e.renderAs === 'markdown').length} 篇`;
        },
      },
      {
        title: '渲染页面',
        task: async (c, task) => {
          const model = c.model!;
          const modelFile = path.join(dirs.work, 'model.json');
          fs.writeFileSync(modelFile, JSON.stringify(stripRuntime(model)));
          process.env.JIYUE_MODEL = modelFile;
          const total = allPages(model).length;
          resetRenderSink();
          resetRenderedCount();
          let shown = -1;
          const timer = setInterval(() => {
            const n = renderedCount();
            if (n !== shown) task.output = `已渲染 ${(shown = n)} / ${total} 页`;
          }, 1000);
          try {
            const { build } = await import('astro');
            await build({
              root: PROJECT_ROOT,
              outDir: path.join(dirs.work, 'astro'),
              cacheDir: path.join(dirs.work, 'cache'),
              logLevel: 'error',
            });
          } finally {
            clearInterval(timer);
          }
          const sink = renderSink();
          c.diagnostics.push(...applyRuleOverrides(sink.diagnostics, model.ruleOverrides));
          if (hasErrors()) throw new StopBuild('内容有错误');
          task.title = `渲染页面：${total} 页`;
        },
      },
      {
        title: '整理站点目录',
        task: (c) => {
          layoutSites(c.model!, path.join(dirs.work, 'astro'), dirs.staging, [...(c.bodyAssets ?? []), ...renderSink().assets]);
        },
      },
      {
        title: '检查页面规范',
        task: (c, task) => {
          const result = checkBuiltSites(c.model!, path.join(dirs.staging, 'sites'), [...(c.bodyAssets ?? []), ...renderSink().assets].map(([siteId, , route]) => [siteId, route] as [string, string]));
          c.diagnostics.push(...result.diagnostics);
          task.title = `检查页面规范：${result.pages} 页（${(result.ms / 1000).toFixed(1)} 秒）`;
          if (hasErrors()) throw new StopBuild('页面不符合规范');
        },
      },
      {
        title: '生成搜索索引',
        task: async (c, task) => {
          const search = await buildSearchIndexes(c.model!, dirs.staging);
          c.diagnostics.push(...applyRuleOverrides(search.diagnostics, c.model!.ruleOverrides));
          if (hasErrors()) throw new StopBuild('搜索索引有错误');
          task.title = formatSearchTitle(search);
        },
      },
      {
        title: '写入清单 manifest.json',
        task: (c) => {
          const model = c.model!;
          const files: [string, string, string][] = [...Object.entries(model.assets).flatMap(([siteId, list]) => list.map(([source, route]) => [siteId, source, route] as [string, string, string])), ...(c.bodyAssets ?? []), ...renderSink().assets];
          c.manifest = writeManifest(model, dirs.staging, GENERATOR, c.redirects ?? [], files);
        },
      },
      {
        title: '写入检查报告 reports/',
        task: (c) => writeBuildReports(c.model!, c.check!, c.diagnostics, dirs.staging, GENERATOR),
      },
      {
        title: '替换输出目录',
        task: () => commitOutput(dirs),
      },
    ],
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
    printDiagnostics(ctx.diagnostics, io.err);
    io.err(`\n构建失败，输出目录 ${options.outDir} 保持不变。\n`);
    return { ok: false, diagnostics: ctx.diagnostics, model: ctx.model };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  printDiagnostics(ctx.diagnostics, io.err);
  const model = ctx.model!;
  const pagesBySite: Record<string, number> = {};
  for (const s of ctx.manifest!.sites) pagesBySite[s.id] = s.pageCount;
  io.out(
    '\n' +
      formatSummary(model, {
        pages: ctx.manifest!.pages.length,
        pagesBySite,
        seconds: (performance.now() - started) / 1000,
        warnings: countBySeverity(ctx.diagnostics).warnings,
        outDir: path.relative(process.cwd(), options.outDir) || '.',
      }),
  );
  return { ok: true, diagnostics: ctx.diagnostics, manifest: ctx.manifest, model };
}

/** The plain model, without the derived lookups (which do not survive JSON). */
function stripRuntime(model: RuntimeModel): GroupModel {
  const { urls: _u, siteById: _s, entryById: _e, linkIndex: _l, portal: _p, configs: _c, ...plain } = model;
  return plain;
}
