/**
 * The page spec in a real browser (Debian Chromium via playwright-core): every shipped theme
 * keeps the mandated header and footer visible at desktop (1280 px) and phone (375 px) widths,
 * a theme whose CSS hides the footer is caught (the HTML checker cannot see external CSS),
 * axe-core finds no serious or critical violation on sample pages of each theme, and the
 * 大字号 / 高对比度 modes work from the keyboard and persist across pages.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../src/cli/preview.ts';
import { probeMandatedVisibility, visibilityTargets } from '../src/pagespec/visibility.ts';
import { axeViolations, launchChromium } from './browser.ts';
import { FIXTURES, runBuild, tempDir } from './helpers.ts';
import { specCase } from './spec-fixtures.ts';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
];

/** Theme → a site of the mini group using it, and sample pages (home, column, article, site map). */
const SAMPLES: Record<string, { site: string; pages: string[] }> = {
  // The search pages with a query, so the results (rendered by the search script) are checked too.
  default: { site: 'www', pages: ['', 'news/', 'news/a/', 'sitemap/', 'search/?q=管理办法'] },
  blue: { site: 'fgw', pages: ['', 'zcwj/', 'zcwj/2024-tzgl/', 'sitemap/', 'search/?q=管理办法'] },
  green: { site: 'old', pages: ['', 'news/', 'news/2025-ly/', 'sitemap/', 'search/?q=旅游'] },
};

let browser: Browser;
const servers: PreviewServer[] = [];

async function serve(content: string, themes?: string): Promise<PreviewServer> {
  const out = path.join(tempDir('jiyue-browser-'), 'dist');
  const result = await runBuild(content, out, themes ? ['--themes', themes] : []);
  expect(result.code, result.stderr).toBe(0);
  const server = await startPreview({ outDir: out, port: 0 });
  servers.push(server);
  return server;
}

const urlOf = (server: PreviewServer, site: string, route: string) => server.sites.find((s) => s.id === site)!.localUrl + route;

async function probe(page: Page) {
  return page.evaluate(probeMandatedVisibility, visibilityTargets());
}

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('shipped themes in Chromium', () => {
  let mini: PreviewServer;
  beforeAll(async () => {
    mini = await serve(path.join(FIXTURES, 'mini'));
  }, 120_000);

  for (const [theme, sample] of Object.entries(SAMPLES)) {
    for (const w of WIDTHS) {
      it(`${theme}: mandated header and footer elements are visible at ${w.name} width (${w.width}px)`, async () => {
        const context = await browser.newContext({ viewport: { width: w.width, height: w.height } });
        const page = await context.newPage();
        try {
          for (const route of sample.pages) {
            await page.goto(urlOf(mini, sample.site, route));
            const expected = ['header', 'site-name', 'main-nav', 'header-search', 'footer', 'footer-site-code', 'footer-icp', 'footer-psb', 'footer-jiucuo', 'footer-conac', 'footer-copyright'];
            if (sample.site !== 'www') expected.push('portal-link');
            for (const m of expected) expect(await page.locator(`[data-jiyue="${m}"]`).count(), `${theme} ${route} ${m}`).toBeGreaterThan(0);
            expect(await probe(page), `${theme} ${route}`).toEqual([]);
            // No horizontal scrolling on a phone: the page fits the viewport.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, `${theme} ${route} horizontal overflow`).toBeLessThanOrEqual(0);
          }
        } finally {
          await context.close();
        }
      }, 60_000);
    }

    it(`${theme}: axe-core finds no serious or critical violation on home, column, article, site map and search`, async () => {
      const page = await browser.newPage();
      try {
        for (const route of sample.pages) {
          await page.goto(urlOf(mini, sample.site, route));
          if (route.startsWith('search/')) {
            // Wait for the results the query finds: axe then sees the page as a citizen does.
            await expect.poll(() => page.locator('#search-results li').count(), { message: `${theme} ${route}`, timeout: 15_000 }).toBeGreaterThan(0);
          }
          const violations = await axeViolations(page);
          expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `${theme} ${route}`).toEqual([]);
        }
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  it('大字号 and 高对比度: keyboard operable, aria-pressed, persisted across pages', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(urlOf(mini, 'fgw', ''));
      const large = page.getByRole('button', { name: '大字号' });
      const contrast = page.getByRole('button', { name: '高对比度' });
      await expect.poll(() => large.isVisible()).toBe(true);
      expect(await large.getAttribute('aria-pressed')).toBe('false');
      const sizeBefore = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.site-name')!).fontSize));

      await large.focus();
      await page.keyboard.press('Enter');
      expect(await large.getAttribute('aria-pressed')).toBe('true');
      const sizeAfter = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.site-name')!).fontSize));
      expect(sizeAfter).toBeGreaterThan(sizeBefore * 1.2);

      await contrast.focus();
      await page.keyboard.press('Space');
      expect(await contrast.getAttribute('aria-pressed')).toBe('true');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');

      // Another page of the site: both modes still on, and the mandated blocks still visible.
      await page.goto(urlOf(mini, 'fgw', 'zcwj/'));
      expect(await page.getByRole('button', { name: '大字号' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-jy-contrast'))).toBe(true);
      expect(await probe(page)).toEqual([]);

      // Off again from the keyboard.
      await page.getByRole('button', { name: '高对比度' }).focus();
      await page.keyboard.press('Enter');
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-jy-contrast'))).toBe(false);
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-jy-large'))).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('without JavaScript the page is complete and the toggles stay out of the way', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(urlOf(mini, 'fgw', ''));
      expect(await page.getByRole('button', { name: '大字号' }).count()).toBe(0);
      expect(await page.locator('form[role="search"] input[name="q"]').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  }, 30_000);
});

describe('a theme whose CSS hides the footer', () => {
  it('passes the HTML checker but is caught in the browser (MANDATED-HIDDEN)', async () => {
    const { content, themes } = specCase('css-hides-footer');
    const server = await serve(content, themes);
    for (const w of WIDTHS) {
      const context = await browser.newContext({ viewport: { width: w.width, height: w.height } });
      const page = await context.newPage();
      try {
        await page.goto(urlOf(server, 'fgw', ''));
        const found = await probe(page);
        expect(found.map((f) => f.marker)).toContain('footer');
        expect(found.find((f) => f.marker === 'footer')!.why).toMatch(/zero-size box|clipped/);
        // display:none !important from the theme layer loses to the skeleton's lock layer.
        expect(await page.evaluate(() => getComputedStyle(document.querySelector('footer')!).display)).toBe('block');
        // The other themes' sites of the same build are unaffected.
        await page.goto(urlOf(server, 'www', ''));
        expect(await probe(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 120_000);
});
