/**
 * The publishing figures of the group, computed from the published content's dates: the model's
 * side of supervision (聊城 第二十八条) and reporting. Pure; no rendering here.
 *
 * - `monthlyFigures`: the monthly publishing report (天津城管委 art. 16: 每月5日前将上月运维责任
 *   栏目的信息发布情况报办公室备案): per site and column, what was published in the month.
 *   Held-back content is not counted.
 * - `annualFigures`: the computable figures of the 政府网站工作年度报表 (国办函〔2018〕12号,
 *   published by 31 January), per site: 信息发布 总数, of which 概况类 / 政务动态 / 信息公开目录
 *   (by column type); 专栏专题 维护数量 / 新开设数量 (topic columns); 解读信息发布 总数. A topic
 *   column counts as opened on the day of its first published article, and as maintained in a
 *   year when it is live in that year (not archived before 1 January) and has published content
 *   by 31 December. Git history is not used: content repositories get squashed, moved and
 *   re-imported, and the report must come out the same from a plain copy of the content.
 * - `supervisionPeriods` and `supervisionFigures`: the portal's 网站监管 section — the figures of
 *   every complete month and year, decided for the build's date once by the loader
 *   (`GroupModel.supervisionPeriods`); the figures go into the portal's slice only
 *   (src/plan/slice.ts), so a department's edit rebuilds the portal only when it changes a
 *   figure (a count or a date), not when it changes a title.
 *
 * `npm run report` renders the first two as CSV and HTML (src/reports/), the portal's
 * SupervisionView all of them.
 */
import type { JiyueDate } from '../config/primitives.ts';
import { COLUMN_TYPES, type ColumnType } from '../config/site.ts';
import type { RuntimeModel } from './runtime.ts';
import type { AnnualReport, AnnualSiteFigures, EntryModel, SupervisionFigures } from './types.ts';

export interface MonthlyColumnRow {
  siteId: string;
  siteName: string;
  columnId: string;
  columnName: string;
  typeName: string;
  /** Articles published in the month. */
  count: number;
  /** Their titles and days, newest first. */
  items: { day: string; title: string; source: string }[];
  /** The newest publish day up to the end of the month (any month). */
  lastDay?: string;
}

export interface MonthlyReport {
  month: string;
  group: string;
  rows: MonthlyColumnRow[];
  totals: Record<string, number>;
}

/** One column's published entries, by day ascending, each with its place in the column's list. */
interface ColumnDays {
  days: string[];
  entries: { e: EntryModel; at: number }[];
}

/**
 * Every column's entries sorted by day once per model: the supervision pages ask for every month
 * of the group's history, and each month then costs a binary search per column, not a pass over
 * every entry (about 0.25 s of each plan at 10,000 pages before).
 */
const byDay = new WeakMap<RuntimeModel, Map<string, ColumnDays>>();

function columnDays(model: RuntimeModel, siteId: string, columnId: string, ids: readonly string[]): ColumnDays {
  let all = byDay.get(model);
  if (!all) byDay.set(model, (all = new Map()));
  const key = `${siteId}/${columnId}`;
  let hit = all.get(key);
  if (!hit) {
    const entries = ids.map((id) => model.entryById.get(id)!).filter(Boolean).map((e, at) => ({ e, at }));
    entries.sort((a, b) => (a.e.data.date.day < b.e.data.date.day ? -1 : a.e.data.date.day > b.e.data.date.day ? 1 : a.at - b.at));
    hit = { days: entries.map((x) => x.e.data.date.day), entries };
    all.set(key, hit);
  }
  return hit;
}

/** The first index whose day is greater than (`after`) or not less than `day`. */
function boundary(days: readonly string[], day: string, after: boolean): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after ? days[mid] <= day : days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function monthlyFigures(model: RuntimeModel, month: string, sites?: readonly string[]): MonthlyReport {
  const rows: MonthlyColumnRow[] = [];
  const totals: Record<string, number> = {};
  const monthEnd = `${month}-31`;
  for (const site of model.sites) {
    if (sites?.length && !sites.includes(site.id)) continue;
    const columns = [...site.config.columns.map((c) => ({ id: c.id, name: c.name, typeName: COLUMN_TYPES[c.type] })), { id: 'pages', name: '单页', typeName: '概况' }];
    totals[site.id] = 0;
    for (const c of columns) {
      const { days, entries } = columnDays(model, site.id, c.id, c.id === 'pages' ? site.pageEntries : (site.columnEntries[c.id] ?? []));
      const end = boundary(days, monthEnd, true);
      // Newest first; entries of the same instant in the column's own order.
      const inMonth = entries.slice(boundary(days, `${month}-01`, false), end).sort((a, b) => b.e.data.date.epoch - a.e.data.date.epoch || a.at - b.at).map((x) => x.e);
      if (c.id === 'pages' && !inMonth.length) continue;
      const lastDay = end ? days[end - 1] : undefined;
      rows.push({
        siteId: site.id,
        siteName: site.config.name,
        columnId: c.id,
        columnName: c.name,
        typeName: c.typeName,
        count: inMonth.length,
        items: inMonth.map((e) => ({ day: e.data.date.day, title: e.data.title, source: e.source })),
        lastDay,
      });
      totals[site.id] += inMonth.length;
    }
  }
  return { month, group: model.group.name, rows, totals };
}

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


/** Every complete month and year from the group's first published item up to `now`, newest first. */
export function supervisionPeriods(entries: readonly EntryModel[], now: JiyueDate): { months: string[]; years: string[] } {
  let first: string | undefined;
  for (const e of entries) if (!first || e.data.date.day < first) first = e.data.date.day;
  if (!first) return { months: [], years: [] };
  const months: string[] = [];
  const current = now.day.slice(0, 7);
  let [y, m] = first.slice(0, 7).split('-').map(Number);
  for (let key = first.slice(0, 7); key < current; ) {
    months.push(key);
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
    key = `${y}-${String(m).padStart(2, '0')}`;
  }
  const years: string[] = [];
  for (let year = Number(first.slice(0, 4)); year < Number(now.day.slice(0, 4)); year++) years.push(String(year));
  return { months: months.reverse(), years: years.reverse() };
}

/** The figures of every planned period, for the portal's slice. */
export function supervisionFigures(model: RuntimeModel): SupervisionFigures {
  const { months, years } = model.supervisionPeriods;
  return {
    months: months.map((month) => {
      const r = monthlyFigures(model, month);
      const sites = [...new Set(r.rows.map((x) => x.siteId))];
      return {
        month,
        sites: sites.map((siteId) => {
          const rows = r.rows.filter((x) => x.siteId === siteId);
          return {
            siteId,
            siteName: rows[0].siteName,
            total: r.totals[siteId],
            columns: rows.map((x) => ({ columnId: x.columnId, columnName: x.columnName, typeName: x.typeName, count: x.count, ...(x.lastDay ? { lastDay: x.lastDay } : {}) })),
          };
        }),
      };
    }),
    years: years.map((year) => annualFigures(model, year)),
  };
}
