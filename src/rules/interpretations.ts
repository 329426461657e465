/**
 * A policy and its interpretation link to each other (聊城 art. 14):
 * POLICY-NO-INTERPRETATION (a live policy document without `interpretation`),
 * INTERPRETATION-NO-POLICY (an article in an interpretation column without `interprets`),
 * POLICY-LINK-MISMATCH (one side points at the other, which does not point back).
 * A target that does not exist is LINK-BROKEN, reported by the loader at the field. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { EntryModel } from '../model/types.ts';
import type { GroupRuleInput } from './types.ts';

export function checkInterpretations({ model, keys }: GroupRuleInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const typeOf = (e: EntryModel) => model.siteById.get(e.siteId)?.config.columns.find((c) => c.id === e.columnId)?.type;
  const at = (e: EntryModel, key: string) => ({ file: e.source, siteId: e.siteId, ...(keys.get(e.source)?.[key] ?? { line: 1 }) });
  const interpreted = new Set<string>();
  for (const e of model.entries) if (e.interpretsId) interpreted.add(e.interpretsId);
  for (const e of model.entries) {
    if (e.kind !== 'article') continue;
    const type = typeOf(e);
    if (e.data.interpretation === undefined && type === 'policy' && !e.archivedDay && e.data.validity !== '废止' && e.data.validity !== '失效' && !interpreted.has(e.id)) {
      out.push(diagnostic('PolicyWithoutInterpretation', { title: e.data.title }, at(e, 'title')));
    }
    if (e.data.interprets === undefined && type === 'interpretation') {
      out.push(diagnostic('InterpretationWithoutPolicy', { title: e.data.title }, at(e, 'title')));
    }
    if (e.interpretationId) {
      const t = model.entryById.get(e.interpretationId);
      if (t && t.interpretsId !== e.id) {
        out.push(diagnostic('PolicyLinkMismatch', { here: e.source, field: 'interpretation', target: t.source, back: 'interprets', expected: t.interpretsId ? `指向 ${model.entryById.get(t.interpretsId)?.source ?? t.interpretsId}` : '没有填写' }, at(e, 'interpretation')));
      }
    }
    if (e.interpretsId) {
      const p = model.entryById.get(e.interpretsId);
      if (p && p.interpretationId !== e.id) {
        out.push(diagnostic('PolicyLinkMismatch', { here: e.source, field: 'interprets', target: p.source, back: 'interpretation', expected: p.interpretationId ? `指向 ${model.entryById.get(p.interpretationId)?.source ?? p.interpretationId}` : '没有填写' }, at(e, 'interprets')));
      }
    }
  }
  return out;
}
