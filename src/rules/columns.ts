/**
 * COLUMN-EMPTY, COLUMN-STALE, HOME-STALE: blank and stale columns and a stale home page, from
 * the statuses in freshness.ts. Archived columns, closed and archived sites are skipped. Pure.
 *
 * Staleness comes with time alone. By default it is a warning; a group that raises COLUMN-STALE
 * or HOME-STALE to an error (group.yaml `rules:`) is warned STALE-ERROR-SOON during the last
 * `STALE_SOON_DAYS` days before, with the day the error starts, so that no build turns red
 * without an earlier one having said when.
 */
import { diagnostic } from '../errors/catalogue.ts';
import { addDays } from '../lifecycle/status.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { HOME_WINDOW, type ColumnStatus, type HomeStatus } from './freshness.ts';
import type { GroupRuleInput } from './types.ts';

/** Days before a stale column or home page becomes an error (when raised to one) that the build warns. */
export const STALE_SOON_DAYS = 7;

export function checkColumns(input: GroupRuleInput, columns: readonly ColumnStatus[], homes: readonly HomeStatus[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const raised = new Set(input.model.ruleOverrides.filter((o) => o.to === 'error').map((o) => o.ruleId));
  /** Staleness starts the day after `last` + `cycle`; warn in the days before when it will be an error. */
  const soon = (ruleId: string, what: string, last: string, age: number, cycle: number, at: { file: string; siteId: string }) => {
    const left = cycle + 1 - age;
    if (raised.has(ruleId) && left > 0 && left <= STALE_SOON_DAYS) out.push(diagnostic('StaleSoon', { what, ruleId, day: addDays(last, cycle + 1) }, at));
  };
  for (const c of columns) {
    const at = { file: `${c.siteId}/site.yaml`, siteId: c.siteId, ...input.columnPositions.get(`${c.siteId}/${c.columnId}`) };
    if (c.empty) out.push(diagnostic('EmptyColumn', { column: c.columnId, name: c.name }, at));
    else if (c.stale && c.window && c.last && c.age !== undefined) {
      out.push(
        diagnostic('StaleColumn', { column: c.columnId, name: c.name, typeName: c.typeName, last: c.last, age: c.age, cycle: c.window.cycleName, veto: c.window.veto, left: c.daysLeft! }, at),
      );
    } else if (!c.archived && c.window && c.last && c.age !== undefined) soon('COLUMN-STALE', `栏目 ${c.columnId}（${c.name}）`, c.last, c.age, c.window.cycle, at);
  }
  for (const h of homes) {
    if (!h.stale && h.last && h.age !== undefined) soon('HOME-STALE', '站点首页', h.last, h.age, HOME_WINDOW.cycle, { file: `${h.siteId}/site.yaml`, siteId: h.siteId });
    if (!h.stale || !h.last) continue;
    out.push(diagnostic('StaleHome', { last: h.last, age: h.age!, veto: HOME_WINDOW.veto, left: h.daysLeft! }, { file: `${h.siteId}/site.yaml`, siteId: h.siteId }));
  }
  return out;
}
