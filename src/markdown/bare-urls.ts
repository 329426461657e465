/**
 * Bare URLs in running text (`请登录www.gov.cn查询`), as the published page links them and as
 * `npm run check` reads them: one definition for both (remark-cjk-autolink.ts renders with it,
 * src/markdown/scan.ts scans with it).
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

/** Punctuation that ends an address written in Chinese prose: full-width forms, CJK brackets and quotes. */
const PROSE_END = '\\s<>"\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2018-\\u201f\\u2026\\u2014\\u00b7';
/**
 * A URL with an explicit scheme, whatever its script: an internationalised host (`http://政府网.政务/`:
 * a host that starts with a non-ASCII letter takes letters of any script; one that starts with an
 * ASCII letter ends at the first other character, as in `findBareUrls`) and a path that runs until
 * white space or Chinese punctuation (`/办事/指南`).
 */
const ANY_SCRIPT_URL = new RegExp(
  `(?<![A-Za-z0-9._%+/@-])https?:\\/\\/(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|[^\\x00-\\x7f${PROSE_END}][^/?#:${PROSE_END}]*)(?::\\d+)?(?:[/?#][^${PROSE_END}]*)?`,
  'gu',
);

/**
 * What must be kept exactly as written when text is converted (繁體, src/traditional/convert.ts):
 * the bare URLs the page links (`findBareUrls`), and every URL with a scheme in any script. A
 * generous reading: a Chinese word right after a URL's path stays as written too, which only
 * leaves a few characters unconverted; converting an address would make it another address.
 */
export function findUrlsToKeep(text: string): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = findBareUrls(text).map((u) => ({ index: u.index, text: u.text }));
  if (/https?:\/\//i.test(text)) {
    for (const m of text.matchAll(ANY_SCRIPT_URL)) out.push({ index: m.index, text: m[0].replace(/[.,:;!?'"*_~)]+$/, '') });
  }
  return out.sort((a, b) => a.index - b.index);
}
