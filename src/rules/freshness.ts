/**
 * How fresh each column and each home page is, against the national update windows
 * (天津城管委 art. 12(2): 新闻动态类每周、政策文件类每季度、人事规划统计类每半年至少更新 1 次;
 * 国办秘函〔2019〕19号 veto lines: 动态要闻 2 周、通知公告和政策文件 6 个月、人事和规划计划
 * 1 年; 首页 2 周). The checker warns and the report shows the days left. Pure.
 */
import { COLUMN_TYPES, type ColumnType } from '../config/site.ts';
// The same list the column page shows (own and reprinted entries).
import { columnEntryIds } from '../plan/site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { isRunningSite } from '../lifecycle/status.ts';

export interface Window {
  /** Update cycle in days (warn past it) and its Chinese wording. */
  cycle: number;
  cycleName: string;
  /** The 19号 veto line in days. */
  veto: number;
  /** True when the veto line comes from secondary sources (page-spec "national, unverified"). */
  unverified?: boolean;
}

/** Update windows per column type; types not listed have none (解读, 办事, 互动, 专题, 综合). */
export const UPDATE_WINDOWS: Partial<Record<ColumnType, Window>> = {
  news: { cycle: 7, cycleName: '每周', veto: 14 },
  notice: { cycle: 90, cycleName: '每季度', veto: 180 },
  policy: { cycle: 90, cycleName: '每季度', veto: 180 },
  personnel: { cycle: 180, cycleName: '每半年', veto: 365, unverified: true },
  planning: { cycle: 180, cycleName: '每半年', veto: 365, unverified: true },
  statistics: { cycle: 180, cycleName: '每半年', veto: 365, unverified: true },
};

/** The home page: warn after 10 days without new content, veto line 14 (19号 V3). */
export const HOME_WINDOW: Window = { cycle: 10, cycleName: '10 天内', veto: 14, unverified: true };

/** Number of 19号 blank columns that makes a site fail the inspection (veto item). */
export const EMPTY_COLUMNS_VETO = 5;

export interface ColumnStatus {
  siteId: string;
  columnId: string;
  name: string;
  type: ColumnType;
  typeName: string;
  /** Published articles listed in the column (own and reprinted). */
  count: number;
  /** Day of the newest one. */
  last?: string;
  /** Days since `last`. */
  age?: number;
  window?: Window;
  /** Days left before the veto line (negative: past it). */
  daysLeft?: number;
  archived: boolean;
  empty: boolean;
  /** Past its update cycle. */
  stale: boolean;
}

export interface HomeStatus {
  siteId: string;
  last?: string;
  age?: number;
  daysLeft?: number;
  stale: boolean;
}

const DAY = 86_400_000;
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export function columnStatuses(model: RuntimeModel): ColumnStatus[] {
  const now = model.now.day;
  const out: ColumnStatus[] = [];
  for (const site of model.sites) {
    // Maintained columns only: a closed site serves a notice, an archived one is no longer updated.
    if (!isRunningSite(site)) continue;
    for (const c of site.config.columns) {
      const ids = columnEntryIds(model, site, c.id);
      const days = ids.map((id) => model.entryById.get(id)?.data.date.day).filter((d): d is string => Boolean(d) && d! <= now);
      const last = days.sort().at(-1);
      const window = UPDATE_WINDOWS[c.type];
      const age = last ? daysBetween(last, now) : undefined;
      const archived = Boolean(c.archived);
      out.push({
        siteId: site.id,
        columnId: c.id,
        name: c.name,
        type: c.type,
        typeName: COLUMN_TYPES[c.type],
        count: ids.length,
        last,
        age,
        window,
        daysLeft: window && age !== undefined ? window.veto - age : undefined,
        archived,
        empty: !archived && ids.length === 0,
        stale: !archived && Boolean(window && age !== undefined && age > window.cycle),
      });
    }
  }
  return out;
}

export function homeStatuses(model: RuntimeModel, columns: readonly ColumnStatus[]): HomeStatus[] {
  const now = model.now.day;
  const out: HomeStatus[] = [];
  for (const site of model.sites) {
    // Maintained columns only: a closed site serves a notice, an archived one is no longer updated.
    if (!isRunningSite(site)) continue;
    // What the home page lists: the newest articles of live columns (reprints included), not archived ones.
    let last: string | undefined;
    for (const c of columns) {
      if (c.siteId !== site.id || c.archived) continue;
      for (const id of columnEntryIds(model, site, c.columnId)) {
        const e = model.entryById.get(id);
        if (!e || e.archivedDay) continue;
        const d = e.data.date.day;
        if (d <= now && (!last || d > last)) last = d;
      }
    }
    const age = last ? daysBetween(last, now) : undefined;
    out.push({ siteId: site.id, last, age, daysLeft: age === undefined ? undefined : HOME_WINDOW.veto - age, stale: age === undefined || age > HOME_WINDOW.cycle });
  }
  return out;
}
