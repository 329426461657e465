/**
 * `SHA256SUMS`: the hash of every file of a build output, in `sha256sum` format (`<hex>  <path>`,
 * sorted by path), written last, with the output. It is the one list `npm run deploy` checks a
 * build against (every file listed, every listed file there, no other file, no symlink) and
 * `npm run deploy -- --verify` checks a live release against (tamper detection, GA/T 1358), and
 * what ops can check by hand: `cd dist && sha256sum -c SHA256SUMS`.
 *
 * The sites' files come with their hashes from the unit records (precompression holds their
 * bytes: nothing is read twice); the rest (manifest, redirects, server configuration, reports, the
 * group index) is read here. Written before the commit, so it names the paths the output will have.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const CHECKSUMS_FILE = 'SHA256SUMS';

/** Where a staged path ends up in the output, or undefined when it is not a file of the output. */
export type FinalPath = (staged: string) => string | undefined;

/**
 * Writes `staging/SHA256SUMS`: `known` (final path → sha256, the sites' files) and every other
 * file found in `staging`, at the path `finalPath` gives it. Returns what it wrote (path → sha256).
 */
export function writeChecksums(staging: string, known: ReadonlyMap<string, string>, finalPath: FinalPath): Map<string, string> {
  const all = new Map(known);
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const child = path.join(abs, e.name);
      if (e.isDirectory()) walk(child, childRel);
      else if (e.isFile()) {
        const final = finalPath(childRel);
        if (final === undefined || all.has(final)) continue;
        all.set(final, createHash('sha256').update(fs.readFileSync(child)).digest('hex'));
      }
    }
  };
  walk(staging, '');
  all.delete(CHECKSUMS_FILE);
  fs.writeFileSync(path.join(staging, CHECKSUMS_FILE), formatChecksums(all));
  return all;
}

export function formatChecksums(entries: ReadonlyMap<string, string>): string {
  return [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, hash]) => `${hash}  ${file}\n`)
    .join('');
}

/** Reads a `SHA256SUMS` file: path → sha256. Lines that are not `<64 hex>  <path>` are an error. */
export function parseChecksums(text: string): { entries?: Map<string, string>; error?: string } {
  const entries = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' && i === lines.length - 1) break;
    const m = /^([0-9a-f]{64}) {2}(\S(?:.*\S)?)$/.exec(line);
    if (!m) return { error: `第 ${i + 1} 行不是“哈希  路径”的格式` };
    const file = m[2];
    if (file.split('/').some((s) => s === '' || s === '.' || s === '..') || file.startsWith('/') || /[\u0000-\u001f\\]/.test(file)) return { error: `第 ${i + 1} 行的路径 ${JSON.stringify(file)} 不在构建目录之内` };
    entries.set(file, m[1]);
  }
  return { entries };
}
