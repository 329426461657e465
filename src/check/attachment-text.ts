/**
 * The text of Word, Excel and PDF attachments, for the same personal-information rules as bodies
 * (published 公示 attachments — 名单, 岗位表 — are where ID numbers and phone lists leak): each
 * Word paragraph, each spreadsheet cell and each line of a PDF page is one text with its place
 * (`第 3 段`, `工作表“岗位表”C3 单元格`, `第 2 页第 5 行`). Word and Excel files are opened under
 * the limits the import uses (src/model/docx.ts), PDFs by Mozilla's pdf.js (text only) under limits of
 * their own: a hostile attachment is reported unreadable, never trusted. A PDF page
 * without text is a scanned image: its page numbers are returned, for the list of what was not
 * checked.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import mammoth from 'mammoth';
import { ImportError, openDocx, openZipParts } from '../model/docx.ts';
import type { TextLine } from '../rules/text.ts';

/** Attachments whose text is read through a document format. */
export const DOCUMENT_ATTACHMENT = /\.(docx|xlsx|pdf)$/i;

/** Limits a PDF attachment must stay within (a 公示 is a few pages; a yearbook a few hundred). */
export const PDF_LIMITS = {
  fileBytes: 100 * 1024 * 1024,
  pages: 2000,
  /** Characters of text in all. */
  chars: 20_000_000,
} as const;

export interface DocumentText {
  lines: TextLine[];
  /** PDF pages with no text at all (scanned images): nothing on them was checked. */
  textless?: { pages: number[]; of: number };
}

/** The texts of a .docx, .xlsx or .pdf attachment; throws ImportError when the file cannot be read safely. */
export async function documentText(name: string, bytes: Buffer): Promise<DocumentText> {
  if (/\.pdf$/i.test(name)) return pdfText(name, bytes);
  if (/\.docx$/i.test(name)) {
    const { value } = await mammoth.extractRawText({ buffer: await openDocx(bytes, name) });
    return {
      lines: value
        .split(/\n+/)
        .map((text, i) => ({ line: i + 1, text: text.trim(), where: `第 ${i + 1} 段` }))
        .filter((l) => l.text),
    };
  }
  return { lines: spreadsheetText(await openZipParts(bytes, name, 'xl/workbook.xml')) };
}

const PDFJS = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * Each line of each page (pdf.js's text items up to an end of line, joined), with the pages that
 * have none. pdf.js only reads the file here: it runs none of the file's scripts (those are a
 * viewer's business) and loads no font into anything; the character maps let it read Chinese in
 * the standard fonts (STSong).
 */
async function pdfText(name: string, bytes: Buffer): Promise<DocumentText> {
  if (bytes.length > PDF_LIMITS.fileBytes) throw new ImportError(`${name} 有 ${Math.round(bytes.length / 1024 / 1024)} MB，超过 PDF 附件 ${PDF_LIMITS.fileBytes / 1024 / 1024} MB 的上限`);
  if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new ImportError(`${name} 不是 PDF 文件（开头没有 %PDF-）`);
  const { getDocument, PasswordException } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    cMapUrl: `${PDFJS}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS}/standard_fonts/`,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    if (doc.numPages > PDF_LIMITS.pages) throw new ImportError(`${name} 有 ${doc.numPages} 页，超过 PDF 附件 ${PDF_LIMITS.pages} 页的上限`);
    const lines: TextLine[] = [];
    const textless: number[] = [];
    let chars = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const { items } = await page.getTextContent();
      let text = '';
      let n = 0;
      const end = () => {
        const t = text.replace(/\s+/g, ' ').trim();
        if (t) lines.push({ line: p, text: t, where: `第 ${p} 页第 ${++n} 行` });
        text = '';
      };
      for (const item of items) {
        if (!('str' in item)) continue;
        text += item.str;
        chars += item.str.length;
        if (item.hasEOL) end();
      }
      end();
      if (!n) textless.push(p);
      page.cleanup();
      if (chars > PDF_LIMITS.chars) throw new ImportError(`${name} 的文字超过 ${PDF_LIMITS.chars} 个字符的上限`);
    }
    return textless.length ? { lines, textless: { pages: textless, of: doc.numPages } } : { lines };
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (error instanceof PasswordException) throw new ImportError(`${name} 有密码，无法读取`);
    throw new ImportError(`${name} 不是可读的 PDF 文件（${(error as Error).message}）`);
  } finally {
    await task.destroy();
  }
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
