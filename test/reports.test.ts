/**
 * Reports: the build's dist/reports/ (report.json, and report.html read in Chromium from
 * file://), and `npm run report` monthly/annual against a hand-counted fixture
 * (test/fixtures/reports: the expected figures below were counted by hand from its files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { BuildReport } from '../src/reports/build-report.ts';
import { launchChromium } from './browser.ts';
import { FIXTURES, runBuild, runCli, tempDir } from './helpers.ts';

const article = (title: string, date: string, body: string, extra = '') =>
  `---\ntitle: ${title}\ndate: ${date}\n${extra}disclosure: 主动公开\nreview:\n  first: 甲\n  second: 乙\n  final: 丙\n---\n\n${body}\n`;

/** CSV → rows of cells (the reports quote no cell in these fixtures). */
const readCsv = (file: string) =>
  fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(','));

describe('npm run report', () => {
  const out = tempDir('jiyue-report-');
  const content = path.join(FIXTURES, 'reports');

  it('annual: the computable 年度报表 figures per site, hand-counted', async () => {
    const r = await runCli(['report', 'annual', '--year', '2025', '--content', content, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(path.join(out, 'annual-2025.csv'));
    expect(rows[0]).toEqual(['站点', '网站名称', '网站标识码', '信息发布总数', '其中：概况类', '其中：政务动态', '其中：信息公开目录', '专栏专题维护数量', '专栏专题新开设数量', '解读信息发布总数']);
    // www 2025: 要闻 3, 政策文件 1, 解读 1, 通知 1 (the draft is not counted), 专题一 1, 专题三 1, 综合 1, 办事 1, 单页 about 1 = 11.
    // 概况类 = 综合 1 + 单页 1; 政务动态 = 要闻 3; 信息公开目录 = 政策 1 + 通知 1.
    // 专题: 专题一 opened 2025 (maintained, new); 专题二 archived 2024-12-31 (neither); 专题三 opened 2024 (maintained).
    expect(rows[1]).toEqual(['www', '报表测试市人民政府', '9901000001', '11', '2', '3', '2', '2', '1', '1']);
    expect(rows[2]).toEqual(['fgw', '报表测试市发展和改革委员会', '9901000002', '2', '0', '2', '0', '0', '0', '0']);
    expect(rows[3]).toEqual(['合计', '报表测试网站群', '', '13', '2', '5', '2', '2', '1', '1']);
    const html = fs.readFileSync(path.join(out, 'annual-2025.html'), 'utf8');
    expect(html).toContain('国办函〔2018〕12号');
    expect(r.stdout).toContain('2025 年度报表：信息发布总数 13（概况类 2，政务动态 5，信息公开目录 2），解读 1');
  });

  it('monthly: what each column published in the month, hand-counted', async () => {
    const r = await runCli(['report', 'monthly', '--month', '2025-10', '--content', content, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(path.join(out, 'monthly-2025-10.csv'));
    const count = (site: string, col: string) => rows.find((x) => x[1] === site && x[3] === col)?.[6];
    expect(count('www', 'yaowen')).toBe('2'); // 10-03, 10-20
    expect(count('www', 'xxgk')).toBe('1');
    expect(count('www', 'jd')).toBe('1');
    expect(count('www', 'tzgg')).toBe('0'); // the 10-31 notice is a draft
    expect(count('fgw', 'gzdt')).toBe('1');
    expect(rows.filter((x) => x[1] === 'www')).toHaveLength(9); // every column, published or not
    expect(r.stdout).toContain('2025-10 信息发布情况：www 4，fgw 1');
    expect(fs.readFileSync(path.join(out, 'monthly-2025-10.html'), 'utf8')).toContain('第十六条');
  });

  it('wrong usage exits 2', async () => {
    const r = await runCli(['report', 'monthly', '--month', '2025-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('monthly 需要 --month YYYY-MM');
  });
});

describe('dist/reports/ of a build', () => {
  let browser: Browser;
  const parent = tempDir('jiyue-build-report-');
  const out = path.join(parent, 'dist');
  let content: string;

  beforeAll(async () => {
    content = path.join(parent, 'content');
    fs.cpSync(path.join(FIXTURES, 'rules', 'base'), content, { recursive: true });
    // A draft (held back), an empty column and an outside link: warnings and listings, no errors.
    fs.writeFileSync(path.join(content, 'www', 'yaowen', '2026-11-25-cg.md'), article('草稿', '2026-11-25', '正文', 'draft: true\n'));
    fs.appendFileSync(path.join(content, 'www', 'yaowen', '2026-11-18-hy.md'), '\n另见[某网站](https://www.example.com/)。\n');
    const r = await runBuild(content, out, ['--now', '2026-11-30']);
    if (r.code !== 0) throw new Error(`build failed:\n${r.stderr}`);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => browser?.close());

  it('report.json: every page by site and column, the veto lines with days left, held-back content', () => {
    const report = JSON.parse(fs.readFileSync(path.join(out, 'reports', 'report.json'), 'utf8')) as BuildReport;
    expect(report.now).toBe('2026-11-30');
    expect(report.summary).toMatchObject({ errors: 0, pages: 6, heldBack: 1 });
    const www = report.sites.find((s) => s.id === 'www')!;
    expect(www.columns.map((c) => c.columnId)).toEqual(['yaowen', 'tzgg', 'zcwj', 'zcjd', 'ztzl']);
    const yaowen = www.columns[0];
    expect(yaowen).toMatchObject({ count: 1, last: '2026-11-18', age: 12, daysLeft: 2, stale: true });
    expect(yaowen.pages[0].findings.map((f) => f.ruleId)).toEqual(['LINK-EXTERNAL-DOMAIN']);
    expect(www.veto.find((v) => v.id === 'home-update')).toMatchObject({ value: 12, line: 14, left: 2, state: 'warning' });
    expect(www.veto.find((v) => v.id === 'blank-columns')).toMatchObject({ value: 0, state: 'ok' });
    expect(www.heldBack).toEqual([{ source: 'www/yaowen/2026-11-25-cg.md', reason: 'draft', reasonLabel: '草稿' }]);
    expect(www.other.map((d) => d.ruleId).sort()).toEqual(['COLUMN-STALE', 'HOME-STALE']);
    expect(report.rules.find((r) => r.ruleId === 'PRIVACY-ID-NUMBER')?.source).toContain('第十八条');
  });

  it('report.html opens from file:// in Chromium and shows the veto lines, columns and findings', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(out, 'reports', 'report.html')).href);
    expect(await page.title()).toBe('规则测试网站群 内容检查报告');
    const site = page.locator('#site-www');
    await expect.poll(() => site.locator('h2').innerText()).toContain('测试市人民政府');
    const veto = await site.locator('table').first().innerText();
    expect(veto).toContain('首页不更新');
    expect(veto).toMatch(/12 天未更新\s+14\s+2\s+预警/);
    const text = await site.innerText();
    expect(text).toContain('www/yaowen/2026-11-25-cg.md');
    expect(text).toContain('LINK-EXTERNAL-DOMAIN');
    expect(text).toContain('未按期更新');
    // Self-contained: no request other than the file itself.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.reload();
    expect(requests).toEqual([pathToFileURL(path.join(out, 'reports', 'report.html')).href]);
    await page.close();
  });

  it('a content error of the portal fails the build before rendering and leaves the output untouched', async () => {
    const before = fs.readFileSync(path.join(out, 'reports', 'report.json'), 'utf8');
    // The portal's own content: never deferred (a department's would only defer that department, test/deferral.test.ts).
    fs.writeFileSync(path.join(content, 'www', 'tzgg', '2026-11-29-sfz.md'), article('公示', '2026-11-29', '身份号码 11010519491231002X。'));
    const r = await runBuild(content, out, ['--now', '2026-11-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('www/tzgg/2026-11-29-sfz.md:11:6 PRIVACY-ID-NUMBER 错误');
    expect(r.stderr).toContain('修改建议：改为隐去中间位的形式 11*************02X，或删除。');
    expect(fs.readFileSync(path.join(out, 'reports', 'report.json'), 'utf8')).toBe(before);
  }, 120_000);
});
