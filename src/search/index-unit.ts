/**
 * A unit's own search bundle: Pagefind over exactly the site's planned article and single pages
 * (the only pages with a search body), written into `<unit folder>/pagefind/`. The bundle works
 * standalone at the site's domain; the portal's group index merges the bundles (group-index.ts).
 *
 * Every Pagefind call's `errors` is checked; any error becomes a SEARCH-* diagnostic (the build
 * fails and the previous output stays).
 */
import fs from 'node:fs';
import path from 'node:path';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { PlannedUnit } from '../pipeline/plan.ts';
import { routes } from '../urls/urls.ts';
import { CLIENT_SCRIPT, CLIENT_STYLE, SITE_BUNDLE } from './paths.ts';

const CLIENT_DIR = path.join(import.meta.dirname, 'client');

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

type Pagefind = typeof import('pagefind');

/** Indexes one unit; `dir` is its folder. Diagnostics are as the catalogue defines them (no overrides). */
export async function indexUnit(pagefind: Pagefind, unit: Pick<PlannedUnit, 'id' | 'pages'>, dir: string, maxFragments: number): Promise<{ diagnostics: Diagnostic[]; stats?: BundleStats }> {
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  const scope = `站点 ${unit.id}`;
  const fail = (errors: string[]) => {
    for (const detail of errors) diagnostics.push(diagnostic('SearchIndexFailed', { scope, detail }, { siteId: unit.id }));
    return errors.length > 0;
  };
  copyClient(dir);
  const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments });
  if (fail(errors) || !index) return { diagnostics };
  try {
    // Exactly the site's planned pages with a search body: never a file found by a glob, so
    // nothing else in the folder (a nested archived site, an attachment) can reach the index.
    const pages = unit.pages.filter((p) => p.searchable);
    for (let i = 0; i < pages.length; i += 200) {
      const batch = pages.slice(i, i + 200).map((p) => index.addHTMLFile({ sourcePath: p.file, content: fs.readFileSync(path.join(dir, ...p.file.split('/')), 'utf8') }));
      for (const added of await Promise.all(batch)) if (fail(added.errors)) return { diagnostics };
    }
    const bundle = await index.getFiles();
    if (fail(bundle.errors)) return { diagnostics };
    const written = writeBundle(bundle.files, path.join(dir, ...SITE_BUNDLE.split('/')));
    const indexed = countPages(bundle.files);
    if (indexed !== pages.length) {
      diagnostics.push(diagnostic('SearchIndexIncomplete', { siteId: unit.id, expected: pages.length, indexed }, { siteId: unit.id }));
      return { diagnostics };
    }
    return { diagnostics, stats: { id: unit.id, pages: indexed, ...written, seconds: (performance.now() - started) / 1000 } };
  } finally {
    await index.deleteIndex();
  }
}

function copyClient(siteDir: string): void {
  const assets = path.join(siteDir, ...routes.asset('').split('/'));
  fs.mkdirSync(assets, { recursive: true });
  fs.copyFileSync(path.join(CLIENT_DIR, CLIENT_SCRIPT), path.join(assets, CLIENT_SCRIPT));
  fs.copyFileSync(path.join(CLIENT_DIR, CLIENT_STYLE), path.join(assets, CLIENT_STYLE));
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

/** Pages in a bundle, from its entry file's page count (pagefind-entry.json). */
export function countPages(files: { path: string; content: Uint8Array }[]): number {
  const entry = files.find((f) => f.path === 'pagefind-entry.json');
  if (!entry) return 0;
  const json = JSON.parse(Buffer.from(entry.content).toString('utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(json.languages).reduce((n, l) => n + l.page_count, 0);
}
