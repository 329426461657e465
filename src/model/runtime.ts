/**
 * The model with the lookups every page, rule and stage needs built once, not per use. The
 * renderer gets one per unit, built from the unit's slice (src/plan/unit-job.ts).
 */
import type { ParsedYaml } from '../config/parse.ts';
import type { BodyRef } from '../markdown/body-pack.ts';
import { Urls, type UrlConfig } from '../urls/urls.ts';
import { createLinkIndex, type LinkIndex } from './links.ts';
import type { EntryModel, GroupModel, SiteModel } from './types.ts';
import { isClosedSite, isArchivedSite } from '../lifecycle/status.ts';

export interface RuntimeModel extends GroupModel {
  urls: Urls;
  siteById: Map<string, SiteModel>;
  entryById: Map<string, EntryModel>;
  linkIndex: LinkIndex;
  portal: SiteModel;
  /** Where the rendered HTML of each Markdown body is, by entry id (renderer only: src/plan/unit-job.ts). */
  bodyRefs?: Readonly<Record<string, BodyRef>>;
  /** The folder of each theme, by theme id (a slice's themes carry none: the worker's job does). */
  themeDirs: Readonly<Record<string, string>>;
  /**
   * A site's asset file names by logical name (src/plan/assets.ts), decided by the pipeline
   * and handed to the renderer in the job: inside Astro's bundle the generator's files cannot be
   * read. Absent outside a build: `siteView` computes them.
   */
  assetFiles?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The parsed configuration files by path (group.yaml, `<site>/site.yaml`), for positions and
   * texts: main process only (not in the JSON Astro reads), empty there.
   */
  configs: ReadonlyMap<string, ParsedYaml>;
}

/** Adds the derived lookups to a plain model (and the parsed configuration files, where there are any). */
export function toRuntime(model: GroupModel, configs: ReadonlyMap<string, ParsedYaml> = new Map()): RuntimeModel {
  const siteById = new Map(model.sites.map((s) => [s.id, s]));
  const entryById = new Map([...model.entries, ...model.republished].map((e) => [e.id, e]));
  const urls = new Urls(urlConfigOf(model));
  const linkIndex = createLinkIndex(linkIndexParts(model));
  const themeDirs = Object.fromEntries(model.sites.filter((s) => s.theme.dir).map((s) => [s.theme.id, s.theme.dir]));
  return { ...model, urls, siteById, entryById, linkIndex, portal: siteById.get(model.group.portal)!, configs, themeDirs };
}

/** The URL settings of a group (for `new Urls`), plain data. */
export function urlConfigOf(model: GroupModel): UrlConfig {
  return {
    urlMode: model.group.urlMode,
    baseUrl: model.group.baseUrl,
    portal: model.group.portal,
    sites: model.sites.map((s) => ({ id: s.id, domain: s.config.domain, kind: s.config.kind, archived: isArchivedSite(s) })),
  };
}

/** What the link index is built from, plain data (it crosses into worker threads and processes). */
export type LinkIndexParts = ReturnType<typeof linkIndexParts>;

export function linkIndexParts(model: GroupModel) {
  return {
    targets: [...model.invalid, ...model.entries.map((e) => ({ source: e.source, id: e.id, siteId: e.siteId, route: e.route }))],
    unpublished: model.skipped,
    files: model.files.map((f) => ({ path: f, real: model.fileReal[f] ?? f })),
    unsafeSvg: model.unsafeSvg,
    sites: model.sites.map((s) => ({ id: s.id, columnIds: s.config.columns.map((c) => c.id), closed: isClosedSite(s) })),
  };
}
