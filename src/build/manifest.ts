/**
 * `dist/manifest.json`: the group, every site, every published URL (pages and files) with the
 * hash of what is served there and, for content, of its source file and its 索引号. Ops deploy
 * from it; later builds compare against it (the URL ledger, docs/lifecycle.md). One zod schema
 * defines it, the writer and every reader use it. The format is documented in docs/manifest.md;
 * bump `schemaVersion` on any incompatible change (adding a field is compatible).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { allPages } from '../lib/site-pages.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { Urls } from '../urls/urls.ts';

export const MANIFEST_SCHEMA_VERSION = 1;

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const REDIRECT_REASONS = ['declared', 'archived', 'closed', 'unarchived', 'pagination', 'carried'] as const;

export const ManifestPageSchema = z.object({
  /** Absolute URL the page is served at. */
  url: z.string(),
  site: z.string(),
  /** File inside the site's folder. */
  file: z.string(),
  /** home | column | entry | sitemap | search | notFound | closed | archiveIndex | notices */
  type: z.string(),
  /** sha256 of the page's HTML. */
  hash: sha,
  /** Source file (content-relative) for articles and single pages, else null. */
  source: z.string().nullable(),
  /** sha256 of the source file, else null. */
  sourceHash: sha.nullable(),
  /** 索引号 of an article or single page (it never changes once published), else null. Added later: absent in older manifests. */
  indexNumber: z.string().nullable().default(null),
});
export type ManifestPage = z.output<typeof ManifestPageSchema>;

export const ManifestFileSchema = z.object({
  /** Absolute URL the file is served at. */
  url: z.string(),
  site: z.string(),
  /** File inside the site's folder. */
  file: z.string(),
  /** sha256 of the file. */
  hash: sha,
  /** The file in the content tree it was copied from. */
  source: z.string(),
});
export type ManifestFile = z.output<typeof ManifestFileSchema>;

export const ManifestRedirectSchema = z.object({
  from: z.string(),
  to: z.string(),
  status: z.union([z.literal(301), z.literal(302)]),
  reason: z.enum(REDIRECT_REASONS),
  site: z.string(),
});

export const ManifestSiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  domain: z.string(),
  siteCode: z.string(),
  status: z.string(),
  theme: z.string(),
  /** Origin + base path the folder is deployed at. */
  url: z.string().url(),
  /** Folder relative to the manifest: `sites/<id>`, or `sites/<portal>/archive/<id>` (archived, domains mode). */
  folder: z.string(),
  pageCount: z.number().int().nonnegative(),
});

export const ManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  generator: z.string(),
  /** The build's "today" (YYYY-MM-DD, Asia/Shanghai). */
  now: z.string(),
  group: z.object({ name: z.string(), regionCode: z.string(), portal: z.string(), urlMode: z.string(), baseUrl: z.string().nullable() }),
  /** The sites of this build; a `--site` build lists only those (and `partial` is true). */
  sites: z.array(ManifestSiteSchema).min(1),
  /** True for a `--site` build: other sites of the group were not built. Added later. */
  partial: z.boolean().default(false),
  pages: z.array(ManifestPageSchema),
  /**
   * Files copied from the content tree (attachments, images, shared files): published URLs too,
   * kept by the ledger like pages. Added later: absent in older manifests.
   */
  files: z.array(ManifestFileSchema).default([]),
  /**
   * Every old URL the build knows of that now redirects (archived or closed sites, declared
   * `redirects:`, carried from earlier builds), with its final target.
   */
  redirects: z.array(ManifestRedirectSchema).default([]),
});
export type Manifest = z.output<typeof ManifestSchema>;

/** Reads and validates a manifest file; the error is a Chinese sentence for messages. */
export function readManifestFile(file: string): { manifest?: Manifest; error?: string } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return { error: fs.existsSync(file) ? `不是有效的 JSON（${(error as Error).message}）` : '文件不存在' };
  }
  const r = ManifestSchema.safeParse(json);
  if (r.success) return { manifest: r.data };
  const issue = r.error.issues[0];
  const where = issue.path.join('.') || '（顶层）';
  return { error: issue.path[0] === 'schemaVersion' ? `schemaVersion 应为 ${MANIFEST_SCHEMA_VERSION}，可能来自其他版本的生成器` : `字段 ${where} 不符合清单格式（${issue.message}）` };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function writeManifest(model: RuntimeModel, staging: string, generator: string, redirects: Manifest['redirects'] = [], files: [siteId: string, source: string, route: string][] = []): Manifest {
  const pages: ManifestPage[] = [];
  const counts = new Map<string, number>();
  const folderOf = (siteId: string) => path.join(staging, 'sites', ...model.urls.folder(siteId).split('/'));
  for (const { page } of allPages(model)) {
    const file = Urls.outputFile(page.route);
    const html = fs.readFileSync(path.join(folderOf(page.siteId), ...file.split('/')));
    const entry = page.type === 'entry' ? model.entryById.get(page.entryId) : undefined;
    pages.push({
      url: model.urls.absolute(page.siteId, page.route),
      site: page.siteId,
      file,
      type: page.type,
      hash: sha256(html),
      source: entry?.source ?? null,
      sourceHash: entry?.sourceHash ?? null,
      indexNumber: entry?.indexNumber ?? null,
    });
    counts.set(page.siteId, (counts.get(page.siteId) ?? 0) + 1);
  }
  const published: ManifestFile[] = [];
  const seen = new Set<string>();
  for (const [siteId, source, route] of files) {
    const key = `${siteId}\n${route}`;
    if (seen.has(key) || !model.selectedSites.includes(siteId) || model.siteById.get(siteId)?.config.status === 'closed') continue;
    seen.add(key);
    published.push({ url: model.urls.absolute(siteId, route), site: siteId, file: route, hash: sha256(fs.readFileSync(path.join(folderOf(siteId), ...route.split('/')))), source });
  }
  published.sort((a, b) => a.url.localeCompare(b.url));
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
    partial: model.selectedSites.length < model.sites.length,
    pages,
    files: published,
    redirects,
  };
  fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
