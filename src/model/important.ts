/**
 * 重要政策信息 (聊城 第三十二条: 各县（市、区）政府门户网站、部门网站，要分别对上级和本级政府门户网站
 * 发布的重要政策信息在 12 小时内转载). A portal article with `important: true` is republished on
 * every active department site, in the column its `site.yaml` names with `importantInto`: a page
 * of that site, rendered from the original's source (never a copy), with 来源 = the portal, a
 * canonical link to the original and the original's dates. What cannot be republished is left
 * to the content rule IMPORTANT-* (src/rules/important.ts), which names the site, the item and
 * the hours since publication.
 */
import type { EntryModel, SiteModel } from './types.ts';
import { routes } from '../urls/urls.ts';
import { isRunningSite, isClosedSite } from '../lifecycle/status.ts';

/** Departments that must carry the portal's important items: live sites (a migrating site still publishes). */
export function carriesImportant(site: SiteModel, portalId: string): boolean {
  return site.id !== portalId && isRunningSite(site);
}

/** The portal's items marked important: published articles, not archived. */
export function importantItems(entries: readonly EntryModel[], portalId: string): EntryModel[] {
  return entries.filter((e) => e.siteId === portalId && e.kind === 'article' && e.data.important && !e.archivedDay);
}

/** Why an important item is not on a department (undefined: it is). */
export type ReprintGap = 'no-place' | 'slug-taken' | 'not-markdown';

export function reprintGap(item: EntryModel, site: SiteModel, entryIds: ReadonlySet<string>): ReprintGap | undefined {
  const into = site.config.importantInto;
  if (!into || !site.config.columns.some((c) => c.id === into)) return 'no-place';
  if (item.renderAs !== 'markdown') return 'not-markdown';
  if (entryIds.has(reprintId(site.id, into, item.slug))) return 'slug-taken';
  return undefined;
}

/** Hours a department has to republish an important item, from when it owes it. */
export const REPRINT_HOURS = 12;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Every closure of a site, current and past: [first instant, first instant after it) in epoch ms. */
function closurePeriods(site: SiteModel): { from: number; until: number }[] {
  const all = [...site.config.closures, ...(site.config.closure ? [site.config.closure] : [])];
  // A date-only day is its midnight in Asia/Shanghai; a closure ends with its last day.
  return all.map((c) => ({ from: c.from.epoch, until: c.to.epoch + DAY_MS }));
}

/**
 * When a department owes an important item, and by when: only items published while it was
 * running (not inside one of its closures), and its 12 hours start when it published the item or
 * when it last (re)opened, whichever is later. `undefined`: not owed (published while closed).
 * Time alone therefore never turns a reopened site red at once: it gets the same 12 hours of
 * warning as a running site (聊城 第三十二条 counts from when the department can publish).
 */
export function reprintDeadline(item: EntryModel, site: SiteModel, nowEpoch: number): { start: number; deadline: number } | undefined {
  const published = item.data.date.epoch;
  const periods = closurePeriods(site);
  if (periods.some((p) => published >= p.from && published < p.until)) return undefined;
  let start = published;
  for (const p of periods) if (p.until <= nowEpoch && p.until > start) start = p.until;
  return { start, deadline: start + REPRINT_HOURS * HOUR_MS };
}

/**
 * A site closed now: the instant it reopens (the day after its closure's last day) and the
 * portal's important items it will owe then, with no place to put them (no `importantInto`):
 * each of them will be due 12 hours after it reopens.
 */
export function owedAtReopening(items: readonly EntryModel[], site: SiteModel): { reopens: number; items: EntryModel[] } | undefined {
  const closure = site.config.closure;
  if (!isClosedSite(site) || !closure) return undefined;
  const reopens = closure.to.epoch + DAY_MS;
  const owed = items.filter((item) => item.data.date.epoch < reopens && reprintDeadline(item, site, reopens) !== undefined);
  return owed.length ? { reopens, items: owed } : undefined;
}

function reprintId(siteId: string, columnId: string, slug: string): string {
  return `${siteId}/${columnId}/${slug}`;
}

/**
 * The republished entries, and each department's column lists updated (newest first, by
 * `compare`). `entries` are the group's own entries (ids unique).
 */
export function republishImportant(entries: readonly EntryModel[], sites: readonly SiteModel[], portal: SiteModel, compare: (a: EntryModel, b: EntryModel) => number): EntryModel[] {
  const items = importantItems(entries, portal.id);
  if (!items.length) return [];
  const ids = new Set(entries.map((e) => e.id));
  const out: EntryModel[] = [];
  for (const site of sites) {
    if (!carriesImportant(site, portal.id)) continue;
    const into = site.config.importantInto!;
    const added: EntryModel[] = [];
    for (const item of items) {
      if (reprintGap(item, site, ids)) continue;
      added.push({
        ...item,
        id: reprintId(site.id, into, item.slug),
        siteId: site.id,
        columnId: into,
        route: routes.article(into, item.slug),
        // 来源: the portal; dates, title and everything else: the original's.
        data: { ...item.data, source: portal.config.name, important: false },
        interpretationIds: [...item.interpretationIds],
        interpretsIds: [...item.interpretsIds],
        attachments: [...item.attachments],
        reprintOf: item.id,
      });
    }
    if (!added.length) continue;
    const byId = new Map([...entries, ...added].map((e) => [e.id, e]));
    const list = [...(site.columnEntries[into] ?? []), ...added.map((e) => e.id)];
    list.sort((a, b) => compare(byId.get(a)!, byId.get(b)!));
    site.columnEntries[into] = list;
    out.push(...added);
  }
  return out;
}
