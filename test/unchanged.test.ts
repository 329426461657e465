/**
 * A build with nothing to do (src/pipeline/unchanged.ts) is answered from the last build's sealed
 * record: it prints what that build printed, exits with its code and writes nothing, neither into
 * the output nor into the cache. Anything that could change the output or the findings builds as
 * always: a file's bytes (even with its mtime put back), the output touched by hand, the next day,
 * another hour when a finding counts hours, a forged record, a last good copy that changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runBuild, runCli, tempDir, type CliResult } from './helpers.ts';
import { builtSites } from './incremental-chain.ts';

const edit = (file: string, f: (s: string) => string) => fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
const replayed = (r: CliResult) => r.stdout.includes('\n没有变化：');
/** The cache folder `runBuild` gives an output folder (helpers.ts withBuildDefaults). */
const cacheOf = (out: string) => path.join(path.dirname(out), `.cache-${path.basename(out)}`);

/** Every entry under `dir` with its identity, size and times: equal before and after means nothing was written. */
function stateOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    const st = fs.lstatSync(abs, { bigint: true });
    out.set(rel, `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`);
    if (st.isDirectory()) for (const name of fs.readdirSync(abs)) walk(path.join(abs, name), `${rel}/${name}`);
  };
  walk(dir, '.');
  return out;
}

const page = (out: string, rel: string) => fs.readFileSync(path.join(out, 'sites', ...rel.split('/')), 'utf8');

describe('a build with nothing changed', () => {
  const content = copyFixture('mini');
  const out = path.join(tempDir('jiyue-unchanged-'), 'dist');
  let first: CliResult;

  it('prints what the last build printed, with its exit code, reads no content and writes nothing', async () => {
    first = await runBuild(content, out);
    expect(first.code, first.stderr).toBe(0);
    expect(replayed(first)).toBe(false);
    expect(first.stderr).toMatch(/共 0 个错误，\d+ 个警告/);
    const before = { out: stateOf(out), cache: stateOf(cacheOf(out)) };

    const again = await runBuild(content, out);
    expect(again.code).toBe(0);
    expect(replayed(again)).toBe(true);
    // The same findings, byte for byte; the summary of a build that reused every site.
    expect(again.stderr).toBe(first.stderr);
    expect(builtSites(again)).toEqual([]);
    expect(again.stdout).toMatch(/站点构建 0 个（无），\d+ 个没有变化、沿用缓存/);
    expect(again.stdout).not.toContain('读取配置和内容');
    expect({ out: stateOf(out), cache: stateOf(cacheOf(out)) }).toEqual(before);

    // --explain names every site's decision.
    const explained = await runBuild(content, out, ['--explain']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/每个站点的决定（--explain）：\n {2}www　沿用缓存（输入没有变化）\n/);
  });

  it('all day long, but not the next day (the manifest carries the day)', async () => {
    const evening = await runBuild(content, out, ['--now', '2026-11-20T23:59']);
    expect(replayed(evening)).toBe(true);
    const next = await runBuild(content, out, ['--now', '2026-11-21', '--explain']);
    expect(next.code, next.stderr).toBe(0);
    expect(replayed(next)).toBe(false);
    expect(next.stdout).toContain('没有按上一次构建回答：构建日期不同（上次 2026-11-20，这次 2026-11-21）。');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).now).toBe('2026-11-21');
    // Back to the first day: the output is the next day's, so that build runs too.
    expect(replayed(await runBuild(content, out))).toBe(false);
    expect(replayed(await runBuild(content, out))).toBe(true);
  });

  it('not after an edit that keeps the size and the mtime: a file written just before a build is compared by its bytes', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    // Two writes within the same second of a file system that stamps whole seconds: the same mtime.
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    fs.utimesSync(file, stamp, stamp);
    expect(replayed(await runBuild(content, out))).toBe(false);
    const before = fs.statSync(file, { bigint: true });
    edit(file, (s) => s.replace('title: 发改委工作动态', 'title: 发改委工作简讯'));
    fs.utimesSync(file, stamp, stamp);
    const after = fs.statSync(file, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
    const r = await runBuild(content, out, ['--explain']);
    expect(r.code, r.stderr).toBe(0);
    expect(replayed(r)).toBe(false);
    expect(r.stdout).toContain('没有按上一次构建回答：内容或主题目录有变化。');
    expect(page(out, 'fgw/gzdt/2026-11-12-dt/index.html')).toContain('发改委工作简讯');
    expect(replayed(await runBuild(content, out))).toBe(true);
  });

  it('not after the output was touched by hand: a page edited in place, a page removed', async () => {
    const home = path.join(out, 'sites', 'fgw', 'index.html');
    const good = fs.readFileSync(home, 'utf8');
    fs.appendFileSync(home, '<!-- edited by hand -->');
    const r = await runBuild(content, out, ['--explain']);
    expect(replayed(r)).toBe(false);
    expect(r.stdout).toContain('没有按上一次构建回答：输出目录与上一次构建留下的不同');
    expect(fs.readFileSync(home, 'utf8')).toBe(good);

    const article = path.join(out, 'sites', 'fgw', 'gzdt', '2026-11-12-dt', 'index.html');
    fs.rmSync(article);
    expect(replayed(await runBuild(content, out))).toBe(false);
    expect(fs.existsSync(article)).toBe(true);
    expect(replayed(await runBuild(content, out))).toBe(true);
  });

  it('not from a record that does not verify: edited, or sealed with another key', async () => {
    const record = path.join(cacheOf(out), 'unchanged.json');
    const kept = fs.readFileSync(record, 'utf8');
    const { body, seal } = JSON.parse(kept) as { body: string; seal: string };
    // A record that claims a clean build: the findings dropped, the seal left as it was.
    const forged = JSON.parse(body);
    forged.outcome.printed = [];
    fs.writeFileSync(record, JSON.stringify({ body: JSON.stringify(forged), seal }));
    const r = await runBuild(content, out, ['--explain']);
    expect(r.code, r.stderr).toBe(0);
    expect(replayed(r)).toBe(false);
    expect(r.stdout).toContain('没有按上一次构建回答：上一次构建的记录签名不符');
    expect(r.stdout).toContain('读取配置和内容');
    expect(r.stderr).toMatch(/共 0 个错误，[1-9]\d* 个警告/);

    // Under another key (a cache restored from another branch's CI job) the record is not used.
    expect(replayed(await runBuild(content, out))).toBe(true);
    const otherKey = await runCli(['build', '--content', content, '--out', out, '--now', '2026-11-20'], { env: { JIYUE_CACHE_KEY: 'another-branch' } });
    expect(otherKey.code, otherKey.stderr).toBe(0);
    expect(replayed(otherKey)).toBe(false);
  });

  it('never when the content holds a symlink (its target could change without it)', async () => {
    const linked = copyFixture('mini');
    fs.symlinkSync('../../_shared/zhinan.txt', path.join(linked, 'fgw', 'gzdt', 'zhinan.txt'));
    const linkedOut = path.join(tempDir('jiyue-unchanged-link-'), 'dist');
    expect((await runBuild(linked, linkedOut)).code).toBe(0);
    expect(fs.existsSync(path.join(cacheOf(linkedOut), 'unchanged.json'))).toBe(false);
    expect(replayed(await runBuild(linked, linkedOut))).toBe(false);
  });
});

describe('a build whose findings count hours', () => {
  it('is answered only at the same instant: the hours in the message move', async () => {
    // The portal's item is important and fgw names no column to republish it in (聊城 第三十二条).
    const content = copyFixture('mini');
    edit(path.join(content, 'www', 'news', 'a.md'), (s) => s.replace('date: 2026-11-10T09:30+08:00', 'date: 2026-11-20T09:30+08:00').replace('disclosure: 主动公开', 'disclosure: 主动公开\nimportant: true'));
    const out = path.join(tempDir('jiyue-unchanged-hours-'), 'dist');
    const at = (now: string) => runBuild(content, out, ['--now', now]);
    const first = await at('2026-11-20T15:30');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('已过 6.0 小时');
    const same = await at('2026-11-20T15:30');
    expect(replayed(same)).toBe(true);
    expect(same.stderr).toBe(first.stderr);
    const later = await at('2026-11-20T16:30');
    expect(replayed(later)).toBe(false);
    expect(later.stderr).toContain('已过 7.0 小时');
  });
});

describe('a build that deferred a department (exit 3)', () => {
  it('is answered with exit 3 and the same summary, until the last good copy it was made from is gone', async () => {
    const content = copyFixture('mini');
    const out = path.join(tempDir('jiyue-unchanged-defer-'), 'dist');
    expect((await runBuild(content, out)).code).toBe(0);
    edit(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), (s) => `${s}\n见[不存在的文件](../zcwj/nope.md)。\n`);
    const deferred = await runBuild(content, out);
    expect(deferred.code, deferred.stderr).toBe(3);
    const again = await runBuild(content, out);
    expect(again.code).toBe(3);
    expect(replayed(again)).toBe(true);
    expect(again.stderr).toBe(deferred.stderr);
    expect(again.stdout).toContain('fgw　保持上次成功发布的版本（1 个错误，见上文）');
    // The copy fgw is published from is gone from the cache: that build runs, and cannot keep fgw as it was.
    fs.rmSync(path.join(cacheOf(out), 'last-good', 'fgw'), { recursive: true });
    const gone = await runBuild(content, out);
    expect(replayed(gone)).toBe(false);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('BUILD-DEFER-NO-COPY');
  });
});
