/**
 * What the content rules read. Rules are pure functions over these inputs (no I/O): `check`
 * and the build gather the inputs (src/check/) and run the same rules.
 */
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { BodyScan } from '../markdown/scan.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import type { TextLine } from './text.ts';
import type { WordingMatcher } from './wording-list.ts';

/** One published text file: an article body (with its shown front matter) or a text attachment. */
export interface TextFile {
  source: string;
  siteId?: string;
  /** An article or single page, a published attachment, or configuration (site.yaml, group.yaml, a theme slot). */
  kind: 'entry' | 'attachment' | 'config';
  lines: TextLine[];
}

/** Rules that look at one file at a time (they run in scan workers). */
export interface FileRuleContext {
  wording: WordingMatcher;
}

/** One scanned, published entry. */
export interface ScannedEntry {
  source: string;
  siteId: string;
  scan: BodyScan;
}

/** Rules that look at the whole group. */
export interface GroupRuleInput {
  model: RuntimeModel;
  /** Scans of the published entries (links and raw HTML of their bodies), by source. */
  scans: ReadonlyMap<string, BodyScan>;
  /** Where each top-level front-matter key's value is written: source → key → position. */
  keys: ReadonlyMap<string, Readonly<Record<string, Position>>>;
  /** Where each column is declared: `siteId/columnId` → position of its id in site.yaml. */
  columnPositions: ReadonlyMap<string, Position>;
}

export interface Position {
  line: number;
  column: number;
}

export type GroupRule = (input: GroupRuleInput) => Diagnostic[];
