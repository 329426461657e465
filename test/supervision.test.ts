/**
 * The portal's 网站监管 section (聊城 第二十八条): each complete month's check results for every
 * site and each complete year's 政府网站工作年度报表, as portal pages whose figures equal what
 * `npm run report` computes; the periods follow `--now`; `group.yaml` `supervision: false`
 * turns the section off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import type { EntryModel } from '../src/model/types.ts';
import { supervisionPeriods } from '../src/model/supervision.ts';
import { copyFixture, runBuild, runCli, tempDir, THEMES_DIR } from './helpers.ts';

/** The mini group with the section on (the fixture turns it off to keep its page counts small). */
function group(): string {
  const content = copyFixture('mini');
  const file = path.join(content, 'group.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('supervision: false', 'supervision: true'));
  return content;
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('网站监管 on the portal', () => {
  it('publishes every complete month and year, with the figures of npm run report', async () => {
    const content = group();
    const out = path.join(tempDir('jiyue-supervision-'), 'dist');
    const r = await runBuild(content, out, ['--now', '2026-11-20']);
    expect(r.code, r.stderr).toBe(0);
    const portal = path.join(out, 'sites', 'www', 'jianguan');
    const index = fs.readFileSync(path.join(portal, 'index.html'), 'utf8');
    // The mini group's first item is of 2024-05; 2026-11 is not complete on 2026-11-20.
    const months = [...index.matchAll(/href="\/jianguan\/(\d{4}-\d{2})\/"/g)].map((m) => m[1]);
    expect(months[0]).toBe('2026-10');
    expect(months.at(-1)).toBe('2024-05');
    expect(months).toHaveLength(30);
    expect([...index.matchAll(/href="\/jianguan\/(\d{4})\/"/g)].map((m) => m[1])).toEqual(['2025', '2024']);
    expect(index).toContain('《聊城市政府网站管理办法》第二十八条');
    // A main page: its 更新日期 is the day its newest period (2026-10) was added.
    expect(index).toContain('更新日期：<time datetime="2026-11-01">2026-11-01</time>');

    // A month's page shows, per site and column, what `report monthly` counts.
    const report = path.join(tempDir('jiyue-supervision-report-'), 'reports');
    expect((await runCli(['report', 'monthly', '--month', '2024-05', '--content', content, '--themes', THEMES_DIR, '--out', report])).code).toBe(0);
    const csv = fs.readFileSync(path.join(report, 'monthly-2024-05.csv'), 'utf8');
    const may = text(fs.readFileSync(path.join(portal, '2024-05', 'index.html'), 'utf8'));
    expect(may).toContain('2024年5月政府网站检查情况');
    // fgw published its policy (05-08) and its 解读 (05-09) in May 2024.
    expect(csv).toMatch(/2024-05,fgw,测试市发展和改革委员会,zcwj,政策文件,[^,]+,1,2024-05-08/);
    expect(may).toMatch(/测试市发展和改革委员会 本月共发布 2 条。/);
    expect(may).toMatch(/政策文件 [^ ]+ 1 2024-05-08/);
    expect(may).toMatch(/工作动态 [^ ]+ 0（未更新） —/);

    // A year's page: the 年度报表 figures of `report annual`.
    expect((await runCli(['report', 'annual', '--year', '2024', '--content', content, '--themes', THEMES_DIR, '--out', report])).code).toBe(0);
    const annual = fs.readFileSync(path.join(report, 'annual-2024.csv'), 'utf8');
    const fgwRow = annual.split(/\r?\n/).find((l) => l.startsWith('fgw,'))!.split(',');
    const year = text(fs.readFileSync(path.join(portal, '2024', 'index.html'), 'utf8'));
    expect(year).toContain('2024年政府网站工作年度报表');
    expect(year).toContain(`测试市发展和改革委员会 ${fgwRow.slice(2).join(' ')}`);

    // Linked from the portal's site map, listed in its sitemap.xml; departments have no such section.
    expect(fs.readFileSync(path.join(out, 'sites', 'www', 'sitemap', 'index.html'), 'utf8')).toContain('href="/jianguan/">网站监管</a>');
    expect(fs.readFileSync(path.join(out, 'sites', 'www', 'sitemap.xml'), 'utf8')).toContain('<loc>https://www.test.gov.cn/jianguan/2024-05/</loc>');
    expect(fs.existsSync(path.join(out, 'sites', 'fgw', 'jianguan'))).toBe(false);

    // A month later, 2026-11 joins; every earlier page stays.
    const later = path.join(tempDir('jiyue-supervision-later-'), 'dist');
    expect((await runBuild(content, later, ['--now', '2026-12-02'])).code).toBe(0);
    expect(fs.existsSync(path.join(later, 'sites', 'www', 'jianguan', '2026-11', 'index.html'))).toBe(true);
    expect(fs.readFileSync(path.join(later, 'sites', 'www', 'jianguan', 'index.html'), 'utf8')).toContain('更新日期：<time datetime="2026-12-01">2026-12-01</time>');
    for (const m of months) expect(fs.existsSync(path.join(later, 'sites', 'www', 'jianguan', m, 'index.html')), m).toBe(true);
  }, 240_000);

  it('is off with supervision: false', async () => {
    const out = path.join(tempDir('jiyue-supervision-off-'), 'dist');
    expect((await runBuild(copyFixture('mini'), out)).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'sites', 'www', 'jianguan'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'sites', 'www', 'sitemap', 'index.html'), 'utf8')).not.toContain('网站监管');
  }, 120_000);
});

describe('the periods the section publishes', () => {
  const entries = (...days: string[]) => days.map((day) => ({ data: { date: parseJiyueDate(day) } }) as unknown as EntryModel);
  const on = (day: string) => parseJiyueDate(day) as JiyueDate;
  it('every complete month and year since the first item, newest first, across a year’s end', () => {
    expect(supervisionPeriods(entries('2025-11-30', '2026-02-01'), on('2026-02-01'))).toEqual({ months: ['2026-01', '2025-12', '2025-11'], years: ['2025'] });
    // On the first day of a month, the month before is complete; the current one never is.
    expect(supervisionPeriods(entries('2026-03-15'), on('2026-04-01'))).toEqual({ months: ['2026-03'], years: [] });
    expect(supervisionPeriods(entries('2026-03-15'), on('2026-03-31'))).toEqual({ months: [], years: [] });
    expect(supervisionPeriods([], on('2026-03-31'))).toEqual({ months: [], years: [] });
  });
});
