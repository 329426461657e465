/**
 * What the search index knows about one published page besides its text: the filters (facets)
 * and the metadata a result shows. One function decides it; the entry view writes it as
 * `data-pagefind-*` attributes and the group index copies it from the per-site bundles, so the
 * site search and the group search can never disagree.
 */
import type { SharedModel } from '../model/runtime.ts';
import type { EntryModel } from '../model/types.ts';
import { columnOf, columnTypeName, publisherOf } from '../views/view.ts';
import { archivedDayOf } from '../lifecycle/status.ts';
import { phrasesOf, toTraditional } from '../traditional/convert.ts';

/** Filter names, as users see them in the facets (Chinese, stable: the client and tests use them). */
export const FILTERS = {
  site: '部门',
  column: '栏目',
  year: '年份',
  columnType: '信息类别',
  validity: '有效性',
  archived: '已归档',
} as const;

/** Pagefind weight of a page's title (its h1) in every index: a title match outranks body matches. */
export const TITLE_WEIGHT = 10;

/** The order facets are shown in. */
export const FILTER_ORDER = [FILTERS.site, FILTERS.columnType, FILTERS.column, FILTERS.year, FILTERS.validity, FILTERS.archived] as const;

export interface SearchRecord {
  /** Facet values per filter name (every value a string). */
  filters: Record<string, string>;
  /**
   * Result metadata: `title`, `date` (YYYY-MM-DD), `site` (full name), `siteId`, `route`
   * (site-relative), `column` (column name, none for single pages), `docNumber` (文号, where set),
   * `archived` (the archive day, where archived), `validity` (失效/废止 only), `titleHant` (the
   * title in 繁體, when the group has 繁體 versions: the 繁體 search page shows it).
   */
  meta: Record<string, string>;
  /** Sort keys: `date` (YYYY-MM-DD). */
  sort: Record<string, string>;
  /**
   * Words searched after the page's own text: the 文号 and the 发布机构 (or 来源). The lines above
   * the text (发布日期、来源, the 信息公开 block, notes) are not in the search text, so an excerpt
   * never begins with them; these few words stay findable, and a match on them shows at the end.
   */
  tail: string;
}

/** The filters, metadata and sort keys of a published article or single page. */
export function searchRecordOf(model: SharedModel, entry: EntryModel): SearchRecord {
  const site = model.siteById.get(entry.siteId)!;
  const d = entry.data;
  const column = entry.kind === 'article' ? columnOf(site, entry.columnId) : undefined;
  const archivedDay = archivedDayOf(site, entry.archivedDay);
  const filters: Record<string, string> = {
    [FILTERS.site]: site.config.shortName ?? site.config.name,
    [FILTERS.year]: d.date.day.slice(0, 4),
    [FILTERS.archived]: archivedDay ? '是' : '否',
  };
  if (column) {
    filters[FILTERS.column] = column.name;
    filters[FILTERS.columnType] = columnTypeName(column);
  }
  if (d.validity) filters[FILTERS.validity] = d.validity;
  const meta: Record<string, string> = {
    title: d.title,
    date: d.date.day,
    site: site.config.name,
    siteId: site.id,
    route: entry.route,
  };
  if (column) meta.column = column.name;
  if (d.docNumber) meta.docNumber = d.docNumber;
  if (archivedDay) meta.archived = archivedDay;
  if (d.validity === '失效' || d.validity === '废止') meta.validity = d.validity;
  if (model.group.traditional) meta.titleHant = toTraditional(d.title, phrasesOf(model.traditionalPhrases));
  const tail = [...new Set([d.docNumber, publisherOf(d)].filter((x): x is string => Boolean(x)))].join(' ');
  return { filters, meta, sort: { date: d.date.day }, tail };
}
