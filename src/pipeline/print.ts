/**
 * What the build prints: diagnostics (errors first), and the closing summary.
 */
import { allEntries } from '../errors/catalogue.ts';
import { countBySeverity, formatDiagnostic, formatPageSummary, sortDiagnostics, type Diagnostic } from '../errors/diagnostic.ts';
import { formatOverrides } from '../errors/overrides.ts';
import type { Deferral, GroupModel } from '../model/types.ts';
import { reasonText, type RebuildReason } from './fingerprint.ts';

import { SKIP_REASON_LABELS, type SkipReason } from '../model/types.ts';

export function printDiagnostics(list: readonly Diagnostic[], write: (s: string) => void): void {
  const sorted = sortDiagnostics(list);
  const errors = sorted.filter((d) => d.severity === 'error');
  const warnings = sorted.filter((d) => d.severity === 'warning');
  for (const d of [...errors, ...warnings]) write(formatDiagnostic(d) + '\n');
  const { errors: e, warnings: w } = countBySeverity(list);
  const pageSummary = formatPageSummary(list, (id) => allEntries().find((x) => x.ruleId === id)?.title);
  if (pageSummary) write(`\n${pageSummary}`);
  if (e || w) write(`\n共 ${e} 个错误，${w} 个警告。\n`);
}

export interface BuildStats {
  pages: number;
  /** Of `pages`, the 繁體 versions (group.yaml traditional). */
  traditionalPages: number;
  pagesBySite: Record<string, number>;
  seconds: number;
  warnings: number;
  outDir: string;
  /** Sites built this time (ids) and the number reused unchanged from the cache. */
  built: string[];
  reused: number;
  /** Departments whose changes were deferred by their own errors (deferral.ts). */
  deferred?: readonly Deferral[];
}

/**
 * What the closing summary says of the group itself, decided once from the model: the build prints
 * it, and a build's sealed record keeps it for the next build that finds nothing changed (unchanged.ts).
 */
export interface SummaryFacts {
  group: string;
  /** The sites this build is for (all, or `--site`), in the group's order. */
  sites: string[];
  /** "运行 49，已归档 1". */
  statusLine: string;
  /** Held-back entries of those sites, and by reason ("草稿 2，依申请公开 1"). */
  skipped: number;
  skippedDetail: string;
  /** The group's rule overrides as printed, or '' (group.yaml rules). */
  overrides: string;
}

export function summaryFacts(model: GroupModel): SummaryFacts {
  const sites = model.sites.filter((s) => model.selectedSites.includes(s.id));
  const byStatus = (st: string) => sites.filter((s) => s.config.status === st).length;
  const statusLine = [
    ['运行', byStatus('active')],
    ['迁移中', byStatus('migrating')],
    ['已归档', byStatus('archived')],
    ['临时关停', byStatus('closed')],
  ]
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`)
    .join('，');
  const skippedBy = new Map<SkipReason, number>();
  for (const s of model.skipped) if (model.selectedSites.includes(s.siteId)) skippedBy.set(s.reason, (skippedBy.get(s.reason) ?? 0) + 1);
  return {
    group: model.group.name,
    sites: sites.map((s) => s.id),
    statusLine,
    skipped: [...skippedBy.values()].reduce((a, b) => a + b, 0),
    skippedDetail: [...skippedBy].map(([r, n]) => `${SKIP_REASON_LABELS[r]} ${n}`).join('，'),
    overrides: model.ruleOverrides.length ? formatOverrides(model.ruleOverrides) : '',
  };
}

export function formatSummary(facts: SummaryFacts, stats: BuildStats): string {
  const lines = [
    `构建完成：${facts.group}（用时 ${stats.seconds.toFixed(1)} 秒）`,
    `  站点　　${facts.sites.length}（${facts.statusLine}）`,
    `  页面　　${stats.pages}（${facts.sites.map((id) => `${id} ${stats.pagesBySite[id] ?? 0}`).join('，')}）`,
    ...(stats.traditionalPages ? [`  　　　　其中繁體版本 ${stats.traditionalPages}（zh-hant/）`] : []),
    `  站点构建 ${stats.built.length} 个${stats.reused ? `（${stats.built.join('、') || '无'}），${stats.reused} 个没有变化、沿用缓存` : ''}`,
    `  未发布　${facts.skipped}${facts.skipped ? `（${facts.skippedDetail}）` : ''}`,
    `  警告　　${stats.warnings}`,
    ...(facts.overrides ? [`  规则调整 ${facts.overrides}（group.yaml rules）`] : []),
    `  输出　　${stats.outDir}`,
  ];
  const deferred = stats.deferred ?? [];
  if (deferred.length) {
    const errors = (d: Deferral) => d.diagnostics.filter((x) => x.severity === 'error').length;
    lines.push(
      '',
      `暂缓发布 ${deferred.length} 个部门网站的改动（这些站点自己的内容或 site.yaml 有错误；其他站点照常发布，退出码 3）：`,
      ...deferred.map((d) => `  ${d.siteId}　${d.as === 'last-good' ? '保持上次成功发布的版本' : '从未成功发布，本次不发布'}（${errors(d)} 个错误，见上文）`),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Why the built sites were built, one line per reason, sites with the same reasons together:
 * "全部 50 个站点：生成器版本变化", "fgw：正文变化（3 篇）", "www：所列的部门动态和文章变化".
 * `explain` (--explain): every site in the build's order, the reused ones too.
 */
export function formatReasons(units: readonly string[], reasons: ReadonlyMap<string, readonly RebuildReason[]>, portal: string, explain: boolean): string {
  const text = (id: string) => reasons.get(id)!.map((r) => reasonText(r, id === portal)).join('；');
  if (explain) {
    return `\n每个站点的决定（--explain）：\n${units.map((id) => `  ${id}　${reasons.has(id) ? `重新构建：${text(id)}` : '沿用缓存（输入没有变化）'}`).join('\n')}\n`;
  }
  const built = units.filter((id) => reasons.has(id));
  if (!built.length) return '';
  const groups = new Map<string, string[]>();
  for (const id of built) groups.set(text(id), [...(groups.get(text(id)) ?? []), id]);
  const lines = [...groups].map(([why, ids]) => `  ${ids.length === units.length && units.length > 1 ? `全部 ${ids.length} 个站点` : ids.join('、')}：${why}`);
  return `\n重新构建的原因：\n${lines.join('\n')}\n`;
}
