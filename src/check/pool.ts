/**
 * Runs the per-file scan over all published entries, on worker threads when the group is large
 * enough to pay for them (a worker costs ~0.2 s to start; the parse ~1 ms per page).
 */
import os from 'node:os';
import { chunks, runWorkers } from '../lib/workers.ts';
import { scanFiles, type ScanJob, type ScanOutput } from './scan-files.ts';

/** One worker per half this many files, up to the worker count: up to 200 files the scan runs in-process. */
const WORKER_THRESHOLD = 400;

export async function runScan(job: ScanJob, workers = defaultWorkers()): Promise<ScanOutput[]> {
  const n = Math.min(workers, Math.ceil(job.items.length / (WORKER_THRESHOLD / 2)));
  if (n <= 1) return scanFiles(job);
  // Contiguous chunks keep each site's files together (and the output in input order).
  const jobs = chunks(job.items, n).map((items) => ({ ...job, items }) satisfies ScanJob);
  const results = await runWorkers<ScanJob, ScanOutput[]>(new URL('./scan-worker.ts', import.meta.url), jobs, (j) => `内容检查（${j.items[0]?.source} 起 ${j.items.length} 篇）`);
  return results.flat();
}

/** The cores, at most 4 (`JIYUE_CHECK_WORKERS` sets another number: options.ts `Tuning`). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}
