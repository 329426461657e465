/**
 * The mistakes Chinese editors make most often in YAML, caught before the YAML parser sees the
 * text, so each one gets one message that names it and shows the corrected line, instead of
 * the parser's generic (and sometimes repeated) syntax errors:
 *
 * - a full-width colon after a key (`title：关于…`);
 * - no space after the colon (`title:关于…`);
 * - an unquoted value containing ": " (`title: 通知: 关于…`), which YAML reads as a nested map;
 * - tabs or full-width spaces in the indentation (reported once per file);
 * - a full-width dash as a list marker (`－ title: …`);
 * - curly quotes around a value (`title: “关于…”`), which YAML keeps as part of the text.
 *
 * Each finding also corrects the text, so parsing continues and every other mistake of the file
 * is still reported in the same run; the parser's own errors on corrected lines are dropped.
 * Only keys of the content contract (`FIELD_LABELS`) are touched, never free text.
 */
import { FIELD_LABELS } from './labels.ts';

export type LintKind = 'fullwidth-colon' | 'colon-space' | 'value-colon' | 'indent-char' | 'fullwidth-dash' | 'curly-quotes';

export interface LintFinding {
  kind: LintKind;
  /** 1-based line in the linted text. */
  line: number;
  column: number;
  /** The key concerned, where there is one. */
  key?: string;
  /** The line as written and as corrected (trimmed of its indentation for display). */
  written: string;
  corrected: string;
  /** For `indent-char`: how many lines use tabs or full-width spaces, and which the first one uses. */
  count?: number;
  char?: 'Tab' | '全角空格';
}

export interface LintResult {
  /** The text with every finding corrected. */
  text: string;
  findings: LintFinding[];
  /** 1-based lines that were changed (the parser's errors there are already explained). */
  changed: Set<number>;
}

const KNOWN_KEYS = new Set(Object.keys(FIELD_LABELS));
const KEY_LINE = /^([ ]*(?:-[ ]+)?)([A-Za-z][A-Za-z0-9_-]*)/;
const CURLY: Record<string, string> = { '“': '”', '‘': '’', '「': '」', '『': '』' };

/** A YAML double-quoted string for a value. */
function dq(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function lintYaml(text: string): LintResult {
  const lines = text.split('\n');
  const findings: LintFinding[] = [];
  const changed = new Set<number>();
  let indentFinding: LintFinding | undefined;
  /** Indentation of the key that opened a block scalar (`|`, `>`); lines deeper than it are text. */
  let blockIndent = -1;

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    let line = lines[i];
    const cr = line.endsWith('\r') ? '\r' : '';
    if (cr) line = line.slice(0, -1);
    const original = line;

    // Indentation made of tabs or full-width spaces: two spaces each, reported once per file.
    const lead = /^[ \t\u3000]*/.exec(line)![0];
    if (/[\t\u3000]/.test(lead)) {
      line = lead.replace(/[\t\u3000]/g, '  ') + line.slice(lead.length);
      if (indentFinding) indentFinding.count!++;
      else {
        const column = lead.search(/[\t\u3000]/);
        indentFinding = { kind: 'indent-char', line: n, column: column + 1, written: original, corrected: line.trimEnd(), count: 1, char: lead[column] === '\t' ? 'Tab' : '全角空格' };
        findings.push(indentFinding);
      }
    }

    const indent = /^ */.exec(line)![0].length;
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      if (line !== original) changed.add(n);
      lines[i] = line + cr;
      continue;
    }
    if (blockIndent >= 0) {
      if (indent > blockIndent) {
        if (line !== original) changed.add(n);
        lines[i] = line + cr;
        continue;
      }
      blockIndent = -1;
    }

    // A full-width dash (or a bullet) used as the list marker.
    const dash = /^( *)[－—–‐·•]+[ \u3000]*(?=\S)/.exec(line);
    if (dash && KEY_LINE.test(`- ${line.slice(dash[0].length)}`)) {
      const fixed = `${dash[1]}- ${line.slice(dash[0].length)}`;
      findings.push({ kind: 'fullwidth-dash', line: n, column: dash[1].length + 1, written: line.trim(), corrected: fixed.trim() });
      line = fixed;
    }

    const key = KEY_LINE.exec(line);
    if (key && KNOWN_KEYS.has(key[2])) {
      const [, prefix, name] = key;
      const rest = line.slice(key[0].length);
      const column = prefix.length + 1;
      const fw = /^[ ]*：[ \u3000]*/.exec(rest);
      if (fw) {
        const fixed = `${prefix}${name}: ${rest.slice(fw[0].length)}`.trimEnd();
        findings.push({ kind: 'fullwidth-colon', key: name, line: n, column: column + name.length + fw[0].indexOf('：'), written: line.trim(), corrected: fixed.trim() });
        line = fixed;
      } else if (/^:[^\s/]/.test(rest)) {
        const fixed = `${prefix}${name}: ${rest.slice(1)}`;
        findings.push({ kind: 'colon-space', key: name, line: n, column: column + name.length, written: line.trim(), corrected: fixed.trim() });
        line = fixed;
      }
      const value = /^([A-Za-z][A-Za-z0-9_-]*):[ ]+(.*)$/.exec(line.slice(prefix.length));
      if (value) {
        const v = value[2].trimEnd();
        const open = v[0];
        if (open in CURLY && v.length > 1 && v.endsWith(CURLY[open]) && !v.slice(1, -1).includes(CURLY[open])) {
          const fixed = `${prefix}${name}: ${dq(v.slice(1, -1))}`;
          findings.push({ kind: 'curly-quotes', key: name, line: n, column: line.indexOf(v) + 1, written: line.trim(), corrected: fixed.trim() });
          line = fixed;
        } else if (!/^["'|>&*!{[%@`]/.test(v) && /:\s/.test(v.replace(/\s+#.*$/, ''))) {
          const fixed = `${prefix}${name}: ${dq(v)}`;
          findings.push({ kind: 'value-colon', key: name, line: n, column: line.indexOf(v) + 1, written: line.trim(), corrected: fixed.trim() });
          line = fixed;
        } else if (/^[|>][-+0-9]*\s*(#.*)?$/.test(v)) {
          blockIndent = prefix.length;
        }
      }
    }
    if (line !== original) changed.add(n);
    lines[i] = line + cr;
  }
  return { text: lines.join('\n'), findings, changed };
}
