/**
 * Every core and every machine write the same output: `--jobs 2` writes what `--jobs 1` writes;
 * shards built as separate processes in separate folders and merged write what one build writes,
 * and the merge refuses shards that do not belong together; the pipeline runs twice in one
 * process. Every comparison is the whole output tree. (Incremental builds: incremental.test.ts.)
 *
 * The group: linked-group.ts (sites that link, list and reprint each other, trusted MDX).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers.ts';
import { expectSameTree, linkedGroup, type LinkedGroup } from './linked-group.ts';

let group: LinkedGroup;
let content: string;
let themes: string;
let work: string;
const now = '2026-11-20';

const edit = (rel: string, f: (text: string) => string) => group.edit(rel, f);
const build = (out: string, extra: string[] = []) => group.build(out, extra, { now });

beforeAll(() => {
  group = linkedGroup('jiyue-identity-');
  ({ content, themes, work } = group);
});

describe('every core and every machine write the same output', () => {
  it('--jobs 2 writes what --jobs 1 writes', async () => {
    const one = path.join(work, 'jobs1');
    const two = path.join(work, 'jobs2');
    const [a, b] = await Promise.all([build(one, ['--jobs', '1', '--cache', path.join(work, 'cj1')]), build(two, ['--jobs', '2', '--cache', path.join(work, 'cj2')])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expectSameTree(one, two);
  });

  it('shards built in separate folders and merged write what one build writes', async () => {
    const single = path.join(work, 'jobs1');
    const shards = [1, 2, 3].map((k) => path.join(work, `shard-${k}`));
    const results = await Promise.all(shards.map((dir, i) => build(dir, ['--shard', `${i + 1}/3`, '--cache', `${dir}-cache`])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // A shard folder is not a site folder: no manifest, nothing deployable.
    expect(fs.existsSync(path.join(shards[0], 'manifest.json'))).toBe(false);
    const merged = path.join(work, 'merged');
    const m = await runCli(['merge', '--content', content, '--themes', themes, '--now', now, '--out', merged, ...shards]);
    expect(m.code, m.stderr).toBe(0);
    expectSameTree(merged, single);
  });

  it('the merge refuses a shard missing, repeated, or built from other content or another date', async () => {
    const shards = [1, 2, 3].map((k) => path.join(work, `shard-${k}`));
    const merge = (dirs: string[], date = now) => runCli(['merge', '--content', content, '--themes', themes, '--now', date, '--out', path.join(work, 'refused'), ...dirs]);
    let r = await merge([shards[0], shards[1]]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MERGE-SHARD-MISSING');
    expect(r.stderr).toContain('缺少第 3 个');
    r = await merge([shards[0], shards[1], shards[1], shards[2]]);
    expect(r.stderr).toContain('MERGE-SHARD-REPEATED');
    r = await merge(shards, '2026-11-21');
    expect(r.stderr).toContain('MERGE-SHARD-MISMATCH');
    expect(r.stderr).toContain('--now');
    // No --content: the project's demo group is read; the shards say which content they were built from, before any content finding.
    r = await runCli(['merge', '--themes', themes, '--now', now, '--out', path.join(work, 'refused'), ...shards]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`内容目录（分片由 ${path.resolve(content)} 构建，本次合并读取 ${path.join(REPO_ROOT, 'content')}：合并时用 --content ${path.resolve(content)}）`);
    expect(r.stderr).not.toMatch(/COLUMN-|IMPORTANT-|LINK-/);
    // A hostile shard folder: a file turned into a symlink, a record naming a path outside its site, a file's bytes changed.
    const hostile = (name: string, change: (dir: string, unit: string) => void) => {
      const copy = path.join(work, `hostile-${name}`);
      fs.cpSync(shards[0], copy, { recursive: true, verbatimSymlinks: true });
      const unit = JSON.parse(fs.readFileSync(path.join(copy, 'shard.json'), 'utf8')).units[0] as string;
      change(copy, unit);
      return copy;
    };
    const cases: [string, (dir: string, unit: string) => void, string][] = [
      ['symlink', (d, u) => { const f = path.join(d, 'units', u, 'index.html'); fs.rmSync(f); fs.symlinkSync('/etc/passwd', f); }, 'index.html 是符号链接'],
      ['traversal', (d, u) => { const f = path.join(d, 'units', `${u}.json`); const rec = JSON.parse(fs.readFileSync(f, 'utf8')); rec.files.push(['../payload.txt', 'a'.repeat(64), 1, 0]); fs.writeFileSync(f, JSON.stringify(rec)); }, '不在站点目录之内'],
      ['bytes', (d, u) => fs.appendFileSync(path.join(d, 'units', u, 'index.html'), '<script>alert(1)</script>'), 'index.html 的内容与记录不符'],
    ];
    for (const [name, change, needle] of cases) {
      r = await merge([hostile(name, change), shards[1], shards[2]]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toContain('MERGE-SHARD-INVALID');
      expect(r.stderr, name).toContain(needle);
      expect(fs.existsSync(path.join(work, 'refused')), name).toBe(false);
    }
    // A shard built from other content, its shard.json copied from a good shard (so its digest matches): the
    // merge computes each record's fingerprint again from the content it loaded and names what differs.
    const other = path.join(work, 'other-content');
    fs.cpSync(content, other, { recursive: true });
    const info = JSON.parse(fs.readFileSync(path.join(shards[0], 'shard.json'), 'utf8')) as { units: string[] };
    const victim = info.units.find((id) => fs.existsSync(path.join(other, id)))!;
    const article = fs.readdirSync(path.join(other, victim), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.md') && !path.basename(f).startsWith('_'))!;
    fs.appendFileSync(path.join(other, victim, article), '\n另一份内容中的一句。\n');
    const forged = path.join(work, 'forged-shard');
    const f = await runCli(['build', '--content', other, '--themes', themes, '--out', forged, '--now', now, '--shard', '1/3', '--cache', `${forged}-cache`]);
    expect(f.code, f.stderr).toBe(0);
    fs.copyFileSync(path.join(shards[0], 'shard.json'), path.join(forged, 'shard.json'));
    r = await merge([forged, shards[1], shards[2]]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MERGE-SHARD-MISMATCH');
    expect(r.stderr).toContain(`站点 ${victim} 的构建输入（分片的记录与本次合并读取的内容相比：源文件变化）`);
    expect(fs.existsSync(path.join(work, 'refused'))).toBe(false);
    edit('fgw/gzdt/2026-11-12-dt.md', (t) => `${t}\n补充一句。\n`);
    r = await merge(shards);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MERGE-SHARD-MISMATCH');
    expect(r.stderr).toContain('内容');
    expect(fs.existsSync(path.join(work, 'refused'))).toBe(false);
    r = await merge([path.join(work, 'jobs1')]);
    expect(r.stderr).toContain('MERGE-SHARD-INVALID');
  });
});

describe('the pipeline as a library and in CI', () => {
  it('runs twice in one process (nothing of a build stays behind in module state)', async () => {
    const { runBuild } = await import('../src/pipeline/build.ts');
    const { parseBuildArgs } = await import('../src/pipeline/options.ts');
    const quiet = { out: () => {}, err: () => {} };
    for (const n of [1, 2]) {
      const out = path.join(work, `lib-${n}`, 'dist');
      const { options } = parseBuildArgs(['--content', content, '--themes', themes, '--out', out, '--now', now, '--cache', path.join(work, `lib-${n}`, 'cache'), '--jobs', '1']);
      const outcome = await runBuild(options!, quiet);
      expect(outcome.ok, outcome.diagnostics.map((d) => d.message).join('\n')).toBe(true);
      expect(outcome.built!.length).toBeGreaterThan(0);
    }
    expectSameTree(path.join(work, 'lib-1', 'dist'), path.join(work, 'lib-2', 'dist'));
  });

  it('ships CI configurations whose build and merge commands parse (docs/ci/)', async () => {
    const { parse } = await import('yaml');
    const { parseBuildArgs, parseMergeArgs } = await import('../src/pipeline/options.ts');
    let commands = 0;
    for (const file of ['gitlab-ci.yml', 'github-actions.yml']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ci', file), 'utf8');
      expect(() => parse(text), file).not.toThrow();
      for (const m of text.matchAll(/npm run (build|merge) -- (.+)$/gm)) {
        // Variables as CI would fill them in; `$PREV` may be empty.
        const line = m[2]
          .replace(/\$\{\{[^}]*matrix\.shard[^}]*\}\}|"?\$\{CI_NODE_INDEX\}"?/g, '1')
          .replace(/\$\{\{[^}]*env\.SHARDS[^}]*\}\}|\$\{CI_NODE_TOTAL\}/g, '4')
          .replace(/\$\{\{[^}]*day[^}]*\}\}|"\$BUILD_DAY"/g, '2026-11-20')
          .replace(/\$PREV/g, '')
          .replace(/"([^"]*)"/g, '$1');
        const args = line.split(/\s+/).filter(Boolean);
        const r = m[1] === 'build' ? parseBuildArgs(args) : parseMergeArgs(args);
        expect(r.errors.map((d) => d.message), `${file}: npm run ${m[1]} -- ${line}`).toEqual([]);
        commands++;
      }
    }
    expect(commands).toBe(4);
  });
});
