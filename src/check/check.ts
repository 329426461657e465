/**
 * The content rules over a loaded group: what `npm run check` prints and what the build runs in
 * its load stage (one implementation). First the content is read (scanContent: the bodies, the
 * links they resolve to, the attachments they publish, wording.yaml), which the build's plan
 * also takes; then every rule runs over it (checkScanned), the group's `rules:` overrides are
 * applied, and the findings come back with the data the reports need.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAndValidate, positionOf, writtenIndex } from '../config/parse.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import type { SkippedModel } from '../model/types.ts';
import { checkColumns } from '../rules/columns.ts';
import { checkDates } from '../rules/dates.ts';
import { columnStatuses, homeStatuses, type ColumnStatus, type HomeStatus } from '../rules/freshness.ts';
import { checkImportant } from '../rules/important.ts';
import { checkInterpretations } from '../rules/interpretations.ts';
import { checkLinks, type LinkMemo, type LinkRuleResult } from '../rules/links.ts';
import { checkUntrustedMdx } from '../rules/mdx.ts';
import { checkPrivacy } from '../rules/privacy.ts';
import { attachmentLines, PUBLISHED_SITE_CONFIG, yamlTexts } from '../rules/text.ts';
import { documentText, DOCUMENT_ATTACHMENT, UnreadableDocument, type DocumentText } from './attachment-text.ts';
import { checkWording } from '../rules/wording.ts';
import { ContentTree } from '../model/tree.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { GroupRuleInput, Position, TextFile } from '../rules/types.ts';
import { compileWording, WORDING_FILE, WordingFileSchema, wordingList, type WordingEntry } from '../rules/wording-list.ts';
import { runScan } from './pool.ts';
import type { ScanItem, ScanOutput } from './scan-files.ts';
import type { BodyScan } from '../markdown/scan.ts';

/** Attachments whose text is scanned for personal information. */
export const TEXT_ATTACHMENT = /\.(csv|txt|html?|md|json|xml|svg|tsv)$/i;

export interface ContentCheckResult {
  /** Every finding of the content rules (overrides applied), unsorted. */
  diagnostics: Diagnostic[];
  columns: ColumnStatus[];
  homes: HomeStatus[];
  /** Content held back from publishing (not 主动公开, not reviewed, drafts). */
  heldBack: SkippedModel[];
  /**
   * Published attachments: read for personal information, or not (`textless`: a PDF whose pages
   * have no text, scanned images; when only some do, the file is in both lists).
   */
  attachments: { scanned: string[]; unscanned: UnscannedAttachment[] };
  links: { internal: number; external: number };
  /** The wording list in force. */
  wording: WordingEntry[];
  /** Entries scanned. */
  scanned: number;
  seconds: number;
}

export interface CheckContentOptions {
  /** Worker threads for the body scan (default: the machine's cores, at most 4). */
  workers?: number;
  /**
   * The build's store of per-file scans (cache.ts `ScanStore`): a file whose source, wording
   * list and generator are unchanged is not read again. `npm run check` scans everything.
   */
  scans?: { store: ScanStore; generator: string; reuse: boolean };
  /** The bodies' link results of the previous check in this process (the dev server's): rules/links.ts `LinkMemo`. */
  links?: LinkMemo;
}

/** Per-file scan results kept between builds, by source: the key they were made for and the output. */
export interface ScanStore {
  read(): Map<string, { key: string; output: ScanOutput }>;
  write(records: ReadonlyMap<string, { key: string; output: ScanOutput }>): void;
}

/**
 * What the content holds, read once, before the rules and the plan: every body scanned (links,
 * raw HTML, personal information, wording: the scan store keeps unchanged files' scans), the
 * bodies' links resolved against the group (the link rule), the attachments they publish read
 * for personal information. The plan takes the files the bodies link from here
 * (`linkedFiles`); the rules (checkScanned) take the rest.
 */
export interface ContentScan {
  /** The wording list in force. */
  wording: WordingEntry[];
  /** Each entry's body scan and the positions of its front-matter keys, by source. */
  scans: Map<string, BodyScan>;
  keys: Map<string, Record<string, Position>>;
  /** The bodies' links, resolved (the link rule's findings among them). */
  links: LinkRuleResult;
  /**
   * The content files the bodies link to, where each is published: [siteId, contentPath, route],
   * once per site folder (front-matter attachments are the model's).
   */
  linkedFiles: [string, string, string][];
  attachments: ContentCheckResult['attachments'];
  /** Findings of reading: bodies, wording.yaml and attachments (overrides not yet applied). */
  diagnostics: Diagnostic[];
}

/** Reads the content for the rules and the plan (ContentScan). */
export async function scanContent(model: RuntimeModel, options: CheckContentOptions = {}): Promise<ContentScan> {
  const diagnostics: Diagnostic[] = [];
  const wording = readWording(model.contentDir, diagnostics);

  const items = model.entries.map((e) => ({
    source: e.source,
    siteId: e.siteId,
    // Scanned as what it is rendered as: untrusted .mdx is Markdown (sanitized), never MDX.
    format: e.renderAs === 'mdx' ? ('mdx' as const) : ('md' as const),
    sanitized: e.renderAs === 'markdown',
  }));
  const stores = scanRecords(options);
  const outputs = await scanEntries(model, items, wording, options, stores);
  const scans = new Map<string, BodyScan>();
  const keys = new Map<string, Record<string, Position>>();
  for (const o of outputs) {
    scans.set(o.source, o.scan);
    keys.set(o.source, o.keys);
    diagnostics.push(...o.diagnostics);
  }
  const links = checkLinks({ model, scans, keys }, options.links);

  // Published attachments: front-matter attachments and files the bodies link to.
  const published = new Map<string, string>();
  for (const [siteId, list] of Object.entries(model.assets)) for (const [file] of list) published.set(file, siteId);
  for (const file of links.files) if (!published.has(file)) published.set(file, file.startsWith('_shared/') ? '' : file.split('/')[0]);
  const scanned: string[] = [];
  const unscanned: UnscannedAttachment[] = [];
  for (const [file, siteId] of [...published].sort(([a], [b]) => a.localeCompare(b))) {
    if (TEXT_ATTACHMENT.test(file)) {
      scanned.push(file);
      const text = fs.readFileSync(path.join(model.contentDir, ...file.split('/')), 'utf8');
      diagnostics.push(...checkPrivacy({ source: file, siteId: siteId || undefined, kind: 'attachment', lines: attachmentLines(text) }));
    } else if (DOCUMENT_ATTACHMENT.test(file)) {
      const found = await documentFindings(model, file, siteId, stores);
      diagnostics.push(...found.diagnostics);
      if (!found.textless || found.textless.pages.length < found.textless.of) scanned.push(file);
      if (found.textless) unscanned.push({ source: file, siteId, textless: found.textless });
    } else unscanned.push({ source: file, siteId });
  }
  stores.write();
  return { wording, scans, keys, links, linkedFiles: linkedFiles(links.placed), attachments: { scanned, unscanned }, diagnostics };
}

/** The content rules over what scanContent read: every finding, the group's overrides applied. */
export function checkScanned(model: RuntimeModel, scan: ContentScan): Omit<ContentCheckResult, 'seconds'> {
  const diagnostics = [...scan.diagnostics];
  const input: GroupRuleInput = { model, scans: scan.scans, keys: scan.keys, columnPositions: columnPositions(model) };
  // Texts pages show that come from configuration and themes: the same privacy and wording rules.
  const compiled = compileWording(scan.wording);
  for (const file of configTexts(model)) diagnostics.push(...checkPrivacy(file), ...checkWording(file, { wording: compiled }));
  const columns = columnStatuses(model);
  const homes = homeStatuses(model, columns);
  diagnostics.push(...scan.links.diagnostics, ...checkDates(input), ...checkColumns(input, columns, homes), ...checkInterpretations(input), ...checkImportant(input), ...checkUntrustedMdx(input));
  return {
    diagnostics: applyRuleOverrides(diagnostics, model.ruleOverrides),
    columns,
    homes,
    heldBack: model.skipped,
    attachments: scan.attachments,
    links: { internal: scan.links.internal, external: scan.links.external },
    wording: scan.wording,
    scanned: scan.scans.size,
  };
}

/** `npm run check`: the content read (scanContent) and every rule run over it (checkScanned). */
export async function checkContent(model: RuntimeModel, options: CheckContentOptions = {}): Promise<ContentCheckResult> {
  const started = performance.now();
  const result = checkScanned(model, await scanContent(model, options));
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** A published attachment not (wholly) read for personal information. */
export interface UnscannedAttachment {
  source: string;
  /** Its site ('' for `_shared/`). */
  siteId: string;
  /** A PDF read, with pages that have no text (scanned images); absent: a format that is not read (images, archives, .doc). */
  textless?: { pages: number[]; of: number };
}

/** Why an attachment was not (wholly) checked, as `check` and the report say it. */
export function unscannedReason(a: UnscannedAttachment): string {
  if (!a.textless) return '这种格式不读取（图片、压缩包、.doc 等）';
  return a.textless.pages.length === a.textless.of ? '扫描的图片，没有文字' : `第 ${a.textless.pages.join('、')} 页没有文字（扫描的图片），其余已检查`;
}

/**
 * The per-file scans of `items`, in their order: from the build's scan store where the file,
 * its treatment, the wording list and the generator are what the stored scan was made for
 * (the scan is a pure function of these), freshly otherwise.
 */
async function scanEntries(model: RuntimeModel, items: ScanItem[], wording: WordingEntry[], options: CheckContentOptions, stores: ScanRecords): Promise<ScanOutput[]> {
  const job = { contentDir: model.contentDir, wording, ...(model.group.traditional ? { traditional: model.traditionalPhrases.map(([k]) => k) } : {}) };
  if (!options.scans) return runScan({ ...job, items }, options.workers);
  const { generator } = options.scans;
  const hashes = new Map(model.entries.map((e) => [e.source, e.sourceHash]));
  const wordingDigest = createHash('sha256').update(JSON.stringify([wording, job.traditional ?? null])).digest('hex');
  const stored = stores.stored;
  const inputs = items.map((i) => `${generator}\0${i.source}\0${hashes.get(i.source)}\0${i.siteId}\0${i.format}\0${i.sanitized}\0${wordingDigest}`);
  // A record this process made or checked from the same input has its key already (the dev server's, on every save).
  const keys = items.map((i, n) => {
    const record = stored.get(i.source);
    return record && keyInputs.get(record) === inputs[n] ? record.key : createHash('sha256').update(inputs[n]).digest('hex');
  });
  const todo = items.filter((i, n) => stored.get(i.source)?.key !== keys[n]);
  const fresh = new Map((todo.length ? await runScan({ ...job, items: todo }, options.workers) : []).map((o) => [o.source, o]));
  return items.map((i, n) => {
    const prior = stored.get(i.source);
    const output = fresh.get(i.source) ?? prior!.output;
    const record = prior?.key === keys[n] && prior.output === output ? prior : { key: keys[n], output };
    keyInputs.set(record, inputs[n]);
    stores.records.set(i.source, record);
    return output;
  });
}

/** The input each scan record made or checked in this process was keyed from (its key is the input's sha256). */
const keyInputs = new WeakMap<{ key: string; output: ScanOutput }, string>();

/** The scan store as one check uses it: what was stored (when reusing) and what this check keeps, written once at its end. */
interface ScanRecords {
  stored: ReadonlyMap<string, { key: string; output: ScanOutput }>;
  records: Map<string, { key: string; output: ScanOutput }>;
  generator: string;
  write(): void;
}

function scanRecords(options: CheckContentOptions): ScanRecords {
  const scans = options.scans;
  const records = new Map<string, { key: string; output: ScanOutput }>();
  return {
    stored: scans?.reuse ? scans.store.read() : new Map(),
    records,
    generator: scans?.generator ?? '',
    write: () => scans?.store.write(records),
  };
}

/**
 * The personal-information findings of a Word or Excel attachment: from the scan store when the
 * file's bytes are those it was read from, else read now (documentText). Kept under
 * `attachment:<path>`.
 */
async function documentFindings(model: RuntimeModel, file: string, siteId: string, stores: ScanRecords): Promise<{ diagnostics: Diagnostic[]; textless?: DocumentText['textless'] }> {
  const bytes = fs.readFileSync(path.join(model.contentDir, ...file.split('/')));
  const key = createHash('sha256').update(`${stores.generator}\0${file}\0${siteId}\0`).update(bytes).digest('hex');
  const id = `attachment:${file}`;
  const kept = stores.stored.get(id);
  let found: Diagnostic[];
  let textless: DocumentText['textless'];
  if (kept?.key === key) ({ diagnostics: found, textless } = kept.output);
  else {
    try {
      const text = await documentText(path.basename(file), bytes);
      found = checkPrivacy({ source: file, siteId: siteId || undefined, kind: 'attachment', lines: text.lines });
      textless = text.textless;
    } catch (error) {
      if (!(error instanceof UnreadableDocument)) throw error;
      found = [diagnostic('AttachmentUnreadable', { detail: error.message }, { file, ...(siteId ? { siteId } : {}) })];
    }
  }
  stores.records.set(id, { key, output: { source: file, scan: { links: [], tags: [] }, keys: {}, diagnostics: found, ...(textless ? { textless } : {}) } });
  return { diagnostics: found, textless };
}

/** wording.yaml (optional), validated like every config file (read only from inside the tree); the starter list when absent. */
export function readWording(contentDir: string, diagnostics: Diagnostic[]): WordingEntry[] {
  const file = new ContentTree(contentDir).readConfig(WORDING_FILE);
  if (file.problem) diagnostics.push(diagnostic('SymlinkEntry', { target: file.problem.kind === 'symlink-entry' ? file.problem.target : '' }, { file: WORDING_FILE }));
  if (file.text === undefined) return wordingList(undefined);
  const result = parseAndValidate(WordingFileSchema, file.text, { file: WORDING_FILE });
  diagnostics.push(...result.diagnostics);
  return wordingList(result.value);
}

/** Where each column's `id` is written in site.yaml (from the parsed file the loader kept). */
function columnPositions(model: RuntimeModel): Map<string, Position> {
  const out = new Map<string, Position>();
  for (const site of model.sites) {
    const file = `${site.id}/site.yaml`;
    const parsed = model.configs.get(file);
    if (!parsed) continue;
    for (const c of site.config.columns) {
      const i = writtenIndex(parsed, ['columns'], (item) => item.id === c.id);
      out.set(`${site.id}/${c.id}`, positionOf(parsed, ['columns', i, 'id'], { file }));
    }
  }
  return out;
}

/**
 * The published texts of the configuration (site.yaml fields the header, footer and notices
 * show; the group's name) and of the themes' slot fragments, as text files for the text rules.
 */
function configTexts(model: RuntimeModel): TextFile[] {
  const out: TextFile[] = [];
  for (const [file, parsed] of model.configs) {
    const siteId = file === 'group.yaml' ? undefined : file.split('/')[0];
    const paths = siteId ? PUBLISHED_SITE_CONFIG : [['name']];
    out.push({ source: file, siteId, kind: 'config', lines: yamlTexts(parsed, paths) });
  }
  const themes = new Map(model.sites.map((s) => [s.theme.id, s.theme]));
  for (const theme of themes.values()) {
    for (const [slot, html] of Object.entries(theme.slotHtml)) {
      const rel = theme.slots[slot as keyof typeof theme.slots];
      if (html && rel) out.push({ source: `themes/${theme.id}/${rel}`, kind: 'config', lines: attachmentLines(html) });
    }
  }
  return out;
}

/** The files body links publish, each once per site folder it is copied into. */
function linkedFiles(placed: readonly [string, string, string][]): [string, string, string][] {
  const out = new Map<string, [string, string, string]>();
  for (const p of placed) out.set(`${p[0]}\n${p[2]}`, p);
  return [...out.values()].sort((a, b) => a[0].localeCompare(b[0]) || a[2].localeCompare(b[2]));
}
