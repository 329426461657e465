/**
 * The edge: YAML text in, typed values or diagnostics out. Every configuration file and every
 * front matter block goes through `parseYaml` and `validate`, so every mistake is reported
 * the same way: file, line, column, rule id, what is wrong, how to fix it, in Chinese.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { diagnostic, type CatalogueName } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { didYouMean } from './did-you-mean.ts';
import { labelOf } from './labels.ts';

export interface YamlSource {
  /** File path relative to the content directory (for messages). */
  file: string;
  /** Lines before the YAML text in the file (front matter starts after the first `---`). */
  lineOffset?: number;
  siteId?: string;
}

export interface ParsedYaml {
  data: unknown;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** Parses YAML with the failsafe schema: every scalar stays a string (codes keep leading zeros). */
export function parseYaml(textValue: string, src: YamlSource): { parsed?: ParsedYaml; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textValue, { lineCounter, schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return diagnostic('YamlSyntax', { detail: translateYamlError(e.code, e.message) }, {
          file: src.file,
          line: pos.line + (src.lineOffset ?? 0),
          column: pos.col,
          siteId: src.siteId,
        });
      }),
    };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  return { parsed: { data, doc, lineCounter }, diagnostics: [] };
}

function translateYamlError(code: string, message: string): string {
  const known: Record<string, string> = {
    DUPLICATE_KEY: '同一个字段写了两次',
    BAD_INDENT: '缩进不正确',
    MISSING_CHAR: '缺少字符（如引号或括号未闭合）',
    BLOCK_AS_IMPLICIT_KEY: '缩进或冒号位置不正确',
    TAB_AS_INDENT: '缩进中使用了 Tab，请改用空格',
    MULTILINE_IMPLICIT_KEY: '字段名不能跨行，可能是冒号后缺少空格',
    UNEXPECTED_TOKEN: '出现了意外的字符',
    BAD_SCALAR_START: '值的开头字符不合法，请给值加引号',
  };
  const first = message.split('\n')[0];
  return known[code] ? `${known[code]}（${first}）` : first;
}

/** Finds the line and column of a path in the document; for unknown keys, of the key itself. */
function locate(parsed: ParsedYaml, path: readonly PropertyKey[], src: YamlSource, keyOfLast = false) {
  let node: unknown = parsed.doc.contents;
  let found: Node | undefined = node as Node;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (i === path.length - 1 && keyOfLast) {
        found = pair.key as Node;
        break;
      }
      node = pair.value;
      found = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(seg)];
      if (item === undefined) break;
      node = item;
      found = item as Node;
    } else break;
  }
  const offset = found?.range?.[0] ?? 0;
  const pos = parsed.lineCounter.linePos(offset);
  return { line: pos.line + (src.lineOffset ?? 0), column: pos.col };
}

/** The keys a schema's object accepts at a path, for "did you mean" hints. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let guard = 0; guard < 20; guard++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
      if (!def) return x;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else return x;
    }
    return x;
  };
  s = unwrap(s);
  for (const seg of path) {
    const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === 'object') s = unwrap((def.shape as Record<string, unknown>)[String(seg)]);
    else if (def.type === 'array') s = unwrap(def.element);
    else if (def.type === 'record') s = unwrap(def.valueType);
    else return [];
    if (!s) return [];
  }
  const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** Turns one zod issue into diagnostics (an unknown-keys issue can name several keys). */
function issueToDiagnostics(issue: z.core.$ZodIssue, schema: z.ZodType, parsed: ParsedYaml, src: YamlSource): Diagnostic[] {
  const where = (path: readonly PropertyKey[], keyOfLast = false) => ({ file: src.file, siteId: src.siteId, ...locate(parsed, path, src, keyOfLast) });
  const path = issue.path;
  const key = String(path.findLast((p) => typeof p === 'string') ?? '');
  const dotted = path.map(String).join('.');

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, path);
    return issue.keys.map((k) =>
      diagnostic('UnknownKey', { key: k, suggestion: didYouMean(k, known), known }, where([...path, k], true)),
    );
  }
  const params = (issue as { params?: Record<string, string> }).params;
  if (issue.code === 'custom' && params?.catalogue) {
    const name = params.catalogue as CatalogueName;
    return [diagnostic(name as 'InvalidDate', { key: dotted, value: params.value ?? '' }, where(path))];
  }
  // A key that is absent: zod says invalid_type for most fields, invalid_value for enums.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(parsed.data, path) === undefined) {
    return [diagnostic('MissingField', { key: dotted, label: labelOf(key) }, where(path.slice(0, -1)))];
  }
  const actual = valueAt(parsed.data, path);
  const detail =
    actual === undefined || actual === null
      ? '值为空'
      : typeof actual === 'object'
        ? `当前写的是${Array.isArray(actual) ? '列表' : '一组字段'}`
        : `当前为 "${String(actual)}"`;
  const expected = issue.code === 'invalid_type' ? expectedType(issue.expected) : issue.message;
  return [diagnostic('InvalidValue', { key: dotted || '(整个文件)', label: labelOf(key), detail, expected }, where(path))];
}

function expectedType(expected: string): string {
  const names: Record<string, string> = {
    string: '应为文字。',
    object: '应为一组 "字段: 值"（下一行缩进书写）。',
    array: '应为列表（每项以 "- " 开头）。',
    boolean: '应为 true 或 false。',
    number: '应为数字。',
  };
  return names[expected] ?? `应为 ${expected}。`;
}

/** Validates parsed YAML against a schema, returning the typed value or every problem found. */
export function validate<S extends z.ZodType>(
  schema: S,
  parsed: ParsedYaml,
  src: YamlSource,
): { value?: z.output<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(parsed.data);
  if (result.success) return { value: result.data, diagnostics: [] };
  const issues = result.error.issues;
  // `titel:` is both an unknown key and a missing `title`: report the typo once, with its fix.
  const suggested = new Set(
    issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, didYouMean(k, knownKeysAt(schema, i.path))].join('.')) : [])),
  );
  const absent = (i: z.core.$ZodIssue) => (i.code === 'invalid_type' || i.code === 'invalid_value') && valueAt(parsed.data, i.path) === undefined;
  const relevant = issues.filter((i) => !(absent(i) && suggested.has(i.path.join('.'))));
  return { diagnostics: relevant.flatMap((i) => issueToDiagnostics(i, schema, parsed, src)) };
}

/** Parse and validate in one step. */
export function parseAndValidate<S extends z.ZodType>(
  schema: S,
  textValue: string,
  src: YamlSource,
): { value?: z.output<S>; parsed?: ParsedYaml; diagnostics: Diagnostic[] } {
  const { parsed, diagnostics } = parseYaml(textValue, src);
  if (!parsed) return { diagnostics };
  return { ...validate(schema, parsed, src), parsed };
}

/** Line and column of a key's value in parsed YAML (for checks made after validation). */
export function positionOf(parsed: ParsedYaml, path: readonly PropertyKey[], src: YamlSource) {
  return locate(parsed, path, src);
}
