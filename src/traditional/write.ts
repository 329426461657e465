/**
 * The 繁體 pages of a unit (上海 第十五条), written into its folder after the layout step: each
 * planned `hant` page is its 简体 page (`convertedFrom`) converted (html.ts). They are planned
 * pages like any other — checked, hashed, in the manifest, the URL ledger and the sitemap — but
 * not searched: a 繁體 query is converted and searches the 简体 index (docs/traditional.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SharedModel } from '../model/runtime.ts';
import type { PlannedUnit } from '../plan/plan.ts';
import { phrasesOf } from './convert.ts';
import { traditionalHtml } from './html.ts';
import { traditionalHref } from './links.ts';

export function writeTraditionalPages(model: SharedModel, unit: Pick<PlannedUnit, 'id' | 'pages'>, dir: string): number {
  const pages = unit.pages.filter((p) => p.script === 'hant');
  if (!pages.length) return 0;
  const href = traditionalHref(model, unit.id);
  const phrases = phrasesOf(model.traditionalPhrases);
  for (const page of pages) {
    const html = fs.readFileSync(path.join(dir, ...page.convertedFrom!.split('/')), 'utf8');
    const dest = path.join(dir, ...page.file.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, traditionalHtml({ html, versions: page.versions!, href, phrases }));
  }
  return pages.length;
}

/** One 繁體 page from the HTML of its 简体 page, as the build writes it (the dev server renders one on request). */
export function traditionalPage(model: SharedModel, unitId: string, page: PlannedUnit['pages'][number], hansHtml: string): string {
  return traditionalHtml({ html: hansHtml, versions: page.versions!, href: traditionalHref(model, unitId), phrases: phrasesOf(model.traditionalPhrases) });
}
