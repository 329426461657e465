/**
 * The published text of a source, for the text rules (personal information, wording): every
 * text that reaches a page, wherever it comes from. An article's body line by line, and each
 * published value of its front matter (title, summary, 来源, 作者, 发布机构, 文号, 主题分类,
 * 索引号, attachment titles), read from the parsed YAML so a folded (multi-line) title is one
 * text; the texts of site.yaml and group.yaml that pages show (`configTexts`). Link targets,
 * URLs and `site:` references are blanked out (same length, so columns stay exact): a long
 * number in a URL is not personal information. Pure: text in, lines out.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedYaml } from '../config/parse.ts';
import { findBareUrls } from '../markdown/bare-urls.ts';

export interface TextLine {
  /** 1-based line in the file. */
  line: number;
  /** The text with link targets blanked. Column of index i is `column + i` (default column 1). */
  text: string;
  /** Column of the text's first character (a value after its key). Default 1. */
  column?: number;
  /**
   * Where the text is in a document that has no lines an editor can go to (a Word paragraph, a
   * spreadsheet cell: `工作表“岗位表”C3 单元格`): named in the message, `line` is not reported.
   */
  where?: string;
}

/** Front-matter values that appear on pages, in meta tags or in search records. */
export const PUBLISHED_FRONTMATTER: readonly (readonly (string | number | '*')[])[] = [
  ['title'],
  ['summary'],
  ['source'],
  ['author'],
  ['issuer'],
  ['docNumber'],
  ['topic'],
  ['indexNumber'],
  ['attachments', '*', 'title'],
];

/** site.yaml values that appear on pages (header, footer, column pages, notices). */
export const PUBLISHED_SITE_CONFIG: readonly (readonly (string | number | '*')[])[] = [
  ['name'],
  ['shortName'],
  ['sponsor'],
  ['operator'],
  ['contact', 'phone'],
  ['contact', 'email'],
  ['contact', 'address'],
  ['columns', '*', 'name'],
  ['columns', '*', 'description'],
  ['closure', 'reason'],
  ['closure', 'notice'],
  ['archive', 'reason'],
  ['migration', 'notice'],
];

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
 * Lines of an article's body. `bodyLine` is the file line where the body starts (after the
 * front matter); 1 when the file has none.
 */
export function bodyLines(text: string, bodyLine: number): TextLine[] {
  const lines = text.split('\n');
  const out: TextLine[] = [];
  for (let i = bodyLine - 1; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    out.push({ line: i + 1, text: blankUrls(raw) });
  }
  return out;
}

/**
 * The published values of parsed YAML at `paths` (`'*'` matches every item of a list), each
 * line of a value with the file position of its first character (`lineOffset`: lines before the
 * YAML text). A value written over several lines (a folded title) is read line by line as
 * written, so a finding points at its own line.
 */
export function yamlTexts(parsed: ParsedYaml, paths: readonly (readonly (string | number | '*')[])[], lineOffset = 0): TextLine[] {
  const out: TextLine[] = [];
  const { text, lineCounter } = parsed;
  const visit = (node: unknown, path: readonly (string | number | '*')[]) => {
    if (!path.length) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
      const [start, end] = node.range;
      const written = text.slice(start, end);
      const pos = lineCounter.linePos(start);
      if (!written.includes('\n')) {
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        out.push({ line: pos.line + lineOffset, column: pos.col + (quoted ? 1 : 0), text: blankUrls(quoted ? written.slice(1, -1) : written) });
        return;
      }
      // Several lines: each as written (a block scalar's first line is only its indicator).
      const block = node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
      written.split('\n').forEach((raw, i) => {
        if (block && i === 0) return;
        const lead = i === 0 ? 0 : /^\s*/.exec(raw)![0].length;
        const line = raw.slice(lead).replace(/\r$/, '');
        if (line) out.push({ line: pos.line + i + lineOffset, column: (i === 0 ? pos.col : 1) + lead, text: blankUrls(line) });
      });
      return;
    }
    const [head, ...rest] = path;
    if (head === '*') {
      if (isSeq(node)) for (const item of node.items) visit(item, rest);
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(head));
      if (pair) visit(pair.value as Node, rest);
    }
  };
  for (const p of paths) visit(parsed.doc.contents, p);
  return out;
}

/** Lines of a text attachment (csv, txt, html, md) or another published text file. */
export function attachmentLines(text: string): TextLine[] {
  return text.split('\n').map((raw, i) => ({ line: i + 1, text: blankUrls(raw.endsWith('\r') ? raw.slice(0, -1) : raw) }));
}
