/**
 * Writes a unit's feeds, sitemap and robots.txt (planned in plan.ts) into its folder, in the
 * unit's worker after the pages: RSS 2.0 and Atom by the project's escaping serializer (xml.ts), the sitemap by the
 * `sitemap` library (split into a sitemap index past the protocol's limits). Every date comes
 * from the content, never from the clock, so two builds of the same content write the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { SharedModel } from '../model/runtime.ts';
import type { JiyueDate } from '../config/primitives.ts';
import type { SliceEntry } from '../model/types.ts';
import type { PlannedPage, PlannedUnit } from '../plan/plan.ts';
import { routes } from '../urls/urls.ts';
import { inSitemap, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, type PlannedFeed } from '../plan/feeds.ts';
import { el, serialize, textAsHtml } from './xml.ts';

export const GENERATOR = 'jiyue';

/** Writes every planned feed, the sitemap and robots.txt; returns the files written (relative to `dir`). */
export async function writeFeeds(model: SharedModel, unit: PlannedUnit, dir: string): Promise<string[]> {
  const written: string[] = [];
  const write = (rel: string, text: string | Buffer) => {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    written.push(rel);
  };
  for (const f of unit.feeds) {
    const feed = feedData(model, unit.id, f);
    write(f.rss.file, rss2(feed));
    write(f.atom.file, atom1(feed));
  }
  if (unit.feeds.length) for (const [rel, bytes] of await sitemapFiles(model, unit)) write(rel, bytes);
  if (unit.robots) write(routes.robots(), robotsTxt(unit.robots));
  return written;
}

/** What both formats of one feed say. */
interface FeedData {
  plan: PlannedFeed;
  /** The newest item's last change (a feed without items: the epoch), never the build time. */
  updated: Date;
  copyright: string;
  items: { title: string; url: string; summary: string; updated: Date; published: Date; author: string; category?: string }[];
}

function feedData(model: SharedModel, siteId: string, f: PlannedFeed): FeedData {
  const site = model.siteById.get(siteId)!;
  const entries = f.entryIds.map((id) => model.entryById.get(id)!);
  return {
    plan: f,
    updated: new Date(entries.length ? Math.max(...entries.map((e) => lastChanged(e).epoch)) : 0),
    copyright: `版权所有：${site.config.sponsor}`,
    items: entries.map((e) => {
      const source = model.siteById.get(e.siteId)!;
      return {
        title: e.data.title,
        url: model.urls.absolute(e.siteId, e.route),
        summary: e.data.summary ?? e.data.title,
        updated: new Date(lastChanged(e).epoch),
        published: new Date(e.data.date.epoch),
        author: e.data.source ?? source.config.sponsor,
        category: source.config.columns.find((c) => c.id === e.columnId)?.name,
      };
    }),
  };
}

/** RSS 2.0. Titles are text; `<description>` is read as HTML by every reader, so the summary is escaped as HTML first. */
function rss2(f: FeedData): string {
  return serialize(
    el(
      'rss',
      { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' },
      el(
        'channel',
        {},
        el('title', {}, f.plan.title),
        el('link', {}, f.plan.link),
        el('description', {}, f.plan.description),
        el('lastBuildDate', {}, f.updated.toUTCString()),
        el('docs', {}, 'https://validator.w3.org/feed/docs/rss2.html'),
        el('generator', {}, GENERATOR),
        el('language', {}, 'zh-CN'),
        el('copyright', {}, f.copyright),
        el('atom:link', { href: f.plan.rss.url, rel: 'self', type: 'application/rss+xml' }),
        ...f.items.map((i) =>
          el(
            'item',
            {},
            el('title', {}, i.title),
            el('link', {}, i.url),
            el('guid', { isPermaLink: 'false' }, i.url),
            el('pubDate', {}, i.updated.toUTCString()),
            el('description', {}, textAsHtml(i.summary)),
            el('author', {}, i.author),
            i.category !== undefined && el('category', {}, i.category),
          ),
        ),
      ),
    ),
  );
}

/** Atom 1.0: title and summary are `type="text"` (the default): what the editor wrote, never markup. */
function atom1(f: FeedData): string {
  return serialize(
    el(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom' },
      el('id', {}, f.plan.link),
      el('title', {}, f.plan.title),
      el('updated', {}, f.updated.toISOString()),
      el('generator', {}, GENERATOR),
      el('link', { rel: 'alternate', href: f.plan.link }),
      el('link', { rel: 'self', href: f.plan.atom.url }),
      el('subtitle', {}, f.plan.description),
      el('rights', {}, f.copyright),
      ...f.items.map((i) =>
        el(
          'entry',
          {},
          el('title', { type: 'text' }, i.title),
          el('id', {}, i.url),
          el('link', { href: i.url }),
          el('updated', {}, i.updated.toISOString()),
          el('summary', { type: 'text' }, i.summary),
          el('author', {}, el('name', {}, i.author)),
          i.category !== undefined && el('category', { term: i.category, label: i.category }),
          el('published', {}, i.published.toISOString()),
        ),
      ),
    ),
  );
}

/** An item's last change: its `updated` when later than its 发布日期. */
function lastChanged(e: SliceEntry): JiyueDate {
  return e.data.updated && e.data.updated.epoch > e.data.date.epoch ? e.data.updated : e.data.date;
}

/** lastmod of a planned page: a main page's 更新日期 (from the plan), an article's last change. */
function lastmodOf(model: SharedModel, p: PlannedPage): string | undefined {
  return p.updatedDay ?? (p.type === 'entry' ? lastChanged(model.entryById.get(p.entryId)!).day : undefined);
}

/** `sitemap.xml`, or past the limits `sitemap-1.xml`, … with `sitemap.xml` as their index. */
export async function sitemapFiles(model: SharedModel, unit: Pick<PlannedUnit, 'id' | 'pages'>, maxUrls = SITEMAP_MAX_URLS): Promise<[string, Buffer][]> {
  const urls = unit.pages.filter(inSitemap).map((p) => {
    const lastmod = lastmodOf(model, p);
    return { url: p.url, ...(lastmod ? { lastmod } : {}) };
  });
  // A URL entry is at most ~2,200 bytes (2,048 for the URL); count a generous bound per entry.
  const parts: (typeof urls)[] = [];
  let bytes = 0;
  for (const u of urls) {
    const size = u.url.length + 120;
    const last = parts[parts.length - 1];
    if (!last || last.length >= maxUrls || bytes + size > SITEMAP_MAX_BYTES - 1024) {
      parts.push([u]);
      bytes = size;
    } else {
      last.push(u);
      bytes += size;
    }
  }
  const urlset = async (list: typeof urls) => {
    // lastmod as the content's day (W3C date), not a UTC midnight that would shift it by 8 hours.
    const stream = new SitemapStream({ lastmodDateOnly: true, xmlns: { news: false, video: false, image: false, xhtml: false } });
    for (const u of list) stream.write(u);
    stream.end();
    return streamToPromise(stream);
  };
  if (parts.length <= 1) return [[routes.sitemapXml(), await urlset(parts[0] ?? [])]];
  const files: [string, Buffer][] = [];
  for (const [i, list] of parts.entries()) files.push([routes.sitemapXml(i + 1), await urlset(list)]);
  const index = new SitemapIndexStream();
  for (const [rel] of files) index.write({ url: model.urls.absolute(unit.id, rel) });
  index.end();
  files.push([routes.sitemapXml(), await streamToPromise(index)]);
  return files;
}

function robotsTxt(sitemaps: readonly string[]): string {
  return ['User-agent: *', 'Allow: /', '', ...sitemaps.map((s) => `Sitemap: ${s}`), ''].join('\n');
}
