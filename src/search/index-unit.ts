/**
 * A unit's own search bundle: Pagefind over exactly the site's planned article and single pages
 * (the only pages with a search body), written into `<unit folder>/pagefind/`. The bundle works
 * standalone at the site's domain; the portal's group index merges the bundles (group-index.ts).
 *
 * A Pagefind failure (exit code, missing pages) becomes a SEARCH-* diagnostic (the build fails
 * and the previous output stays).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { listFiles } from '../lib/files.ts';
import type { PlannedUnit } from '../plan/plan.ts';
import { SITE_BUNDLE } from './paths.ts';

/** Pagefind's language for every page: one index, whatever a page's `lang` says. */
export const SEARCH_LANGUAGE = 'zh-cn';

/** Bundle files the search page does not use (Pagefind's own UIs, highlight script, playground). */
const UNUSED = /^(pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)|playground\/)/;

export interface BundleStats {
  /** Site id, or `group`. */
  id: string;
  /** Pages in the index. */
  pages: number;
  /** Files written (the bundle's file count on the static host). */
  files: number;
  /** Bytes written. */
  bytes: number;
  /** Wall time of this bundle, seconds. */
  seconds: number;
}

/**
 * The Pagefind binary of the pinned npm package (the one its Node API runs), resolved the way
 * the package resolves it: `PAGEFIND_EXTENDED_BINARY_PATH`, else `@pagefind/<platform>-<cpu>`.
 */
export function pagefindBinary(): string {
  const env = process.env.PAGEFIND_EXTENDED_BINARY_PATH;
  if (env) return env;
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return createRequire(import.meta.url).resolve(`@pagefind/${platform}-${os.arch()}/bin/pagefind_extended${platform === 'windows' ? '.exe' : ''}`);
}

/**
 * Indexes one unit; `dir` is its folder, holding its 简体 pages as laid out (the unit worker
 * indexes before it writes the 繁體 copies), and nothing of another site (nested sites are
 * separate units until the assembly). Pagefind's command line reads the folder as it is: when
 * any page has `data-pagefind-body`, Pagefind indexes only such pages, and EntryView.astro puts
 * the attribute on exactly the planned searchable pages. What reaches the index is still
 * checked: the bundle's page count must equal the planned count (SEARCH-INDEX-INCOMPLETE), so a
 * page that lost or gained the attribute fails the build. (Linking the pages into a folder of
 * their own first created and deleted a directory per page, for the same bundle, byte for byte.
 * The command line indexes a site about a third faster than the Node API, which sends every
 * page over a pipe; docs/performance.md.) Only a unit with a searchable page has an index
 * (`PlannedUnit.searchable`): Pagefind refuses a folder without one, and would index every page
 * of it. Diagnostics are as the catalogue defines them (no overrides). `threads`: how many
 * threads Pagefind may use (default: one per core).
 */
export function indexUnit(unit: Pick<PlannedUnit, 'id' | 'pages'>, dir: string, maxFragments: number, threads?: number): { diagnostics: Diagnostic[]; stats?: BundleStats } {
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  const scope = `站点 ${unit.id}`;
  const pages = unit.pages.filter((p) => p.searchable);
  if (!pages.length) throw new Error(`${unit.id}: indexed without a searchable page`);
  const bundle = path.join(dir, ...SITE_BUNDLE.split('/'));
  const run = spawnSync(pagefindBinary(), ['--site', dir, '--output-path', bundle, '--force-language', SEARCH_LANGUAGE, '--max-fragments', String(maxFragments), '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Pagefind's runtime (tokio) reads its thread count from here.
    ...(threads ? { env: { ...process.env, TOKIO_WORKER_THREADS: String(threads) } } : {}),
  });
  const detail = [run.error?.message, run.stderr?.trim()].filter(Boolean).join('；');
  if (run.status !== 0 || run.error) {
    diagnostics.push(diagnostic('SearchIndexFailed', { scope, detail: detail || `Pagefind 退出码 ${run.status}` }, { siteId: unit.id }));
    return { diagnostics };
  }
  if (!fs.existsSync(bundle)) fs.mkdirSync(bundle, { recursive: true });
  let files = 0;
  let bytes = 0;
  for (const f of listFiles(bundle)) {
    if (UNUSED.test(f)) {
      fs.rmSync(path.join(bundle, ...f.split('/')), { force: true });
      continue;
    }
    files++;
    bytes += fs.statSync(path.join(bundle, ...f.split('/'))).size;
  }
  fs.rmSync(path.join(bundle, 'playground'), { recursive: true, force: true });
  const indexed = countPages(bundle);
  if (indexed !== pages.length) {
    diagnostics.push(diagnostic('SearchIndexIncomplete', { siteId: unit.id, expected: pages.length, indexed }, { siteId: unit.id }));
    return { diagnostics };
  }
  return { diagnostics, stats: { id: unit.id, pages: indexed, files, bytes, seconds: (performance.now() - started) / 1000 } };
}


export function writeBundle(files: { path: string; content: Uint8Array }[], dir: string): { files: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const f of files) {
    const rel = f.path.split(path.sep).join('/');
    if (UNUSED.test(rel)) continue;
    const dest = path.join(dir, ...rel.split('/'));
    if (!dest.startsWith(dir + path.sep)) throw new Error(`Pagefind file outside its bundle: ${f.path}`);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, f.content);
    count++;
    bytes += f.content.byteLength;
  }
  return { files: count, bytes };
}

/** Pages in a bundle folder, or in its files, from the entry file's page count (pagefind-entry.json). */
export function countPages(bundle: string | { path: string; content: Uint8Array }[]): number {
  let text: string | undefined;
  if (typeof bundle === 'string') {
    const file = path.join(bundle, 'pagefind-entry.json');
    text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  } else {
    const entry = bundle.find((f) => f.path === 'pagefind-entry.json');
    text = entry && Buffer.from(entry.content).toString('utf8');
  }
  if (!text) return 0;
  const json = JSON.parse(text) as { languages: Record<string, { page_count: number }> };
  return Object.values(json.languages).reduce((n, l) => n + l.page_count, 0);
}
