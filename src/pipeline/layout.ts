/**
 * The layout step, per unit: turns the unit's pages in Astro's output into the site's
 * self-contained folder, with its own copy of every asset its pages reference (assets.ts:
 * skeleton, search page, theme, the portal's logo — minified, named by content) and every
 * content file it publishes (attachments, images, shared files). No page references anything
 * outside its folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ThemeModel } from '../model/types.ts';
import { siteAssets } from '../plan/assets.ts';
import type { JobUnit } from '../plan/unit-job.ts';

/**
 * Moves `astroOut/<unitId>/` to `dir` and adds the assets and content files. The assets are those
 * the plan named (`unit.assets`), their bytes made from the site's `theme` in `unit.themeDir` and
 * the portal's logo file `portalLogo` in `unit.portalThemeDir`; `traditional`: the group has 繁體
 * versions.
 */
export function layoutUnit(unit: JobUnit, astroOut: string, dir: string, contentDir: string, theme: ThemeModel, portalLogo: string, traditional: boolean): void {
  const strayAstro = path.join(astroOut, '_astro');
  if (fs.existsSync(strayAstro)) {
    // Components must not use bundled <style>/<script>: the assets would be shared, not per site.
    throw new Error(`Astro emitted shared assets in ${strayAstro}; pages must only use the per-site assets/ folder`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.renameSync(path.join(astroOut, unit.id), dir);
  for (const page of unit.pages) {
    if (page.script !== 'hans' || page.astroFile === page.file) continue;
    fs.renameSync(path.join(dir, ...page.astroFile.split('/')), path.join(dir, ...page.file.split('/')));
    fs.rmdirSync(path.dirname(path.join(dir, ...page.astroFile.split('/'))));
  }
  const assets = path.join(dir, 'assets');
  fs.mkdirSync(assets, { recursive: true });
  for (const [name, asset] of siteAssets(theme, unit.themeDir, portalLogo, unit.portalThemeDir, traditional)) {
    // The pages link the names the plan decided: a theme file changed since would break them.
    if (unit.assets[name] !== asset.file) throw new Error(`站点 ${unit.id} 的主题文件在构建过程中被改动（${name}：规划时为 ${unit.assets[name]}，现在为 ${asset.file}）。请等主题的改动完成后重新构建。`);
    fs.writeFileSync(path.join(assets, asset.file), asset.bytes);
  }
  // The plan checked the routes (never over a page or assets/, never out of the folder).
  for (const [source, route] of unit.files) {
    const dest = path.join(dir, ...route.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(contentDir, ...source.split('/')), dest);
  }
}
