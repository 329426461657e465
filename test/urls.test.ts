/**
 * URLs: the one module every link comes from (`Urls`, `routes`), and the resolution of links
 * editors write (`resolveLink`) against the index the loader builds from a real content tree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { formatDiagnostic } from '../src/errors/diagnostic.ts';
import type { LinkIndex, Resolution } from '../src/model/links.ts';
import { resolveLink } from '../src/model/links.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { routes, Urls, type UrlSite } from '../src/urls/urls.ts';
import { conacIdFor, tempDir, THEMES_DIR, writeTree } from './helpers.ts';

const SITES: UrlSite[] = [
  { id: 'www', domain: 'www.test.gov.cn', kind: 'portal' },
  { id: 'fgw', domain: 'fgw.test.gov.cn', kind: 'department' },
];

describe('routes', () => {
  it('lays out every page type inside a site', () => {
    expect(routes.home()).toBe('');
    expect(routes.column('gzdt')).toBe('gzdt/');
    expect(routes.column('gzdt', 1)).toBe('gzdt/');
    expect(routes.column('gzdt', 3)).toBe('gzdt/page/3/');
    expect(routes.article('zcwj', '2024-tzgl')).toBe('zcwj/2024-tzgl/');
    expect(routes.singlePage('about')).toBe('pages/about/');
    expect(routes.sitemap()).toBe('sitemap/');
    expect(routes.notFound()).toBe('404.html');
    expect(routes.asset('jiyue.css')).toBe('assets/jiyue.css');
  });

  it('maps routes to output files and back', () => {
    const cases: [string, string][] = [
      ['', 'index.html'],
      ['gzdt/', 'gzdt/index.html'],
      ['gzdt/page/2/', 'gzdt/page/2/index.html'],
      ['zcwj/2024-tzgl/', 'zcwj/2024-tzgl/index.html'],
      ['404.html', '404.html'],
      ['assets/theme.css', 'assets/theme.css'],
      ['zcwj/2024-tzgl.files/biao.csv', 'zcwj/2024-tzgl.files/biao.csv'],
    ];
    for (const [route, file] of cases) {
      expect(Urls.outputFile(route)).toBe(file);
      expect(Urls.routeOfFile(file)).toBe(route);
    }
  });
});

describe('Urls in domains mode', () => {
  const urls = new Urls({ urlMode: 'domains', baseUrl: 'https://www.test.gov.cn', portal: 'www', sites: SITES });

  it('serves every site at the root of its own domain', () => {
    expect(urls.origin('fgw')).toBe('https://fgw.test.gov.cn');
    expect(urls.basePath('fgw')).toBe('/');
    expect(urls.basePath('www')).toBe('/');
    expect(urls.absolute('www', '')).toBe('https://www.test.gov.cn/');
    expect(urls.absolute('fgw', 'gzdt/page/2/')).toBe('https://fgw.test.gov.cn/gzdt/page/2/');
  });

  it('links root-relative within a site', () => {
    expect(urls.href('fgw', 'fgw', 'zcwj/2024-tzgl/')).toBe('/zcwj/2024-tzgl/');
    expect(urls.href('fgw', 'fgw', '')).toBe('/');
    expect(urls.href('www', 'www', 'assets/jiyue.css')).toBe('/assets/jiyue.css');
  });

  it('links absolute across sites, the portal included', () => {
    expect(urls.href('fgw', 'www', '')).toBe('https://www.test.gov.cn/');
    expect(urls.href('www', 'fgw', 'zcwj/2024-tzgl/')).toBe('https://fgw.test.gov.cn/zcwj/2024-tzgl/');
  });

  it('percent-encodes file names that are not ASCII', () => {
    expect(urls.path('fgw', 'zcwj/x.files/申报表 1.xlsx')).toBe('/zcwj/x.files/%E7%94%B3%E6%8A%A5%E8%A1%A8%201.xlsx');
  });

  it('refuses a site it does not know', () => {
    expect(() => urls.href('fgw', 'nosuch', '')).toThrow(/nosuch/);
  });
});

describe('Urls in paths mode', () => {
  const urls = new Urls({ urlMode: 'paths', baseUrl: 'https://www.test.gov.cn', portal: 'www', sites: SITES });

  it('puts the portal at / and each department at /<siteId>/', () => {
    expect(urls.basePath('www')).toBe('/');
    expect(urls.basePath('fgw')).toBe('/fgw/');
    expect(urls.absolute('www', 'news/a/')).toBe('https://www.test.gov.cn/news/a/');
    expect(urls.absolute('fgw', '')).toBe('https://www.test.gov.cn/fgw/');
  });

  it('links root-relative everywhere, across sites too', () => {
    expect(urls.href('fgw', 'fgw', 'zcwj/2024-tzgl/')).toBe('/fgw/zcwj/2024-tzgl/');
    expect(urls.href('fgw', 'www', '')).toBe('/');
    expect(urls.href('fgw', 'www', 'news/a/')).toBe('/news/a/');
    expect(urls.href('www', 'fgw', 'assets/theme.css')).toBe('/fgw/assets/theme.css');
  });

  it.each(['https://www.test.gov.cn/zwgk', 'https://www.test.gov.cn/zwgk/'])('keeps the path prefix of baseUrl %s', (baseUrl) => {
    const prefixed = new Urls({ urlMode: 'paths', baseUrl, portal: 'www', sites: SITES });
    expect(prefixed.href('www', 'www', '')).toBe('/zwgk/');
    expect(prefixed.href('www', 'fgw', 'gzdt/')).toBe('/zwgk/fgw/gzdt/');
    expect(prefixed.absolute('fgw', 'zcwj/2024-tzgl/')).toBe('https://www.test.gov.cn/zwgk/fgw/zcwj/2024-tzgl/');
    expect(prefixed.absolute('www', '')).toBe('https://www.test.gov.cn/zwgk/');
  });

  it('needs a baseUrl', () => {
    expect(() => new Urls({ urlMode: 'paths', portal: 'www', sites: SITES })).toThrow(/baseUrl/);
  });
});

// ── resolveLink over a real content tree ──────────────────────────────────────────────────

const FRONT = (extra = '') => `---
title: 测试
date: 2026-11-10
disclosure: 主动公开
review: { first: 甲, second: 乙, final: 丙 }
${extra}---

正文。
`;

function site(name: string, kind: string, domain: string, code: string, columns: string): string {
  return `name: ${name}
kind: ${kind}
domain: ${domain}
siteCode: "${code}"
sponsor: ${name}
contact: { phone: 0999-61234567 }
icp: 示ICP备99010001号-1
psb: 示公网安备 99010202000001号
conacId: "${conacIdFor(code)}"
columns:
${columns}
`;
}

let index: LinkIndex;

beforeAll(() => {
  const dir = writeTree(tempDir('jiyue-links-'), {
    'group.yaml': 'name: 测试网站群\nregionCode: "990100"\nportal: www\n',
    'www/site.yaml': site('测试市人民政府', 'portal', 'www.test.gov.cn', '9901000001', '  - { id: news, name: 要闻, type: news }'),
    'www/news/a.md': FRONT(),
    'www/pages/contact.md': FRONT(),
    'fgw/site.yaml': site('测试市发展和改革委员会', 'department', 'fgw.test.gov.cn', '9901000002', '  - { id: news, name: 动态, type: news }\n  - { id: zcwj, name: 政策文件, type: policy }'),
    'fgw/news/b.md': FRONT(),
    'fgw/news/draft.md': FRONT('draft: true\n'),
    'fgw/news/draft.files/x.txt': 'held back',
    'fgw/news/apply.md': FRONT().replace('主动公开', '依申请公开'),
    'fgw/news/unreviewed.md': FRONT().replace(', final: 丙', ''),
    'fgw/zcwj/2024-x.md': FRONT(),
    'fgw/zcwj/2024-x.files/申报表.xlsx': 'xlsx',
    '_shared/guide.pdf': 'pdf',
  });
  const { model, diagnostics } = loadGroup({ contentDir: dir, themesDir: THEMES_DIR, now: parseJiyueDate('2026-11-20') as JiyueDate });
  expect(diagnostics).toEqual([]);
  index = toRuntime(model!).linkIndex;
});

const FROM = 'fgw/news/b.md';
const resolve = (href: string, from = FROM) => resolveLink(index, href, from);
const errorOf = (r: Resolution) => (r.kind === 'error' ? r.diagnostic.ruleId : `(${r.kind})`);
const message = (r: Resolution) => (r.kind === 'error' ? formatDiagnostic({ ...r.diagnostic, file: FROM, line: 12, column: 3 }) : `(${r.kind})`);

describe('resolveLink: relative Markdown links', () => {
  it('resolves a relative .md link to the article', () => {
    expect(resolve('../zcwj/2024-x.md')).toEqual({ kind: 'internal', siteId: 'fgw', route: 'zcwj/2024-x/', suffix: '', entryId: 'fgw/zcwj/2024-x' });
    expect(resolve('./b.md')).toMatchObject({ kind: 'internal', siteId: 'fgw', route: 'news/b/' });
  });

  it('keeps an anchor and a query', () => {
    expect(resolve('../zcwj/2024-x.md#第二条')).toMatchObject({ route: 'zcwj/2024-x/', suffix: '#第二条' });
    expect(resolve('../zcwj/2024-x.md?print=1#top')).toMatchObject({ route: 'zcwj/2024-x/', suffix: '?print=1#top' });
  });

  it('resolves a link into another site (the target site serves it)', () => {
    expect(resolve('../../www/news/a.md')).toMatchObject({ kind: 'internal', siteId: 'www', route: 'news/a/', entryId: 'www/news/a' });
    expect(resolve('../../www/pages/contact.md')).toMatchObject({ kind: 'internal', siteId: 'www', route: 'pages/contact/' });
  });

  it('resolves a column folder to its list and a site folder to its home', () => {
    expect(resolve('../zcwj/')).toMatchObject({ kind: 'internal', siteId: 'fgw', route: 'zcwj/' });
    expect(resolve('../../www/')).toMatchObject({ kind: 'internal', siteId: 'www', route: '' });
  });

  it('leaves in-page anchors and external links alone', () => {
    expect(resolve('#第一条')).toEqual({ kind: 'anchor' });
    for (const href of ['https://www.gov.cn/zhengce/', 'http://example.com', 'mailto:fgw@test.gov.cn', 'tel:12345', '//cdn.example.com/x.js']) {
      expect(resolve(href)).toEqual({ kind: 'external' });
    }
  });
});

describe('resolveLink: site: links', () => {
  it('resolves an entry, with or without the extension', () => {
    expect(resolve('site:www/news/a')).toEqual({ kind: 'internal', siteId: 'www', route: 'news/a/', suffix: '', entryId: 'www/news/a' });
    expect(resolve('site:www/news/a.md')).toMatchObject({ siteId: 'www', route: 'news/a/' });
    expect(resolve('site:fgw/zcwj/2024-x#附件')).toMatchObject({ siteId: 'fgw', route: 'zcwj/2024-x/', suffix: '#附件' });
  });

  it('resolves a column, a site home and a single page', () => {
    expect(resolve('site:fgw/zcwj')).toEqual({ kind: 'internal', siteId: 'fgw', route: 'zcwj/', suffix: '' });
    expect(resolve('site:fgw/zcwj/')).toMatchObject({ route: 'zcwj/' });
    expect(resolve('site:www')).toEqual({ kind: 'internal', siteId: 'www', route: '', suffix: '' });
    expect(resolve('site:www/pages/contact')).toMatchObject({ kind: 'internal', siteId: 'www', route: 'pages/contact/', entryId: 'www/pages/contact' });
  });

  it('reports a site or column that does not exist (LINK-BAD-SITE-REF)', () => {
    expect(errorOf(resolve('site:jyj/news/a'))).toBe('LINK-BAD-SITE-REF');
    expect(errorOf(resolve('site:fgw/tzgg'))).toBe('LINK-BAD-SITE-REF');
    expect(errorOf(resolve('site:fgw/news/b/extra'))).toBe('LINK-BAD-SITE-REF');
    expect(message(resolve('site:jyj/news/a'))).toMatchInlineSnapshot(`
      "fgw/news/b.md:12:3 LINK-BAD-SITE-REF 错误："site:jyj/news/a" 无法解析：网站群中没有站点 "jyj"
        修改建议：写成 site:<站点>/<栏目>/<文章标识>，例如 site:fgw/zcwj/2024-yshj；单页写 site:fgw/pages/about。"
    `);
  });

  it('reports an entry that does not exist (LINK-BROKEN) or is held back (LINK-UNPUBLISHED)', () => {
    expect(errorOf(resolve('site:fgw/news/missing'))).toBe('LINK-BROKEN');
    expect(errorOf(resolve('site:fgw/news/draft'))).toBe('LINK-UNPUBLISHED');
  });
});

describe('resolveLink: mistakes', () => {
  it('refuses absolute paths (LINK-ABSOLUTE-PATH)', () => {
    for (const href of ['/zcwj/2024-x/', '/fgw/zcwj/2024-x.md', 'C:\\文件\\申报表.xlsx', '\\\\server\\share\\a.doc']) {
      expect(errorOf(resolve(href))).toBe('LINK-ABSOLUTE-PATH');
    }
    expect(message(resolve('/zcwj/2024-x/'))).toMatchInlineSnapshot(`
      "fgw/news/b.md:12:3 LINK-ABSOLUTE-PATH 错误："/zcwj/2024-x/" 是绝对路径，换一种网址模式或站点就会失效
        修改建议：写成相对于当前文件的路径（如 ../zcwj/2024-xx.md），跨站点写 site:<站点>/<栏目>/<文章>。"
    `);
  });

  it('refuses paths that leave the content tree (LINK-OUTSIDE-CONTENT)', () => {
    expect(errorOf(resolve('../../../etc/passwd'))).toBe('LINK-OUTSIDE-CONTENT');
    expect(errorOf(resolve('../../../content/fgw/news/b.md'))).toBe('LINK-OUTSIDE-CONTENT');
    expect(message(resolve('../../../etc/passwd'))).toMatchInlineSnapshot(`
      "fgw/news/b.md:12:3 LINK-OUTSIDE-CONTENT 错误：路径 "../../../etc/passwd" 指向内容目录之外
        修改建议：只能链接内容目录内的文件；共用文件放到 _shared/ 目录。"
    `);
  });

  it('reports missing targets (LINK-BROKEN)', () => {
    expect(errorOf(resolve('missing.md'))).toBe('LINK-BROKEN');
    expect(errorOf(resolve('../zcwj/2024-x.files/missing.pdf'))).toBe('LINK-BROKEN');
    expect(errorOf(resolve('../tzgg/'))).toBe('LINK-BROKEN');
    expect(message(resolve('missing.md'))).toMatchInlineSnapshot(`
      "fgw/news/b.md:12:3 LINK-BROKEN 错误：链接 "missing.md" 指向的文件不存在
        修改建议：检查路径和文件名（相对于当前文件所在目录），或改用 site:<站点>/<栏目>/<文章> 写法。"
    `);
  });

  it('reports held-back targets with the reason (LINK-UNPUBLISHED)', () => {
    expect(message(resolve('draft.md'))).toMatchInlineSnapshot(`
      "fgw/news/b.md:12:3 LINK-UNPUBLISHED 错误：链接 "draft.md" 指向的内容不会发布（草稿），发布后会成为断链
        修改建议：先让目标内容通过三审并设为主动公开，或删除这个链接。"
    `);
    expect(message(resolve('apply.md'))).toContain('非主动公开');
    expect(message(resolve('unreviewed.md'))).toContain('未完成三审');
    // The attachments of held-back content would leak it.
    expect(errorOf(resolve('draft.files/x.txt'))).toBe('LINK-UNPUBLISHED');
  });
});

describe('resolveLink: attachments and shared files', () => {
  it('resolves an attachment to its route in the owning site, as a file to copy', () => {
    expect(resolve('../zcwj/2024-x.files/申报表.xlsx')).toEqual({
      kind: 'internal',
      siteId: 'fgw',
      route: 'zcwj/2024-x.files/申报表.xlsx',
      suffix: '',
      file: 'fgw/zcwj/2024-x.files/申报表.xlsx',
    });
    expect(resolve('2024-x.files/申报表.xlsx', 'fgw/zcwj/2024-x.md')).toMatchObject({ siteId: 'fgw', file: 'fgw/zcwj/2024-x.files/申报表.xlsx' });
  });

  it('decodes a percent-encoded file name', () => {
    expect(resolve('../zcwj/2024-x.files/%E7%94%B3%E6%8A%A5%E8%A1%A8.xlsx')).toMatchObject({ file: 'fgw/zcwj/2024-x.files/申报表.xlsx' });
  });

  it('serves a _shared/ file from the linking site', () => {
    expect(resolve('../../_shared/guide.pdf')).toEqual({ kind: 'internal', siteId: 'fgw', route: '_shared/guide.pdf', suffix: '', file: '_shared/guide.pdf' });
    expect(resolve('../../_shared/guide.pdf', 'www/news/a.md')).toMatchObject({ siteId: 'www', route: '_shared/guide.pdf' });
  });
});

describe('resolved links as written in pages', () => {
  const domains = new Urls({ urlMode: 'domains', portal: 'www', sites: SITES });
  const paths = new Urls({ urlMode: 'paths', baseUrl: 'https://www.test.gov.cn', portal: 'www', sites: SITES });
  const hrefIn = (urls: Urls, href: string) => {
    const r = resolve(href);
    if (r.kind !== 'internal') throw new Error(`not internal: ${href}`);
    return urls.href('fgw', r.siteId, r.route) + r.suffix;
  };

  it('domains mode: same site root-relative, other sites absolute', () => {
    expect(hrefIn(domains, '../zcwj/2024-x.md#top')).toBe('/zcwj/2024-x/#top');
    expect(hrefIn(domains, 'site:www/news/a')).toBe('https://www.test.gov.cn/news/a/');
    expect(hrefIn(domains, '../../_shared/guide.pdf')).toBe('/_shared/guide.pdf');
  });

  it('paths mode: everything root-relative, departments under /<siteId>/', () => {
    expect(hrefIn(paths, '../zcwj/2024-x.md#top')).toBe('/fgw/zcwj/2024-x/#top');
    expect(hrefIn(paths, 'site:www/news/a')).toBe('/news/a/');
    expect(hrefIn(paths, '../../_shared/guide.pdf')).toBe('/fgw/_shared/guide.pdf');
  });
});
