/**
 * TRADITIONAL-SURNAME-YU: with 繁體 versions on, 于 in what looks like a person's name (a surname
 * in name position: after a colon, an enumeration comma, a bracket or the start of a line, followed
 * by one or two characters and the end of the name) is turned into 於 by the standard table
 * (于志杰 → 於志傑), since 于 is also the preposition. A warning pointing to the group's phrase
 * file (docs/traditional.md), unless the name is in it already. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { TextFile } from './types.ts';

/** 于 + one or two characters in name position; what follows 于 in its common words is excluded. */
const NAME = /(?<=^|[\s：:、，,（(“「]|同志|先生|女士|负责人|联系人|主任|局长|科长)于(?![是此今何])(\p{Script=Han}{1,2})(?=$|[\s、，,。；;：:）)”」]|同志|先生|女士|等)/gu;

export function checkSurnameYu(file: TextFile, kept: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { line, text, column = 1 } of file.lines) {
    if (!text.includes('于')) continue;
    for (const m of text.matchAll(NAME)) {
      if (kept.has(m[0])) continue;
      out.push(diagnostic('SurnameYu', { name: m[0] }, { file: file.source, line, column: column + m.index, siteId: file.siteId }));
    }
  }
  return out;
}
