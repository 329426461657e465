/**
 * The edge: YAML text in, typed values or diagnostics out. Every configuration file and every
 * front matter block goes through `parseYaml` and `validate`, so every mistake is reported
 * the same way: file, line, column, rule id, what is wrong, how to fix it, in Chinese.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { didYouMean } from './did-you-mean.ts';
import { labelOf } from './labels.ts';
import { lintYaml, type LintFinding } from './lint.ts';
import { findForbiddenCharacter } from '../model/source.ts';

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
  /** The text parsed (after the common mistakes were corrected): node ranges index into it. */
  text: string;
}

/** Largest YAML text (a configuration file or one front matter block) the parser accepts. */
export const MAX_YAML_CHARS = 256 * 1024;

/**
 * Parses YAML with the failsafe schema: every scalar stays a string (codes keep leading zeros).
 *
 * Before the parser: forbidden characters, then the common editors' mistakes (`lint.ts`), each
 * reported once with its corrected line while parsing goes on with the corrected text. After
 * it: tags, anchors and aliases are refused (content has no use for them, and an alias bomb
 * would exhaust memory), so `toJS` only ever sees plain maps, lists and strings.
 */
export function parseYaml(textValue: string, src: YamlSource): { parsed?: ParsedYaml; diagnostics: Diagnostic[] } {
  const offset = src.lineOffset ?? 0;
  const at = (line: number, column: number) => ({ file: src.file, line: line + offset, column, siteId: src.siteId });
  if (textValue.length > MAX_YAML_CHARS) {
    return { diagnostics: [diagnostic('FileTooLarge', { size: `${Math.round(textValue.length / 1024)} K 字符`, limit: `${MAX_YAML_CHARS / 1024} K 字符（头信息或配置文件）` }, at(1, 1))] };
  }
  const forbidden = findForbiddenCharacter(textValue);
  if (forbidden) {
    const name = forbidden.kind === 'line-break' ? 'FileLineBreak' : 'FileControlChar';
    return { diagnostics: [diagnostic(name, { char: forbidden.detail }, at(forbidden.line, forbidden.column))] };
  }
  const lint = lintYaml(textValue);
  const diagnostics: Diagnostic[] = lint.findings.map((f) => lintDiagnostic(f, at(f.line, f.column)));
  // Problems the corrected text still has: without them the data is what the editor meant.
  const fatal: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(lint.text, { lineCounter, schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    if (lint.changed.has(pos.line)) continue;
    fatal.push(diagnostic('YamlSyntax', { detail: translateYamlError(e.code, e.message) }, at(pos.line, pos.col)));
  }
  let aliasReported = false;
  const position = (node: { range?: [number, number, number] | null }) => lineCounter.linePos(node.range?.[0] ?? 0);
  visit(doc, {
    Node(_key, node) {
      const pos = position(node);
      if (node.tag) fatal.push(diagnostic('YamlTag', { tag: node.tag.replace(/^tag:yaml\.org,2002:/, '!!') }, at(pos.line, pos.col)));
      if (node.anchor && !aliasReported) {
        aliasReported = true;
        fatal.push(diagnostic('YamlAlias', { what: `锚点 &${node.anchor} ` }, at(pos.line, pos.col)));
      }
    },
    Alias(_key, node) {
      const pos = position(node);
      if (!aliasReported) fatal.push(diagnostic('YamlAlias', { what: `别名 *${node.source} ` }, at(pos.line, pos.col)));
      aliasReported = true;
    },
  });
  diagnostics.push(...fatal);
  if (fatal.length) return { diagnostics };
  const data = doc.toJS({ maxAliasCount: 0 }) ?? {};
  return { parsed: { data, doc, lineCounter, text: lint.text }, diagnostics };
}

function lintDiagnostic(f: LintFinding, where: Omit<Diagnostic, 'ruleId' | 'severity' | 'message' | 'hint'>): Diagnostic {
  const p = { key: f.key ?? '', written: f.written, corrected: f.corrected };
  switch (f.kind) {
    case 'fullwidth-colon':
      return diagnostic('YamlFullwidthColon', p, where);
    case 'colon-space':
      return diagnostic('YamlColonSpace', p, where);
    case 'value-colon':
      return diagnostic('YamlValueColon', p, where);
    case 'indent-char':
      return diagnostic('YamlIndentChar', { ...p, line: f.line, count: f.count ?? 1, char: f.char ?? 'Tab' }, where);
    case 'fullwidth-dash':
      return diagnostic('YamlFullwidthDash', p, where);
    case 'curly-quotes':
      return diagnostic('YamlCurlyQuotes', p, where);
  }
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
      diagnostic('UnknownKey', { key: k, suggestion: suggestKey(k, known), known }, where([...path, k], true)),
    );
  }
  const params = (issue as { params?: Record<string, string> }).params;
  if (issue.code === 'custom' && params?.catalogue) {
    const { catalogue: name, ...rest } = params;
    return [diagnostic(name as 'InvalidDate', { key: dotted, value: '', ...rest } as never, where(path))];
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
  return { diagnostics: issuesToDiagnostics(result.error.issues, schema, parsed, src) };
}

function issuesToDiagnostics(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, parsed: ParsedYaml, src: YamlSource): Diagnostic[] {
  // `titel:` is both an unknown key and a missing `title`: report the typo once, with its fix.
  const suggested = new Set(
    issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, suggestKey(k, knownKeysAt(schema, i.path))].join('.')) : [])),
  );
  const absent = (i: z.core.$ZodIssue) => (i.code === 'invalid_type' || i.code === 'invalid_value') && valueAt(parsed.data, i.path) === undefined;
  const relevant = issues.filter((i) => !(absent(i) && suggested.has(i.path.join('.'))));
  return relevant.flatMap((i) => issueToDiagnostics(i, schema, parsed, src));
}

/** A known key for an unknown one: its Chinese label written as the key (`标题` → `title`), or a near spelling. */
function suggestKey(key: string, known: readonly string[]): string | undefined {
  const byLabel = known.find((k) => labelOf(k) === key.trim());
  return byLabel ?? didYouMean(key, known);
}

/** Parse and validate in one step. */
export function parseAndValidate<S extends z.ZodType>(
  schema: S,
  textValue: string,
  src: YamlSource,
): { value?: z.output<S>; parsed?: ParsedYaml; diagnostics: Diagnostic[] } {
  const { parsed, diagnostics } = parseYaml(textValue, src);
  if (!parsed) return { diagnostics };
  const v = validate(schema, parsed, src);
  return { value: v.value, parsed, diagnostics: [...diagnostics, ...v.diagnostics] };
}

/** `placeholder` answers this to drop the item (of a list) or key (of a map) at a path. */
export const DROP = Symbol('drop');

/**
 * What a recovery knows of a value that is missing once the wrong one was removed: a stand-in,
 * `DROP` (drop the list item that holds it), `{ fix, value }` (change another value instead,
 * e.g. `status` when the `closure` it needs is missing), or `undefined` (give up).
 */
export type Placeholder = (path: readonly PropertyKey[]) => unknown;

export interface RecoveredValue<T> {
  /** The validated value; when `ok` is false, with stand-ins where the file is wrong. */
  value?: T;
  /** The parsed file, when it could be parsed at all. */
  parsed?: ParsedYaml;
  /** True when the file validated as written. */
  ok: boolean;
  /** Dotted paths that hold a stand-in or were dropped (checks on them would only repeat the error). */
  recovered: Set<string>;
  diagnostics: Diagnostic[];
}

/**
 * Validates like `parseAndValidate`, and when the file is wrong, still returns a usable value:
 * unknown keys are removed, wrong values removed (so defaults apply) or replaced by stand-ins,
 * bad list items dropped. The caller reports every problem once (the diagnostics) and keeps
 * checking everything else with the recovered value, so one bad field hides nothing and never
 * cascades into a second, misleading error (a site that "does not exist", a portal "missing").
 * `parse`: the YAML parser (the dev server lends one that keeps unchanged files' results).
 */
export function parseValidateRecover<S extends z.ZodType>(schema: S, textValue: string, src: YamlSource, placeholder: Placeholder, parse: typeof parseYaml = parseYaml): RecoveredValue<z.output<S>> {
  const { parsed, diagnostics } = parse(textValue, src);
  const recovered = new Set<string>();
  if (!parsed) return { ok: false, recovered, diagnostics };
  const first = schema.safeParse(parsed.data);
  if (first.success) return { value: first.data, parsed, ok: true, recovered, diagnostics };
  diagnostics.push(...issuesToDiagnostics(first.error.issues, schema, parsed, src));
  let data: unknown = structuredClone(parsed.data);
  let issues = first.error.issues;
  for (let round = 0; round < 100; round++) {
    for (const issue of issues) {
      const at = issue.path;
      if (issue.code === 'unrecognized_keys') {
        const parent = valueAt(data, at) as Record<string, unknown> | undefined;
        if (parent && typeof parent === 'object') for (const k of issue.keys) delete parent[k];
        continue;
      }
      recovered.add(at.join('.'));
      if (valueAt(data, at) !== undefined) {
        // Remove the wrong value first: an optional field then takes its default.
        data = setAt(data, at, DROP);
        continue;
      }
      const stand = placeholder(at);
      if (stand === undefined) return { ok: false, recovered, diagnostics };
      if (stand === DROP) {
        // The item of a list that cannot do without this value goes.
        const item = at.findLastIndex((seg) => typeof seg === 'number');
        if (item < 0) return { ok: false, recovered, diagnostics };
        data = setAt(data, at.slice(0, item + 1), DROP);
        // Later issues' indices into this list are stale now: validate again.
        break;
      } else if (stand && typeof stand === 'object' && 'fix' in stand) {
        const f = stand as { fix: readonly PropertyKey[]; value: unknown };
        recovered.add(f.fix.join('.'));
        data = setAt(data, f.fix, f.value);
      } else data = setAt(data, at, stand);
    }
    const again = schema.safeParse(data);
    if (again.success) return { value: again.data, parsed, ok: false, recovered, diagnostics };
    issues = again.error.issues;
  }
  return { ok: false, recovered, diagnostics };
}

/** Sets (or, with DROP, removes) the value at a path; a dropped list item is spliced out. */
function setAt(data: unknown, at: readonly PropertyKey[], value: unknown): unknown {
  if (!at.length) return value === DROP ? {} : value;
  const parent = valueAt(data, at.slice(0, -1));
  const last = at[at.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') {
    if (value === DROP) parent.splice(last, 1);
    else parent[last] = value;
  } else if (parent && typeof parent === 'object') {
    const obj = parent as Record<PropertyKey, unknown>;
    if (value === DROP) delete obj[last];
    else obj[last] = value;
  } else if (at.length > 1) {
    // The parent itself is missing or not a map: give it one.
    return setAt(setAt(data, at.slice(0, -1), {}), at, value);
  }
  return data;
}

/**
 * The index, in the file as written, of the first item of the list at `listPath` that `match`
 * accepts. Checks made after validation find an item this way, never by its index in the
 * validated value: a recovered file may have dropped items before it.
 */
export function writtenIndex(parsed: ParsedYaml, listPath: readonly PropertyKey[], match: (item: Record<string, unknown>) => boolean): number {
  const list = valueAt(parsed.data, listPath);
  if (!Array.isArray(list)) return -1;
  return list.findIndex((item) => item !== null && typeof item === 'object' && match(item as Record<string, unknown>));
}

/** Line and column of a key's value in parsed YAML (for checks made after validation). */
export function positionOf(parsed: ParsedYaml, path: readonly PropertyKey[], src: YamlSource) {
  return locate(parsed, path, src);
}
