/**
 * 简体 → 繁體 text conversion (上海 第十五条: 中文简体和繁体版本), one definition for the pages,
 * the page-spec checker and the search records.
 *
 * The table is OpenCC's `cn` → `t` (opencc-js): the mainland 通用规范汉字 simplified forms to
 * OpenCC's standard traditional characters, word for word, without Taiwan's or Hong Kong's
 * vocabulary (`tw`/`twp` would turn 软件 into 軟體 and 信息 into 資訊, changing the wording of a
 * government text; `hk` uses Hong Kong variant glyphs). A mainland government's 繁體 version
 * keeps its own words and only changes the characters (docs/traditional.md).
 *
 * Never converted (left exactly as written): URLs, e-mail addresses, ICP and 公安备案 numbers.
 * Site codes and the digits of a 文号 contain no convertible character.
 */
import { ConverterBuilder } from 'opencc-js/core';
import * as cn2t from 'opencc-js/preset/cn2t';
import { findUrlsToKeep } from '../markdown/bare-urls.ts';
import { PATTERNS } from '../pagespec/page-spec.ts';

let converter: ((text: string) => string) | undefined;

/** opencc-js's `s2t` (`cn` → `t`), built on first use (about 80 ms: a trie of 50,000 phrases). */
function opencc(): (text: string) => string {
  converter ??= ConverterBuilder(cn2t)({ from: 'cn', to: 't' });
  return converter;
}

/** A filing-number pattern of the page spec, found anywhere in a sentence (the spec's are anchored). */
const unanchored = (re: RegExp) => re.source.replace(/^\^/, '').replace(/\$$/, '');

/**
 * E-mail addresses and the filing numbers, in the shapes the page spec accepts (PATTERNS in
 * src/pagespec/page-spec.ts), in any script. URLs come from findUrlsToKeep (bare-urls.ts): the page's
 * autolinks, and any URL with a scheme, Chinese hosts and paths included.
 */
const EMAIL = [
  // An ASCII address (`zwgk@test.gov.cn` right after 邮箱), or one in any script after a separator (`邮箱：张三@政府.中国`).
  String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`,
  // (An internationalised address: its domain starts with a non-ASCII letter; an ASCII domain ends at its last ASCII label.)
  String.raw`(?<=^|[\s:：(（<《「“‘,，;；])[\p{L}\p{N}._%+-]+@[^\x00-\x7f\s，。；：、（）《》「」“”‘’][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)+`,
];
const PROTECTED = new RegExp([...EMAIL, unanchored(PATTERNS.icp), unanchored(PATTERNS.psb)].join('|'), 'gu');

/**
 * A group's own phrases (`traditional-phrases.txt` at the content root, OpenCC's dictionary format:
 * 简体, a tab, 繁體), applied before the standard table: `于志杰	于志杰` keeps a surname the table
 * would turn into 於 (docs/traditional.md). Compiled once per list.
 */
export interface Phrases {
  pattern?: RegExp;
  to: ReadonlyMap<string, string>;
}

const compiled = new WeakMap<readonly (readonly [string, string])[], Phrases>();

export function phrasesOf(list: readonly (readonly [string, string])[] = []): Phrases {
  let p = compiled.get(list);
  if (!p) {
    const keys = [...new Set(list.map(([k]) => k))].sort((a, b) => b.length - a.length);
    p = { to: new Map(list.map(([k, v]) => [k, v])), ...(keys.length ? { pattern: new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') } : {}) };
    compiled.set(list, p);
  }
  return p;
}

/** [start, end, replacement?) of every span of `text` that is copied as written (or as the group's phrase says), in order, not overlapping. */
function protectedSpans(text: string, phrases?: Phrases): [number, number, string?][] {
  const spans: [number, number, string?][] = findUrlsToKeep(text).map((u) => [u.index, u.index + u.text.length]);
  for (const m of text.matchAll(PROTECTED)) spans.push([m.index, m.index + m[0].length]);
  if (phrases?.pattern) for (const m of text.matchAll(phrases.pattern)) spans.push([m.index, m.index + m[0].length, phrases.to.get(m[0])]);
  // At one start, the longest span wins (a URL read in any script over the same URL's autolinked part).
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number, string?][] = [];
  for (const span of spans) if (!out.length || span[0] >= out[out.length - 1][1]) out.push(span);
  return out;
}

/** The text in 繁體: protected spans as written, the group's phrases as it wrote them. */
export function toTraditional(text: string, phrases?: Phrases): string {
  // Nothing to convert in pure ASCII (most attribute values, numbers, dates).
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const convert = opencc();
  let out = '';
  let last = 0;
  for (const [from, to, as] of protectedSpans(text, phrases)) {
    out += convert(text.slice(last, from)) + (as ?? text.slice(from, to));
    last = to;
  }
  return last === 0 ? convert(text) : out + convert(text.slice(last));
}
