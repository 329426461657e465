/**
 * The body scan's fast path (plain bodies, one regular expression) must find exactly what the
 * full CommonMark parse finds: checked on every Markdown body of the demo group, on the rule
 * fixtures, and on constructs where the two could differ (those must fall back to micromark).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickScan, scanMarkdown } from '../src/markdown/scan.ts';
import { splitSource } from '../src/model/source.ts';
import { FIXTURES, REPO_ROOT, listFiles } from './helpers.ts';

const bodies = (root: string) =>
  listFiles(root)
    .filter((f) => f.endsWith('.md') && !f.endsWith('case.json'))
    .map((f) => ({ file: f, split: splitSource(fs.readFileSync(path.join(root, f), 'utf8')).split }))
    .filter((x) => x.split);

const key = (s: ReturnType<typeof scanMarkdown>) => s.links.map((l) => `${l.line}:${l.column} ${l.via} ${l.href}`).sort();

describe('body scan', () => {
  it('the fast path agrees with the full parse on every demo and fixture body', () => {
    const all = [...bodies(path.join(REPO_ROOT, 'content')), ...bodies(FIXTURES)];
    expect(all.length).toBeGreaterThan(400);
    let quick = 0;
    for (const { file, split } of all) {
      const fast = scanMarkdown(split!.body, split!.bodyLine);
      const full = scanMarkdown(split!.body, split!.bodyLine, 'md', { quick: false });
      expect(key(fast), file).toEqual(key(full));
      if (quickScan(split!.body)) quick++;
    }
    // Most real bodies take the fast path.
    expect(quick).toBeGreaterThan(all.length / 2);
  });

  it('finds links, images and bare URLs with their file positions', () => {
    const body = '第一段[甲](a.md)和![图](b.png "标题")。\n\n| 表 | [乙](site:fgw/x) |\n\n见 https://www.gov.cn/，或 www.example.org。';
    const fast = quickScan(body, 9)!;
    expect(fast.links.map((l) => [l.href, l.line, l.column, l.via])).toEqual([
      ['a.md', 10, 4, 'markdown'],
      ['b.png', 10, 14, 'image'],
      ['site:fgw/x', 12, 7, 'markdown'],
      ['https://www.gov.cn/', 14, 3, 'bare'],
      ['http://www.example.org', 14, 25, 'bare'],
    ]);
    expect(key(fast)).toEqual(key(scanMarkdown(body, 10, 'md', { quick: false })));
  });

  it('leaves subtle constructs to micromark', () => {
    for (const body of ['`[x](a.md)`', '<a href="x">y</a>', '[x]: a.md', '[x][y]', '\\[x](a.md)', '[a [b]](c.md)', '    [x](a.md)', '[x](a(b).md)', '&amp;']) {
      expect(quickScan(body), body).toBeUndefined();
    }
    // And micromark reads them as CommonMark does: no link in code, the reference definition's target.
    expect(scanMarkdown('`[x](a.md)`', 1).links).toEqual([]);
    expect(scanMarkdown('[x]: a.md', 1).links.map((l) => l.href)).toEqual(['a.md']);
    expect(scanMarkdown('[a [b]](c.md)', 1).links.map((l) => l.href)).toEqual(['c.md']);
  });
});
