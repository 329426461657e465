/**
 * The layout step: turns Astro's single output tree into one self-contained folder per site,
 * `sites/<siteId>/`, with its own copy of every asset its pages reference (skeleton CSS, theme
 * CSS and images, attachments, shared files). No page references anything outside its folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { astroFileOf, pagesOfSite } from '../lib/site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { Urls } from '../urls/urls.ts';
import type { ThemeModel } from '../model/types.ts';
import { themeFile, themeStylesheet } from '../model/themes.ts';
import { PROJECT_ROOT } from './options.ts';

/** Files of the generator itself that every site carries (assets/…). */
const SKELETON_ASSETS = [
  ['src/styles/jiyue.css', 'jiyue.css'],
  ['src/assets/conac.svg', 'conac.svg'],
  ['src/assets/jiyue.js', 'jiyue.js'],
] as const;

export interface LayoutResult {
  /** Files copied from the content tree, per site. */
  contentFiles: Record<string, number>;
}

/**
 * Moves `astroOut/<siteId>/` to `staging/sites/<siteId>/` and copies the assets.
 * `linkedAssets` are [siteId, contentPath, route] triples found while rendering.
 */
export function layoutSites(model: RuntimeModel, astroOut: string, staging: string, linkedAssets: [string, string, string][]): LayoutResult {
  const strayAstro = path.join(astroOut, '_astro');
  if (fs.existsSync(strayAstro)) {
    // Components must not use bundled <style>/<script>: the assets would be shared, not per site.
    throw new Error(`Astro emitted shared assets in ${strayAstro}; pages must only use the per-site assets/ folder`);
  }
  const perSite = new Map<string, Map<string, string>>();
  const add = (siteId: string, source: string, route: string) => {
    let m = perSite.get(siteId);
    if (!m) perSite.set(siteId, (m = new Map()));
    m.set(route, source);
  };
  for (const [siteId, list] of Object.entries(model.assets)) for (const [source, route] of list) add(siteId, source, route);
  for (const [siteId, source, route] of linkedAssets) add(siteId, source, route);

  const contentFiles: Record<string, number> = {};
  const portal = model.portal;
  // Archived sites (domains mode) go inside the portal's folder: lay out the portal first.
  const ordered = [...model.selectedSites].sort((a, b) => Number(model.urls.folder(a) !== a) - Number(model.urls.folder(b) !== b));
  for (const siteId of ordered) {
    const site = model.siteById.get(siteId)!;
    const from = path.join(astroOut, siteId);
    const to = path.join(staging, 'sites', ...model.urls.folder(siteId).split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
    for (const page of pagesOfSite(model, site)) {
      const built = astroFileOf(page.route);
      const wanted = Urls.outputFile(page.route);
      if (built !== wanted) {
        fs.renameSync(path.join(to, built), path.join(to, wanted));
        fs.rmdirSync(path.dirname(path.join(to, built)));
      }
    }
    const assets = path.join(to, 'assets');
    fs.mkdirSync(assets, { recursive: true });
    for (const [src, name] of SKELETON_ASSETS) fs.copyFileSync(path.join(PROJECT_ROOT, src), path.join(assets, name));
    const css = themeStylesheet(site.theme, site.theme.banner && `banner${extOf(site.theme.banner)}`);
    fs.writeFileSync(path.join(assets, 'theme.css'), css.themeCss);
    if (css.ownCss !== undefined) fs.writeFileSync(path.join(assets, 'theme-own.css'), css.ownCss);
    copyThemeImage(site.theme, site.theme.logo, path.join(assets, `logo${extOf(site.theme.logo)}`));
    copyThemeImage(portal.theme, portal.theme.logo, path.join(assets, `portal-logo${extOf(portal.theme.logo)}`));
    if (site.theme.banner) copyThemeImage(site.theme, site.theme.banner, path.join(assets, `banner${extOf(site.theme.banner)}`));
    let count = 0;
    const pageFiles = new Set(pagesOfSite(model, site).map((p) => Urls.outputFile(p.route)));
    for (const [route, source] of perSite.get(siteId) ?? []) {
      if (site.config.status === 'closed') break;
      const dest = path.join(to, ...route.split('/'));
      // Defence in depth: the resolver never yields such a route (files come only from an
      // article's .files/ folder or _shared/), but never write outside the folder or over a page.
      if (!dest.startsWith(to + path.sep)) throw new Error(`asset route escapes the site folder: ${route}`);
      if (pageFiles.has(route) || route.startsWith('assets/')) throw new Error(`asset route would replace a generated file: ${route}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(path.join(model.contentDir, ...source.split('/')), dest);
      count++;
    }
    contentFiles[siteId] = count;
  }
  return { contentFiles };
}

function copyThemeImage(theme: ThemeModel, file: string, dest: string) {
  // The file was checked when the theme loaded: a regular file inside the theme's folder.
  fs.copyFileSync(themeFile(theme.dir, file)!, dest);
}

function extOf(file: string): string {
  const m = /\.[a-z0-9]+$/i.exec(file);
  return m ? m[0].toLowerCase() : '';
}
