/**
 * The model as the renderer sees it: read once from the JSON the CLI wrote (`JIYUE_MODEL`),
 * with the lookups every page needs built once, not per page.
 */
import fs from 'node:fs';
import { Urls } from '../urls/urls.ts';
import { createLinkIndex, type LinkIndex } from './links.ts';
import type { EntryModel, GroupModel, SiteModel } from './types.ts';

export interface RuntimeModel extends GroupModel {
  urls: Urls;
  siteById: Map<string, SiteModel>;
  entryById: Map<string, EntryModel>;
  linkIndex: LinkIndex;
  portal: SiteModel;
}

/** Adds the derived lookups to a plain model. */
export function toRuntime(model: GroupModel): RuntimeModel {
  const siteById = new Map(model.sites.map((s) => [s.id, s]));
  const entryById = new Map(model.entries.map((e) => [e.id, e]));
  const urls = new Urls({
    urlMode: model.group.urlMode,
    baseUrl: model.group.baseUrl,
    portal: model.group.portal,
    sites: model.sites.map((s) => ({ id: s.id, domain: s.config.domain, kind: s.config.kind, archived: s.config.status === 'archived' })),
  });
  const linkIndex = createLinkIndex({
    targets: [...model.invalid, ...model.entries],
    unpublished: model.skipped,
    files: model.files,
    sites: model.sites.map((s) => ({ id: s.id, columnIds: s.config.columns.map((c) => c.id), closed: s.config.status === 'closed' })),
  });
  return { ...model, urls, siteById, entryById, linkIndex, portal: siteById.get(model.group.portal)! };
}

let cached: RuntimeModel | null | undefined;

/** The model of the build in progress, or null outside a build (e.g. `astro check`). */
export function runtimeModel(): RuntimeModel | null {
  if (cached !== undefined) return cached;
  const file = process.env.JIYUE_MODEL;
  cached = file && fs.existsSync(file) ? toRuntime(JSON.parse(fs.readFileSync(file, 'utf8')) as GroupModel) : null;
  return cached;
}
