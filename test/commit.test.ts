/**
 * Kill safety of the output commit (src/pipeline/output-dir.ts): a build killed (SIGKILL) at any
 * step of the commit leaves, once the next build has started (recoverOutput), either the old
 * output or the new one, complete, and no staging or scratch folder behind. Before the journal, a
 * kill during the commit's renames left 5 of 10 sites in dist/, and killed builds left their
 * staging and scratch folders for ever.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverOutput, type CommitStep, type OutputDirs } from '../src/pipeline/output-dir.ts';
import { REPO_ROOT, snapshotTree, tempDir } from './helpers.ts';

/** A pid no process can have (above Linux's largest pid_max): the killed build's folders. */
const DEAD_PID = 4_194_305;
const SITES = Array.from({ length: 10 }, (_, i) => `site${i}`);

/** The old output, and the staging folder of a build that changed sites 0–4 and reuses 5–9 (taken from the old output at the commit). */
function lay(parent: string): { dirs: OutputDirs; steps: CommitStep[] } {
  const dirs = { out: path.join(parent, 'dist'), staging: path.join(parent, `.dist.staging-${DEAD_PID}-1`), work: path.join(parent, `.dist.work-${DEAD_PID}-1`) };
  for (const site of SITES) {
    fs.mkdirSync(path.join(dirs.out, 'sites', site, 'gzdt'), { recursive: true });
    fs.writeFileSync(path.join(dirs.out, 'sites', site, 'index.html'), `old ${site}`);
    fs.writeFileSync(path.join(dirs.out, 'sites', site, 'gzdt', 'index.html'), `old column ${site}`);
  }
  fs.writeFileSync(path.join(dirs.out, 'manifest.json'), 'old manifest');
  for (const site of SITES.slice(0, 5)) {
    fs.mkdirSync(path.join(dirs.staging, 'sites', site), { recursive: true });
    fs.writeFileSync(path.join(dirs.staging, 'sites', site, 'index.html'), `new ${site}`);
  }
  fs.mkdirSync(path.join(dirs.staging, '.pending', 'x'), { recursive: true });
  fs.writeFileSync(path.join(dirs.staging, 'manifest.json'), 'new manifest');
  fs.mkdirSync(path.join(dirs.work, 'astro'), { recursive: true });
  fs.writeFileSync(path.join(dirs.work, 'astro', 'tmp'), 'scratch');
  const steps: CommitStep[] = SITES.slice(5).map((site) => ({ kind: 'take', to: `sites/${site}` }));
  return { dirs, steps };
}

/** What the new output is: sites 0–4 as built, 5–9 as they were, the new manifest. */
function expectedNew(): Map<string, string> {
  const m = new Map<string, string>([['manifest.json', 'new manifest']]);
  for (const site of SITES.slice(0, 5)) m.set(`sites/${site}/index.html`, `new ${site}`);
  for (const site of SITES.slice(5)) {
    m.set(`sites/${site}/index.html`, `old ${site}`);
    m.set(`sites/${site}/gzdt/index.html`, `old column ${site}`);
  }
  return m;
}

const asText = (tree: Map<string, Buffer>) => new Map([...tree].map(([k, v]) => [k, v.toString()]));

describe('the output commit, killed at every step', () => {
  it('leaves the old or the new output, complete, and nothing else, after the next start', () => {
    const script = path.join(tempDir('jiyue-commit-script-'), 'commit.ts');
    fs.writeFileSync(
      script,
      [
        `import { commitOutput } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'pipeline', 'output-dir.ts'))};`,
        'const [dirs, steps, killAt] = [JSON.parse(process.argv[2]), JSON.parse(process.argv[3]), Number(process.argv[4])];',
        'commitOutput(dirs, steps, { onStep: (n, name) => { if (n === killAt) { process.stdout.write(name); process.kill(process.pid, "SIGKILL"); } } });',
        'process.stdout.write("finished");',
      ].join('\n'),
    );
    const seen: string[] = [];
    for (let killAt = 0; ; killAt++) {
      const parent = tempDir('jiyue-commit-');
      const { dirs, steps } = lay(parent);
      const old = asText(snapshotTree(dirs.out));
      const r = spawnSync(process.execPath, [script, JSON.stringify(dirs), JSON.stringify(steps), String(killAt)], { encoding: 'utf8' });
      const finished = r.stdout === 'finished';
      if (!finished) expect(r.signal, r.stderr).toBe('SIGKILL');
      seen.push(`${killAt}: ${r.stdout}`);
      // The next build starts here.
      recoverOutput(dirs.out);
      const now = asText(snapshotTree(dirs.out));
      const isOld = JSON.stringify([...now]) === JSON.stringify([...old]);
      const isNew = JSON.stringify([...now].sort()) === JSON.stringify([...expectedNew()].sort());
      expect(isOld || isNew, `killed at step ${killAt} (${r.stdout}): ${JSON.stringify([...now.keys()])}`).toBe(true);
      expect(fs.readdirSync(parent), `killed at step ${killAt}`).toEqual(['dist']);
      if (finished) {
        expect(isNew).toBe(true);
        break;
      }
    }
    // Every take, the swap's steps and the clean-up were each a kill point.
    expect(seen.length).toBeGreaterThanOrEqual(5 + 5);
  });
});
