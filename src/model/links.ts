/**
 * Link resolution: what a link written by an editor points to. One implementation serves the
 * front-matter checks of the loader and the remark plugin that rewrites links in bodies.
 *
 * Links are written as paths relative to the Markdown file (`../zcwj/2024-x.md`,
 * `2024-x.files/a.csv`) or as `site:<siteId>/<columnId>/<slug>` across sites.
 */
import path from 'node:path/posix';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { extensionOf, isAllowedAttachment } from './attachments.ts';
import { attachmentOwner } from './tree.ts';
import { SKIP_REASON_LABELS, type SkipReason } from './types.ts';

export interface LinkIndex {
  /** Published entries: source path → { id, siteId, route }. */
  published: ReadonlyMap<string, { id: string; siteId: string; route: string }>;
  /** Entry id (site/column/slug) → source path, for `site:` links. */
  byId: ReadonlyMap<string, string>;
  /** Content that exists but is not published: source path → reason. */
  unpublished: ReadonlyMap<string, SkipReason>;
  /**
   * Every publishable file of the content tree (under `<slug>.files/` or `_shared/`): path as
   * linked → its real path (they differ when a symlink is involved; ownership is decided on both).
   */
  files: ReadonlyMap<string, string>;
  /** SVG files (real paths) that carry more than drawing (script, external references) → what was found. */
  unsafeSvg: ReadonlyMap<string, string>;
  /** Declared columns: site id → column ids. */
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Temporarily closed sites: they publish only their closure notice, so every link into them
   * leads to their home page, where the notice is.
   */
  closedSites: ReadonlySet<string>;
}

/** A link target: an entry (published, or invalid and already reported) and where it is served. */
export interface LinkTarget {
  source: string;
  id: string;
  siteId: string;
  route: string;
}

/**
 * Builds the index from its parts. The loader (before entries are final) and the renderer's
 * runtime model both call this, so the two always agree on what a link can reach.
 */
export function createLinkIndex(parts: {
  targets: Iterable<LinkTarget>;
  unpublished: Iterable<{ source: string; reason: SkipReason }>;
  /** Publishable files: paths, with their real path where it differs. */
  files: Iterable<string | { path: string; real: string }>;
  unsafeSvg?: Readonly<Record<string, string>>;
  sites: Iterable<{ id: string; columnIds: string[]; closed: boolean }>;
}): LinkIndex {
  const published = new Map<string, { id: string; siteId: string; route: string }>();
  const byId = new Map<string, string>();
  for (const t of parts.targets) {
    published.set(t.source, { id: t.id, siteId: t.siteId, route: t.route });
    byId.set(t.id, t.source);
  }
  const sites = [...parts.sites];
  return {
    published,
    byId,
    unpublished: new Map([...parts.unpublished].map((u) => [u.source, u.reason])),
    files: new Map([...parts.files].map((f) => (typeof f === 'string' ? [f, f] : [f.path, f.real]))),
    unsafeSvg: new Map(Object.entries(parts.unsafeSvg ?? {})),
    columns: new Map(sites.map((s) => [s.id, new Set(s.columnIds)])),
    closedSites: new Set(sites.filter((s) => s.closed).map((s) => s.id)),
  };
}

export type Resolution =
  | { kind: 'external' }
  | { kind: 'anchor' }
  | {
      kind: 'internal';
      /** The site serving the target. */
      siteId: string;
      route: string;
      /** `#fragment` / `?query` to append. */
      suffix: string;
      /** Set when the target is an entry. */
      entryId?: string;
      /** Set when the target is a file to copy: its content path. `_shared` files go to the linking site. */
      file?: string;
    }
  | { kind: 'error'; diagnostic: Omit<Diagnostic, 'file' | 'line' | 'column'> };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Schemes a published link may use; any other (javascript:, data:, file:, vbscript:…) is LINK-BAD-SCHEME. */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** Resolves `href` written in the file `fromSource` (content-relative path). */
export function resolveLink(index: LinkIndex, href: string, fromSource: string): Resolution {
  const r = resolveRaw(index, href, fromSource);
  if (r.kind === 'internal' && index.closedSites.has(r.siteId) && fromSource.split('/')[0] !== r.siteId) {
    return { kind: 'internal', siteId: r.siteId, route: '', suffix: '' };
  }
  return r;
}

function resolveRaw(index: LinkIndex, href: string, fromSource: string): Resolution {
  // Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`).
  const raw = href.trim();
  const squeezed = raw.replace(/[\u0000-\u0020]/g, '');
  if (raw === '' || raw.startsWith('#')) return { kind: 'anchor' };
  if (raw.startsWith('site:')) return resolveSiteRef(index, raw);
  // Before the scheme test: a Windows drive path (C:\…) looks like a `c:` scheme.
  if (/^[a-z]:[\\/]/i.test(raw)) return { kind: 'error', diagnostic: diagnostic('LinkAbsolutePath', { href: raw }) };
  if (SCHEME.test(squeezed)) {
    const scheme = squeezed.slice(0, squeezed.indexOf(':')).toLowerCase();
    if (!ALLOWED_SCHEMES.has(scheme)) return { kind: 'error', diagnostic: diagnostic('LinkBadScheme', { href: raw.slice(0, 80), scheme }) };
    return { kind: 'external' };
  }
  if (raw.startsWith('//')) return { kind: 'external' };
  if (raw.startsWith('/') || raw.startsWith('\\')) {
    return { kind: 'error', diagnostic: diagnostic('LinkAbsolutePath', { href: raw }) };
  }
  const cut = raw.search(/[?#]/);
  const pathPart = cut === -1 ? raw : raw.slice(0, cut);
  const suffix = cut === -1 ? '' : raw.slice(cut);
  let decoded: string;
  try {
    decoded = decodeURI(pathPart).replaceAll('\\', '/');
  } catch {
    decoded = pathPart;
  }
  const target = path.normalize(path.join(path.dirname(fromSource), decoded));
  if (target.startsWith('../') || target === '..' || path.isAbsolute(target)) {
    return { kind: 'error', diagnostic: diagnostic('LinkOutsideContent', { href: raw }) };
  }
  const fromSite = fromSource.split('/')[0];
  if (/\.mdx?$/.test(target)) return resolveEntry(index, target, raw, suffix);
  const clean = target.replace(/\/+$/, '');
  const [siteId, ...rest] = clean.split('/');
  const real = index.files.get(clean);
  if (real !== undefined) {
    // An attachment of a held-back article would publish what was held back: ownership is
    // decided on the exact folder (<site>/<column>/<slug>.files/), for the path and its real path.
    for (const p of new Set([clean, real])) {
      const owner = attachmentOwner(p);
      if (!owner) continue;
      for (const ext of ['.md', '.mdx']) {
        const reason = index.unpublished.get(owner + ext);
        if (reason) return { kind: 'error', diagnostic: diagnostic('LinkUnpublished', { href: raw, reason: SKIP_REASON_LABELS[reason] }) };
      }
    }
    if (!isAllowedAttachment(clean) || !isAllowedAttachment(real)) {
      return { kind: 'error', diagnostic: diagnostic('AttachmentType', { href: raw, ext: extensionOf(real) || extensionOf(clean) || '（无扩展名）' }) };
    }
    const unsafe = index.unsafeSvg.get(real);
    if (unsafe) return { kind: 'error', diagnostic: diagnostic('AttachmentUnsafeSvg', { href: raw, detail: unsafe }) };
    if (siteId === '_shared') return { kind: 'internal', siteId: fromSite, route: clean, suffix, file: clean };
    return { kind: 'internal', siteId, route: rest.join('/'), suffix, file: clean };
  }
  // A column folder: `../zcwj/` links to the column's list page.
  if (rest.length === 1 && index.columns.get(siteId)?.has(rest[0])) {
    return { kind: 'internal', siteId, route: `${rest[0]}/`, suffix };
  }
  if (rest.length === 0 && index.columns.has(siteId)) return { kind: 'internal', siteId, route: '', suffix };
  return { kind: 'error', diagnostic: diagnostic('LinkBroken', { href: raw }) };
}

function resolveEntry(index: LinkIndex, source: string, href: string, suffix: string): Resolution {
  const hit = index.published.get(source);
  if (hit) return { kind: 'internal', siteId: hit.siteId, route: hit.route, suffix, entryId: hit.id };
  const reason = index.unpublished.get(source);
  if (reason) return { kind: 'error', diagnostic: diagnostic('LinkUnpublished', { href, reason: SKIP_REASON_LABELS[reason] }) };
  return { kind: 'error', diagnostic: diagnostic('LinkBroken', { href }) };
}

function resolveSiteRef(index: LinkIndex, href: string): Resolution {
  const body = href.slice('site:'.length);
  const cut = body.search(/[?#]/);
  const ref = (cut === -1 ? body : body.slice(0, cut)).replace(/\/+$/, '').replace(/\.mdx?$/, '');
  const suffix = cut === -1 ? '' : body.slice(cut);
  const parts = ref.split('/');
  const [siteId, columnId, slug] = parts;
  const bad = (detail: string): Resolution => ({ kind: 'error', diagnostic: diagnostic('LinkBadSiteRef', { href, detail }) });
  if (!siteId || parts.length > 3) return bad('应为 site:<站点>/<栏目>/<文章标识>');
  const columns = index.columns.get(siteId);
  if (!columns) return bad(`网站群中没有站点 "${siteId}"`);
  if (!columnId) return { kind: 'internal', siteId, route: '', suffix };
  if (!slug) {
    if (!columns.has(columnId)) return bad(`站点 ${siteId} 没有栏目 "${columnId}"`);
    return { kind: 'internal', siteId, route: `${columnId}/`, suffix };
  }
  const source = index.byId.get(`${siteId}/${columnId}/${slug}`);
  if (source) return resolveEntry(index, source, href, suffix);
  for (const ext of ['.md', '.mdx']) {
    const reason = index.unpublished.get(`${siteId}/${columnId}/${slug}${ext}`);
    if (reason) return { kind: 'error', diagnostic: diagnostic('LinkUnpublished', { href, reason: SKIP_REASON_LABELS[reason] }) };
  }
  return { kind: 'error', diagnostic: diagnostic('LinkBroken', { href }) };
}
