/** A scan worker: one chunk of the published entries, see scan-files.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFiles, type ScanJob } from './scan-files.ts';

parentPort!.postMessage(scanFiles(workerData as ScanJob));
