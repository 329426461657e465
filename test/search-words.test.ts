/**
 * The words a search page looks for and marks, without a build or a browser (the fast tier):
 * highlights of whole words (markTerms), everyday names inside what people type (expandQuery), pinyin initials (the build's lookup, src/search/pinyin.ts,
 * and the page's use of it, pinyinQueries). test/search.test.ts runs them on the demo in Chromium.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { expandQuery, markTerms, pinyinQueries } from '../src/search/client/search.js';
import { queryAliases } from '../src/search/paths.ts';
import { DEFAULT_ALIASES } from '../src/model/aliases.ts';
import { mergePinyinLookups, pinyinLookup } from '../src/search/pinyin.ts';
import { REPO_ROOT, THEMES_DIR } from './helpers.ts';

describe('highlights', () => {
  it('mark the searched words whole, never a lone character of another word, and escape the rest', () => {
    // Pagefind (ICU) marks only the 公 of 公积金; 公开 and 办公 are other words.
    expect(markTerms('住房<mark>公</mark>积金提取. 为规范住房<mark>公</mark>积金，<mark>公开</mark>办理，办<mark>公</mark>时间', ['公积金'])).toBe(
      '住房<mark>公积金</mark>提取. 为规范住房<mark>公积金</mark>，公开办理，办公时间',
    );
    // A long query marks its longest runs that occur; never a part of a number.
    expect(markTerms('为规范住房公积金租房提取管理，实施细则如下。2025年', ['住房公积金租房提取实施细则', '2024'])).toBe(
      '为规范<mark>住房公积金租房提取</mark>管理，<mark>实施细则</mark>如下。2025年',
    );
    // The official term an everyday name was searched as; Latin words in any case; a one-character word when typed.
    expect(markTerms('城乡居民基本养老保险和社会保险', ['社保', '社会保险'])).toBe('城乡居民基本养老<mark>保险</mark>和<mark>社会保险</mark>');
    expect(markTerms('下载 PDF 文件', ['pdf'])).toBe('下载 <mark>PDF</mark> 文件');
    expect(markTerms('公告和公示', ['公'])).toBe('<mark>公</mark>告和<mark>公</mark>示');
    // Only <mark> is markup: the excerpt's entities are read and written again.
    expect(markTerms('&lt;img src=x onerror=alert(1)&gt; &amp; <b>公积金</b>', ['公积金'])).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; <mark>公积金</mark>');
  });
});

describe('pinyin initials', () => {
  const demo = loadGroup({ contentDir: path.join(REPO_ROOT, 'content'), themesDir: THEMES_DIR, now: parseJiyueDate('2026-11-20') as JiyueDate });
  const titles = demo.model!.entries.map((e) => e.data.title);
  const lookup = pinyinLookup(titles, demo.model!.searchAliases);

  it('key the words of the demo group’s titles and aliases by their initials, the right word first', () => {
    const first = (k: string) => lookup.keys[k]?.[0];
    // Aliases (what people abbreviate) and recurring title words, read in context (重庆 would be cq).
    expect(first('gjj')).toBe('公积金');
    expect(first('yb')).toBe('医保');
    expect(first('db')).toBe('低保');
    expect(first('sbk')).toBe('社保卡');
    expect(first('sfz')).toBe('身份证');
    expect(first('fgw')).toBe('发改委');
    expect(first('jf')).toBe('缴费');
    expect(first('bszn')).toBe('办事指南');
    expect(first('zftq')).toBe('租房提取');
    expect(lookup.keys.ylbx).toContain('养老保险');
    // At most three words a key; each one a title's or an alias's; keys of two to eight letters.
    const aliasWords = new Set(demo.model!.searchAliases.flatMap(([official, names]) => [official, ...names]));
    for (const [k, words] of Object.entries(lookup.keys)) {
      expect(k).toMatch(/^[a-z]{2,8}$/);
      expect(words.length).toBeLessThanOrEqual(3);
      for (const w of words) expect(aliasWords.has(w) || titles.some((t) => t.includes(w)), `${k}: ${w}`).toBe(true);
    }
    // Small enough to load for a query: the demo's 490 titles give about 40 KB (before compression).
    expect(JSON.stringify(lookup).length).toBeLessThan(60_000);
    // The same titles give the same file, whatever their order.
    expect(pinyinLookup([...titles].reverse(), demo.model!.searchAliases)).toEqual(lookup);
  });

  it('of the group merge the sites’ own: a word ranks by its places in every site, the same whatever the order', () => {
    const site = (keys: Record<string, string[]>) => ({ v: 1 as const, keys });
    const merged = mergePinyinLookups([site({ sb: ['社保', '申报'], gjj: ['公积金'] }), site({ sb: ['申报', '上报', '社保'] }), site({ sb: ['社保'] })]);
    expect(merged.keys).toEqual({ gjj: ['公积金'], sb: ['社保', '申报', '上报'] });
    expect(mergePinyinLookups([site({ sb: ['社保'] }), site({ sb: ['申报', '上报', '社保'] }), site({ sb: ['社保', '申报'] }), site({ gjj: ['公积金'] })])).toEqual(merged);
    // The demo's sites, merged: the right word first.
    const bySite = demo.model!.sites.map((s) => pinyinLookup(demo.model!.entries.filter((e) => e.siteId === s.id).map((e) => e.data.title), demo.model!.searchAliases));
    const group = mergePinyinLookups(bySite);
    expect(group.keys.gjj[0]).toBe('公积金');
    expect(group.keys.db[0]).toBe('低保');
    expect(group.keys.sbk[0]).toBe('社保卡');
  });

  it('turn a query of initials into the queries of the words they stand for; other queries stay as they are', () => {
    expect(pinyinQueries('gjj', lookup.keys)[0]).toBe('公积金');
    expect(pinyinQueries('yb jf', lookup.keys)[0]).toBe('医保 缴费');
    // Upper case as typed on a phone; a term that is no key stays.
    expect(pinyinQueries('GJJ xyz', lookup.keys)[0]).toBe('公积金 xyz');
    // The first key's other words, one query each (at most three queries).
    expect(pinyinQueries('sb', lookup.keys).length).toBe(lookup.keys.sb.length);
    expect(pinyinQueries('constructor', lookup.keys)).toEqual([]);
    expect(pinyinQueries('pdfx', lookup.keys)).toEqual([]);
  });
});

describe('everyday names', () => {
  const aliases = queryAliases(DEFAULT_ALIASES);

  it('are found as a term or inside one typed without spaces, and searched as the official terms too', () => {
    // The name alone: as typed first (pages that say 社保 lead); with other words, the official term first.
    expect(expandQuery('社保', aliases)).toEqual(['社保', ...aliases['社保'].slice(0, 3)]);
    expect(expandQuery('发改委 招标', aliases)[0]).toBe('发展和改革委员会 招标');
    expect(expandQuery('发改委 招标', aliases)).toContain('发改委 招标');
    // Inside a term: the longest name (社保卡, not 社保), the rest of the term kept.
    expect(expandQuery('低保标准', aliases)).toContain('最低生活保障标准');
    // Inside a term: the longest name, the official term's search first.
    expect(expandQuery('社保卡补领', aliases)).toEqual(['社会保障卡补领', '社保卡补领']);
    expect(expandQuery('高企认定', aliases)[0]).toBe('高新技术企业认定');
    expect(expandQuery('失业金申领', aliases)).toContain('失业保险金申领');
    // A term that holds the official term already stays as typed; each query once.
    expect(expandQuery('住房公积金提取', aliases)).toEqual(['住房公积金提取']);
    const q = expandQuery('示例市医保局', aliases);
    expect(new Set(q).size).toBe(q.length);
    expect(q).toContain('示例市医疗保障局');
    expect(expandQuery('营业执照', aliases)).toEqual(['营业执照']);
  });
});
