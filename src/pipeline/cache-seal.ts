/**
 * The build cache is an optimisation, never an authority (docs/security.md). CI systems restore
 * caches that any branch could have written; a cache folder is just files. So everything the
 * cache holds that decides what is published is **sealed**: an HMAC-SHA256 with a key kept
 * outside the cache, over the record as written. A record whose seal does not verify is not
 * used: the build recomputes it (front matter and its publish decision, a file's PII and wording
 * findings) or rebuilds it (a site's folder), or does not defer to it (a last good copy).
 *
 * The key: `JIYUE_CACHE_KEY` when set (a CI secret, one per protected branch, so a cache written
 * by another branch never verifies), else a random key in `~/.config/jiyue/cache-key` (created
 * on first use, mode 0600): on a developer's machine the cache works as before; on a CI machine
 * without the variable every job has a new key and a restored cache is simply not reused.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type CacheKey = Buffer;

/** The key of this machine or CI job (see above). Read once, by the build's options. */
export function cacheKey(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): CacheKey {
  const given = env.JIYUE_CACHE_KEY;
  if (given) return createHash('sha256').update(`jiyue-cache-key\0${given}`).digest();
  const file = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'jiyue', 'cache-key');
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
  } catch {
    // none yet
  }
  const key = randomBytes(32);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    // Another build wrote one first (read it), or the home folder is read-only (this process's key only).
    try {
      const text = fs.readFileSync(file, 'utf8').trim();
      if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
    } catch {
      // keep the random one
    }
  }
  return key;
}

/** The seal of `text` (a record as written). */
export function seal(key: CacheKey, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** Whether `mac` is the seal of `text`. */
export function sealed(key: CacheKey, text: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(seal(key, text), 'hex'), Buffer.from(mac, 'hex'));
}
