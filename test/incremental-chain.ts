/**
 * The chain the incremental tests walk: one output folder and its cache, built once from the
 * linked group (linked-group.ts), then after each change built again incrementally and compared,
 * file by file, with a clean `--full` build of the same content beside it. Two files walk their
 * own chains (incremental.test.ts: content edits; incremental-config.test.ts: configuration,
 * themes, 繁體, links across sites, dates, a new site, a new generator) so they can run side by side.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT, type CliResult } from './helpers.ts';
import { expectSameTree, linkedGroup, type LinkedGroup } from './linked-group.ts';

/** The build's own timing line (JIYUE_TIMINGS), as scripts/bench.ts reads it. */
export function timingsOf(r: CliResult): Record<string, number> {
  const line = /^JIYUE_TIMINGS (\{.*\})$/m.exec(r.stderr);
  if (!line) throw new Error(`no timing line in:\n${r.stderr}`);
  return JSON.parse(line[1]) as Record<string, number>;
}

/** The sites a build built (the rest it reused), from its summary. */
export function builtSites(r: CliResult): string[] {
  const m = /站点构建 (\d+) 个(?:（([^）]*)）)?/.exec(r.stdout);
  if (!m) throw new Error(`no summary in:\n${r.stdout}\n${r.stderr}`);
  return m[2] === undefined ? ['(all)'] : m[2] === '无' ? [] : m[2].split('、').sort();
}

/** Why the build rebuilt what it rebuilt, from its summary: site (or "全部 N 个站点") → reasons. */
export function reasonsOf(r: CliResult): Record<string, string> {
  const block = /\n重新构建的原因：\n((?:  .+\n?)+)/.exec(r.stdout)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const line of block.split('\n').filter(Boolean)) {
    const text = line.trim();
    const cut = text.indexOf('：');
    for (const site of text.slice(0, cut).split('、')) out[site] = text.slice(cut + 1);
  }
  return out;
}

export interface Chain extends LinkedGroup {
  /** The output folder every incremental build of the chain writes (its cache beside it). */
  inc: string;
  /** The build date of the chain's next builds (`--now`). */
  now: string;
  /** A build of the group at the chain's date (`root`: another copy of the generator). */
  buildAt(out: string, extra?: string[], root?: string, env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /**
   * An incremental build into `inc`, and a clean full build of the same content beside it, told
   * about the same previous manifest (the URL ledger and the kept 索引号 depend on it): the two
   * trees must be identical. Returns the incremental build's result.
   */
  matchesFull(): Promise<CliResult>;
}

/** The linked group built once into the chain's folder (a full build, since nothing is cached). */
export async function startChain(prefix: string): Promise<Chain> {
  const group = linkedGroup(prefix);
  let step = 0;
  const chain: Chain = {
    ...group,
    inc: path.join(group.work, 'inc', 'dist'),
    now: '2026-11-20',
    buildAt: (out, extra = [], root = REPO_ROOT, env) => group.build(out, extra, { now: chain.now, root, env }),
    async matchesFull() {
      const full = path.join(group.work, `full-${++step}`);
      const previous = path.join(group.work, `previous-${step}.json`);
      fs.copyFileSync(path.join(chain.inc, 'manifest.json'), previous);
      const [r, f] = await Promise.all([
        chain.buildAt(chain.inc, [], REPO_ROOT, { JIYUE_TIMINGS: '1' }),
        chain.buildAt(full, ['--full', '--cache', path.join(group.work, `cache-full-${step}`), '--previous-manifest', previous]),
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(f.code, f.stderr).toBe(0);
      expectSameTree(chain.inc, full);
      fs.rmSync(full, { recursive: true, force: true });
      return r;
    },
  };
  const r = await chain.buildAt(chain.inc, [], REPO_ROOT, { JIYUE_TIMINGS: '1' });
  expect(r.code, r.stderr).toBe(0);
  expect(builtSites(r)).toEqual(['(all)']);
  // The group merge read every site's index chunks as its worker finished it.
  expect(timingsOf(r).groupAhead).toBeGreaterThan(0);
  // The trusted MDX ran (its export, its link resolved against the group): the worker that
  // renders it fills Astro's content store; the others skip that step (unit-worker.ts).
  const mdx = fs.readFileSync(path.join(chain.inc, 'sites', 'rsj', 'ztzl', '2026-sj', 'index.html'), 'utf8');
  expect(mdx).toContain('本专题共 3 项数据');
  expect(mdx).toMatch(/<a href="https?:\/\/[^"]*\/zcwj\/2024-tzgl\/">投资管理办法<\/a>/);
  return chain;
}
