/**
 * Fingerprints: a digest of every input that can change a unit's output folder. Two builds
 * with the same fingerprint for a unit write the same bytes into its folder, so the second can
 * take the first's folder from the cache (cache.ts). What goes in (docs/performance.md):
 *
 * - the generator: its version, its lock file and its own source (`src/`, astro.config.mjs), so
 *   an upgrade, a dependency change or a code change rebuilds everything;
 * - the unit's slice (slice.ts) and its planned pages: everything its pages show;
 * - the HTML of its Markdown bodies (whose links to other sites are resolved already);
 * - for trusted MDX, which Astro compiles with links resolved against the whole group, the
 *   source of each MDX entry and a digest of everything a link can reach;
 * - the bytes of every content file it publishes, of its theme's folder and of the portal's
 *   logo (every header shows it);
 * - the search settings its bundle is written with.
 * Paths of this machine are never part of it: shards built on different machines agree.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './options.ts';
import type { PlannedUnit } from './plan.ts';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

let generatorCache: string | undefined;

/** Digest of the generator: package.json, package-lock.json, astro.config.mjs and every file under src/. */
export function generatorDigest(): string {
  if (generatorCache) return generatorCache;
  const h = createHash('sha256');
  const add = (rel: string) => {
    h.update(`${rel}\0`);
    h.update(fs.readFileSync(path.join(PROJECT_ROOT, rel)));
    h.update('\0');
  };
  for (const f of ['package.json', 'package-lock.json', 'astro.config.mjs']) add(f);
  for (const f of listFiles(path.join(PROJECT_ROOT, 'src'))) add(`src/${f}`);
  generatorCache = h.digest('hex');
  return generatorCache;
}

/** Files under a folder, POSIX paths relative to it, sorted (symlinks are not followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}

/** Digests computed once per build: a theme folder, a content file. */
export class Digests {
  private readonly folders = new Map<string, string>();
  private readonly files = new Map<string, string>();

  folder(dir: string): string {
    let d = this.folders.get(dir);
    if (!d) {
      const h = createHash('sha256');
      for (const f of listFiles(dir)) h.update(`${f}\0${sha256(fs.readFileSync(path.join(dir, f)))}\0`);
      this.folders.set(dir, (d = h.digest('hex')));
    }
    return d;
  }

  file(abs: string): string {
    let d = this.files.get(abs);
    if (!d) this.files.set(abs, (d = sha256(fs.readFileSync(abs))));
    return d;
  }
}

export interface UnitInputs {
  generator: string;
  /** Hash of each Markdown body's HTML, by entry id. */
  bodies: ReadonlyMap<string, string>;
  /** Digest of what trusted MDX links can reach (the whole group); only read when the unit has MDX. */
  mdxLinks: () => string;
  /** Absolute path of a content file. */
  contentFile: (source: string) => string;
  themeDir: string;
  portalLogo: string;
  digests: Digests;
  search: { maxFragments: number };
}

export function unitFingerprint(unit: PlannedUnit, inputs: UnitInputs): string {
  const h = createHash('sha256');
  const part = (name: string, value: unknown) => h.update(`${name}\0${typeof value === 'string' ? value : JSON.stringify(value)}\0`);
  part('generator', inputs.generator);
  part('unit', { id: unit.id, folder: unit.folder, nested: unit.nested, live: unit.live, searchable: unit.searchable });
  part('slice', unit.slice);
  part('pages', unit.pages);
  part('feeds', { feeds: unit.feeds, robots: unit.robots ?? null });
  part('bodies', unit.pages.flatMap((p) => (p.type === 'entry' && inputs.bodies.has(p.entryId) ? [[p.entryId, inputs.bodies.get(p.entryId)]] : [])));
  if (unit.mdx.length) part('mdx', { entries: unit.mdx, links: inputs.mdxLinks() });
  part('files', unit.files.map(([source, route]) => [source, route, inputs.digests.file(inputs.contentFile(source))]));
  part('theme', inputs.digests.folder(inputs.themeDir));
  part('portalLogo', inputs.digests.file(inputs.portalLogo));
  part('search', inputs.search);
  return h.digest('hex');
}
