/**
 * The shape of one catalogue entry (one rule). Every part of the product that reports
 * problems (config parsing, the page spec checker, lifecycle, search, content rules) declares
 * its rules with `entry()` in its own module; `catalogue.ts` composes them into one catalogue.
 */
import type { Severity } from './diagnostic.ts';

export interface CatalogueEntry<P> {
  /** Stable id, printed in every message. Never renamed once released. */
  ruleId: string;
  /** Default severity (a group may change it in `group.yaml` `rules:`). */
  severity: Severity;
  /** Short Chinese title, used in summaries and docs. */
  title: string;
  /** The regulation the rule comes from, e.g. `聊城市政府网站管理办法 第十一条`. Default none (a technical rule). */
  source?: string;
  /** True when the rule's wording comes from secondary sources (page-spec "national, unverified"). Default `false`. */
  unverified?: boolean;
  /**
   * True when `group.yaml` `rules:` may not change the rule: its failure would leave the model
   * incomplete (a site or an article silently missing) or unsafe (unvetted code, held-back
   * content or a foreign redirect published). docs/rule-index.md marks these. Default `false`.
   */
  locked?: boolean;
  /**
   * True when the finding depends on the time of day of `--now`, not only on its day (it counts
   * hours). Every other finding, and the whole output, is the same all day long; a build that
   * printed such a finding is up to date only at that very instant (src/pipeline/unchanged.ts;
   * test/time.test.ts holds every rule to this). Default `false`.
   */
  readsTimeOfDay?: boolean;
  message: (params: P) => string;
  hint: (params: P) => string;
}

export function entry<P = Record<string, never>>(e: CatalogueEntry<P>): CatalogueEntry<P> {
  return e;
}
