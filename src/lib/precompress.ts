/**
 * Precompressed copies of a site's text files (`x.html.gz`, `x.html.br` beside `x.html`), so the
 * server sends them as they are (nginx `gzip_static`, `brotli_static`: docs/deploy.md) instead
 * of compressing every response. gzip at level 9; Brotli at quality 11 for a site's `assets/`
 * and `pagefind/` files, which are served for long (the client code and styles among them, the
 * same in every site and every build, are compressed once and kept across builds:
 * install-cache.ts), and quality 5 for pages, feeds and sitemaps, which are many (0.2 ms a page
 * here, against 8 ms at 11, for about 10 % more bytes). Output is deterministic, like every other file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { kept } from './install-cache.ts';

/** Files worth compressing: text. (Pagefind's index files are compressed already.) */
const TEXT = /\.(html|css|js|mjs|json|svg|xml|txt|csv)$/i;
/** A site's assets and search files: served for long, compressed at Brotli's best. */
const BEST = /^(assets|pagefind)\//;
/**
 * Of those, the generator's, themes' and Pagefind's client code and styles: the same in every site
 * and every build (the index files change with the content: not kept).
 */
const SHARED = /^(assets|pagefind)\/[^/]+\.(js|mjs|css|svg)$/i;
/** Below this size a compressed copy saves nothing worth a file. */
const MIN_BYTES = 512;

const gzip = (bytes: Buffer) => zlib.gzipSync(bytes, { level: 9 });
const brotli = (bytes: Buffer, quality: number) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });

/**
 * A shared file's copies, kept by its bytes (Brotli at quality 11 costs ~50 ms a file: ~12 s over
 * 50 sites when every site compressed its own, ~0.3 s of every small build when every build did).
 */
function sharedCopies(bytes: Buffer): { gz: Buffer; br: Buffer } {
  const versions = `zlib ${process.versions.zlib} brotli ${process.versions.brotli}`;
  return {
    gz: kept('compressed', [versions, 'gzip 9', bytes], () => gzip(bytes)),
    br: kept('compressed', [versions, 'brotli 11', bytes], () => brotli(bytes, 11)),
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
export function precompress(dir: string, files: readonly string[], hashes?: Map<string, FileHash>, previous?: PreviousCopies): { written: string[]; reused: number } {
  const out: string[] = [];
  let reused = 0;
  for (const rel of files) {
    if (!TEXT.test(rel)) continue;
    const abs = path.join(dir, ...rel.split('/'));
    const bytes = fs.readFileSync(abs);
    const hash = fileHash(bytes);
    hashes?.set(rel, hash);
    if (bytes.length < MIN_BYTES) continue;
    const kept = SHARED.test(rel) ? undefined : previousCopies(previous, rel, hash[0]);
    if (kept) reused++;
    const copies = SHARED.test(rel) ? sharedCopies(bytes) : (kept ?? { gz: gzip(bytes), br: brotli(bytes, BEST.test(rel) ? 11 : 5) });
    fs.writeFileSync(`${abs}.gz`, copies.gz);
    fs.writeFileSync(`${abs}.br`, copies.br);
    hashes?.set(`${rel}.gz`, fileHash(copies.gz));
    hashes?.set(`${rel}.br`, fileHash(copies.br));
    out.push(`${rel}.gz`, `${rel}.br`);
  }
  return { written: out, reused };
}

/**
 * A unit's folder as built last time by the same generator (JobUnit `previousBuild`): where it is,
 * and each file's sha256 by path relative to it, as its sealed record lists them. Compression is deterministic (same bytes, same
 * settings, same zlib: the generator's digest covers the lock file, which pins Node), so a file
 * with the same bytes as then has the same copies as then.
 */
export interface PreviousCopies {
  dir: string;
  files: Readonly<Record<string, string>>;
}

/** The `.gz` and `.br` of a file whose bytes (`sha256`) are those of the last build, when both are there with the bytes its record names. */
function previousCopies(previous: PreviousCopies | undefined, rel: string, sha256: string): { gz: Buffer; br: Buffer } | undefined {
  if (!previous || previous.files[rel] !== sha256) return undefined;
  const gzHash = previous.files[`${rel}.gz`];
  const brHash = previous.files[`${rel}.br`];
  if (!gzHash || !brHash) return undefined;
  try {
    const at = path.join(previous.dir, ...rel.split('/'));
    const gz = fs.readFileSync(`${at}.gz`);
    const br = fs.readFileSync(`${at}.br`);
    // The cache is no authority (docs/security.md): copies whose bytes are not the record's are made again.
    return fileHash(gz)[0] === gzHash && fileHash(br)[0] === brHash ? { gz, br } : undefined;
  } catch {
    return undefined;
  }
}
