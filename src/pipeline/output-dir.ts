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

/** Swaps the staging folder in place of the output. */
export function commitOutput(dirs: OutputDirs): void {
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
