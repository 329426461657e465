/**
 * Bare URLs in running text (`请登录www.gov.cn查询`), as the published page links them and as
 * `npm run check` reads them: one definition for both (remark-cjk-autolink.ts renders with it,
 * src/check/scan.ts scans with it).
 *
 * GFM's autolink literals were made for English: they only start after a space or `(`, and run
 * until the next space, so in Chinese prose `请登录www.gov.cn查询` is no link at all while
 * `请登录 www.gov.cn查询` links `www.gov.cn查询`. Here a URL may start right after any
 * character that cannot be part of it, and it ends at the first CJK character or full-width
 * punctuation; trailing ASCII punctuation and an unbalanced `)` are left out, as in GFM.
 */

/** Characters that end a bare URL: whitespace, `<>`, CJK ideographs and kana, full-width forms and punctuation, curly quotes. */
const STOP = '\\s<>\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201f\\u2026\\u2014\\u00b7';
const BARE = new RegExp(`(?<![A-Za-z0-9._%+/@-])(?:https?:\\/\\/|www\\.)[^${STOP}]+`, 'giu');

export interface BareUrl {
  /** Index in the text and the URL as written. */
  index: number;
  text: string;
  /** The link target (`http://` added to `www.` URLs, as GFM does). */
  href: string;
}

/** Every bare URL in `text`, in order. */
export function findBareUrls(text: string): BareUrl[] {
  if (!/https?:\/\/|www\./i.test(text)) return [];
  const out: BareUrl[] = [];
  for (const m of text.matchAll(BARE)) {
    let url = m[0];
    // Trailing punctuation is the sentence's, not the URL's; a ")" only when unbalanced.
    for (;;) {
      const trimmed = url.replace(/[.,:;!?'"*_~]+$/, '');
      if (trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')')) url = trimmed.slice(0, -1);
      else if (trimmed !== url) url = trimmed;
      else break;
    }
    const host = /^(?:https?:\/\/)?([^/?#:]+)/i.exec(url)?.[1] ?? '';
    // A domain has a dot after "www." and no underscore in its last two labels (GFM's rule).
    if (/^www\./i.test(url) && !/^www\.[^.]+/i.test(host)) continue;
    if (!host || host.split('.').slice(-2).some((label) => label.includes('_') || label === '')) continue;
    out.push({ index: m.index, text: url, href: /^www\./i.test(url) ? `http://${url}` : url });
  }
  return out;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}
