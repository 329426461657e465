/**
 * `dist/manifest.json`: the group, every site, and every published URL with the hash of its
 * page and of its source file. Ops deploy from it; later builds compare against it. The format
 * is documented in docs/manifest.md; bump `schemaVersion` on any incompatible change.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ManifestRedirect } from '../lifecycle/redirects.ts';
import { allPages } from '../lib/site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { Urls } from '../urls/urls.ts';

export const MANIFEST_SCHEMA_VERSION = 1;

export interface ManifestPage {
  /** Absolute URL the page is served at. */
  url: string;
  site: string;
  /** File inside `sites/<site>/`. */
  file: string;
  /** home | column | entry | sitemap | notFound | closed */
  type: string;
  /** sha256 of the page's HTML. */
  hash: string;
  /** Source file (content-relative) for articles and single pages, else null. */
  source: string | null;
  /** sha256 of the source file, else null. */
  sourceHash: string | null;
}

export interface Manifest {
  schemaVersion: number;
  generator: string;
  /** The build's "today" (YYYY-MM-DD, Asia/Shanghai). */
  now: string;
  group: { name: string; regionCode: string; portal: string; urlMode: string; baseUrl: string | null };
  sites: {
    id: string;
    name: string;
    shortName: string;
    kind: string;
    domain: string;
    siteCode: string;
    status: string;
    theme: string;
    /** Origin + base path the folder is deployed at. */
    url: string;
    /** Folder relative to the manifest: `sites/<id>`, or `sites/<portal>/archive/<id>` (archived, domains mode). */
    folder: string;
    pageCount: number;
  }[];
  pages: ManifestPage[];
  /**
   * Every old URL the build knows of that now redirects (archived or closed sites, declared
   * `redirects:`, carried from earlier builds), with its final target. The next build's
   * ledger keeps all of them working (docs/lifecycle.md).
   */
  redirects: ManifestRedirect[];
}

export function writeManifest(model: RuntimeModel, staging: string, generator: string, redirects: ManifestRedirect[] = []): Manifest {
  const pages: ManifestPage[] = [];
  const counts = new Map<string, number>();
  for (const { page } of allPages(model)) {
    const file = Urls.outputFile(page.route);
    const html = fs.readFileSync(path.join(staging, 'sites', ...model.urls.folder(page.siteId).split('/'), ...file.split('/')));
    const entry = page.type === 'entry' ? model.entryById.get(page.entryId) : undefined;
    pages.push({
      url: model.urls.absolute(page.siteId, page.route),
      site: page.siteId,
      file,
      type: page.type,
      hash: createHash('sha256').update(html).digest('hex'),
      source: entry?.source ?? null,
      sourceHash: entry?.sourceHash ?? null,
    });
    counts.set(page.siteId, (counts.get(page.siteId) ?? 0) + 1);
  }
  const g = model.group;
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generator,
    now: model.now.day,
    group: { name: g.name, regionCode: g.regionCode, portal: g.portal, urlMode: g.urlMode, baseUrl: g.baseUrl ?? null },
    sites: model.selectedSites.map((id) => {
      const s = model.siteById.get(id)!;
      return {
        id,
        name: s.config.name,
        shortName: s.config.shortName ?? s.config.name,
        kind: s.config.kind,
        domain: s.config.domain,
        siteCode: s.config.siteCode,
        status: s.config.status,
        theme: s.theme.id,
        url: model.urls.absolute(id, ''),
        folder: `sites/${model.urls.folder(id)}`,
        pageCount: counts.get(id) ?? 0,
      };
    }),
    pages,
    redirects,
  };
  fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
