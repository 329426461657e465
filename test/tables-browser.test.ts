/**
 * Tables that fit a phone (src/markdown/rehype-table-scroll.ts, `.table-scroll` in jiyue.css): at
 * 390 px a wide 抽检 table scrolls sideways in its own labelled region, the page itself does not,
 * and no number, code or unit breaks inside itself (before, "0.53mg/kg" showed as 0.5 / 3m / g/ /
 * kg and "14" as 1 / 4). Checked in Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndServe, copyFixture, demoBuild, serve, type ServedGroup } from './helpers.ts';

const HEAD = '| 序号 | 样品名称 | 标称生产企业名称 | 规格型号 | 生产日期 | 不合格项目 | 检验结果 | 标准值 | 检验依据 | 承检机构 |';
const ROWS = [
  '| 14 | 大米 | 示例市某某粮油食品有限公司 | 5kg/袋 | 2026-09-12 | 镉（以Cd计） | 0.53mg/kg | ≤0.2mg/kg | GB 2762-2022 | 示例市食品药品检验所 |',
  '| 15 | 鸡蛋 | 示例市某某农业专业合作社 | 散装 | 2026-10-03 | 恩诺沙星 | 128μg/kg | 不得检出 | GB 31650-2019 | 示例市食品药品检验所 |',
];

describe('a wide table on a phone', () => {
  let served: ServedGroup;
  beforeAll(async () => {
    const content = copyFixture('mini');
    const dept = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    const text = fs.readFileSync(dept, 'utf8').replace(/^title: .*$/m, 'title: 食品安全监督抽检不合格产品信息').replace(/^(---\n[\s\S]*?\n---\n)[\s\S]*$/, `$1\n本次抽检不合格产品如下：\n\n${HEAD}\n|${' --- |'.repeat(10)}\n${ROWS.join('\n')}\n`);
    fs.writeFileSync(path.join(content, 'fgw', 'gzdt', '2026-11-14-cj.md'), text.replace(/^date: .*$/m, 'date: 2026-11-14'));
    served = await buildAndServe(content, 'jiyue-tables-');
  }, 180_000);
  afterAll(async () => served?.close());

  it('scrolls sideways in its own labelled region, and no number or code wraps inside itself', async () => {
    const page = await served.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    try {
      await page.goto(`${served.origin('fgw')}gzdt/2026-11-14-cj/`);
      const facts = await page.evaluate(() => {
        const box = document.querySelector('.article-body .table-scroll') as HTMLElement;
        const lines = (el: Element) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        const cells = [...document.querySelectorAll('.article-body td, .article-body th')];
        const tokenCells = cells.filter((c) => /^[0-9A-Za-z.\/μ≤ -]+$/.test(c.textContent!.trim()));
        return {
          role: box.getAttribute('role'),
          label: box.getAttribute('aria-label'),
          focusable: box.tabIndex,
          scrolls: box.scrollWidth > box.clientWidth + 10,
          pageWidth: document.documentElement.scrollWidth,
          broken: tokenCells.filter((c) => lines(c) > 1).map((c) => c.textContent),
          tokens: tokenCells.map((c) => c.textContent!.trim()),
          headers: document.querySelectorAll('.article-body thead th').length,
        };
      });
      expect(facts.role).toBe('region');
      expect(facts.label).toBe('表格 1');
      expect(facts.focusable).toBe(0);
      expect(facts.scrolls).toBe(true);
      expect(facts.pageWidth).toBeLessThanOrEqual(390);
      expect(facts.headers).toBe(10);
      expect(facts.tokens).toEqual(expect.arrayContaining(['14', '0.53mg/kg', '≤0.2mg/kg', 'GB 2762-2022', '128μg/kg']));
      expect(facts.broken).toEqual([]);
      // The region can be scrolled from the keyboard.
      await page.focus('.article-body .table-scroll');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      // Keyboard scrolling is animated: wait for it (up to 15 s, like the other browser waits).
      await page.waitForFunction(() => (document.querySelector('.article-body .table-scroll') as HTMLElement).scrollLeft > 0, null, { timeout: 15_000 });
    } finally {
      await page.close();
    }
  });
});

describe('the imported 公文 of the demo group, on a phone', () => {
  let served: ServedGroup;
  beforeAll(async () => {
    served = await serve(await demoBuild());
  }, 300_000);
  afterAll(async () => served?.close());

  it('keeps its merged-cell table (imported from Word as HTML) in a scrolling region, with header cells and unbroken numbers', async () => {
    const page = await served.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    try {
      await page.goto(`${served.origin('fgw')}tzgg/2026-11-18-xmcb/`);
      const facts = await page.evaluate(() => {
        const box = document.querySelector('.article-body .table-scroll') as HTMLElement;
        const lines = (el: Element) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        const numbers = [...document.querySelectorAll('.article-body td')].filter((c) => /^[0-9.]+$/.test(c.textContent!.trim()));
        return {
          role: box?.getAttribute('role'),
          scrolls: box ? box.scrollWidth > box.clientWidth + 10 : false,
          pageWidth: document.documentElement.scrollWidth,
          headers: document.querySelectorAll('.article-body th').length,
          merged: [...document.querySelectorAll('.article-body td[rowspan], .article-body td[colspan]')].map((c) => c.textContent),
          numbers: numbers.length,
          broken: numbers.filter((c) => lines(c) > 1).map((c) => c.textContent),
          headings: [...document.querySelectorAll('.article-body h2, .article-body h3')].map((h) => h.textContent),
        };
      });
      expect(facts.role).toBe('region');
      expect(facts.scrolls).toBe(true);
      expect(facts.pageWidth).toBeLessThanOrEqual(390);
      expect(facts.headers).toBe(8);
      expect(facts.merged).toEqual(['产业发展', '合计']);
      expect(facts.numbers).toBeGreaterThan(20);
      expect(facts.broken).toEqual([]);
      // The Word numbering became the headings' own numbers.
      expect(facts.headings).toEqual(['一、申报范围', '二、申报要求', '（一）项目条件', '（二）申报材料', '三、时间安排']);
    } finally {
      await page.close();
    }
  });
});

