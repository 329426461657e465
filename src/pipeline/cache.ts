/**
 * The build cache (default `.jiyue/cache`, `--cache DIR`): what an incremental build reuses.
 *
 *   bodies/<siteId>.json, bodies/html/<hash>.html   rendered Markdown bodies (src/markdown/render.ts)
 *   scans.json                                       the content rules' per-file scans (src/check/check.ts)
 *   frontmatter.json                                 the loader's findings and front matter per Markdown file (src/model/load.ts)
 *   units/<unitId>/record.json                       a unit's fingerprint, file hashes and findings
 *   units/<unitId>/out/                              the unit's folder as built
 *   units/<unitId>/out.group/                        its part of the group index (src/search/group-part.ts)
 *   group/                                           the last group search index, by content (merge-bundles.ts)
 *   group-output.json                                the group index as the last build left it in the output: what it was made from, each file's hash and state
 *   lock                                             the build using the cache (one at a time)
 *
 * A unit is reused only when its planned fingerprint equals the recorded one; the output folder
 * is assembled from the cache by hard links (copies across file systems), never from the
 * previous output. Deleting the cache is always safe (the next build renders everything);
 * restoring it from a CI cache is safe too: a record from other content or another generator
 * has another fingerprint and is rebuilt.
 */
import { LastGoodCopies } from './deferral.ts';
import { seal, sealed, type CacheKey } from './cache-seal.ts';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FingerprintParts } from './fingerprint.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { ScanStore } from '../check/check.ts';
import type { ScanOutput } from '../check/scan-files.ts';
import { BodyStore } from '../markdown/render.ts';
import type { FrontMatterRecord, FrontMatterStore } from '../model/load.ts';
import { partDirOf, partIntact, type GroupPart } from '../search/group-part.ts';
import type { BundleStats } from '../search/index-unit.ts';
import { alive } from '../lib/process.ts';
import { fileState } from '../lib/files.ts';

export const CACHE_VERSION = 3;

/** What a unit's build produced, besides its folder. */
export interface UnitRecord {
  version: number;
  unitId: string;
  fingerprint: string;
  /**
   * Every file of the folder, sorted by path: POSIX path relative to it, sha256, size and
   * modification time as written. The output links to these files: an edit made to one by hand
   * changes its size or time, and the unit is built again instead of reused.
   */
  files: [path: string, sha256: string, size: number, mtimeMs: number][];
  /** Findings of rendering, the page-spec check and search indexing, before the group's overrides. */
  diagnostics: Diagnostic[];
  /** Pages checked against the page spec. */
  checked: number;
  search?: BundleStats;
  /** Its part of the group index, kept beside its folder (`<folder>.group/`, src/search/group-part.ts). */
  group?: GroupPart;
  /** Device and inode of the cached folder the record was sealed for (set when it is written). */
  place?: string;
  /** The fingerprint's parts (fingerprint.ts): the next build says why it rebuilt the unit. Set when the build stores it. */
  parts?: FingerprintParts;
}

/** Device and inode of files, by path (`<dev>:<ino>`). */
export type FileIds = Map<string, string>;

export class CacheBusy extends Error {
  readonly pid: number;
  constructor(pid: number) {
    super(`cache in use by process ${pid}`);
    this.pid = pid;
  }
}

export class BuildCache {
  readonly dir: string;
  readonly bodies: BodyStore;
  readonly scans: ScanStore;
  readonly frontMatter: FrontMatterStore;
  /** Each department's folder as of its last good build, for deferring its changes (deferral.ts). */
  readonly lastGood: LastGoodCopies;
  private locked = false;

  /** The key the cache's records are sealed with (cache-seal.ts): kept outside the cache. */
  private readonly key: CacheKey;
  private readonly groupOutputs: ReturnType<typeof jsonMapStore<GroupOutput>>;

  constructor(dir: string, key: CacheKey) {
    this.dir = dir;
    this.key = key;
    fs.mkdirSync(path.join(dir, 'units'), { recursive: true });
    // Tools that honour CACHEDIR.TAG (backup software, tar --exclude-caches) skip the folder.
    const tag = path.join(dir, 'CACHEDIR.TAG');
    if (!fs.existsSync(tag)) fs.writeFileSync(tag, 'Signature: 8a477f597d28d172789f06886806bc55\n# jiyue build cache (docs/performance.md). Safe to delete.\n');
    this.bodies = new BodyStore(path.join(dir, 'bodies'), { seal: (text) => seal(key, text), sealed: (text, mac) => sealed(key, text, mac) });
    this.scans = jsonMapStore<{ key: string; output: ScanOutput }>(path.join(dir, 'scans.json'), key);
    this.frontMatter = jsonMapStore<FrontMatterRecord>(path.join(dir, 'frontmatter.json'), key);
    this.groupOutputs = jsonMapStore<GroupOutput>(path.join(dir, 'group-output.json'), key);
    this.lastGood = new LastGoodCopies(dir, key);
  }

  /** Takes the cache for this process; throws CacheBusy while another live build holds it. */
  lock(): void {
    const file = path.join(this.dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
        this.locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const pid = Number(fs.readFileSync(file, 'utf8').trim());
        if (pid && pid !== process.pid && alive(pid)) throw new CacheBusy(pid);
        // Left by a build that died: take it over.
        fs.rmSync(file, { force: true });
      }
    }
    throw new CacheBusy(0);
  }

  unlock(): void {
    if (this.locked) fs.rmSync(path.join(this.dir, 'lock'), { force: true });
    this.locked = false;
  }

  /** The group index the last build left in the output, when it made one (`keepGroupOutput`). */
  groupOutput(): GroupOutput | undefined {
    return this.groupOutputs.read().get('group');
  }

  /** Records the group index now in the output (none: forget it). */
  keepGroupOutput(group: GroupOutput | undefined): void {
    this.groupOutputs.write(new Map(group ? [['group', group]] : []));
  }

  /** The last group index's files, for the next merge to reuse (src/search/merge-bundles.ts). */
  get groupDir(): string {
    return path.join(this.dir, 'group');
  }

  unitOut(unitId: string): string {
    return path.join(this.dir, 'units', unitId, 'out');
  }

  /**
   * The recorded unit, when it was built with this fingerprint and its folder is there, with the
   * file identity (device and inode) of each of its files as just seen, for `sameAsCached`.
   */
  reusable(unitId: string, fingerprint: string): { record: UnitRecord; inodes: FileIds } | undefined {
    try {
      const file = path.join(this.dir, 'units', unitId, 'record.json');
      const { record: text, seal: mac } = JSON.parse(fs.readFileSync(file, 'utf8')) as { record: string; seal: string };
      // Written by this key's builds only: a record from anywhere else is not trusted, the unit is built again.
      if (!sealed(this.key, text, mac)) return undefined;
      const record = JSON.parse(text) as UnitRecord;
      if (record.version !== CACHE_VERSION || record.fingerprint !== fingerprint || record.unitId !== unitId) return undefined;
      const out = this.unitOut(unitId);
      const place = placeOf(out);
      // A folder that is not the one the record was sealed with (a restored or copied cache): its bytes are checked once.
      const moved = record.place !== place;
      const inodes: FileIds = new Map();
      const files: UnitRecord['files'] = [];
      for (const [f, hash, size, mtimeMs] of record.files) {
        if (f.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
        const abs = path.join(out, ...f.split('/'));
        const st = fs.lstatSync(abs);
        if (!st.isFile()) return undefined;
        // Moved: the bytes decide (a copy's times may be rounded), and the record takes the copy's size and time.
        if (moved ? sha256File(abs) !== hash : st.size !== size || st.mtimeMs !== mtimeMs) return undefined;
        files.push([f, hash, st.size, st.mtimeMs]);
        inodes.set(f, `${st.dev}:${st.ino}`);
      }
      // A group-index part is checked by size and time only: a moved one (its bytes unverifiable here) is built again.
      if (record.group && (moved || !partIntact(record.group, partDirOf(out)))) return undefined;
      if (moved) {
        const checked = { ...record, files };
        this.writeRecord(checked);
        return { record: checked, inodes };
      }
      return { record, inodes };
    } catch {
      return undefined;
    }
  }

  /** The unit's last record as this key sealed it, whatever its fingerprint (for the reasons of a rebuild). */
  previous(unitId: string): UnitRecord | undefined {
    try {
      const { record: text, seal: mac } = JSON.parse(fs.readFileSync(path.join(this.dir, 'units', unitId, 'record.json'), 'utf8')) as { record: string; seal: string };
      if (!sealed(this.key, text, mac)) return undefined;
      const record = JSON.parse(text) as UnitRecord;
      return record.version === CACHE_VERSION && record.unitId === unitId ? record : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes a unit's record, sealed, naming the folder it describes. */
  private writeRecord(record: UnitRecord): void {
    const text = JSON.stringify({ ...record, place: placeOf(this.unitOut(record.unitId)) });
    const file = path.join(this.dir, 'units', record.unitId, 'record.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ record: text, seal: seal(this.key, text) }));
    fs.renameSync(`${file}.tmp`, file);
  }

  /**
   * Keeps a freshly built unit: its folder and its group-index part are moved in (the old ones
   * removed first, so a record never describes another folder) and its record written last.
   */
  store(record: UnitRecord, folder: string): void {
    const dir = path.join(this.dir, 'units', record.unitId);
    fs.rmSync(path.join(dir, 'record.json'), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    moveDir(folder, this.unitOut(record.unitId));
    if (record.group) moveDir(partDirOf(folder), partDirOf(this.unitOut(record.unitId)));
    this.writeRecord(record);
  }

  /** Removes units no longer in the group (or not in a whole-group build's plan). */
  prune(keep: readonly string[]): void {
    const wanted = new Set(keep);
    for (const id of fs.readdirSync(path.join(this.dir, 'units'))) if (!wanted.has(id)) fs.rmSync(path.join(this.dir, 'units', id), { recursive: true, force: true });
  }
}


/** Renames a folder, copying when it is on another file system. */
export function moveDir(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/**
 * Puts every file of `from` into `to` (which may already hold other units' folders) as hard
 * links, or copies where links cannot be made. Files only: the folders are created as needed.
 */
export function linkTree(from: string, to: string, files: readonly string[]): void {
  const made = new Set<string>();
  for (const rel of files) {
    const dest = path.join(to, ...rel.split('/'));
    const dir = path.dirname(dest);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const src = path.join(from, ...rel.split('/'));
    try {
      fs.linkSync(src, dest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
      fs.copyFileSync(src, dest);
    }
  }
}

/**
 * Whether `dir` (a unit's folder in the previous output) holds exactly the cached folder's
 * files — the same inodes, as the assembly linked them — and nothing else (other units' folders
 * nested in it excepted). Then the folder can be moved into the new output as it is. `known`:
 * the cached files' identities when the caller has just seen them (`reusable`).
 */
export function sameAsCached(dir: string, cached: string, files: readonly string[], nested: readonly string[], known?: FileIds): boolean {
  try {
    const skip = new Set(nested);
    let count = 0;
    const walk = (abs: string, rel: string): boolean => {
      for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (!skip.has(r) && !walk(path.join(abs, e.name), r)) return false;
        } else if (e.isFile()) count++;
        else return false;
      }
      return true;
    };
    if (!walk(dir, '') || count !== files.length) return false;
    for (const f of files) {
      const a = fs.lstatSync(path.join(dir, ...f.split('/')));
      let b = known?.get(f);
      if (b === undefined) {
        const st = fs.lstatSync(path.join(cached, ...f.split('/')));
        b = `${st.dev}:${st.ino}`;
      }
      if (`${a.dev}:${a.ino}` !== b) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The portal's group index as a build left it in the output: a digest of everything it is made
 * from (`inputs`), and each file (path inside the index folder, sha256, size, inode, modification
 * and change times in nanoseconds) as it was after the commit.
 */
export interface GroupOutput {
  inputs: string;
  files: [string, string, string][];
}

/**
 * Whether `dir` holds exactly the recorded files, none of them written since (`fileState`), and
 * nothing else: then the group index there is the one recorded.
 */
export function sameGroupOutput(dir: string, files: GroupOutput['files']): boolean {
  try {
    const want = new Map(files.map(([rel, , state]) => [rel, state]));
    let count = 0;
    const walk = (abs: string, rel: string): boolean => {
      for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (!walk(path.join(abs, e.name), r)) return false;
        } else if (!e.isFile() || want.get(r) !== fileState(path.join(abs, e.name))) return false;
        else count++;
      }
      return true;
    };
    return walk(dir, '') && count === want.size;
  } catch {
    return false;
  }
}

/**
 * A map kept as one JSON file (the content rules' per-file scans, src/check/check.ts; the
 * loader's front matters, src/model/load.ts), written whole under a temporary name and renamed,
 * so a reader never sees half of it. Anything unreadable counts as empty (every file is
 * read again).
 */
/**
 * The per-file records of the cache in `dir` (front matters, scans), read only: nothing is
 * created or written, and a file whose seal does not verify under `key` gives none. The dev
 * server starts from them (a build that ran before has read and checked every file); files are
 * replaced by a rename, so a build writing meanwhile is read before or after, never half.
 */
export function readKeptRecords(dir: string, key: CacheKey): { frontMatter: Map<string, FrontMatterRecord>; scans: Map<string, { key: string; output: ScanOutput }> } {
  return {
    frontMatter: jsonMapStore<FrontMatterRecord>(path.join(dir, 'frontmatter.json'), key).read(),
    scans: jsonMapStore<{ key: string; output: ScanOutput }>(path.join(dir, 'scans.json'), key).read(),
  };
}

/** A map kept as one sealed JSON file: read whole only when its seal verifies (else empty: everything is computed again). */
function jsonMapStore<T>(file: string, key: CacheKey): { read(): Map<string, T>; write(records: ReadonlyMap<string, T>): void } {
  return {
    read() {
      try {
        const { records, seal: mac } = JSON.parse(fs.readFileSync(file, 'utf8')) as { records: string; seal: string };
        if (!sealed(key, records, mac)) return new Map();
        return new Map(Object.entries(JSON.parse(records) as Record<string, T>));
      } catch {
        return new Map();
      }
    },
    write(records) {
      const tmp = `${file}.${process.pid}.tmp`;
      const text = JSON.stringify(Object.fromEntries(records));
      fs.writeFileSync(tmp, JSON.stringify({ records: text, seal: seal(key, text) }));
      fs.renameSync(tmp, file);
    },
  };
}

/** Device and inode of a folder: a restored or copied cache has other ones. */
function placeOf(dir: string): string {
  const st = fs.statSync(dir);
  return `${st.dev}:${st.ino}`;
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
