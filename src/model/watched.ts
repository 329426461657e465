/**
 * What the dev server's file watcher (dev/watch.ts) tells the loader between two loads: which
 * paths of the content tree changed since the last load that read the tree, and that load's walk
 * of each site folder. With it a load after a save looks only at what changed (docs/performance.md,
 * 实时预览):
 *
 * - a Markdown file no change names keeps its front-matter record as it is: no stat, no read
 *   (load.ts `readEntries`);
 * - a site folder none of whose paths changed kind (appeared, disappeared, file ↔ folder) is not
 *   walked again: its walk's entries, files and findings are replayed (`walkOf`). A rewritten
 *   file is no change of the walk: the walk reads names and kinds, never bytes.
 *
 * Only what the walk saw plainly is trusted: a site whose walk met a symlink, or a folder that
 * could not be watched, is read as without a watcher. The watcher reports a change after it
 * happened, so a change made while a load runs is in the next load's list, and that next load
 * is what the change schedules. A load that ends before it has read the tree (group.yaml does not
 * parse) leaves the memory untrusted, so the following load reads everything.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { PathKind, TreeEntry, TreeFile } from './tree.ts';

/** One site folder as walked (load.ts `readSiteTree`), for replay. */
export interface SiteWalk {
  /** The site.yaml text the walk's columns came from. */
  siteYaml: string;
  /** Every name the walk listed, with its kind. */
  seen: ReadonlyMap<string, PathKind>;
  /** No symlink anywhere on the way: only then does the watcher see every change under it. */
  plain: boolean;
  entries: readonly TreeEntry[];
  files: readonly TreeFile[];
  diagnostics: readonly Diagnostic[];
}

/** What one load may trust: the changes since the memory was made, and the memory. */
export interface TrustedChanges {
  changes: ReadonlySet<string>;
  walks: ReadonlyMap<string, SiteWalk>;
}

export class WatchedTree {
  #changes = new Set<string>();
  #walks = new Map<string, SiteWalk>();
  /** The memory was made by the last load, and every change since is in `#changes`. */
  #fresh = false;
  /** A folder could not be watched: nothing is trusted any more. */
  #blind = false;

  /** The watcher saw `rel` (content-relative, `/`-separated) change; undefined: something changed, not said what. */
  changed(rel?: string): void {
    if (rel === undefined || rel === '') this.#fresh = false;
    else this.#changes.add(rel);
  }

  /** A folder of the tree is not watched (the system's limit of watches, say): from now on every load reads everything. */
  blind(): void {
    this.#blind = true;
    this.#fresh = false;
  }

  /**
   * Starts a load: what it may trust (undefined: nothing), and a fresh list for the changes that
   * come while it runs. The load calls `finish` with its walks once it has read the tree.
   */
  begin(): TrustedChanges | undefined {
    const trusted = this.#fresh && !this.#blind ? { changes: this.#changes, walks: this.#walks } : undefined;
    this.#fresh = false;
    this.#changes = new Set();
    return trusted;
  }

  /** The load that began last has read the tree: these are its walks. */
  finish(walks: ReadonlyMap<string, SiteWalk>): void {
    this.#walks = new Map(walks);
    this.#fresh = !this.#blind;
  }
}

/**
 * The kept walk of `siteId` when it still holds: same site.yaml, walked plainly, and every
 * changed path under the folder has the kind the walk saw (a name that was not there and is not
 * there now, like an editor's temporary file, changes nothing).
 */
export function walkOf(trusted: TrustedChanges | undefined, contentDir: string, siteId: string, siteYaml: string): SiteWalk | undefined {
  const walk = trusted?.walks.get(siteId);
  if (!walk || !walk.plain || walk.siteYaml !== siteYaml) return undefined;
  for (const rel of trusted!.changes) {
    if (rel === siteId) return undefined;
    if (!rel.startsWith(`${siteId}/`) || rel === `${siteId}/site.yaml`) continue;
    if (kindOf(path.join(contentDir, ...rel.split('/'))) !== walk.seen.get(rel)) return undefined;
  }
  return walk;
}

function kindOf(abs: string): PathKind | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return undefined;
  }
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
}
