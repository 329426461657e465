/**
 * The published text of a source file, line by line, for the text rules (personal information,
 * wording): the body, and the front-matter fields that appear on pages (title, summary,
 * source, author, issuer). Link targets, URLs and `site:` references are blanked out (same
 * length, so columns stay exact): a long number in a URL is not personal information.
 * Pure: text in, lines out.
 */
import { findBareUrls } from '../markdown/bare-urls.ts';

export interface TextLine {
  /** 1-based line in the file. */
  line: number;
  /** The line with link targets blanked. Column of index i is i + 1. */
  text: string;
}

/** Front-matter fields whose values are shown on pages. */
const SHOWN_KEYS = /^\s*(title|summary|source|author|issuer)\s*:/;

const URLISH = [
  /\]\([^)\n]*\)/g, // Markdown link/image destinations
  /^\s{0,3}\[[^\]\n]+\]:\s*\S+/g, // reference definitions
  /<(?:https?|mailto|ftp):[^>\s]*>/gi, // autolinks
  /\b(?:href|src|srcset|cite|longdesc)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, // HTML URL attributes
  /\bsite:[^\s)\]]+/g, // site: references
];

export function blankUrls(line: string): string {
  if (!/[(:=<]|www\./.test(line)) return line;
  let out = line;
  for (const re of URLISH) out = out.replace(re, (m) => ' '.repeat(m.length));
  // Bare URLs as the page links them (src/markdown/bare-urls.ts).
  for (const u of findBareUrls(out)) out = out.slice(0, u.index) + ' '.repeat(u.text.length) + out.slice(u.index + u.text.length);
  return out;
}

/**
 * Lines of an article or single page. `bodyLine` is the file line where the body starts
 * (after the front matter); 1 when the file has none.
 */
export function articleLines(text: string, bodyLine: number): TextLine[] {
  const lines = text.split('\n');
  const out: TextLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (i + 1 < bodyLine && !SHOWN_KEYS.test(raw)) continue;
    out.push({ line: i + 1, text: blankUrls(raw) });
  }
  return out;
}

/** Lines of a text attachment (csv, txt, html, md). */
export function attachmentLines(text: string): TextLine[] {
  return text.split('\n').map((raw, i) => ({ line: i + 1, text: blankUrls(raw.endsWith('\r') ? raw.slice(0, -1) : raw) }));
}
