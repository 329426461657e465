/**
 * `npm run bench`: generates a synthetic site group that follows the content contract, builds
 * it with the real CLI in child processes and reports, in one run and side by side:
 *
 *   - a full build (`--full`): wall time, peak memory of the largest process, every phase (from
 *     the build's own timing line, `JIYUE_TIMINGS`);
 *   - Hugo (Debian `hugo`) and Pagefind (the same pinned binary) on the same pages, and the ratio;
 *   - an incremental build after one article is retitled, and its ratio to Hugo + Pagefind;
 *   - a group search in Chromium (the merged group index vs. `mergeIndex` over every site bundle).
 *
 *   npm run bench -- [--sites 50] [--pages 200] [--jobs N] [--out bench-out] [--seed 1] [--keep]
 *                    [--no-hugo] [--no-incremental] [--no-search-browser] [--check] [--shards N] [--dev]
 *
 * `--dev` times the editors' live preview instead (bench-dev.ts): start to first page, save to
 * the new title in Chromium (10 saves), the dev server's peak memory.
 *
 * `--shards N` builds the group as N shards one after another (each a separate process with its
 * own folder and cache, as separate CI machines would) and merges them: each shard's time and
 * peak memory, and the merge's. `--check` times `npm run check` (every content rule, no
 * rendering) instead. Timings come from /usr/bin/time; one JSON line per run is appended to
 * `<out>/results.jsonl`. `--pages` counts the Markdown files of one site (articles plus two
 * single pages); the content is deterministic for a given `--sites/--pages/--seed`. Without
 * `--keep`, the generated content and outputs are removed afterwards.
 *
 * Nothing is deleted between two measured commands: the folders a round replaces are moved into
 * `<out>/.trash/` and deleted once, after the last measurement. On this machine's file system
 * (ext4 without a journal) every file created in the minutes after many deletions costs a scan
 * past the recently freed inodes (the kernel's `recently_deleted()`): creating 30,000 files
 * took 0.9 s on a quiet file system and 4–14 s after deleting as many. Deleting the last round's
 * output right before a build charged that scan to whichever command came next, the build or
 * Hugo + Pagefind, by chance (docs/performance.md, "文件系统").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { measureGroupSearch, measureSearchPage } from './bench-search.ts';
import { generate, NOW, type GenerateStats } from './bench-group.ts';
import { discard, emptyTrash, fail, jiyue, JIYUE, keepTrashIn, mustSucceed, newestNews, PROJECT_ROOT, retitleOne, runHugo, sec, timed, type Run } from './bench-run.ts';

/** Group search queries timed in Chromium (common words and phrases of government pages). */
const SEARCH_QUERIES = ['安全生产', '优化营商环境', '数字政府建设', '乡村振兴 就业创业', '住房保障'];

// ── options ─────────────────────────────────────────────────────────────────────────────────

interface BenchOptions {
  /** Number of sites, the portal included. */
  sites: number;
  /** Markdown files per site (articles + 2 single pages). */
  pages: number;
  /** Worker processes of the build (`--jobs`). Default: the machine's cores. */
  jobs: number;
  /** Folder for the generated content, the outputs and results.jsonl. */
  out: string;
  /** Keep the generated content and the outputs. */
  keep: boolean;
  /** Time `jiyue check` instead of the build. */
  check: boolean;
  /** Time `jiyue dev` instead of the build (bench-dev.ts). */
  dev: boolean;
  /**
   * Rounds of full build → Hugo + Pagefind → incremental build. The machine's speed drifts
   * (±15 % here between runs minutes apart), so the ratios are taken per round, the two sides
   * measured back to back, and their median reported. Default 1.
   */
  rounds: number;
  /** Build as this many shards plus a merge instead of one build. */
  shards?: number;
  /** PRNG seed. */
  seed: number;
  hugo: boolean;
  incremental: boolean;
  /** Time a group search in Chromium (group index vs. mergeIndex). */
  searchBrowser: boolean;
  /** The group has 繁體 versions (group.yaml `traditional: true`), to measure their cost. */
  traditional: boolean;
}

function parseOptions(argv: string[]): BenchOptions {
  const usage = '用法 usage: npm run bench -- [--sites 50] [--pages 200] [--jobs N] [--out bench-out] [--seed 1] [--rounds 1] [--keep] [--no-hugo] [--no-incremental] [--no-search-browser] [--check] [--shards N] [--traditional] [--dev]';
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sites: { type: 'string' },
        pages: { type: 'string' },
        jobs: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        shards: { type: 'string' },
        rounds: { type: 'string' },
        keep: { type: 'boolean' },
        check: { type: 'boolean' },
        dev: { type: 'boolean' },
        'no-hugo': { type: 'boolean' },
        'no-incremental': { type: 'boolean' },
        'no-search-browser': { type: 'boolean' },
        traditional: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`参数错误 bad arguments: ${(error as Error).message}\n${usage}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, def: number, min: number, max: number) => {
    if (raw === undefined) return def;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max)) fail(`--${name} 应为 ${min}–${max} 之间的整数 must be an integer in ${min}..${max}: "${raw}"\n${usage}`, 2);
    return n;
  };
  return {
    sites: int('sites', values.sites, 50, 1, 999),
    pages: int('pages', values.pages, 200, 10, 100_000),
    jobs: int('jobs', values.jobs, os.availableParallelism(), 1, 256),
    out: path.resolve(values.out ?? path.join(PROJECT_ROOT, 'bench-out')),
    keep: Boolean(values.keep),
    check: Boolean(values.check),
    dev: Boolean(values.dev),
    shards: values.shards === undefined ? undefined : int('shards', values.shards, 2, 1, 256),
    seed: int('seed', values.seed, 1, 0, 2 ** 31),
    rounds: int('rounds', values.rounds, 1, 1, 10),
    hugo: !values['no-hugo'],
    incremental: !values['no-incremental'],
    searchBrowser: !values['no-search-browser'],
    traditional: Boolean(values.traditional),
  };
}

// ── reporting ───────────────────────────────────────────────────────────────────────────────

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function reportTable(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => width(k)));
  return rows.map(([k, v]) => `  ${k}${' '.repeat(w - width(k))}  ${v}`).join('\n');
}

const num = (n: number) => n.toLocaleString('en-US');
const mb = (n: number | undefined) => (n === undefined ? '—' : `${num(Math.round(n))} MB`);

function gitCommit(): string | null {
  try {
    const head = fs.readFileSync(path.join(PROJECT_ROOT, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    const ref = path.join(PROJECT_ROOT, '.git', head.slice(5));
    return fs.existsSync(ref) ? fs.readFileSync(ref, 'utf8').trim().slice(0, 12) : null;
  } catch {
    return null;
  }
}

/** The build's phases as table rows, from its timing line. */
function phaseRows(t: Record<string, number> | undefined): [string, string][] {
  if (!t) return [['  阶段 phases', '—（没有计时行 no timing line）']];
  const rows: [string, string][] = [];
  const add = (label: string, key: string) => {
    if (t[key] !== undefined) rows.push([label, sec(t[key])]);
  };
  add('  读取与校验 load', 'load');
  add('  内容规则 content rules', 'check');
  add('  规划 plan', 'plan');
  add('  网址台账 ledger', 'ledger');
  if (t.bodies !== undefined) rows.push(['  正文 Markdown bodies', `${sec(t.bodies)}（渲染 rendered ${num(t.bodiesRendered ?? 0)}，沿用 reused ${num(t.bodiesReused ?? 0)}）`]);
  add('  指纹 fingerprints', 'fingerprint');
  if (t.units !== undefined) {
    rows.push(['  站点 units (worker processes)', `${sec(t.units)}（构建 built ${t.unitsBuilt ?? 0}，沿用 reused ${t.unitsReused ?? 0}，进程 workers ${t.workers ?? 0}）`]);
    rows.push(['    各进程合计 summed over workers', `Astro ${sec(t['worker.astro'])}，整理 layout ${sec(t['worker.layout'])}，${(t['worker.traditional'] ?? 0) >= 0.05 ? `繁體 traditional ${sec(t['worker.traditional'])}，` : ''}页面规范 page check ${sec(t['worker.check'])}，站点搜索 site search ${sec(t['worker.search'])}`]);
    if (t.workerPeakRss) rows.push(['    最大工作进程 largest worker (Node)', mb(t.workerPeakRss / 1048576)]);
  }
  add('  组装 assemble', 'assemble');
  add('  网站群搜索 group index', 'group');
  add('  清单 manifest', 'manifest');
  add('  报告 reports', 'reports');
  add('  替换 swap', 'commit');
  add('  缓存 cache', 'cache');
  return rows;
}

async function main(): Promise<number> {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const opts = parseOptions(process.argv.slice(2));
  const contentDir = path.join(opts.out, 'content');
  const distDir = path.join(opts.out, 'dist');
  const cacheDir = path.join(opts.out, 'cache');
  fs.mkdirSync(opts.out, { recursive: true });
  keepTrashIn(path.join(opts.out, '.trash'));

  process.stdout.write(`jiyue 性能基准 benchmark：${opts.sites} 个站点 sites × ${opts.pages} 篇 files${opts.traditional ? '，含繁體版本 with 繁體 versions' : ''}，种子 seed ${opts.seed}，${os.availableParallelism()} 核 cores\n`);
  discard(contentDir);
  const gen = generate(opts, contentDir);
  process.stdout.write(`  生成内容 generated ${num(gen.files)} 个文件 files（${(gen.bytes / 1048576).toFixed(1)} MB）用时 in ${sec(gen.seconds)}\n`);

  const now = parseJiyueDate(NOW) as JiyueDate;
  const loaded = loadGroup({ contentDir, themesDir: path.join(PROJECT_ROOT, 'themes'), now, sites: [] });
  const loadErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.model || loadErrors.length) {
    for (const d of loadErrors.slice(0, 10)) process.stderr.write(`${d.file ?? ''}:${d.line ?? ''} ${d.ruleId} ${d.message}\n`);
    fail('生成的内容未通过加载检查（这是基准脚本的问题）。The generated content fails to load (a bug in the bench script).');
  }
  if (opts.check) return benchCheck(opts, contentDir, gen);
  if (opts.dev) return benchDevMode(opts, contentDir, gen);
  if (opts.shards) return benchShards(opts, contentDir, gen);

  type Round = { full: Run; hugo?: Awaited<ReturnType<typeof runHugo>>; unchanged?: Run; incremental?: Run; retitled?: string };
  const rounds: Round[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const label = opts.rounds > 1 ? `（第 ${r + 1} 轮 round ${r + 1}）` : '';
    discard(distDir);
    discard(cacheDir);
    const full = await jiyue(`完整构建 full build${label}`, ['build', '--full', '--content', contentDir, '--out', distDir, '--cache', cacheDir, '--now', NOW, '--jobs', String(opts.jobs)]);
    mustSucceed(full, '构建 build ');
    const hugo = opts.hugo ? await runHugo(contentDir, path.join(opts.out, 'hugo')) : undefined;
    let incremental: Run | undefined;
    let unchanged: Run | undefined;
    let retitled: string | undefined;
    if (opts.incremental) {
      // Nothing changed since the full build: answered from its record (src/pipeline/unchanged.ts).
      unchanged = await jiyue(`没有变化 nothing changed${label}`, ['build', '--content', contentDir, '--out', distDir, '--cache', cacheDir, '--now', NOW, '--jobs', String(opts.jobs)]);
      mustSucceed(unchanged, '没有变化的构建 nothing-changed build ');
      retitled = retitleOne(contentDir);
      incremental = await jiyue(`增量构建 incremental build（改标题 retitled ${retitled}）${label}`, ['build', '--content', contentDir, '--out', distDir, '--cache', cacheDir, '--now', NOW, '--jobs', String(opts.jobs)]);
      mustSucceed(incremental, '增量构建 incremental build ');
    }
    rounds.push({ full, hugo, unchanged, incremental, retitled });
  }
  // The round whose full-build ratio is the median stands for the run (its phases are printed).
  const fullRatio = (x: Round) => (x.hugo ? x.full.wallSeconds / x.hugo.seconds : x.full.wallSeconds);
  const byRatio = [...rounds].sort((a, b) => fullRatio(a) - fullRatio(b));
  const { full, hugo, unchanged, incremental, retitled } = byRatio[Math.floor((byRatio.length - 1) / 2)];
  const medianOf = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')) as { pages: unknown[] };
  const pages = manifest.pages.length;
  const warnings = Number(/共 \d+ 个错误，(\d+) 个警告/.exec(full.stderr)?.[1] ?? 0);

  /** The ratio to Hugo + Pagefind of the same round; with several rounds, their median and each round's. */
  const perRound = (side: (x: Round) => number) => {
    const ratios = rounds.map((x) => side(x) / x.hugo!.seconds);
    const text = `${medianOf(ratios).toFixed(2)}×`;
    return rounds.length > 1 ? `${text}（${rounds.length} 轮的中位数 median of rounds：${ratios.map((x) => `${x.toFixed(2)}×`).join('、')}）` : text;
  };
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', `${num(gen.articles + 2 * opts.sites)}（政策 policies ${num(gen.policies)}，解读 interpretations ${num(gen.interpretations)}，附件 attachments ${num(gen.attachments)}）`],
    ['输出页面 output pages', num(pages)],
    ['完整构建 full build (--full)', `${sec(full.wallSeconds)}，--jobs ${opts.jobs}`],
    ...phaseRows(full.timings),
    ['  峰值内存 peak (largest process)', mb(full.peakMb)],
    ['  CPU', full.cpuPercent !== undefined ? `${full.cpuPercent}%（user ${sec(full.userSeconds)}，sys ${sec(full.systemSeconds)}）` : '—'],
    ['  警告 warnings', num(warnings)],
  ];
  if (hugo) {
    rows.push(
      ['Hugo + Pagefind（同一批页面 same pages）', `${sec(hugo.seconds)}（Hugo ${sec(hugo.hugo.wallSeconds)}，Pagefind ${sec(hugo.pagefind.wallSeconds)}；峰值 peak ${mb(hugo.peakMb)}；${num(hugo.pages)} 篇 files）`],
      ['完整构建 ÷ Hugo + Pagefind', `${perRound((x) => x.full.wallSeconds)}（目标 target ≤ 1.0×）`],
    );
  }
  if (unchanged) {
    rows.push(['没有变化 nothing changed', `${sec(unchanged.wallSeconds)}；峰值 peak ${mb(unchanged.peakMb)}`]);
    if (hugo) rows.push(['没有变化 ÷ Hugo + Pagefind', `${perRound((x) => x.unchanged!.wallSeconds)}（目标 target ≤ 0.05×）`]);
  }
  if (incremental) {
    rows.push(['增量构建 incremental (one title)', `${sec(incremental.wallSeconds)}；峰值 peak ${mb(incremental.peakMb)}`], ...phaseRows(incremental.timings));
    if (hugo) rows.push(['增量构建 ÷ Hugo + Pagefind', `${perRound((x) => x.incremental!.wallSeconds)}（目标 target ≤ 0.15×）`]);
  }
  process.stdout.write(`\n结果 results\n${reportTable(rows)}\n`);

  let searchBrowser;
  let searchPage;
  if (opts.searchBrowser) {
    process.stdout.write('\n网站群搜索 group search in Chromium（合并的网站群索引 merged group index vs. mergeIndex）…\n');
    searchBrowser = await measureGroupSearch(path.join(distDir, 'sites'), 'www', SEARCH_QUERIES);
    const line = (name: string, c?: { firstQueryMs: number; nextQueryMs: number; firstRequests: number; firstBytes: number; totalRequests: number; totalBytes: number; counts: number[] }) =>
      c
        ? ([name, `首次 first ${c.firstQueryMs} ms（${c.firstRequests} 个请求 requests，${(c.firstBytes / 1024).toFixed(0)} KB），之后 then ${c.nextQueryMs} ms/次；共 total ${c.totalRequests} 个请求，${(c.totalBytes / 1024).toFixed(0)} KB；结果数 counts ${c.counts.join('/')}`] as [string, string])
        : ([name, '—'] as [string, string]);
    process.stdout.write(`${reportTable([line('网站群索引 group index', searchBrowser.group), line(`mergeIndex（${searchBrowser.mergedSites} 个包 bundles）`, searchBrowser.merge)])}\n`);
    process.stdout.write('\n门户搜索页 the portal\'s search page（首次用 ?q= 打开，之后在搜索框输入 first via ?q=, then typed）…\n');
    searchPage = await measureSearchPage(distDir, SEARCH_QUERIES);
    process.stdout.write(`${reportTable(searchPage.map((c, i) => [`${i === 0 ? '首次' : '之后'} ${c.query}`, `${c.requests} 个请求 requests，${(c.bytes / 1024).toFixed(0)} KB，${c.ms} ms；${c.results}`] as [string, string]))}\n`);
  }

  const runJson = (r: Run | undefined) => r && { wallSeconds: round(r.wallSeconds), peakMb: r.peakMb === undefined ? null : Math.round(r.peakMb), cpuPercent: r.cpuPercent ?? null, timings: r.timings ?? null };
  const result = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGb: Math.round(os.totalmem() / 1073741824),
    params: { sites: opts.sites, pages: opts.pages, seed: opts.seed, jobs: opts.jobs, traditional: opts.traditional },
    content: { files: gen.files, bytes: gen.bytes, articles: gen.articles, attachments: gen.attachments },
    outputPages: pages,
    full: runJson(full),
    hugo: hugo ? { seconds: round(hugo.seconds), hugoSeconds: round(hugo.hugo.wallSeconds), pagefindSeconds: round(hugo.pagefind.wallSeconds), peakMb: Math.round(hugo.peakMb), pages: hugo.pages } : null,
    unchanged: runJson(unchanged) ?? null,
    incremental: incremental ? { ...runJson(incremental), retitled } : null,
    ratios: hugo
      ? {
          full: round(medianOf(rounds.map((x) => x.full.wallSeconds / x.hugo!.seconds))),
          unchanged: unchanged ? round(medianOf(rounds.map((x) => x.unchanged!.wallSeconds / x.hugo!.seconds))) : null,
          incremental: incremental ? round(medianOf(rounds.map((x) => x.incremental!.wallSeconds / x.hugo!.seconds))) : null,
          rounds: rounds.map((x) => ({ full: round(x.full.wallSeconds), hugo: round(x.hugo!.seconds), unchanged: x.unchanged ? round(x.unchanged.wallSeconds) : null, incremental: x.incremental ? round(x.incremental.wallSeconds) : null })),
        }
      : null,
    warnings,
    searchBrowser: searchBrowser ?? null,
    searchPage: searchPage ?? null,
  };
  const resultsFile = path.join(opts.out, 'results.jsonl');
  fs.appendFileSync(resultsFile, JSON.stringify(result) + '\n');
  process.stdout.write(`\n已追加到 appended to ${shown(resultsFile)}\n`);
  cleanUp(opts, [contentDir, distDir, cacheDir, path.join(opts.out, 'hugo')], distDir);
  return 0;
}

/** `--shards N`: N shard builds one after another (separate folders and caches), then the merge. */
async function benchShards(opts: BenchOptions, contentDir: string, gen: GenerateStats): Promise<number> {
  const n = opts.shards!;
  const dirs = Array.from({ length: n }, (_, i) => path.join(opts.out, `shard-${i + 1}`));
  const runs: Run[] = [];
  for (const [i, dir] of dirs.entries()) {
    discard(dir);
    discard(`${dir}-cache`);
    const r = await jiyue(`分片 shard ${i + 1}/${n}`, ['build', '--shard', `${i + 1}/${n}`, '--content', contentDir, '--out', dir, '--cache', `${dir}-cache`, '--now', NOW, '--jobs', String(opts.jobs)]);
    mustSucceed(r, `分片 shard ${i + 1}/${n} `);
    runs.push(r);
  }
  const distDir = path.join(opts.out, 'dist');
  discard(distDir);
  const merge = await jiyue('合并 merge', ['merge', '--content', contentDir, '--out', distDir, '--cache', path.join(opts.out, 'merge-cache'), '--now', NOW, ...dirs]);
  mustSucceed(merge, '合并 merge ');
  const pages = (JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')) as { pages: unknown[] }).pages.length;
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', num(gen.articles + 2 * opts.sites)],
    ['输出页面 output pages', num(pages)],
    ...runs.map((r, i) => [`分片 shard ${i + 1}/${n}`, `${sec(r.wallSeconds)}，峰值 peak ${mb(r.peakMb)}（站点构建 units ${sec(r.timings?.units)}，读取 load ${sec(r.timings?.load)}，规则 rules ${sec(r.timings?.check)}，正文 bodies ${sec(r.timings?.bodies)}）`] as [string, string]),
    ['分片合计 shards total', sec(runs.reduce((a, r) => a + r.wallSeconds, 0))],
    ['合并 merge', `${sec(merge.wallSeconds)}，峰值 peak ${mb(merge.peakMb)}（网站群搜索 group index ${sec(merge.timings?.group)}，组装 assemble ${sec(merge.timings?.assemble)}）`],
  ];
  process.stdout.write(`\n结果 results（分片 sharded）\n${reportTable(rows)}\n`);
  const record = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    mode: 'shards',
    node: process.version,
    cpus: os.availableParallelism(),
    params: { sites: opts.sites, pages: opts.pages, seed: opts.seed, jobs: opts.jobs, shards: n },
    outputPages: pages,
    shards: runs.map((r) => ({ wallSeconds: round(r.wallSeconds), peakMb: r.peakMb === undefined ? null : Math.round(r.peakMb), timings: r.timings ?? null })),
    merge: { wallSeconds: round(merge.wallSeconds), peakMb: merge.peakMb === undefined ? null : Math.round(merge.peakMb), timings: merge.timings ?? null },
  };
  fs.appendFileSync(path.join(opts.out, 'results.jsonl'), JSON.stringify(record) + '\n');
  cleanUp(opts, [contentDir, distDir, path.join(opts.out, 'merge-cache'), ...dirs, ...dirs.map((d) => `${d}-cache`)], distDir);
  return 0;
}

function cleanUp(opts: BenchOptions, dirs: string[], distDir: string): void {
  if (opts.keep) {
    process.stdout.write(`保留 kept: ${dirs.filter((d) => fs.existsSync(d)).map(shown).join('，')}（npm run preview -- --out ${shown(distDir)}）\n`);
    return;
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * `--check`: runs `jiyue check --format json` in a child process under /usr/bin/time and reports
 * wall time, the check's own time (load excluded), peak memory and what it found.
 */
async function benchCheck(opts: BenchOptions, contentDir: string, gen: GenerateStats): Promise<number> {
  const run = await timed('检查 check（子进程 child process）', process.execPath, [JIYUE, 'check', '--content', contentDir, '--now', NOW, '--format', 'json']);
  const { stdout, stderr, exitCode, wallSeconds, peakMb: peakRssMb } = run;
  let result: { errors: number; warnings: number; seconds: number; diagnostics: { ruleId: string }[] };
  try {
    result = JSON.parse(stdout);
  } catch {
    process.stderr.write(stderr.slice(0, 4000));
    fail(`检查失败 check failed（退出码 exit code ${exitCode}）`);
  }
  const byRule: Record<string, number> = {};
  for (const d of result.diagnostics) byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', num(gen.articles + 2 * opts.sites)],
    ['检查总时长 check wall time', sec(wallSeconds)],
    ['  读取与规则 load + rules (in the CLI)', sec(result.seconds)],
    ['峰值内存 peak RSS', mb(peakRssMb)],
    ['错误 / 警告 errors / warnings', `${result.errors} / ${result.warnings}`],
    ['按规则 by rule', Object.entries(byRule).map(([k, v]) => `${k} ${v}`).join('，') || '—'],
  ];
  process.stdout.write(`\n结果 results\n${reportTable(rows)}\n`);
  const record = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    mode: 'check',
    node: process.version,
    cpus: os.cpus().length,
    params: { sites: opts.sites, pages: opts.pages, seed: opts.seed },
    check: { wallSeconds: round(wallSeconds), cliSeconds: round(result.seconds), peakRssMb: peakRssMb === undefined ? null : Math.round(peakRssMb), errors: result.errors, warnings: result.warnings, byRule },
  };
  fs.appendFileSync(path.join(opts.out, 'results.jsonl'), JSON.stringify(record) + '\n');
  if (!opts.keep) fs.rmSync(contentDir, { recursive: true, force: true });
  if (result.errors) {
    process.stderr.write('生成的内容有检查错误（基准脚本或规则的问题）。The generated content has check errors (a bug in the bench script or a rule).\n');
    return 1;
  }
  return 0;
}

async function benchDevMode(opts: BenchOptions, contentDir: string, gen: GenerateStats): Promise<number> {
  const { benchDev } = await import('./bench-dev.ts');
  const article = newestNews(contentDir).rel;
  process.stdout.write(`  实时预览 dev server（改标题 retitling ${article}）…\n`);
  const r = await benchDev({ projectRoot: PROJECT_ROOT, contentDir, now: NOW, article, edits: 10, log: (s) => process.stdout.write(s) });
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', num(gen.articles + 2 * opts.sites)],
    ['启动到第一个页面 start → first page', sec(r.firstPageSeconds)],
    ['保存到显示 save → shown in Chromium', `中位数 median ${r.medianMs} ms，最慢 worst ${r.worstMs} ms（${r.editsMs.length} 次 saves）`],
    ['其中重新读取 of which the dev server re-reads', `中位数 median ${r.reloadMedianMs} ms（${r.reloadsMs.length} 次 reloads）`],
    ['峰值内存 peak RSS', `${num(r.peakRssMb)} MB`],
  ];
  process.stdout.write(`\n结果 results\n${reportTable(rows)}\n`);
  const record = { date: new Date().toISOString(), commit: gitCommit(), mode: 'dev', node: process.version, cpus: os.cpus().length, params: { sites: opts.sites, pages: opts.pages, seed: opts.seed }, dev: r };
  fs.appendFileSync(path.join(opts.out, 'results.jsonl'), JSON.stringify(record) + '\n');
  if (!opts.keep) fs.rmSync(contentDir, { recursive: true, force: true });
  return 0;
}

/** A path as short as it can be shown: relative below the working directory, else absolute. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main().then(
  (code) => {
    emptyTrash();
    process.exit(code);
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
