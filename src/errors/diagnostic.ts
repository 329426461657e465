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
  return `${formatLocation(d)} ${d.ruleId} ${label}：${d.message}\n  修改建议：${d.hint}`;
}

/** Sort by file, then line, then column, so output is stable and grouped by file. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
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
