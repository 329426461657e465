/**
 * A Word document, converted to HTML by mammoth, read as a 公文 (GB/T 9704—2012《党政机关公文格式》)
 * and written as an article: front matter and Markdown.
 *
 * - 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人) is not part of the web page: dropped
 *   from the body; the 文号 becomes `docNumber`.
 * - 标题 (one to three lines in the document) becomes `title`, joined without spaces.
 * - Headings typed as 一、 （一） 1. （1） (or Word-numbered: src/model/docx-numbering.ts wrote the numbers)
 *   become Markdown headings ## to #####, when they stand alone (a run-in heading that starts a
 *   paragraph of text stays a paragraph, its number kept).
 * - 发文机关署名 and 成文日期 become `issuer` and `writtenDate` (and `date`, until an editor sets
 *   the publishing date), and stay in the body as lines of their own; 附注 "（此件公开发布）"
 *   suggests `disclosure: 主动公开`.
 * - Full-width indentation is removed; tables with merged cells stay HTML tables (the build
 *   sanitises them as any body's HTML), others become Markdown tables; images are files.
 * - The result is a draft (`draft: true`) with an empty 三审 record: nothing imported is
 *   published before editors review it.
 */
import { parseDocument } from 'htmlparser2';
import { Element, Text, type ChildNode } from 'domhandler';
import { stringify } from 'yaml';

export interface Imported {
  /** The article file: front matter and body. */
  markdown: string;
  title: string;
  docNumber?: string;
  issuer?: string;
  writtenDate?: string;
  /** What the reader noticed and the editor should know (Chinese). */
  notes: string[];
}

type Block = { kind: 'p'; text: string; md: string } | { kind: 'raw'; md: string };

/** 文号: 示政发〔2024〕12号, with the brackets and spacing people type. */
const DOC_NUMBER = /[\p{Script=Han}A-Za-z]{1,12}\s*[〔[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号/u;
/** Kinds of 公文 (and of documents published like them) a title ends with. */
const TITLE_END = /(通知|意见|办法|规定|决定|决议|公告|通告|通报|报告|请示|批复|函|纪要|方案|规划|细则|指引|命令|议案|条例|要点|公示|公报|规则|守则|章程|计划|指南|清单|目录|答复)$/;
const CN_NUMERAL = '〇零一二三四五六七八九十';
/** 成文日期 on its own line: 2024年3月5日, or in Chinese numerals 二〇二四年三月五日. */
const DATE_LINE = new RegExp(`^(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*(\\d{1,2}|[${CN_NUMERAL}]{1,3})\\s*月\\s*(\\d{1,2}|[${CN_NUMERAL}]{1,3})\\s*日$`);
/** 附注: （此件公开发布）, （此件主动公开）, （此件不公开）. */
const NOTE = /^[（(]\s*(此件[^）)]*|[^）)]*公开[^）)]*)[）)]$/;
const HEADINGS: [RegExp, string][] = [
  [/^[一二三四五六七八九十]{1,3}、/, '##'],
  [/^[（(][一二三四五六七八九十]{1,3}[）)]/, '###'],
  [/^\d{1,2}[.．、]/, '####'],
  [/^[（(]\d{1,2}[）)]/, '#####'],
];

export function readGongwen(html: string, today: string): Imported {
  const notes: string[] = [];
  const blocks = toBlocks(html);
  let start = 0;
  let docNumber: string | undefined;
  // 版头: everything up to the 文号 line, when it is near the top.
  const numberAt = blocks.slice(0, 8).findIndex((b) => b.kind === 'p' && DOC_NUMBER.test(b.text) && b.text.length <= 40);
  if (numberAt >= 0) {
    const b = blocks[numberAt] as Extract<Block, { kind: 'p' }>;
    docNumber = normaliseDocNumber(DOC_NUMBER.exec(b.text)![0]);
    start = numberAt + 1;
    notes.push(`版头（${blocks.slice(0, numberAt + 1).map((x) => (x.kind === 'p' ? x.text : '表格')).join(' / ')}）不进入正文；文号写入 docNumber。`);
  } else {
    // No 文号: only a 发文机关标志 line (…文件) at the very top is 版头.
    while (start < Math.min(3, blocks.length) && blocks[start].kind === 'p' && /文件$/.test((blocks[start] as { text: string }).text)) start++;
  }
  while (start < blocks.length && blocks[start].kind === 'p' && !(blocks[start] as { text: string }).text) start++;

  // 标题: one to three lines, ending where a title ends.
  const titleLines: string[] = [];
  let i = start;
  for (; i < blocks.length && titleLines.length < 3; i++) {
    const b = blocks[i];
    if (b.kind !== 'p' || !b.text || /[。：:；;]$/.test(b.text) || (titleLines.length && b.text.length > 40)) break;
    titleLines.push(b.text);
    if (TITLE_END.test(b.text)) {
      i++;
      break;
    }
  }
  if (!titleLines.length || !TITLE_END.test(titleLines.at(-1)!)) {
    // Not a 公文 title: the first line is the title.
    titleLines.splice(1);
    i = start + (titleLines.length ? 1 : 0);
  }
  const title = titleLines.join('') || '（无标题）';
  if (!titleLines.length) notes.push('没有找到标题，请在 title 中填写。');
  const body = blocks.slice(i);

  // 版记 and 附注 end the 主体: the 成文日期 is the last date line before them.
  const endAt = (re: RegExp) => body.findIndex((b) => b.kind === 'p' && re.test(b.text));
  const tailStarts = [endAt(NOTE), endAt(/^抄送[：:]/), endAt(/印发$/)].filter((n) => n >= 0);
  const end = tailStarts.length ? Math.min(...tailStarts) : body.length;
  let writtenDate: string | undefined;
  let issuer: string | undefined;
  for (let j = end - 1; j >= 0 && j >= end - 4; j--) {
    const b = body[j];
    if (b.kind !== 'p') break;
    const m = DATE_LINE.exec(b.text);
    if (!m) continue;
    writtenDate = isoDay(m[1], m[2], m[3]);
    const signers: string[] = [];
    for (let k = j - 1; k >= 0 && signers.length < 3; k--) {
      const s = body[k];
      if (s.kind !== 'p' || !s.text || s.text.length > 30 || /[。，,：:；;]/.test(s.text)) break;
      signers.unshift(s.text);
    }
    if (signers.length) issuer = signers.join('、');
    break;
  }
  const note = body.find((b): b is Extract<Block, { kind: 'p' }> => b.kind === 'p' && NOTE.test(b.text));
  const publicNote = note && /公开发布|主动公开/.test(note.text) && !/不/.test(note.text);

  const front: Record<string, unknown> = { title, date: writtenDate ?? today };
  if (docNumber) front.docNumber = docNumber;
  if (issuer) front.issuer = issuer;
  if (writtenDate) front.writtenDate = writtenDate;
  const yaml = [stringify(front, { lineWidth: 0 }).trimEnd()];
  if (publicNote) yaml.push(`# 附注“${note!.text}”：文件本身写明公开发布。请核对后保留。`, 'disclosure: 主动公开');
  else if (note) yaml.push(`# 附注“${note.text}”：请确定公开属性（主动公开 / 依申请公开 / 不予公开）。`);
  yaml.push('# 导入的稿件：完成三审、写好公开属性后，删去 draft 一行才会发布。', 'draft: true', 'review:', '  first: ""', '  second: ""', '  final: ""');
  if (!writtenDate) notes.push('没有找到成文日期：date 暂用今天，请改为发布日期。');

  const markdown = `---\n${yaml.join('\n')}\n---\n\n${body.map(toMarkdown).filter(Boolean).join('\n\n')}\n`;
  return { markdown, title, docNumber, issuer, writtenDate, notes };
}

function toMarkdown(b: Block): string {
  if (b.kind === 'raw') return b.md;
  if (!b.text) return '';
  // A heading stands alone: short, and no sentence after its number.
  for (const [re, hashes] of HEADINGS) {
    if (re.test(b.text) && b.text.length <= 40 && !/[。；;]/.test(b.text.slice(0, -1))) return `${hashes} ${b.md.replace(/\*\*/g, '')}`;
  }
  return b.md;
}

/** 示政发 [2024] 12 号 → 示政发〔2024〕12号 (the brackets GB/T 9704 uses, no spaces). */
export function normaliseDocNumber(s: string): string {
  return s.replace(/\s+/g, '').replace(/[[［(（【]((?:19|20)\d{2})[\]］)）】]/, '〔$1〕').replace(/第(\d)/, '$1');
}

function isoDay(y: string, m: string, d: string): string {
  const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : cnNumber(s));
  const year = /^\d{4}$/.test(y) ? y : y.split('').map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join('');
  return `${year}-${String(n(m)).padStart(2, '0')}-${String(n(d)).padStart(2, '0')}`;
}

/** 三 → 3, 十二 → 12, 二十 → 20, 三十一 → 31. */
function cnNumber(s: string): number {
  const digit = (c: string) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c);
  if (!s.includes('十')) return digit(s);
  const [tens, ones] = s.split('十');
  return (tens ? digit(tens) : 1) * 10 + (ones ? digit(ones) : 0);
}

// ── HTML (mammoth's) to blocks ───────────────────────────────────────────────────────────────

function toBlocks(html: string): Block[] {
  const doc = parseDocument(html);
  const out: Block[] = [];
  for (const node of doc.children) {
    if (!(node instanceof Element)) {
      const t = clean(textOf(node));
      if (t) out.push({ kind: 'p', text: t, md: escapeStart(escapeInline(t)) });
      continue;
    }
    if (node.name === 'table') out.push({ kind: 'raw', md: table(node) });
    else if (node.name === 'ul' || node.name === 'ol') out.push({ kind: 'raw', md: list(node) });
    else if (/^h[1-6]$/.test(node.name)) {
      const t = clean(textOf(node));
      // A Word heading style: its level kept below the title's.
      if (t) out.push({ kind: 'p', text: t, md: `${'#'.repeat(Math.min(6, Number(node.name[1]) + 1))} ${escapeInline(t)}` });
    } else {
      const text = clean(textOf(node));
      const md = clean(inline(node.children));
      // A paragraph of only an image keeps the image.
      if (text || md) out.push({ kind: 'p', text, md: escapeStart(md) });
    }
  }
  return out;
}

/** Full-width and ordinary spaces at either end (the document's indentation) go; line breaks stay. */
function clean(s: string): string {
  return s
    .split('\n')
    .map((line) => line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function textOf(node: ChildNode): string {
  if (node instanceof Text) return node.data;
  if (node instanceof Element) {
    if (node.name === 'br') return '\n';
    return node.children.map(textOf).join('');
  }
  return '';
}

const SAFE_HREF = /^(https?:|mailto:)/i;

function inline(nodes: readonly ChildNode[]): string {
  return nodes
    .map((node) => {
      if (node instanceof Text) return escapeInline(node.data);
      if (!(node instanceof Element)) return '';
      const inner = () => inline(node.children);
      switch (node.name) {
        case 'br':
          return '\n';
        case 'strong':
        case 'b': {
          const t = inner().trim();
          return t ? `**${t}**` : '';
        }
        case 'em':
        case 'i': {
          const t = inner().trim();
          return t ? `*${t}*` : '';
        }
        case 'a': {
          const href = node.attribs.href ?? '';
          const t = inner();
          // Word's internal anchors (bookmarks, footnote backlinks) are not links on the web page.
          return SAFE_HREF.test(href) ? `[${t}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)` : t;
        }
        case 'img': {
          const src = node.attribs.src ?? '';
          return src.startsWith('./') ? `![${escapeInline(node.attribs.alt ?? '')}](${src})` : '';
        }
        default:
          return inner();
      }
    })
    .join('');
}

/** Characters Markdown would read as syntax inside a line. */
function escapeInline(s: string): string {
  return s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** What would start a list, a heading or a quote at the start of a line. */
function escapeStart(s: string): string {
  return s
    .split('\n')
    .map((line) => line.replace(/^([#>+-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2'))
    .join('\n');
}

function list(node: Element): string {
  const ordered = node.name === 'ol';
  return node.children
    .filter((c): c is Element => c instanceof Element && c.name === 'li')
    .map((li, i) => `${ordered ? `${i + 1}.` : '-'} ${clean(inline(li.children)).replace(/\n/g, ' ')}`)
    .join('\n');
}

/** A table: Markdown when every cell is one cell, sanitisable HTML when cells are merged. */
function table(node: Element): string {
  const rows: Element[] = [];
  const walk = (e: Element) => {
    for (const c of e.children) if (c instanceof Element) (c.name === 'tr' ? rows.push(c) : ['thead', 'tbody', 'tfoot'].includes(c.name) ? walk(c) : undefined);
  };
  walk(node);
  const cells = rows.map((r) => r.children.filter((c): c is Element => c instanceof Element && (c.name === 'td' || c.name === 'th')));
  const merged = cells.some((r) => r.some((c) => Number(c.attribs.colspan ?? 1) > 1 || Number(c.attribs.rowspan ?? 1) > 1));
  const cellText = (c: Element) =>
    c.children
      .map((p) => clean(textOf(p)))
      .filter(Boolean)
      .join('\n');
  if (merged) {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const span = (c: Element) => ['colspan', 'rowspan'].filter((a) => Number(c.attribs[a] ?? 1) > 1).map((a) => ` ${a}="${Number(c.attribs[a])}"`).join('');
    const body = cells.map((r, i) => `<tr>${r.map((c) => `<${i === 0 ? 'th' : 'td'}${span(c)}>${esc(cellText(c)).replace(/\n/g, '<br>')}</${i === 0 ? 'th' : 'td'}>`).join('')}</tr>`);
    return `<table>\n${body.join('\n')}\n</table>`;
  }
  if (!cells.length) return '';
  const width = Math.max(...cells.map((r) => r.length));
  const row = (r: Element[]) => `| ${Array.from({ length: width }, (_, i) => (r[i] ? escapeInline(cellText(r[i])).replace(/\n/g, '<br>') : '')).join(' | ')} |`;
  return [row(cells[0]), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...cells.slice(1).map(row)].join('\n');
}
