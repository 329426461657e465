/**
 * The group merge on a worker thread (group-index.ts): the pipeline links the sites' folders
 * into the output meanwhile. Plain data in (every bundle with its part), one reply out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BundleFormatError, mergeBundles, type BundleSource, type MergeOptions, type MergeResult } from './merge-bundles.ts';

export interface MergeJob {
  sources: BundleSource[];
  outDir: string;
  options: MergeOptions;
}

export type MergeReply = { result: MergeResult } | { formatError: string };

const job = workerData as MergeJob;
mergeBundles(job.sources, job.outDir, job.options).then(
  (result) => parentPort!.postMessage({ result } satisfies MergeReply),
  (error: unknown) => {
    // A format problem is a finding (SEARCH-INDEX-FAILED); anything else fails the worker.
    if (error instanceof BundleFormatError) parentPort!.postMessage({ formatError: error.message } satisfies MergeReply);
    else throw error;
  },
);
