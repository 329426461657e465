/**
 * Reads published entries and runs the per-file work on them: the body scan (links, raw HTML)
 * and the per-file rules (personal information, wording, sanitized HTML). Runs in scan workers
 * for large groups, in-process for small ones; the result is plain data either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { splitSource } from '../model/source.ts';
import { checkPrivacy } from '../rules/privacy.ts';
import { checkSanitized } from '../rules/sanitized.ts';
import { articleLines } from '../rules/text.ts';
import type { Position, TextFile } from '../rules/types.ts';
import { checkWording } from '../rules/wording.ts';
import { compileWording, type WordingEntry } from '../rules/wording-list.ts';
import { scanMarkdown, type BodyScan } from './scan.ts';

export interface ScanItem {
  source: string;
  siteId: string;
  format: 'md' | 'mdx';
  /** Raw HTML is sanitized (`.md` only). */
  sanitized: boolean;
}

export interface ScanJob {
  contentDir: string;
  items: ScanItem[];
  wording: WordingEntry[];
}

export interface ScanOutput {
  source: string;
  scan: BodyScan;
  keys: Record<string, Position>;
  diagnostics: Diagnostic[];
}

export function scanFiles(job: ScanJob): ScanOutput[] {
  const wording = compileWording(job.wording);
  return job.items.map((item) => {
    const text = fs.readFileSync(path.join(job.contentDir, ...item.source.split('/')), 'utf8');
    // The loader already refused any file this would fail on; the same function splits it here.
    const split = splitSource(text).split;
    const bodyLine = split?.bodyLine ?? 1;
    const scan = split ? scanMarkdown(split.body, bodyLine, item.format) : { links: [], tags: [] };
    const file: TextFile = { source: item.source, siteId: item.siteId, kind: 'entry', lines: articleLines(text, bodyLine) };
    const diagnostics = [...checkPrivacy(file), ...checkWording(file, { wording }), ...(item.sanitized ? checkSanitized(item.source, item.siteId, scan.tags) : [])];
    return { source: item.source, scan: { links: scan.links, tags: [] }, keys: frontmatterKeys(text, bodyLine), diagnostics };
  });
}

/** Top-level front-matter keys and where their values start (file line, column). */
function frontmatterKeys(text: string, bodyLine: number): Record<string, Position> {
  const out: Record<string, Position> = {};
  const lines = text.split('\n', bodyLine);
  for (let i = 1; i < lines.length && i < bodyLine - 1; i++) {
    const m = /^([A-Za-z][\w-]*)\s*:\s*/.exec(lines[i]);
    if (m && !(m[1] in out)) out[m[1]] = { line: i + 1, column: m[0].length + 1 };
  }
  return out;
}
