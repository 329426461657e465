/**
 * `dist/manifest.json`: the group, every site, every published URL (pages and files) with the
 * hash of what is served there and, for content, of its source file and its 索引号. Ops deploy
 * from it; later builds compare against it (the URL ledger, docs/lifecycle.md). One zod schema
 * defines it, the writer and every reader use it. The format is documented in docs/manifest.md;
 * bump `schemaVersion` on any incompatible change (adding a field is compatible).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RuntimeModel } from '../model/runtime.ts';
import type { UnitRecord } from '../pipeline/cache.ts';
import type { BuildPlan } from './plan.ts';

export const MANIFEST_SCHEMA_VERSION = 1;

const sha = z.string().regex(/^[0-9a-f]{64}$/);
/**
 * The fields that become paths and server configuration are exactly what the build writes, so a
 * manifest edited by hand cannot point a `root` elsewhere or add a directive (a newline in
 * `generator` used to become a line of nginx configuration): a site id, a folder below `sites/`,
 * a path inside its folder, printable text without line breaks.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const folder = z.string().regex(/^sites\/[a-z0-9][a-z0-9-]*(?:\/archive\/[a-z0-9][a-z0-9-]*)?$/);
const inFolder = z.string().refine((f) => f !== '' && !f.startsWith('/') && !/[\u0000-\u001f\u007f\\]/.test(f) && f.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), { error: '不是站点目录之内的路径' });
const line = z.string().refine((t) => !/[\u0000-\u001f\u007f]/.test(t), { error: '含有换行或控制字符' });
const host = z.string().regex(/^[A-Za-z0-9.-]*$/);
const REDIRECT_REASONS = ['declared', 'archived', 'closed', 'unarchived', 'pagination', 'carried', 'traditional'] as const;

export const ManifestPageSchema = z.object({
  /** Absolute URL the page is served at. */
  url: z.string(),
  site: id,
  /** File inside the site's folder. */
  file: inFolder,
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
  site: id,
  /** File inside the site's folder. */
  file: inFolder,
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
  id,
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  domain: host,
  siteCode: z.string(),
  status: z.string(),
  theme: z.string(),
  /** Origin + base path the folder is deployed at. */
  url: z.url(),
  /** Folder relative to the manifest: `sites/<id>`, or `sites/<portal>/archive/<id>` (archived, domains mode). */
  folder,
  pageCount: z.number().int().nonnegative(),
});

export const ManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  generator: line,
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

/**
 * Writes `manifest.json` into the staging folder: every planned page and content file with the
 * hash of what is served there, from the units' records (no file is read again).
 */
export function writeManifest(model: RuntimeModel, plan: BuildPlan, records: ReadonlyMap<string, UnitRecord>, staging: string, generator: string, redirects: Manifest['redirects'] = []): Manifest {
  const pages: ManifestPage[] = [];
  const published: ManifestFile[] = [];
  for (const unit of plan.units) {
    const hashes = new Map(records.get(unit.id)!.files.map(([f, sha]) => [f, sha]));
    for (const page of unit.pages) {
      const entry = page.type === 'entry' ? model.entryById.get(page.entryId) : undefined;
      pages.push({
        url: page.url,
        site: page.siteId,
        file: page.file,
        type: page.type,
        hash: hashes.get(page.file)!,
        source: entry?.source ?? null,
        sourceHash: entry?.sourceHash ?? null,
        indexNumber: entry?.indexNumber ?? null,
      });
    }
    for (const [source, route] of unit.files) {
      published.push({ url: model.urls.absolute(unit.id, route), site: unit.id, file: route, hash: hashes.get(route)!, source });
    }
  }
  published.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const g = model.group;
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generator,
    now: model.now.day,
    group: { name: g.name, regionCode: g.regionCode, portal: g.portal, urlMode: g.urlMode, baseUrl: g.baseUrl ?? null },
    sites: plan.units.map((unit) => {
      const s = model.siteById.get(unit.id)!;
      return {
        id: unit.id,
        name: s.config.name,
        shortName: s.config.shortName ?? s.config.name,
        kind: s.config.kind,
        domain: s.config.domain,
        siteCode: s.config.siteCode,
        status: s.config.status,
        theme: s.theme.id,
        url: model.urls.absolute(unit.id, ''),
        folder: `sites/${unit.folder}`,
        pageCount: unit.pages.length,
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
