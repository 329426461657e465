/**
 * WORDING-ERROR: serious wording errors from the group's list (wording.yaml and the starter
 * list; 天津城管委 art. 12(1)). Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { FileRuleContext, TextFile } from './types.ts';

export function checkWording(file: TextFile, ctx: FileRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { line, text, column = 1 } of file.lines) {
    for (const { index, entry } of ctx.wording.find(text)) {
      out.push(diagnostic('WordingError', { wrong: entry.wrong, right: entry.right, note: entry.note }, { file: file.source, line, column: column + index, siteId: file.siteId }));
    }
  }
  return out;
}
