/**
 * `--site` means the same in `build` and `check`: the whole group is loaded and checked (a
 * site's pages show facts of other sites), and what is reported, and fails the run, is what
 * belongs to the selected sites plus what belongs to no site (group.yaml, the command line).
 */
import type { Diagnostic } from './diagnostic.ts';

export function inScope(list: readonly Diagnostic[], selected: readonly string[] | undefined): Diagnostic[] {
  if (!selected) return [...list];
  const wanted = new Set(selected);
  return list.filter((d) => !d.siteId || wanted.has(d.siteId));
}
