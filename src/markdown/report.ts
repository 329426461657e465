/**
 * Reports a catalogue diagnostic on a unified file, unified-style (`file.message` with a
 * place and a rule id), keeping our severity, message and hint on the message object.
 */
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { Diagnostic } from '../errors/diagnostic.ts';

export function reportTo(file: VFile, d: Omit<Diagnostic, 'file' | 'line' | 'column'>, node: Node): void {
  const message = file.message(d.message, { place: node.position, ruleId: d.ruleId, source: 'jiyue' });
  message.fatal = d.severity === 'error';
  message.note = d.hint;
}
