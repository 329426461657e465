/**
 * The layout step, per unit: turns the unit's pages in Astro's output into the site's
 * self-contained folder, with its own copy of every asset its pages reference (assets.ts:
 * skeleton, search page, theme, the portal's logo — minified, named by content) and every
 * content file it publishes (attachments, images, shared files). No page references anything
 * outside its folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JobUnit } from '../plan/unit-job.ts';

/**
 * Moves `astroOut/<unitId>/` to `dir` and adds the assets and content files. The assets are those
 * the plan named (`unit.assets`), copied from `assetsDir`, where the pipeline wrote their bytes
 * (UnitJob.assetsDir): the names the pages link and the bytes are made once, from the same files.
 */
export function layoutUnit(unit: JobUnit, astroOut: string, dir: string, contentDir: string, assetsDir: string): void {
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
  for (const file of Object.values(unit.assets)) fs.copyFileSync(path.join(assetsDir, file), path.join(assets, file));
  // The plan checked the routes (never over a page or assets/, never out of the folder).
  for (const [source, route] of unit.files) {
    const dest = path.join(dir, ...route.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(contentDir, ...source.split('/')), dest);
  }
}
