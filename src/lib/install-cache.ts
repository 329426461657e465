/**
 * Files derived from inputs that rarely change (the project's TypeScript, the generator's and
 * themes' style sheets and scripts), kept across processes so that every build, check and test
 * does not derive them again: in `node_modules/.cache/jiyue/<kind>/`, beside the installation, by
 * a hash of everything the result depends on. A different input is a different key, so nothing
 * is ever served from a stale copy; the folder can be deleted at any time (it only costs time).
 *
 * It fails open: a copy that cannot be read is derived again, one that cannot be written (a
 * read-only installation) is not kept. It imports only the leaf files.ts: the CLI entry loads it
 * before anything else (stripped-types.ts), and Node strips those files itself.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './files.ts';

/** The folder of every kind of kept file. */
export const INSTALL_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'jiyue');

/**
 * The result of `derive` for the inputs `key` (every part of it: versions, options, bytes),
 * kept under `kind` and read back by later processes.
 */
export function kept(kind: string, key: readonly (string | Uint8Array)[], derive: () => string | Uint8Array): Buffer {
  const hash = createHash('sha256');
  for (const part of key) hash.update(typeof part === 'string' ? `${part.length}:${part}` : part).update('\0');
  const digest = hash.digest('hex');
  const file = path.join(INSTALL_CACHE_DIR, kind, digest.slice(0, 2), digest.slice(2));
  try {
    return fs.readFileSync(file);
  } catch {
    // Not kept yet, or unreadable: derive it.
  }
  const value = derive();
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed: a process reading at the same time sees the whole file or none.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch {
    // Not writable: the same result, not kept.
  }
  return bytes;
}
