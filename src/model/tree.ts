/**
 * The content tree as files on disk: which folders are sites, which files are articles, which
 * are publishable attachments, and where every symlink really points. Every publish decision
 * downstream is made on the *real* path found here, so a symlink can never give held-back
 * content a second, published name:
 *
 * - a symlink must stay inside the content tree (CONTENT-SYMLINK-OUTSIDE);
 * - an article (`.md`/`.mdx`) or a configuration file may not be a symlink at all
 *   (CONTENT-SYMLINK-ENTRY): one article, one path, one URL;
 * - a file whose real path is an article's source is never an attachment (its raw text would
 *   be published, front matter and all);
 * - an attachment belongs to the article whose `<slug>.files/` folder holds its real path,
 *   decided by exact path segments (`<site>/<column>/<slug>.files/…`), never by a pattern that
 *   a nested `x.files/` folder could fool.
 *
 * Only files under an article's `.files/` folder or `_shared/` can be published; other stray
 * files are reported (CONTENT-UNEXPECTED-FILE) and cannot be linked.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One publishable file of the tree (an attachment or a shared file). */
export interface TreeFile {
  /** Path as linked, content-relative (POSIX). */
  path: string;
  /** Real path, content-relative (equal to `path` unless a symlink is involved). */
  real: string;
}

/** An article or single page found in a column folder (or `pages/`). */
export interface TreeEntry {
  /** Content-relative path (POSIX). */
  source: string;
  siteId: string;
  columnId: string;
  slug: string;
  format: 'md' | 'mdx';
  kind: 'article' | 'page';
}

export type TreeProblem =
  | { kind: 'symlink-outside'; path: string; target: string }
  | { kind: 'symlink-entry'; path: string; target: string }
  | { kind: 'unexpected-file'; path: string }
  | { kind: 'unexpected-dir'; path: string }
  | { kind: 'not-a-directory'; path: string }
  | { kind: 'config-not-file'; path: string }
  | { kind: 'bad-name'; path: string; name: string; what: 'site' | 'file' }
  | { kind: 'reserved'; path: string; name: string; what: 'site' | 'slug' }
  | { kind: 'duplicate-slug'; path: string; slug: string }
  | { kind: 'undeclared-column'; path: string; siteId: string; column: string };

/** A name's kind as a walk saw it (its directory entry's type; a symlink is 'other'). */
export type PathKind = 'file' | 'dir' | 'other';

export const toPosix = (p: string) => p.split(path.sep).join('/');

/** A file or folder of the tree, with its real location checked. */
export interface Resolved {
  abs: string;
  /** Content-relative real path, or undefined when it leaves the tree. */
  real?: string;
  symlink: boolean;
  isDirectory: boolean;
}

export class ContentTree {
  readonly root: string;
  private readonly realRoot: string;
  /** While a walk is recorded (`recording`): every name listed, and whether all were plain. */
  #record?: { seen: Map<string, PathKind>; plain: boolean };

  constructor(contentDir: string) {
    this.root = path.resolve(contentDir);
    this.realRoot = fs.realpathSync(this.root);
  }

  /**
   * Stats a path of the tree, following every symlink on the way (the path's own and its
   * folders'); `real` is undefined when it leaves the tree, `symlink` is true when the real path
   * differs from the path as written.
   */
  resolve(rel: string): Resolved {
    const abs = path.join(this.root, ...rel.split('/'));
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      if (this.#record) this.#record.plain = false;
      return { abs, symlink: true, isDirectory: false };
    }
    const inside = real === this.realRoot || real.startsWith(this.realRoot + path.sep);
    const realRel = inside ? toPosix(path.relative(this.realRoot, real)) : undefined;
    if (this.#record && realRel !== rel) this.#record.plain = false;
    return { abs, real: realRel, symlink: realRel !== rel, isDirectory: inside && fs.statSync(real).isDirectory() };
  }

  /**
   * Runs `walk` and says what it listed: every name with its kind, and whether everything on the
   * way was a plain file or folder at its own path (no symlink): only such a walk is seen whole
   * by the dev server's file watcher (watched.ts).
   */
  recording<T>(walk: () => T): { result: T; seen: Map<string, PathKind>; plain: boolean } {
    const record = (this.#record = { seen: new Map<string, PathKind>(), plain: true });
    try {
      return { result: walk(), ...record };
    } finally {
      this.#record = undefined;
    }
  }

  /**
   * The entries of folder `rel` (`dir` is its resolution), sorted by name, each resolved as
   * `resolve` would: a plain file or folder in a folder whose real path is its own path is
   * resolved from its directory entry alone; anything else (a symlink, a folder reached through
   * one, a type the file system does not report) in full. A group's ten thousand articles cost
   * a realpath walk and a stat each before this.
   */
  entries(rel: string, dir: Resolved): { name: string; rel: string; resolved: Resolved }[] {
    const plainParent = dir.real === rel && !dir.symlink;
    return fs
      .readdirSync(dir.abs, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => {
        const childRel = `${rel}/${d.name}`;
        const plain = plainParent && !d.isSymbolicLink() && (d.isFile() || d.isDirectory());
        this.#record?.seen.set(childRel, d.isFile() ? 'file' : d.isDirectory() ? 'dir' : 'other');
        return { name: d.name, rel: childRel, resolved: plain ? { abs: path.join(dir.abs, d.name), real: childRel, symlink: false, isDirectory: d.isDirectory() } : this.resolve(childRel) };
      });
  }

  /** The symlink target as written, for messages. */
  target(rel: string): string {
    try {
      return fs.readlinkSync(path.join(this.root, ...rel.split('/')));
    } catch {
      return '?';
    }
  }

  /**
   * Reads a configuration file (group.yaml, site.yaml, wording.yaml) only when it is a regular
   * file of the tree: never through a symlink, so no file outside the tree is ever read (and
   * printed in an error message).
   */
  readConfig(rel: string): { text?: string; problem?: TreeProblem; missing?: boolean } {
    const abs = path.join(this.root, ...rel.split('/'));
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return { missing: true };
    }
    if (st.isSymbolicLink()) return { problem: { kind: 'symlink-entry', path: rel, target: this.target(rel) } };
    // A folder (or anything but a file) where the configuration belongs is said as such, never "missing".
    if (!st.isFile()) return { problem: { kind: 'config-not-file', path: rel } };
    return { text: fs.readFileSync(abs, 'utf8') };
  }

  /** Reads an article's bytes (a regular file: symlinked articles were refused by the walk). */
  readBytes(rel: string): Buffer {
    return fs.readFileSync(path.join(this.root, ...rel.split('/')));
  }
}

/** `<site>/<column>/<slug>.files/…` → `<site>/<column>/<slug>`; otherwise undefined. */
export function attachmentOwner(rel: string): string | undefined {
  const parts = rel.split('/');
  if (parts.length < 4 || !parts[2].endsWith('.files') || parts[2] === '.files') return undefined;
  return `${parts[0]}/${parts[1]}/${parts[2].slice(0, -'.files'.length)}`;
}

/** Whether a content-relative path is an article's source (`<site>/<column>/<slug>.md(x)`). */
export function isEntrySource(rel: string): boolean {
  const parts = rel.split('/');
  return parts.length === 3 && /\.mdx?$/.test(parts[2]) && parts[0] !== '_shared';
}

/**
 * Collects the publishable files below `rel` (an article's `.files/` folder or `_shared/`):
 * every file with its real path; symlinks outside the tree and symlinks to articles reported.
 */
export function walkFiles(tree: ContentTree, rel: string, out: TreeFile[], report: (p: TreeProblem) => void, depth = 0): void {
  // A symlinked folder inside its own subtree would recurse for ever.
  if (depth > 16) return;
  for (const { name, rel: childRel, resolved: child } of tree.entries(rel, tree.resolve(rel))) {
    if (name.startsWith('.')) continue;
    if (child.real === undefined) {
      report({ kind: 'symlink-outside', path: childRel, target: tree.target(childRel) });
    } else if (child.isDirectory) {
      walkFiles(tree, childRel, out, report, depth + 1);
    } else if (isEntrySource(child.real)) {
      // An article's source under another name: its raw text (front matter and all) would be published.
      report({ kind: 'symlink-entry', path: childRel, target: child.real });
    } else {
      out.push({ path: childRel, real: child.real });
    }
  }
}
