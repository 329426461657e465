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
 * re-imported, and the report must come out the same from a plain copy of the content. The
 * figures are the model's (src/model/supervision.ts `annualFigures`); this renders them.
 */
import { csv, esc, page, table } from './html.ts';
import type { AnnualReport, AnnualSiteFigures } from '../model/types.ts';

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
