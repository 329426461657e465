/**
 * 重要政策信息 (聊城 第三十二条): a portal article marked `important: true` is republished on every
 * active department site within 12 hours, in the column the department names with
 * `importantInto`: a page of the department's own site, with 来源 = the portal, a canonical link
 * to the original and the original's dates, rendered from the original's source. A department
 * without a place for it gets a warning before 12 hours have passed and an error after.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runBuild, runCli, snapshotTree, tempDir, THEMES_DIR } from './helpers.ts';

/** The mini group with the portal's 门户要闻一 marked important (published `date`, default 2026-11-10 09:30). */
function group(options: { place?: boolean; date?: string } = {}): string {
  const content = copyFixture('mini');
  const article = path.join(content, 'www', 'news', 'a.md');
  let text = fs.readFileSync(article, 'utf8').replace('disclosure: 主动公开', 'disclosure: 主动公开\nimportant: true');
  if (options.date) text = text.replace('date: 2026-11-10T09:30+08:00', `date: ${options.date}`);
  fs.writeFileSync(article, text);
  if (options.place !== false) fs.appendFileSync(path.join(content, 'fgw', 'site.yaml'), 'importantInto: gzdt\n');
  return content;
}

const check = (content: string, now: string) => runCli(['check', '--content', content, '--themes', THEMES_DIR, '--now', now]);

describe('important portal items are republished on every active department', () => {
  it('as a page of the department: 来源 the portal, canonical link, the original’s dates and body, links written for the department', async () => {
    const content = group();
    const out = path.join(tempDir('jiyue-important-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    const page = fs.readFileSync(path.join(out, 'sites', 'fgw', 'gzdt', 'a', 'index.html'), 'utf8');
    expect(page).toContain('<link rel="canonical" href="https://www.test.gov.cn/news/a/">');
    expect(page).toMatch(/<h1[^>]*>门户要闻一<\/h1>/);
    expect(page).toContain('<span>来源：测试市人民政府</span>');
    expect(page).toContain('<time datetime="2026-11-10T09:30+08:00">2026-11-10 09:30</time>');
    expect(page).toContain('<meta name="PubDate" content="2026-11-10 09:30">');
    expect(page).toMatch(/本文转载自<a href="https:\/\/www\.test\.gov\.cn\/news\/a\/">测试市人民政府<\/a>/);
    // The body's site: link now points inside the department's own site (root-relative); on the portal it is absolute.
    expect(page).toContain('门户要闻正文，见<a href="/zcwj/2024-tzgl/">发改委政策</a>');
    const original = fs.readFileSync(path.join(out, 'sites', 'www', 'news', 'a', 'index.html'), 'utf8');
    expect(original).toContain('<a href="https://fgw.test.gov.cn/zcwj/2024-tzgl/">发改委政策</a>');
    expect(original).not.toContain('rel="canonical"');
    // Listed in the column, newest first, and in the department's feed.
    const column = fs.readFileSync(path.join(out, 'sites', 'fgw', 'gzdt', 'index.html'), 'utf8');
    expect(column.indexOf('href="/gzdt/2026-11-12-dt/"')).toBeLessThan(column.indexOf('href="/gzdt/a/"'));
    expect(fs.readFileSync(path.join(out, 'sites', 'fgw', 'feed.xml'), 'utf8')).toContain('<link>https://fgw.test.gov.cn/gzdt/a/</link>');
    // A URL like any other (the ledger keeps it); found at its original by search, not once per department.
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.pages.find((p: { url: string }) => p.url === 'https://fgw.test.gov.cn/gzdt/a/')).toMatchObject({ site: 'fgw', source: 'www/news/a.md' });
    const fgwIndex = fs.readdirSync(path.join(out, 'sites', 'fgw', 'pagefind')).length;
    expect(fgwIndex).toBeGreaterThan(0);
    // The portal's 部门动态 does not list the department's copy of the portal's own item.
    expect(fs.readFileSync(path.join(out, 'sites', 'www', 'index.html'), 'utf8')).not.toContain('https://fgw.test.gov.cn/gzdt/a/');
    // No copy of the source in the content tree.
    expect(fs.existsSync(path.join(content, 'fgw', 'gzdt', 'a.md'))).toBe(false);

    // An edit to the original shows on the next (incremental) build, exactly as a full build has it.
    const article = path.join(content, 'www', 'news', 'a.md');
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('title: 门户要闻一', 'title: 门户要闻一（修订）'));
    const again = await runBuild(content, out);
    expect(again.code, again.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'sites', 'fgw', 'gzdt', 'a', 'index.html'), 'utf8')).toMatch(/<h1[^>]*>门户要闻一（修订）<\/h1>/);
    const full = path.join(tempDir('jiyue-important-full-'), 'dist');
    expect((await runBuild(content, full, ['--full'])).code).toBe(0);
    const a = snapshotTree(path.join(out, 'sites'));
    const b = snapshotTree(path.join(full, 'sites'));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [f, bytes] of a) expect(bytes.equals(b.get(f)!), f).toBe(true);

    // Unmarking it later takes a published URL away: the ledger asks for a redirect, like any deleted page.
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('important: true\n', ''));
    const lost = await runBuild(content, path.join(tempDir('jiyue-important-lost-'), 'dist'), ['--previous-manifest', path.join(out, 'manifest.json')]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('URL-LOST');
    expect(lost.stderr).toContain('https://fgw.test.gov.cn/gzdt/a/');
  }, 240_000);

  it('a department without a place for it: a warning at 11 hours, an error at 13, naming the site, the item and the hours', async () => {
    // Published after every other item of the group, so that no other date rule speaks.
    const content = group({ place: false, date: '2026-11-19T09:30+08:00' });
    const at11 = await check(content, '2026-11-19T20:30');
    expect(at11.code, at11.stderr).toBe(0);
    expect(at11.stdout + at11.stderr).toContain(
      'fgw/site.yaml:17:3 IMPORTANT-REPRINT-DUE 警告：门户网站的重要政策信息《门户要闻一》（发布于 2026-11-19 09:30，自发布已过 11.0 小时）还没有转载到 fgw：该站点没有设置转载栏目；2026-11-19 21:30 起构建将报错',
    );
    const at13 = await check(content, '2026-11-19T22:30');
    expect(at13.code).toBe(1);
    expect(at13.stdout + at13.stderr).toContain(
      'fgw/site.yaml:17:3 IMPORTANT-REPRINT-LATE 错误：门户网站的重要政策信息《门户要闻一》（发布于 2026-11-19 09:30）应在 2026-11-19 21:30 前转载到 fgw，自发布已过 13.0 小时：该站点没有设置转载栏目',
    );
    expect(at13.stdout + at13.stderr).toContain('在 fgw/site.yaml 中写 importantInto: <栏目 id>');
    // With a place, nothing to report, whatever the hour.
    const placed = group({ date: '2026-11-19T09:30+08:00' });
    const ok = await check(placed, '2026-11-19T22:30');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain('IMPORTANT-');
  }, 120_000);

  it('important on a department article, a department article at the reprint’s URL, an undeclared column: one message each', async () => {
    const content = group();
    const dept = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    fs.writeFileSync(dept, fs.readFileSync(dept, 'utf8').replace('disclosure: 主动公开', 'disclosure: 主动公开\nimportant: true'));
    fs.writeFileSync(path.join(content, 'fgw', 'gzdt', 'a.md'), fs.readFileSync(dept, 'utf8').replace('important: true\n', '').replace(/^title: .*$/m, 'title: 同名文章'));
    const r = await check(content, '2026-11-20');
    const text = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(text).toMatch(/fgw\/gzdt\/2026-11-12-dt\.md:\d+:\d+ IMPORTANT-NOT-PORTAL 错误：《发改委工作动态》不是门户网站栏目中的文章/);
    expect(text).toMatch(/fgw\/gzdt\/a\.md:2:\d+ IMPORTANT-REPRINT-CONFLICT 错误/);
    expect(text).toContain('IMPORTANT-REPRINT-CONFLICT 错误：门户网站的重要政策信息《门户要闻一》要转载到 fgw 的 gzdt/a/，但该站点这个栏目已有同名文章');

    const undeclared = group({ place: false });
    fs.appendFileSync(path.join(undeclared, 'fgw', 'site.yaml'), 'importantInto: zzz\n');
    const u = await check(undeclared, '2026-11-20');
    expect(u.code).toBe(1);
    expect(u.stdout + u.stderr).toContain('CONTENT-UNDECLARED-COLUMN');
    expect(u.stdout + u.stderr).not.toContain('IMPORTANT-REPRINT');
  }, 120_000);
});
