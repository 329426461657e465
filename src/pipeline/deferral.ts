/**
 * One department never stops the group. An error confined to one department's own content or
 * `site.yaml` defers that department's changes: the build goes on as if the department's folder
 * were as it was at its last good build (its **last good copy**, kept in the build cache), every
 * other site publishes, and the build exits 3 (docs/lifecycle.md, README). A department that has
 * never been built successfully has no last good copy: it is not published.
 *
 * Deferring is decided on the content stage's findings (load and content rules), where every
 * finding names its file: an error in `group.yaml`, the portal's content or site.yaml, a theme,
 * or one whose effect crosses sites (two sites with one domain…) still fails the build, as does
 * anything found after the content stage (page spec, search index, ledger). `--site`, `--shard`
 * and `merge` never defer: their output must equal a whole build's.
 *
 * The build then reads an **effective content tree**: the content folder, hard-linked file by
 * file, with each deferred department's folder taken from its last good copy (or left out). The
 * loader and the content rules read that tree like any other, so nothing from the cache is
 * trusted: a last good copy is checked again like new content, and the output for it is what a
 * build of that content gives (byte for byte the previous output when nothing else changed).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { Deferral } from '../model/types.ts';
import { seal, sealed, type CacheKey } from './cache-seal.ts';

/** Errors that name a department's file but stop more than that department (they are about two sites). */
const CROSS_SITE_RULES = new Set(['SITE-DUPLICATE-DOMAIN', 'SITE-DUPLICATE-CODE', 'GROUP-ONE-PORTAL', 'GROUP-PORTAL-MISSING']);

/** The department a finding is confined to (its own content or site.yaml), or undefined: the finding concerns the group. */
export function confinedTo(d: Diagnostic, portalId: string): string | undefined {
  const site = d.siteId;
  if (!site || site === portalId || CROSS_SITE_RULES.has(d.ruleId)) return undefined;
  return d.file === site || d.file?.startsWith(`${site}/`) ? site : undefined;
}

export type { Deferral };

/** Where a cache keeps the departments' last good copies (one folder per site id). */
export function lastGoodDir(cacheDir: string): string {
  return path.join(cacheDir, 'last-good');
}

/**
 * The last good copy of every department: a plain copy of its folder (never a link: editors change
 * files in place), with a sealed list of its files and their hashes (`list.json`, cache-seal.ts).
 * A copy is used only when its list's seal verifies and every file has the bytes the list names:
 * a cache restored from elsewhere or edited by hand cannot put words into a department's mouth.
 */
export class LastGoodCopies {
  readonly dir: string;
  readonly #key: CacheKey;

  constructor(cacheDir: string, key: CacheKey) {
    this.dir = lastGoodDir(cacheDir);
    this.#key = key;
  }

  folder(siteId: string): string {
    return path.join(this.dir, siteId, 'tree');
  }

  /** The copy's sealed list (path → [sha256, size, mtime], `symlink:` entries for links), or undefined. */
  #list(siteId: string): Map<string, [string, number, number]> | undefined {
    try {
      const { files, seal: mac } = JSON.parse(fs.readFileSync(path.join(this.dir, siteId, 'list.json'), 'utf8')) as { files: string; seal: string };
      if (!sealed(this.#key, `${siteId}\0${files}`, mac)) return undefined;
      return new Map(JSON.parse(files) as [string, [string, number, number]][]);
    } catch {
      return undefined;
    }
  }

  /** Whether there is a copy this key sealed (cheap: the files are checked when the copy is used, `intact`). */
  has(siteId: string): boolean {
    return this.#list(siteId) !== undefined;
  }

  /** Whether the copy is exactly what its sealed list names: every file with its bytes, nothing else. */
  intact(siteId: string): boolean {
    const list = this.#list(siteId);
    if (!list) return false;
    const seen = new Set<string>();
    const walk = (abs: string, rel: string): boolean => {
      for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        const p = path.join(abs, e.name);
        if (e.isSymbolicLink()) {
          if (list.get(r)?.[0] !== `symlink:${fs.readlinkSync(p)}`) return false;
          seen.add(r);
        } else if (e.isDirectory()) {
          if (!walk(p, r)) return false;
        } else if (e.isFile()) {
          if (list.get(r)?.[0] !== sha256(fs.readFileSync(p))) return false;
          seen.add(r);
        } else return false;
      }
      return true;
    };
    try {
      return walk(this.folder(siteId), '') && seen.size === list.size;
    } catch {
      return false;
    }
  }

  /**
   * Makes the copy of `contentDir/<siteId>` current: files whose size and modification time
   * match the sealed list are kept, others copied (with their times) and hashed, files gone are
   * removed; the new list is sealed last, so a build killed mid-way leaves a copy that is not used.
   */
  sync(contentDir: string, siteId: string): void {
    const before = this.#list(siteId) ?? new Map<string, [string, number, number]>();
    fs.rmSync(path.join(this.dir, siteId, 'list.json'), { force: true });
    const list = new Map<string, [string, number, number]>();
    syncTree(path.join(contentDir, siteId), this.folder(siteId), '', before, list);
    const files = JSON.stringify([...list].sort(([a], [b]) => (a < b ? -1 : 1)));
    fs.writeFileSync(path.join(this.dir, siteId, 'list.json'), JSON.stringify({ files, seal: seal(this.#key, `${siteId}\0${files}`) }));
  }

  /** Forgets copies of sites no longer in the group. */
  prune(keep: ReadonlySet<string>): void {
    if (!fs.existsSync(this.dir)) return;
    for (const id of fs.readdirSync(this.dir)) if (!keep.has(id)) fs.rmSync(path.join(this.dir, id), { recursive: true, force: true });
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function syncTree(from: string, to: string, rel: string, before: ReadonlyMap<string, [string, number, number]>, list: Map<string, [string, number, number]>): void {
  fs.mkdirSync(to, { recursive: true });
  const wanted = new Set<string>();
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    wanted.add(e.name);
    const r = rel ? `${rel}/${e.name}` : e.name;
    const src = path.join(from, e.name);
    const dest = path.join(to, e.name);
    const have = fs.lstatSync(dest, { throwIfNoEntry: false });
    if (e.isSymbolicLink()) {
      const target = fs.readlinkSync(src);
      if (!(have?.isSymbolicLink() && fs.readlinkSync(dest) === target)) {
        fs.rmSync(dest, { recursive: true, force: true });
        fs.symlinkSync(target, dest);
      }
      list.set(r, [`symlink:${target}`, 0, 0]);
    } else if (e.isDirectory()) {
      if (have && !have.isDirectory()) fs.rmSync(dest, { force: true });
      syncTree(src, dest, r, before, list);
    } else if (e.isFile()) {
      const st = fs.statSync(src);
      const known = before.get(r);
      if (have?.isFile() && known && have.size === st.size && have.mtimeMs === st.mtimeMs && known[1] === st.size && known[2] === st.mtimeMs) {
        list.set(r, known);
        continue;
      }
      fs.rmSync(dest, { recursive: true, force: true });
      const bytes = fs.readFileSync(src);
      fs.writeFileSync(dest, bytes);
      fs.utimesSync(dest, st.atime, st.mtime);
      list.set(r, [sha256(bytes), st.size, st.mtimeMs]);
    }
  }
  for (const name of fs.readdirSync(to)) if (!wanted.has(name)) fs.rmSync(path.join(to, name), { recursive: true, force: true });
}

/**
 * Lays out the effective content tree in `dest`: every top-level entry of `contentDir` (files
 * hard-linked, symlinks as written), a deferred department's folder from its last good copy, an
 * unpublished one left out. Returns `dest`.
 */
export function effectiveContent(contentDir: string, deferred: ReadonlyMap<string, Deferral>, copies: LastGoodCopies, dest: string): string {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const e of fs.readdirSync(contentDir, { withFileTypes: true })) {
    const d = deferred.get(e.name);
    if (d?.as === 'unpublished') continue;
    linkTree(d ? copies.folder(e.name) : path.join(contentDir, e.name), path.join(dest, e.name));
  }
  return dest;
}

function linkTree(src: string, dest: string): void {
  const st = fs.lstatSync(src);
  if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dest);
  else if (st.isDirectory()) {
    fs.mkdirSync(dest);
    for (const name of fs.readdirSync(src)) linkTree(path.join(src, name), path.join(dest, name));
  } else if (st.isFile()) {
    try {
      fs.linkSync(src, dest);
    } catch {
      fs.copyFileSync(src, dest);
      fs.utimesSync(dest, st.atime, st.mtime);
    }
  }
}
