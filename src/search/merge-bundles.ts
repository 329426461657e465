/**
 * Merges Pagefind bundles into one: the group index of the portal is the union of the sites'
 * own bundles, with every word, position, weight and filter kept, and each page's URL
 * rewritten to where the portal links it (in each bundle's part, group-part.ts, which the unit
 * worker writes and the merge links in). Nothing is segmented or indexed again, so the group
 * index costs a pass over the sites' index files (not a second Pagefind run over every page),
 * its peak memory is a few chunks (plus the chunks read ahead while units are built, bounded by
 * GROUP_PREFETCH_BYTES: merge-worker.ts), and it follows incremental and sharded builds for
 * free: it is recomputed from the site bundles, whichever build produced them. Why not Pagefind's
 * `mergeIndex` in the browser: one index load per site (docs/search.md).
 *
 * The format is Pagefind 1.6's (pinned in package.json), read from its output:
 *   - every file is gzip of `pagefind_dcd` + payload; index, filter and meta payloads are CBOR;
 *   - meta: [version, pages [[hash, word count, fragment group]], chunks [[from, to, hash]],
 *     filters [[name, hash]], sorts [[name, [page numbers]]], meta field names (sorted)];
 *   - index chunk: [[[word, postings [[page delta, locations, meta locations]], extra]]] with
 *     page numbers delta-encoded from 0 and meta locations naming fields by `-(index + 1)`;
 *   - filter: [name, [[value, [page numbers]]]];
 *   - fragments: JSON, alone (`<hash>.pf_fragment`) or grouped (`<group>.pf_fragment`, an object
 *     of fragments by hash) when a bundle has more pages than `maxFragments`.
 * Anything else (another version, data where the format has none) fails the merge with a
 * message: a group index that silently disagrees with the sites' would be worse than none.
 *
 * Two things differ from what Pagefind writes, both for the bytes a search loads (its meta file
 * lists every page): fragments are stored a few pages of one bundle per file, and sort values go
 * to files of their own (`sort-<key>.json`) that the search page loads only to sort.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CborError, CborReader, CborWriter, decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import { fileName, fragmentFileBytes, fragmentFileJson, GROUP_PART_VERSION, partFile, type GroupPart } from './group-part.ts';
import { BundleFormatError, fail, isStr, PAGEFIND_FORMAT, PREFIX, read, readSource, type Entry, type SourceMeta } from './bundle-read.ts';


const gzip = promisify(zlib.gzip);
/**
 * Pagefind's chunk size: postings' locations and meta locations, plus one per posting, per index
 * file. The same cut as Pagefind's matters: its client looks up a word's prefix in the chunks
 * the word's range names, so other boundaries would find other prefix matches.
 */
const CHUNK_LOCATIONS = 20000;
/** Files every bundle carries unchanged (Pagefind's client). */
const CLIENT_FILES = ['pagefind.js', 'pagefind-worker.js', 'wasm.unknown.pagefind'];

export interface BundleSource {
  /** The bundle folder (holds pagefind-entry.json). */
  dir: string;
  /** The bundle's part of the group index and its folder (group-part.ts `writeGroupPart`). */
  part: { part: GroupPart; dir: string };
}

export interface MergeOptions {
  /** Pages per fragment file (all from one bundle); every part must have been made with it. */
  groupSize: number;
  /**
   * A folder that keeps the index, filter and meta files of the last merge, by the digest of
   * what they hold: a file this merge writes with the same payload is taken from there instead
   * of compressed again (after one changed page, most index chunks are the same). Written anew
   * by every merge. (Fragment files come from the parts, which the cache keeps with each unit.)
   */
  reuse?: string;
}

export interface MergeResult {
  pages: number;
  files: number;
  bytes: number;
  /** Chunk files whose words were taken from what was read ahead (Prefetch). */
  ahead: number;
}

/** Code-point (UTF-8 byte) order, as Pagefind (Rust `String`) sorts words and values. */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order equals code-point order except between surrogates and U+E000–U+FFFF.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x - y;
    return sx ? 1 : -1;
  }
  return a.length - b.length;
}

/** The last full digest `shortHash` computed (so `write` does not hash the same payload again). */
let lastDigest: { data: Buffer | string; full: string } | undefined;

function shortHash(prefix: string, data: Buffer | string, length: number, taken: Set<string>): string {
  const full = createHash('sha256').update(data).digest('hex');
  lastDigest = { data, full };
  let n = length;
  while (taken.has(`${prefix}${full.slice(0, n)}`) && n < full.length) n++;
  const hash = `${prefix}${full.slice(0, n)}`;
  taken.add(hash);
  return hash;
}

/** One word of a bundle's chunk: where its postings are, and what the merge needs of them. */
export interface Word {
  word: string;
  buf: Uint8Array;
  /** The postings' bytes after the first posting's page delta, up to the end of the list. */
  afterFirst: number;
  end: number;
  count: number;
  /** Page of the first and of the last posting in the bundle. */
  first: number;
  last: number;
  /** Locations and meta locations, plus one per posting (Pagefind's chunk size measure). */
  size: number;
  /** Some posting points into a meta field (a negative meta location): renumbered for a bundle whose fields differ. */
  inFields: boolean;
}
/** The words of one index chunk file of a bundle, in order (in the bundle's own numbering). */
export function parseChunk(file: string): Word[] {
  const raw = read(file);
  const r = new CborReader(raw);
  const words: Word[] = [];
  try {
    if (r.array() !== 1) fail(file, 'unexpected chunk structure');
    const n = r.array();
    for (let k = 0; k < n; k++) {
      if (r.array() !== 3) fail(file, 'unexpected word structure');
      const word = r.text();
      const count = r.array();
      let page = 0;
      let first = 0;
      let afterFirst = 0;
      let size = 0;
      let inFields = false;
      for (let p = 0; p < count; p++) {
        if (r.array() !== 3) fail(file, `word "${word}": unexpected posting`);
        const delta = r.int();
        page += delta;
        if (p === 0) {
          first = delta;
          afterFirst = r.offset;
        }
        size += r.skipIntArray() + 1;
        const metaCount = r.array();
        size += metaCount;
        for (let m = 0; m < metaCount; m++) if (r.int() < 0) inFields = true;
      }
      const end = r.offset;
      if (r.array() !== 0) fail(file, `word "${word}" has data the merge does not know`);
      words.push({ word, buf: raw, afterFirst, end, count, first, last: page, size, inFields });
    }
    if (!r.done) fail(file, 'data after the chunk');
  } catch (error) {
    if (error instanceof CborError) fail(file, error.message);
    throw error;
  }
  return words;
}

/**
 * Writes a word's postings after its first page delta (`w.buf[afterFirst, end)`) to `out`, with
 * the meta field locations (negative numbers) renumbered by `fieldMap`: for a bundle whose
 * fields differ from the merged index's. (Done here, not when parsing, so a chunk read ahead
 * serves whatever the other bundles' fields turn out to be.)
 */
function writeRenumbered(w: Word, fieldMap: readonly number[], out: CborWriter, where: string): void {
  const r = new CborReader(w.buf, w.afterFirst);
  for (let p = 0; p < w.count; p++) {
    if (p > 0) {
      r.array();
      out.head(4, 3);
      out.int(r.int());
    }
    const locs = r.offset;
    r.skipIntArray();
    out.raw(w.buf.subarray(locs, r.offset));
    const metaCount = r.array();
    out.head(4, metaCount);
    for (let m = 0; m < metaCount; m++) {
      const v = r.int();
      out.int(v < 0 ? -(fieldMap[-v - 1] ?? fail(where, `word "${w.word}": meta field ${-v - 1}`)) - 1 : v);
    }
  }
}

/** A bundle's chunk files, in its meta file's order, each with the key words read ahead are kept by. */
function chunksOf(m: Pick<SourceMeta, 'chunks' | 'metaHash'> & { source: { dir: string } }): { file: string; key: string }[] {
  // By the bundle's meta hash, not its folder: a unit's folder moves into the cache after it is built.
  return m.chunks.map(([, , hash]) => ({ file: path.join(m.source.dir, 'index', `${hash}.pf_index`), key: `${m.metaHash}/${hash}` }));
}

/**
 * Words of index chunks read before the merge (by the merge's thread, while units are built:
 * merge-worker.ts), up to a budget of chunk bytes; the merge takes each chunk's words out as it
 * uses them.
 */
export class Prefetch {
  readonly words = new Map<string, Word[]>();
  #left: number;

  constructor(budget: number) {
    this.#left = budget;
  }

  /**
   * Reads and parses the chunks of the bundles in `dirs`, whole bundles in order, until the
   * budget is spent; chunks it holds already are skipped. A bundle it cannot read (or that moves
   * meanwhile) is left to the caller to give again from where it is now, or to the merge, which
   * reads it again and reports what is wrong with it.
   */
  add(dirs: readonly string[]): void {
    for (const dir of dirs) {
      try {
        for (const { file, key } of chunksOf(readSource({ dir }))) {
          if (this.#left <= 0) return;
          if (this.words.has(key)) continue;
          const words = parseChunk(file);
          this.words.set(key, words);
          this.#left -= words[0]?.buf.byteLength ?? 0;
        }
      } catch {
        continue;
      }
    }
  }
}

/**
 * Merges `sources` into one bundle in `outDir`. `prefetched`: words read ahead; a chunk found
 * there is not read again. In steps: the fragments (linked from each bundle's group part), the
 * words (a k-way merge of the bundles' sorted chunks), the filters, the sort files, then the meta
 * and entry files and Pagefind's client.
 */
export async function mergeBundles(sources: readonly BundleSource[], outDir: string, options: MergeOptions, prefetched: Prefetch = new Prefetch(0)): Promise<MergeResult> {
  if (!sources.length) throw new BundleFormatError('no bundles to merge');
  const metas = sources.map(readSource);
  const language = metas[0].language;
  for (const m of metas) if (m.language !== language) fail(m.source.dir, `language ${m.language}, others ${language}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const result: MergeResult = { pages: 0, files: 0, bytes: 0, ahead: 0 };
  const { write, pending, written } = bundleWriter(outDir, options, result);

  const offsets: number[] = [];
  let total = 0;
  for (const m of metas) {
    offsets.push(total);
    total += m.pages.length;
  }
  result.pages = total;
  const fields = [...new Set(metas.flatMap((m) => m.fields))].sort(compareBytes);
  const fieldIndex = new Map(fields.map((f, i) => [f, i]));
  const fieldMaps = metas.map((m) => m.fields.map((f) => fieldIndex.get(f)!));

  const { pages, sortValues } = linkFragments(metas, outDir, options, result);
  const lp = `${language}_`;
  const chunkMeta = await mergeWords(metas, offsets, fieldMaps, prefetched, write, lp, result);
  const filters = await mergeFilters(metas, offsets, write, lp);
  writeSortFiles(outDir, sortValues, result);

  const metaPayload = encodeCbor([PAGEFIND_FORMAT, pages, chunkMeta, filters, [], fields]);
  const metaHash = shortHash(lp, metaPayload, language.length + 8, new Set());
  await write(`pagefind.${metaHash}.pf_meta`, metaPayload);
  await Promise.all(pending);
  const entry: Entry = {
    version: PAGEFIND_FORMAT,
    languages: { [language]: { hash: metaHash, wasm: null, page_count: total } },
    include_characters: metas[0].entry.include_characters,
  };
  if (options.reuse) keepForReuse(options.reuse, outDir, written);
  const entryJson = JSON.stringify(entry);
  fs.writeFileSync(path.join(outDir, 'pagefind-entry.json'), entryJson);
  result.files++;
  result.bytes += Buffer.byteLength(entryJson);
  for (const f of CLIENT_FILES) {
    const from = path.join(metas[0].source.dir, f);
    if (!fs.existsSync(from)) continue;
    fs.copyFileSync(from, path.join(outDir, f));
    result.files++;
    result.bytes += fs.statSync(from).size;
  }
  return result;
}

type Meta = ReturnType<typeof readSource<BundleSource>>;

/**
 * Writes the merged bundle's files, gzipped with Pagefind's prefix on libuv's thread pool while
 * the merge goes on (a few files in flight at most); a file whose bytes are those of the reused
 * folder's (`options.reuse`) is linked from there. `written`: each file's sha256, for the next reuse.
 */
function bundleWriter(outDir: string, options: MergeOptions, result: MergeResult): { write: (rel: string, payload: Buffer | string) => Promise<void>; pending: Set<Promise<void>>; written: Map<string, string> } {
  // Compression runs on libuv's thread pool while the merge goes on; a few files in flight at most.
  const pending = new Set<Promise<void>>();
  const made = new Set<string>();
  const reused = options.reuse ? readReuse(options.reuse) : new Map<string, string>();
  const written = new Map<string, string>();
  const write = async (rel: string, payload: Buffer | string) => {
    while (pending.size >= 8) await Promise.race(pending);
    const file = path.join(outDir, ...rel.split('/'));
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const digest = lastDigest?.data === payload ? lastDigest.full : createHash('sha256').update(payload).digest('hex');
    written.set(rel, digest);
    if (reused.get(rel) === digest) {
      const from = path.join(options.reuse!, 'files', ...rel.split('/'));
      try {
        fs.linkSync(from, file);
      } catch {
        fs.copyFileSync(from, file);
      }
      result.files++;
      result.bytes += fs.statSync(file).size;
      return;
    }
    const job = gzip(Buffer.concat([PREFIX, Buffer.from(payload)])).then((data) => {
      fs.writeFileSync(file, data);
      result.files++;
      result.bytes += data.length;
    });
    const tracked = job.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  return { write, pending, written };
}

/**
 * The fragments: each bundle's group-part files linked in, in bundle order (renamed where another
 * part took the name). Returns the pages' keys with their word counts and files, and the sort values.
 */
function linkFragments(metas: readonly Meta[], outDir: string, options: MergeOptions, result: MergeResult): { pages: [string, number, string][]; sortValues: Map<string, Record<string, (string | null)[]>> } {
  // ── fragments: the parts' files, a few pages of one bundle per file ─────────────────────────
  // Fragments are stored `groupSize` pages of the same bundle to a file named by what the file
  // says (its pages' fragments, in order), and a page's key is `<file name>.<n>`: the meta file,
  // which every search loads, then repeats each name a few times in a row (gzip makes that
  // almost free) instead of carrying a hash per page; a result loads a few pages' fragments;
  // and the files of a bundle that did not change keep their names. The files were written with
  // each bundle's part (group-part.ts); here they are linked in, in bundle order.
  const pages: [string, number, string][] = [];
  /** Sort key → file name → the values of its pages, in order. */
  const sortValues = new Map<string, Record<string, (string | null)[]>>();
  fs.mkdirSync(path.join(outDir, 'fragment'), { recursive: true });
  const taken = new Set<string>();
  for (const m of metas) {
    const { part, dir } = m.source.part;
    if (part.version !== GROUP_PART_VERSION || part.bundle.format !== PAGEFIND_FORMAT || part.groupSize !== options.groupSize) fail(dir, 'group part of another version or fragment size');
    if (part.bundle.metaHash !== m.metaHash || part.bundle.pages !== m.pages.length) fail(dir, `group part of another bundle than ${m.source.dir}`);
    if (part.files.reduce((n, f) => n + f.words.length, 0) !== m.pages.length) fail(dir, 'group part does not list every page');
    for (const f of part.files) {
      // The name one merge over every page would give it: another part may have taken it.
      const name = fileName(f.digest, taken);
      const to = partFile(outDir, name);
      if (name === f.name) {
        try {
          fs.linkSync(partFile(dir, f.name), to);
        } catch {
          fs.copyFileSync(partFile(dir, f.name), to);
        }
      } else {
        const file = JSON.parse(read(partFile(dir, f.name)).toString('utf8')) as Record<string, unknown>;
        fs.writeFileSync(to, fragmentFileBytes(fragmentFileJson(name, f.words.map((_, i) => JSON.stringify(file[`${f.name}.${i}`])))));
      }
      result.files++;
      result.bytes += fs.statSync(to).size;
      f.words.forEach((words, i) => pages.push([`${name}.${i}`, words, name]));
      for (const [sortKey, values] of Object.entries(f.sorts)) {
        let byFile = sortValues.get(sortKey);
        if (!byFile) sortValues.set(sortKey, (byFile = {}));
        byFile[name] = values;
      }
    }
  }
  return { pages, sortValues };
}

/** The words: every bundle's chunks merged, written as new chunks; returns each chunk's bounds and hash. */
async function mergeWords(
  metas: readonly Meta[],
  offsets: readonly number[],
  fieldMaps: readonly number[][],
  prefetched: Prefetch,
  write: (rel: string, payload: Buffer | string) => Promise<void>,
  lp: string,
  result: MergeResult,
): Promise<[string, string, string][]> {
  // ── words: a k-way merge of the bundles' sorted chunks ────────────────────────────────────
  // Postings pass through as bytes: only the first posting of each bundle's list gets a new page
  // delta, and meta locations are renumbered only for the words in meta fields of a bundle whose
  // fields differ from the union (writeRenumbered).
  const cursors = metas.map((m, s) => ({ s, chunk: 0, words: [] as Word[], at: 0, files: chunksOf(m) }));
  const renumbered = fieldMaps.map((map) => !map.every((to, from) => to === from));
  type Cursor = (typeof cursors)[number];
  const load = (c: Cursor): boolean => {
    while (c.at >= c.words.length) {
      if (c.chunk >= c.files.length) return false;
      const { file, key } = c.files[c.chunk];
      const ahead = prefetched.words.get(key);
      prefetched.words.delete(key);
      if (ahead) result.ahead++;
      c.words = ahead ?? parseChunk(file);
      c.chunk++;
      c.at = 0;
    }
    return true;
  };
  const heap: Cursor[] = [];
  const key = (c: Cursor) => c.words[c.at].word;
  const less = (a: Cursor, b: Cursor) => {
    const d = compareBytes(key(a), key(b));
    return d < 0 || (d === 0 && a.s < b.s);
  };
  const push = (c: Cursor) => {
    heap.push(c);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  for (const c of cursors) if (load(c)) push(c);

  const chunkHashes = new Set<string>();
  const chunkMeta: [string, string, string][] = [];
  const body = new CborWriter(1 << 20);
  let first = '';
  let previous = '';
  let wordsInChunk = 0;
  let chunkSize = 0;
  const flushChunk = async () => {
    if (!wordsInChunk) return;
    const w = new CborWriter(body.length + 16);
    w.head(4, 1);
    w.head(4, wordsInChunk);
    w.raw(body.bytes());
    const payload = w.bytes();
    const hash = shortHash(lp, payload, 7, chunkHashes);
    await write(`index/${hash}.pf_index`, payload);
    chunkMeta.push([first, previous, hash]);
    body.reset();
    wordsInChunk = 0;
    chunkSize = 0;
  };
  const parts: { s: number; w: Word }[] = [];
  while (heap.length) {
    const word = key(heap[0]);
    parts.length = 0;
    let count = 0;
    while (heap.length && key(heap[0]) === word) {
      const c = pop();
      const w = c.words[c.at];
      parts.push({ s: c.s, w });
      count += w.count;
      chunkSize += w.size;
      c.at++;
      if (load(c)) push(c);
    }
    body.head(4, 3);
    body.text(word);
    body.head(4, count);
    let last = 0;
    for (const { s, w } of parts) {
      const global = offsets[s] + w.first;
      body.head(4, 3);
      body.int(global - last);
      // Most words occur in page text only: their bytes stay as they are whatever the fields.
      if (renumbered[s] && w.inFields) writeRenumbered(w, fieldMaps[s], body, metas[s].source.dir);
      else body.raw(w.buf.subarray(w.afterFirst, w.end));
      last = offsets[s] + w.last;
    }
    body.head(4, 0);
    if (!wordsInChunk) first = word;
    previous = word;
    wordsInChunk++;
    if (chunkSize >= CHUNK_LOCATIONS) await flushChunk();
  }
  await flushChunk();
  // Chunk bounds as Pagefind writes them: neighbours cut at their first differing character.
  for (let i = 0; i + 1 < chunkMeta.length; i++) {
    const a = [...chunkMeta[i][1]];
    const b = [...chunkMeta[i + 1][0]];
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    chunkMeta[i][1] = a.slice(0, common + 1).join('');
    chunkMeta[i + 1][0] = b.slice(0, common + 1).join('');
  }
  return chunkMeta;
}

/** The filters: each value's pages from every bundle, renumbered; returns each filter's name and hash. */
async function mergeFilters(metas: readonly Meta[], offsets: readonly number[], write: (rel: string, payload: Buffer | string) => Promise<void>, lp: string): Promise<[string, string][]> {
  // ── filters ──────────────────────────────────────────────────────────────────────────────
  const filterValues = new Map<string, Map<string, number[]>>();
  metas.forEach((m, s) => {
    for (const [name, hash] of m.filters) {
      const file = path.join(m.source.dir, 'filter', `${hash}.pf_filter`);
      const decoded = decodeCbor(read(file)) as CborValue[];
      if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== name || !Array.isArray(decoded[1])) fail(file, 'unexpected filter structure');
      let values = filterValues.get(name);
      if (!values) filterValues.set(name, (values = new Map()));
      for (const pair of decoded[1] as CborValue[][]) {
        if (!Array.isArray(pair) || pair.length !== 2 || !isStr(pair[0]) || !Array.isArray(pair[1])) fail(file, 'unexpected filter value');
        let list = values.get(pair[0] as string);
        if (!list) values.set(pair[0] as string, (list = []));
        for (const p of pair[1] as number[]) list.push(offsets[s] + p);
      }
    }
  });
  const filterHashes = new Set<string>();
  const filters: [string, string][] = [];
  for (const name of [...filterValues.keys()].sort(compareBytes)) {
    const values = [...filterValues.get(name)!].sort((a, b) => compareBytes(a[0], b[0])).map(([v, list]) => [v, list.sort((x, y) => x - y)] as CborValue);
    const payload = encodeCbor([name, values]);
    const hash = shortHash(lp, payload, 7, filterHashes);
    await write(`filter/${hash}.pf_filter`, payload);
    filters.push([name, hash]);
  }
  return filters;
}

/**
 * The sorts: a file per key (`sort-<key>.json`: fragment file name → the values of its pages, in
 * the order of their keys `<name>.<n>`), fetched only when someone sorts; the meta file, which
 * every search loads, has none.
 */
function writeSortFiles(outDir: string, sortValues: ReadonlyMap<string, Record<string, (string | null)[]>>, result: MergeResult): void {
  for (const name of [...sortValues.keys()].sort(compareBytes)) {
    const file = path.join(outDir, `sort-${name}.json`);
    fs.writeFileSync(file, JSON.stringify(sortValues.get(name)));
    result.files++;
    result.bytes += fs.statSync(file).size;
  }
}

function readReuse(dir: string): Map<string, string> {
  try {
    return new Map(Object.entries(JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as Record<string, string>));
  } catch {
    return new Map();
  }
}

/** Makes `dir` hold this merge's files (hard links where possible) and their digests. */
function keepForReuse(dir: string, outDir: string, written: ReadonlyMap<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const rel of written.keys()) {
    const to = path.join(dir, 'files', ...rel.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    try {
      fs.linkSync(path.join(outDir, ...rel.split('/')), to);
    } catch {
      fs.copyFileSync(path.join(outDir, ...rel.split('/')), to);
    }
  }
  // The index last: a folder without it is ignored.
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(Object.fromEntries(written)));
}
