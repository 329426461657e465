/**
 * Reading a content file and splitting its front matter: the one function every part of the
 * product uses (the loader, `check`, the body renderer). It takes the strictest reading, so no
 * other parser can see a different boundary in a file it accepts:
 *
 * - the file must be UTF-8 (a GBK file is named as such, with its first line decoded);
 * - line 1 is exactly `---` (a BOM before it is allowed);
 * - front matter ends at the first line that is exactly `---`; any other line inside it that
 *   starts with `---` or `+++` is an error (Astro's own parser would end the front matter there);
 * - a bare carriage return, U+2028 and U+2029 are errors anywhere in the file (some parsers
 *   read them as line breaks, ours does not, so lines would be counted differently);
 * - NUL and other C0 control characters (tab, LF, CR excepted) are errors.
 *
 * Pure: text in, parts or a located problem out. Reading bytes is `decodeSource`.
 */

/** A problem with the shape of a source file, located (1-based line and column). */
export interface SourceProblem {
  kind: 'encoding' | 'control-char' | 'line-break' | 'no-frontmatter' | 'unclosed' | 'ambiguous-delimiter' | 'too-large';
  line: number;
  column: number;
  /** What was found, for the message (a character's code point, a line's text). */
  detail: string;
}

export interface SplitSource {
  /** The YAML between the delimiters. */
  yaml: string;
  /** File line of the YAML's first line (always 2). */
  yamlLine: number;
  /** Everything after the closing delimiter's line break. */
  body: string;
  /** File line of the body's first line. */
  bodyLine: number;
}

/** Largest article or single page the loader accepts, in bytes (docs/security.md, limits). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes as UTF-8. A file in another encoding is a problem at its first
 * invalid byte; when it reads as GBK (the usual Windows encoding for Chinese), the detail is
 * its first line in GBK, so the editor recognises the file.
 */
export function decodeSource(bytes: Uint8Array, limit = MAX_SOURCE_BYTES): { text?: string; problem?: SourceProblem } {
  if (bytes.byteLength > limit) {
    return { problem: { kind: 'too-large', line: 1, column: 1, detail: `${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB` } };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    let bad = 0;
    // Find the first byte sequence that is not UTF-8 (for the position).
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      const ok = len > 0 && i + len <= bytes.length && Array.from(bytes.subarray(i + 1, i + len)).every((c) => (c & 0xc0) === 0x80);
      if (!ok) {
        bad = i;
        break;
      }
      i += len;
    }
    const before = bytes.subarray(0, bad);
    const line = before.filter((c) => c === 0x0a).length + 1;
    let gbk = '';
    try {
      const text = new TextDecoder('gbk', { fatal: true }).decode(bytes);
      gbk = text.split(/\r?\n/).find((l) => l.trim() !== '' && l.trim() !== '---')?.trim().slice(0, 40) ?? '';
    } catch {
      gbk = '';
    }
    return { problem: { kind: 'encoding', line, column: 1, detail: gbk } };
  }
}

/**
 * Characters a text may not contain: C0 controls but tab and line feed, DEL, a CR that ends no
 * line, the Unicode line and paragraph separators, and the noncharacters (U+FDD0–U+FDEF and the
 * last two code points of every plane: U+FFFE, U+FFFF, U+1FFFE…), which XML does not allow: one
 * in a title made every feed of its site ill-formed.
 */
const FORBIDDEN = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\u2028\\u2029\\u{FDD0}-\\u{FDEF}${Array.from({ length: 17 }, (_, plane) => `\\u{${(plane * 0x10000 + 0xfffe).toString(16)}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`).join('')}]|\\r(?!\\n)`,
  'u',
);

/** The first character a text may not contain, with its position, if any. */
export function findForbiddenCharacter(text: string): SourceProblem | undefined {
  const m = FORBIDDEN.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  const column = m.index - before.lastIndexOf('\n');
  const code = m[0].codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = m[0] === '\r' || code === 0x2028 || code === 0x2029 ? 'line-break' : 'control-char';
  return { kind, line, column, detail: hex };
}

/**
 * Splits `---\nyaml\n---\nbody`. Returns the parts, or the first problem with the file's shape.
 * A file without front matter at all is `no-frontmatter`.
 */
export function splitSource(text: string): { split?: SplitSource; problem?: SourceProblem } {
  const forbidden = findForbiddenCharacter(text);
  if (forbidden) return { problem: forbidden };
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = src.split('\n');
  const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  if (!/^---[ \t]*$/.test(strip(lines[0] ?? ''))) return { problem: { kind: 'no-frontmatter', line: 1, column: 1, detail: strip(lines[0] ?? '').slice(0, 40) } };
  for (let i = 1; i < lines.length; i++) {
    const line = strip(lines[i]);
    if (/^---[ \t]*$/.test(line)) {
      const yaml = lines.slice(1, i).map((l) => l + '\n').join('');
      const body = lines.slice(i + 1).join('\n');
      return { split: { yaml, yamlLine: 2, body, bodyLine: i + 2 } };
    }
    if (line.startsWith('---') || line.startsWith('+++')) {
      return { problem: { kind: 'ambiguous-delimiter', line: i + 1, column: 1, detail: line.slice(0, 40) } };
    }
  }
  return { problem: { kind: 'unclosed', line: 1, column: 1, detail: '' } };
}
