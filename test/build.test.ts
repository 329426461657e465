/**
 * The real CLI on the mini fixture group (portal www, department fgw, archived old, closed
 * shut): what lands in the output folder, what manifest.json says, and what citizens see on the
 * pages. The main build runs once; its output serves every assertion of that block.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/plan/manifest.ts';
import { copyFixture, FIXTURES, listFiles, runBuild, runCli, snapshotTree, tempDir, type CliResult } from './helpers.ts';

const MINI = path.join(FIXTURES, 'mini');

/** What the fixture's site.yaml files say (the expectations are written out, not recomputed). */
const SITES = {
  www: { name: '测试市人民政府', kind: 'portal', domain: 'www.test.gov.cn', siteCode: '9901000001', status: 'active' },
  fgw: { name: '测试市发展和改革委员会', kind: 'department', domain: 'fgw.test.gov.cn', siteCode: '9901000002', status: 'active' },
  old: { name: '测试市旅游局', kind: 'department', domain: 'old.test.gov.cn', siteCode: '9901000003', status: 'archived' },
  shut: { name: '测试市科技局', kind: 'department', domain: 'shut.test.gov.cn', siteCode: '9901000004', status: 'closed' },
} as const;
type SiteId = keyof typeof SITES;
const SITE_IDS = Object.keys(SITES) as SiteId[];
/**
 * Where each site is deployed in domains mode: the archived site's pages moved under the
 * portal (folder sites/www/archive/old, served at https://www.test.gov.cn/archive/old/).
 */
const FOLDER: Record<SiteId, string> = { www: 'www', fgw: 'fgw', old: 'www/archive/old', shut: 'shut' };
const BASE_URL: Record<SiteId, string> = {
  www: 'https://www.test.gov.cn/',
  fgw: 'https://fgw.test.gov.cn/',
  old: 'https://www.test.gov.cn/archive/old/',
  shut: 'https://shut.test.gov.cn/',
};

// ── reading pages ─────────────────────────────────────────────────────────────────────────

interface Page {
  file: string;
  html: string;
  tree: Root;
}

function readPage(siteDir: string, file: string): Page {
  const html = fs.readFileSync(path.join(siteDir, ...file.split('/')), 'utf8');
  return { file, html, tree: fromHtml(html) };
}

function elements(node: Root | Element, test: (e: Element) => boolean = () => true): Element[] {
  const out: Element[] = [];
  visit(node, 'element', (e: Element) => {
    if (test(e)) out.push(e);
  });
  return out;
}

const byTag = (node: Root | Element, tag: string) => elements(node, (e) => e.tagName === tag);
const byData = (node: Root | Element, value: string) => elements(node, (e) => e.properties.dataJiyue === value);
const one = (node: Root | Element, value: string) => {
  const found = byData(node, value);
  expect(found, `data-jiyue="${value}"`).toHaveLength(1);
  return found[0];
};
const text = (e: Element | Root) => toText(e).replace(/\s+/g, ' ').trim();
const meta = (p: Page, name: string) => byTag(p.tree, 'meta').find((m) => m.properties.name === name)?.properties.content;
const hrefOf = (e: Element) => String(e.properties.href);
/** Every URL a page makes the browser fetch or follow (href and src of any element). */
const references = (p: Page) =>
  elements(p.tree)
    .flatMap((e) => [e.properties.href, e.properties.src])
    .filter((v): v is string => typeof v === 'string');

/** The HTML pages of a site folder, without archived sites nested in it (archive/<id>/). */
function htmlPages(siteDir: string): Page[] {
  const nested = (f: string) => /^archive\/[^/]+\//.test(f);
  return listFiles(siteDir)
    .filter((f) => f.endsWith('.html') && !nested(f))
    .map((f) => readPage(siteDir, f));
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The file a root-relative path (already stripped of a site prefix) is served from. */
function fileOfPath(p: string): string {
  const clean = decodeURIComponent(p.replace(/[?#].*$/, '')).replace(/^\/+/, '');
  return clean === '' || clean.endsWith('/') ? `${clean}index.html` : clean;
}

/**
 * Checks that a site folder is self-contained: every root-relative reference of every page
 * resolves to a file inside the folder (or, in paths mode, of another site's folder when it
 * points there), every absolute URL goes to another site of the group (and exists there) or to
 * an external host, and every url() in its CSS stays inside the folder. Returns the problems.
 */
function checkReferences(sitesDir: string, siteId: SiteId, mode: 'domains' | 'paths'): string[] {
  const problems: string[] = [];
  const folder = (id: string) => (mode === 'domains' ? FOLDER[id as SiteId] : id);
  const siteDir = path.join(sitesDir, folder(siteId));
  /** The folder deployed at the root of the site's host (the portal's for an archived site). */
  const hostFolder = (id: string) => folder(id).split('/')[0];
  const exists = (site: string, file: string) => fs.existsSync(path.join(sitesDir, site, ...file.split('/')));
  const domainSite = new Map<string, SiteId>(SITE_IDS.map((id) => [SITES[id].domain, id]));
  const portal = 'www';
  /** In paths mode, the site a root-relative path belongs to and the path inside it. */
  const splitPaths = (p: string): [string, string] => {
    const first = p.split('/')[1];
    return first && first !== portal && first in SITES ? [first, p.slice(first.length + 1)] : [portal, p];
  };
  for (const page of htmlPages(siteDir)) {
    for (const ref of references(page)) {
      const where = `${siteId}/${page.file}: ${ref}`;
      if (ref.startsWith('#') || /^(mailto|tel):/.test(ref)) continue;
      if (ref.startsWith('//')) {
        problems.push(`${where} (protocol-relative)`);
      } else if (ref.startsWith('/')) {
        if (mode === 'domains') {
          if (!exists(hostFolder(siteId), fileOfPath(ref))) problems.push(`${where} (no such file in sites/${hostFolder(siteId)})`);
        } else {
          const [target, rest] = splitPaths(ref);
          if (!exists(target, fileOfPath(rest))) problems.push(`${where} (no such file in sites/${target})`);
        }
      } else if (/^https?:\/\//.test(ref)) {
        const url = new URL(ref);
        const target = domainSite.get(url.host);
        if (mode === 'domains' && target === siteId) problems.push(`${where} (own site written absolute)`);
        else if (mode === 'paths' && target) problems.push(`${where} (group site written absolute in paths mode)`);
        else if (target && !exists(hostFolder(target), fileOfPath(url.pathname))) problems.push(`${where} (no such file in sites/${hostFolder(target)})`);
      } else {
        problems.push(`${where} (relative or unknown scheme)`);
      }
    }
  }
  for (const css of listFiles(siteDir).filter((f) => f.endsWith('.css'))) {
    const body = fs.readFileSync(path.join(siteDir, ...css.split('/')), 'utf8');
    for (const m of body.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
      const ref = m[1];
      if (ref.startsWith('data:')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(css), ref));
      if (/^[a-z]+:|^\//i.test(ref) || target.startsWith('..') || !exists(folder(siteId), target)) problems.push(`${siteId}/${css}: url(${ref})`);
    }
  }
  return problems;
}

// ── the main build ────────────────────────────────────────────────────────────────────────

/** Output of the main build, reused as "the previous output" by the failing build below. */
let mainOut: string;

describe('building the mini group (domains mode)', () => {
  let out: string;
  let result: CliResult;
  let manifest: Manifest;
  const site = (id: SiteId) => path.join(out, 'sites', ...FOLDER[id].split('/'));
  const page = (id: SiteId, file: string) => readPage(site(id), file);

  beforeAll(async () => {
    out = path.join(tempDir('jiyue-build-'), 'dist');
    result = await runBuild(MINI, out);
    if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    mainOut = out;
  });

  it('exits 0 and prints the Chinese summary', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('构建完成：测试市人民政府网站群');
    expect(result.stdout).toMatch(/站点\s+4（运行 2，已归档 1，临时关停 1）/);
    expect(result.stdout).toMatch(/未发布\s+1（草稿 1）/);
    // Warnings only (the fixture has raw HTML the sanitizer changes, stale columns): no error line.
    expect(result.stderr).not.toMatch(/ 错误：/);
    expect(result.stderr).toContain('共 0 个错误');
  });

  it('writes one folder per site, the manifest, redirects and the check reports, nothing else', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['SHA256SUMS', 'deploy', 'manifest.json', 'redirects', 'reports', 'sites']);
    expect(fs.readdirSync(path.join(out, 'deploy'))).toEqual(['nginx']);
    expect(fs.readdirSync(path.join(out, 'reports')).sort()).toEqual(['report.html', 'report.json']);
    // The archived site lives inside the portal's folder (sites/www/archive/old).
    expect(fs.readdirSync(path.join(out, 'sites')).sort()).toEqual(['fgw', 'shut', 'www']);
    // No staging or scratch folder is left next to the output.
    // (`.cache-dist` is the build cache the test helper puts next to each output.)
    expect(fs.readdirSync(path.dirname(out)).filter((f) => !f.startsWith('.cache-'))).toEqual(['dist']);
  });

  it('lays out the department site: home, columns, articles, single page, sitemap, 404, assets, attachments', () => {
    // The search bundles (pagefind/, pagefind-group/) are checked in test/search.test.ts. Assets
    // are named by their content (assets/jiyue.<10 hex>.css): compared here by their logical name.
    // Precompressed copies (.gz, .br) are checked below.
    const withoutSearchIndex = (files: string[]) =>
      files.filter((f) => !f.startsWith('pagefind') && !/\.(gz|br)$/.test(f)).map((f) => f.replace(/^(assets\/[^/]+)\.[0-9a-f]{10}(\.[a-z0-9]+)$/, '$1$2')).sort();
    // Every text file of a site worth compressing has its .gz and .br, which decompress to it.
    for (const f of listFiles(site('fgw'))) {
      if (!/\.(html|css|js|svg|json|csv|txt|xml)$/.test(f) || fs.statSync(path.join(site('fgw'), f)).size < 512) continue;
      const bytes = fs.readFileSync(path.join(site('fgw'), f));
      expect(zlib.gunzipSync(fs.readFileSync(path.join(site('fgw'), `${f}.gz`))).equals(bytes), f).toBe(true);
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(site('fgw'), `${f}.br`))).equals(bytes), f).toBe(true);
    }
    expect(withoutSearchIndex(listFiles(site('fgw')))).toEqual([
      '404.html',
      '_shared/zhinan.txt',
      'assets/conac.svg',
      'assets/jiyue.css',
      'assets/jiyue.js',
      'assets/logo.svg',
      'assets/portal-logo.svg',
      'assets/search.css',
      'assets/search.js',
      'assets/theme-own.css',
      'assets/theme.css',
      'atom.xml',
      'feed.xml',
      'gzdt/2026-11-12-dt/index.html',
      'gzdt/atom.xml',
      'gzdt/feed.xml',
      'gzdt/index.html',
      'index.html',
      'pages/about/index.html',
      'robots.txt',
      'search/ids.json',
      'search/index.html',
      'search/pinyin.json',
      'sitemap.xml',
      'sitemap/index.html',
      'zcjd/2024-tzgl-jd/index.html',
      'zcjd/atom.xml',
      'zcjd/feed.xml',
      'zcjd/index.html',
      'zcwj/2024-tzgl.files/biao.csv',
      'zcwj/2024-tzgl.files/tu.svg',
      'zcwj/2024-tzgl/index.html',
      'zcwj/atom.xml',
      'zcwj/feed.xml',
      'zcwj/index.html',
    ]);
    expect(withoutSearchIndex(listFiles(site('www'))).filter((f) => !f.startsWith('archive/old/'))).toEqual([
      '404.html',
      '_shared/zhinan.txt',
      'archive/index.html',
      'assets/conac.svg',
      'assets/jiyue.css',
      'assets/jiyue.js',
      'assets/logo.svg',
      'assets/portal-logo.svg',
      'assets/search.css',
      'assets/search.js',
      'assets/theme.css',
      'atom.xml',
      'feed.xml',
      'index.html',
      'news/a/index.html',
      'news/atom.xml',
      'news/feed.xml',
      'news/index.html',
      'notices/index.html',
      'pages/contact/index.html',
      'robots.txt',
      'search/ids.json',
      'search/index.html',
      'search/pinyin.json',
      'sitemap.xml',
      'sitemap/index.html',
    ]);
    expect(listFiles(site('old'))).toContain('news/2025-ly/index.html');
  });

  it('copies attachments byte for byte into the site that owns them', () => {
    for (const file of ['zcwj/2024-tzgl.files/biao.csv', 'zcwj/2024-tzgl.files/tu.svg']) {
      expect(fs.readFileSync(path.join(site('fgw'), file))).toEqual(fs.readFileSync(path.join(MINI, 'fgw', file)));
    }
    for (const id of ['www', 'fgw'] as const) {
      expect(fs.readFileSync(path.join(site(id), '_shared/zhinan.txt'))).toEqual(fs.readFileSync(path.join(MINI, '_shared/zhinan.txt')));
    }
  });

  it('never publishes the draft', () => {
    expect(fs.existsSync(path.join(site('fgw'), 'gzdt', 'draft'))).toBe(false);
    expect(manifest.pages.some((p) => p.source === 'fgw/gzdt/draft.md' || p.url.includes('draft'))).toBe(false);
    for (const p of htmlPages(site('fgw'))) expect(p.html).not.toContain('草稿内容');
  });

  describe('manifest.json', () => {
    it('describes the group', () => {
      expect(manifest.schemaVersion).toBe(1);
      expect(manifest.now).toBe('2026-11-20');
      expect(manifest.generator).toMatch(/^jiyue \d+\.\d+\.\d+/);
      expect(manifest.group).toEqual({ name: '测试市人民政府网站群', regionCode: '990100', portal: 'www', urlMode: 'domains', baseUrl: 'https://www.test.gov.cn' });
    });

    it('lists every site, portal first, with its identity and page count', () => {
      expect(manifest.sites.map((s) => s.id)).toEqual(['www', 'fgw', 'old', 'shut']);
      for (const s of manifest.sites) {
        const expected = SITES[s.id as SiteId];
        expect(s).toMatchObject({ ...expected, id: s.id, folder: `sites/${FOLDER[s.id as SiteId]}`, url: BASE_URL[s.id as SiteId] });
        const pages = manifest.pages.filter((p) => p.site === s.id);
        expect(s.pageCount).toBe(pages.length);
        // Every HTML file of the folder is a page of the manifest, and the other way round.
        expect(pages.map((p) => p.file).sort()).toEqual(htmlPages(site(s.id as SiteId)).map((p) => p.file));
      }
      expect(Object.fromEntries(manifest.sites.map((s) => [s.id, s.pageCount]))).toEqual({ www: 9, fgw: 11, old: 6, shut: 2 });
    });

    it('gives every page its URL, the hash of its HTML and, for content, its source and its hash', () => {
      for (const p of manifest.pages) {
        expect(p.url).toBe(`${BASE_URL[p.site as SiteId]}${p.file.replace(/(^|\/)index\.html$/, '$1')}`);
        expect(p.hash).toBe(sha256(fs.readFileSync(path.join(site(p.site as SiteId), ...p.file.split('/')))));
        if (p.type === 'entry') {
          expect(p.source).toMatch(new RegExp(`^${p.site}/`));
          expect(p.sourceHash).toBe(sha256(fs.readFileSync(path.join(MINI, ...p.source!.split('/')))));
        } else {
          expect(p.source).toBeNull();
          expect(p.sourceHash).toBeNull();
        }
      }
      expect(manifest.pages.filter((p) => p.source).map((p) => p.source).sort()).toEqual([
        'fgw/gzdt/2026-11-12-dt.md',
        'fgw/pages/about.md',
        'fgw/zcjd/2024-tzgl-jd.md',
        'fgw/zcwj/2024-tzgl.md',
        'old/news/2025-ly.md',
        'www/news/a.md',
        'www/pages/contact.md',
      ]);
    });
  });

  describe('every page', () => {
    it('is Chinese, has one h1, the site full name in the header and the site code in meta and footer', () => {
      for (const id of SITE_IDS) {
        const s = SITES[id];
        // The archived site's pages are served by the portal and carry its registration; the header still names the site.
        const identity = id === 'old' ? SITES.www : s;
        for (const p of htmlPages(site(id))) {
          const at = `${id}/${p.file}`;
          expect(p.html, at).toMatch(/^<!DOCTYPE html>/i);
          expect(byTag(p.tree, 'html')[0].properties.lang, at).toBe('zh-CN');
          expect(byTag(p.tree, 'h1'), at).toHaveLength(1);
          expect(text(one(p.tree, 'site-name')), at).toBe(s.name);
          expect(meta(p, 'SiteName'), at).toBe(identity.name);
          expect(meta(p, 'SiteDomain'), at).toBe(identity.domain);
          expect(meta(p, 'SiteIDCode'), at).toBe(identity.siteCode);
          expect(text(one(p.tree, 'footer-site-code')), at).toBe(`网站标识码：${identity.siteCode}`);
          const jiucuo = new URL(hrefOf(one(p.tree, 'footer-jiucuo')));
          expect(jiucuo.searchParams.get('site_code'), at).toBe(identity.siteCode);
          const pageUrl = manifest.pages.find((m) => m.site === id && m.file === p.file)!.url;
          expect(jiucuo.searchParams.get('url'), at).toBe(pageUrl);
          const icp = one(p.tree, 'footer-icp');
          expect(hrefOf(icp), at).toBe('https://beian.miit.gov.cn/');
          expect(text(icp), at).toBe('示ICP备99010001号-1');
        }
      }
    });

    it('links department sites to the portal, and not the portal to itself', () => {
      for (const id of ['fgw', 'old', 'shut'] as const) {
        for (const p of htmlPages(site(id))) {
          const link = one(p.tree, 'portal-link');
          // The archived site is served by the portal's host now: the link is root-relative.
          expect(hrefOf(link), `${id}/${p.file}`).toBe(id === 'old' ? '/' : 'https://www.test.gov.cn/');
          expect(text(link)).toBe('测试市人民政府');
        }
      }
      for (const p of htmlPages(site('www'))) expect(byData(p.tree, 'portal-link')).toEqual([]);
    });

    it('references nothing outside its own site folder (HTML and CSS)', () => {
      const problems = SITE_IDS.flatMap((id) => checkReferences(path.join(out, 'sites'), id, 'domains'));
      expect(problems).toEqual([]);
    });
  });

  describe('articles', () => {
    it('shows the title, 发布日期 and 来源', () => {
      const p = page('www', 'news/a/index.html');
      expect(text(byTag(p.tree, 'h1')[0])).toBe('门户要闻一');
      expect(text(one(p.tree, 'article-meta'))).toBe('发布日期：2026-11-10 09:30 来源：测试来源');
      expect(byTag(one(p.tree, 'pubdate'), 'time')[0].properties.dateTime).toBe('2026-11-10T09:30+08:00');
      expect(meta(p, 'ArticleTitle')).toBe('门户要闻一');
      expect(meta(p, 'PubDate')).toBe('2026-11-10 09:30');
      expect(meta(p, 'ContentSource')).toBe('测试来源');
      expect(byTag(p.tree, 'title')[0] && text(byTag(p.tree, 'title')[0])).toBe('门户要闻一 - 测试市人民政府');
    });

    it('shows the 信息公开 block with 文号 and 索引号 on the policy document', () => {
      const p = page('fgw', 'zcwj/2024-tzgl/index.html');
      const block = one(p.tree, 'disclosure-block');
      const cells = Object.fromEntries(
        byTag(block, 'th').map((th) => {
          const row = byTag(block, 'tr').find((tr) => tr.children.includes(th))!;
          const tds = row.children.filter((c): c is Element => c.type === 'element');
          return [text(th), text(tds[tds.indexOf(th) + 1])];
        }),
      );
      expect(cells).toMatchObject({
        文号: '测发改规〔2024〕12号',
        发布机构: '测试市发展和改革委员会',
        成文日期: '2024-04-28',
        发布日期: '2024-05-08',
        主题分类: '综合政务',
        有效性: '有效',
      });
      expect(cells['索引号']).toMatch(/^9901000002\/2024-\d{8}$/);
      // An ordinary news item has no such block.
      expect(byData(page('fgw', 'gzdt/2026-11-12-dt/index.html').tree, 'disclosure-block')).toEqual([]);
    });

    it('links the policy to its 解读 and back', () => {
      const policy = page('fgw', 'zcwj/2024-tzgl/index.html');
      const toJd = one(policy.tree, 'interpretation-link');
      expect(hrefOf(toJd)).toBe('/zcjd/2024-tzgl-jd/');
      expect(text(toJd)).toBe('《测试市政府投资管理办法》政策解读');
      const jd = page('fgw', 'zcjd/2024-tzgl-jd/index.html');
      const toPolicy = one(jd.tree, 'interprets-link');
      expect(hrefOf(toPolicy)).toBe('/zcwj/2024-tzgl/');
      expect(text(toPolicy)).toBe('关于印发《测试市政府投资管理办法》的通知');
    });

    it('lists the attachments from front matter with links into the site folder', () => {
      const p = page('fgw', 'zcwj/2024-tzgl/index.html');
      const section = byTag(p.tree, 'section').find((s) => text(s).startsWith('附件'))!;
      expect(byTag(section, 'a').map((a) => [text(a), hrefOf(a)])).toEqual([['附件：申报表', '/zcwj/2024-tzgl.files/biao.csv']]);
    });

    it('resolves Markdown links: same site root-relative, other sites absolute, files into the folder', () => {
      const body = byTag(page('fgw', 'gzdt/2026-11-12-dt/index.html').tree, 'div').find((d) => (d.properties.className as string[] | undefined)?.includes('article-body'))!;
      const links = byTag(body, 'a').map((a) => [text(a), a.properties.href ?? null]);
      expect(links).toEqual([
        ['办法', '/zcwj/2024-tzgl/'],
        ['门户', 'https://www.test.gov.cn/news/a/'],
        ['表', '/zcwj/2024-tzgl.files/biao.csv'],
        ['链接', 'https://www.gov.cn/'],
        ['办事指南', '/_shared/zhinan.txt'],
      ]);
      expect(byTag(body, 'img').map((i) => [i.properties.src, i.properties.alt])).toEqual([['/zcwj/2024-tzgl.files/tu.svg', '示意图']]);
      const portal = byTag(page('www', 'news/a/index.html').tree, 'a').filter((a) => ['发改委政策', '办事指南'].includes(text(a)));
      expect(portal.map(hrefOf)).toEqual(['https://fgw.test.gov.cn/zcwj/2024-tzgl/', '/_shared/zhinan.txt']);
    });

    it('sanitizes raw HTML in Markdown: no script, no event handler', () => {
      const p = page('fgw', 'gzdt/2026-11-12-dt/index.html');
      // The one script is the skeleton's own 无障碍 toggle (assets/jiyue.js), in <head>.
      expect(p.html.match(/<script[^>]*>/gi)).toEqual([expect.stringMatching(/^<script src="\/assets\/jiyue\.[0-9a-f]{10}\.js">$/)]);
      expect(p.html.slice(p.html.indexOf('<body'))).not.toMatch(/<script/i);
      expect(p.html).not.toMatch(/onclick|onmouseover|alert\(/i);
      // What is harmless survives.
      expect(p.html).toContain('危险');
      expect(p.html).toContain('<sup>1</sup>');
      // The GFM table of the policy survives too.
      expect(byTag(page('fgw', 'zcwj/2024-tzgl/index.html').tree, 'table').filter((t) => !t.properties.dataJiyue)).toHaveLength(1);
    });

    it('shows the single page and the 联系我们 link where the site has one', () => {
      const about = page('fgw', 'pages/about/index.html');
      expect(text(byTag(about.tree, 'h1')[0])).toBe('机构职能');
      expect(hrefOf(one(page('www', 'index.html').tree, 'footer-contact'))).toBe('/pages/contact/');
      expect(hrefOf(one(page('fgw', 'index.html').tree, 'footer-contact'))).toBe('/sitemap/');
    });

    it('serves a 404 page per site', () => {
      const p = page('fgw', '404.html');
      expect(byTag(p.tree, 'title').map(text)).toEqual(['页面不存在 - 测试市发展和改革委员会']);
    });
  });

  describe('site lifecycle', () => {
    it('marks every page of the archived site: banner and "[已归档]" in the title', () => {
      const pages = htmlPages(site('old'));
      expect(pages.map((p) => p.file)).toEqual(['404.html', 'index.html', 'news/2025-ly/index.html', 'news/index.html', 'search/index.html', 'sitemap/index.html']);
      for (const p of pages) {
        const banner = one(p.tree, 'archived-banner');
        expect(text(banner), p.file).toContain('已归档');
        expect(text(banner), p.file).toContain('归档时间：2026年11月1日');
        expect(text(banner), p.file).toContain('原因：机构改革');
        expect(byTag(banner, 'a').map(hrefOf)).toEqual(['https://fgw.test.gov.cn/']);
        expect(text(byTag(p.tree, 'title')[0]), p.file).toMatch(/^\[已归档\] /);
      }
      for (const p of htmlPages(site('fgw'))) expect(byData(p.tree, 'archived-banner')).toEqual([]);
    });

    it('builds the closed site to its closure notice only', () => {
      expect(listFiles(site('shut')).filter((f) => !f.startsWith('assets/') && !/\.(gz|br)$/.test(f))).toEqual(['404.html', 'index.html']);
      for (const p of htmlPages(site('shut'))) {
        const notice = one(p.tree, 'closure-notice');
        expect(text(byTag(notice, 'h1')[0])).toBe('网站临时关停公告');
        expect(text(notice)).toContain('因系统升级，测试市科技局网站自 2026年11月10日 至 2026年12月1日 临时关停。');
        expect(text(notice)).toContain('请访问门户网站。');
        expect(text(byTag(p.tree, 'title')[0])).toBe('网站临时关停公告 - 测试市科技局');
        // The site's article is not published while it is closed.
        expect(p.html).not.toContain('2026-kj');
        expect(elements(p.tree, (e) => e.tagName === 'article')).toEqual([]);
        // Navigation and footer point only at what the folder holds: the notice itself.
        expect(byTag(one(p.tree, 'main-nav'), 'a').map((a) => [text(a), hrefOf(a)])).toEqual([['首页', '/']]);
        expect(hrefOf(one(p.tree, 'footer-sitemap'))).toBe('/');
      }
      expect(manifest.pages.filter((p) => p.site === 'shut').map((p) => p.type)).toEqual(['closed', 'closed']);
    });
  });
});

// ── other builds ──────────────────────────────────────────────────────────────────────────

describe('building in paths mode', () => {
  let out: string;
  let manifest: Manifest;

  beforeAll(async () => {
    const content = copyFixture('mini');
    const groupFile = path.join(content, 'group.yaml');
    fs.writeFileSync(groupFile, fs.readFileSync(groupFile, 'utf8').replace('urlMode: domains', 'urlMode: paths'));
    out = path.join(tempDir('jiyue-paths-'), 'dist');
    const r = await runBuild(content, out);
    if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
    manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  });

  it('puts departments under /<siteId>/ and the portal at /', () => {
    expect(manifest.group.urlMode).toBe('paths');
    expect(Object.fromEntries(manifest.sites.map((s) => [s.id, s.url]))).toEqual({
      www: 'https://www.test.gov.cn/',
      fgw: 'https://www.test.gov.cn/fgw/',
      old: 'https://www.test.gov.cn/old/',
      shut: 'https://www.test.gov.cn/shut/',
    });
    expect(manifest.pages.find((p) => p.source === 'fgw/zcwj/2024-tzgl.md')!.url).toBe('https://www.test.gov.cn/fgw/zcwj/2024-tzgl/');
  });

  it('writes root-relative links with the /fgw/ prefix, across sites too', () => {
    const p = readPage(path.join(out, 'sites', 'fgw'), 'gzdt/2026-11-12-dt/index.html');
    const body = byTag(p.tree, 'div').find((d) => (d.properties.className as string[] | undefined)?.includes('article-body'))!;
    expect(byTag(body, 'a').map((a) => a.properties.href ?? null)).toEqual([
      '/fgw/zcwj/2024-tzgl/',
      '/news/a/',
      '/fgw/zcwj/2024-tzgl.files/biao.csv',
      'https://www.gov.cn/',
      '/fgw/_shared/zhinan.txt',
    ]);
    expect(hrefOf(one(p.tree, 'portal-link'))).toBe('/');
    expect(hrefOf(one(p.tree, 'site-name'))).toBe('/fgw/');
    expect(byTag(p.tree, 'link').map(hrefOf)).toEqual([
      expect.stringMatching(/^\/fgw\/assets\/logo\.[0-9a-f]{10}\.svg$/),
      '/fgw/feed.xml',
      '/fgw/atom.xml',
      expect.stringMatching(/^\/fgw\/assets\/jiyue\.[0-9a-f]{10}\.css$/),
      expect.stringMatching(/^\/fgw\/assets\/theme\.[0-9a-f]{10}\.css$/),
    ]);
    const portalNews = readPage(path.join(out, 'sites', 'www'), 'news/a/index.html');
    expect(byTag(portalNews.tree, 'a').filter((a) => text(a) === '发改委政策').map(hrefOf)).toEqual(['/fgw/zcwj/2024-tzgl/']);
  });

  it('references nothing that the deployed folders do not hold', () => {
    const problems = SITE_IDS.flatMap((id) => checkReferences(path.join(out, 'sites'), id, 'paths'));
    expect(problems).toEqual([]);
  });
});

describe('building one site with --site', () => {
  it('builds only that site, with absolute links to the others', async () => {
    const out = path.join(tempDir('jiyue-one-'), 'dist');
    const r = await runBuild(MINI, out, ['--site', 'fgw']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(out, 'sites'))).toEqual(['fgw']);
    const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.sites.map((s) => s.id)).toEqual(['fgw']);
    expect(new Set(manifest.pages.map((p) => p.site))).toEqual(new Set(['fgw']));
    expect(manifest.sites[0].pageCount).toBe(11);
    const p = readPage(path.join(out, 'sites', 'fgw'), 'gzdt/2026-11-12-dt/index.html');
    expect(byTag(p.tree, 'a').some((a) => hrefOf(a) === 'https://www.test.gov.cn/news/a/')).toBe(true);
    expect(r.stdout).toMatch(/页面\s+11（fgw 11）/);
  });
});

describe('a build that fails', () => {
  it('exits 1 on a broken link, says where in Chinese, and leaves the previous output untouched', async () => {
    // The previous output: the complete build of the same fixture made above.
    expect(mainOut, 'the main build ran').toBeDefined();
    const content = copyFixture('mini');
    const parent = tempDir('jiyue-fail-');
    const out = path.join(parent, 'dist');
    fs.cpSync(mainOut, out, { recursive: true });
    const before = snapshotTree(out);
    expect(before.size).toBeGreaterThan(40);

    // A broken link in a Markdown body, and one in a (trusted) MDX body: positions are file lines.
    const lineOf = (file: string, needle: string) => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
    const md = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    fs.appendFileSync(md, '\n详见[旧办法](../zcwj/2023-old.md)。\n');
    const mdx = path.join(content, 'fgw', 'gzdt', 'chart.mdx');
    fs.writeFileSync(mdx, fs.readFileSync(path.join(content, 'fgw', 'pages', 'about.md'), 'utf8') + '\n另见[说明](./readme.md)。\n');
    const groupFile = path.join(content, 'group.yaml');
    fs.writeFileSync(groupFile, fs.readFileSync(groupFile, 'utf8').replace('trustedMdx: []', 'trustedMdx: [fgw/gzdt]'));

    const r = await runBuild(content, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`fgw/gzdt/2026-11-12-dt.md:${lineOf(md, '2023-old.md')}:3 LINK-BROKEN 错误：链接 "../zcwj/2023-old.md" 指向的文件不存在`);
    expect(r.stderr).toContain(`fgw/gzdt/chart.mdx:${lineOf(mdx, 'readme.md')}:3 LINK-BROKEN 错误：链接 "./readme.md" 指向的文件不存在`);
    expect(r.stderr).toContain('修改建议：检查路径和文件名');
    expect(r.stderr).toContain('共 2 个错误');
    expect(r.stderr).toContain(`构建失败，输出目录 ${out} 保持不变。`);

    const after = snapshotTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
    expect(fs.readdirSync(parent).filter((f) => !f.startsWith('.cache-'))).toEqual(['dist']);
  });
});

describe('wrong usage', () => {
  it('exits 2 on an impossible --now date, in Chinese', async () => {
    const r = await runCli(['build', '--content', MINI, '--out', path.join(tempDir(), 'dist'), '--now', '2026-13-45']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CLI-BAD-ARGUMENT 错误：--now 的值 "2026-13-45" 不是有效日期，应为 YYYY-MM-DD');
    expect(r.stderr).toContain('用法：npm run build --');
  });

  it('exits 2 on an unknown option, in Chinese', async () => {
    const r = await runCli(['build', '--contnet', MINI]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CLI-BAD-ARGUMENT 错误：未知参数 --contnet');
  });

  it('exits 2 when --content points nowhere, naming the folder (it was BUILD-INTERNAL with a stack, exit 1)', async () => {
    const nowhere = path.join(tempDir('jiyue-nowhere-'), 'no-such-content');
    for (const command of ['build', 'check']) {
      const r = await runCli([command, '--content', nowhere, '--now', '2026-11-20']);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toContain(`CLI-BAD-ARGUMENT 错误：--content 指定的内容目录 ${nowhere} 不存在或不是目录`);
      expect(r.stderr).not.toContain('BUILD-INTERNAL');
    }
  });

  it('exits 2 on an unknown command, with the usage', async () => {
    const r = await runCli(['bulid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('用法：jiyue build');
  });
});

// ── documents on other sites ────────────────────────────────────────────────────────────────

describe('documents on other sites, named in front matter', () => {
  it('a 解读 links the provincial policy it interprets, and an attachment on the province’s site is listed with its host', async () => {
    const content = copyFixture('mini');
    fs.writeFileSync(
      path.join(content, 'fgw', 'zcjd', '2026-11-10-sheng.md'),
      '---\ntitle: 《省政府关于优化营商环境的意见》解读\ndate: 2026-11-10\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n' +
        'interprets:\n  title: 省政府关于优化营商环境的意见\n  url: https://www.gov.cn/zhengce/2026-11/01/content_1.htm\n' +
        'attachments:\n  - { title: 招聘岗位表, url: "https://rsks.gov.cn/2026/gwb.xlsx" }\n---\n\n解读正文。\n',
    );
    const group = path.join(content, 'group.yaml');
    fs.writeFileSync(group, fs.readFileSync(group, 'utf8').replace('externalLinks: [gov.cn]', 'externalLinks: [gov.cn, rsks.gov.cn]'));
    const out = path.join(tempDir('jiyue-external-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    const p = readPage(path.join(out, 'sites', 'fgw'), 'zcjd/2026-11-10-sheng/index.html');
    const toPolicy = one(p.tree, 'interprets-link');
    expect([text(toPolicy), hrefOf(toPolicy)]).toEqual(['省政府关于优化营商环境的意见', 'https://www.gov.cn/zhengce/2026-11/01/content_1.htm']);
    const related = byTag(p.tree, 'section').find((s) => text(s).startsWith('相关文件'))!;
    expect(text(related)).toContain('省政府关于优化营商环境的意见（www.gov.cn）');
    const attachment = one(p.tree, 'external-attachment');
    expect([text(attachment), hrefOf(attachment)]).toEqual(['招聘岗位表', 'https://rsks.gov.cn/2026/gwb.xlsx']);
    expect(text(byTag(p.tree, 'section').find((s) => text(s).startsWith('附件'))!)).toContain('招聘岗位表（rsks.gov.cn）');
    // Nothing of another site is copied into ours.
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.map((f) => f.url).filter((u) => u.includes('gwb'))).toEqual([]);
  });
});
