/**
 * Pinyin initials (docs/search.md): people on phones type `gjj` for 公积金 and `yb jf` for 医保缴费.
 * At build time the words of the pages' titles and of the alias list are keyed by the first
 * letters of their pinyin (pinyin-pro, read in the context of the whole title, so 银行 is yh and
 * 重庆 cq); the search page loads the lookup only when a query is made of Latin letters, and
 * searches the words it names beside the query as typed (src/search/client/search.js).
 *
 * Titles are not segmented by a dictionary (the ICU segmenter of Node and of Pagefind knows no
 * government words: 公积金 comes out as 公/积/金). A word here is a run of two to four Chinese
 * characters that recurs in the titles (in two or more of them): 公积金, 住房公积金, 办事指南 recur.
 * A run that is nearly always beside the same character (级非 of 市级非遗, 会召 of 会召开) is a
 * piece of something longer and ranks a quarter as high; one in a fifth of all titles or more (示例
 * of 示例市) narrows nothing and ranks last. Each key keeps its three best words; the alias list's
 * words come first.
 */
import { pinyin } from 'pinyin-pro';

/** The lookup's file name, beside the identifiers lookup. */
export const PINYIN_LOOKUP = 'pinyin.json';

/** Words per key the search page tries (each one search). */
export const PINYIN_CANDIDATES = 3;

/** Keys kept (the most frequent first): the file stays small for a large group. */
export const PINYIN_MAX_KEYS = 6_000;

export interface PinyinLookup {
  v: 1;
  /** Initials (lower case, 2–8 letters) → words, best first. */
  keys: Record<string, string[]>;
}

const HAN = /^\p{Script=Han}$/u;

/** First letters of the pinyin of each character of `text` (a non-Chinese character as itself). */
function initialsOf(text: string): string[] {
  const chars = [...text];
  const letters = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' });
  // pinyin-pro gives one item per character; anything else (a surrogate it split) is read per character.
  return letters.length === chars.length ? letters.map((l) => l.toLowerCase()) : chars.map((c) => pinyin(c, { pattern: 'first', toneType: 'none' }).toLowerCase());
}

/**
 * The lookup for pages with these titles and a group with these aliases (everyday name → the
 * official terms, as `model.searchAliases`): keys sorted, words best first.
 */
export function pinyinLookup(titles: Iterable<string>, aliases: readonly (readonly [string, readonly string[]])[]): PinyinLookup {
  /** Word → in how many titles it occurs, its key, and the characters seen beside it (an edge or a non-Chinese character as ''). */
  const words = new Map<string, { df: number; keys: Map<string, number>; left: Map<string, number>; right: Map<string, number> }>();
  const count = (m: Map<string, number>, c: string | undefined, any = false) => {
    const k = c && (any || HAN.test(c)) ? c : '';
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  /** A word's reading in most of its titles (a polyphone reads as its context says), the same for any order of titles. */
  const usual = (keys: Map<string, number>) => [...keys].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  let titleCount = 0;
  for (const title of titles) {
    titleCount++;
    const chars = [...title];
    const letters = initialsOf(title);
    const seen = new Set<string>();
    for (let i = 0; i < chars.length; i++) {
      for (let n = 2; n <= 4 && i + n <= chars.length; n++) {
        if (!HAN.test(chars[i + n - 1]) || !HAN.test(chars[i])) break;
        const word = chars.slice(i, i + n).join('');
        if (seen.has(word)) continue;
        seen.add(word);
        let w = words.get(word);
        if (!w) words.set(word, (w = { df: 0, keys: new Map(), left: new Map(), right: new Map() }));
        w.df++;
        count(w.keys, letters.slice(i, i + n).join(''), true);
        count(w.left, chars[i - 1]);
        count(w.right, chars[i + n]);
      }
    }
  }
  /** Mostly beside one and the same character: a piece of a longer unit. */
  const piece = (side: Map<string, number>, df: number) => [...side].some(([c, n]) => c !== '' && n >= 0.75 * df);
  const byKey = new Map<string, [word: string, rank: number][]>();
  const add = (word: string, k: string, rank: number) => {
    if (!/^[a-z]{2,8}$/.test(k)) return;
    const list = byKey.get(k) ?? [];
    const had = list.find(([w]) => w === word);
    if (had) had[1] = Math.max(had[1], rank);
    else list.push([word, rank]);
    byKey.set(k, list);
  };
  // A word in most titles (the city's name, 示例 of 示例市) narrows nothing: ranked after the rest.
  const common = Math.max(10, titleCount * 0.2);
  for (const [word, w] of words) if (w.df >= 2) add(word, usual(w.keys), (piece(w.left, w.df) || piece(w.right, w.df) ? w.df / 4 : w.df) / (w.df > common ? 100 : 1));
  // The alias list's words (社保, 社会保险, 发改委 …): what people abbreviate, ahead of title words.
  for (const [official, names] of aliases) {
    for (const word of [official, ...names]) {
      if (![...word].every((c) => HAN.test(c)) || [...word].length > 8) continue;
      add(word, initialsOf(word).join(''), Number.MAX_SAFE_INTEGER - [...word].length);
    }
  }
  const ranked = [...byKey].map(([k, list]) => [k, list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, PINYIN_CANDIDATES)] as const);
  // Most useful keys first when the file must be cut: by the frequency of their best word.
  ranked.sort((a, b) => b[1][0][1] - a[1][0][1] || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.slice(0, PINYIN_MAX_KEYS).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { v: 1, keys: Object.fromEntries(kept.map(([k, list]) => [k, list.map(([w]) => w)])) };
}

/**
 * The group's lookup from its sites' (each written by the site's own worker, beside its search
 * page): a word scores 3, 2 or 1 for its place in each site's list, summed; each key keeps its
 * three best words, and the best-scoring keys when the file must be cut. Reading every title of
 * a large group again here cost seconds on every build (6 s at 50,000 pages); the sites'
 * lookups are a few kilobytes each, and a site that did not change keeps its own.
 */
export function mergePinyinLookups(lookups: readonly PinyinLookup[]): PinyinLookup {
  const byKey = new Map<string, Map<string, number>>();
  for (const l of lookups) {
    for (const [k, words] of Object.entries(l.keys)) {
      let m = byKey.get(k);
      if (!m) byKey.set(k, (m = new Map()));
      words.forEach((w, i) => m!.set(w, (m!.get(w) ?? 0) + PINYIN_CANDIDATES - i));
    }
  }
  const ranked = [...byKey].map(([k, m]) => [k, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, PINYIN_CANDIDATES)] as const);
  ranked.sort((a, b) => b[1][0][1] - a[1][0][1] || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.slice(0, PINYIN_MAX_KEYS).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { v: 1, keys: Object.fromEntries(kept.map(([k, list]) => [k, list.map(([w]) => w)])) };
}
