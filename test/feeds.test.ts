/**
 * Feeds and sitemaps for search engines and new media (聊城 第三十二条): every site publishes an
 * RSS 2.0 and an Atom feed of its latest items and of each column's, linked from <head> and
 * from the column page, a sitemap.xml of its published pages and, at the root of each host, a
 * robots.txt naming the sitemaps there. Feeds are read with a feed parser, sitemaps with an XML
 * parser against the protocol's rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { sitemapFiles } from '../src/feeds/write.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { planBuild } from '../src/plan/plan.ts';
import { copyFixture, FIXTURES, runBuild, tempDir, THEMES_DIR } from './helpers.ts';

const NOW = parseJiyueDate('2026-11-20') as JiyueDate;
const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'url' || name === 'sitemap' });

/** The <urlset> of a sitemap file, checked against the protocol's rules (sitemaps.org). */
function urlset(text: string): { loc: string; lastmod?: string }[] {
  expect(SyntaxValidator.validate(text)).toBe(true);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(50 * 1024 * 1024);
  const doc = xml.parse(text);
  expect(doc.urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
  const urls: { loc: string; lastmod?: string }[] = doc.urlset.url ?? [];
  expect(urls.length).toBeLessThanOrEqual(50_000);
  for (const u of urls) {
    expect(u.loc).toMatch(/^https:\/\//);
    expect(u.loc.length).toBeLessThan(2048);
    if (u.lastmod !== undefined) expect(u.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}/);
  }
  return urls;
}

describe('feeds, sitemaps and robots.txt of the mini group (domains mode)', () => {
  let sites: string;
  let manifest: { pages: { site: string; url: string; type: string }[] };
  const read = (folder: string, file: string) => fs.readFileSync(path.join(sites, folder, ...file.split('/')), 'utf8');

  beforeAll(async () => {
    const out = path.join(tempDir('jiyue-feeds-'), 'dist');
    const r = await runBuild(copyFixture('mini'), out);
    expect(r.code, r.stderr).toBe(0);
    sites = path.join(out, 'sites');
    manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  }, 120_000);

  it('the site feed in RSS 2.0 and Atom: its newest items, with their dates and links, nothing held back', () => {
    for (const [file, type] of [['feed.xml', 'rss'], ['atom.xml', 'atom']] as const) {
      const feed = parseFeed(read('fgw', file));
      expect(feed.meta.type, file).toBe(type);
      expect(feed.title).toBe('测试市发展和改革委员会');
      if (type === 'rss') expect(feed.language).toBe('zh-CN');
      expect(feed.items.map((i) => i.url)).toEqual([
        'https://fgw.test.gov.cn/gzdt/2026-11-12-dt/',
        'https://fgw.test.gov.cn/zcjd/2024-tzgl-jd/',
        'https://fgw.test.gov.cn/zcwj/2024-tzgl/',
      ]);
      expect(feed.items[0].published?.toISOString()).toBe('2026-11-11T16:00:00.000Z');
      // The feed's date is its newest item's: the same content gives the same bytes.
      expect(feed.updated?.toISOString()).toBe('2026-11-11T16:00:00.000Z');
      // A draft (gzdt/draft.md, 2026-11-13) is held back from the feed as from the site.
      expect(read('fgw', file)).not.toContain('draft');
    }
  });

  it('a feed per column, linked from the column page and from <head>', () => {
    const feed = parseFeed(read('fgw', 'zcwj/feed.xml'));
    expect(feed.title).toBe('政策文件 - 测试市发展和改革委员会');
    expect(feed.url).toBe('https://fgw.test.gov.cn/zcwj/');
    expect(feed.items.map((i) => [i.title, i.url])).toEqual([['关于印发《测试市政府投资管理办法》的通知', 'https://fgw.test.gov.cn/zcwj/2024-tzgl/']]);
    expect(parseFeed(read('fgw', 'zcwj/atom.xml')).items).toHaveLength(1);

    const column = read('fgw', 'zcwj/index.html');
    expect(column).toContain('<link rel="alternate" type="application/rss+xml" title="测试市发展和改革委员会" href="/feed.xml">');
    expect(column).toContain('<link rel="alternate" type="application/rss+xml" title="政策文件 - 测试市发展和改革委员会" href="/zcwj/feed.xml">');
    expect(column).toContain('<link rel="alternate" type="application/atom+xml" title="政策文件 - 测试市发展和改革委员会" href="/zcwj/atom.xml">');
    expect(column).toMatch(/<p class="column-feeds">订阅本栏目：<a href="\/zcwj\/feed.xml" type="application\/rss\+xml">RSS<\/a> <a href="\/zcwj\/atom.xml" type="application\/atom\+xml">Atom<\/a><\/p>/);
    // Other pages link the site's feed only.
    const article = read('fgw', 'zcwj/2024-tzgl/index.html');
    expect(article).toContain('href="/feed.xml"');
    expect(article).not.toContain('href="/zcwj/feed.xml"');
  });

  it('sitemap.xml lists every published page with its date, and nothing else', () => {
    for (const [site, folder] of [['fgw', 'fgw'], ['www', 'www'], ['old', 'www/archive/old']]) {
      const urls = urlset(read(folder, 'sitemap.xml'));
      const want = manifest.pages.filter((p) => p.site === site && !['notFound', 'search', 'closed'].includes(p.type)).map((p) => p.url).sort();
      expect(urls.map((u) => u.loc).sort(), site).toEqual(want);
    }
    const fgw = new Map(urlset(read('fgw', 'sitemap.xml')).map((u) => [u.loc, u.lastmod]));
    expect(fgw.get('https://fgw.test.gov.cn/zcwj/2024-tzgl/')).toBe('2024-05-08');
    expect(fgw.get('https://fgw.test.gov.cn/')).toBe('2026-11-12');
    expect(fgw.get('https://fgw.test.gov.cn/pages/about/')).toBe('2026-01-01');
  });

  it('robots.txt at each host root names the sitemaps served there; a closed site publishes none', () => {
    expect(read('fgw', 'robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://fgw.test.gov.cn/sitemap.xml\n');
    // The archived site is served inside the portal: the portal's robots.txt names its sitemap too.
    expect(read('www', 'robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://www.test.gov.cn/archive/old/sitemap.xml\nSitemap: https://www.test.gov.cn/sitemap.xml\n');
    expect(fs.existsSync(path.join(sites, 'www', 'archive', 'old', 'robots.txt'))).toBe(false);
    for (const file of ['robots.txt', 'sitemap.xml', 'feed.xml', 'atom.xml']) expect(fs.existsSync(path.join(sites, 'shut', file)), file).toBe(false);
    expect(read('shut', 'index.html')).not.toContain('application/rss+xml');
  });
});

describe('robots.txt in paths mode', () => {
  it('only the portal’s folder is a host root: its robots.txt names every site’s sitemap', async () => {
    const content = copyFixture('mini');
    const groupFile = path.join(content, 'group.yaml');
    fs.writeFileSync(groupFile, fs.readFileSync(groupFile, 'utf8').replace('urlMode: domains', 'urlMode: paths'));
    const out = path.join(tempDir('jiyue-feeds-paths-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'sites', 'www', 'robots.txt'), 'utf8')).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://www.test.gov.cn/fgw/sitemap.xml\nSitemap: https://www.test.gov.cn/old/sitemap.xml\nSitemap: https://www.test.gov.cn/sitemap.xml\n',
    );
    expect(fs.existsSync(path.join(out, 'sites', 'fgw', 'robots.txt'))).toBe(false);
    expect(urlset(fs.readFileSync(path.join(out, 'sites', 'fgw', 'sitemap.xml'), 'utf8')).map((u) => u.loc)).toContain('https://www.test.gov.cn/fgw/zcwj/2024-tzgl/');
    expect(fs.readFileSync(path.join(out, 'sites', 'fgw', 'zcwj', 'index.html'), 'utf8')).toContain('href="/fgw/zcwj/feed.xml"');
  }, 120_000);
});

describe('sitemaps past the protocol’s limits', () => {
  it('are split into parts with sitemap.xml as their index', async () => {
    const loaded = loadGroup({ contentDir: path.join(FIXTURES, 'mini'), themesDir: THEMES_DIR, now: NOW });
    const model = toRuntime(loaded.model!);
    const unit = planBuild(model, []).units.find((u) => u.id === 'fgw')!;
    const files = new Map(await sitemapFiles(model, unit, 3));
    const listed = unit.pages.filter((p) => !['notFound', 'search'].includes(p.type)).map((p) => p.url);
    const parts = Math.ceil(listed.length / 3);
    expect(parts).toBeGreaterThan(1);
    expect([...files.keys()].sort()).toEqual(['sitemap.xml', ...Array.from({ length: parts }, (_, i) => `sitemap-${i + 1}.xml`)].sort());
    const index = xml.parse(files.get('sitemap.xml')!.toString());
    expect(index.sitemapindex['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual(Array.from({ length: parts }, (_, i) => `https://fgw.test.gov.cn/sitemap-${i + 1}.xml`));
    const partUrls = [...files].filter(([f]) => f !== 'sitemap.xml').map(([, b]) => urlset(b.toString()).map((u) => u.loc));
    // Every page exactly once, no part over the limit.
    expect(partUrls.flat().sort()).toEqual([...listed].sort());
    expect(Math.max(...partUrls.map((u) => u.length))).toBe(3);
  });
});

describe('feeds with hostile titles and summaries (a department editor is not trusted)', () => {
  const TITLE = '关于]]><item><title>假通知</title><link>https://phish.example.com/</link></item>]]>的通知 & <b>“加粗”</b>';
  const SUMMARY = '摘要]]><script>alert(1)</script><meta http-equiv="refresh" content="0;url=https://phish.example.com/">]]>结束';

  it('stay one item each, with the text exactly as written, in RSS and Atom, and well-formed XML', async () => {
    const content = copyFixture('mini');
    const article = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    const yamlString = (s: string) => JSON.stringify(s);
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace(/^title: .*$/m, `title: ${yamlString(TITLE)}\nsummary: ${yamlString(SUMMARY)}`));
    const out = path.join(tempDir('jiyue-feeds-hostile-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    for (const file of ['feed.xml', 'atom.xml', 'gzdt/feed.xml', 'gzdt/atom.xml']) {
      const text = fs.readFileSync(path.join(out, 'sites', 'fgw', ...file.split('/')), 'utf8');
      expect(SyntaxValidator.validate(text), file).toBe(true);
      expect(text, file).not.toContain('CDATA');
      expect(text, file).not.toMatch(/<script|<meta|<b>|<item><title>假通知/);
      const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'item' || n === 'entry' }).parse(text);
      const items: { title: string | { '#text': string; '@_type': string }; description?: string; summary?: { '#text': string; '@_type': string } }[] = doc.rss ? doc.rss.channel.item : doc.feed.entry;
      // No forged item: the phishing link is nowhere a link.
      expect(items.every((i) => !JSON.stringify(i).includes('"link":"https://phish')), file).toBe(true);
      const item = items.find((i) => (typeof i.title === 'string' ? i.title : i.title['#text']).startsWith('关于'))!;
      if (doc.rss) {
        expect(item.title).toBe(TITLE);
        // <description> is HTML to every reader: the summary is escaped as HTML, so it shows as the text written.
        expect(item.description).toBe(SUMMARY.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
      } else {
        expect(item.title).toEqual({ '#text': TITLE, '@_type': 'text' });
        expect(item.summary).toEqual({ '#text': SUMMARY, '@_type': 'text' });
      }
      // And a feed reader reads the same text.
      const parsed = parseFeed(text).items.find((i) => i.title?.startsWith('关于'))!;
      expect(parsed.title, file).toBe(TITLE);
    }
  }, 120_000);

  it('a noncharacter (U+FFFE, U+FFFF) in a title is an error at load, naming the file and position', async () => {
    const content = copyFixture('mini');
    const article = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace(/^title: (.*)$/m, 'title: $1\uFFFE'));
    const r = await runBuild(content, path.join(tempDir('jiyue-feeds-nonchar-'), 'dist'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/fgw\/gzdt\/2026-11-12-dt\.md:2:\d+ FILE-CONTROL-CHAR 错误：这里有一个不可见的控制字符 U\+FFFE/);
  }, 120_000);
});
