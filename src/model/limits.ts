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
