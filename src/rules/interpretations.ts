/**
 * A policy and its interpretation link to each other (聊城 art. 14). The links are written once,
 * on either side, and the loader derives the other direction (src/model/interpretations.ts,
 * which also reports contradicting links as POLICY-LINK-MISMATCH). Here, on the derived links:
 * POLICY-NO-INTERPRETATION (a live policy document with no 解读 at all) and
 * INTERPRETATION-NO-POLICY (an article in an interpretation column that interprets nothing).
 * A target that does not exist is LINK-BROKEN, reported by the loader at the field. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { isArchivedEntry, isInvalidPolicy } from '../lifecycle/status.ts';
import type { EntryModel } from '../model/types.ts';
import type { GroupRuleInput } from './types.ts';

export function checkInterpretations({ model, keys }: GroupRuleInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const typeOf = (e: EntryModel) => model.siteById.get(e.siteId)?.config.columns.find((c) => c.id === e.columnId)?.type;
  const at = (e: EntryModel, key: string) => ({ file: e.source, siteId: e.siteId, ...(keys.get(e.source)?.[key] ?? { line: 1 }) });
  for (const e of model.entries) {
    if (e.kind !== 'article') continue;
    const type = typeOf(e);
    // A link that was written but leads nowhere is LINK-BROKEN already: one message per mistake.
    if (type === 'policy' && !e.interpretationIds.length && e.data.interpretation === undefined && !isArchivedEntry(e) && !isInvalidPolicy(e)) {
      out.push(diagnostic('PolicyWithoutInterpretation', { title: e.data.title }, at(e, 'title')));
    }
    if (type === 'interpretation' && !e.interpretsIds.length && e.data.interprets === undefined) {
      out.push(diagnostic('InterpretationWithoutPolicy', { title: e.data.title }, at(e, 'title')));
    }
  }
  return out;
}
