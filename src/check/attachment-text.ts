/**
 * The text of Word and Excel attachments, for the same personal-information rules as bodies
 * (published 公示 attachments — 名单, 岗位表 — are where ID numbers and phone lists leak): each
 * Word paragraph and each spreadsheet cell is one text with its place (`第 3 段`,
 * `工作表“岗位表”C3 单元格`). The file is opened under the limits the import uses
 * (src/model/docx.ts): a hostile attachment is reported unreadable, never trusted.
 */
import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import mammoth from 'mammoth';
import { ImportError, openDocx, openZipParts } from '../model/docx.ts';
import type { TextLine } from '../rules/text.ts';

/** Attachments whose text is read through a document format. */
export const DOCUMENT_ATTACHMENT = /\.(docx|xlsx)$/i;

/** The texts of a .docx or .xlsx attachment; throws ImportError when the file cannot be read safely. */
export async function documentText(name: string, bytes: Buffer): Promise<TextLine[]> {
  if (/\.docx$/i.test(name)) {
    const { value } = await mammoth.extractRawText({ buffer: await openDocx(bytes, name) });
    return value
      .split(/\n+/)
      .map((text, i) => ({ line: i + 1, text: text.trim(), where: `第 ${i + 1} 段` }))
      .filter((l) => l.text);
  }
  return spreadsheetText(await openZipParts(bytes, name, 'xl/workbook.xml'));
}

function xml(text: string | undefined) {
  return parseDocument(text ?? '', { xmlMode: true });
}

/** Every cell with a value, sheet by sheet in workbook order. */
function spreadsheetText(parts: ReadonlyMap<string, Buffer>): TextLine[] {
  const strings = findAll((e) => e.name === 'si', xml(parts.get('xl/sharedStrings.xml')?.toString('utf8')).children).map((si) =>
    findAll((e) => e.name === 't', si.children)
      .map((t) => textContent(t))
      .join(''),
  );
  const rels = new Map(
    findAll((e) => e.name === 'Relationship', xml(parts.get('xl/_rels/workbook.xml.rels')?.toString('utf8')).children).map((r) => [getAttributeValue(r, 'Id') ?? '', getAttributeValue(r, 'Target') ?? '']),
  );
  const out: TextLine[] = [];
  for (const sheet of findAll((e) => e.name === 'sheet', xml(parts.get('xl/workbook.xml')?.toString('utf8')).children)) {
    const target = rels.get(getAttributeValue(sheet, 'r:id') ?? '') ?? '';
    const file = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const name = getAttributeValue(sheet, 'name') ?? file;
    for (const c of findAll((e) => e.name === 'c', xml(parts.get(file)?.toString('utf8')).children)) {
      const ref = getAttributeValue(c, 'r') ?? '';
      const text = cellText(c, strings);
      if (text) out.push({ line: Number(/\d+$/.exec(ref)?.[0] ?? 0), text, where: `工作表“${name}”${ref} 单元格` });
    }
  }
  return out;
}

function cellText(c: Element, strings: readonly string[]): string {
  const type = getAttributeValue(c, 't');
  const v = c.children.find((x): x is Element => (x as Element).name === 'v');
  if (type === 'inlineStr') return findAll((e) => e.name === 't', c.children).map((t) => textContent(t)).join('');
  if (!v) return '';
  const raw = textContent(v);
  // A number keeps its digits (a mobile number typed into a number cell is still one).
  return type === 's' ? (strings[Number(raw)] ?? '') : raw;
}

export { ImportError as UnreadableDocument };
