/**
 * Run once per `vitest run`: a folder the test files share for the whole run (the demo group's
 * build, made by the first file that asks for it: helpers.ts `demoBuild`). Removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared folder (helpers.ts `demoBuild`). */
    sharedDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-run-'));
  project.provide('sharedDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
