/**
 * Pages that work on a phone: Lighthouse (mobile preset, simulated slow 4G and a slow CPU) on the
 * portal home, a department home, a column list, a policy document with its 信息公开 block, the
 * site map and the search page with results, for every shipped theme, served by Debian nginx with
 * the configuration the build generates (`preview --nginx`). Every page must score Performance
 * ≥ 95 and Accessibility, Best Practices and SEO 100, with a Cumulative Layout Shift ≤ 0.05.
 * A Performance score below the bar is measured twice more and the median of the three counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNginxPreview, type NginxPreview } from '../src/cli/preview-nginx.ts';
import { chromiumPath } from './browser.ts';
import { copyFixture, runBuild, tempDir, THEMES_DIR } from './helpers.ts';

const THEMES = fs.readdirSync(THEMES_DIR).filter((t) => fs.existsSync(path.join(THEMES_DIR, t, 'theme.yaml'))).sort();

/** [what, site, path] of the pages measured. */
const PAGES: [string, string, string][] = [
  ['门户首页', 'www', ''],
  ['部门首页', 'fgw', ''],
  ['栏目列表', 'fgw', 'zcwj/'],
  ['政策文件（信息公开）', 'fgw', 'zcwj/2024-tzgl/'],
  ['网站地图', 'fgw', 'sitemap/'],
  ['搜索结果', 'www', `search/?q=${encodeURIComponent('发改委')}`],
];

let chrome: chromeLauncher.LaunchedChrome;

beforeAll(async () => {
  chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 60_000);

afterAll(async () => {
  chrome?.kill();
});

describe.each(THEMES)('theme %s', (theme) => {
  let preview: NginxPreview;

  beforeAll(async () => {
    // The mini group with every site in this theme.
    const content = copyFixture('mini');
    for (const site of fs.readdirSync(content)) {
      const file = path.join(content, site, 'site.yaml');
      if (fs.existsSync(file)) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^theme: .*$/m, `theme: ${theme}`));
    }
    const out = path.join(tempDir(`jiyue-lh-${theme}-`), 'dist');
    const r = await runBuild(content, out);
    if (r.code !== 0) throw new Error(`build failed:\n${r.stderr}`);
    preview = await startNginxPreview({ outDir: out, port: 0 });
  }, 120_000);

  afterAll(async () => {
    await preview?.close();
  });

  it.each(PAGES)('%s scores Performance ≥ 95, Accessibility, Best Practices and SEO 100, CLS ≤ 0.05', async (_what, site, page) => {
    const url = `${preview.sites.find((s) => s.id === site)!.localUrl}${page}`;
    const measure = async () => (await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' }))!.lhr;
    const performanceOf = (r: Awaited<ReturnType<typeof measure>>) => Math.round((r.categories.performance?.score ?? 0) * 100);
    let lhr = await measure();
    // Performance is timed on this machine, whose other test file may be building meanwhile: below
    // the bar, the page is measured twice more and the median run counts (Lighthouse's own advice
    // on variability); a page that is slow stays below it.
    if (performanceOf(lhr) < 95) {
      const runs = [lhr, await measure(), await measure()].sort((a, b) => performanceOf(a) - performanceOf(b));
      lhr = runs[1];
    }
    const score = (c: string) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && !['informative', 'manual', 'notApplicable'].includes(a.scoreDisplayMode))
      .map((a) => `${a.id} ${a.displayValue ?? a.score}`)
      .join('；');
    const scores = { performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo') };
    console.log(`lighthouse ${theme} ${_what}: ${JSON.stringify(scores)} CLS ${lhr.audits['cumulative-layout-shift'].numericValue}`);
    expect(scores.performance, `${url}: ${failing}`).toBeGreaterThanOrEqual(95);
    expect({ ...scores, performance: 100 }, `${url}: ${failing}`).toEqual({ performance: 100, accessibility: 100, bestPractices: 100, seo: 100 });
    expect(lhr.audits['cumulative-layout-shift'].numericValue, url).toBeLessThanOrEqual(0.05);
  }, 240_000);
});
