/**
 * 重要政策信息 (聊城 第三十二条): every active department site republishes the portal's items marked
 * `important: true` within 12 hours. The loader republishes them wherever a department names a
 * column (`importantInto`, src/model/important.ts); this rule reports what could not be
 * republished, once per item and site: no column named (IMPORTANT-REPRINT-DUE before 12 hours
 * have passed, by the build's `--now` with its time of day, then IMPORTANT-REPRINT-LATE; the
 * hours count from publication or from the site's reopening, and an item published while the
 * site was closed is not owed), a closed site that will owe items when it reopens
 * (IMPORTANT-REPRINT-REOPENING, a warning throughout the closure), a department article already
 * at the reprint's URL, an important item
 * that is trusted MDX, `important` on anything but a portal article, and `importantInto` on a
 * site that never republishes (the portal, an archived site). Pure.
 */
import { positionOf } from '../config/parse.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { shanghaiParts } from '../config/primitives.ts';
import { carriesImportant, importantItems, owedAtReopening, REPRINT_HOURS, reprintDeadline, reprintGap } from '../model/important.ts';
import type { GroupRuleInput } from './types.ts';
import { isClosedSite } from '../lifecycle/status.ts';

export function checkImportant({ model, keys }: GroupRuleInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const portalId = model.portal.id;
  const at = (source: string, siteId: string, key: string) => ({ file: source, siteId, ...(keys.get(source)?.[key] ?? { line: 1 }) });
  const siteYamlAt = (siteId: string, keyPath: string[]) => {
    const file = `${siteId}/site.yaml`;
    const parsed = model.configs.get(file);
    return { file, siteId, ...(parsed ? positionOf(parsed, keyPath, { file }) : { line: 1 }) };
  };
  for (const e of model.entries) {
    if (e.data.important && (e.siteId !== portalId || e.kind !== 'article')) out.push(diagnostic('ImportantNotPortal', { title: e.data.title }, at(e.source, e.siteId, 'important')));
  }
  // A portal or an archived site never republishes: a column named for it would be a silent no-op.
  // (A temporarily closed site keeps it for the day it reopens.)
  for (const site of model.sites) {
    if (!site.config.importantInto || carriesImportant(site, portalId) || isClosedSite(site)) continue;
    const file = `${site.id}/site.yaml`;
    const parsed = model.configs.get(file);
    const why = site.id === portalId ? '是门户网站（重要政策信息的来源）' : '已归档';
    out.push(diagnostic('ImportantIntoIgnored', { site: site.id, why }, { file, siteId: site.id, ...(parsed ? positionOf(parsed, ['importantInto'], { file }) : { line: 1 }) }));
  }
  const ids = new Set(model.entries.map((e) => e.id));
  const items = importantItems(model.entries, portalId);
  const when = (epoch: number) => {
    const p = shanghaiParts(epoch);
    return `${p.day} ${p.time}`;
  };
  for (const item of items) {
    if (item.renderAs !== 'markdown') {
      out.push(diagnostic('ImportantNotMarkdown', { title: item.data.title }, at(item.source, portalId, 'important')));
      continue;
    }
    const published = `${item.data.date.day} ${item.data.date.time ?? '00:00'}`;
    for (const site of model.sites) {
      if (!carriesImportant(site, portalId)) continue;
      const gap = reprintGap(item, site, ids);
      if (!gap) continue;
      // A column named but not declared is CONTENT-UNDECLARED-COLUMN at its line already.
      if (gap === 'no-place' && site.config.importantInto) continue;
      if (gap === 'slug-taken') {
        const into = site.config.importantInto!;
        const taken = model.entryById.get(`${site.id}/${into}/${item.slug}`)!;
        out.push(diagnostic('ImportantSlugTaken', { site: site.id, column: into, slug: item.slug, title: item.data.title }, at(taken.source, site.id, 'title')));
        continue;
      }
      // Published while the site was closed: not owed. Otherwise due 12 hours after publication or reopening.
      const due = reprintDeadline(item, site, model.now.epoch);
      if (!due) continue;
      const hours = Math.max(0, (model.now.epoch - due.start) / 3_600_000).toFixed(1);
      const since = due.start === item.data.date.epoch ? '发布' : `站点 ${when(due.start)} 恢复运行`;
      const params = { site: site.id, title: item.data.title, published, since, hours, deadline: when(due.deadline) };
      out.push(diagnostic(model.now.epoch >= due.deadline ? 'ImportantNoPlace' : 'ImportantNoPlaceYet', params, siteYamlAt(site.id, ['columns'])));
    }
  }
  // A closed site reopens on a known day: warn during the closure about what will be due then,
  // so that no build turns red on the day after reopening without an earlier one having said so.
  for (const site of model.sites) {
    if (site.id === portalId) continue;
    const owed = owedAtReopening(items.filter((i) => i.renderAs === 'markdown' && reprintGap(i, site, ids) !== undefined), site);
    if (!owed) continue;
    const titles = owed.items.slice(0, 3).map((i) => `《${i.data.title}》`).join('');
    const count = owed.items.length > 3 ? `等 ${owed.items.length} 条` : `共 ${owed.items.length} 条`;
    const params = { site: site.id, reopens: when(owed.reopens).slice(0, 10), titles: `${titles}${count}`, deadline: when(owed.reopens + REPRINT_HOURS * 3_600_000) };
    out.push(diagnostic('ImportantDueAtReopening', params, siteYamlAt(site.id, ['closure', 'to'])));
  }
  return out;
}
