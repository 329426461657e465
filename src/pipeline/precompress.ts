/**
 * Precompressed copies of a site's text files (`x.html.gz`, `x.html.br` beside `x.html`), so the
 * server sends them as they are (nginx `gzip_static`, `brotli_static`: docs/deploy.md) instead
 * of compressing every response. gzip at level 9; Brotli at quality 11 for the few assets
 * (served for a year) and quality 5 for pages, which are many (0.2 ms a page here, against 8 ms
 * at 11, for about 10 % more bytes). Output is deterministic, like every other file.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Files worth compressing: text. (Pagefind's index files are compressed already.) */
const TEXT = /\.(html|css|js|mjs|json|svg|xml|txt|csv)$/i;
const PAGE = /\.html$/i;
/** Below this size a compressed copy saves nothing worth a file. */
const MIN_BYTES = 512;

/** Writes `.gz` and `.br` next to every text file of `files` (paths relative to `dir`); returns the new files. */
export function precompress(dir: string, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const rel of files) {
    if (!TEXT.test(rel)) continue;
    const abs = path.join(dir, ...rel.split('/'));
    const bytes = fs.readFileSync(abs);
    if (bytes.length < MIN_BYTES) continue;
    fs.writeFileSync(`${abs}.gz`, zlib.gzipSync(bytes, { level: 9 }));
    const quality = PAGE.test(rel) ? 5 : 11;
    fs.writeFileSync(`${abs}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
    out.push(`${rel}.gz`, `${rel}.br`);
  }
  return out;
}
