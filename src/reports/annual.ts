/**
 * The computable figures of the 政府网站工作年度报表 (国办函〔2018〕12号, published by
 * 31 January), per site, from the published content's dates:
 *
 * - 信息发布 总数, of which 概况类 / 政务动态 / 信息公开目录 (by column type, mapping below);
 * - 专栏专题 维护数量 / 新开设数量 (topic columns);
 * - 解读信息发布 总数 (interpretation columns).
 *
 * A topic column counts as opened on the day of its first published article, and as maintained
 * in a year when it is live in that year (not archived before 1 January) and has published
 * content by 31 December. Git history is not used: content repositories get squashed, moved and
 * re-imported, and the report must come out the same from a plain copy of the content. Pure.
 */
import type { ColumnType } from '../config/site.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { csv, esc, page, table } from './html.ts';

export type AnnualCategory = '概况类' | '政务动态' | '信息公开目录';

/** Column type → 年报 category (single pages are 概况类). Types not listed count only in 总数. */
export const ANNUAL_CATEGORY: Partial<Record<ColumnType, AnnualCategory>> = {
  general: '概况类',
  news: '政务动态',
  notice: '信息公开目录',
  policy: '信息公开目录',
  personnel: '信息公开目录',
  planning: '信息公开目录',
  statistics: '信息公开目录',
};

export interface AnnualSiteFigures {
  siteId: string;
  siteName: string;
  siteCode: string;
  total: number;
  overview: number;
  news: number;
  disclosure: number;
  topicsMaintained: number;
  topicsOpened: number;
  interpretations: number;
}

export interface AnnualReport {
  year: string;
  group: string;
  sites: AnnualSiteFigures[];
  total: Omit<AnnualSiteFigures, 'siteId' | 'siteName' | 'siteCode'>;
}

export function annualFigures(model: RuntimeModel, year: string, sites?: readonly string[]): AnnualReport {
  const out: AnnualSiteFigures[] = [];
  const inYear = (day: string) => day.startsWith(`${year}-`);
  for (const site of model.sites) {
    if (sites?.length && !sites.includes(site.id)) continue;
    const f: AnnualSiteFigures = { siteId: site.id, siteName: site.config.name, siteCode: site.config.siteCode, total: 0, overview: 0, news: 0, disclosure: 0, topicsMaintained: 0, topicsOpened: 0, interpretations: 0 };
    for (const id of site.pageEntries) {
      const e = model.entryById.get(id)!;
      if (!inYear(e.data.date.day)) continue;
      f.total++;
      f.overview++;
    }
    for (const c of site.config.columns) {
      const days = (site.columnEntries[c.id] ?? []).map((id) => model.entryById.get(id)!.data.date.day);
      const n = days.filter(inYear).length;
      f.total += n;
      const cat = ANNUAL_CATEGORY[c.type];
      if (cat === '概况类') f.overview += n;
      else if (cat === '政务动态') f.news += n;
      else if (cat === '信息公开目录') f.disclosure += n;
      if (c.type === 'interpretation') f.interpretations += n;
      if (c.type === 'topic' && days.length) {
        const first = [...days].sort()[0];
        const archivedBefore = c.archived && c.archived.day < `${year}-01-01`;
        if (first <= `${year}-12-31` && !archivedBefore) f.topicsMaintained++;
        if (inYear(first)) f.topicsOpened++;
      }
    }
    out.push(f);
  }
  const sum = (k: keyof AnnualReport['total']) => out.reduce((a, s) => a + s[k], 0);
  return {
    year,
    group: model.group.name,
    sites: out,
    total: { total: sum('total'), overview: sum('overview'), news: sum('news'), disclosure: sum('disclosure'), topicsMaintained: sum('topicsMaintained'), topicsOpened: sum('topicsOpened'), interpretations: sum('interpretations') },
  };
}

const HEAD = ['站点', '网站名称', '网站标识码', '信息发布总数', '其中：概况类', '其中：政务动态', '其中：信息公开目录', '专栏专题维护数量', '专栏专题新开设数量', '解读信息发布总数'];
const row = (s: AnnualSiteFigures) => [s.siteId, s.siteName, s.siteCode, s.total, s.overview, s.news, s.disclosure, s.topicsMaintained, s.topicsOpened, s.interpretations];

export function annualCsv(r: AnnualReport): string {
  const t = r.total;
  return csv([HEAD, ...r.sites.map(row), ['合计', r.group, '', t.total, t.overview, t.news, t.disclosure, t.topicsMaintained, t.topicsOpened, t.interpretations]]);
}

export function annualHtml(r: AnnualReport): string {
  const t = r.total;
  const rows = [...r.sites.map((s) => row(s).map((v) => esc(v))), ['<strong>合计</strong>', esc(r.group), '', ...[t.total, t.overview, t.news, t.disclosure, t.topicsMaintained, t.topicsOpened, t.interpretations].map(String)]];
  return page(
    `${r.group} ${r.year} 年度政府网站工作年度报表（可计算项）`,
    '政府网站工作年度报表（国办函〔2018〕12号）中可由内容计算的数字；栏目类型与统计类别的对应见 docs/reports.md',
    table(HEAD, rows, `${r.year} 年（按内容的发布日期统计）`),
  );
}
