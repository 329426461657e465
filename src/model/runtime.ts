/**
 * The model with the lookups every page, rule and stage needs, built once, not per use: the whole
 * group's for the main process (`RuntimeModel`); a unit's, built from its slice, for the renderer
 * (src/plan/unit-job.ts `UnitModel`).
 */
import type { ParsedYaml } from '../config/parse.ts';
import { Urls, type UrlConfig } from '../urls/urls.ts';
import { createLinkIndex, type LinkIndex } from './links.ts';
import { isWholeEntry, type EntryModel, type GroupModel, type PublicSite, type SiteModel, type SliceEntry, type SliceFact } from './types.ts';
import { isClosedSite, isArchivedSite } from '../lifecycle/status.ts';

/**
 * The lookups over a model's sites and entries, built once: for the whole model (`toRuntime`) and
 * for a unit's slice (src/plan/unit-job.ts `renderUnitOf`).
 */
export interface Lookups<S extends PublicSite = PublicSite, E extends SliceEntry = SliceEntry> {
  urls: Urls;
  siteById: ReadonlyMap<string, S>;
  entryById: ReadonlyMap<string, E>;
  portal: S;
}

/**
 * What code that runs on both the whole model and a unit's slice reads (the page list, feeds,
 * search paths, 繁體 links): the facts both carry, other sites as `PublicSite`s.
 */
export interface SharedModel extends Pick<GroupModel, SliceFact>, Lookups {
  sites: readonly PublicSite[];
  entries: readonly SliceEntry[];
}

/** The whole group's model with its lookups: the main process's (loader, rules, plan, checks, reports). */
export interface RuntimeModel extends GroupModel, Lookups<SiteModel, EntryModel> {
  linkIndex: LinkIndex;
  /** The parsed configuration files by path (group.yaml, `<site>/site.yaml`), for positions and texts. */
  configs: ReadonlyMap<string, ParsedYaml>;
}

/** Adds the derived lookups to the whole model (and the parsed configuration files, where there are any). */
export function toRuntime(model: GroupModel, configs: ReadonlyMap<string, ParsedYaml> = new Map()): RuntimeModel {
  const lookups = lookupsOf(model, new Map(model.sites.map((s) => [s.id, s])));
  return { ...model, ...lookups, linkIndex: createLinkIndex(linkIndexParts(model)), configs };
}

/** The lookups of a model or a slice (`siteById` given: its sites' type is the caller's). */
export function lookupsOf<S extends PublicSite, E extends SliceEntry>(model: Pick<GroupModel, 'group' | 'republished'> & { sites: readonly S[]; entries: readonly E[] }, siteById: ReadonlyMap<string, S>): Lookups<S, E | EntryModel> {
  const entryById = new Map<string, E | EntryModel>([...model.entries, ...model.republished].map((e) => [e.id, e]));
  return { urls: new Urls(urlConfigOf(model)), siteById, entryById, portal: siteById.get(model.group.portal)! };
}

/**
 * An entry a unit's own pages are about (its entry pages, its republished 重要政策信息): whole in
 * its slice. Another site's entry is only listed there; asking for it here is a planner bug.
 */
export function ownEntry(model: Pick<Lookups, 'entryById'>, id: string): EntryModel {
  const e = model.entryById.get(id);
  if (!e || !isWholeEntry(e)) throw new Error(`entry ${id} is ${e ? 'listed, not whole,' : 'not'} in this model`);
  return e;
}

/** The URL settings of a group (for `new Urls`), plain data. */
export function urlConfigOf(model: Pick<GroupModel, 'group'> & { sites: readonly PublicSite[] }): UrlConfig {
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
