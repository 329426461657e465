/**
 * Limits that keep one file from stalling a group's build (docs/security.md): the size of a
 * source file (`MAX_SOURCE_BYTES`, source.ts) and how deeply its Markdown nests lists and block
 * quotes. A 3,000-level nested list is valid Markdown that no parser or browser handles in
 * reasonable time; no government document needs more than a few levels.
 */

/** Deepest nesting of lists and block quotes accepted in a body. */
export const MAX_NESTING = 16;

/**
 * The first line whose nesting exceeds `MAX_NESTING`, with its depth. One pass over the lines,
 * nothing parsed: on each line every `>` and every list marker (`- `, `* `, `+ `, `1. `) opens a
 * level, however many follow each other (`- - - x` is three nested lists); indentation keeps the
 * levels of the list lines above it (one per two columns, tabs as four), never more than the
 * line above had, since a list only nests inside an item.
 */
export function bodyTooDeep(body: string): { line: number; depth: number } | undefined {
  const lines = body.split('\n');
  let above = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // A thematic break (`- - - - …`) is a line of markers that opens nothing.
    if (/^\s*([-*_])(?:\s*\1){2,}\s*$/.test(line)) continue;
    let opened = 0;
    let indent = 0;
    let j = 0;
    for (; j < line.length && (line[j] === ' ' || line[j] === '\t'); j++) indent += line[j] === '\t' ? 4 : 1;
    while (j < line.length) {
      if (line[j] === ' ' || line[j] === '\t') {
        j++;
        continue;
      }
      if (line[j] === '>') {
        opened++;
        j++;
        continue;
      }
      const marker = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(j, j + 11));
      if (!marker) break;
      opened++;
      j += marker[0].length;
    }
    if (line.trim() === '') continue;
    const depth = Math.min(Math.floor(indent / 2), above) + opened;
    if (depth > MAX_NESTING) return { line: i + 1, depth };
    above = opened ? depth : Math.min(above, Math.floor(indent / 2));
  }
  return undefined;
}

/**
 * How much of each construct whose parsing cost grows faster than the text a body may hold. The
 * red team's inputs, each under the 2 MB file limit, ran for minutes or crashed: `[a](` × 120,000
 * (micromark matches every `](` against every open `[`), backtick runs of every length (each run
 * looks ahead for its closing twin), 150,000 nested `<div>` (the HTML tree is walked
 * recursively: a stack overflow), a 20,000-column table (4.9 GB). The limits are far above what
 * a government document uses (a 30-column statistics table, a few hundred links) and are
 * checked in one pass before anything is parsed.
 */
export const BODY_LIMITS = {
  /** `[` characters: link, image and footnote openers. */
  brackets: 10_000,
  /** Runs of backticks (code spans and fences). */
  backtickRuns: 5_000,
  /** Backtick characters in all (long runs cost as much as many runs: 1,999 runs of every length took five minutes to render). */
  backticks: 20_000,
  /** Columns of a table row (`|` on one line). */
  tableColumns: 256,
  /**
   * Cells of all tables (each `|`, and each `<td>`/`<th>` of an HTML table such as an imported
   * merged-cell one): a 256-column table of 3,500 rows (1.8 MB) ran the build out of memory
   * (4.5 GB); 50,000 cells render in about 3 s and 250 MB. A 2,000-name 公示 of 10 columns is
   * 22,000; longer lists belong in an Excel attachment.
   */
  tableCells: 50_000,
  /** Nesting of raw HTML elements (void elements and `<x/>` open nothing). */
  htmlDepth: 64,
} as const;

export type BodyLimit = keyof typeof BODY_LIMITS;

/** What each limit counts, and its measure word, as the message says them. */
export const BODY_LIMIT_LABELS: Record<BodyLimit, { what: string; unit: string }> = {
  brackets: { what: '方括号“[”（链接、图片、脚注）', unit: '个' },
  backtickRuns: { what: '反引号“`”组（代码）', unit: '组' },
  backticks: { what: '反引号“`”', unit: '个' },
  tableColumns: { what: '表格一行的列', unit: '列' },
  tableCells: { what: '表格单元格（按“|”和 <td>、<th> 计）', unit: '个' },
  htmlDepth: { what: 'HTML 元素的嵌套', unit: '层' },
};

/** The first limit of `BODY_LIMITS` a body exceeds: which, how much, and the line where it was passed. */
export function bodyTooComplex(body: string): { limit: BodyLimit; count: number; line: number } | undefined {
  let line = 1;
  let brackets = 0;
  let runs = 0;
  let ticks = 0;
  let depth = 0;
  let pipes = 0;
  let cells = 0;
  const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;
  const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]{0,512})?(\/?)>/y;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) {
      line++;
      pipes = 0;
    } else if (c === 91) {
      if (++brackets > BODY_LIMITS.brackets) return { limit: 'brackets', count: brackets, line };
    } else if (c === 96) {
      if (++ticks > BODY_LIMITS.backticks) return { limit: 'backticks', count: ticks, line };
      if (body.charCodeAt(i - 1) !== 96 && ++runs > BODY_LIMITS.backtickRuns) return { limit: 'backtickRuns', count: runs, line };
    } else if (c === 124) {
      if (++pipes > BODY_LIMITS.tableColumns + 1) return { limit: 'tableColumns', count: pipes - 1, line };
      if (++cells > BODY_LIMITS.tableCells) return { limit: 'tableCells', count: cells, line };
    } else if (c === 60) {
      TAG.lastIndex = i;
      const m = TAG.exec(body);
      if (!m || VOID.test(m[2]) || m[3]) continue;
      if (!m[1] && /^t[dh]$/i.test(m[2]) && ++cells > BODY_LIMITS.tableCells) return { limit: 'tableCells', count: cells, line };
      depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
      if (depth > BODY_LIMITS.htmlDepth) return { limit: 'htmlDepth', count: depth, line };
    }
  }
  return undefined;
}
