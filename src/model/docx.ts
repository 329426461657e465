/**
 * Opening a Word file for import, safely: a .docx is a zip of XML parts written by whoever sent
 * it, so before the converter (mammoth) sees it, every part is inflated here under limits
 * (no zip bomb, no oversized image), XML with a DOCTYPE (external entities) and macro-enabled
 * documents are refused, and an encrypted or old binary file gets its own message. Then Word's
 * automatic numbering is written into the text (docx-numbering.ts), since the converter drops it.
 *
 * Every refusal is an ImportError with a Chinese message; nothing is written before all of it
 * has succeeded (import.ts).
 */
import JSZip from 'jszip';
import { literalNumbering } from './docx-numbering.ts';

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Limits a Word file must stay within (docs/editing.md). */
export const DOCX_LIMITS = {
  /** The .docx file itself. */
  fileBytes: 100 * 1024 * 1024,
  /** Any one part once inflated (an image, document.xml). */
  partBytes: 20 * 1024 * 1024,
  /** All parts together once inflated. */
  totalBytes: 200 * 1024 * 1024,
  /** Parts in the zip. */
  parts: 5000,
} as const;

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** The file's bytes after the checks, with automatic numbering written as text. */
export async function openDocx(bytes: Buffer, name: string): Promise<Buffer> {
  const parts = await openZipParts(bytes, name, 'word/document.xml');
  const document = parts.get('word/document.xml')!.toString('utf8');
  const numbered = literalNumbering(document, parts.get('word/numbering.xml')?.toString('utf8'), parts.get('word/styles.xml')?.toString('utf8'));
  if (numbered === document) return bytes;
  const out = new JSZip();
  for (const [partName, data] of parts) out.file(partName, partName === 'word/document.xml' ? numbered : data);
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * Every part of an Office file (a .docx with `word/document.xml`, a .xlsx with
 * `xl/workbook.xml`), inflated under the limits, after the checks above; throws ImportError.
 */
export async function openZipParts(bytes: Buffer, name: string, main: 'word/document.xml' | 'xl/workbook.xml'): Promise<Map<string, Buffer>> {
  const kind = main.startsWith('word/') ? { what: 'Word 文档（.docx）', app: 'Word', ext: '.docx' } : { what: 'Excel 表格（.xlsx）', app: 'Excel', ext: '.xlsx' };
  if (bytes.length > DOCX_LIMITS.fileBytes) throw new ImportError(`${name} 有 ${MB(bytes.length)}，超过 ${MB(DOCX_LIMITS.fileBytes)} 的限制。请压缩其中的图片后再试。`);
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    // An OLE compound file: an old binary .doc/.xls/.wps, or an Office file with a password (encrypted into OLE).
    const encrypted = bytes.includes(Buffer.from('EncryptionInfo', 'utf16le'));
    throw new ImportError(
      encrypted
        ? `${name} 有密码保护，无法读取。请在 ${kind.app} 中取消密码（文件 → 信息 → 保护文档）并另存为 ${kind.ext} 后再试。`
        : `${name} 是旧版 Office 或 WPS 格式，不是 ${kind.ext}。请用 ${kind.app} 或 WPS“另存为”${kind.ext} 后再试${kind.ext === '.docx' ? '（装有 LibreOffice 时，导入会自动转换 .doc 和 .wps 文件）' : ''}。`,
    );
  }
  if (!bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) throw new ImportError(`${name} 不是 ${kind.what}：文件内容不是 ${kind.ext} 的格式。请确认文件没有损坏，或用 ${kind.app} 重新保存为 ${kind.ext}。`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (error) {
    throw new ImportError(`${name} 已损坏，无法打开（${(error as Error).message}）。请用 ${kind.app} 打开并重新保存为 ${kind.ext} 后再试。`);
  }
  const files = Object.values(zip.files).filter((f) => !f.dir);
  if (files.length > DOCX_LIMITS.parts) throw new ImportError(`${name} 包含 ${files.length} 个部件，超过 ${DOCX_LIMITS.parts} 个的限制，不像是正常的 ${kind.what}。`);
  if (!zip.file(main)) throw new ImportError(`${name} 不是 ${kind.what}（缺少 ${main}）。请用 ${kind.app} 重新保存为 ${kind.ext}。`);
  if (zip.file('word/vbaProject.bin') || zip.file('xl/vbaProject.bin') || /macroEnabled/i.test((await inflate(zip, '[Content_Types].xml', name, { total: 0 })).toString('utf8'))) {
    throw new ImportError(`${name} 含有宏，为安全起见不读取。请在 ${kind.app} 中“另存为”不含宏的 ${kind.ext} 后再试。`);
  }
  const total = { total: 0 };
  const parts = new Map<string, Buffer>();
  for (const f of files) {
    const data = await inflate(zip, f.name, name, total);
    if (f.name.endsWith('.xml') || f.name.endsWith('.rels')) {
      // External entities and entity expansion live in the DTD: an Office part never has one.
      if (/<!DOCTYPE|<!ENTITY/i.test(data.toString('utf8'))) throw new ImportError(`${name} 的 ${f.name} 含有 DOCTYPE/ENTITY 声明（可用来读取本机文件），为安全起见不读取。请用 ${kind.app} 重新保存为 ${kind.ext}。`);
    }
    parts.set(f.name, data);
  }
  return parts;
}

/** One part, inflated by streaming with its size counted, stopped past the limits (a declared size can lie). */
function inflate(zip: JSZip, part: string, name: string, seen: { total: number }): Promise<Buffer> {
  const file = zip.file(part);
  if (!file) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stopped = false;
    const stream = file.nodeStream('nodebuffer');
    stream
      .on('data', (chunk: Buffer) => {
        if (stopped) return;
        size += chunk.length;
        seen.total += chunk.length;
        if (size > DOCX_LIMITS.partBytes || seen.total > DOCX_LIMITS.totalBytes) {
          stopped = true;
          stream.pause();
          stream.removeAllListeners('data');
          const what = /^(word|xl)\/media\//.test(part) ? `图片 ${part.replace(/^(word|xl)\/media\//, '')}` : `部件 ${part}`;
          reject(
            new ImportError(
              size > DOCX_LIMITS.partBytes
                ? `${name} 的${what} 解压后超过 ${MB(DOCX_LIMITS.partBytes)} 的限制。请压缩其中的图片（Word：图片格式 → 压缩图片）后再试。`
                : `${name} 解压后超过 ${MB(DOCX_LIMITS.totalBytes)} 的限制（可能是“压缩炸弹”），为安全起见不读取。`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error: Error) => {
        if (!stopped) reject(new ImportError(`${name} 已损坏，${part} 无法解压（${error.message}）。请用 Office 重新保存后再试。`));
      })
      .on('end', () => {
        if (!stopped) resolve(Buffer.concat(chunks));
      });
  });
}
