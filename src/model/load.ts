/**
 * The loader: reads a content directory (content contract v1) into a typed `GroupModel`,
 * collecting every problem on the way instead of stopping at the first. Nothing here renders.
 *
 * One bad field hides nothing: a configuration file with mistakes is reported at each mistake
 * and then used as far as it is right (`parseValidateRecover`), so every site's content is
 * still loaded and checked in the same run. Content that is not ready (a draft, not marked
 * 主动公开, an incomplete or missing 三审 record) is held back with its reason, never an error.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ArticleFrontmatterSchema, DISCLOSURES, type ArticleFrontmatter } from '../config/article.ts';
import { GroupConfigSchema, type GroupConfig } from '../config/group.ts';
import { DROP, parseAndValidate, parseValidateRecover, parseYaml, positionOf, validate, writtenIndex, type ParsedYaml, type Placeholder } from '../config/parse.ts';
import { ID_PATTERN, type JiyueDate } from '../config/primitives.ts';
import { SiteConfigSchema, type SiteConfig } from '../config/site.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { applyRuleOverrides, resolveRuleOverrides } from '../errors/overrides.ts';
import { isArchivedSite, isClosedSite, offlineNoticeOnHome } from '../lifecycle/status.ts';
import { LAZY_FACETS_FROM } from '../search/limits.ts';
import { checkLifecycleConfig } from '../lifecycle/config-checks.ts';
import { findMdxCode } from '../markdown/mdx-guard.ts';
import { PATTERNS } from '../pagespec/page-spec.ts';
import { RESERVED_IDS, routes, slugFromName } from '../urls/urls.ts';
import { extensionOf, svgProblems } from './attachments.ts';
import { republishImportant } from './important.ts';
import { supervisionPeriods } from './supervision.ts';
import { aliasList } from './aliases.ts';
import { assignIndexNumbers, type PublishedIndexNumbers } from './index-numbers.ts';
import { deriveInterpretations } from './interpretations.ts';
import { createLinkIndex, resolveLink, type LinkTarget } from './links.ts';
import { BODY_LIMIT_LABELS, BODY_LIMITS, bodyTooComplex, bodyTooDeep, MAX_NESTING } from './limits.ts';
import { decodeSource, MAX_SOURCE_BYTES, splitSource, type SourceProblem } from './source.ts';
import { loadThemes } from './themes.ts';
import { ContentTree, walkFiles, type TreeEntry, type TreeFile, type TreeProblem } from './tree.ts';
import type { AttachmentModel, EntryModel, ExternalDocument, GroupModel, SiteModel, SkipReason, SkippedModel, ThemeModel } from './types.ts';
import { walkOf, type SiteWalk, type TrustedChanges, type WatchedTree } from './watched.ts';

export interface LoadOptions {
  /** Content directory (absolute or relative to cwd). */
  contentDir: string;
  /** Folder holding the themes (`themes/<name>/theme.yaml`). */
  themesDir: string;
  /** "Today". */
  now: JiyueDate;
  /** Sites to render; empty or undefined means all. */
  sites?: string[];
  /** 索引号 published by the previous build (its manifest), kept for the same pages. */
  publishedIndexNumbers?: PublishedIndexNumbers;
  /**
   * The build cache's front matters (`frontmatter.json`): a Markdown file whose bytes, path and
   * generator are those of a kept record is not parsed and validated again; its record gives
   * the same findings and values. `reuse` false (`--full`) reads none and writes them all anew.
   */
  frontMatter?: {
    store: FrontMatterStore;
    generator: string;
    reuse: boolean;
    /**
     * A file whose metadata (size, modification and change times in nanoseconds, inode) are those
     * its kept record was made with is not read again (`statKey`), as git trusts its index. The
     * change time cannot be set back by a program (only by the system clock), so a rewrite
     * always shows; `--full` (`reuse` false) reads every file.
     */
    trustStat?: boolean;
  };
  /** From this many published pages the portal's search loads its facets on request (default `LAZY_FACETS_FROM`). */
  lazyFacetsFrom?: number;
  /**
   * The YAML of the site.yaml files as last parsed, by file and text (the dev server's, in
   * memory): an unchanged file is not parsed again; validation and everything after it run as
   * always (they make new values, which the loader may change). Holds what this load used.
   */
  siteYaml?: { read(): ReadonlyMap<string, ReturnType<typeof parseYaml>>; write(used: ReadonlyMap<string, ReturnType<typeof parseYaml>>): void };
  /**
   * The dev server's file watcher (watched.ts): what changed since the last load with the same
   * `frontMatter` store. A Markdown file it does not name keeps its record without a stat or a
   * read, and a site folder with no new or vanished names is not walked again.
   */
  watched?: WatchedTree;
}

/**
 * What a Markdown file's own bytes give the loader: its findings (positions included) and, when
 * it is valid and not held back, its front matter. Nothing in it depends on other files.
 */
export interface FrontMatterRecord {
  /** sha256 of the generator, the file's path and its bytes. */
  key: string;
  /** sha256 of the file's bytes (`EntryModel.sourceHash`). */
  sourceHash: string;
  /** With `trustStat`: the file's metadata when it was read (`statKey`). */
  stat?: string;
  /** Findings of the YAML and the schema, as found (a held-back file's become warnings). */
  found: Diagnostic[];
  /** The body's nesting finding, if any. */
  deep: Diagnostic[];
  reason?: SkipReason;
  value?: ArticleFrontmatter;
  bodyLine: number;
}

export interface FrontMatterStore {
  read(): Map<string, FrontMatterRecord>;
  write(records: ReadonlyMap<string, FrontMatterRecord>): void;
}

export interface LoadResult {
  model?: GroupModel;
  diagnostics: Diagnostic[];
  /**
   * The parsed configuration files (group.yaml, every site.yaml), by content-relative path:
   * later stages read positions and texts from them instead of parsing the files again.
   */
  configs: Map<string, ParsedYaml>;
}

interface SiteRecord {
  config: SiteConfig;
  parsed?: ParsedYaml;
  /** Dotted paths of site.yaml that hold a stand-in (the file is wrong there, already reported). */
  recovered: Set<string>;
}

export function loadGroup(options: LoadOptions): LoadResult {
  const tree = new ContentTree(options.contentDir);
  const contentDir = tree.root;
  const diagnostics: Diagnostic[] = [];
  const configs = new Map<string, ParsedYaml>();
  const report = (d: Diagnostic) => diagnostics.push(d);
  const reportTree = (p: TreeProblem) => report(treeDiagnostic(p));
  const out: Findings = { diagnostics, report, reportTree };

  // Taken first: a change made while this load runs is the next load's.
  const trusted = options.watched?.begin();
  const groupRead = readGroupFile(tree, out, configs);
  if (!groupRead) return { diagnostics, configs };
  const { group, groupParsed, groupRecovered } = groupRead;
  const { files, rawEntries, siteRecords, walks } = readSites(tree, group, out, configs, options.siteYaml, trusted);

  const rules = resolveRuleOverrides(group.rules, groupParsed);
  diagnostics.push(...rules.diagnostics);
  crossCheckSites(group, groupParsed, groupRecovered, siteRecords, report);
  // Lifecycle (src/lifecycle): closure limits, migration targets, redirects; a closure outside its period becomes active here.
  checkLifecycleConfig(group, new Map([...siteRecords].filter(([, r]) => r.parsed).map(([id, r]) => [id, { config: r.config, parsed: r.parsed! }])), options.now, report);

  // Themes (a site whose theme is missing is still checked, with the group's theme).
  const wanted = new Set([group.theme, ...[...siteRecords.values()].map((s) => s.config.theme ?? group.theme)]);
  const themes = loadThemes(options.themesDir, wanted, report);

  const trustedMdx = new Set(group.trustedMdx);
  const { candidates, skipped, invalid } = readEntries(tree, rawEntries, trustedMdx, options.frontMatter, out, unchangedSince(trusted, walks));
  options.watched?.finish(walks);
  const { linkIndex, unsafeSvg } = indexLinks(tree, files, candidates, skipped, invalid, siteRecords);
  const { entries, assets, positions } = entryModels(candidates, siteRecords, linkIndex, trustedMdx, report);
  // Policy ↔ 解读: written once, on either side; the other direction is derived.
  deriveInterpretations(entries, (source, key) => positions.get(source)!([key]), report);
  const sites = siteModels(siteRecords, entries, themes, group);

  // 索引号: explicit ones checked for duplicates, the others generated (stable) or kept from the previous build.
  assignIndexNumbers(entries, new Map(sites.map((s) => [s.id, s.config.siteCode])), options.publishedIndexNumbers, (e) => positions.get(e.source)!(['indexNumber']), report);

  // 重要政策信息: republished on every active department that names a column for them (聊城 第三十二条).
  const portalSite = sites.find((s) => s.id === group.portal);
  const republished = portalSite ? republishImportant(entries, sites, portalSite, compareNewest) : [];

  const known = new Set(sites.map((s) => s.id));
  const selected = options.sites?.length ? options.sites : sites.map((s) => s.id);
  for (const s of selected) {
    if (!known.has(s)) report(diagnostic('CliBadArgument', { detail: `--site ${s}：网站群中没有这个站点（已有：${[...known].join('、')}）` }));
  }
  if (!known.has(group.portal)) return { diagnostics: applyRuleOverrides(diagnostics, rules.overrides), configs };

  const model: GroupModel = {
    contentDir,
    group,
    sites,
    entries,
    republished,
    skipped,
    now: options.now,
    selectedSites: selected.filter((s) => known.has(s)),
    assets,
    files: files.map((f) => f.path).sort(),
    fileReal: Object.fromEntries(files.filter((f) => f.real !== f.path).map((f) => [f.path, f.real])),
    unsafeSvg,
    invalid,
    ruleOverrides: rules.overrides,
    traditionalPhrases: readPhrases(tree, report),
    ...searchAliasLists(tree, sites, report),
    supervisionPeriods: group.supervision ? supervisionPeriods(entries, options.now) : { months: [], years: [] },
    offlineNotices: sites.filter((s) => s.id !== group.portal && offlineNoticeOnHome(s, options.now)).map((s) => s.id),
    ...searchFacts(entries, sites, new Set(selected), options.lazyFacetsFrom ?? LAZY_FACETS_FROM),
  };
  return { model, diagnostics: applyRuleOverrides(diagnostics, rules.overrides), configs };
}

/** Where the loader's findings go: the list, and the two ways of adding to it. */
interface Findings {
  diagnostics: Diagnostic[];
  report: (d: Diagnostic) => void;
  reportTree: (p: TreeProblem) => void;
}

/** group.yaml, validated, with stand-ins where it is wrong (each reported); none when the file cannot be read. */
function readGroupFile(tree: ContentTree, out: Findings, configs: Map<string, ParsedYaml>): { group: GroupConfig; groupParsed?: ParsedYaml; groupRecovered: Set<string> } | undefined {
  const groupFile = tree.readConfig('group.yaml');
  if (groupFile.problem) out.reportTree(groupFile.problem);
  if (groupFile.text === undefined) {
    if (groupFile.missing) out.report(diagnostic('ConfigFileMissing', { file: 'group.yaml' }, { file: 'group.yaml' }));
    return undefined;
  }
  const portalGuess = guessPortal(tree);
  const groupResult = parseValidateRecover(GroupConfigSchema, groupFile.text, { file: 'group.yaml' }, groupPlaceholder(portalGuess));
  out.diagnostics.push(...groupResult.diagnostics);
  // A group.yaml that cannot even be parsed: check the content against stand-in settings.
  const group: GroupConfig = groupResult.value ?? GroupConfigSchema.parse({ name: '（group.yaml 有错误）', regionCode: '000000', portal: portalGuess ?? 'www' });
  const groupRecovered = groupResult.value ? groupResult.recovered : new Set(['name', 'regionCode', 'portal', 'urlMode', 'baseUrl']);
  const groupParsed = groupResult.parsed;
  if (groupParsed) configs.set('group.yaml', groupParsed);
  return { group, groupParsed, groupRecovered };
}

/**
 * Every site folder (its site.yaml, validated with stand-ins, and its tree of entries and files)
 * and `_shared/`. A folder whose site.yaml cannot be read is reported, naming its content as not
 * published, and left out.
 */
function readSites(
  tree: ContentTree,
  group: GroupConfig,
  out: Findings,
  configs: Map<string, ParsedYaml>,
  siteYaml: LoadOptions['siteYaml'],
  trusted: TrustedChanges | undefined,
): { files: TreeFile[]; rawEntries: TreeEntry[]; siteRecords: Map<string, SiteRecord>; walks: Map<string, SiteWalk> } {
  const { report, reportTree, diagnostics } = out;
  const contentDir = tree.root;
  const files: TreeFile[] = [];
  const rawEntries: TreeEntry[] = [];
  const siteRecords = new Map<string, SiteRecord>();
  const walks = new Map<string, SiteWalk>();
  const keptYaml = siteYaml?.read();
  const usedYaml = new Map<string, ReturnType<typeof parseYaml>>();
  // The diagnostics list is the caller's to add to: each use gets its own copy.
  const parse: typeof parseYaml = (text, src) => {
    const key = `${src.file}\0${text}`;
    const r = keptYaml?.get(key) ?? parseYaml(text, src);
    usedYaml.set(key, r);
    return { ...r, diagnostics: [...r.diagnostics] };
  };
  const names = fs.readdirSync(contentDir).filter((n) => !n.startsWith('.') && n !== 'group.yaml' && n !== 'wording.yaml' && n !== PHRASES_FILE && n !== ALIASES_FILE).sort((a, b) => a.localeCompare(b));
  for (const name of names) {
    const r = tree.resolve(name);
    if (r.real === undefined) {
      reportTree({ kind: 'symlink-outside', path: name, target: tree.target(name) });
      continue;
    }
    if (!r.isDirectory) {
      reportTree({ kind: 'unexpected-file', path: name });
      continue;
    }
    if (name === '_shared') {
      walkFiles(tree, name, files, reportTree);
      continue;
    }
    if (!ID_PATTERN.test(name)) {
      reportTree({ kind: 'bad-name', path: name, name, what: 'site' });
      continue;
    }
    if (RESERVED_IDS.includes(name)) {
      reportTree({ kind: 'reserved', path: name, name, what: 'site' });
      continue;
    }
    const siteFile = `${name}/site.yaml`;
    const src = { file: siteFile, siteId: name };
    const text = tree.readConfig(siteFile);
    if (text.problem?.kind === 'symlink-entry') report(diagnostic('SymlinkEntry', { target: text.problem.target, detail: `；站点目录 ${name}/ 中的内容不会发布` }, src));
    else if (text.problem) reportTree(text.problem);
    if (text.text === undefined) {
      // Never dropped in silence: the folder's content is named, and the site is not published.
      if (text.missing) report(diagnostic('ConfigFileMissing', { file: siteFile, detail: `：站点目录 ${name}/ 中的内容不会发布，也不会检查` }, src));
      continue;
    }
    const result = parseValidateRecover(SiteConfigSchema, text.text, src, sitePlaceholder(name, group), parse);
    diagnostics.push(...result.diagnostics);
    const record: SiteRecord = result.value
      ? { config: result.value, parsed: result.parsed, recovered: result.recovered }
      : { config: standInSite(tree, name, group), recovered: new Set(['*']) };
    if (result.parsed) configs.set(siteFile, result.parsed);
    siteRecords.set(name, record);
    // The walk depends on the folder's names and kinds and on site.yaml: kept while neither changed.
    const walk = walkOf(trusted, contentDir, name, text.text) ?? walkSite(tree, name, record, text.text);
    walks.set(name, walk);
    rawEntries.push(...walk.entries);
    files.push(...walk.files);
    // Copies: the list is the caller's to change.
    for (const d of walk.diagnostics) report({ ...d });
  }
  siteYaml?.write(usedYaml);

  return { files, rawEntries, siteRecords, walks };
}

/** A site folder walked (readSiteTree), with what the walk listed. */
function walkSite(tree: ContentTree, siteId: string, record: SiteRecord, siteYaml: string): SiteWalk {
  const entries: TreeEntry[] = [];
  const files: TreeFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const { seen, plain } = tree.recording(() => readSiteTree(tree, siteId, record, entries, files, (p) => report(treeDiagnostic(p)), report));
  return { siteYaml, seen, plain, entries, files, diagnostics };
}

/**
 * The Markdown files this load may take as unchanged without looking: none a change names, in a
 * site walked plainly now and before (a symlinked folder is watched under its real name only).
 */
function unchangedSince(trusted: TrustedChanges | undefined, walks: ReadonlyMap<string, SiteWalk>): ((raw: TreeEntry) => boolean) | undefined {
  if (!trusted) return undefined;
  return (raw) => !trusted.changes.has(raw.source) && walks.get(raw.siteId)?.plain === true && trusted.walks.get(raw.siteId)?.plain === true;
}

/** An entry that will be published: its tree entry, front matter and (lazily) parsed YAML for positions. */
interface Candidate {
  raw: TreeEntry;
  data: ArticleFrontmatter;
  parsed: () => ParsedYaml;
  bodyLine: number;
  sourceHash: string;
}

/**
 * Each entry's source file: decoded, split, its front matter parsed and validated, its body's
 * limits checked, and its publish decision (held back: a draft, not 主动公开, not reviewed) —
 * from the front-matter store when the file's bytes are those it was read from.
 */
function readEntries(
  tree: ContentTree,
  rawEntries: readonly TreeEntry[],
  trusted: ReadonlySet<string>,
  cache: LoadOptions['frontMatter'],
  out: Findings,
  unchanged?: (raw: TreeEntry) => boolean,
): { candidates: Candidate[]; skipped: SkippedModel[]; invalid: GroupModel['invalid'] } {
  const { report, diagnostics } = out;
  const candidates: Candidate[] = [];
  const skipped: SkippedModel[] = [];
  const invalid: GroupModel['invalid'] = [];
  const markInvalid = (raw: TreeEntry) => invalid.push(linkTargetOf(raw));
  const kept = cache?.reuse ? cache.store.read() : new Map<string, FrontMatterRecord>();
  const keep = new Map<string, FrontMatterRecord>();
  for (const raw of rawEntries) {
    const at = (p: SourceProblem) => ({ file: raw.source, line: p.line, column: p.column, siteId: raw.siteId });
    const prior = kept.get(raw.source);
    // Not looked at when the file watcher saw no change; else read only when the metadata do not
    // say the file is the one its record was made from.
    const same = prior !== undefined && unchanged?.(raw) === true;
    const stat = same ? prior.stat : cache?.trustStat ? statKey(tree, raw.source) : undefined;
    let read: Buffer | undefined;
    const bytes = () => (read ??= tree.readBytes(raw.source));
    const sourceHash = same || (stat !== undefined && prior?.stat === stat) ? prior!.sourceHash : sha256(bytes());
    const src = (split: { yamlLine: number }) => ({ file: raw.source, lineOffset: split.yamlLine - 1, siteId: raw.siteId });
    /** The YAML of the file, parsed again: positions are only needed for a finding. */
    const reparse = () => {
      const { split } = splitSource(decodeSource(bytes()).text!);
      return parseYaml(split!.yaml, src(split!)).parsed!;
    };
    // Markdown only: whether an .mdx file is trusted is decided by group.yaml, not by its bytes.
    // An unchanged file's record made by this process with this generator has its key already.
    const key = cache && raw.format === 'md' ? (same && keyedWith.get(prior) === cache.generator ? prior.key : sha256(`${cache.generator}\0${raw.source}\0${sourceHash}`)) : undefined;
    let record = key ? prior : undefined;
    if (record?.key !== key) record = undefined;
    let split: ReturnType<typeof splitSource>['split'];
    let parsed: ParsedYaml | undefined;
    if (!record) {
      const decoded = decodeSource(bytes());
      if (decoded.problem) {
        report(sourceDiagnostic(decoded.problem, at(decoded.problem)));
        markInvalid(raw);
        continue;
      }
      const splitResult = splitSource(decoded.text!);
      split = splitResult.split;
      if (splitResult.problem || !split) {
        report(sourceDiagnostic(splitResult.problem!, at(splitResult.problem!)));
        markInvalid(raw);
        continue;
      }
      const yaml = parseYaml(split.yaml, src(split));
      if (!yaml.parsed) {
        diagnostics.push(...yaml.diagnostics);
        markInvalid(raw);
        continue;
      }
      parsed = yaml.parsed;
      // Held back first: a draft, content not (yet) marked 主动公开 or not (fully) reviewed is
      // not ready; its remaining mistakes are reported as warnings and block nothing.
      const reason = heldBackReason(yaml.parsed.data);
      const result = validate(ArticleFrontmatterSchema, yaml.parsed, src(split));
      const deep = reason ? undefined : bodyTooDeep(split.body);
      const complex = reason || deep ? undefined : bodyTooComplex(split.body);
      record = {
        key: key ?? '',
        sourceHash,
        found: [...yaml.diagnostics, ...result.diagnostics],
        deep: [
          ...(deep ? [diagnostic('BodyTooDeep', { depth: deep.depth, max: MAX_NESTING }, { file: raw.source, line: deep.line + split.bodyLine - 1, siteId: raw.siteId })] : []),
          ...(complex ? [diagnostic('BodyTooComplex', { ...BODY_LIMIT_LABELS[complex.limit], count: complex.count, max: BODY_LIMITS[complex.limit] }, { file: raw.source, line: complex.line + split.bodyLine - 1, siteId: raw.siteId })] : []),
        ],
        ...(reason ? { reason } : {}),
        ...(result.value ? { value: result.value } : {}),
        bodyLine: split.bodyLine,
      };
    }
    if (key) {
      const kept = stat === undefined || record.stat === stat ? record : { ...record, stat };
      keyedWith.set(kept, cache!.generator);
      keep.set(raw.source, kept);
    }
    if (record.reason) {
      diagnostics.push(...record.found.map((d) => ({ ...d, severity: 'warning' as const })));
      skipped.push({ source: raw.source, siteId: raw.siteId, reason: record.reason });
      continue;
    }
    diagnostics.push(...record.found);
    if (raw.format === 'mdx' && !isTrusted(trusted, raw)) {
      // Rendered as Markdown, never compiled: code in it would show as text, so it is an error.
      // (Not being valid MDX does not matter here: it is Markdown.) Never from the cache: .mdx files are not kept.
      const { findings } = findMdxCode(split!.body);
      const folder = `${raw.siteId}/${raw.columnId}`;
      for (const f of findings) report(diagnostic('MdxUntrusted', { what: f.what, folder }, { file: raw.source, line: f.line && f.line + split!.bodyLine - 1, column: f.column, siteId: raw.siteId }));
    }
    diagnostics.push(...record.deep);
    // Past a limit (nesting, complexity): never parsed, scanned or rendered; links to it are not reported again.
    if (!record.value || record.deep.length) {
      markInvalid(raw);
      continue;
    }
    let lazy = parsed;
    candidates.push({ raw, data: record.value, parsed: () => (lazy ??= reparse()), bodyLine: record.bodyLine, sourceHash });
  }
  if (cache) cache.store.write(keep);

  return { candidates, skipped, invalid };
}

/** The generator each front-matter record made or checked in this process was keyed with (its key is sha256 of it, the path and the bytes). */
const keyedWith = new WeakMap<FrontMatterRecord, string>();

/** How recent a change may be for the metadata to be trusted: the file system's clock ticks coarsely. */
const RACY_NS = 2_000_000_000n;

/**
 * A file's size, modification and change times (nanoseconds) and inode: what a rewrite changes.
 * Undefined for a file changed in the last two seconds: the kernel stamps times with a coarse
 * clock (a few milliseconds), so a second write of the same size within one tick would keep them
 * (git's "racily clean" entries); such a file is read by its bytes until it has been quiet.
 */
function statKey(tree: ContentTree, rel: string): string | undefined {
  const st = fs.statSync(path.join(tree.root, ...rel.split('/')), { bigint: true });
  const latest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
  if (BigInt(Date.now()) * 1_000_000n - latest < RACY_NS) return undefined;
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

/** The link index of the group (link-index.ts): every published or refused entry, every file, and the SVGs that are not pure drawing. */
function indexLinks(
  tree: ContentTree,
  files: readonly TreeFile[],
  candidates: readonly Candidate[],
  skipped: readonly SkippedModel[],
  invalid: GroupModel['invalid'],
  siteRecords: ReadonlyMap<string, SiteRecord>,
): { linkIndex: ReturnType<typeof createLinkIndex>; unsafeSvg: Record<string, string> } {
  // An SVG is published only when it is pure drawing (attachments.ts): read each once here.
  const unsafeSvg: Record<string, string> = {};
  for (const f of files) {
    if (extensionOf(f.real) !== 'svg' || f.real in unsafeSvg) continue;
    const problems = svgProblems(tree.readBytes(f.real).toString('utf8'));
    if (problems.length) unsafeSvg[f.real] = problems.join('；');
  }
  const linkIndex = createLinkIndex({
    targets: [...invalid, ...candidates.map(({ raw }) => linkTargetOf(raw))],
    unpublished: skipped,
    files,
    unsafeSvg,
    sites: [...siteRecords].map(([id, { config }]) => ({ id, columnIds: config.columns.map((c) => c.id), closed: config.status === 'closed' })),
  });
  return { linkIndex, unsafeSvg };
}

/** Each published entry as the model holds it, its front-matter links resolved (a policy's 解读, attachments), and the attachments each site publishes. */
function entryModels(
  candidates: readonly Candidate[],
  siteRecords: ReadonlyMap<string, SiteRecord>,
  linkIndex: ReturnType<typeof createLinkIndex>,
  trusted: ReadonlySet<string>,
  report: (d: Diagnostic) => void,
): {
  entries: EntryModel[];
  assets: Record<string, [string, string][]>;
  positions: Map<string, (keyPath: (string | number)[]) => { file: string; siteId: string; line?: number; column?: number }>;
} {
  const assets: Record<string, [string, string][]> = {};
  const addAsset = (siteId: string, file: string, route: string) => (assets[siteId] ??= []).push([file, route]);

  const entries: EntryModel[] = [];
  const positions = new Map<string, (keyPath: (string | number)[]) => { file: string; siteId: string; line?: number; column?: number }>();
  for (const { raw, data, parsed, bodyLine, sourceHash } of candidates) {
    const site = siteRecords.get(raw.siteId)!.config;
    const src = { file: raw.source, lineOffset: 1, siteId: raw.siteId };
    const at = (keyPath: (string | number)[]) => ({ file: raw.source, siteId: raw.siteId, ...positionOf(parsed(), keyPath, src) });
    positions.set(raw.source, at);
    const entryLink = (key: 'interpretation' | 'interprets'): string | undefined => {
      const href = data[key];
      if (!href || typeof href !== 'string') return undefined;
      const r = resolveLink(linkIndex, href, raw.source);
      if (r.kind === 'internal' && r.entryId) return r.entryId;
      if (r.kind === 'error') report({ ...r.diagnostic, ...at([key]) });
      else report({ ...diagnostic('LinkNotArticle', { href }), ...at([key]) });
      return undefined;
    };
    const attachments = data.attachments.flatMap((a, i): AttachmentModel[] => {
      if ('url' in a) return [externalDocument(a)];
      const r = resolveLink(linkIndex, a.file, raw.source);
      if (r.kind === 'internal' && r.file) {
        addAsset(r.siteId, r.file, r.route);
        return [{ title: a.title, source: r.file, siteId: r.siteId, route: r.route }];
      }
      if (r.kind === 'error') report({ ...r.diagnostic, ...at(['attachments', i, 'file']) });
      else report({ ...diagnostic('LinkBroken', { href: a.file }), ...at(['attachments', i, 'file']) });
      return [];
    });
    const column = site.columns.find((c) => c.id === raw.columnId);
    const archivedDay = data.archived?.day ?? column?.archived?.day;
    const { id, route } = linkIndex.published.get(raw.source)!;
    const interpretation = entryLink('interpretation');
    const interprets = entryLink('interprets');
    entries.push({
      id,
      source: raw.source,
      siteId: raw.siteId,
      columnId: raw.columnId,
      slug: raw.slug,
      kind: raw.kind,
      format: raw.format,
      renderAs: raw.format === 'mdx' && isTrusted(trusted, raw) ? 'mdx' : 'markdown',
      route,
      data,
      indexNumber: '',
      interpretationIds: interpretation ? [interpretation] : [],
      interpretsIds: interprets ? [interprets] : [],
      ...(typeof data.interpretation === 'object' ? { externalInterpretation: externalDocument(data.interpretation) } : {}),
      ...(typeof data.interprets === 'object' ? { externalInterprets: externalDocument(data.interprets) } : {}),
      attachments,
      ...(archivedDay ? { archivedDay } : {}),
      sourceHash,
      bodyLine,
    });
  }
  return { entries, assets, positions };
}

/** The sites in order (portal first, then folder order), each with its entries per column newest first. */
function siteModels(siteRecords: ReadonlyMap<string, SiteRecord>, entries: readonly EntryModel[], themes: ReturnType<typeof loadThemes>, group: GroupConfig): SiteModel[] {
  const byEntry = new Map(entries.map((e) => [e.id, e]));
  const bySite = new Map<string, EntryModel[]>();
  for (const e of entries) {
    const list = bySite.get(e.siteId);
    if (list) list.push(e);
    else bySite.set(e.siteId, [e]);
  }
  const sites: SiteModel[] = [];
  const fallbackTheme = themes.get(group.theme) ?? themes.values().next().value;
  for (const [id, { config }] of siteRecords) {
    const theme = themes.get(config.theme ?? group.theme) ?? fallbackTheme;
    if (!theme) continue; // no theme loads at all: every theme problem is reported already
    const columnEntries: Record<string, string[]> = {};
    for (const c of config.columns) columnEntries[c.id] = [];
    const pageEntries: string[] = [];
    for (const e of bySite.get(id) ?? []) {
      if (e.kind === 'page') pageEntries.push(e.id);
      else columnEntries[e.columnId]?.push(e.id);
    }
    for (const list of Object.values(columnEntries)) list.sort((a, b) => compareNewest(byEntry.get(a)!, byEntry.get(b)!));
    pageEntries.sort();
    sites.push({ id, config, theme: theme as ThemeModel, columnEntries, pageEntries, identitySiteId: id });
  }
  // Portal first, then departments in folder order: the order of the directory and the manifest.
  sites.sort((a, b) => Number(b.id === group.portal) - Number(a.id === group.portal) || a.id.localeCompare(b.id));
  // An archived site's registration is cancelled when it goes offline: its pages, served by the
  // portal, carry the portal's identity (网站标识码, ICP, 公安备案…); banner and header name it.
  if (sites.some((s) => s.id === group.portal)) {
    for (const s of sites) if (isArchivedSite(s)) s.identitySiteId = group.portal;
  }
  return sites;
}

/**
 * What the search indexes hold: the published pages of the sites that are not closed (republished
 * items are not in `entries`: they are found at their original). A site with none has no index.
 * Indexed sites are those of this build (`--site`): the portal's group index holds only them.
 */
function searchFacts(entries: readonly EntryModel[], sites: readonly SiteModel[], selected: ReadonlySet<string>, lazyFacetsFrom: number): Pick<GroupModel, 'indexedSites' | 'lazyGroupFacets'> {
  const closed = new Set(sites.filter((s) => isClosedSite(s)).map((s) => s.id));
  const searched = entries.filter((e) => !closed.has(e.siteId));
  const indexed = new Set(searched.map((e) => e.siteId));
  return { indexedSites: sites.filter((s) => indexed.has(s.id) && selected.has(s.id)).map((s) => s.id), lazyGroupFacets: searched.length >= lazyFacetsFrom };
}

function isTrusted(trusted: ReadonlySet<string>, raw: Pick<TreeEntry, 'siteId' | 'columnId'>): boolean {
  return trusted.has(raw.siteId) || trusted.has(`${raw.siteId}/${raw.columnId}`);
}

/**
 * Why content is not published, from its front matter as written (before validation, so a
 * draft with mistakes is still a draft): draft, no 公开属性 yet, not 主动公开, 三审 incomplete.
 * A 公开属性 that is not one of the three values is a mistake, not a state: no reason here.
 */
function heldBackReason(data: unknown): SkipReason | undefined {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (['true', 'yes', 'on', '是'].includes(str(d.draft).toLowerCase())) return 'draft';
  const disclosure = str(d.disclosure);
  if (!disclosure) return 'no-disclosure';
  if ((DISCLOSURES as readonly string[]).includes(disclosure) && disclosure !== '主动公开') return 'not-public';
  const review = (d.review && typeof d.review === 'object' ? d.review : {}) as Record<string, unknown>;
  if (!str(review.first) || !str(review.second) || !str(review.final)) return 'not-reviewed';
  return undefined;
}

/** The id and route an entry is (or would be) published at. */
function linkTargetOf(raw: TreeEntry): LinkTarget {
  return {
    source: raw.source,
    id: `${raw.siteId}/${raw.columnId}/${raw.slug}`,
    siteId: raw.siteId,
    route: raw.kind === 'page' ? routes.singlePage(raw.slug) : routes.article(raw.columnId, raw.slug),
  };
}

function compareNewest(a: EntryModel, b: EntryModel): number {
  return b.data.date.epoch - a.data.date.epoch || a.slug.localeCompare(b.slug);
}

function sourceDiagnostic(p: SourceProblem, where: Omit<Diagnostic, 'ruleId' | 'severity' | 'message' | 'hint'>): Diagnostic {
  switch (p.kind) {
    case 'encoding':
      return diagnostic('FileEncoding', { gbk: p.detail }, where);
    case 'control-char':
      return diagnostic('FileControlChar', { char: p.detail }, where);
    case 'line-break':
      return diagnostic('FileLineBreak', { char: p.detail }, where);
    case 'too-large':
      return diagnostic('FileTooLarge', { size: p.detail, limit: `${MAX_SOURCE_BYTES / 1024 / 1024} MB` }, where);
    case 'no-frontmatter':
      return diagnostic('FrontmatterMissing', {}, where);
    case 'unclosed':
      return diagnostic('FrontmatterUnclosed', {}, where);
    case 'ambiguous-delimiter':
      return diagnostic('FrontmatterDelimiter', { text: p.detail }, where);
  }
}

function treeDiagnostic(p: TreeProblem): Diagnostic {
  const siteId = /^[a-z0-9][a-z0-9-]*(?=\/)/.exec(p.path)?.[0];
  const where = { file: p.path, ...(siteId && siteId !== '_shared' ? { siteId } : {}) };
  switch (p.kind) {
    case 'symlink-outside':
      return diagnostic('SymlinkOutside', { target: p.target }, where);
    case 'symlink-entry':
      return diagnostic('SymlinkEntry', { target: p.target }, where);
    case 'unexpected-file':
      return diagnostic('UnexpectedFile', { name: p.path }, where);
    case 'unexpected-dir':
      return diagnostic('UnexpectedFile', { name: `${p.path}/` }, { ...where, file: `${p.path}/` });
    case 'not-a-directory':
      return diagnostic('UnexpectedFile', { name: p.path }, where);
    case 'config-not-file':
      return diagnostic('ConfigNotFile', { file: p.path }, where);
    case 'bad-name':
      return diagnostic('BadId', { kind: p.what === 'site' ? '站点目录' : '文件名', name: p.name }, where);
    case 'reserved':
      return diagnostic('ReservedId', { kind: p.what === 'site' ? '站点目录' : '文章标识', name: p.name, reserved: [...RESERVED_IDS] }, where);
    case 'duplicate-slug':
      return diagnostic('DuplicateSlug', { slug: p.slug }, where);
    case 'undeclared-column':
      return diagnostic('UndeclaredColumn', { column: p.column, siteId: p.siteId, known: [] }, { ...where, file: `${p.path}/` });
  }
}

function readSiteTree(tree: ContentTree, siteId: string, record: SiteRecord, out: TreeEntry[], files: TreeFile[], reportTree: (p: TreeProblem) => void, report: (d: Diagnostic) => void) {
  const site = record.config;
  const declared = new Set(site.columns.map((c) => c.id));
  for (const c of site.columns) {
    if (RESERVED_IDS.includes(c.id)) {
      const src = { file: `${siteId}/site.yaml`, siteId };
      const i = record.parsed ? writtenIndex(record.parsed, ['columns'], (item) => item.id === c.id) : -1;
      report(diagnostic('ReservedId', { kind: '栏目', name: c.id, reserved: [...RESERVED_IDS] }, { ...src, ...(record.parsed ? positionOf(record.parsed, ['columns', i, 'id'], src) : {}) }));
    }
  }
  for (const { name, rel, resolved: r } of tree.entries(siteId, tree.resolve(siteId))) {
    if (name.startsWith('.') || name === 'site.yaml' || name === ALIASES_FILE) continue;
    if (r.real === undefined) {
      reportTree({ kind: 'symlink-outside', path: rel, target: tree.target(rel) });
      continue;
    }
    if (!r.isDirectory) {
      reportTree({ kind: 'unexpected-file', path: rel });
      continue;
    }
    const isPages = name === 'pages';
    if (!isPages && !declared.has(name)) {
      report(diagnostic('UndeclaredColumn', { column: name, siteId, known: [...declared] }, { file: `${rel}/`, siteId }));
      continue;
    }
    const slugs = new Set<string>();
    /** Article file names without their extension (an attachment folder is `<name>.files/`). */
    const bases = new Set<string>();
    const attachmentDirs: string[] = [];
    for (const { name: fname, rel: frel, resolved: f } of tree.entries(rel, r)) {
      if (fname.startsWith('.')) {
        // Hidden files (.gitkeep, .DS_Store) are not content; a hidden article is, and is said to be skipped.
        if (/\.mdx?$/i.test(fname)) report(diagnostic('HiddenContent', { name: fname }, { file: frel, siteId }));
        continue;
      }
      if (f.real === undefined) {
        reportTree({ kind: 'symlink-outside', path: frel, target: tree.target(frel) });
        continue;
      }
      if (f.isDirectory && fname.endsWith('.files')) {
        walkFiles(tree, frel, files, reportTree);
        attachmentDirs.push(fname);
        continue;
      }
      const m = /^(.*)\.(md|mdx)$/.exec(fname);
      if (f.isDirectory || !m) {
        // Stray files are never published: only an article's <slug>.files/ folder and _shared/ are.
        reportTree({ kind: f.isDirectory ? 'unexpected-dir' : 'unexpected-file', path: frel });
        continue;
      }
      if (f.symlink) {
        reportTree({ kind: 'symlink-entry', path: frel, target: f.real });
        continue;
      }
      // A file named in Chinese gets a URL derived from its name (urls.ts slugFromName); other names are ids.
      const slug = ID_PATTERN.test(m[1]) ? m[1] : slugFromName(m[1]);
      if (!slug) {
        reportTree({ kind: 'bad-name', path: frel, name: fname, what: 'file' });
        continue;
      }
      if (RESERVED_IDS.includes(slug)) {
        reportTree({ kind: 'reserved', path: frel, name: slug, what: 'slug' });
        continue;
      }
      if (slugs.has(slug)) {
        reportTree({ kind: 'duplicate-slug', path: frel, slug });
        continue;
      }
      slugs.add(slug);
      bases.add(m[1]);
      out.push({ source: frel, siteId, columnId: name, slug, kind: isPages ? 'page' : 'article', format: m[2] as 'md' | 'mdx' });
    }
    // An attachment folder without its article: its files are published by nothing.
    for (const dir of attachmentDirs) {
      const base = dir.slice(0, -'.files'.length);
      if (!bases.has(base)) report(diagnostic('OrphanAttachments', { folder: `${rel}/${dir}/`, article: `${rel}/${base}.md` }, { file: `${rel}/${dir}/`, siteId }));
    }
  }
}

/** The group's own 繁體 phrases (docs/traditional.md), one `简体<TAB>繁體` a line, OpenCC's dictionary format. */
export const PHRASES_FILE = 'traditional-phrases.txt';

function readPhrases(tree: ContentTree, report: (d: Diagnostic) => void): [string, string][] {
  const file = tree.readConfig(PHRASES_FILE);
  if (file.problem) report(treeDiagnostic(file.problem));
  if (file.text === undefined) return [];
  const out: [string, string][] = [];
  file.text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    // OpenCC: the key, a tab, then one or more values separated by spaces (the first is used).
    const m = /^([^\t ]+)\t+([^\t ]+)/.exec(line.trim());
    if (!m || !/\p{Script=Han}/u.test(m[1])) {
      report(diagnostic('PhraseLine', { text: line.slice(0, 40) }, { file: PHRASES_FILE, line: i + 1 }));
      return;
    }
    out.push([m[1], m[2]]);
  });
  return out;
}

export const ALIASES_FILE = 'search-aliases.yaml';

/**
 * `search-aliases.yaml` (docs/search.md): everyday name → the official term it stands for (or a
 * list of them), `false` to stop using a default everyday name.
 */
const ALIAS_FORM = '应写成“常用说法: 正式说法”，例如 社保: 社会保险（几个正式说法写成列表）；不要一个默认的常用说法时写 社保: false。';
const aliasTerm = z.string({ error: ALIAS_FORM }).trim().min(1, { error: ALIAS_FORM });
const AliasesFileSchema = z.record(aliasTerm, z.union([aliasTerm, z.array(aliasTerm).min(1, { error: ALIAS_FORM })], { error: ALIAS_FORM }), { error: ALIAS_FORM });

/**
 * The group's alias list (`search-aliases.yaml` at the content root) and, for each site with a
 * `search-aliases.yaml` in its folder, its own: the group's changes, then the site's.
 */
function searchAliasLists(tree: ContentTree, sites: readonly SiteModel[], report: (d: Diagnostic) => void): Pick<GroupModel, 'searchAliases' | 'siteSearchAliases'> {
  const names = sites.map((s) => ({ name: s.config.name, shortName: s.config.shortName }));
  const group = readAliasChanges(tree, ALIASES_FILE, report);
  const siteSearchAliases: Record<string, [string, string[]][]> = {};
  for (const s of sites) {
    const own = readAliasChanges(tree, `${s.id}/${ALIASES_FILE}`, report, s.id);
    if (own.added.length || own.removed.length) siteSearchAliases[s.id] = aliasList({ added: [...group.added, ...own.added], removed: [...group.removed, ...own.removed] }, names);
  }
  return { searchAliases: aliasList(group, names), siteSearchAliases };
}

function readAliasChanges(tree: ContentTree, rel: string, report: (d: Diagnostic) => void, siteId?: string): { added: [string, string][]; removed: string[] } {
  const file = tree.readConfig(rel);
  if (file.problem) report(treeDiagnostic(file.problem));
  const out = { added: [] as [string, string][], removed: [] as string[] };
  if (file.text === undefined) return out;
  const r = parseAndValidate(AliasesFileSchema, file.text, { file: rel, ...(siteId ? { siteId } : {}) });
  r.diagnostics.forEach(report);
  for (const [name, value] of Object.entries(r.value ?? {})) {
    // YAML is read as text (failsafe): `false` arrives as the word.
    if (value === 'false') out.removed.push(name);
    else for (const term of Array.isArray(value) ? value : [value]) out.added.push([name, term]);
  }
  return out;
}

/** The site folder whose site.yaml says `kind: portal`, when there is exactly one (for a broken group.yaml). */
function guessPortal(tree: ContentTree): string | undefined {
  const portals = fs
    .readdirSync(tree.root)
    .filter((n) => ID_PATTERN.test(n))
    .filter((n) => /^kind:\s*portal\s*$/m.test(tree.readConfig(`${n}/site.yaml`).text ?? ''));
  return portals.length === 1 ? portals[0] : undefined;
}

const groupPlaceholder =
  (portal: string | undefined): Placeholder =>
  (at) => {
    switch (at.join('.')) {
      case 'name':
        return '（名称有误）';
      case 'regionCode':
        return '000000';
      case 'portal':
        return portal;
      case 'baseUrl':
        return 'https://invalid.example';
    }
    return typeof at.at(-1) === 'number' ? DROP : undefined;
  };

/** Stand-ins for the fields of a site.yaml that are wrong: enough to load and check its content. */
function sitePlaceholder(siteId: string, group: GroupConfig): Placeholder {
  return (at) => {
    const key = at.join('.');
    const last = at.at(-1);
    if (key === 'closure' || key === 'migration' || key === 'archive') return { fix: ['status'], value: DROP };
    switch (key) {
      case 'name':
      case 'sponsor':
        return siteId;
      case 'kind':
        return siteId === group.portal ? 'portal' : 'department';
      case 'domain':
        return `${siteId}.invalid`;
      case 'siteCode':
      case 'icp':
      case 'psb':
        return '—';
      case 'contact':
        return { phone: '—' };
      case 'columns':
        return [];
    }
    if (at[0] === 'columns' && typeof at[1] === 'number') {
      if (last === 'name') return String(at[1]);
      if (last === 'type') return 'general';
      return DROP;
    }
    if (at[0] === 'contact') return { fix: ['contact'], value: { phone: '—' } };
    return typeof last === 'number' || at.some((s) => typeof s === 'number') ? DROP : undefined;
  };
}

/** A site.yaml that cannot be parsed at all: its folders stand in for its columns. */
function standInSite(tree: ContentTree, siteId: string, group: GroupConfig): SiteConfig {
  const columns = fs
    .readdirSync(tree.resolve(siteId).abs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && ID_PATTERN.test(d.name) && d.name !== 'pages')
    .map((d) => ({ id: d.name, name: d.name, type: 'general' }));
  return SiteConfigSchema.parse({
    name: siteId,
    kind: siteId === group.portal ? 'portal' : 'department',
    domain: `${siteId}.invalid`,
    siteCode: '—',
    sponsor: siteId,
    contact: { phone: '—' },
    icp: '—',
    psb: '—',
    columns: columns.length ? columns : [{ id: 'news', name: 'news', type: 'general' }],
  });
}

function crossCheckSites(group: GroupConfig, groupParsed: ParsedYaml | undefined, groupRecovered: ReadonlySet<string>, sites: Map<string, SiteRecord>, report: (d: Diagnostic) => void) {
  const portal = sites.get(group.portal);
  if (!groupRecovered.has('portal') && (!portal || portal.config.kind !== 'portal')) {
    const at = groupParsed ? positionOf(groupParsed, ['portal'], { file: 'group.yaml' }) : {};
    report(diagnostic('PortalMissing', { portal: group.portal }, { file: 'group.yaml', ...at }));
  }
  const portals = [...sites].filter(([, s]) => s.config.kind === 'portal').map(([id]) => id);
  if (portals.length > 1) report(diagnostic('PortalNotUnique', { sites: portals.join('、') }, { file: 'group.yaml' }));
  const usable = (s: SiteRecord, key: string) => !s.recovered.has(key) && !s.recovered.has('*');
  const dup = (key: 'domain' | 'siteCode', make: (value: string, ids: string[]) => Diagnostic) => {
    const seen = new Map<string, string[]>();
    for (const [id, s] of sites) if (usable(s, key)) seen.set(s.config[key], [...(seen.get(s.config[key]) ?? []), id]);
    for (const [value, ids] of seen) if (ids.length > 1) report(make(value, ids));
  };
  // Reported at the field of the second site using the value.
  const second = (ids: string[], key: string) => {
    const src = { file: `${ids[1]}/site.yaml`, siteId: ids[1] };
    const parsed = sites.get(ids[1])!.parsed;
    return { ...src, ...(parsed ? positionOf(parsed, [key], src) : {}) };
  };
  dup('domain', (domain, ids) => diagnostic('DuplicateDomain', { domain, sites: ids.join('、') }, second(ids, 'domain')));
  dup('siteCode', (siteCode, ids) => diagnostic('DuplicateSiteCode', { siteCode, sites: ids.join('、') }, second(ids, 'siteCode')));
  // In paths mode the departments are served at /<siteId>/ beside the portal's own columns: one URL, two owners.
  if (group.urlMode === 'paths' && portal?.parsed) {
    const parsed = portal.parsed;
    portal.config.columns.forEach((c) => {
      if (c.id === group.portal || !sites.has(c.id)) return;
      const src = { file: `${group.portal}/site.yaml`, siteId: group.portal };
      const i = writtenIndex(parsed, ['columns'], (item) => item.id === c.id);
      report(diagnostic('ColumnIsSitePath', { column: c.id }, { ...src, ...positionOf(parsed, ['columns', i, 'id'], src) }));
    });
  }
  for (const [id, record] of sites) {
    const { config, parsed } = record;
    if (!parsed) continue;
    const src = { file: `${id}/site.yaml`, siteId: id };
    const where = (key: (string | number)[]) => ({ ...src, ...positionOf(parsed, key, src) });
    const successor = config.archive?.successor;
    if (successor && !sites.has(successor)) report(diagnostic('UnknownSite', { key: 'archive.successor', siteId: successor }, where(['archive', 'successor'])));
    config.reprint.forEach((r) => {
      const i = writtenIndex(parsed, ['reprint'], (item) => item.from === r.from && item.into === r.into);
      const [from, col] = r.from.split('/');
      if (!sites.get(from)?.config.columns.some((c) => c.id === col)) report(diagnostic('UnknownSite', { key: 'reprint.from', siteId: r.from }, where(['reprint', i, 'from'])));
      if (!config.columns.some((c) => c.id === r.into)) {
        report(diagnostic('UndeclaredColumn', { column: r.into, siteId: id, known: config.columns.map((c) => c.id) }, where(['reprint', i, 'into'])));
      }
    });
    if (config.importantInto && !config.columns.some((c) => c.id === config.importantInto)) {
      report(diagnostic('UndeclaredColumn', { column: config.importantInto, siteId: id, known: config.columns.map((c) => c.id) }, where(['importantInto'])));
    }
    checkIdentity(group, groupRecovered, record, (key) => where([key]), sites.get(group.portal)?.config, report);
    if (group.requireConac && !config.conacId && usable(record, 'conacId')) {
      report(diagnostic('MissingField', { key: 'conacId', label: '党政机关网站标识' }, { ...src, line: 1 }));
    }
  }
  const portalRecord = sites.get(group.portal);
  if (group.urlMode === 'paths' && portalRecord) {
    const portalNames = new Set(portalRecord.config.columns.map((c) => c.id));
    for (const id of sites.keys()) if (id !== group.portal && portalNames.has(id)) report(diagnostic('PathCollision', { name: id, siteId: id }, { file: `${group.portal}/site.yaml`, siteId: group.portal }));
  }
}

/** Identity formats of one site (page spec §1): site code, region prefix, ICP, 公安备案, conac id, domain. */
function checkIdentity(group: GroupConfig, groupRecovered: ReadonlySet<string>, record: SiteRecord, where: (key: string) => Omit<Diagnostic, 'ruleId' | 'severity' | 'message' | 'hint'>, portal: SiteConfig | undefined, report: (d: Diagnostic) => void) {
  const c = record.config;
  const ok = (key: string) => !record.recovered.has(key) && !record.recovered.has('*');
  if (ok('siteCode')) {
    if (!PATTERNS.siteCode.test(c.siteCode)) report(diagnostic('SiteCodeFormat', { value: c.siteCode }, where('siteCode')));
    else if (!c.siteCode.startsWith('bm') && !groupRecovered.has('regionCode') && !c.siteCode.startsWith(group.regionCode)) {
      report(diagnostic('SiteCodeRegion', { value: c.siteCode, regionCode: group.regionCode }, where('siteCode')));
    }
  }
  if (ok('icp') && !PATTERNS.icp.test(c.icp)) report(diagnostic('IcpFormat', { value: c.icp }, where('icp')));
  if (ok('psb') && !PATTERNS.psb.test(c.psb)) report(diagnostic('PsbFormat', { value: c.psb }, where('psb')));
  if (!ok('domain') || !ok('kind')) return;
  if (c.kind === 'portal' && !/^www\.[a-z0-9-]+(\.[a-z0-9-]+)*\.gov\.cn$/.test(c.domain)) {
    report(diagnostic('DomainFormat', { value: c.domain, expected: '门户网站应为 www.<地区>.gov.cn' }, where('domain')));
  } else if (c.kind === 'department' && portal?.kind === 'portal' && /^www\./.test(portal.domain)) {
    const parent = portal.domain.slice('www.'.length);
    if (!c.domain.endsWith(`.${parent}`)) report(diagnostic('DomainFormat', { value: c.domain, expected: `部门网站应为 <部门>.${parent}` }, where('domain')));
  }
}

/** A document on another site, as front matter gives it (`{ title, url }`, the URL checked by the schema). */
function externalDocument(d: { title: string; url: string }): ExternalDocument {
  const url = d.url.trim();
  return { title: d.title, url, host: new URL(url).hostname.toLowerCase() };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
