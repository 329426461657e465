/**
 * Detectors for personal information in published text (聊城 art. 18): 18-digit citizen ID
 * numbers, mobile numbers and bank card numbers, each with the masked form editors should
 * publish instead. Candidates are confirmed before they are reported (ID: checksum, date and
 * region through validator's `isIdentityCard`; cards: Luhn and a card-issuer prefix), so an
 * ID-like number with a bad checksum, a masked number (138****1234) or an office landline
 * (0999-62345678) is not reported. Pure functions, no I/O.
 */
import isIdentityCard from 'validator/lib/isIdentityCard.js';

export type PiiKind = 'id' | 'mobile' | 'card';

export interface PiiHit {
  kind: PiiKind;
  /** Index in the scanned string and the text as written. */
  index: number;
  text: string;
  /** The form to publish instead. */
  masked: string;
  /**
   * A mobile number introduced as an office's contact in the same sentence (联系电话、咨询电话、热线、
   * 联系人…): most likely a department's work mobile (a 政务热线), still to be confirmed.
   */
  office?: boolean;
}

/** Words that introduce an office's contact number, looked for in the sentence before the number. */
const OFFICE_CONTACT = /(?:联系|咨询|服务|办公|值班|监督|举报|投诉|受理|报名|报案)电话|热线|联系人|联系方式|手机（工作）|工作手机/;
/** Where a sentence ends (the office words must be in the number's own sentence). */
const SENTENCE_END = /[。！？；\n]/g;

// Not preceded or followed by a digit, a letter or a masking star: 138****12345678 is no hit.
const ID = /(?<![0-9A-Za-z*])\d{17}[0-9Xx](?![0-9A-Za-z*])/g;
const MOBILE = /(?<![0-9A-Za-z*+-])(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})\2(\d{4})(?![0-9A-Za-z*])/g;
const CARD = /(?<![0-9A-Za-z*])(?:\d{4}[- ]?){3}\d{4}(?:[- ]?\d{1,3})?(?![0-9A-Za-z*])/g;

/** Bank card issuer prefixes (UnionPay 62/60, Visa 4, Mastercard 51–55, Amex 34/37, old domestic 95). */
const CARD_PREFIX = /^(?:62|60|4|5[1-5]|3[47]|95)/;

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isCitizenId(candidate: string): boolean {
  return isIdentityCard(candidate.toUpperCase(), 'zh-CN');
}

/** Every confirmed hit in `text`, in order. */
export function findPii(text: string): PiiHit[] {
  // Cheap exit: no run of 11 digits, no hit.
  if (!/\d{3}/.test(text)) return [];
  const hits: PiiHit[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && b > x);
  for (const m of text.matchAll(ID)) {
    if (!isCitizenId(m[0])) continue;
    hits.push({ kind: 'id', index: m.index, text: m[0], masked: `${m[0].slice(0, 2)}${'*'.repeat(13)}${m[0].slice(-3)}` });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[- ]/g, '');
    if (digits.length < 16 || digits.length > 19 || !CARD_PREFIX.test(digits) || !luhn(digits)) continue;
    if (overlaps(m.index, m.index + m[0].length)) continue;
    hits.push({ kind: 'card', index: m.index, text: m[0], masked: `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}` });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(MOBILE)) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    const before = text.slice(0, m.index);
    let start = 0;
    for (const e of before.matchAll(SENTENCE_END)) start = e.index + 1;
    const office = OFFICE_CONTACT.test(before.slice(start));
    hits.push({ kind: 'mobile', index: m.index, text: m[0], masked: `${m[1]}****${m[4]}`, ...(office ? { office } : {}) });
  }
  return hits.sort((a, b) => a.index - b.index);
}
