/**
 * 索引号 (the index number of a published government document): as the editor wrote it, or
 * generated. Once published it never changes (page spec §4; the manifest records every page's
 * number, and the next build keeps it).
 *
 * Generated numbers have the usual shape `<网站标识码>/<年份>-<顺序号>`, the serial 8 digits
 * derived from a hash of the source path, so a number depends on nothing but its own file:
 * adding or removing another article never renumbers this one. Two files whose hashes collide
 * (about 1 in 100,000 for a site that publishes 1,000 articles a year) are separated by
 * re-hashing the one whose path sorts later, unless the other was published first, in which
 * case the published number stays. A generated number never equals an explicit one; two
 * explicit numbers that are equal are an error; an explicit number that differs from the one
 * the page was published with is an error too.
 */
import { createHash } from 'node:crypto';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { EntryModel } from './types.ts';

/** What the previous build published: source path → 索引号 (and source hash → 索引号 for renamed files). */
export interface PublishedIndexNumbers {
  bySource: ReadonlyMap<string, string>;
  byHash: ReadonlyMap<string, string>;
}

const SERIAL_DIGITS = 8;

/** Serials made in this process (a dev server makes the same ten thousand on every save); cleared when it grows past a large group's. */
const serials = new Map<string, string>();

function serial(source: string, salt: number): string {
  const input = salt ? `${source}#${salt}` : source;
  let made = serials.get(input);
  if (made === undefined) {
    if (serials.size >= 500_000) serials.clear();
    serials.set(input, (made = serialOf(input)));
  }
  return made;
}

function serialOf(input: string): string {
  const hex = createHash('sha256').update(input).digest('hex').slice(0, 12);
  return String(parseInt(hex, 16) % 10 ** SERIAL_DIGITS).padStart(SERIAL_DIGITS, '0');
}

export function assignIndexNumbers(
  entries: EntryModel[],
  siteCodes: ReadonlyMap<string, string>,
  published: PublishedIndexNumbers | undefined,
  where: (entry: EntryModel) => Omit<Diagnostic, 'ruleId' | 'severity' | 'message' | 'hint'>,
  report: (d: Diagnostic) => void,
): void {
  const explicitOf = (e: EntryModel) => e.data.indexNumber?.trim() || undefined;
  // Numbers the previous build published for files without an explicit one stay theirs: same
  // path first, then a renamed file with the same content.
  const pinned = new Map<string, EntryModel>();
  let rest = entries.filter((e) => !explicitOf(e));
  for (const lookup of [(e: EntryModel) => published?.bySource.get(e.source), (e: EntryModel) => published?.byHash.get(e.sourceHash)]) {
    const left: EntryModel[] = [];
    for (const e of rest) {
      const kept = lookup(e);
      if (kept !== undefined && !pinned.has(kept)) {
        pinned.set(kept, e);
        e.indexNumber = kept;
      } else left.push(e);
    }
    rest = left;
  }
  const taken = new Map<string, EntryModel>(pinned);
  // Explicit numbers: never two equal ones, never one a published page already carries.
  for (const e of entries) {
    const explicit = explicitOf(e);
    if (!explicit) continue;
    e.indexNumber = explicit;
    const before = published?.bySource.get(e.source);
    if (before !== undefined && before !== explicit) report(diagnostic('IndexNumberChanged', { before, after: explicit }, where(e)));
    const other = taken.get(explicit);
    if (other) report(diagnostic('IndexNumberDuplicate', { value: explicit, other: other.source }, where(e)));
    else taken.set(explicit, e);
  }
  // The rest: generated from their own path, in path order so a collision is settled the same way every time.
  rest.sort((a, b) => a.source.localeCompare(b.source));
  for (const e of rest) {
    const prefix = `${siteCodes.get(e.siteId) ?? e.siteId}/${e.data.date.day.slice(0, 4)}-`;
    for (let salt = 0; ; salt++) {
      const candidate = prefix + serial(e.source, salt);
      if (!taken.has(candidate)) {
        taken.set(candidate, e);
        e.indexNumber = candidate;
        break;
      }
    }
  }
}
