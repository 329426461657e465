/**
 * Builds units in worker processes (unit-worker.ts), `jobs` at a time: every core renders,
 * checks and indexes its own sites. Units are packed into batches balanced by page count (one
 * Astro build per batch, its fixed cost paid once per batch, not per site); a batch never holds
 * more than `batchPages` pages, which bounds each worker's memory however large the group is.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UnitJob, JobUnit } from '../plan/unit-job.ts';
import type { WorkerResult, WorkerTimings } from './unit-worker.ts';

/** The worker strips the project's TypeScript through the shared cache (src/lib/stripped-types.ts). */
const STRIPPED_TYPES_HOOK = pathToFileURL(path.join(import.meta.dirname, '..', 'lib', 'stripped-types-register.ts')).href;

/** Pages of one Astro build at most (JIYUE_BATCH_PAGES overrides it, for benchmarks). */
export const BATCH_PAGES = 10000;

export class UnitWorkerFailed extends Error {}

/**
 * Assigns items to `bins` bins, largest first, each to the lightest bin so far (ties: the lower
 * bin): the same input always gives the same assignment. Used for shards and for batches.
 */
export function balance<T>(items: readonly T[], bins: number, weight: (t: T) => number, id: (t: T) => string): T[][] {
  const out: T[][] = Array.from({ length: bins }, () => []);
  const load = new Array<number>(bins).fill(0);
  const sorted = [...items].sort((a, b) => weight(b) - weight(a) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  for (const item of sorted) {
    let best = 0;
    for (let i = 1; i < bins; i++) if (load[i] < load[best]) best = i;
    out[best].push(item);
    load[best] += weight(item);
  }
  return out;
}

/**
 * Batches of units: `jobs` balanced groups, each cut into pieces of at most `batchPages` pages that
 * Astro renders. 繁體 pages do not count: they are converted after the render (about a tenth of a
 * page's render), and counting them would double the batches and with them Astro's fixed cost.
 */
export function batchUnits(units: readonly JobUnit[], jobs: number, batchPages: number): JobUnit[][] {
  const pages = (u: JobUnit) => u.pages.reduce((n, p) => n + (p.script === 'hans' ? 1 : 0), 0);
  const total = units.reduce((n, u) => n + pages(u), 0);
  // Never more workers than there is work for: a tiny group is one batch.
  const bins = Math.max(1, Math.min(jobs, units.length, Math.ceil(total / 200)));
  const batches: JobUnit[][] = [];
  for (const bin of balance(units, bins, pages, (u) => u.id)) {
    let current: JobUnit[] = [];
    let size = 0;
    for (const u of bin) {
      if (current.length && size + pages(u) > batchPages) {
        batches.push(current);
        current = [];
        size = 0;
      }
      current.push(u);
      size += pages(u);
    }
    if (current.length) batches.push(current);
  }
  return batches.filter((b) => b.length);
}

export interface RunUnitsResult {
  timings: WorkerTimings;
  /** Peak resident memory of the largest worker, bytes. */
  peakRss: number;
  workers: number;
}

/**
 * Runs one worker per job file, `jobs` at a time. `onProgress` gets the total of pages rendered;
 * `onUnit` each unit whose folder and record a worker has finished (`<outDir>/<unitId>`);
 * `onRunning` how many workers run from now on: at the start, and each time one exits.
 * Any worker failing (an exception, a crash, killed for memory) rejects with its stderr.
 */
export async function runUnits(
  jobs: UnitJob[],
  concurrency: number,
  on: { onProgress: (rendered: number) => void; onUnit?: (unitId: string) => void; onRunning?: (workers: number) => void },
  heapMb = 8192,
): Promise<RunUnitsResult> {
  const script = path.join(import.meta.dirname, 'unit-worker.ts');
  const rendered = new Array<number>(jobs.length).fill(0);
  const result: RunUnitsResult = { timings: { astro: 0, layout: 0, traditional: 0, check: 0, search: 0, compress: 0, compressReused: 0 }, peakRss: 0, workers: jobs.length };
  const heap = heapMb;
  const lanes = Math.max(1, Math.min(concurrency, jobs.length));
  let finished = 0;
  const runOne = (job: UnitJob, i: number) =>
    new Promise<void>((resolve, reject) => {
      const jobFile = path.join(job.workDir, 'job.json');
      fs.mkdirSync(job.workDir, { recursive: true });
      fs.writeFileSync(jobFile, JSON.stringify(job));
      // The worker's own folder as its working directory: Astro writes its server bundle under the
      // working directory when the output is not inside it, which would be shared otherwise.
      const child = fork(script, [jobFile], { cwd: job.workDir, execArgv: [`--max-old-space-size=${heap}`, '--import', STRIPPED_TYPES_HOOK], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-8000);
      });
      child.stdout!.resume();
      child.on('message', (m: { rendered?: number; unit?: string }) => {
        if (typeof m.rendered === 'number') {
          rendered[i] = m.rendered;
          on.onProgress(rendered.reduce((a, b) => a + b, 0));
        }
        if (typeof m.unit === 'string') on.onUnit?.(m.unit);
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        finished++;
        on.onRunning?.(Math.min(lanes, jobs.length - finished));
        if (code === 0) {
          try {
            const r = JSON.parse(fs.readFileSync(path.join(job.outDir, `worker-${path.basename(job.workDir)}.json`), 'utf8')) as WorkerResult;
            for (const k of Object.keys(result.timings) as (keyof WorkerTimings)[]) result.timings[k] += r.timings[k];
            result.peakRss = Math.max(result.peakRss, r.peakRss);
            fs.rmSync(job.workDir, { recursive: true, force: true });
            resolve();
          } catch (error) {
            reject(error);
          }
          return;
        }
        const sites = job.units.map((u) => u.id).join('、');
        const why = signal ? `被信号 ${signal} 终止（内存不足时系统会这样结束进程）` : `退出码 ${code}`;
        reject(new UnitWorkerFailed(`渲染站点 ${sites} 的工作进程${why}${stderr.trim() ? `：\n${stderr.trim()}` : ''}`));
      });
    });
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (next < jobs.length && !failed) {
      const i = next++;
      try {
        await runOne(jobs[i], i);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  on.onRunning?.(Math.min(lanes, jobs.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failed) throw failed;
  return result;
}
