/**
 * Diagnostics on a unified file, unified-style: plugins report with `reportTo` (`file.message`
 * with a place and a rule id, our severity and hint kept on the message); the renderers read
 * them back as the project's diagnostics with `fileDiagnostics`.
 */
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { Diagnostic } from '../errors/diagnostic.ts';

export function reportTo(file: VFile, d: Omit<Diagnostic, 'file' | 'line' | 'column'>, node: Node): void {
  const message = file.message(d.message, { place: node.position, ruleId: d.ruleId, source: 'jiyue' });
  message.fatal = d.severity === 'error';
  message.note = d.hint;
}

/** The file's messages as diagnostics; `shift` turns body lines into file lines. */
export function fileDiagnostics(file: VFile, source: string | undefined, shift: number): Diagnostic[] {
  return file.messages.map((m) => ({
    ruleId: m.ruleId ?? 'MARKDOWN',
    severity: m.fatal ? 'error' : 'warning',
    file: source,
    line: m.line == null ? undefined : m.line + shift,
    column: m.column ?? undefined,
    message: m.reason,
    hint: m.note ?? '',
    siteId: source?.split('/')[0],
  }));
}
