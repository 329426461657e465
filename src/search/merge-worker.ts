/**
 * The group merge on a worker thread (group-index.ts). It starts with the folders of bundles
 * whose words it may read ahead (the reused units' bundles, while the pipeline builds the
 * others: build.ts), then gets its job (every bundle with its part) as a message, merges while
 * the pipeline links the sites' folders into the output, and sends one reply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BundleFormatError, mergeBundles, prefetchChunks, type BundleSource, type MergeOptions, type MergeResult } from './merge-bundles.ts';

/** What the thread starts with. */
export interface MergeStart {
  /** Bundle folders to read ahead, in order. */
  prefetch: string[];
  /** Chunk bytes to hold at most when reading ahead. */
  budget: number;
}

export interface MergeJob {
  sources: BundleSource[];
  outDir: string;
  options: MergeOptions;
}

export type MergeReply = { result: MergeResult } | { formatError: string };

const start = workerData as MergeStart;
const prefetched = prefetchChunks(start.prefetch, start.budget);
parentPort!.once('message', (job: MergeJob) => {
  mergeBundles(job.sources, job.outDir, job.options, prefetched).then(
    (result) => parentPort!.postMessage({ result } satisfies MergeReply),
    (error: unknown) => {
      // A format problem is a finding (SEARCH-INDEX-FAILED); anything else fails the worker.
      if (error instanceof BundleFormatError) parentPort!.postMessage({ formatError: error.message } satisfies MergeReply);
      else throw error;
    },
  );
});
