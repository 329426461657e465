/**
 * The portal's 网站监管 section (聊城 第二十八条: 市政府办公室每月对全市政府系统网站开展全面检查，
 * 检查情况在市政府门户网站进行公开……编制政府网站监管年度报表，于每年 1 月 31 日前向社会公开): the
 * figures of `npm run report -- monthly` for every complete month and of `report -- annual`
 * (政府网站工作年度报表, 国办函〔2018〕12号) for every complete year, as pages of the portal.
 *
 * The periods depend on the build's date and are decided once by the loader
 * (`GroupModel.supervisionPeriods`); the figures go into the portal's slice only (slice.ts), so
 * a department's edit rebuilds the portal only when it changes a figure (a count or a date),
 * not when it changes a title. Pure.
 */
import type { JiyueDate } from '../config/primitives.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import type { EntryModel } from '../model/types.ts';
import { annualFigures, type AnnualReport } from './annual.ts';
import { monthlyFigures } from './monthly.ts';

export interface SupervisionMonth {
  month: string;
  sites: {
    siteId: string;
    siteName: string;
    total: number;
    columns: { columnId: string; columnName: string; typeName: string; count: number; lastDay?: string }[];
  }[];
}

export interface SupervisionFigures {
  months: SupervisionMonth[];
  years: AnnualReport[];
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
