/** A body-render worker: one chunk of the Markdown bodies, see render.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { renderJob, type BodyJob } from './render.ts';

parentPort!.postMessage(renderJob(workerData as BodyJob));
