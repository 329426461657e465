/**
 * 重要政策信息 (聊城 第三十二条): every active department site republishes the portal's items marked
 * `important: true` within 12 hours. The loader republishes them wherever a department names a
 * column (`importantInto`, src/model/important.ts); this rule reports what could not be
 * republished, once per item and site: no column named (IMPORTANT-REPRINT-DUE before 12 hours
 * have passed since publication, by the build's `--now` with its time of day, then
 * IMPORTANT-REPRINT-LATE), a department article already at the reprint's URL, an important item
 * that is trusted MDX, `important` on anything but a portal article, and `importantInto` on a
 * site that never republishes (the portal, an archived site). Pure.
 */
import { positionOf } from '../config/parse.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { carriesImportant, importantItems, reprintGap } from '../model/important.ts';
import type { GroupRuleInput } from './types.ts';

/** Hours a department has to republish an important item. */
export const REPRINT_HOURS = 12;

export function checkImportant({ model, keys }: GroupRuleInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const portalId = model.portal.id;
  const at = (source: string, siteId: string, key: string) => ({ file: source, siteId, ...(keys.get(source)?.[key] ?? { line: 1 }) });
  for (const e of model.entries) {
    if (e.data.important && (e.siteId !== portalId || e.kind !== 'article')) out.push(diagnostic('ImportantNotPortal', { title: e.data.title }, at(e.source, e.siteId, 'important')));
  }
  // A portal or an archived site never republishes: a column named for it would be a silent no-op.
  // (A temporarily closed site keeps it for the day it reopens.)
  for (const site of model.sites) {
    if (!site.config.importantInto || carriesImportant(site, portalId) || site.config.status === 'closed') continue;
    const file = `${site.id}/site.yaml`;
    const parsed = model.configs.get(file);
    const why = site.id === portalId ? '是门户网站（重要政策信息的来源）' : '已归档';
    out.push(diagnostic('ImportantIntoIgnored', { site: site.id, why }, { file, siteId: site.id, ...(parsed ? positionOf(parsed, ['importantInto'], { file }) : { line: 1 }) }));
  }
  const ids = new Set(model.entries.map((e) => e.id));
  for (const item of importantItems(model.entries, portalId)) {
    if (item.renderAs !== 'markdown') {
      out.push(diagnostic('ImportantNotMarkdown', { title: item.data.title }, at(item.source, portalId, 'important')));
      continue;
    }
    const hours = (model.now.epoch - item.data.date.epoch) / 3_600_000;
    const published = `${item.data.date.day} ${item.data.date.time ?? '00:00'}`;
    for (const site of model.sites) {
      if (!carriesImportant(site, portalId)) continue;
      const gap = reprintGap(item, site, ids);
      if (!gap) continue;
      // A column named but not declared is CONTENT-UNDECLARED-COLUMN at its line already.
      if (gap === 'no-place' && site.config.importantInto) continue;
      const file = `${site.id}/site.yaml`;
      if (gap === 'slug-taken') {
        const into = site.config.importantInto!;
        const taken = model.entryById.get(`${site.id}/${into}/${item.slug}`)!;
        out.push(diagnostic('ImportantSlugTaken', { site: site.id, column: into, slug: item.slug, title: item.data.title }, at(taken.source, site.id, 'title')));
        continue;
      }
      const parsed = model.configs.get(file);
      const where = { file, siteId: site.id, ...(parsed ? positionOf(parsed, ['columns'], { file }) : { line: 1 }) };
      const params = { site: site.id, title: item.data.title, published, hours: Math.max(0, hours).toFixed(1) };
      out.push(diagnostic(hours >= REPRINT_HOURS ? 'ImportantNoPlace' : 'ImportantNoPlaceYet', params, where));
    }
  }
  return out;
}
