/**
 * DATE-FUTURE (19号: 伪造发稿日期) and DATE-WRITTEN-AFTER-PUBLISH (成文日期 after 发布日期),
 * on every published entry. "Today" is the model's `now` (`--now`). Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { GroupRuleInput } from './types.ts';

export function checkDates({ model, keys }: GroupRuleInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const now = model.now.day;
  for (const e of model.entries) {
    const at = (key: string) => ({ file: e.source, siteId: e.siteId, ...keys.get(e.source)?.[key] });
    if (e.data.date.day > now) out.push(diagnostic('FutureDate', { date: e.data.date.raw, now }, at('date')));
    const w = e.data.writtenDate;
    if (w && w.day > e.data.date.day) out.push(diagnostic('WrittenAfterPublish', { written: w.raw, date: e.data.date.raw }, at('writtenDate')));
  }
  return out;
}
