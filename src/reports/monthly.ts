/**
 * The monthly publishing report (天津城管委 art. 16: 每月5日前将上月运维责任栏目的信息发布情况
 * 报办公室备案): per site and column, what was published in the month, counted from the
 * published content's `date`. Held-back content is not counted.
 * The figures are the model's (src/model/supervision.ts `monthlyFigures`); this renders them.
 */
import { csv, esc, page, table } from './html.ts';
import type { MonthlyReport } from '../model/supervision.ts';

export function monthlyCsv(r: MonthlyReport): string {
  return csv([
    ['月份', '站点', '站点名称', '栏目', '栏目名称', '栏目类型', '本月发布数', '最近发布日期'],
    ...r.rows.map((x) => [r.month, x.siteId, x.siteName, x.columnId, x.columnName, x.typeName, x.count, x.lastDay ?? '']),
  ]);
}

export function monthlyHtml(r: MonthlyReport): string {
  const sites = [...new Set(r.rows.map((x) => x.siteId))];
  const body = sites
    .map((id) => {
      const rows = r.rows.filter((x) => x.siteId === id);
      return (
        `<section class="site"><h2>${esc(rows[0].siteName)} <code>${esc(id)}</code></h2><p>本月共发布 <strong>${r.totals[id]}</strong> 条。</p>` +
        table(
          ['栏目', '类型', '本月发布数', '最近发布日期', '本月发布的内容'],
          rows.map((x) => [
            `${esc(x.columnName)} <code>${esc(x.columnId)}</code>`,
            esc(x.typeName),
            x.count ? String(x.count) : '<span class="warning">0</span>',
            esc(x.lastDay ?? '—'),
            x.items.map((i) => `${esc(i.day)} ${esc(i.title)}`).join('<br>'),
          ]),
        ) +
        '</section>'
      );
    })
    .join('');
  return page(`${r.group} ${r.month} 信息发布情况`, '依据天津市城市管理委员会门户网站管理办法第十六条：每月5日前报送上月各栏目信息发布情况', body);
}
