/**
 * Fingerprints: a digest of every input that can change a unit's output folder. Two builds
 * with the same fingerprint for a unit write the same bytes into its folder, so the second can
 * take the first's folder from the cache (cache.ts). What goes in (docs/performance.md):
 *
 * - the generator: its version, its lock file and its own source (`src/`, astro.config.mjs), so
 *   an upgrade, a dependency change or a code change rebuilds everything;
 * - the unit's slice (slice.ts) and its planned pages: everything its pages show;
 * - the HTML of its Markdown bodies (whose links to other sites are resolved already);
 * - for trusted MDX, which Astro compiles with links resolved against the whole group, the
 *   source of each MDX entry and a digest of everything a link can reach;
 * - the bytes of every content file it publishes, of its theme's folder and of the portal's
 *   logo (every header shows it);
 * - the search settings its bundle is written with.
 * Paths of this machine are never part of it: shards built on different machines agree.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, PROJECT_ROOT } from '../lib/files.ts';
import type { PlannedUnit } from '../plan/plan.ts';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

let generatorCache: string | undefined;

/** Digest of the generator: package.json, package-lock.json, astro.config.mjs and every file under src/. */
export function generatorDigest(): string {
  if (generatorCache) return generatorCache;
  const h = createHash('sha256');
  const add = (rel: string) => {
    h.update(`${rel}\0`);
    h.update(fs.readFileSync(path.join(PROJECT_ROOT, rel)));
    h.update('\0');
  };
  for (const f of ['package.json', 'package-lock.json', 'astro.config.mjs']) add(f);
  for (const f of listFiles(path.join(PROJECT_ROOT, 'src'))) add(`src/${f}`);
  generatorCache = h.digest('hex');
  return generatorCache;
}

/** Digests computed once per build: a theme folder, a content file. */
export class Digests {
  private readonly folders = new Map<string, string>();
  private readonly files = new Map<string, string>();

  folder(dir: string): string {
    let d = this.folders.get(dir);
    if (!d) {
      const h = createHash('sha256');
      for (const f of listFiles(dir)) h.update(`${f}\0${sha256(fs.readFileSync(path.join(dir, f)))}\0`);
      this.folders.set(dir, (d = h.digest('hex')));
    }
    return d;
  }

  file(abs: string): string {
    let d = this.files.get(abs);
    if (!d) this.files.set(abs, (d = sha256(fs.readFileSync(abs))));
    return d;
  }
}

export interface UnitInputs {
  generator: string;
  /** Hash of each Markdown body's HTML, by entry id. */
  bodies: ReadonlyMap<string, string>;
  /** Digest of what trusted MDX links can reach (the whole group); only read when the unit has MDX. */
  mdxLinks: () => string;
  /** Absolute path of a content file. */
  contentFile: (source: string) => string;
  themeDir: string;
  portalLogo: string;
  digests: Digests;
  search: { maxFragments: number };
}

/**
 * A unit's fingerprint, kept in its parts: the digest decides whether the cached folder can be
 * taken; the parts say why it could not (`explainRebuild`). Bodies, content files and the
 * slice's top-level fields have a digest each, so a reason can count what changed.
 */
export interface FingerprintParts {
  generator: string;
  unit: string;
  /** By top-level field of the slice (`sites`, `entries`, `group`, …). */
  slice: Record<string, string>;
  pages: string;
  feeds: string;
  /** By entry id: the hash of its body's HTML. */
  bodies: Record<string, string>;
  mdx: string | null;
  /** By content path: the digest of the file's bytes and its route. */
  files: Record<string, string>;
  theme: string;
  portalLogo: string;
  search: string;
}

export interface Fingerprint {
  digest: string;
  parts: FingerprintParts;
}

const digestOf = (value: unknown) => sha256(typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The slice by field, for the reasons; two fields split so a reason names the edit, not its
 * echo: a site's theme (in `sites`) is `siteThemes`, an entry's source hash (which any edit of
 * its file changes) is `entrySources`. The site facts the slice keeps apart (the unit's own site,
 * the registration its pages carry) count with `sites` and `siteThemes`: one
 * site.yaml edit is one reason. Together they still hash the whole slice.
 */
function sliceParts(slice: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const { unit, site, identity, ...rest } = slice as Record<string, unknown> & { site?: { theme?: unknown } };
  const { theme: ownTheme, ...ownSite } = site ?? {};
  for (const k of Object.keys(rest)) {
    const value = rest[k] ?? null;
    if (k === 'sites' && Array.isArray(value)) {
      out.sites = digestOf(value.map(({ theme: _t, ...site }: { theme?: unknown }) => site));
      out.siteThemes = digestOf(value.map((site: { theme?: unknown }) => site.theme ?? null));
    } else if (k === 'entries' && Array.isArray(value)) {
      out.entries = digestOf(value.map(({ sourceHash: _h, ...entry }: { sourceHash?: unknown }) => entry));
      out.entrySources = digestOf(value.map((entry: { sourceHash?: unknown }) => entry.sourceHash ?? null));
    } else out[k] = digestOf(value);
  }
  out.sites = digestOf([out.sites ?? null, unit ?? null, ownSite, identity ?? null]);
  out.siteThemes = digestOf([out.siteThemes ?? null, ownTheme ?? null]);
  return out;
}

export function unitFingerprint(unit: PlannedUnit, inputs: UnitInputs): Fingerprint {
  const parts: FingerprintParts = {
    generator: inputs.generator,
    unit: digestOf({ id: unit.id, folder: unit.folder, nested: unit.nested, live: unit.live, searchable: unit.searchable }),
    slice: sliceParts(unit.slice as unknown as Record<string, unknown>),
    pages: digestOf(unit.pages),
    feeds: digestOf({ feeds: unit.feeds, robots: unit.robots ?? null }),
    bodies: Object.fromEntries(unit.pages.flatMap((p) => (p.type === 'entry' && inputs.bodies.has(p.entryId) ? [[p.entryId, inputs.bodies.get(p.entryId)!]] : []))),
    mdx: unit.mdx.length ? digestOf({ entries: unit.mdx, links: inputs.mdxLinks() }) : null,
    files: Object.fromEntries(unit.files.map(([source, route]) => [source, digestOf([route, inputs.digests.file(inputs.contentFile(source))])])),
    theme: inputs.digests.folder(inputs.themeDir),
    portalLogo: inputs.digests.file(inputs.portalLogo),
    search: digestOf(inputs.search),
  };
  return { digest: digestOf(parts), parts };
}

/** Why a unit is built rather than taken from the cache, in the words the build summary prints. */
export type RebuildReason =
  | { kind: 'full' }
  | { kind: 'new' }
  | { kind: 'folder' }
  | { kind: 'generator' }
  | { kind: 'unit' }
  | { kind: 'slice'; fields: string[] }
  | { kind: 'pages' }
  | { kind: 'feeds' }
  | { kind: 'bodies'; count: number }
  | { kind: 'mdx' }
  | { kind: 'files'; count: number }
  | { kind: 'theme' }
  | { kind: 'portalLogo' }
  | { kind: 'search' };

/**
 * What differs between the parts a unit is planned with and those of its last build (`before`,
 * from its cached record; absent when there is none). `full`: `--full` asked for everything.
 * An empty list with a previous record means the fingerprint is the same and the folder itself
 * was not usable (moved, edited or incomplete).
 */
export function explainRebuild(now: FingerprintParts, before: FingerprintParts | undefined, full: boolean): RebuildReason[] {
  if (full) return [{ kind: 'full' }];
  if (!before) return [{ kind: 'new' }];
  if (now.generator !== before.generator) return [{ kind: 'generator' }];
  const out: RebuildReason[] = [];
  const changed = (a: Record<string, string>, b: Record<string, string>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
  if (now.unit !== before.unit) out.push({ kind: 'unit' });
  const bodies = changed(now.bodies, before.bodies).length;
  let fields = changed(now.slice, before.slice);
  // Echoes: an edited file's source hash (its body, entry or MDX says what changed), a theme in the site facts (the theme says it).
  if (fields.length > 1 || bodies || now.mdx !== before.mdx) fields = fields.filter((f) => f !== 'entrySources');
  if (now.theme !== before.theme) fields = fields.filter((f) => f !== 'siteThemes');
  if (fields.length) out.push({ kind: 'slice', fields });
  if (bodies) out.push({ kind: 'bodies', count: bodies });
  // A page list that changed only because its bodies or slice did says nothing new.
  if (now.pages !== before.pages && !fields.length) out.push({ kind: 'pages' });
  if (now.feeds !== before.feeds && !fields.length) out.push({ kind: 'feeds' });
  if (now.mdx !== before.mdx) out.push({ kind: 'mdx' });
  const files = changed(now.files, before.files).length;
  if (files) out.push({ kind: 'files', count: files });
  if (now.theme !== before.theme) out.push({ kind: 'theme' });
  if (now.portalLogo !== before.portalLogo) out.push({ kind: 'portalLogo' });
  if (now.search !== before.search) out.push({ kind: 'search' });
  return out.length ? out : [{ kind: 'folder' }];
}

/** What each field of a slice is, for the reasons (slice.ts lists what a slice carries). */
const SLICE_FIELDS: Record<string, string> = {
  group: 'group.yaml',
  sites: '站点信息（site.yaml）',
  siteThemes: '主题',
  entries: '所列的文章',
  entrySources: '源文件',
  republished: '转载的重要政策信息',
  offlineNotices: '下线公告',
  supervisionFigures: '网站监管数字',
  supervisionPeriods: '网站监管的月份和年度',
  traditionalPhrases: '繁體词语（traditional-phrases.txt）',
  searchAliases: '搜索常用说法（search-aliases.yaml）',
  assets: '附件清单',
};

/** One reason in Chinese (the portal's listed entries are its 部门动态). */
export function reasonText(r: RebuildReason, portal: boolean): string {
  switch (r.kind) {
    case 'full':
      return '--full：全部重新构建';
    case 'new':
      return '缓存中没有上次的结果';
    case 'folder':
      return '缓存中的站点目录不完整或被改动';
    case 'generator':
      return '生成器版本变化';
    case 'unit':
      return '站点的状态或目录变化';
    case 'slice':
      return `${r.fields.map((f) => (f === 'entries' && portal ? '所列的部门动态和文章' : (SLICE_FIELDS[f] ?? f))).join('、')}变化`;
    case 'pages':
      return '页面清单变化';
    case 'feeds':
      return '订阅源变化';
    case 'bodies':
      return `正文变化（${r.count} 篇）`;
    case 'mdx':
      return 'MDX 正文或它能链接到的内容变化';
    case 'files':
      return `附件或图片变化（${r.count} 个）`;
    case 'theme':
      return '主题变化';
    case 'portalLogo':
      return '门户标志变化';
    case 'search':
      return '搜索设置变化';
  }
}
