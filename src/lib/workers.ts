/**
 * Runs jobs on worker threads, one job per worker, and collects their single reply. A worker
 * that throws, or exits without replying (killed, out of memory, a crash in native code), fails
 * the whole run with a message naming the job, instead of leaving the build waiting for ever.
 */
import { Worker } from 'node:worker_threads';

export class WorkerFailed extends Error {}

export async function runWorkers<J, R>(script: URL, jobs: readonly J[], describe: (job: J, index: number) => string): Promise<R[]> {
  return Promise.all(jobs.map((job, i) => replyOf<R>(new Worker(script, { workerData: job }), describe(job, i))));
}

/** The single reply of `worker`; rejects when it throws or exits without one. Ends it after the reply. */
function replyOf<R>(worker: Worker, what: string): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let replied = false;
    worker.once('message', (m: R) => {
      replied = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      replied = true;
      reject(new WorkerFailed(`${what}：工作线程出错：${error instanceof Error ? error.message : String(error)}`));
    });
    worker.once('exit', (code) => {
      if (!replied) reject(new WorkerFailed(`${what}：工作线程意外退出（退出码 ${code}），没有返回结果`));
    });
  });
}

/**
 * A worker thread started before its job is known: it gets `data` now and messages meanwhile
 * (`post`, to work ahead), its job as the last message (`run`, once), and sends one reply, as in
 * runWorkers. `close` ends it when the job never comes (a build that stops early).
 */
export class StartedWorker<M, R> {
  readonly #worker: Worker;
  readonly #reply: Promise<R>;
  #sent = false;

  constructor(script: URL, data: unknown, what: string) {
    this.#worker = new Worker(script, { workerData: data });
    this.#reply = replyOf<R>(this.#worker, what);
    // Observed by run(); a thread closed unused must not reject into nowhere.
    this.#reply.catch(() => undefined);
  }

  post(message: M): void {
    if (this.#sent) throw new Error('StartedWorker.post called after run');
    this.#worker.postMessage(message);
  }

  run(job: M): Promise<R> {
    if (this.#sent) throw new Error('StartedWorker.run called twice');
    this.#sent = true;
    this.#worker.postMessage(job);
    return this.#reply;
  }

  close(): void {
    void this.#worker.terminate();
  }
}

/** Splits a list into at most `n` contiguous chunks of near-equal size (none empty). */
export function chunks<T>(list: readonly T[], n: number): T[][] {
  const count = Math.max(1, Math.min(n, list.length));
  const size = Math.ceil(list.length / count);
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
