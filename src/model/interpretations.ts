/**
 * Policy ↔ 解读 links are written once (聊城 art. 14): `interpretation` on the policy or
 * `interprets` on the 解读; the other direction is derived here, so both pages link to each
 * other either way. A policy may have several 解读 (a text and a 图解), and one 解读 may cover
 * several policies. Only links that contradict each other are an error: a policy naming B as
 * its 解读 while B says it interprets another document.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { EntryModel } from './types.ts';

export function deriveInterpretations(
  entries: EntryModel[],
  where: (source: string, key: 'interpretation' | 'interprets') => Omit<Diagnostic, 'ruleId' | 'severity' | 'message' | 'hint'>,
  report: (d: Diagnostic) => void,
): void {
  const byId = new Map(entries.map((e) => [e.id, e]));
  // What each side wrote, before anything is derived.
  const wrote = new Map(entries.map((e) => [e.id, { interpretation: e.interpretationIds[0], interprets: e.interpretsIds[0] }]));
  const add = (list: string[], id: string) => {
    if (!list.includes(id)) list.push(id);
  };
  for (const e of entries) {
    const w = wrote.get(e.id)!;
    if (w.interpretation) {
      const target = byId.get(w.interpretation);
      const back = target && wrote.get(target.id)!.interprets;
      if (target && back && back !== e.id) {
        report(diagnostic('PolicyLinkMismatch', { here: e.source, field: 'interpretation', target: target.source, back: 'interprets', expected: `指向 ${byId.get(back)?.source ?? back}` }, where(e.source, 'interpretation')));
      } else if (target) add(target.interpretsIds, e.id);
    }
    if (w.interprets) {
      // A policy naming another 解读 is no contradiction: a policy can have several.
      const policy = byId.get(w.interprets);
      if (policy) add(policy.interpretationIds, e.id);
    }
  }
  for (const e of entries) {
    e.interpretationIds.sort((a, b) => byId.get(b)!.data.date.epoch - byId.get(a)!.data.date.epoch || a.localeCompare(b));
    e.interpretsIds.sort((a, b) => byId.get(b)!.data.date.epoch - byId.get(a)!.data.date.epoch || a.localeCompare(b));
  }
}
