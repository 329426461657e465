/**
 * The HTML files that belong to one site's output folder. In `domains` mode an archived site
 * is laid out inside the portal's folder (`<portal>/archive/<siteId>/`, `Urls.folder`): its
 * pages belong to it, not to the portal. The page-spec checker and the search indexer both
 * need exactly this list, so it is computed here once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeModel } from '../model/runtime.ts';

/** Absolute path of a site's folder under `<staging>/sites`. */
export function siteFolderPath(model: RuntimeModel, sitesDir: string, siteId: string): string {
  return path.join(sitesDir, ...model.urls.folder(siteId).split('/'));
}

/** Other sites' folders nested inside this site's folder, relative to it (e.g. `archive/lyw`). */
export function nestedSiteFolders(model: RuntimeModel, siteId: string): Set<string> {
  const folder = model.urls.folder(siteId);
  return new Set(
    model.sites
      .map((s) => model.urls.folder(s.id))
      .filter((f) => f.startsWith(`${folder}/`))
      .map((f) => f.slice(folder.length + 1)),
  );
}

/**
 * The site's HTML files (POSIX, relative to its folder, sorted): nested sites' folders and the
 * generator's top-level `assets/` left out.
 */
export function siteHtmlFiles(model: RuntimeModel, sitesDir: string, siteId: string): string[] {
  const nested = nestedSiteFolders(model, siteId);
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!(rel === '' && e.name === 'assets') && !nested.has(r)) walk(path.join(abs, e.name), r);
      } else if (e.name.endsWith('.html')) out.push(r);
    }
  };
  const dir = siteFolderPath(model, sitesDir, siteId);
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}
