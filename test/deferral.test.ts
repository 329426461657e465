/**
 * One department never stops the group (src/pipeline/deferral.ts): an error confined to one
 * department's own content or site.yaml defers that department's changes; every other site
 * publishes; the build exits 3 and names the department with its errors in the summary and in
 * reports/. Errors of the group (group.yaml, the portal) still fail the build, and a `--site`
 * build never defers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runBuild, snapshotTree, tempDir } from './helpers.ts';

const edit = (file: string, f: (s: string) => string) => fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));

/** The sites and the manifest of a build, byte for byte. */
function published(out: string): Map<string, Buffer> {
  const tree = snapshotTree(path.join(out, 'sites'));
  tree.set('manifest.json', fs.readFileSync(path.join(out, 'manifest.json')));
  return tree;
}

function expectSame(a: Map<string, Buffer>, b: Map<string, Buffer>) {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [file, bytes] of a) expect(bytes.equals(b.get(file)!), file).toBe(true);
}

describe('a department with errors of its own', () => {
  it('keeps its last good version while every other site publishes, byte-identical to a build without its change; exit 3', async () => {
    const content = copyFixture('mini');
    const out = path.join(tempDir('jiyue-defer-'), 'dist');
    const first = await runBuild(content, out);
    expect(first.code, first.stderr).toBe(0);

    // The portal changes a title (legitimately); fgw changes a title and breaks a link; a new department has no site.yaml.
    const portalChange = (root: string) => edit(path.join(root, 'www', 'news', 'a.md'), (s) => s.replace('title: 门户要闻一', 'title: 门户要闻一（更新）'));
    portalChange(content);
    edit(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), (s) => s.replace(/^title: .*$/m, 'title: 发改委的新标题') + '\n见[不存在的文件](../zcwj/nope.md)。\n');
    fs.mkdirSync(path.join(content, 'xin', 'gzdt'), { recursive: true });
    fs.copyFileSync(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), path.join(content, 'xin', 'gzdt', 'a.md'));

    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/fgw\/gzdt\/2026-11-12-dt\.md:\d+:\d+ LINK-BROKEN 错误/);
    expect(r.stderr).toContain('xin/site.yaml CONFIG-FILE-MISSING 错误');
    expect(r.stdout).toContain('暂缓发布 2 个部门网站的改动');
    expect(r.stdout).toContain('fgw　保持上次成功发布的版本（1 个错误，见上文）');
    expect(r.stdout).toContain('xin　从未成功发布，本次不发布（1 个错误，见上文）');
    const report = JSON.parse(fs.readFileSync(path.join(out, 'reports', 'report.json'), 'utf8'));
    // Each with the errors that deferred it (and its own warnings).
    type Finding = { ruleId: string; severity: string };
    expect(report.deferred.map((d: { site: string; as: string; findings: Finding[] }) => [d.site, d.as, d.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)])).toEqual([
      ['xin', 'unpublished', ['CONFIG-FILE-MISSING']],
      ['fgw', 'last-good', ['LINK-BROKEN']],
    ]);
    expect(fs.readFileSync(path.join(out, 'reports', 'report.html'), 'utf8')).toContain('暂缓发布：<code>fgw</code>');

    // The reference: the same group with only the portal's change, built from scratch.
    const reference = copyFixture('mini');
    portalChange(reference);
    const refOut = path.join(tempDir('jiyue-defer-ref-'), 'dist');
    const ref = await runBuild(reference, refOut);
    expect(ref.code, ref.stderr).toBe(0);
    expectSame(published(out), published(refOut));
    expect(fs.readFileSync(path.join(out, 'sites', 'www', 'news', 'a', 'index.html'), 'utf8')).toContain('门户要闻一（更新）');
    expect(fs.readFileSync(path.join(out, 'sites', 'fgw', 'gzdt', '2026-11-12-dt', 'index.html'), 'utf8')).not.toContain('发改委的新标题');

    // Fixed: the department's changes go out with the next build.
    edit(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), (s) => s.replace('见[不存在的文件](../zcwj/nope.md)。\n', ''));
    fs.rmSync(path.join(content, 'xin'), { recursive: true });
    const fixed = await runBuild(content, out);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'sites', 'fgw', 'gzdt', '2026-11-12-dt', 'index.html'), 'utf8')).toContain('发改委的新标题');
  }, 240_000);

  it('an error of the group still fails the build and leaves the output as it was; --site never defers', async () => {
    const content = copyFixture('mini');
    const out = path.join(tempDir('jiyue-defer-group-'), 'dist');
    expect((await runBuild(content, out)).code).toBe(0);
    const before = published(out);
    // The portal's own article breaks a link: the portal is never deferred.
    edit(path.join(content, 'www', 'news', 'a.md'), (s) => `${s}\n见[不存在的文件](../news/nope.md)。\n`);
    const portal = await runBuild(content, out);
    expect(portal.code).toBe(1);
    expect(portal.stderr).toContain('LINK-BROKEN');
    expectSame(published(out), before);
    edit(path.join(content, 'www', 'news', 'a.md'), (s) => s.replace('\n见[不存在的文件](../news/nope.md)。\n', ''));
    edit(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), (s) => `${s}\n见[不存在的文件](../zcwj/nope.md)。\n`);
    const partial = await runBuild(content, out, ['--site', 'fgw']);
    expect(partial.code).toBe(1);
    expect(partial.stdout).not.toContain('暂缓发布');
    // Published before, but a cache without its last good copy: nothing to keep it at, the build fails as a whole.
    const fresh = await runBuild(content, out, ['--cache', path.join(tempDir('jiyue-defer-fresh-'), 'cache')]);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain('BUILD-DEFER-NO-COPY 警告：站点 fgw 自己的内容有错误，但构建缓存中没有它上次成功发布时的内容副本');
    expectSame(published(out), before);
  }, 240_000);

  it('a last good copy that has errors itself now is never published: the build fails and names it', async () => {
    const content = copyFixture('mini');
    const out = path.join(tempDir('jiyue-defer-spoiled-'), 'dist');
    // fgw's article links to the portal's site:www/news/a.
    const dept = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    expect(fs.readFileSync(dept, 'utf8')).toContain('site:www/news/a');
    expect((await runBuild(content, out)).code).toBe(0);
    const before = published(out);
    edit(dept, (s) => `${s}\n见[不存在的文件](../zcwj/nope.md)。\n`);
    // The portal renames the article fgw's last good copy links to.
    fs.renameSync(path.join(content, 'www', 'news', 'a.md'), path.join(content, 'www', 'news', 'a2.md'));
    const r = await runBuild(content, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BUILD-DEFERRED-COPY-INVALID 错误：站点 fgw 自己的内容有错误，本应保持上次成功发布的版本');
    expect(r.stderr).toMatch(/fgw\/gzdt\/2026-11-12-dt\.md:\d+:\d+ LINK-BROKEN/);
    expectSame(published(out), before);
  }, 240_000);
});
