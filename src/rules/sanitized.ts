/**
 * HTML-SANITIZED: raw HTML in a Markdown body that the sanitizer will change (elements,
 * attributes or link protocols dropped). Evaluated against the very schema the render uses
 * (`contentSanitizeSchema`), so the report and the published page agree. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { URL_ATTRIBUTES, type ScannedTag } from '../markdown/scan.ts';
import { contentSanitizeSchema } from '../markdown/sanitize-schema.ts';

type AttrDef = string | [string, ...unknown[]];

const schema = contentSanitizeSchema;
const allowedTags = new Set(schema.tagNames ?? []);
const stripped = new Set(schema.strip ?? []);
/** HTML attribute name → the hast property name the schema uses, by a normalised key. */
const norm = (s: string) => s.toLowerCase().replace(/-/g, '');
const SPECIAL: Record<string, string> = { class: 'classname', for: 'htmlfor', 'accept-charset': 'acceptcharset' };

function attrDefs(tag: string): Map<string, AttrDef> {
  const out = new Map<string, AttrDef>();
  const all = schema.attributes ?? {};
  for (const d of [...(all['*'] ?? []), ...(all[tag] ?? [])] as AttrDef[]) out.set(norm(typeof d === 'string' ? d : d[0]), d);
  return out;
}
const defsCache = new Map<string, Map<string, AttrDef>>();

function allowedValue(def: AttrDef, value: string): boolean {
  if (typeof def === 'string' || def.length === 1) return true;
  const values = def.slice(1);
  // className lists: every class must be allowed.
  const parts = def[0] === 'className' ? value.split(/\s+/).filter(Boolean) : [value];
  return parts.every((v) => values.some((a) => (a instanceof RegExp ? a.test(v) : String(a) === v)));
}

function protocolAllowed(prop: string, value: string): boolean {
  const list = schema.protocols?.[prop];
  if (!list) return true;
  const v = value.trim();
  const colon = v.indexOf(':');
  if (colon === -1) return true;
  const cut = v.search(/[/?#]/);
  if (cut !== -1 && cut < colon) return true; // a relative URL with a colon later on
  return list.includes(v.slice(0, colon).toLowerCase());
}

/** What the sanitizer changes in one opening tag, in Chinese; empty when nothing. */
export function sanitizerChanges(tag: ScannedTag, parents: readonly string[] = []): string[] {
  if (stripped.has(tag.tag)) return [`删除 <${tag.tag}> 元素及其中的全部内容`];
  if (!allowedTags.has(tag.tag)) return [`去掉 <${tag.tag}> 标签（其中的文字保留）`];
  const ancestors = schema.ancestors?.[tag.tag];
  if (ancestors && !parents.some((p) => ancestors.includes(p))) return [`去掉 <${tag.tag}>（只允许出现在 ${ancestors.join('、')} 中）`];
  let defs = defsCache.get(tag.tag);
  if (!defs) defsCache.set(tag.tag, (defs = attrDefs(tag.tag)));
  const out: string[] = [];
  for (const [name, value] of Object.entries(tag.attrs)) {
    const def = defs.get(SPECIAL[name] ?? norm(name));
    if (!def || !allowedValue(def, value)) {
      out.push(`去掉 <${tag.tag}> 的 ${name} 属性`);
      continue;
    }
    const prop = typeof def === 'string' ? def : def[0];
    // A link's own URL with a bad scheme is LINK-BAD-SCHEME (the link rule): one message for one mistake.
    if (URL_ATTRIBUTES[tag.tag] === name) continue;
    if (!protocolAllowed(prop, value)) out.push(`去掉 <${tag.tag}> 的 ${name}="${value}"（不允许的链接协议）`);
  }
  return out;
}

/** HTML-SANITIZED diagnostics for the raw HTML tags of one Markdown file. */
export function checkSanitized(source: string, siteId: string, tags: readonly ScannedTag[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const open: string[] = [];
  for (const t of tags) {
    const changes = sanitizerChanges(t, open);
    if (changes.length) out.push(diagnostic('HtmlSanitized', { what: changes.join('；') }, { file: source, line: t.line, column: t.column, siteId }));
    open.push(t.tag);
  }
  return out;
}
