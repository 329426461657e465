/**
 * Word's automatic numbering, written into the text. A 公文's headings 一、（一）1.（1） are often
 * Word numbering (`numbering.xml`: `w:numFmt="chineseCounting"`, `w:lvlText="（%1）"`), which the
 * converter does not render: the heading would lose its number and its level. Here each numbered
 * paragraph gets its label as literal text, counted as Word counts (per list, a level restarting
 * when a higher one advances), and its numbering removed, so typed and automatic numbers look the
 * same to the 公文 reader (gongwen.ts). Bullets stay lists.
 */
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { Element, Text, type Document } from 'domhandler';
import { findAll, findOne, getAttributeValue } from 'domutils';

interface Level {
  numFmt: string;
  lvlText: string;
  start: number;
}

export function literalNumbering(documentXml: string, numberingXml: string | undefined, stylesXml: string | undefined): string {
  if (!numberingXml || !documentXml.includes('w:numPr') && !stylesXml?.includes('w:numPr')) return documentXml;
  const numbering = parseXml(numberingXml);
  const abstract = new Map<string, Map<number, Level>>();
  for (const a of findAll((e) => e.name === 'w:abstractNum', numbering.children)) {
    const levels = new Map<number, Level>();
    for (const l of findAll((e) => e.name === 'w:lvl', a.children)) {
      levels.set(Number(getAttributeValue(l, 'w:ilvl') ?? 0), {
        numFmt: valOf(l, 'w:numFmt') ?? 'decimal',
        lvlText: valOf(l, 'w:lvlText') ?? '',
        start: Number(valOf(l, 'w:start') ?? 1),
      });
    }
    abstract.set(getAttributeValue(a, 'w:abstractNumId') ?? '', levels);
  }
  const nums = new Map<string, Map<number, Level>>();
  for (const n of findAll((e) => e.name === 'w:num', numbering.children)) {
    const levels = abstract.get(valOf(n, 'w:abstractNumId') ?? '');
    if (levels) nums.set(getAttributeValue(n, 'w:numId') ?? '', levels);
  }
  // Paragraph styles that carry numbering (a heading style linked to a list).
  const styleNumbering = new Map<string, { numId: string; ilvl: number }>();
  if (stylesXml) {
    for (const s of findAll((e) => e.name === 'w:style', parseXml(stylesXml).children)) {
      const numPr = findOne((e) => e.name === 'w:numPr', s.children);
      const numId = numPr && valOf(numPr, 'w:numId');
      if (numId) styleNumbering.set(getAttributeValue(s, 'w:styleId') ?? '', { numId, ilvl: Number(valOf(numPr, 'w:ilvl') ?? 0) });
    }
  }

  const doc = parseXml(documentXml);
  const counters = new Map<string, (number | undefined)[]>();
  let changed = false;
  for (const p of findAll((e) => e.name === 'w:p', doc.children)) {
    const pPr = p.children.find((c): c is Element => c instanceof Element && c.name === 'w:pPr');
    const numPr = pPr?.children.find((c): c is Element => c instanceof Element && c.name === 'w:numPr');
    let numId = numPr ? valOf(numPr, 'w:numId') : undefined;
    let ilvl = numPr ? Number(valOf(numPr, 'w:ilvl') ?? 0) : 0;
    if (!numPr) {
      const style = pPr && valOf(pPr, 'w:pStyle');
      const fromStyle = style ? styleNumbering.get(style) : undefined;
      if (fromStyle) ({ numId, ilvl } = fromStyle);
    }
    const levels = numId && numId !== '0' ? nums.get(numId) : undefined;
    const level = levels?.get(ilvl);
    if (!levels || !level || level.numFmt === 'bullet') continue;
    const count = counters.get(numId!) ?? [];
    counters.set(numId!, count);
    count[ilvl] = (count[ilvl] ?? level.start - 1) + 1;
    count.length = ilvl + 1;
    const label = level.numFmt === 'none' ? '' : level.lvlText.replace(/%([1-9])/g, (_, k: string) => {
      const i = Number(k) - 1;
      const l = levels.get(i);
      return formatNumber(count[i] ?? l?.start ?? 1, l?.numFmt ?? 'decimal');
    });
    // The numbering goes; its label becomes the paragraph's first text.
    const props = pPr ?? new Element('w:pPr', {});
    if (!pPr) insertChild(p, props, 0);
    props.children = props.children.filter((c) => !(c instanceof Element && c.name === 'w:numPr'));
    const off = new Element('w:numPr', {}, [new Element('w:ilvl', { 'w:val': '0' }), new Element('w:numId', { 'w:val': '0' })]);
    insertChild(props, off, props.children.length);
    if (label) insertChild(p, new Element('w:r', {}, [new Element('w:t', { 'xml:space': 'preserve' }, [new Text(label)])]), p.children.indexOf(props) + 1);
    changed = true;
  }
  return changed ? render(doc, { xmlMode: true, encodeEntities: 'utf8' }) : documentXml;
}

function parseXml(xml: string): Document {
  return parseDocument(xml, { xmlMode: true });
}

function valOf(parent: Element, name: string): string | undefined {
  const e = parent.children.find((c): c is Element => c instanceof Element && c.name === name);
  return e ? getAttributeValue(e, 'w:val') : undefined;
}

function insertChild(parent: Element, child: Element, at: number): void {
  child.parent = parent;
  parent.children.splice(at, 0, child);
  parent.children.forEach((c, i) => {
    c.prev = parent.children[i - 1] ?? null;
    c.next = parent.children[i + 1] ?? null;
  });
}

const CN_DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (as Word's chineseCounting writes them). */
export function chineseCounting(n: number): string {
  if (n <= 0 || n >= 10000) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : CN_DIGITS[d]) + unit;
  });
  return out;
}

/** A number in one of Word's number formats (w:numFmt); unknown formats fall back to decimal. */
export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'ideographLegalTraditional':
      return chineseCounting(n);
    case 'ideographDigital':
      return String(n).split('').map((d) => CN_DIGITS[Number(d)]).join('');
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[n - 1] ?? String(n);
    case 'ideographZodiac':
      return '子丑寅卯辰巳午未申酉戌亥'[n - 1] ?? String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'lowerLetter':
    case 'upperLetter': {
      const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return fmt === 'upperLetter' ? letter.toUpperCase() : letter;
    }
    case 'lowerRoman':
    case 'upperRoman': {
      const roman = toRoman(n);
      return fmt === 'lowerRoman' ? roman.toLowerCase() : roman;
    }
    default:
      return String(n);
  }
}

function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) [out, n] = [out + s, n - v];
  return out;
}
