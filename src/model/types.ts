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
import type { RuleOverride } from '../errors/overrides.ts';

/** Why content was held back from publishing. */
export type SkipReason = 'draft' | 'not-public' | 'not-reviewed';

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  draft: '草稿',
  'not-public': '非主动公开',
  'not-reviewed': '未完成三审',
};

export interface AttachmentModel {
  title: string;
  /** Path in the content directory, e.g. fgw/zcwj/x.files/a.csv. */
  source: string;
  /** The site whose folder carries the file. */
  siteId: string;
  /** Route of the file inside that site. */
  route: string;
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
  /** Route of the page inside its site, e.g. gzdt/2024-x/. */
  route: string;
  data: ArticleFrontmatter;
  /** 索引号: as written, or generated from the site code, year and a stable hash of the source path. */
  indexNumber: string;
  /** Resolved entry id of the 解读 of this policy. */
  interpretationId?: string;
  /** Resolved entry id of the policy this 解读 interprets. */
  interpretsId?: string;
  attachments: AttachmentModel[];
  /** The day this page counts as archived (its own `archived`, or its column's). */
  archivedDay?: string;
  /** sha256 of the source file. */
  sourceHash: string;
  /** Line of the source file where the rendered body starts (its first non-blank line after the front matter). */
  bodyLine: number;
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
}

export interface GroupModel {
  /** Absolute path of the content directory. */
  contentDir: string;
  group: GroupConfig;
  sites: SiteModel[];
  entries: EntryModel[];
  skipped: SkippedModel[];
  /** "Today" for everything date-dependent (from --now, or Asia/Shanghai today). */
  now: JiyueDate;
  /** Sites to render in this build (all, or those given with --site). */
  selectedSites: string[];
  /**
   * Files referenced from content (attachments, images), by the site folder they go into:
   * `{ siteId: [ [contentPath, route], … ] }`. Filled by the loader (front matter) and by the
   * Markdown pipeline (body links).
   */
  assets: Record<string, [string, string][]>;
  /** Every non-entry file of the content tree (content-relative), for link checks. */
  files: string[];
  /**
   * Articles that failed validation (already reported), with the route they would have: links
   * to them are not reported again as broken. Empty in any build that renders.
   */
  invalid: { source: string; id: string; siteId: string; route: string }[];
  /** Rule severities changed by `group.yaml` `rules:` (listed in every summary). */
  ruleOverrides: RuleOverride[];
}

export type { ColumnConfig, GroupConfig, SiteConfig };
