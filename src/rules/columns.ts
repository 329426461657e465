/**
 * COLUMN-EMPTY, COLUMN-STALE, HOME-STALE: blank and stale columns and a stale home page, from
 * the statuses in freshness.ts. Archived columns, closed and archived sites are skipped. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { HOME_WINDOW, type ColumnStatus, type HomeStatus } from './freshness.ts';
import type { GroupRuleInput } from './types.ts';

export function checkColumns(input: GroupRuleInput, columns: readonly ColumnStatus[], homes: readonly HomeStatus[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of columns) {
    const at = { file: `${c.siteId}/site.yaml`, siteId: c.siteId, ...input.columnPositions.get(`${c.siteId}/${c.columnId}`) };
    if (c.empty) out.push(diagnostic('EmptyColumn', { column: c.columnId, name: c.name }, at));
    else if (c.stale && c.window && c.last && c.age !== undefined) {
      out.push(
        diagnostic('StaleColumn', { column: c.columnId, name: c.name, typeName: c.typeName, last: c.last, age: c.age, cycle: c.window.cycleName, veto: c.window.veto, left: c.daysLeft! }, at),
      );
    }
  }
  for (const h of homes) {
    if (!h.stale || !h.last) continue;
    out.push(diagnostic('StaleHome', { last: h.last, age: h.age!, veto: HOME_WINDOW.veto, left: h.daysLeft! }, { file: `${h.siteId}/site.yaml`, siteId: h.siteId }));
  }
  return out;
}
