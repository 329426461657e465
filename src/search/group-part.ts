/**
 * A bundle's part of the group index: its pages' fragments with the URLs the portal links them
 * by, stored a few pages to a file, with each page's word count and sort values. A part depends
 * on its own bundle and the site's URLs only, so the unit worker writes it right after the site's
 * own index (in parallel with the other units), the build cache keeps it with the unit, and the
 * group merge (merge-bundles.ts) links the files of every part instead of reading, rewriting and
 * compressing every page's fragment of the group again.
 *
 * Files are named by what they hold (`g` + the first 6 hex digits of the sha256 of their pages'
 * fragments, longer only when a name is taken), and a page's key is `<file name>.<n>`. Names are
 * chosen here with the part's own names taken; the merge checks them against the parts before
 * it and, in the rare case of a clash between two parts, renames the later file exactly as one
 * merge over all pages would have named it (merge-bundles.ts `placeParts`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fail, PAGEFIND_FORMAT, PREFIX, read, readSource, type Fragment } from './bundle-read.ts';

export const GROUP_PART_VERSION = 1;

/** One fragment file of a part. */
export interface PartFile {
  /** File name without `.pf_fragment`, e.g. `g1a2b3c`. */
  name: string;
  /** sha256 of the text the name is cut from (its pages' fragments, one per line). */
  digest: string;
  /** Word count of each page in the file, in bundle order. */
  words: number[];
  /** Sort key → each page's value (null where it has none). */
  sorts: Record<string, (string | null)[]>;
  size: number;
  mtimeMs: number;
}

export interface GroupPart {
  version: number;
  /** The bundle it was made from: its meta file's hash and page count. */
  bundle: { metaHash: string; pages: number; format: string };
  groupSize: number;
  files: PartFile[];
}

export interface PartOptions {
  /** Pages per fragment file. */
  groupSize: number;
  /** The URL a result links to, from the URL Pagefind recorded (site-relative). */
  url: (recorded: string) => string;
  /**
   * The value a page sorts by, per sort key, from its fragment (Pagefind keeps none in
   * fragments). Default: the fragment's meta value of that name, as the pages write it (record.ts).
   */
  sortValue?: (key: string, fragment: Fragment) => string | undefined;
}

/** The folder a unit's part is kept in, beside the unit's folder (worker output, cache, shard). */
export function partDirOf(unitDir: string): string {
  return `${unitDir}.group`;
}

/** The file of a part file, inside the part's folder. */
export function partFile(dir: string, name: string): string {
  return path.join(dir, 'fragment', `${name}.pf_fragment`);
}

/** The gzip file Pagefind's client reads, for a fragment file's JSON. */
export function fragmentFileBytes(json: string): Buffer {
  return zlib.gzipSync(Buffer.concat([PREFIX, Buffer.from(json)]));
}

/** `g` + the shortest prefix (6 hex digits or more) of `digest` that is not taken; adds it to `taken`. */
export function fileName(digest: string, taken: Set<string>): string {
  let n = 6;
  while (taken.has(`g${digest.slice(0, n)}`) && n < digest.length) n++;
  const name = `g${digest.slice(0, n)}`;
  taken.add(name);
  return name;
}

/** The file's JSON: an object of its pages' fragments by key `<name>.<n>`. */
export function fragmentFileJson(name: string, fragments: readonly string[]): string {
  return `{${fragments.map((json, i) => `${JSON.stringify(`${name}.${i}`)}:${json}`).join(',')}}`;
}

/** Writes the part of the bundle in `bundleDir` into `dir` (replaced) and returns it. */
export function writeGroupPart(bundleDir: string, dir: string, options: PartOptions): GroupPart {
  const m = readSource({ dir: bundleDir });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'fragment'), { recursive: true });
  const taken = new Set<string>();
  const files: PartFile[] = [];
  const sortKeys = m.sorts.map(([key]) => key);
  const sortValue = options.sortValue ?? ((key: string, f: Fragment) => f.meta[key]);
  let group: { json: string; words: number; sorts: (string | null)[] }[] = [];
  const flush = () => {
    if (!group.length) return;
    const digest = createHash('sha256').update(group.map((g) => g.json).join('\n')).digest('hex');
    const name = fileName(digest, taken);
    const file = partFile(dir, name);
    fs.writeFileSync(file, fragmentFileBytes(fragmentFileJson(name, group.map((g) => g.json))));
    const st = fs.statSync(file);
    files.push({
      name,
      digest,
      words: group.map((g) => g.words),
      sorts: Object.fromEntries(sortKeys.map((key, k) => [key, group.map((g) => g.sorts[k])])),
      size: st.size,
      mtimeMs: st.mtimeMs,
    });
    group = [];
  };
  const groups = new Map<string, Record<string, unknown>>();
  for (const [hash, wordCount, groupId] of m.pages) {
    let fragment: Fragment;
    if (groupId) {
      let g = groups.get(groupId);
      if (!g) groups.set(groupId, (g = JSON.parse(read(path.join(bundleDir, 'fragment', `${groupId}.pf_fragment`)).toString('utf8')) as Record<string, unknown>));
      fragment = g[hash] as Fragment;
      if (!fragment) fail(bundleDir, `fragment ${hash} missing from group ${groupId}`);
    } else {
      fragment = JSON.parse(read(path.join(bundleDir, 'fragment', `${hash}.pf_fragment`)).toString('utf8')) as Fragment;
    }
    if (typeof fragment.url !== 'string' || typeof fragment.meta !== 'object') fail(bundleDir, `fragment ${hash} has no url or meta`);
    const rewritten: Fragment = { ...fragment, url: options.url(fragment.url) };
    if (typeof fragment.meta.image === 'string') rewritten.meta = { ...fragment.meta, image: options.url(fragment.meta.image) };
    group.push({ json: JSON.stringify(rewritten), words: wordCount, sorts: sortKeys.map((key) => sortValue(key, fragment) ?? null) });
    if (group.length === options.groupSize) flush();
  }
  flush();
  return { version: GROUP_PART_VERSION, bundle: { metaHash: m.metaHash, pages: m.pages.length, format: PAGEFIND_FORMAT }, groupSize: options.groupSize, files };
}

/** Whether every file of the part is in `dir` as written (size and modification time). */
export function partIntact(part: GroupPart, dir: string): boolean {
  try {
    return part.files.every((f) => {
      const st = fs.statSync(partFile(dir, f.name));
      return st.isFile() && st.size === f.size && st.mtimeMs === f.mtimeMs;
    });
  } catch {
    return false;
  }
}
