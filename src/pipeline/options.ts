/**
 * Command-line options of `jiyue build` and `jiyue merge` (npm run build / merge -- …), parsed
 * once at the edge.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseJiyueDate, shanghaiParts, type JiyueDate } from '../config/primitives.ts';
import { diagnostic } from '../errors/catalogue.ts';
import { cacheKey } from './cache-seal.ts';
import { DEFAULT_DEPLOY_ROOT, PROJECT_ROOT } from '../lib/files.ts';
import { LAZY_FACETS_FROM } from '../search/limits.ts';
import { BATCH_PAGES } from './run-units.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';

/** The options every command that reads content shares (`build`, `check`). */
export interface ContentOptions {
  /** Content directory. Default: `--content`, else `JIYUE_CONTENT`, else `content/`. */
  contentDir: string;
  /** Sites to build or check (`--site`, repeatable). Default all. */
  sites: string[];
  /** "Today" for everything date-dependent. Default today in Asia/Shanghai. */
  now: JiyueDate;
  /** Folder of themes. Default `themes/` of the project. */
  themesDir: string;
  /** Sizes for measurements and tests, read once from the environment (`tuningFrom`). */
  tuning: Tuning;
}

/**
 * The knobs measurements and tests turn, read from the environment once, here, and passed down
 * (docs/performance.md lists them). Defaults are what the product uses.
 */
export interface Tuning {
  /** `JIYUE_SEARCH_MAX_FRAGMENTS`: Pagefind's excerpt fragments per page in every bundle (part of each fingerprint). Default 1000. */
  searchMaxFragments: number;
  /** `JIYUE_SEARCH_LAZY_FACETS_FROM`: from this many published pages the portal's search loads its facets on request. Default 20,000 (search/limits.ts). */
  lazyFacetsFrom: number;
  /** `JIYUE_BATCH_PAGES`: pages per Astro build in a worker (run-units.ts). Default 10,000. */
  batchPages: number;
  /** `JIYUE_WORKER_HEAP_MB`: heap limit of each unit worker, MB. Default 8192. */
  workerHeapMb: number;
  /** `JIYUE_CHECK_WORKERS`: threads of the content rules' scan. Default the cores, at most 4. */
  checkWorkers?: number;
  /** `JIYUE_TIMINGS=1`: the build prints its phase timings as one JSON line on stderr (scripts/bench.ts reads it). */
  timings: boolean;
}

/** The build cache: `--cache`, else `JIYUE_CACHE`, else `.jiyue/cache` in the current folder (the build's, and what the dev server reads). */
export function cacheDirOf(value: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(value ?? env.JIYUE_CACHE ?? path.join('.jiyue', 'cache'));
}

export function tuningFrom(env: NodeJS.ProcessEnv): Tuning {
  const int = (name: string, fallback: number) => {
    const v = env[name];
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback;
  };
  return {
    searchMaxFragments: int('JIYUE_SEARCH_MAX_FRAGMENTS', 1000) || 1000,
    lazyFacetsFrom: int('JIYUE_SEARCH_LAZY_FACETS_FROM', LAZY_FACETS_FROM),
    batchPages: int('JIYUE_BATCH_PAGES', BATCH_PAGES) || BATCH_PAGES,
    workerHeapMb: int('JIYUE_WORKER_HEAP_MB', 8192) || 8192,
    ...(int('JIYUE_CHECK_WORKERS', 0) >= 1 ? { checkWorkers: int('JIYUE_CHECK_WORKERS', 0) } : {}),
    timings: Boolean(env.JIYUE_TIMINGS),
  };
}

/** `parseArgs` declarations of the shared options. */
export const CONTENT_ARGS = {
  content: { type: 'string' },
  site: { type: 'string', multiple: true },
  now: { type: 'string' },
  themes: { type: 'string' },
} as const;

export interface BuildOptions extends ContentOptions {
  /** Output directory. Default `dist/`. */
  outDir: string;
  /**
   * `--previous-manifest PATH`: the manifest of the last deployed build, for the published-URL
   * ledger (docs/lifecycle.md). Default: `<outDir>/manifest.json` when it exists.
   */
  previousManifest?: string;
  /** `--cache DIR`: the build cache (docs/performance.md). Default `.jiyue/cache` in the current folder. */
  cacheDir: string;
  /** The key the cache's records are sealed with (src/pipeline/cache-seal.ts): JIYUE_CACHE_KEY, else this user's key file. */
  cacheKey?: Buffer;
  /** `--full`: ignore the cache (everything is rendered; the cache is refreshed). */
  full: boolean;
  /** `--explain`: print every unit's decision (reused, or rebuilt and why), not only the rebuilt ones. */
  explain?: boolean;
  /** `--jobs N`: worker processes. Default: the machine's cores. */
  jobs: number;
  /** `--shard K/N`: build only shard K (1-based) of N into `outDir`, for `jiyue merge`. */
  shard?: { index: number; count: number };
  /** `jiyue merge`: the shard folders to assemble instead of building units. */
  mergeFrom?: string[];
  /** `--deploy-root DIR`: where the output is served from, for `deploy/nginx/` (default /srv/jiyue/current). */
  deployRoot: string;
}

export function parseBuildArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { options?: BuildOptions; errors: Diagnostic[] } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...CONTENT_ARGS,
        out: { type: 'string' },
        'previous-manifest': { type: 'string' },
        cache: { type: 'string' },
        full: { type: 'boolean' },
        explain: { type: 'boolean' },
        jobs: { type: 'string' },
        shard: { type: 'string' },
        'deploy-root': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { errors: [diagnostic('CliBadArgument', { detail: translateArgError((error as Error).message) })] };
  }
  return finishBuildOptions(values, env);
}

/**
 * `jiyue merge --out DIR SHARD_DIR…` (npm run merge): the content options of the shards (the
 * merge loads the same content and checks every shard was built from it) and the shard folders.
 */
export function parseMergeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { options?: BuildOptions; errors: Diagnostic[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...CONTENT_ARGS, out: { type: 'string' }, 'previous-manifest': { type: 'string' }, cache: { type: 'string' }, 'deploy-root': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { errors: [diagnostic('CliBadArgument', { detail: translateArgError((error as Error).message) })] };
  }
  if (!parsed.positionals.length) return { errors: [diagnostic('CliBadArgument', { detail: 'npm run merge 需要至少一个分片目录' })] };
  if (parsed.values.site?.length) return { errors: [diagnostic('CliBadArgument', { detail: 'npm run merge 总是合并整个网站群，不接受 --site' })] };
  const r = finishBuildOptions(parsed.values, env);
  if (r.options) r.options.mergeFrom = parsed.positionals.map((p) => path.resolve(p));
  return r;
}

function finishBuildOptions(
  values: { content?: string; site?: string[]; now?: string; themes?: string; out?: string; 'previous-manifest'?: string; cache?: string; full?: boolean; explain?: boolean; jobs?: string; shard?: string; 'deploy-root'?: string },
  env: NodeJS.ProcessEnv,
): { options?: BuildOptions; errors: Diagnostic[] } {
  const shared = parseContentOptions(values, env);
  const errors = [...shared.errors];
  let jobs = os.availableParallelism();
  if (values.jobs !== undefined) {
    if (!/^[1-9]\d{0,2}$/.test(values.jobs)) errors.push(diagnostic('CliBadArgument', { detail: `--jobs 的值 "${values.jobs}" 应为正整数（工作进程数）` }));
    else jobs = Number(values.jobs);
  }
  const deployRoot = values['deploy-root'] ?? DEFAULT_DEPLOY_ROOT;
  if (!path.isAbsolute(deployRoot) || /[\s"'`;{}$#<>|^\\]/.test(deployRoot)) errors.push(diagnostic('CliBadArgument', { detail: `--deploy-root 的值 "${deployRoot}" 应为不含空格和特殊字符的绝对路径，例如 /srv/jiyue/current` }));
  let shard: BuildOptions['shard'];
  if (values.shard !== undefined) {
    const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(values.shard);
    if (!m || Number(m[1]) > Number(m[2])) errors.push(diagnostic('CliBadArgument', { detail: `--shard 的值 "${values.shard}" 应为 K/N（第 K 个分片，共 N 个，1 ≤ K ≤ N），例如 --shard 2/4` }));
    else shard = { index: Number(m[1]), count: Number(m[2]) };
    if (values.site?.length) errors.push(diagnostic('CliBadArgument', { detail: '--shard 与 --site 不能同时使用：分片总是按整个网站群划分' }));
    if (values.out === undefined) errors.push(diagnostic('CliBadArgument', { detail: '--shard 需要用 --out 指定这个分片的输出目录（分片目录不能直接部署）' }));
  }
  const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'dist'));
  if (shared.options) {
    const { contentDir } = shared.options;
    if (contentDir === outDir || contentDir.startsWith(outDir + path.sep)) {
      errors.push(diagnostic('CliBadArgument', { detail: `--out ${outDir} 不能是内容目录或包含内容目录` }));
    }
  }
  if (outDir === PROJECT_ROOT || PROJECT_ROOT.startsWith(outDir + path.sep)) {
    errors.push(diagnostic('CliBadArgument', { detail: `--out ${outDir} 不能是项目目录或其上级目录` }));
  }
  if (errors.length || !shared.options) return { errors };
  return {
    options: {
      ...shared.options,
      outDir,
      ...(values['previous-manifest'] !== undefined ? { previousManifest: path.resolve(values['previous-manifest']) } : {}),
      cacheDir: cacheDirOf(values.cache, env),
      cacheKey: cacheKey(env),
      full: Boolean(values.full),
      explain: Boolean(values.explain),
      jobs,
      deployRoot: deployRoot.replace(/\/+$/, '') || '/',
      ...(shard ? { shard } : {}),
    },
    errors,
  };
}

/**
 * `--now`: a day (its midnight), or a day and time of day in Asia/Shanghai (`2026-11-19T22:30`;
 * the 12-hour reprint rule counts hours).
 */
export function parseNow(value: string): JiyueDate | 'invalid' {
  const v = value.trim();
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(v) ? parseJiyueDate(v) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? parseJiyueDate(`${v}+08:00`) : 'invalid';
  return typeof parsed === 'string' ? 'invalid' : parsed;
}

/** Validates the shared options (`CONTENT_ARGS`) once, for every command that reads content. */
export function parseContentOptions(
  values: { content?: string; site?: string[]; now?: string; themes?: string },
  env: NodeJS.ProcessEnv = process.env,
): { options?: ContentOptions; errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  let now: JiyueDate | undefined;
  if (values.now !== undefined) {
    const parsed = parseNow(values.now);
    if (typeof parsed === 'string') errors.push(diagnostic('CliBadArgument', { detail: `--now 的值 "${values.now}" 不是有效日期，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM（北京时间）` }));
    else now = parsed;
  } else {
    const { day, time } = shanghaiParts(Date.now());
    now = parseJiyueDate(`${day}T${time}+08:00`) as JiyueDate;
  }
  for (const s of values.site ?? []) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(s)) errors.push(diagnostic('CliBadArgument', { detail: `--site "${s}" 不是有效的站点 id` }));
  }
  const contentDir = path.resolve(values.content ?? env.JIYUE_CONTENT ?? path.join(PROJECT_ROOT, 'content'));
  // A content folder that is not there is a usage mistake (exit 2), not a build error with a stack.
  if (!fs.statSync(contentDir, { throwIfNoEntry: false })?.isDirectory()) {
    const how = values.content !== undefined ? '--content' : env.JIYUE_CONTENT !== undefined ? '环境变量 JIYUE_CONTENT' : '默认内容目录';
    errors.push(diagnostic('CliBadArgument', { detail: `${how} 指定的内容目录 ${contentDir} 不存在或不是目录` }));
  }
  if (errors.length || !now) return { errors };
  return {
    options: {
      contentDir,
      sites: values.site ?? [],
      now,
      themesDir: path.resolve(values.themes ?? path.join(PROJECT_ROOT, 'themes')),
      tuning: tuningFrom(env),
    },
    errors,
  };
}

/** Node's `parseArgs` messages, in Chinese. */
export function translateArgError(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `未知参数 ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `参数 ${missing[1].split(',')[0]} 需要一个值`;
  return message;
}
