/**
 * The model as the renderer sees it: read once from the JSON the CLI wrote (`JIYUE_MODEL`),
 * with the lookups every page needs built once, not per page.
 */
import fs from 'node:fs';
import type { ParsedYaml } from '../config/parse.ts';
import { Urls, type UrlConfig } from '../urls/urls.ts';
import { createLinkIndex, type LinkIndex } from './links.ts';
import type { EntryModel, GroupModel, SiteModel } from './types.ts';

export interface RuntimeModel extends GroupModel {
  urls: Urls;
  siteById: Map<string, SiteModel>;
  entryById: Map<string, EntryModel>;
  linkIndex: LinkIndex;
  portal: SiteModel;
  /** Where the rendered Markdown bodies are (src/markdown/render.ts `bodyFile`), during a build. */
  bodiesDir?: string;
  /**
   * The parsed configuration files by path (group.yaml, `<site>/site.yaml`), for positions and
   * texts: main process only (not in the JSON Astro reads), empty there.
   */
  configs: ReadonlyMap<string, ParsedYaml>;
}

/** Adds the derived lookups to a plain model (and the parsed configuration files, where there are any). */
export function toRuntime(model: GroupModel, configs: ReadonlyMap<string, ParsedYaml> = new Map()): RuntimeModel {
  const siteById = new Map(model.sites.map((s) => [s.id, s]));
  const entryById = new Map(model.entries.map((e) => [e.id, e]));
  const urls = new Urls(urlConfigOf(model));
  const linkIndex = createLinkIndex(linkIndexParts(model));
  return { ...model, urls, siteById, entryById, linkIndex, portal: siteById.get(model.group.portal)!, configs };
}

/** The URL settings of a group (for `new Urls`), plain data. */
export function urlConfigOf(model: GroupModel): UrlConfig {
  return {
    urlMode: model.group.urlMode,
    baseUrl: model.group.baseUrl,
    portal: model.group.portal,
    sites: model.sites.map((s) => ({ id: s.id, domain: s.config.domain, kind: s.config.kind, archived: s.config.status === 'archived' })),
  };
}

/** What the link index is built from, plain data (it crosses into worker threads). */
export function linkIndexParts(model: GroupModel) {
  return {
    targets: [...model.invalid, ...model.entries.map((e) => ({ source: e.source, id: e.id, siteId: e.siteId, route: e.route }))],
    unpublished: model.skipped,
    files: model.files.map((f) => ({ path: f, real: model.fileReal[f] ?? f })),
    unsafeSvg: model.unsafeSvg,
    sites: model.sites.map((s) => ({ id: s.id, columnIds: s.config.columns.map((c) => c.id), closed: s.config.status === 'closed' })),
  };
}

let cached: RuntimeModel | null | undefined;

/** The model of the build in progress, or null outside a build (e.g. `astro check`). */
export function runtimeModel(): RuntimeModel | null {
  if (cached !== undefined) return cached;
  const file = process.env.JIYUE_MODEL;
  cached = file && fs.existsSync(file) ? toRuntime(JSON.parse(fs.readFileSync(file, 'utf8')) as GroupModel) : null;
  return cached;
}
