/**
 * A build with nothing to do finishes in a second. Every build that publishes leaves a sealed
 * record in the cache (`unchanged.json`, sealed as cache-seal.ts seals everything the cache
 * holds) of what it was made from and what it left:
 *
 * - **its inputs as file metadata**: every file and folder under the content folder (the root's
 *   hidden entries excepted: the loader never reads them, `.git` among them) and under the themes
 *   folder, with each file's inode, size and mtime;
 * - **everything else that reaches the output or the findings**: the generator
 *   (fingerprint.ts `generatorDigest`), Node's version, the options and knobs that change what is
 *   written (not `--jobs`: output is byte-identical for any number of workers), and `--now`: its
 *   day, or its exact instant when a printed finding counts hours (catalogue `readsTimeOfDay`);
 *   every other rule and page reads the day only (test/time.test.ts holds every rule to that);
 * - **the output as the commit left it**: every folder and file in it, with its inode, size, mtime
 *   and ctime (a file added, removed, replaced or edited in place changes them; no user can set a
 *   ctime back); for a department whose changes were deferred, its last good copy in the cache,
 *   which the output was made from;
 * - **the outcome**: the findings it printed, its summary and its exit code (0, or 3 with
 *   deferred departments). A failed build writes none: the last record stays, and still
 *   describes the output, which a failed build never touches.
 *
 * The next build compares all of this before it imports the pipeline or reads any content file.
 * When everything is the same, it prints the same findings and the summary with "没有变化",
 * exits with the same code and writes nothing: not into the output, not into the cache.
 * Anything different, or a record that does not verify, and the build runs as always (`--explain`
 * says first what differed).
 *
 * A file written within two seconds before the walk is recorded with its bytes as well, and the
 * next walk compares them (file systems stamp times coarsely: a second write in the same tick
 * would look the same; git treats its "racily clean" files so). An edit that sets the mtime back
 * on purpose (`touch -r`) and keeps the size is not seen, as by make or Hugo: `--full` builds anyway.
 * A symlink among the inputs means no record (its target may change without it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { shanghaiParts } from '../config/primitives.ts';
import { fileState } from '../lib/files.ts';
import { allEntries } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { Deferral } from '../model/types.ts';
import { cacheKey, seal, sealed } from './cache-seal.ts';
import { generatorDigest } from './fingerprint.ts';
import type { BuildOptions } from './options.ts';
import { lastGoodDir } from './deferral.ts';
import { journalFile } from './output-dir.ts';
import { formatReasons, formatSummary, printDiagnostics, type BuildStats, type SummaryFacts } from './print.ts';

const RECORD = 'unchanged.json';
const FORMAT = 1;
/** How close to the walk a file's mtime may be and still be told apart from a later write's (coarse file-system clocks). */
const RACY_NS = 2_000_000_000n;

/** The inputs' file metadata, walked once before anything reads them. */
export interface InputState {
  /** What the record's `inputs` is compared with: the metadata, and the bytes of the record's `hashed` files and of those just written. */
  digest: string;
  /** What a record of this build keeps as its `inputs`: the metadata, and the bytes of the files just written (`hashed`). */
  recorded: string;
  /** Files whose mtime is within two seconds of the walk ("content/<path>", "themes/<path>"): the next walk compares their bytes too. */
  hashed: string[];
  /** Why this state may not be recorded (a symlink, a folder that cannot be read), or undefined. */
  unsure?: string;
}

/** The build's outcome, as the record keeps it for the next build. */
export interface Outcome {
  code: 0 | 3;
  /** Every finding printed, in the order they were passed to `printDiagnostics`. */
  printed: Diagnostic[];
  facts: SummaryFacts;
  stats: Pick<BuildStats, 'pages' | 'traditionalPages' | 'pagesBySite' | 'warnings'> & { deferred: Deferral[] };
  /** The units of the build, in its order, and the portal's id (the summary's --explain lines). */
  units: string[];
  portal: string;
}

/** A build as the next one compares it (see above). */
export interface BuildRecord {
  format: typeof FORMAT;
  /** Everything but file metadata the output and the findings are made from (`keyOf`). */
  key: string;
  /** `--now`: its day; its instant only when a printed finding counts hours. */
  now: { day: string; epoch: number | null };
  /** InputState `recorded`. */
  inputs: string;
  /** InputState `hashed`: the next walk compares these by their bytes too. */
  hashed: string[];
  output: string;
  lastGood: string;
  /** When it was recorded (epoch ms), for the summary's "与 … 的构建相同". */
  sealedAt: number;
  outcome: Outcome;
}

/**
 * Walks the inputs (see above): each file's inode, size and mtime. Not its ctime: a build that
 * defers a department lays the content out with hard links (deferral.ts), which moves every
 * file's ctime. `hash`: files whose bytes are compared too (the record's `hashed`).
 */
export function readInputs(options: Pick<BuildOptions, 'contentDir' | 'themesDir'>, hash: ReadonlySet<string> = new Set()): InputState {
  const compared = createHash('sha256');
  const recorded = createHash('sha256');
  const both = (text: string) => {
    compared.update(text);
    recorded.update(text);
  };
  const started = BigInt(Date.now()) * 1_000_000n;
  const hashed: string[] = [];
  let unsure: string | undefined;
  const walk = (abs: string, rel: string, root: boolean) => {
    for (const name of fs.readdirSync(abs).sort()) {
      if (root && name.startsWith('.')) continue;
      const p = path.join(abs, name);
      const r = `${rel}/${name}`;
      const st = fs.lstatSync(p, { bigint: true });
      if (st.isDirectory()) {
        both(`d\0${r}\0`);
        walk(p, r, false);
        continue;
      }
      if (st.isSymbolicLink()) unsure ??= `${r} 是符号链接`;
      both(`${st.isFile() ? 'f' : 'o'}\0${r}\0${st.ino}\0${st.size}\0${st.mtimeNs}\0`);
      if (!st.isFile()) continue;
      // Written in the last two seconds (or stamped in the future): a write in the same tick would not change the mtime.
      const racy = st.mtimeNs > started - RACY_NS;
      if (!racy && !hash.has(r)) continue;
      const bytes = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      compared.update(bytes);
      if (racy) {
        hashed.push(r);
        recorded.update(bytes);
      }
    }
  };
  for (const [tag, dir, root] of [
    ['content', options.contentDir, true],
    ['themes', options.themesDir, false],
  ] as const) {
    both(`${tag}\0${dir}\0`);
    try {
      walk(dir, tag, root);
    } catch (error) {
      unsure ??= `${dir}：${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`;
    }
  }
  return { digest: compared.digest('hex'), recorded: recorded.digest('hex'), hashed, unsure };
}

/** Everything but file metadata that the output and the findings are made from (see above). */
function keyOf(options: BuildOptions): string {
  // The file the path names, symlinks followed (lib/files.ts `fileState`), or null: none.
  const stateOf = (file: string) => {
    try {
      return fileState(fs.realpathSync(file));
    } catch {
      return null;
    }
  };
  const { searchMaxFragments, lazyFacetsFrom, batchPages, workerHeapMb, checkWorkers } = options.tuning;
  const pagefind = process.env.PAGEFIND_EXTENDED_BINARY_PATH;
  return JSON.stringify({
    generator: generatorDigest(),
    node: `${process.version} ${process.platform} ${process.arch}`,
    contentDir: options.contentDir,
    themesDir: options.themesDir,
    outDir: options.outDir,
    sites: options.sites,
    previousManifest: options.previousManifest ? [options.previousManifest, stateOf(options.previousManifest)] : null,
    deployRoot: options.deployRoot,
    tuning: { searchMaxFragments, lazyFacetsFrom, batchPages, workerHeapMb, checkWorkers: checkWorkers ?? null },
    pagefind: pagefind ? [pagefind, stateOf(pagefind)] : null,
  });
}

/**
 * The output folder as the commit left it: every folder and file with its inode, size and times
 * (milliseconds with their fraction, as Node gives them: half the cost of nanoseconds, and fine
 * enough for files no build is writing). Undefined when it is not there or a commit of it is
 * unfinished (the next build recovers it: output-dir.ts).
 */
function readOutput(outDir: string): string | undefined {
  if (fs.existsSync(journalFile(outDir))) return undefined;
  const h = createHash('sha256');
  const walk = (abs: string, rel: string) => {
    const st = fs.lstatSync(abs);
    h.update(`d\0${rel}\0${st.ino}\0${st.mtimeMs}\0${st.ctimeMs}\0`);
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const p = `${abs}/${e.name}`;
      if (e.isDirectory()) walk(p, `${rel}/${e.name}`);
      else {
        const f = fs.lstatSync(p);
        h.update(`f\0${rel}/${e.name}\0${f.ino}\0${f.size}\0${f.mtimeMs}\0${f.ctimeMs}\0`);
      }
    }
  };
  try {
    walk(outDir, '');
  } catch {
    return undefined;
  }
  return h.digest('hex');
}

/** The last good copies the output was made from (deferred departments only): every entry's identity and times. */
function readLastGood(cacheDir: string, deferred: readonly Deferral[]): string {
  const h = createHash('sha256');
  const walk = (abs: string, rel: string) => {
    for (const name of fs.readdirSync(abs).sort()) {
      const st = fs.lstatSync(path.join(abs, name), { bigint: true });
      h.update(`${rel}/${name}\0${st.ino}\0${st.size}\0${st.mtimeNs}\0${st.ctimeNs}\0`);
      if (st.isDirectory()) walk(path.join(abs, name), `${rel}/${name}`);
    }
  };
  for (const d of deferred) {
    h.update(`${d.siteId}\0${d.as}\0`);
    try {
      if (d.as === 'last-good') walk(path.join(lastGoodDir(cacheDir), d.siteId), d.siteId);
    } catch {
      h.update('missing\0');
    }
  }
  return h.digest('hex');
}

const recordFile = (cacheDir: string) => path.join(cacheDir, RECORD);

/**
 * After a build that published (not a shard): records it for the next build, or removes the
 * record when this one cannot be recorded (its inputs `unsure`). `inputs` were read before the
 * build read anything, so a file changed during the build makes the next build run in full.
 */
export function recordUnchanged(options: BuildOptions, inputs: InputState | undefined, outcome: Outcome): void {
  const file = recordFile(options.cacheDir);
  const output = inputs && !inputs.unsure ? readOutput(options.outDir) : undefined;
  if (!inputs || inputs.unsure || !output) {
    fs.rmSync(file, { force: true });
    return;
  }
  const byTime = new Set(allEntries().filter((e) => e.readsTimeOfDay).map((e) => e.ruleId));
  const body: BuildRecord = {
    format: FORMAT,
    key: keyOf(options),
    now: { day: options.now.day, epoch: outcome.printed.some((d) => byTime.has(d.ruleId)) ? options.now.epoch : null },
    inputs: inputs.recorded,
    hashed: inputs.hashed,
    output,
    lastGood: readLastGood(options.cacheDir, outcome.stats.deferred),
    sealedAt: Date.now(),
    outcome,
  };
  const text = JSON.stringify(body);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ body: text, seal: seal(options.cacheKey ?? cacheKey(), text) }));
  fs.renameSync(tmp, file);
}

/** The record, when its seal verifies under this build's key; otherwise why not. */
function readRecord(options: BuildOptions): BuildRecord | string {
  let text: string;
  try {
    text = fs.readFileSync(recordFile(options.cacheDir), 'utf8');
  } catch {
    return '缓存中没有上一次构建的记录';
  }
  try {
    const { body, seal: mac } = JSON.parse(text) as { body: string; seal: string };
    if (typeof body !== 'string' || !sealed(options.cacheKey ?? cacheKey(), body, mac)) return '上一次构建的记录签名不符（另一个密钥签的，或被改动过），不采用';
    const parsed = JSON.parse(body) as BuildRecord;
    return parsed.format === FORMAT ? parsed : '上一次构建的记录是旧格式';
  } catch {
    return '上一次构建的记录无法读取';
  }
}

/**
 * Before a build: when the record says nothing changed, prints what that build printed, with a
 * summary that says so, and returns its exit code. Otherwise says why not (`--explain` prints it)
 * and hands on the inputs it walked, for the build to record (undefined for a shard or a merge).
 */
export function answerIfUnchanged(
  options: BuildOptions,
  io: { out: (s: string) => void; err: (s: string) => void },
  started: number,
): { code: number } | { why: string; inputs?: InputState } {
  if (options.shard || options.mergeFrom) return { why: options.shard ? '分片构建不使用这个记录' : '合并不使用这个记录' };
  const found = options.full ? '--full' : readRecord(options);
  const inputs = readInputs(options, new Set(typeof found === 'string' ? [] : found.hashed));
  if (typeof found === 'string') return { why: found, inputs };
  const why = changeOf(options, found, inputs);
  if (why) return { why, inputs };
  return { code: replay(options, found, io, started) };
}

/** What differs from the record, or undefined: nothing. Cheapest comparisons first. */
function changeOf(options: BuildOptions, record: BuildRecord, inputs: InputState): string | undefined {
  if (inputs.unsure) return inputs.unsure;
  if (record.inputs !== inputs.digest) return '内容或主题目录有变化';
  if (record.now.day !== options.now.day) return `构建日期不同（上次 ${record.now.day}，这次 ${options.now.day}）`;
  if (record.now.epoch !== null && record.now.epoch !== options.now.epoch) return '上一次构建的问题按小时计（重要政策信息转载），这次的时刻不同';
  if (record.key !== keyOf(options)) return '生成器、Node 版本或选项不同';
  if (readOutput(options.outDir) !== record.output) return '输出目录与上一次构建留下的不同（被改动、删除，或有未完成的替换）';
  if (readLastGood(options.cacheDir, record.outcome.stats.deferred) !== record.lastGood) return '暂缓发布的部门的上次成功副本有变化';
  return undefined;
}

/** Prints what the recorded build printed, with a summary that says nothing changed; returns its exit code. */
function replay(options: BuildOptions, record: BuildRecord, io: { out: (s: string) => void; err: (s: string) => void }, started: number): number {
  const { outcome } = record;
  printDiagnostics(outcome.printed, io.err);
  const seconds = (performance.now() - started) / 1000;
  if (options.tuning.timings) {
    io.err(`JIYUE_TIMINGS ${JSON.stringify({ unchanged: seconds, total: seconds, unitsBuilt: 0, unitsReused: outcome.units.length })}\n`);
  }
  const at = shanghaiParts(record.sealedAt);
  io.out(
    '\n' +
      formatSummary(outcome.facts, { ...outcome.stats, seconds, outDir: path.relative(process.cwd(), options.outDir) || '.', built: [], reused: outcome.units.length }) +
      `\n没有变化：内容、主题、生成器和选项都与 ${at.day} ${at.time} 的构建相同，输出目录也保持原样；本次没有读取内容，也没有写入任何文件（npm run build -- --full 可强制重新构建）。\n` +
      formatReasons(outcome.units, new Map(), outcome.portal, Boolean(options.explain)),
  );
  return outcome.code;
}
