/**
 * Per-group rule severity (`group.yaml` `rules:`): a group may raise a warning to an error,
 * lower an error to a warning, or turn a rule off. Never silently: the build and `check`
 * summaries list every override in force, and an unknown rule id is itself an error.
 */
import type { ParsedYaml } from '../config/parse.ts';
import { positionOf } from '../config/parse.ts';
import { didYouMean } from '../config/did-you-mean.ts';
import { allEntries, diagnostic } from './catalogue.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';

export type RuleLevel = Severity | 'off';

/** One override in force: the rule, its default severity and the group's choice. */
export interface RuleOverride {
  ruleId: string;
  title: string;
  from: Severity;
  to: RuleLevel;
}

/**
 * Resolves `rules:` against the catalogue. Returns the overrides in force and a diagnostic
 * for each unknown or locked rule id (at its line in group.yaml when `parsed` is given). A
 * locked rule's diagnostics are never changed: `applyRuleOverrides` only sees overrides in force.
 */
export function resolveRuleOverrides(
  rules: Readonly<Record<string, RuleLevel>>,
  parsed?: ParsedYaml,
): { overrides: RuleOverride[]; diagnostics: Diagnostic[] } {
  const byId = new Map(allEntries().map((e) => [e.ruleId, e]));
  const overrides: RuleOverride[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [ruleId, level] of Object.entries(rules)) {
    const e = byId.get(ruleId);
    const src = { file: 'group.yaml' };
    const at = parsed ? positionOf(parsed, ['rules', ruleId], src) : {};
    if (!e) {
      const known = [...byId.values()].filter((x) => !x.locked).map((x) => x.ruleId);
      diagnostics.push(diagnostic('UnknownRule', { ruleId, suggestion: didYouMean(ruleId, known) }, { ...src, ...at }));
      continue;
    }
    // Declared on the rule itself (catalogue entries' `locked`); this is the one place it is enforced.
    if (e.locked) {
      diagnostics.push(diagnostic('LockedRule', { ruleId, title: e.title }, { ...src, ...at }));
      continue;
    }
    if (level !== e.severity) overrides.push({ ruleId, title: e.title, from: e.severity, to: level });
  }
  return { overrides, diagnostics };
}

/** Applies the overrides: changes severity, drops rules turned off. */
export function applyRuleOverrides(list: readonly Diagnostic[], overrides: readonly RuleOverride[]): Diagnostic[] {
  if (!overrides.length) return [...list];
  const level = new Map(overrides.map((o) => [o.ruleId, o.to]));
  const out: Diagnostic[] = [];
  for (const d of list) {
    const to = level.get(d.ruleId);
    if (to === 'off') continue;
    out.push(to ? { ...d, severity: to } : d);
  }
  return out;
}

/** The summary line: `规则级别调整：RULE 警告→错误，…`. Empty when none. */
export function formatOverrides(overrides: readonly RuleOverride[]): string {
  const label = { error: '错误', warning: '警告', off: '关闭' } as const;
  return overrides.map((o) => `${o.ruleId}（${o.title}）${label[o.from]}→${label[o.to]}`).join('，');
}
