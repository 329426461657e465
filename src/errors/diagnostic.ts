/**
 * A diagnostic is one problem found in the content repository or the configuration:
 * the unit every checker produces and every reporter prints.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable rule id in English, e.g. `CONFIG-UNKNOWN-KEY`. Never changes once released. */
  ruleId: string;
  /** `error` fails the build; `warning` is reported. */
  severity: Severity;
  /** The file, relative to the content directory (POSIX separators), where known. */
  file?: string;
  /** 1-based line where known. */
  line?: number;
  /** 1-based column where known. */
  column?: number;
  /** What is wrong, in Chinese. */
  message: string;
  /** How to fix it, in Chinese. */
  hint: string;
  /** The site the problem belongs to, where known. */
  siteId?: string;
  /**
   * For findings on a built page (the page spec checker): the page's public URL. Such a
   * diagnostic prints as one line, `site / page URL / RULE-ID / what / fix`.
   */
  page?: string;
}

/** `file:line:column` (as much as is known), the location prefix editors' tools understand. */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  if (!d.file) return '(构建)';
  if (d.line === undefined) return d.file;
  return d.column === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.column}`;
}

/** One diagnostic as the two lines an editor reads: where, rule id, what; then the fix. */
export function formatDiagnostic(d: Diagnostic): string {
  const label = d.severity === 'error' ? '错误' : '警告';
  if (d.page) return `${d.siteId ?? '-'} / ${d.page} / ${d.ruleId} / ${label}：${d.message} / 修改建议：${d.hint}`;
  return `${formatLocation(d)} ${d.ruleId} ${label}：${d.message}\n  修改建议：${d.hint}`;
}

/** Sort by file, then line, then column, so output is stable and grouped by file. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.siteId ?? '').localeCompare(b.siteId ?? '') ||
      (a.page ?? '').localeCompare(b.page ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

export function countBySeverity(list: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of list) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/**
 * The summary of page-level findings grouped by rule: `RULE-ID 标题：N 处（M 个页面，站点 a、b）`,
 * most frequent first. Empty when there are none.
 */
export function formatPageSummary(list: readonly Diagnostic[], titleOf: (ruleId: string) => string | undefined = () => undefined): string {
  const byRule = new Map<string, { count: number; pages: Set<string>; sites: Set<string>; severity: Severity }>();
  for (const d of list) {
    if (!d.page) continue;
    const g = byRule.get(d.ruleId) ?? { count: 0, pages: new Set<string>(), sites: new Set<string>(), severity: d.severity };
    g.count++;
    g.pages.add(d.page);
    if (d.siteId) g.sites.add(d.siteId);
    if (d.severity === 'error') g.severity = 'error';
    byRule.set(d.ruleId, g);
  }
  if (!byRule.size) return '';
  const lines = [...byRule]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .map(([id, g]) => {
      const title = titleOf(id);
      return `  ${id}${title ? ` ${title}` : ''}（${g.severity === 'error' ? '错误' : '警告'}）：${g.count} 处，${g.pages.size} 个页面，站点 ${[...g.sites].join('、')}`;
    });
  return `页面规范检查结果（按规则）：\n${lines.join('\n')}\n`;
}

/** A thrown error, short, for a message: `RangeError: Maximum call stack size exceeded`. */
export function errorName(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 200);
}
