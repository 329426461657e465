/**
 * The loader: reads a content directory (content contract v1) into a typed `GroupModel`,
 * collecting every problem on the way instead of stopping at the first. Nothing here renders.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ArticleFrontmatterSchema, type ArticleFrontmatter } from '../config/article.ts';
import { applyRuleOverrides, resolveRuleOverrides } from '../errors/overrides.ts';
import { GroupConfigSchema, type GroupConfig } from '../config/group.ts';
import { parseAndValidate, positionOf, type ParsedYaml } from '../config/parse.ts';
import { ID_PATTERN, RESERVED_IDS, type JiyueDate } from '../config/primitives.ts';
import { SiteConfigSchema, type SiteConfig } from '../config/site.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { checkLifecycleConfig } from '../lifecycle/config-checks.ts';
import { findMdxCode } from '../markdown/mdx-guard.ts';
import { PATTERNS } from '../spec/page-spec.ts';
import { routes } from '../urls/urls.ts';
import { createLinkIndex, resolveLink, type LinkTarget } from './links.ts';
import { loadThemes } from './themes.ts';
import type { EntryModel, GroupModel, SiteModel, SkipReason, SkippedModel, ThemeModel } from './types.ts';

export interface LoadOptions {
  /** Content directory (absolute or relative to cwd). */
  contentDir: string;
  /** Folder holding the themes (`themes/<name>/theme.yaml`). */
  themesDir: string;
  /** "Today". */
  now: JiyueDate;
  /** Sites to render; empty or undefined means all. */
  sites?: string[];
}

export interface LoadResult {
  model?: GroupModel;
  diagnostics: Diagnostic[];
}

/** A candidate entry as read from disk, before validation. */
type RawEntry = Pick<EntryModel, 'source' | 'siteId' | 'columnId' | 'slug' | 'kind' | 'format'> & { text: string };

const toPosix = (p: string) => p.split(path.sep).join('/');

export function loadGroup(options: LoadOptions): LoadResult {
  const contentDir = path.resolve(options.contentDir);
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);

  if (!fs.existsSync(path.join(contentDir, 'group.yaml'))) {
    report(diagnostic('ConfigFileMissing', { file: 'group.yaml' }, { file: 'group.yaml' }));
    return { diagnostics };
  }
  const groupResult = parseAndValidate(GroupConfigSchema, fs.readFileSync(path.join(contentDir, 'group.yaml'), 'utf8'), { file: 'group.yaml' });
  diagnostics.push(...groupResult.diagnostics);
  const group = groupResult.value;

  // ── sites ───────────────────────────────────────────────────────────────────────────────
  const files = new Set<string>();
  const rawEntries: RawEntry[] = [];
  const siteConfigs = new Map<string, { config: SiteConfig; parsed: ParsedYaml }>();
  const siteDirs = fs
    .readdirSync(contentDir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.') && d.name !== 'group.yaml' && d.name !== 'wording.yaml')
    .sort((a, b) => a.name.localeCompare(b.name));

  for (const dirent of siteDirs) {
    const name = dirent.name;
    const abs = path.join(contentDir, name);
    if (!checkLink(contentDir, abs, name, report)) continue;
    if (!fs.statSync(abs).isDirectory()) {
      report(diagnostic('UnexpectedFile', { name }, { file: name }));
      continue;
    }
    if (name === '_shared') {
      walkFiles(contentDir, abs, files, report);
      continue;
    }
    if (!ID_PATTERN.test(name)) {
      report(diagnostic('BadId', { kind: '站点目录', name }, { file: name }));
      continue;
    }
    if ((RESERVED_IDS as readonly string[]).includes(name)) {
      report(diagnostic('ReservedId', { kind: '站点目录', name, reserved: [...RESERVED_IDS] }, { file: name }));
      continue;
    }
    const siteFile = `${name}/site.yaml`;
    if (!fs.existsSync(path.join(abs, 'site.yaml'))) {
      report(diagnostic('ConfigFileMissing', { file: siteFile }, { file: siteFile, siteId: name }));
      continue;
    }
    const src = { file: siteFile, siteId: name };
    const result = parseAndValidate(SiteConfigSchema, fs.readFileSync(path.join(abs, 'site.yaml'), 'utf8'), src);
    diagnostics.push(...result.diagnostics);
    if (!result.value || !result.parsed) continue;
    siteConfigs.set(name, { config: result.value, parsed: result.parsed });
    readSiteTree(contentDir, name, result.value, result.parsed, rawEntries, files, report);
  }

  if (!group) return { diagnostics };
  const rules = resolveRuleOverrides(group.rules, groupResult.parsed);
  diagnostics.push(...rules.diagnostics);
  crossCheckSites(group, groupResult.parsed, siteConfigs, report);
  // Lifecycle (src/lifecycle): closure limits, migration targets, redirects; a closure outside its period becomes active here.
  checkLifecycleConfig(group, siteConfigs, options.now, report);

  // ── themes ──────────────────────────────────────────────────────────────────────────────
  const wanted = new Set([group.theme, ...[...siteConfigs.values()].map((s) => s.config.theme ?? group.theme)]);
  const themes = loadThemes(options.themesDir, wanted, report);

  // ── entries: front matter, MDX trust, publish decision ─────────────────────────────────
  const trusted = new Set(group.trustedMdx);
  const candidates: { raw: RawEntry; data: ArticleFrontmatter; parsed: ParsedYaml; bodyLine: number }[] = [];
  const skipped: SkippedModel[] = [];
  const invalid: GroupModel['invalid'] = [];
  const markInvalid = (raw: RawEntry) => invalid.push(linkTargetOf(raw));
  for (const raw of rawEntries) {
    const fm = splitFrontmatter(raw.text);
    if (!fm) {
      report(diagnostic('FrontmatterMissing', {}, { file: raw.source, line: 1, siteId: raw.siteId }));
      markInvalid(raw);
      continue;
    }
    const src = { file: raw.source, lineOffset: 1, siteId: raw.siteId };
    const result = parseAndValidate(ArticleFrontmatterSchema, fm.yaml, src);
    diagnostics.push(...result.diagnostics);
    if (raw.format === 'mdx' && !trusted.has(raw.siteId) && !trusted.has(`${raw.siteId}/${raw.columnId}`)) {
      const { findings, syntaxError } = findMdxCode(fm.body);
      const folder = `${raw.siteId}/${raw.columnId}`;
      if (syntaxError) {
        report(diagnostic('MdxSyntax', { detail: syntaxError.detail }, { file: raw.source, line: syntaxError.line && syntaxError.line + fm.bodyLine - 1, column: syntaxError.column, siteId: raw.siteId }));
      }
      for (const f of findings) {
        report(diagnostic('MdxUntrusted', { what: f.what, folder }, { file: raw.source, line: f.line && f.line + fm.bodyLine - 1, column: f.column, siteId: raw.siteId }));
      }
    }
    if (!result.value || !result.parsed) {
      markInvalid(raw);
      continue;
    }
    const data = result.value;
    const reason: SkipReason | undefined = data.draft
      ? 'draft'
      : data.disclosure !== '主动公开'
        ? 'not-public'
        : !(data.review.first?.trim() && data.review.second?.trim() && data.review.final?.trim())
          ? 'not-reviewed'
          : undefined;
    if (reason) {
      skipped.push({ source: raw.source, siteId: raw.siteId, reason });
      continue;
    }
    // Astro renders the body trimmed: its line 1 is the first non-blank line after the front matter.
    const blankLines = /^(?:[ \t]*\r?\n)*/.exec(fm.body)![0].split('\n').length - 1;
    candidates.push({ raw, data, parsed: result.parsed, bodyLine: fm.bodyLine + blankLines });
  }

  // ── link index and front-matter links ───────────────────────────────────────────────────
  const linkIndex = createLinkIndex({
    targets: [...invalid, ...candidates.map(({ raw }) => linkTargetOf(raw))],
    unpublished: skipped,
    files,
    sites: [...siteConfigs].map(([id, { config }]) => ({ id, columnIds: config.columns.map((c) => c.id), closed: config.status === 'closed' })),
  });

  const assets: Record<string, [string, string][]> = {};
  const addAsset = (siteId: string, file: string, route: string) => (assets[siteId] ??= []).push([file, route]);

  const entries: EntryModel[] = [];
  const indexNumbers = new Set<string>();
  for (const { raw, data, parsed, bodyLine } of candidates) {
    const site = siteConfigs.get(raw.siteId)!.config;
    const src = { file: raw.source, lineOffset: 1, siteId: raw.siteId };
    const at = (keyPath: (string | number)[]) => ({ file: raw.source, siteId: raw.siteId, ...positionOf(parsed, keyPath, src) });
    const entryLink = (key: 'interpretation' | 'interprets'): string | undefined => {
      const href = data[key];
      if (!href) return undefined;
      const r = resolveLink(linkIndex, href, raw.source);
      if (r.kind === 'internal' && r.entryId) return r.entryId;
      if (r.kind === 'error') report({ ...r.diagnostic, ...at([key]) });
      else report({ ...diagnostic('LinkNotArticle', { href }), ...at([key]) });
      return undefined;
    };
    const attachments = data.attachments.flatMap((a, i) => {
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
    entries.push({
      id,
      source: raw.source,
      siteId: raw.siteId,
      columnId: raw.columnId,
      slug: raw.slug,
      kind: raw.kind,
      format: raw.format,
      route,
      data,
      indexNumber: data.indexNumber ?? generateIndexNumber(site.siteCode, data.date.day, raw.source, indexNumbers),
      interpretationId: entryLink('interpretation'),
      interpretsId: entryLink('interprets'),
      attachments,
      ...(archivedDay ? { archivedDay } : {}),
      sourceHash: sha256(raw.text),
      bodyLine,
    });
  }

  // ── sites in order, entries per column newest first ─────────────────────────────────────
  const byEntry = new Map(entries.map((e) => [e.id, e]));
  const sites: SiteModel[] = [];
  for (const [id, { config }] of siteConfigs) {
    const theme = themes.get(config.theme ?? group.theme);
    if (!theme) continue;
    const columnEntries: Record<string, string[]> = {};
    for (const c of config.columns) columnEntries[c.id] = [];
    const pageEntries: string[] = [];
    for (const e of entries) {
      if (e.siteId !== id) continue;
      if (e.kind === 'page') pageEntries.push(e.id);
      else columnEntries[e.columnId]?.push(e.id);
    }
    for (const list of Object.values(columnEntries)) list.sort((a, b) => compareNewest(byEntry.get(a)!, byEntry.get(b)!));
    pageEntries.sort();
    sites.push({ id, config, theme: theme as ThemeModel, columnEntries, pageEntries });
  }
  // Portal first, then departments in folder order: the order of the directory and the manifest.
  sites.sort((a, b) => Number(b.id === group.portal) - Number(a.id === group.portal) || a.id.localeCompare(b.id));

  const known = new Set(sites.map((s) => s.id));
  const selected = options.sites?.length ? options.sites : sites.map((s) => s.id);
  for (const s of selected) {
    if (!known.has(s)) report(diagnostic('CliBadArgument', { detail: `--site ${s}：网站群中没有这个站点（已有：${[...known].join('、')}）` }));
  }

  const model: GroupModel = {
    contentDir,
    group,
    sites,
    entries,
    skipped,
    now: options.now,
    selectedSites: selected.filter((s) => known.has(s)),
    assets,
    files: [...files].sort(),
    invalid,
    ruleOverrides: rules.overrides,
  };
  return { model, diagnostics: applyRuleOverrides(diagnostics, rules.overrides) };
}

/** The id and route an entry is (or would be) published at. */
function linkTargetOf(raw: RawEntry): LinkTarget {
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

/** Splits `---\nyaml\n---\nbody`; returns the line where the body starts (1-based). */
export function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const open = /^---[ \t]*\r?\n/.exec(src);
  if (!open) return undefined;
  const close = /^---[ \t]*$/m;
  const rest = src.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return undefined;
  const yaml = rest.slice(0, m.index);
  const afterClose = rest.slice(m.index + m[0].length).replace(/^\r?\n/, '');
  const bodyLine = 1 + (src.slice(0, open[0].length) + yaml + m[0]).split('\n').length;
  return { yaml, body: afterClose, bodyLine };
}

/** Returns false (and reports) for a symlink that leaves the content tree. */
function checkLink(contentDir: string, abs: string, rel: string, report: (d: Diagnostic) => void): boolean {
  const st = fs.lstatSync(abs);
  if (!st.isSymbolicLink()) return true;
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    report(diagnostic('SymlinkOutside', { target: fs.readlinkSync(abs) }, { file: rel }));
    return false;
  }
  const root = fs.realpathSync(contentDir);
  if (real === root || real.startsWith(root + path.sep)) return true;
  report(diagnostic('SymlinkOutside', { target: real }, { file: rel }));
  return false;
}

function walkFiles(contentDir: string, dir: string, files: Set<string>, report: (d: Diagnostic) => void) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const abs = path.join(dir, d.name);
    const rel = toPosix(path.relative(contentDir, abs));
    if (!checkLink(contentDir, abs, rel, report)) continue;
    if (fs.statSync(abs).isDirectory()) walkFiles(contentDir, abs, files, report);
    else files.add(rel);
  }
}

function readSiteTree(contentDir: string, siteId: string, site: SiteConfig, parsed: ParsedYaml, out: RawEntry[], files: Set<string>, report: (d: Diagnostic) => void) {
  const siteDir = path.join(contentDir, siteId);
  const declared = new Set(site.columns.map((c) => c.id));
  site.columns.forEach((c, i) => {
    if ((RESERVED_IDS as readonly string[]).includes(c.id)) {
      const src = { file: `${siteId}/site.yaml`, siteId };
      report(diagnostic('ReservedId', { kind: '栏目', name: c.id, reserved: [...RESERVED_IDS] }, { ...src, ...positionOf(parsed, ['columns', i, 'id'], src) }));
    }
  });
  for (const d of fs.readdirSync(siteDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (d.name.startsWith('.') || d.name === 'site.yaml') continue;
    const rel = `${siteId}/${d.name}`;
    const abs = path.join(siteDir, d.name);
    if (!checkLink(contentDir, abs, rel, report)) continue;
    if (!fs.statSync(abs).isDirectory()) {
      report(diagnostic('UnexpectedFile', { name: rel }, { file: rel, siteId }));
      continue;
    }
    const isPages = d.name === 'pages';
    if (!isPages && !declared.has(d.name)) {
      report(diagnostic('UndeclaredColumn', { column: d.name, siteId, known: [...declared] }, { file: `${rel}/`, siteId }));
      continue;
    }
    const slugs = new Set<string>();
    for (const f of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (f.name.startsWith('.')) continue;
      const frel = `${rel}/${f.name}`;
      const fabs = path.join(abs, f.name);
      if (!checkLink(contentDir, fabs, frel, report)) continue;
      const isDir = fs.statSync(fabs).isDirectory();
      if (isDir && f.name.endsWith('.files')) {
        walkFiles(contentDir, fabs, files, report);
        continue;
      }
      const m = /^(.*)\.(md|mdx)$/.exec(f.name);
      if (isDir || !m) {
        if (isDir) report(diagnostic('UnexpectedFile', { name: `${frel}/` }, { file: `${frel}/`, siteId }));
        else {
          files.add(frel);
          report(diagnostic('UnexpectedFile', { name: frel }, { file: frel, siteId }));
        }
        continue;
      }
      const slug = m[1];
      if (!ID_PATTERN.test(slug)) {
        report(diagnostic('BadId', { kind: '文件名', name: f.name }, { file: frel, siteId }));
        continue;
      }
      if ((RESERVED_IDS as readonly string[]).includes(slug)) {
        report(diagnostic('ReservedId', { kind: '文章标识', name: slug, reserved: [...RESERVED_IDS] }, { file: frel, siteId }));
        continue;
      }
      if (slugs.has(slug)) {
        report(diagnostic('DuplicateSlug', { slug }, { file: frel, siteId }));
        continue;
      }
      slugs.add(slug);
      out.push({
        source: frel,
        siteId,
        columnId: d.name,
        slug,
        kind: isPages ? 'page' : 'article',
        format: m[2] as 'md' | 'mdx',
        text: fs.readFileSync(fabs, 'utf8'),
      });
    }
  }
}

function crossCheckSites(group: GroupConfig, groupParsed: ParsedYaml | undefined, sites: Map<string, { config: SiteConfig; parsed: ParsedYaml }>, report: (d: Diagnostic) => void) {
  const portal = sites.get(group.portal);
  if (!portal || portal.config.kind !== 'portal') {
    const at = groupParsed ? positionOf(groupParsed, ['portal'], { file: 'group.yaml' }) : {};
    report(diagnostic('PortalMissing', { portal: group.portal }, { file: 'group.yaml', ...at }));
  }
  const portals = [...sites].filter(([, s]) => s.config.kind === 'portal').map(([id]) => id);
  if (portals.length > 1) report(diagnostic('PortalNotUnique', { sites: portals.join('、') }, { file: 'group.yaml' }));
  const dup = (key: (s: SiteConfig) => string, make: (value: string, ids: string[]) => Diagnostic) => {
    const seen = new Map<string, string[]>();
    for (const [id, s] of sites) seen.set(key(s.config), [...(seen.get(key(s.config)) ?? []), id]);
    for (const [value, ids] of seen) if (ids.length > 1) report(make(value, ids));
  };
  // Reported at the field of the second site using the value.
  const second = (ids: string[], key: string) => {
    const src = { file: `${ids[1]}/site.yaml`, siteId: ids[1] };
    return { ...src, ...positionOf(sites.get(ids[1])!.parsed, [key], src) };
  };
  dup((s) => s.domain, (domain, ids) => diagnostic('DuplicateDomain', { domain, sites: ids.join('、') }, second(ids, 'domain')));
  dup((s) => s.siteCode, (siteCode, ids) => diagnostic('DuplicateSiteCode', { siteCode, sites: ids.join('、') }, second(ids, 'siteCode')));
  for (const [id, { config, parsed }] of sites) {
    const src = { file: `${id}/site.yaml`, siteId: id };
    const successor = config.archive?.successor;
    if (successor && !sites.has(successor)) {
      report(diagnostic('UnknownSite', { key: 'archive.successor', siteId: successor }, { ...src, ...positionOf(parsed, ['archive', 'successor'], src) }));
    }
    config.reprint.forEach((r, i) => {
      const [from, col] = r.from.split('/');
      if (!sites.get(from)?.config.columns.some((c) => c.id === col)) {
        report(diagnostic('UnknownSite', { key: 'reprint.from', siteId: r.from }, { ...src, ...positionOf(parsed, ['reprint', i, 'from'], src) }));
      }
      if (!config.columns.some((c) => c.id === r.into)) {
        report(diagnostic('UndeclaredColumn', { column: r.into, siteId: id, known: config.columns.map((c) => c.id) }, { ...src, ...positionOf(parsed, ['reprint', i, 'into'], src) }));
      }
    });
    checkIdentity(group, config, at(parsed, src), sites.get(group.portal)?.config, report);
    if (group.requireConac && !config.conacId) {
      report(diagnostic('MissingField', { key: 'conacId', label: '党政机关网站标识' }, { ...src, line: 1 }));
    }
  }
  if (group.urlMode === 'paths' && portal) {
    const portalNames = new Set(portal.config.columns.map((c) => c.id));
    for (const id of sites.keys()) if (id !== group.portal && portalNames.has(id)) report(diagnostic('PathCollision', { name: id, siteId: id }, { file: `${group.portal}/site.yaml`, siteId: group.portal }));
  }
}

function at(parsed: ParsedYaml, src: { file: string; siteId: string }) {
  return (key: string) => ({ ...src, ...positionOf(parsed, [key], src) });
}

/** Identity formats of one site (page spec §1): site code, region prefix, ICP, 公安备案, domain. */
function checkIdentity(group: GroupConfig, c: SiteConfig, where: (key: string) => Omit<Diagnostic, 'ruleId' | 'severity' | 'message' | 'hint'>, portal: SiteConfig | undefined, report: (d: Diagnostic) => void) {
  if (!PATTERNS.siteCode.test(c.siteCode)) report(diagnostic('SiteCodeFormat', { value: c.siteCode }, where('siteCode')));
  else if (!c.siteCode.startsWith('bm') && !c.siteCode.startsWith(group.regionCode)) {
    report(diagnostic('SiteCodeRegion', { value: c.siteCode, regionCode: group.regionCode }, where('siteCode')));
  }
  if (!PATTERNS.icp.test(c.icp)) report(diagnostic('IcpFormat', { value: c.icp }, where('icp')));
  if (!PATTERNS.psb.test(c.psb)) report(diagnostic('PsbFormat', { value: c.psb }, where('psb')));
  if (c.kind === 'portal' && !/^www\.[a-z0-9-]+(\.[a-z0-9-]+)*\.gov\.cn$/.test(c.domain)) {
    report(diagnostic('DomainFormat', { value: c.domain, expected: '门户网站应为 www.<地区>.gov.cn' }, where('domain')));
  } else if (c.kind === 'department' && portal?.kind === 'portal' && /^www\./.test(portal.domain)) {
    const parent = portal.domain.slice('www.'.length);
    if (!c.domain.endsWith(`.${parent}`)) report(diagnostic('DomainFormat', { value: c.domain, expected: `部门网站应为 <部门>.${parent}` }, where('domain')));
  }
}

/**
 * 索引号 when the editor gave none: `<siteCode>/<year>-<5 digits>`, the digits a stable hash of
 * the source path (so adding an older article never renumbers the others).
 */
function generateIndexNumber(siteCode: string, day: string, source: string, taken: Set<string>): string {
  const year = day.slice(0, 4);
  for (let salt = 0; ; salt++) {
    const n = parseInt(createHash('sha1').update(salt ? `${source}#${salt}` : source).digest('hex').slice(0, 8), 16) % 100000;
    const candidate = `${siteCode}/${year}-${String(n).padStart(5, '0')}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
