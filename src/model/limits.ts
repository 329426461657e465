/**
 * Limits that keep one file from stalling a group's build (docs/security.md): the size of a
 * source file (`MAX_SOURCE_BYTES`, source.ts) and how deeply its Markdown nests lists and block
 * quotes. A 3,000-level nested list is valid Markdown that no parser or browser handles in
 * reasonable time; no government document needs more than a few levels.
 */

/** Deepest nesting of lists and block quotes accepted in a body. */
export const MAX_NESTING = 16;

/**
 * The first line whose nesting exceeds `MAX_NESTING`, with its depth. Depth is estimated from
 * the line's start: each `>` is one level, and each list marker is one level, counted from how
 * far it is indented (two columns per level, tabs as four), so the check is a single pass over
 * the lines and never parses anything.
 */
export function bodyTooDeep(body: string): { line: number; depth: number } | undefined {
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length < MAX_NESTING) continue;
    let quotes = 0;
    let column = 0;
    let j = 0;
    for (; j < line.length; j++) {
      const c = line[j];
      if (c === '>') quotes++;
      else if (c === ' ') column++;
      else if (c === '\t') column += 4;
      else break;
    }
    const marker = /^(?:[-+*]|\d{1,9}[.)])(?:\s|$)/.test(line.slice(j)) ? 1 : 0;
    const depth = quotes + Math.floor(column / 2) + marker;
    if (depth > MAX_NESTING) return { line: i + 1, depth };
  }
  return undefined;
}
