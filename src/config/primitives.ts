/**
 * Building blocks shared by the schemas: ids, dates, YAML scalars.
 *
 * YAML is parsed with the failsafe schema (see `parse.ts`), so every scalar arrives as a
 * string: a site code such as 0012345678 keeps its leading zeros, `no` stays `no`. Booleans
 * and numbers are converted here, explicitly, where a field wants them.
 */
import { z } from 'zod';

/** `siteId`, `columnId`, `slug`: they become URLs, so lowercase ASCII only. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export const idSchema = z.string().regex(ID_PATTERN, {
  error: '只能用小写英文字母、数字和连字符，并以字母或数字开头，例如 gzdt、2024-yshj。',
});

/** A CJK character or full-width punctuation: no space between two of them in Chinese text. */
export const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014]/u;

/**
 * A title, summary or other one-line field written over several lines (YAML folds them with
 * spaces, or keeps the line breaks): one line, with no space between two CJK characters.
 * Applied once, at load, so `<title>`, `<h1>`, meta tags, lists and feeds all show the same text.
 */
export function joinLines(value: string): string {
  return value
    .trim()
    .split(/\s*\n\s*/)
    .reduce((acc, line) => (!acc ? line : CJK.test(acc.at(-1)!) && CJK.test(line[0] ?? '') ? acc + line : `${acc} ${line}`), '')
    .replace(/(\S) (?=\S)/gu, (m, a: string, offset: number, all: string) => (CJK.test(a) && CJK.test(all[offset + 2] ?? '') ? a : m));
}

/** A non-empty, trimmed string. */
export const text = z
  .string({ error: '应为文字。' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: '不能为空。' }));

/** A one-line text (a title, a summary) written over several lines: joined (`joinLines`). */
export const lineText = text.transform(joinLines);

/** `true`/`false` (also accepts the YAML 1.1 spellings editors type). */
export const yamlBoolean = z
  .union([z.boolean(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'boolean') return v;
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'on', '是'].includes(s)) return true;
    if (['false', 'no', 'off', '否'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: '应为 true 或 false。' });
    return z.NEVER;
  });

/** A date as the project keeps it: the day in Asia/Shanghai and, where given, the time. */
export interface JiyueDate {
  /** What the editor wrote, trimmed. */
  raw: string;
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  /** HH:MM in Asia/Shanghai, when a time was given. */
  time?: string;
  /** Milliseconds since the epoch (a date-only value is its midnight in Asia/Shanghai). */
  epoch: number;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Formats an instant as its day and time in Asia/Shanghai (no DST there, a fixed +08:00). */
export function shanghaiParts(epoch: number): { day: string; time: string } {
  const d = new Date(epoch + SHANGHAI_OFFSET_MS);
  const iso = d.toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayInShanghai(now = Date.now()): string {
  return shanghaiParts(now).day;
}

/**
 * Parses a date as editors write it; `'invalid'` instead of throwing. The canonical forms
 * (`2024-05-08`, `2024-05-08T09:30+08:00`) and what Chinese editors and CMS exports write: a
 * date-time without a zone is Beijing time (`2023-03-29 16:49:08`, the CMS's own export), and
 * `2024年10月12日`, `2024/10/12`, `2024.10.12`, `2024-6-20` (full-width digits too) are that day.
 * `raw` keeps what was written; pages show `day` and `time`, the same for every form.
 */
export function parseJiyueDate(value: string): JiyueDate | 'invalid' {
  const raw = value.trim();
  const canonical = parseCanonical(raw);
  if (canonical !== 'invalid') return canonical;
  const iso = suggestDate(raw);
  if (iso === undefined) return 'invalid';
  const parsed = parseCanonical(iso);
  return parsed === 'invalid' ? parsed : { ...parsed, raw };
}

function parseCanonical(raw: string): JiyueDate | 'invalid' {
  const d = DATE_ONLY.exec(raw);
  if (d) {
    const epoch = Date.parse(`${raw}T00:00:00+08:00`);
    if (Number.isNaN(epoch) || shanghaiParts(epoch).day !== raw) return 'invalid';
    return { raw, day: raw, epoch };
  }
  const t = DATE_TIME.exec(raw);
  if (!t) return 'invalid';
  const [, y, mo, da, h, mi, s, zone] = t;
  // No zone: Beijing time, the group's time zone (our YAML keeps the text: no tool reads it as UTC).
  const offset = !zone ? '+08:00' : zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${da}T${h}:${mi}:${s ?? '00'}${offset}`;
  const epoch = Date.parse(iso);
  const calendarDay = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da))).toISOString().slice(0, 10);
  if (Number.isNaN(epoch) || calendarDay !== `${y}-${mo}-${da}` || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return 'invalid';
  const parts = shanghaiParts(epoch);
  return { raw, day: parts.day, time: parts.time, epoch };
}

/** Year, month and day as editors write them: `2024年6月20`, `2024/6/20`, `2024.6.20`, `2024-6-20` (after NFKC). */
const EDITOR_DAY = /^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})/;

/**
 * The ISO form of a date written another way (`2024年6月20日`, `2024/6/20`, `2024.6.20`,
 * `2024-6-20`, full-width digits), as `parseJiyueDate` reads it: `2024-06-20`, with `T09:30+08:00` when a
 * time was given. Undefined when the value is not recognisably a date.
 */
export function suggestDate(value: string): string | undefined {
  const v = value.normalize('NFKC').trim().replace(/^["'“”‘’]+|["'“”‘’]+$/g, '');
  const m = new RegExp(`${EDITOR_DAY.source}\\s*(?:日|号)?(?:\\s*(?:T|\\s)\\s*(\\d{1,2})\\s*[:时]\\s*(\\d{2})\\s*分?)?$`).exec(v)
    ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  const day = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = parseCanonical(day);
  if (typeof parsed === 'string') return undefined;
  return h ? `${day}T${h.padStart(2, '0')}:${mi}+08:00` : day;
}

/** `2024 年 2 月没有 30 日` for a date written in an accepted shape whose day does not exist. */
function noSuchDay(value: string): string | undefined {
  const m = EDITOR_DAY.exec(value.normalize('NFKC').trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `月份应为 1 到 12，这里是 ${mo}`;
  return `${y} 年 ${mo} 月没有 ${d} 日`;
}

/** A date in any form `parseJiyueDate` accepts; anything else is DATE-INVALID with the canonical form as the fix. */
export const dateSchema = z.union([z.string(), z.date()]).transform((value, ctx): JiyueDate => {
  // A Date only arrives from a YAML parser with timestamps on; ours keeps strings, but be safe.
  const str = value instanceof Date ? value.toISOString() : value;
  const parsed = parseJiyueDate(str);
  if (parsed === 'invalid') {
    ctx.addIssue({ code: 'custom', message: 'invalid', params: { catalogue: 'InvalidDate', value: str, suggestion: suggestDate(str), noSuchDay: noSuchDay(str) } });
    return z.NEVER;
  }
  return parsed;
});
