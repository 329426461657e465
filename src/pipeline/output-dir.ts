/**
 * Atomic replacement of the output directory: everything is built in a staging folder next to
 * the output (same file system, so renames are atomic); only a complete build is swapped in.
 * A failed build removes its staging folder and leaves the previous output untouched.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface OutputDirs {
  /** Final output, e.g. dist/. */
  out: string;
  /** Becomes the new output on success. */
  staging: string;
  /** Scratch space (Astro's raw output, caches, the model file); always removed. */
  work: string;
}

export function prepareOutput(out: string): OutputDirs {
  const parent = path.dirname(out);
  fs.mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  const base = path.basename(out);
  const dirs = {
    out,
    staging: path.join(parent, `.${base}.staging-${tag}`),
    work: path.join(parent, `.${base}.work-${tag}`),
  };
  fs.mkdirSync(dirs.staging, { recursive: true });
  fs.mkdirSync(dirs.work, { recursive: true });
  return dirs;
}

/**
 * What the commit does before the swap (paths relative to the output and staging folders):
 * `take` moves a folder of the previous output into staging, unchanged; `drop` removes a path in
 * staging; `put` moves a path within staging. Only renames and removals: milliseconds.
 */
export interface CommitStep {
  kind: 'take' | 'drop' | 'put';
  from?: string;
  to: string;
}

/**
 * Runs the steps, then swaps the staging folder in place of the output. Synchronous from start
 * to end: the build's interrupt handler (SIGINT, SIGTERM) can only run before or after it.
 */
export function commitOutput(dirs: OutputDirs, steps: readonly CommitStep[] = []): void {
  const at = (root: string, rel: string) => path.join(root, ...rel.split('/'));
  for (const step of steps) {
    if (step.kind === 'take') {
      fs.mkdirSync(path.dirname(at(dirs.staging, step.to)), { recursive: true });
      fs.renameSync(at(dirs.out, step.to), at(dirs.staging, step.to));
    } else if (step.kind === 'drop') {
      fs.rmSync(at(dirs.staging, step.to), { recursive: true, force: true });
    } else {
      fs.mkdirSync(path.dirname(at(dirs.staging, step.to)), { recursive: true });
      fs.renameSync(at(dirs.staging, step.from!), at(dirs.staging, step.to));
    }
  }
  fs.rmSync(path.join(dirs.staging, '.pending'), { recursive: true, force: true });
  const old = `${dirs.staging}.old`;
  const hadOld = fs.existsSync(dirs.out);
  if (hadOld) fs.renameSync(dirs.out, old);
  try {
    fs.renameSync(dirs.staging, dirs.out);
  } catch (error) {
    if (hadOld) fs.renameSync(old, dirs.out);
    throw error;
  }
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
  fs.rmSync(dirs.work, { recursive: true, force: true });
}

/** Removes staging and scratch; the output stays as it was. */
export function discardOutput(dirs: OutputDirs): void {
  fs.rmSync(dirs.staging, { recursive: true, force: true });
  fs.rmSync(dirs.work, { recursive: true, force: true });
}
