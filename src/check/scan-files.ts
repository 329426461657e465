/**
 * Reads published entries and runs the per-file work on them: the body scan (links, raw HTML)
 * and the per-file rules (personal information, wording, sanitized HTML). Runs in scan workers
 * for large groups, in-process for small ones; the result is plain data either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { diagnostic } from '../errors/catalogue.ts';
import { errorName, type Diagnostic } from '../errors/diagnostic.ts';
import { splitSource } from '../model/source.ts';
import { checkPrivacy } from '../rules/privacy.ts';
import { checkSanitized } from '../rules/sanitized.ts';
import { isMap, isScalar } from 'yaml';
import { parseYaml, type ParsedYaml } from '../config/parse.ts';
import { bodyLines, PUBLISHED_FRONTMATTER, yamlTexts } from '../rules/text.ts';
import type { Position, TextFile } from '../rules/types.ts';
import { checkSurnameYu } from '../rules/surname-yu.ts';
import { checkWording } from '../rules/wording.ts';
import { compileWording, type WordingEntry } from '../rules/wording-list.ts';
import { scanMarkdown, type BodyScan } from '../markdown/scan.ts';

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
  /** With 繁體 versions on: the group's phrase keys (a name there is kept, TRADITIONAL-SURNAME-YU is not reported). */
  traditional?: string[];
}

export interface ScanOutput {
  source: string;
  scan: BodyScan;
  keys: Record<string, Position>;
  diagnostics: Diagnostic[];
  /** An attachment's PDF pages without text (check.ts `documentFindings`). */
  textless?: { pages: number[]; of: number };
}

export function scanFiles(job: ScanJob): ScanOutput[] {
  const wording = compileWording(job.wording);
  const kept = job.traditional && new Set(job.traditional);
  return job.items.map((item) => {
    const text = fs.readFileSync(path.join(job.contentDir, ...item.source.split('/')), 'utf8');
    // The loader already refused any file this would fail on; the same functions split and parse it here.
    const split = splitSource(text).split;
    const bodyLine = split?.bodyLine ?? 1;
    let scan: BodyScan = { links: [], tags: [] };
    try {
      if (split) scan = scanMarkdown(split.body, bodyLine, item.format);
    } catch (error) {
      // One body the parser cannot take (past every limit the loader checks) is its own error, never the whole run's.
      return { source: item.source, scan, keys: {}, diagnostics: [diagnostic('BodyUnparsable', { detail: errorName(error) }, { file: item.source, siteId: item.siteId })] };
    }
    const yaml = split ? parseYaml(split.yaml, { file: item.source, lineOffset: split.yamlLine - 1 }).parsed : undefined;
    const front = yaml ? yamlTexts(yaml, PUBLISHED_FRONTMATTER, split!.yamlLine - 1) : [];
    const file: TextFile = { source: item.source, siteId: item.siteId, kind: 'entry', lines: [...front, ...bodyLines(text, bodyLine)] };
    const diagnostics = [
      ...checkPrivacy(file),
      ...checkWording(file, { wording }),
      ...(item.sanitized ? checkSanitized(item.source, item.siteId, scan.tags) : []),
      ...(kept ? checkSurnameYu(file, kept) : []),
    ];
    return { source: item.source, scan: { links: scan.links, tags: [] }, keys: yaml ? frontmatterKeys(yaml, split!.yamlLine - 1) : {}, diagnostics };
  });
}

/** Top-level front-matter keys and where their values start (file line, column). */
function frontmatterKeys(parsed: ParsedYaml, lineOffset: number): Record<string, Position> {
  const out: Record<string, Position> = {};
  const root = parsed.doc.contents;
  if (!isMap(root)) return out;
  for (const pair of root.items) {
    if (!isScalar(pair.key)) continue;
    const node = (pair.value ?? pair.key) as { range?: [number, number, number] | null };
    const pos = parsed.lineCounter.linePos(node.range?.[0] ?? 0);
    out[String(pair.key.value)] ??= { line: pos.line + lineOffset, column: pos.col };
  }
  return out;
}
