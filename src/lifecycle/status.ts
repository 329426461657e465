/**
 * Lifecycle state questions every view and check asks, answered in one place (page spec §5).
 * Other modules (content rules, search) call these instead of reading the fields themselves.
 */
import type { JiyueDate } from '../config/primitives.ts';
import type { EntryModel, PublicSite } from '../model/types.ts';

/** Days the portal's home page shows a 下线公告 after the archive date (聊城 art. 10(2): "30 天以上"). */
export const OFFLINE_NOTICE_DAYS = 30;

/** An archived site (status: archived): read-only, its pages under the portal in domains mode. */
export function isArchivedSite(site: Pick<PublicSite, 'config'>): boolean {
  return site.config.status === 'archived';
}

/** A closed site (status: closed, 临时关停): every URL shows its closure notice; no articles, feeds or search. */
export function isClosedSite(site: Pick<PublicSite, 'config'>): boolean {
  return site.config.status === 'closed';
}

/** A site being moved to another (status: migrating): running, with a migration notice. */
export function isMigratingSite(site: Pick<PublicSite, 'config'>): boolean {
  return site.config.status === 'migrating';
}

/** A running site (active or migrating): it publishes, is listed in 部门动态 and owes reprints. */
export function isRunningSite(site: Pick<PublicSite, 'config'>): boolean {
  return site.config.status === 'active' || site.config.status === 'migrating';
}

/** An archived article or single page (its own `archived:` date, or its column's). */
export function isArchivedEntry(entry: Pick<EntryModel, 'archivedDay'>): boolean {
  return Boolean(entry.archivedDay);
}

/**
 * The day a page or an entry counts as archived: its site's archive date for every page of an
 * archived site, else its own (an entry's `archivedDay`, a column page's column date). The one
 * place this is decided: the plan stores it on every page, lists and search records ask here.
 */
export function archivedDayOf(site: PublicSite, own: string | undefined): string | undefined {
  if (isArchivedSite(site) && site.config.archive) return site.config.archive.date.day;
  return own;
}

/** A policy document that no longer applies (有效性 失效 or 废止). */
export function isInvalidPolicy(entry: Pick<EntryModel, 'data'>): boolean {
  return entry.data.validity === '失效' || entry.data.validity === '废止';
}

/** YYYY-MM-DD plus `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the portal's home page shows the site's 下线公告 on `now` (until archive date + 30 days). */
export function offlineNoticeOnHome(site: PublicSite, now: JiyueDate): boolean {
  const date = site.config.archive?.date.day;
  return isArchivedSite(site) && date !== undefined && now.day <= addDays(date, OFFLINE_NOTICE_DAYS);
}

/** Archived sites other than `exceptId`, newest archive first (the portal's archive and notices pages). */
export function archivedSitesNewestFirst<S extends PublicSite>(model: { sites: readonly S[] }, exceptId: string): S[] {
  return model.sites
    .filter((s) => s.id !== exceptId && isArchivedSite(s))
    .sort((a, b) => b.config.archive!.date.day.localeCompare(a.config.archive!.date.day) || a.id.localeCompare(b.id));
}

/** Sites closed now, other than `exceptId`. */
export function closedSites<S extends PublicSite>(model: { sites: readonly S[] }, exceptId: string): S[] {
  return model.sites.filter((s) => s.id !== exceptId && isClosedSite(s));
}
