/**
 * `dist/reports/`: what each build found, for supervisors.
 *
 * - `report.json`: every rule result by site, column and page, the 19号 veto lines of each site
 *   with the current value and the days left, column freshness, held-back content, attachments
 *   that were not scanned.
 * - `report.html`: the same as a self-contained dashboard (opens from file://, no script).
 *
 * Written into the staging output before the swap, so a report always describes its build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unscannedReason, type ContentCheckResult } from '../check/check.ts';
import { allEntries } from '../errors/catalogue.ts';
import { formatLocation, sortDiagnostics, type Diagnostic } from '../errors/diagnostic.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import type { Deferral } from '../model/types.ts';
import { SKIP_REASON_LABELS, type SkipReason } from '../model/types.ts';
import { contentEntries } from '../errors/rules.ts';
import { EMPTY_COLUMNS_VETO, HOME_WINDOW, type ColumnStatus } from '../rules/freshness.ts';
import { esc, page, table } from './html.ts';

export type VetoState = 'ok' | 'warning' | 'veto';

/** One 19号 veto line of a site. */
export interface VetoLine {
  id: 'home-update' | 'column-update' | 'blank-columns' | 'fake-date' | 'wording';
  /** The item as the inspection names it. */
  label: string;
  /** Current value and its unit, e.g. 8 天. */
  value: number;
  unit: string;
  /** The veto line, in the same unit. */
  line: number;
  /** Days (or items) left before the line; negative past it; absent where not a countdown. */
  left?: number;
  state: VetoState;
  detail: string;
}

export interface PageResult {
  source: string;
  title: string;
  date: string;
  findings: Diagnostic[];
}

export interface SiteReport {
  id: string;
  name: string;
  status: string;
  veto: VetoLine[];
  columns: (Omit<ColumnStatus, 'siteId'> & { pages: PageResult[] })[];
  /** Single pages (pages/) and findings on files that are not entries (site.yaml, attachments). */
  pages: PageResult[];
  other: Diagnostic[];
  heldBack: { source: string; reason: SkipReason; reasonLabel: string }[];
  unscannedAttachments: string[];
  /** Why each of `unscannedAttachments` was not (wholly) checked (check.ts `unscannedReason`). */
  unscannedReasons: string[];
  counts: { errors: number; warnings: number; links: number; privacy: number };
}

export interface BuildReport {
  generator: string;
  group: string;
  now: string;
  summary: { errors: number; warnings: number; byRule: Record<string, number>; pages: number; heldBack: number };
  rules: { ruleId: string; severity: string; title: string; source?: string; unverified?: boolean }[];
  sites: SiteReport[];
  /** Findings not tied to a site (group.yaml, wording.yaml, shared files). */
  groupFindings: Diagnostic[];
  /**
   * Departments whose changes this build deferred (src/pipeline/deferral.ts): published from their
   * last good copy (`last-good`), or not published (`unpublished`), with the findings that did it.
   */
  deferred: { site: string; as: 'last-good' | 'unpublished'; label: string; findings: Diagnostic[] }[];
}

const LINK_RULES = /^LINK-/;
const PRIVACY_RULES = /^PRIVACY-/;

export function composeReport(model: RuntimeModel, check: ContentCheckResult, diagnostics: readonly Diagnostic[], generator: string, deferred: readonly Deferral[] = []): BuildReport {
  // A deferred department's findings are listed with it, once, not again in its site's section.
  const deferredIds = new Set(deferred.map((d) => d.siteId));
  diagnostics = diagnostics.filter((d) => !d.siteId || !deferredIds.has(d.siteId));
  const sorted = sortDiagnostics(diagnostics);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of sorted) if (d.file) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const byRule: Record<string, number> = {};
  for (const d of sorted) byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
  const entryFiles = new Set(model.entries.map((e) => e.source));
  const pageOf = (e: RuntimeModel['entries'][number]): PageResult => ({ source: e.source, title: e.data.title, date: e.data.date.day, findings: byFile.get(e.source) ?? [] });

  const sites: SiteReport[] = model.sites.map((site) => {
    const siteDiags = sorted.filter((d) => d.siteId === site.id || (!d.siteId && d.file?.startsWith(`${site.id}/`)));
    const columns = site.config.columns.map((c) => {
      const status = check.columns.find((s) => s.siteId === site.id && s.columnId === c.id);
      const { siteId: _s, ...rest } = status ?? {
        siteId: site.id,
        columnId: c.id,
        name: c.name,
        type: c.type,
        typeName: c.type,
        count: site.columnEntries[c.id]?.length ?? 0,
        archived: Boolean(c.archived),
        empty: false,
        stale: false,
      };
      return { ...rest, pages: (site.columnEntries[c.id] ?? []).map((id) => pageOf(model.entryById.get(id)!)) };
    });
    const count = (re: RegExp) => siteDiags.filter((d) => re.test(d.ruleId)).length;
    const unscanned = check.attachments.unscanned.filter((a) => a.siteId === site.id);
    return {
      id: site.id,
      name: site.config.name,
      status: site.config.status,
      veto: vetoLines(site.id, check, siteDiags),
      columns,
      pages: site.pageEntries.map((id) => pageOf(model.entryById.get(id)!)),
      other: siteDiags.filter((d) => !d.file || !entryFiles.has(d.file)),
      heldBack: check.heldBack.filter((h) => h.siteId === site.id).map((h) => ({ source: h.source, reason: h.reason, reasonLabel: SKIP_REASON_LABELS[h.reason] })),
      unscannedAttachments: unscanned.map((a) => a.source),
      unscannedReasons: unscanned.map(unscannedReason),
      counts: {
        errors: siteDiags.filter((d) => d.severity === 'error').length,
        warnings: siteDiags.filter((d) => d.severity === 'warning').length,
        links: count(LINK_RULES),
        privacy: count(PRIVACY_RULES),
      },
    };
  });
  const contentIds = new Set(Object.values(contentEntries).map((e) => e.ruleId));
  return {
    generator,
    group: model.group.name,
    now: model.now.day,
    summary: {
      errors: sorted.filter((d) => d.severity === 'error').length,
      warnings: sorted.filter((d) => d.severity === 'warning').length,
      byRule,
      pages: model.entries.length,
      heldBack: check.heldBack.length,
    },
    rules: allEntries()
      .filter((e) => contentIds.has(e.ruleId) || LINK_RULES.test(e.ruleId))
      .map((e) => ({ ruleId: e.ruleId, severity: model.ruleOverrides.find((o) => o.ruleId === e.ruleId)?.to ?? e.severity, title: e.title, source: e.source, unverified: e.unverified })),
    sites,
    groupFindings: sorted.filter((d) => !d.siteId && !model.sites.some((s) => d.file?.startsWith(`${s.id}/`))),
    deferred: deferred.map((d) => ({ site: d.siteId, as: d.as, label: DEFERRED_LABEL[d.as], findings: sortDiagnostics(d.diagnostics) })),
  };
}

function vetoLines(siteId: string, check: ContentCheckResult, diags: readonly Diagnostic[]): VetoLine[] {
  const home = check.homes.find((h) => h.siteId === siteId);
  if (!home) return []; // closed or archived: not maintained, no veto lines
  const cols = check.columns.filter((c) => c.siteId === siteId && !c.archived);
  const state = (left: number | undefined, warn: boolean): VetoState => (left !== undefined && left <= 0 ? 'veto' : warn ? 'warning' : 'ok');
  const lines: VetoLine[] = [];
  const homeAge = home.age ?? 0;
  lines.push({
    id: 'home-update',
    label: '首页不更新（首页 2 周内无新内容）',
    value: homeAge,
    unit: '天未更新',
    line: HOME_WINDOW.veto,
    left: home.daysLeft,
    state: home.age === undefined ? 'veto' : state(home.daysLeft, home.stale),
    detail: home.last ? `最近更新 ${home.last}` : '首页没有任何内容',
  });
  const timed = cols.filter((c) => c.window && c.daysLeft !== undefined);
  const worst = timed.sort((a, b) => a.daysLeft! - b.daysLeft!)[0];
  const overdue = timed.filter((c) => c.daysLeft! <= 0);
  lines.push({
    id: 'column-update',
    label: '栏目不更新（动态要闻 2 周、通知公告和政策文件 6 个月、人事和规划计划 1 年）',
    value: overdue.length,
    unit: '个栏目超过否决线',
    line: 1,
    left: worst?.daysLeft,
    state: overdue.length ? 'veto' : timed.some((c) => c.stale) ? 'warning' : 'ok',
    detail: worst ? `最接近否决线：${worst.columnId}（${worst.name}），${worst.daysLeft! > 0 ? `还有 ${worst.daysLeft} 天` : `已超过 ${-worst.daysLeft!} 天`}` : '无有更新周期的栏目',
  });
  const empty = cols.filter((c) => c.empty).length;
  lines.push({
    id: 'blank-columns',
    label: `空白栏目（${EMPTY_COLUMNS_VETO} 个以上）`,
    value: empty,
    unit: '个空白栏目',
    line: EMPTY_COLUMNS_VETO,
    left: EMPTY_COLUMNS_VETO - empty,
    state: empty >= EMPTY_COLUMNS_VETO ? 'veto' : empty ? 'warning' : 'ok',
    detail: empty ? cols.filter((c) => c.empty).map((c) => c.columnId).join('、') : '无',
  });
  const fake = diags.filter((d) => d.ruleId === 'DATE-FUTURE').length;
  lines.push({ id: 'fake-date', label: '伪造发稿日期（发布日期在未来）', value: fake, unit: '篇', line: 1, state: fake ? 'veto' : 'ok', detail: fake ? '见下方问题清单' : '无' });
  const wording = diags.filter((d) => d.ruleId === 'WORDING-ERROR').length;
  lines.push({ id: 'wording', label: '严重表述错误', value: wording, unit: '处', line: 1, state: wording ? 'veto' : 'ok', detail: wording ? '见下方问题清单' : '无' });
  return lines;
}

// ── HTML ────────────────────────────────────────────────────────────────────────────────────

const STATE_LABEL: Record<VetoState, string> = { ok: '正常', warning: '预警', veto: '触及否决线' };

function findingRows(list: readonly Diagnostic[]): string[][] {
  return list.map((d) => [
    `<code>${esc(formatLocation(d))}</code>`,
    `<span class="${d.severity}">${d.severity === 'error' ? '错误' : '警告'}</span> <code>${esc(d.ruleId)}</code>`,
    `${esc(d.message)}<br><span class="muted">修改建议：${esc(d.hint)}</span>`,
  ]);
}

const DEFERRED_LABEL = { 'last-good': '暂缓发布：保持上次成功发布的版本', unpublished: '暂缓发布：从未成功发布，本次不发布' } as const;

export function renderReportHtml(r: BuildReport): string {
  const toc = `<nav class="toc" aria-label="站点">${r.sites.map((s) => `<a href="#site-${esc(s.id)}">${esc(s.name)}</a>`).join('')}</nav>`;
  const summary =
    `<p>共 <strong>${r.summary.errors}</strong> 个错误、<strong>${r.summary.warnings}</strong> 个警告；` +
    `${r.summary.pages} 篇可发布内容，${r.summary.heldBack} 篇不发布。检查日期按 ${esc(r.now)} 计。</p>` +
    table(['规则', '数量'], Object.entries(r.summary.byRule).map(([id, n]) => [`<code>${esc(id)}</code>`, String(n)]), '按规则统计');
  const sites = r.sites.map((s) => {
    const all = [...s.columns.flatMap((c) => c.pages), ...s.pages].flatMap((p) => p.findings).concat(s.other);
    const veto = table(
      ['检查指标（国办秘函〔2019〕19号 单项否决）', '当前值', '否决线', '剩余', '状态', '说明'],
      s.veto.map((v) => [esc(v.label), `${v.value} ${esc(v.unit)}`, String(v.line), v.left === undefined ? '—' : v.left > 0 ? `${v.left}` : `<span class="veto">${v.left}</span>`, `<span class="${v.state}">${STATE_LABEL[v.state]}</span>`, esc(v.detail)]),
      '否决项',
    );
    const columns = table(
      ['栏目', '类型', '发布数', '最近发布', '未更新天数', '更新要求', '距否决线', '状态'],
      s.columns.map((c) => [
        `${esc(c.name)} <code>${esc(c.columnId)}</code>`,
        esc(c.typeName),
        String(c.count),
        esc(c.last ?? '—'),
        c.age === undefined ? '—' : String(c.age),
        c.window ? `${esc(c.window.cycleName)}（否决线 ${c.window.veto} 天）` : '—',
        c.daysLeft === undefined ? '—' : c.daysLeft > 0 ? `${c.daysLeft} 天` : `<span class="veto">超过 ${-c.daysLeft} 天</span>`,
        c.archived ? '<span class="muted">已归档，不检查</span>' : c.empty ? '<span class="error">空白栏目</span>' : c.stale ? '<span class="warning">未按期更新</span>' : '<span class="ok">正常</span>',
      ]),
      '栏目更新情况',
    );
    const links = table(['位置', '规则', '问题'], findingRows(all.filter((d) => LINK_RULES.test(d.ruleId))), '链接问题');
    const privacy = table(['位置', '规则', '问题'], findingRows(all.filter((d) => PRIVACY_RULES.test(d.ruleId))), '个人信息');
    const others = table(['位置', '规则', '问题'], findingRows(all.filter((d) => !LINK_RULES.test(d.ruleId) && !PRIVACY_RULES.test(d.ruleId))), '其他问题');
    const held = table(['文件', '原因'], s.heldBack.map((h) => [`<code>${esc(h.source)}</code>`, esc(h.reasonLabel)]), '不发布的内容');
    const unscanned = table(['文件', '原因'], s.unscannedAttachments.map((f, i) => [`<code>${esc(f)}</code>`, esc(s.unscannedReasons[i])]), '未扫描个人信息的附件（请人工检查）');
    const none = (label: string, html: string) => html || `<p class="muted">${label}：无</p>`;
    return (
      `<section class="site" id="site-${esc(s.id)}" aria-labelledby="h-${esc(s.id)}"><h2 id="h-${esc(s.id)}">${esc(s.name)} <code>${esc(s.id)}</code></h2>` +
      `<p>${s.counts.errors} 个错误，${s.counts.warnings} 个警告${s.status !== 'active' ? `；站点状态 ${esc(s.status)}` : ''}</p>` +
      (veto || '<p class="muted">站点已关停或归档，不计算否决项。</p>') +
      columns +
      none('链接问题', links) +
      none('个人信息', privacy) +
      others +
      none('不发布的内容', held) +
      unscanned +
      '</section>'
    );
  });
  const group = r.groupFindings.length ? `<section class="site"><h2>网站群</h2>${table(['位置', '规则', '问题'], findingRows(r.groupFindings))}</section>` : '';
  const deferred = r.deferred
    .map((d) => `<section class="site" id="deferred-${esc(d.site)}"><h2>暂缓发布：<code>${esc(d.site)}</code></h2><p class="error">${esc(d.label)}。改正下列错误后，下次构建发布这个站点的改动。</p>${table(['位置', '规则', '问题'], findingRows(d.findings))}</section>`)
    .join('');
  return page(`${r.group} 内容检查报告`, `检查日期 ${r.now} · ${r.generator}`, summary + deferred + toc + group + sites.join(''));
}

export function writeBuildReports(model: RuntimeModel, check: ContentCheckResult, diagnostics: readonly Diagnostic[], outRoot: string, generator: string, deferred: readonly Deferral[] = []): void {
  const report = composeReport(model, check, diagnostics, generator, deferred);
  const dir = path.join(outRoot, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'report.html'), renderReportHtml(report));
}
