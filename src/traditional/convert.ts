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

let converter: ((text: string) => string) | undefined;

/** opencc-js's `s2t` (`cn` → `t`), built on first use (about 80 ms: a trie of 50,000 phrases). */
function opencc(): (text: string) => string {
  converter ??= ConverterBuilder(cn2t)({ from: 'cn', to: 't' });
  return converter;
}

/**
 * Spans that are copied as written. A URL ends at whitespace, at CJK text or at full-width
 * punctuation, as in src/markdown/bare-urls.ts; the filing numbers are matched in the shapes
 * PATTERNS accepts (src/pagespec/page-spec.ts), wherever they stand in a sentence.
 */
const PROTECTED = new RegExp(
  [
    // URLs with a scheme or starting with www.
    String.raw`(?:https?:\/\/|mailto:|www\.)[^\s<>"'\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+`,
    // e-mail addresses
    String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`,
    // ICP备案编号
    String.raw`\p{Script=Han}ICP备\s?\d{6,10}(?:号(?:-\d{1,3})?|-\d{1,3}号?)?`,
    // 公安机关备案号
    String.raw`\p{Script=Han}公网安备\s?\d{14}号?`,
  ].join('|'),
  'gu',
);

/** The text in 繁體, protected spans as written. */
export function toTraditional(text: string): string {
  // Nothing to convert in pure ASCII (most attribute values, numbers, dates).
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const convert = opencc();
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PROTECTED)) {
    out += convert(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return last === 0 ? convert(text) : out + convert(text.slice(last));
}
