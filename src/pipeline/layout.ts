/**
 * The layout step, per unit: turns the unit's pages in Astro's output into the site's
 * self-contained folder, with its own copy of every asset its pages reference (skeleton CSS and
 * script, theme CSS and images, the portal's logo) and every content file it publishes
 * (attachments, images, shared files). No page references anything outside its folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ThemeModel } from '../model/types.ts';
import { themeFile, themeStylesheet } from '../model/themes.ts';
import { PROJECT_ROOT } from './options.ts';
import type { JobUnit } from './unit-job.ts';

/** Files of the generator itself that every site carries (assets/…). */
const SKELETON_ASSETS = [
  ['src/styles/jiyue.css', 'jiyue.css'],
  ['src/assets/conac.svg', 'conac.svg'],
  ['src/assets/jiyue.js', 'jiyue.js'],
] as const;

/**
 * Moves `astroOut/<unitId>/` to `dir` and adds the assets and content files. `theme` and
 * `portalTheme` are the themes with their folders (the slice has no machine paths).
 */
export function layoutUnit(unit: JobUnit, astroOut: string, dir: string, contentDir: string, theme: ThemeModel, portalTheme: Pick<ThemeModel, 'logo'>): void {
  const strayAstro = path.join(astroOut, '_astro');
  if (fs.existsSync(strayAstro)) {
    // Components must not use bundled <style>/<script>: the assets would be shared, not per site.
    throw new Error(`Astro emitted shared assets in ${strayAstro}; pages must only use the per-site assets/ folder`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.renameSync(path.join(astroOut, unit.id), dir);
  for (const page of unit.pages) {
    if (page.astroFile === page.file) continue;
    fs.renameSync(path.join(dir, ...page.astroFile.split('/')), path.join(dir, ...page.file.split('/')));
    fs.rmdirSync(path.dirname(path.join(dir, ...page.astroFile.split('/'))));
  }
  const assets = path.join(dir, 'assets');
  fs.mkdirSync(assets, { recursive: true });
  for (const [src, name] of SKELETON_ASSETS) fs.copyFileSync(path.join(PROJECT_ROOT, src), path.join(assets, name));
  const css = themeStylesheet(theme, theme.banner && `banner${extOf(theme.banner)}`);
  fs.writeFileSync(path.join(assets, 'theme.css'), css.themeCss);
  if (css.ownCss !== undefined) fs.writeFileSync(path.join(assets, 'theme-own.css'), css.ownCss);
  copyThemeImage(unit.themeDir, theme.logo, path.join(assets, `logo${extOf(theme.logo)}`));
  copyThemeImage(unit.portalThemeDir, portalTheme.logo, path.join(assets, `portal-logo${extOf(portalTheme.logo)}`));
  if (theme.banner) copyThemeImage(unit.themeDir, theme.banner, path.join(assets, `banner${extOf(theme.banner)}`));
  // The plan checked the routes (never over a page or assets/, never out of the folder).
  for (const [source, route] of unit.files) {
    const dest = path.join(dir, ...route.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(contentDir, ...source.split('/')), dest);
  }
}

function copyThemeImage(themeDir: string, file: string, dest: string) {
  // The file was checked when the theme loaded: a regular file inside the theme's folder.
  fs.copyFileSync(themeFile(themeDir, file)!, dest);
}

function extOf(file: string): string {
  const m = /\.[a-z0-9]+$/i.exec(file);
  return m ? m[0].toLowerCase() : '';
}
