/**
 * The typed model of a site group: what the loader produces from the content directory and
 * everything downstream (renderer, layout, manifest, checks) consumes. It is plain data so it
 * can be written to JSON and handed to the Astro build.
 */
import type { ArticleFrontmatter } from '../config/article.ts';
import type { GroupConfig } from '../config/group.ts';
import type { JiyueDate } from '../config/primitives.ts';
import type { ColumnConfig, SiteConfig } from '../config/site.ts';
import type { ThemeConfig } from '../config/theme.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { RuleOverride } from '../errors/overrides.ts';

/** Why content was held back from publishing: it is not ready yet, which is never an error. */
export type SkipReason = 'draft' | 'no-disclosure' | 'not-public' | 'not-reviewed';

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  draft: '草稿',
  'no-disclosure': '未标注公开属性',
  'not-public': '非主动公开',
  'not-reviewed': '未完成三审',
};

/** An attachment: a file of the content tree (published with the site), or a file on another site (`url`). */
export type AttachmentModel = LocalAttachment | ExternalDocument;

export interface LocalAttachment {
  title: string;
  /** Path in the content directory, e.g. fgw/zcwj/x.files/a.csv. */
  source: string;
  /** The site whose folder carries the file. */
  siteId: string;
  /** Route of the file inside that site. */
  route: string;
}

/** A document on another site, linked by its address (front matter `{ title, url }`). */
export interface ExternalDocument {
  title: string;
  url: string;
  /** The address's host, shown beside the title (lower case). */
  host: string;
}

/** A published article or single page. */
export interface EntryModel {
  /** `siteId/columnId/slug`; single pages use the column id `pages`. */
  id: string;
  /** Path of the source file relative to the content directory. */
  source: string;
  siteId: string;
  columnId: string;
  slug: string;
  kind: 'article' | 'page';
  format: 'md' | 'mdx';
  /**
   * How the body is rendered: `mdx` (compiled by Astro's MDX integration) only for an `.mdx`
   * file in a `trustedMdx` folder; everything else, untrusted `.mdx` included, is Markdown,
   * rendered and sanitized by the project's own pipeline and never handed to the MDX compiler.
   */
  renderAs: 'markdown' | 'mdx';
  /** Route of the page inside its site, e.g. gzdt/2024-x/. */
  route: string;
  data: ArticleFrontmatter;
  /** 索引号: as written, kept from the previous build, or generated (src/model/index-numbers.ts). */
  indexNumber: string;
  /** Entry ids of this policy's 解读 (written here or derived from their `interprets`), newest first. */
  interpretationIds: string[];
  /** Entry ids of the policies this 解读 interprets (written here or derived), newest first. */
  interpretsIds: string[];
  /** A 解读 on another site (`interpretation: { title, url }`). */
  externalInterpretation?: ExternalDocument;
  /** A policy on another site this 解读 interprets (`interprets: { title, url }`). */
  externalInterprets?: ExternalDocument;
  attachments: AttachmentModel[];
  /** The day this page counts as archived (its own `archived`, or its column's). */
  archivedDay?: string;
  /** sha256 of the source file. */
  sourceHash: string;
  /** Line of the source file where the body starts (the line after the closing `---`). */
  bodyLine: number;
  /**
   * On a republished 重要政策信息 (GroupModel.republished): the portal entry it republishes. It
   * shares that entry's source (never copied) and is rendered from it for its own site.
   */
  reprintOf?: string;
}

/** The fields of an entry only its own site's pages read: its source, body, 索引号, attachments and policy ↔ 解读 relations. */
export const OWN_ENTRY_FACTS = ['source', 'sourceHash', 'bodyLine', 'indexNumber', 'attachments', 'interpretationIds', 'interpretsIds'] as const satisfies readonly (keyof EntryModel)[];
export type OwnEntryFact = (typeof OWN_ENTRY_FACTS)[number];
/**
 * An entry of another site as a unit's pages show it (a list item, a link, a 解读 or policy
 * named on a page): its title, date, column, route and front matter, not what `OwnEntryFact` names
 * (src/plan/slice.ts `listedEntry`).
 */
export type ListedEntry = Omit<EntryModel, OwnEntryFact>;
/** An entry in a slice: the unit's own (and its republished ones), whole; another site's, as listed. */
export type SliceEntry = EntryModel | ListedEntry;

/** The entry is whole (a unit's own, or anywhere in the whole model), not another site's listed one. */
export function isWholeEntry(e: SliceEntry): e is EntryModel {
  return 'source' in e;
}

export interface SkippedModel {
  source: string;
  siteId: string;
  reason: SkipReason;
}

export interface ThemeModel extends ThemeConfig {
  /** Folder name under themes/. */
  id: string;
  /** Absolute path of the theme folder. */
  dir: string;
  /** Validated slot fragments (HTML), by slot name. Default none. */
  slotHtml: Partial<Record<'afterHeader' | 'beforeFooter' | 'homeHero', string>>;
  /** The theme's own `theme.css`, if any (served in the `theme` cascade layer). */
  css?: string;
}

export interface SiteModel {
  id: string;
  config: SiteConfig;
  theme: ThemeModel;
  /** Entry ids per column id, newest first. */
  columnEntries: Record<string, string[]>;
  /** Single pages' entry ids (pages/), by slug order. */
  pageEntries: string[];
  /**
   * The site whose registration (网站标识码, ICP, 公安备案, 党政机关网站标识, 主办) the pages
   * carry: itself, or the portal for an archived site (its own registration is cancelled).
   */
  identitySiteId: string;
}

/**
 * The facts of the group a unit's slice carries as the whole model has them (src/plan/slice.ts
 * narrows some for the unit): what code run on both the whole model and a slice reads. Entries
 * are apart: a slice holds other sites' as `ListedEntry`s (`SliceEntry`).
 */
export type SliceFact = 'group' | 'republished' | 'offlineNotices' | 'supervisionPeriods' | 'supervisionFigures' | 'lazyGroupFacets' | 'indexedSites' | 'traditionalPhrases' | 'searchAliases';

/** The facts of a site that other sites' pages show: names, domain, kind, sponsor and lifecycle (src/plan/slice.ts). */
export type PublicFact = 'name' | 'shortName' | 'kind' | 'domain' | 'sponsor' | 'status' | 'closure' | 'migration' | 'archive';
/**
 * The registration a site's pages carry (footer, SiteName/SiteDomain/SiteIDCode meta tags, 找错
 * link): its own, or the portal's on an archived site (`SiteModel.identitySiteId`).
 */
export type Registration = Pick<SiteConfig, 'name' | 'domain' | 'sponsor' | 'siteCode' | 'operator' | 'contact' | 'icp' | 'psb' | 'conacId'>;

/**
 * A site as another site's pages see it (a unit's slice, src/plan/slice.ts): its public facts
 * and the columns those pages list (with their entry ids). A whole `SiteModel` is one too, so code
 * that runs on both the whole model and a slice takes this.
 */
export interface PublicSite {
  id: string;
  config: Pick<SiteConfig, PublicFact | 'columns'>;
  /** The theme's id (the portal's logo, which every header shows, is an asset of each site: `PlannedUnit.assets`). */
  theme: Pick<ThemeModel, 'id'>;
  /** Entry ids per column id, newest first: the columns listed here only. */
  columnEntries: Record<string, string[]>;
  identitySiteId: string;
}

export interface GroupModel {
  /** Absolute path of the content directory. */
  contentDir: string;
  group: GroupConfig;
  sites: SiteModel[];
  entries: EntryModel[];
  /**
   * The portal's 重要政策信息 republished as pages of the active department sites (聊城 第三十二条,
   * src/model/important.ts). Listed in their columns and planned like any page; kept apart from
   * `entries` because they have no source of their own: content rules and link targets see the
   * original once.
   */
  republished: EntryModel[];
  skipped: SkippedModel[];
  /**
   * "Today" for everything date-dependent (from --now, or Asia/Shanghai today): the loader and
   * the content rules only. Pages never read it: what they show that depends on the date is
   * decided here once (`offlineNotices`), so a page's output changes only when such a fact does.
   */
  now: JiyueDate;
  /**
   * The periods the portal's 网站监管 section publishes (聊城 第二十八条), decided for `now`: every
   * month from the group's first published item to the last complete month, every year to the
   * last complete year (newest first). Empty when `group.yaml` turns it off.
   */
  supervisionPeriods: { months: string[]; years: string[] };
  /** The portal's slice only: the figures its 网站监管 pages show (src/model/supervision.ts). */
  supervisionFigures?: SupervisionFigures;
  /** Archived sites whose 下线公告 the portal's home page shows on `now` (src/lifecycle/status.ts). */
  offlineNotices: string[];
  /** The group is large enough that its search page loads facets on request (src/search/paths.ts). */
  lazyGroupFacets: boolean;
  /**
   * Sites of this build with a search index, in site order: not closed, with at least one
   * published article or page. A site without one (a new site whose columns are still empty) has
   * nothing to index; its search page says so (SearchView.astro), and the portal's does when no
   * site has an index (its group index merges these sites' indexes).
   */
  indexedSites: string[];
  /** Sites to render in this build (all, or those given with --site). */
  selectedSites: string[];
  /**
   * Attachments named in front matter (`attachments:`), by the site folder they go into:
   * `{ siteId: [ [contentPath, route], … ] }`, filled by the loader. Files linked from bodies come
   * from the content check (`ContentCheckResult.files`); the plan joins both (plan.ts `files`).
   */
  assets: Record<string, [string, string][]>;
  /** Every publishable file of the content tree (under `<slug>.files/` or `_shared/`, content-relative). */
  files: string[];
  /** Where a file of `files` really is, when a symlink is involved (path → real path). */
  fileReal: Record<string, string>;
  /** SVG files (real paths) that are not pure drawing → what they carry (never published). */
  unsafeSvg: Record<string, string>;
  /**
   * Articles that failed validation (already reported), with the route they would have: links
   * to them are not reported again as broken. Empty in any build that renders.
   */
  invalid: { source: string; id: string; siteId: string; route: string }[];
  /** Rule severities changed by `group.yaml` `rules:` (listed in every summary). */
  ruleOverrides: RuleOverride[];
  /**
   * The group's own 繁體 phrases (`traditional-phrases.txt` at the content root: 简体, tab, 繁體),
   * applied before the standard table (src/traditional/convert.ts). Empty without the file.
   */
  traditionalPhrases: [string, string][];
  /**
   * The search aliases in use (src/search/aliases.ts): [official term, everyday names], the
   * defaults with `search-aliases.yaml` applied and every site's 全称 ↔ 简称.
   */
  searchAliases: [string, string[]][];
  /**
   * Sites with a `search-aliases.yaml` of their own: the list their search page uses (the group's
   * changes, then the site's). A unit's slice carries its site's list as `searchAliases`.
   */
  siteSearchAliases: Record<string, [string, string[]][]>;
}

/**
 * A department whose changes a build deferred because of errors confined to it
 * (src/pipeline/deferral.ts): published from its last good copy, or not at all; and the findings
 * that deferred it.
 */
export interface Deferral {
  siteId: string;
  /** `last-good`: built from the last good copy; `unpublished`: never built successfully, left out. */
  as: 'last-good' | 'unpublished';
  diagnostics: Diagnostic[];
}

export type { ColumnConfig, GroupConfig, SiteConfig };

// ── Publishing figures (src/model/supervision.ts computes them) ─────────────────────────────

export interface AnnualSiteFigures {
  siteId: string;
  siteName: string;
  siteCode: string;
  total: number;
  overview: number;
  news: number;
  disclosure: number;
  topicsMaintained: number;
  topicsOpened: number;
  interpretations: number;
}

export interface AnnualReport {
  year: string;
  group: string;
  sites: AnnualSiteFigures[];
  total: Omit<AnnualSiteFigures, 'siteId' | 'siteName' | 'siteCode'>;
}

export interface SupervisionMonth {
  month: string;
  sites: {
    siteId: string;
    siteName: string;
    total: number;
    columns: { columnId: string; columnName: string; typeName: string; count: number; lastDay?: string }[];
  }[];
}

export interface SupervisionFigures {
  months: SupervisionMonth[];
  years: AnnualReport[];
}
