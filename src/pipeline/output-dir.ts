/**
 * Atomic replacement of the output directory: everything is built in a staging folder next to
 * the output (same file system, so renames are atomic); only a complete build is swapped in.
 * A failed build removes its staging folder and leaves the previous output untouched.
 *
 * Kill safety: the commit moves unchanged site folders from the old output into the staging
 * folder, then swaps the two. It writes a journal first (`.<out>.commit.json`, what it takes and
 * which phase it is in), so a build killed at any instant (SIGKILL, power cut of the CI runner)
 * leaves something the next build recovers before it starts: taken folders are moved back
 * (the old output, complete), or the swap is finished (the new output, complete). Staging and
 * scratch folders of builds that are no longer running are removed then too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { alive } from '../lib/process.ts';

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
  recoverOutput(out);
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
export function commitOutput(dirs: OutputDirs, steps: readonly CommitStep[] = [], hooks: CommitHooks = {}): void {
  const at = (root: string, rel: string) => path.join(root, ...rel.split('/'));
  const old = `${dirs.staging}.old`;
  const journal: Journal = { staging: dirs.staging, old, taken: steps.filter((s) => s.kind === 'take').map((s) => s.to), phase: 'taking' };
  writeJournal(dirs.out, journal);
  let n = 0;
  const mark = (name: string) => hooks.onStep?.(n++, name);
  for (const step of steps) {
    mark(`${step.kind} ${step.to}`);
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
  mark('staged');
  // From here the staging folder is the complete new output: a kill is finished forward.
  writeJournal(dirs.out, { ...journal, phase: 'swapping' });
  mark('journal: swapping');
  const hadOld = fs.existsSync(dirs.out);
  if (hadOld) fs.renameSync(dirs.out, old);
  mark('old output moved aside');
  try {
    fs.renameSync(dirs.staging, dirs.out);
  } catch (error) {
    if (hadOld) fs.renameSync(old, dirs.out);
    fs.rmSync(journalFile(dirs.out), { force: true });
    throw error;
  }
  mark('new output in place');
  fs.rmSync(journalFile(dirs.out), { force: true });
  mark('journal removed');
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
  fs.rmSync(dirs.work, { recursive: true, force: true });
}

/** Test hooks of the commit: called before each step, with its number and a name (the kill-injection test). */
export interface CommitHooks {
  onStep?: (n: number, name: string) => void;
}

/** What a commit under way has done, for the next build to recover from. */
interface Journal {
  staging: string;
  old: string;
  /** Folders (relative to the output) moved from the old output into staging. */
  taken: string[];
  /** `taking`: the old output is missing the taken folders; `swapping`: staging is the complete new output. */
  phase: 'taking' | 'swapping';
}

export function journalFile(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.commit.json`);
}

function writeJournal(out: string, journal: Journal): void {
  const file = journalFile(out);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(journal));
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * Before a build: finishes or undoes a commit that was killed (its journal), then removes the
 * staging, scratch and set-aside folders of builds that are not running any more. Afterwards
 * the output is complete: the old one or the new one.
 */
export function recoverOutput(out: string): void {
  const parent = path.dirname(out);
  const base = path.basename(out);
  const file = journalFile(out);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal) {
    const at = (root: string, rel: string) => path.join(root, ...rel.split('/'));
    const exists = (p: string) => fs.existsSync(p);
    if (journal.phase === 'taking') {
      // Undo: every taken folder back into the old output; the staging folder is dropped below.
      for (const rel of journal.taken) {
        if (exists(at(journal.staging, rel)) && !exists(at(out, rel))) {
          fs.mkdirSync(path.dirname(at(out, rel)), { recursive: true });
          fs.renameSync(at(journal.staging, rel), at(out, rel));
        }
      }
    } else {
      // Finish: the staging folder is the complete new output.
      if (exists(journal.staging)) {
        if (exists(out)) fs.renameSync(out, journal.old);
        fs.renameSync(journal.staging, out);
      } else if (!exists(out) && exists(journal.old)) fs.renameSync(journal.old, out);
    }
    fs.rmSync(file, { force: true });
  }
  fs.rmSync(`${file}.tmp`, { force: true });
  // Leftovers of builds that no longer run: .<out>.staging-<pid>-<time>[.old], .<out>.work-<pid>-<time>.
  const mine = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:staging|work)-(\\d+)-\\d+(?:\\.old)?$`);
  for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    const m = mine.exec(name);
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}


/** Removes staging and scratch; the output stays as it was. */
export function discardOutput(dirs: OutputDirs): void {
  fs.rmSync(dirs.staging, { recursive: true, force: true });
  fs.rmSync(dirs.work, { recursive: true, force: true });
}
