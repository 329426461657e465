/**
 * The group merge on a worker thread (group-index.ts). Started before the units are built, it
 * reads ahead the words of every site bundle the pipeline tells it is final (`{ prefetch }`:
 * reused units at once, built ones as their workers finish them: build.ts), then gets its job
 * (every bundle with its part), merges while the pipeline links the sites' folders into the
 * output, and sends one reply. Messages are handled in order, so every bundle announced before
 * the job is read ahead (within the budget).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BundleFormatError } from './bundle-read.ts';
import { mergeBundles, Prefetch, type BundleSource, type MergeOptions, type MergeResult } from './merge-bundles.ts';

/** What the thread starts with. */
export interface MergeStart {
  /** Chunk bytes to hold at most when reading ahead. */
  budget: number;
}

export interface MergeJob {
  sources: BundleSource[];
  outDir: string;
  options: MergeOptions;
}

/** Bundle folders to read ahead, or the job. */
export type MergeMessage = { prefetch: string[] } | { job: MergeJob };

export type MergeReply = { result: MergeResult } | { formatError: string };

const prefetch = new Prefetch((workerData as MergeStart).budget);
parentPort!.on('message', (m: MergeMessage) => {
  if ('prefetch' in m) {
    prefetch.add(m.prefetch);
    return;
  }
  const { job } = m;
  mergeBundles(job.sources, job.outDir, job.options, prefetch).then(
    (result) => parentPort!.postMessage({ result } satisfies MergeReply),
    (error: unknown) => {
      // A format problem is a finding (SEARCH-INDEX-FAILED); anything else fails the worker.
      if (error instanceof BundleFormatError) parentPort!.postMessage({ formatError: error.message } satisfies MergeReply);
      else throw error;
    },
  );
});
