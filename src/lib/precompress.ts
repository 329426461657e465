/**
 * Precompressed copies of a site's text files (`x.html.gz`, `x.html.br` beside `x.html`), so the
 * server sends them as they are (nginx `gzip_static`, `brotli_static`: docs/deploy.md) instead
 * of compressing every response. gzip at level 9; Brotli at quality 11 for the generator's and
 * Pagefind's client files (the same in every site, compressed once per worker) and quality 5
 * for pages, feeds and sitemaps, which are many (0.2 ms a page here, against 8 ms at 11, for
 * about 10 % more bytes). Output is deterministic, like every other file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Files worth compressing: text. (Pagefind's index files are compressed already.) */
const TEXT = /\.(html|css|js|mjs|json|svg|xml|txt|csv)$/i;
/** The generator's and Pagefind's client files: the same in many sites, served for long. */
const SHARED = /^(assets|pagefind)\//;
/** Below this size a compressed copy saves nothing worth a file. */
const MIN_BYTES = 512;

/**
 * Compressed copies of the assets by content: every site of a worker carries the same skeleton
 * script and styles and Pagefind's client, and Brotli at quality 11 costs ~50 ms each, which
 * summed to ~12 s over 50 sites before this. Pages are unique and cheap (quality 5): not kept.
 */
const assetCopies = new Map<string, { gz: Buffer; br: Buffer }>();

function compress(bytes: Buffer, quality: number): { gz: Buffer; br: Buffer } {
  return {
    gz: zlib.gzipSync(bytes, { level: 9 }),
    br: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  };
}

/** A file's sha256 (hex) and size, as the unit's record keeps them. */
export type FileHash = [sha256: string, size: number];

/** The hash and size of a file's bytes. */
export function fileHash(bytes: Uint8Array): FileHash {
  return [createHash('sha256').update(bytes).digest('hex'), bytes.length];
}

/**
 * Writes `.gz` and `.br` next to every text file of `files` (paths relative to `dir`); returns
 * the new files. `hashes` receives the hash of every file it read or wrote, so the unit's record
 * need not read them again (a page, its `.gz` and its `.br`: three opens and reads each).
 */
export function precompress(dir: string, files: readonly string[], hashes?: Map<string, FileHash>): string[] {
  const out: string[] = [];
  for (const rel of files) {
    if (!TEXT.test(rel)) continue;
    const abs = path.join(dir, ...rel.split('/'));
    const bytes = fs.readFileSync(abs);
    hashes?.set(rel, fileHash(bytes));
    if (bytes.length < MIN_BYTES) continue;
    let copies: { gz: Buffer; br: Buffer };
    if (!SHARED.test(rel)) copies = compress(bytes, 5);
    else {
      const key = createHash('sha256').update(bytes).digest('hex');
      copies = assetCopies.get(key) ?? compress(bytes, 11);
      assetCopies.set(key, copies);
    }
    fs.writeFileSync(`${abs}.gz`, copies.gz);
    fs.writeFileSync(`${abs}.br`, copies.br);
    hashes?.set(`${rel}.gz`, fileHash(copies.gz));
    hashes?.set(`${rel}.br`, fileHash(copies.br));
    out.push(`${rel}.gz`, `${rel}.br`);
  }
  return out;
}
