/**
 * Writes a unit's feeds, sitemap and robots.txt (planned in plan.ts) into its folder, in the
 * unit's worker after the pages: RSS 2.0 and Atom by the `feed` library, the sitemap by the
 * `sitemap` library (split into a sitemap index past the protocol's limits). Every date comes
 * from the content, never from the clock, so two builds of the same content write the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Feed } from 'feed';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { RuntimeModel } from '../model/runtime.ts';
import type { JiyueDate } from '../config/primitives.ts';
import type { EntryModel } from '../model/types.ts';
import type { PlannedPage, PlannedUnit } from '../pipeline/plan.ts';
import { routes } from '../urls/urls.ts';
import { inSitemap, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, type PlannedFeed } from './plan.ts';

export const GENERATOR = 'jiyue';

/** Writes every planned feed, the sitemap and robots.txt; returns the files written (relative to `dir`). */
export async function writeFeeds(model: RuntimeModel, unit: PlannedUnit, dir: string): Promise<string[]> {
  const written: string[] = [];
  const write = (rel: string, text: string | Buffer) => {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    written.push(rel);
  };
  for (const f of unit.feeds) {
    const feed = buildFeed(model, unit.id, f);
    write(f.rss.file, feed.rss2());
    write(f.atom.file, feed.atom1());
  }
  if (unit.feeds.length) for (const [rel, bytes] of await sitemapFiles(model, unit)) write(rel, bytes);
  if (unit.robots) write(routes.robots(), robotsTxt(unit.robots));
  return written;
}

function buildFeed(model: RuntimeModel, siteId: string, f: PlannedFeed): Feed {
  const site = model.siteById.get(siteId)!;
  const items = f.entryIds.map((id) => model.entryById.get(id)!);
  // The feed's own date is its newest item's (a feed without items: the epoch), never the build time.
  const updated = new Date(items.length ? Math.max(...items.map((e) => lastChanged(e).epoch)) : 0);
  const feed = new Feed({
    title: f.title,
    description: f.description,
    id: f.link,
    link: f.link,
    language: 'zh-CN',
    updated,
    generator: GENERATOR,
    copyright: `版权所有：${site.config.sponsor}`,
    feedLinks: { rss: f.rss.url, atom: f.atom.url },
  });
  for (const e of items) {
    const url = model.urls.absolute(e.siteId, e.route);
    const source = model.siteById.get(e.siteId)!;
    const column = source.config.columns.find((c) => c.id === e.columnId);
    feed.addItem({
      title: e.data.title,
      id: url,
      link: url,
      description: e.data.summary ?? e.data.title,
      date: new Date(lastChanged(e).epoch),
      published: new Date(e.data.date.epoch),
      author: [{ name: e.data.source ?? source.config.sponsor }],
      ...(column ? { category: [{ name: column.name }] } : {}),
    });
  }
  return feed;
}

/** An item's last change: its `updated` when later than its 发布日期. */
function lastChanged(e: EntryModel): JiyueDate {
  return e.data.updated && e.data.updated.epoch > e.data.date.epoch ? e.data.updated : e.data.date;
}

/** lastmod of a planned page: a main page's 更新日期 (from the plan), an article's last change. */
function lastmodOf(model: RuntimeModel, p: PlannedPage): string | undefined {
  return p.updatedDay ?? (p.type === 'entry' ? lastChanged(model.entryById.get(p.entryId)!).day : undefined);
}

/** `sitemap.xml`, or past the limits `sitemap-1.xml`, … with `sitemap.xml` as their index. */
export async function sitemapFiles(model: RuntimeModel, unit: Pick<PlannedUnit, 'id' | 'pages'>, maxUrls = SITEMAP_MAX_URLS): Promise<[string, Buffer][]> {
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
