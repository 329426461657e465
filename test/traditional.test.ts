/**
 * 繁體 versions (上海 第十五条: 提供中文简体和繁体版本; docs/traditional.md).
 *
 * - the conversion table: known 简 → 繁 conversions of government text, and the strings that
 *   must stay exactly as written (URLs, e-mail, ICP and 公安备案 numbers, site codes);
 * - the page conversion, byte for byte (test/fixtures/traditional/page: input.html → output.html);
 * - links: every form a group page's href takes, in `domains` and `paths` mode;
 * - the demo group (traditional: true) built once: every page has its 繁體 version, the page-spec
 *   checker passes them and fails tampered ones, the sitemap lists them; in Chromium the switch
 *   works both ways from the keyboard and a query typed in 繁體 finds 繁體 pages;
 * - a group without `traditional` has no 繁體 pages, switch or converter.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import type { Diagnostic } from '../src/errors/diagnostic.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime, type RuntimeModel } from '../src/model/runtime.ts';
import { checkBuiltSites } from '../src/pagecheck/check.ts';
import { phrasesOf, toTraditional } from '../src/traditional/convert.ts';
import { traditionalHtml } from '../src/traditional/html.ts';
import { traditionalHref } from '../src/traditional/links.ts';
import { Urls } from '../src/urls/urls.ts';
import { axeViolations } from './browser.ts';
import { demoBuild, serve, copyFixture, FIXTURES, listFiles, REPO_ROOT, runBuild, runCli, tempDir, THEMES_DIR, type ServedGroup } from './helpers.ts';

const NOW = parseJiyueDate('2026-11-20') as JiyueDate;

describe('the conversion table (OpenCC cn → t)', () => {
  /** [简体, 繁體]: words of government texts, including the one-to-many characters a character table gets wrong. */
  const KNOWN: [string, string][] = [
    ['示例市发展和改革委员会', '示例市發展和改革委員會'],
    ['关于印发《示例市政府投资项目管理办法》的通知', '關於印發《示例市政府投資項目管理辦法》的通知'],
    ['政务公开', '政務公開'],
    ['网站标识码：9901000002', '網站標識碼：9901000002'],
    ['主办单位：示例市人民政府办公室', '主辦單位：示例市人民政府辦公室'],
    ['联系我们', '聯繫我們'],
    ['我为政府网站找错', '我爲政府網站找錯'],
    ['已归档', '已歸檔'],
    ['更新日期：', '更新日期：'],
    ['头发', '頭髮'],
    ['发展', '發展'],
    ['干部', '幹部'],
    ['干燥', '乾燥'],
    ['后来', '後來'],
    ['皇后', '皇后'],
    ['里面', '裏面'],
    ['公里', '公里'],
    ['面条', '麪條'],
    ['表面', '表面'],
    // Mainland vocabulary stays: characters change, words do not (not Taiwan's 軟體, 資訊, 網路).
    ['软件', '軟件'],
    ['信息公开', '信息公開'],
    ['网络', '網絡'],
    // 文号: the characters convert, the digits and brackets stay.
    ['示政办发〔2025〕8号', '示政辦發〔2025〕8號'],
  ];
  for (const [hans, hant] of KNOWN) it(`${hans} → ${hant}`, () => expect(toTraditional(hans)).toBe(hant));

  /** Strings that are never converted, alone and inside a sentence. */
  const UNTOUCHED = [
    'https://fgw.example.gov.cn/zcwj/2024-tzxm/',
    'www.example.gov.cn/gzdt/',
    'mailto:fgw@example.gov.cn',
    'fgw-zc@example.gov.cn',
    '京ICP备05009132号',
    '京ICP备05009132号-2',
    '京ICP备 04000001号',
    '粤ICP备09172506',
    '粤ICP备2021012345号-1',
    '京公网安备 11010502030143号',
    '京公网安备11010502030143号',
    '9901000002',
    'bm07000001',
  ];
  for (const s of UNTOUCHED) {
    it(`leaves ${s} as written`, () => {
      expect(toTraditional(s)).toBe(s);
      expect(toTraditional(`备案号为${s}，请联系发展改革委。`)).toBe(`備案號爲${s}，請聯繫發展改革委。`);
    });
  }
});

describe('the page conversion (fixture: input.html → output.html)', () => {
  const dir = path.join(FIXTURES, 'traditional', 'page');
  const urls = new Urls({
    urlMode: 'domains',
    portal: 'www',
    sites: [
      { id: 'www', domain: 'www.example.gov.cn', kind: 'portal' },
      { id: 'fgw', domain: 'fgw.example.gov.cn', kind: 'department' },
      { id: 'lyw', domain: 'lyw.example.gov.cn', kind: 'department', archived: true },
    ],
  });
  const sites = [{ id: 'www' }, { id: 'fgw' }, { id: 'lyw' }] as RuntimeModel['sites'];
  const versions = {
    hans: { url: 'https://fgw.example.gov.cn/zcwj/2024-tzxm/', href: '/zcwj/2024-tzxm/' },
    hant: { url: 'https://fgw.example.gov.cn/zh-hant/zcwj/2024-tzxm/', href: '/zh-hant/zcwj/2024-tzxm/' },
  };
  const out = traditionalHtml({ html: fs.readFileSync(path.join(dir, 'input.html'), 'utf8'), versions, href: traditionalHref({ urls, sites }, 'fgw') });

  it('is byte for byte the expected page', () => {
    expect(out).toBe(fs.readFileSync(path.join(dir, 'output.html'), 'utf8'));
  });

  it('converts what people read and keeps what machines read', () => {
    expect(out).toContain('<html lang="zh-Hant">');
    expect(out).toContain('<title>關於印發《示例市政府投資項目管理辦法》的通知 - 示例市發展和改革委員會</title>');
    expect(out).toContain('placeholder="請輸入關鍵詞"');
    expect(out).toContain('alt="項目審批流程圖"');
    expect(out).toContain('<meta name="ArticleTitle" content="關於印發');
    // The registration, as registered.
    expect(out).toContain('<meta name="SiteName" content="示例市发展和改革委员会">');
    expect(out).toContain('>京ICP备05009132号-2</a>');
    expect(out).toContain('>京公网安备 11010502030143号</a>');
    expect(out).toContain('網站標識碼：9901000002');
    // Code, scripts, comments, URLs and e-mail in text, file links.
    expect(out).toContain('<pre><code>示例代码：发展 = "不转换"</code></pre>');
    expect(out).toContain('<code>后台</code>');
    expect(out).toContain('{"portalName":"示例市人民政府"}');
    expect(out).toContain('<!-- 注释不转换 -->');
    expect(out).toContain('詳見 https://fgw.example.gov.cn/zcwj/2024-tzxm/ ，諮詢郵箱 fgw-zc@example.gov.cn。');
    expect(out).toContain('href="/zcwj/2024-tzxm.files/办法全文.pdf"');
    expect(out).toContain('src="/zcwj/2024-tzxm.files/图表.png"');
  });

  it('links pages to their 繁體 versions, the switch and hreflang to the version they name', () => {
    expect(out).toContain('<a class="portal-link" href="https://www.example.gov.cn/zh-hant/">');
    expect(out).toContain('action="/zh-hant/search/"');
    expect(out).toContain('<a href="/zh-hant/zcjd/2024-tzxm-jd/?from=zcwj#top">');
    expect(out).toContain('href="https://www.example.gov.cn/archive/lyw/zh-hant/"');
    expect(out).toContain('<a href="https://www.gov.cn/zhengce/">');
    expect(out).toContain('<link rel="alternate" hreflang="zh-CN" href="https://fgw.example.gov.cn/zcwj/2024-tzxm/" />');
    expect(out).toContain('<a href="/zcwj/2024-tzxm/" hreflang="zh-CN" lang="zh-CN">简体</a><span aria-current="true" lang="zh-Hant">繁體</span>');
    expect(out).toContain('<meta name="Url" content="https://fgw.example.gov.cn/zh-hant/zcwj/2024-tzxm/">');
    expect(out).toContain('url=https%3A%2F%2Ffgw.example.gov.cn%2Fzh-hant%2Fzcwj%2F2024-tzxm%2F');
    expect(out).toContain('href="/feed.xml"');
    expect(out).toContain('href="/assets/jiyue.8fd1eb526d.css"');
  });
});

describe('links on 繁體 pages', () => {
  it('in paths mode, finds each href’s site by its longest base', () => {
    const urls = new Urls({
      urlMode: 'paths',
      baseUrl: 'https://www.example.gov.cn',
      portal: 'www',
      sites: [
        { id: 'www', domain: 'www.example.gov.cn', kind: 'portal' },
        { id: 'fgw', domain: 'fgw.example.gov.cn', kind: 'department' },
      ],
    });
    const href = traditionalHref({ urls, sites: [{ id: 'www' }, { id: 'fgw' }] as RuntimeModel['sites'] }, 'fgw');
    expect(href('/')).toBe('/zh-hant/');
    expect(href('/gzdt/page/2/')).toBe('/zh-hant/gzdt/page/2/');
    expect(href('/fgw/')).toBe('/fgw/zh-hant/');
    expect(href('/fgw/zcwj/x/')).toBe('/fgw/zh-hant/zcwj/x/');
    expect(href('/fgw/404.html')).toBe('/fgw/zh-hant/404.html');
    expect(href('https://www.example.gov.cn/fgw/zcwj/x/')).toBe('https://www.example.gov.cn/fgw/zh-hant/zcwj/x/');
    // Already 繁體, files, generated folders, other hosts, fragments: unchanged.
    for (const same of ['/fgw/zh-hant/zcwj/', '/fgw/assets/logo.svg', '/fgw/pagefind/pagefind.js', '/pagefind-group/sort-date.json', '/fgw/feed.xml', '/fgw/zcwj/x.files/a.pdf', 'https://www.gov.cn/', '#main', 'mailto:a@b.cn']) {
      expect(href(same), same).toBe(same);
    }
  });

  it('never rewrites a protocol-relative link (it names another host: was /zh-hant//www.gov.cn/…)', () => {
    const urls = new Urls({ urlMode: 'domains', portal: 'www', sites: [{ id: 'www', domain: 'www.example.gov.cn', kind: 'portal' }] });
    const href = traditionalHref({ urls, sites: [{ id: 'www' }] as RuntimeModel['sites'] }, 'www');
    for (const same of ['//www.gov.cn/zhengce/', '//www.gov.cn/', '//政府网.政务/办事/']) expect(href(same), same).toBe(same);
    expect(href('/zcwj/')).toBe('/zh-hant/zcwj/');
  });
});

describe('a group’s own 繁體 phrases (traditional-phrases.txt)', () => {
  it('come before the standard table: a surname 于 stays 于, a phrase the table gets wrong is the group’s', () => {
    expect(toTraditional('联系人：于志杰')).toBe('聯繫人：於志傑');
    const phrases = phrasesOf([['于志杰', '于志杰'], ['面粉', '麵粉']]);
    expect(toTraditional('联系人：于志杰，关于面粉的通知', phrases)).toBe('聯繫人：于志杰，關於麵粉的通知');
  });

  it('reach the built 繁體 page, and a line that is not 简体<TAB>繁體 is one error naming the line', async () => {
    const content = copyFixture('mini');
    fs.writeFileSync(path.join(content, 'group.yaml'), fs.readFileSync(path.join(content, 'group.yaml'), 'utf8') + 'traditional: true\n');
    const article = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    fs.writeFileSync(article, `${fs.readFileSync(article, 'utf8')}\n联系人：于志杰。\n`);
    fs.writeFileSync(path.join(content, 'traditional-phrases.txt'), '# 人名\n于志杰\t于志杰\n');
    const out = path.join(tempDir('jiyue-phrases-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    const page = fs.readFileSync(path.join(out, 'sites', 'fgw', 'zh-hant', 'gzdt', '2026-11-12-dt', 'index.html'), 'utf8');
    expect(page).toContain('于志杰');
    expect(page).not.toContain('於志傑');
    fs.appendFileSync(path.join(content, 'traditional-phrases.txt'), '面粉 麵粉\n');
    const bad = await runCli(['check', '--content', content, '--themes', THEMES_DIR, '--now', '2026-11-20']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('traditional-phrases.txt:3 TRADITIONAL-PHRASE-LINE 错误');
  }, 120_000);
});

describe('addresses in 繁體 text, whatever their script', () => {
  it.each([
    ['访问http://政府网.政务/办事/，然后联系', '訪問http://政府网.政务/办事/，然後聯繫'],
    ['见https://www.gov.cn/zhengce/发展/。', '見https://www.gov.cn/zhengce/发展/。'],
    ['邮箱：张三@政府.中国。发送', '郵箱：张三@政府.中国。發送'],
    ['联系邮箱zwgk@test.gov.cn联系我们', '聯繫郵箱zwgk@test.gov.cn聯繫我們'],
    ['请登录www.gov.cn查询', '請登錄www.gov.cn查詢'],
    ['英文域名为“www.tjxxx.gov.cn”，其中', '英文域名爲“www.tjxxx.gov.cn”，其中'],
  ])('%s', (hans, hant) => expect(toTraditional(hans)).toBe(hant));

  it('converts the text attributes people read: a table’s summary, a header cell’s abbr, ARIA texts', () => {
    const page = '<html lang="zh-CN"><body><table summary="统计数据"><tr><th abbr="发展">发展改革</th></tr></table><div aria-description="说明" aria-roledescription="幻灯片"></div></body></html>';
    const out = traditionalHtml({ html: page, versions: { hans: { url: 'https://x/', href: '/' }, hant: { url: 'https://x/zh-hant/', href: '/zh-hant/' } }, href: (h) => h });
    expect(out).toContain('summary="統計數據"');
    expect(out).toContain('abbr="發展"');
    expect(out).toContain('aria-description="說明"');
    expect(out).toContain('aria-roledescription="幻燈片"');
  });
});

describe('the demo group with 繁體 versions', () => {
  let served: ServedGroup;
  let out: string;
  let sites: string;
  let model: RuntimeModel;
  let page: Page;
  const origin = (id: string) => served.origin(id);

  beforeAll(async () => {
    served = await serve(await demoBuild());
    out = served.out;
    sites = path.join(out, 'sites');
    const loaded = loadGroup({ contentDir: path.join(REPO_ROOT, 'content'), themesDir: THEMES_DIR, now: NOW });
    model = toRuntime(loaded.model!);
    page = await served.browser.newPage();
  }, 180_000);

  afterAll(() => served?.close());

  it('gives every page of every site its 繁體 version under zh-hant/, listed in the manifest and the sitemap', () => {
    expect(model.group.traditional).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { pages: { site: string; file: string; url: string }[] };
    const urls = new Set(manifest.pages.map((p) => p.url));
    const simplified = manifest.pages.filter((p) => !p.file.split('/').includes('zh-hant'));
    expect(simplified.length).toBeGreaterThan(500);
    expect(manifest.pages.length).toBe(simplified.length * 2);
    for (const p of simplified) {
      const hant = model.urls.absolute(p.site, `zh-hant/${p.url.slice(model.urls.absolute(p.site, '').length)}`);
      expect(urls.has(hant), hant).toBe(true);
    }
    // The closed site's notice and an archived site's pages (inside the portal's folder) too.
    expect(fs.existsSync(path.join(sites, 'kjj', 'zh-hant', 'index.html'))).toBe(true);
    expect(fs.existsSync(path.join(sites, 'www', 'archive', 'lyw', 'zh-hant', 'index.html'))).toBe(true);
    const sitemap = fs.readFileSync(path.join(sites, 'fgw', 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('<loc>https://fgw.example.gov.cn/zh-hant/gzdt/2024-06-20-jieneng/</loc>');
    expect(sitemap).toContain('<loc>https://fgw.example.gov.cn/gzdt/2024-06-20-jieneng/</loc>');
  });

  it('converts a built article and keeps its identity values', () => {
    const hans = fs.readFileSync(path.join(sites, 'fgw', 'gzdt', '2024-06-20-jieneng', 'index.html'), 'utf8');
    const hant = fs.readFileSync(path.join(sites, 'fgw', 'zh-hant', 'gzdt', '2024-06-20-jieneng', 'index.html'), 'utf8');
    expect(hans).toContain('<html lang="zh-CN">');
    expect(hant).toContain('<html lang="zh-Hant">');
    expect(hans).toContain('<h1 data-pagefind-meta="title" data-pagefind-weight="10">我市超额完成2023年度节能目标</h1>');
    expect(hant).toContain('>我市超額完成2023年度節能目標</h1>');
    expect(hant).toContain('<span class="site-name">示例市發展和改革委員會</span>');
    expect(hant).toContain('主辦單位：示例市發展和改革委員會');
    const identity = (html: string) => ({
      siteCode: /<meta name="SiteIDCode" content="([^"]*)"/.exec(html)?.[1],
      siteName: /<meta name="SiteName" content="([^"]*)"/.exec(html)?.[1],
      icp: /data-jiyue="footer-icp"[^>]*>([^<]*)</.exec(html)?.[1],
      psb: /data-jiyue="footer-psb"[^>]*>([^<]*)</.exec(html)?.[1],
      jiucuoSiteCode: /site_code=([^&]*)&/.exec(html)?.[1],
      email: /href="mailto:([^"]*)"/.exec(html)?.[1],
      assets: html.match(/\/assets\/[^"]+/g),
    });
    expect(identity(hant)).toEqual(identity(hans));
    expect(identity(hant).icp).toMatch(/ICP备/);
    // hreflang on both, naming both versions.
    for (const html of [hans, hant]) {
      expect(html).toContain('<link rel="alternate" hreflang="zh-CN" href="https://fgw.example.gov.cn/gzdt/2024-06-20-jieneng/" />');
      expect(html).toContain('<link rel="alternate" hreflang="zh-Hant" href="https://fgw.example.gov.cn/zh-hant/gzdt/2024-06-20-jieneng/" />');
    }
  });

  it('passes the page-spec check on every 繁體 page, and fails tampered ones by rule', () => {
    const clean = checkBuiltSites(model, sites);
    expect(clean.pages).toBeGreaterThan(1000);
    expect(clean.diagnostics.map((d) => `${d.page} ${d.ruleId} ${d.message}`)).toEqual([]);

    // Tampered in a copy: the demo build is shared with other test files.
    const copy = path.join(tempDir('jiyue-hant-tamper-'), 'sites');
    fs.cpSync(sites, copy, { recursive: true });
    const file = path.join(copy, 'fgw', 'zh-hant', 'gzdt', '2024-06-20-jieneng', 'index.html');
    const url = 'https://fgw.example.gov.cn/zh-hant/gzdt/2024-06-20-jieneng/';
    const original = fs.readFileSync(file, 'utf8');
    const found = (html: string): Diagnostic[] => {
      fs.writeFileSync(file, html);
      try {
        return checkBuiltSites(model, copy).diagnostics.filter((d) => d.page === url);
      } finally {
        fs.writeFileSync(file, original);
      }
    };
    // A label left in 简体, a site code changed by a conversion, the switch pointing at itself, the wrong lang.
    expect(found(original.replace('主辦單位：示例市發展和改革委員會', '主办单位：示例市发展和改革委员会')).map((d) => d.ruleId)).toEqual(['FOOTER-SPONSOR']);
    expect(found(original.replace(/(data-jiyue="footer-icp"[^>]*>[^<]*?)备/, '$1備')).map((d) => d.ruleId)).toEqual(['FOOTER-ICP']);
    expect(found(original.replace('<a href="/gzdt/2024-06-20-jieneng/" hreflang="zh-CN"', '<a href="/zh-hant/gzdt/2024-06-20-jieneng/" hreflang="zh-CN"')).map((d) => d.ruleId)).toEqual(['PAGE-SCRIPT-SWITCH']);
    expect(found(original.replace('<html lang="zh-Hant">', '<html lang="zh-CN">')).map((d) => d.ruleId)).toEqual(['PAGE-LANG']);
    const unmapped = found(original.replace('<li><a href="/zh-hant/">首頁</a></li>', '<li><a href="/">首頁</a></li>'));
    expect(unmapped.map((d) => d.ruleId)).toEqual(['HEADER-NAV']);
    expect(unmapped[0].message).toContain('/zh-hant/');
  });

  it('switches 简体 → 繁體 → 简体 on the same page from the keyboard', async () => {
    const start = `${origin('fgw')}gzdt/2024-06-20-jieneng/`;
    await page.goto(start);
    /** Tabs until the switch's link has the focus (it follows the skip link and the portal link). */
    const tabToSwitch = async () => {
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => Boolean(document.activeElement?.closest('.script-switch')))) return;
      }
      throw new Error('the switch is not reachable with Tab');
    };
    await tabToSwitch();
    expect(await page.evaluate(() => document.activeElement!.textContent)).toBe('繁體');
    await Promise.all([page.waitForURL(`${origin('fgw')}zh-hant/gzdt/2024-06-20-jieneng/`), page.keyboard.press('Enter')]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hant');
    expect(await page.textContent('h1')).toBe('我市超額完成2023年度節能目標');
    expect(await page.getAttribute('.script-switch [aria-current="true"]', 'lang')).toBe('zh-Hant');
    // Links on the 繁體 page stay in 繁體.
    expect(await page.getAttribute('.main-nav a[aria-current="page"]', 'href')).toBe('/zh-hant/gzdt/');
    await tabToSwitch();
    expect(await page.evaluate(() => document.activeElement!.textContent)).toBe('简体');
    await Promise.all([page.waitForURL(start), page.keyboard.press('Enter')]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.textContent('h1')).toBe('我市超额完成2023年度节能目标');
  });

  it('has no serious or critical axe-core violation on 繁體 pages (home, article, search with results)', async () => {
    for (const url of [`${origin('fgw')}zh-hant/`, `${origin('fgw')}zh-hant/gzdt/2024-06-20-jieneng/`, `${origin('gjj')}zh-hant/search/?q=${encodeURIComponent('公積金')}`]) {
      await page.goto(url);
      if (url.includes('search/')) await expect.poll(() => page.locator('#search-results li').count(), { message: url, timeout: 15_000 }).toBeGreaterThan(0);
      const violations = await axeViolations(page);
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), url).toEqual([]);
    }
  });

  /** Searches on a 繁體 search page and returns the status and the results. */
  async function searchHant(url: string, q: string) {
    await page.goto(`${url}?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => /^(找到|沒有找到|請輸入|搜索暫時)/.test(document.getElementById('search-status')?.textContent ?? ''), null, { timeout: 15_000 });
    return page.evaluate(() => ({
      status: document.getElementById('search-status')!.textContent!,
      hits: [...document.querySelectorAll('#search-results > li')].map((li) => ({ title: li.querySelector('a')!.textContent!, href: li.querySelector('a')!.getAttribute('href')!, meta: li.querySelector('.search-result-meta')!.textContent! })),
    }));
  }

  it('finds pages from a query typed in 繁體, and links the 繁體 versions', async () => {
    const site = await searchHant(`${origin('gjj')}zh-hant/search/`, '公積金提取');
    expect(site.status).toMatch(/^找到 \d+ 條與“公積金提取”相關的結果。$/);
    expect(site.hits.length).toBeGreaterThan(0);
    // The same results as the 简体 query on the 简体 page, each linking the 繁體 version, titled in 繁體.
    await page.goto(`${origin('gjj')}search/?q=${encodeURIComponent('公积金提取')}`);
    await page.waitForFunction(() => /^找到/.test(document.getElementById('search-status')?.textContent ?? ''), null, { timeout: 15_000 });
    const hans = await page.evaluate(() => [...document.querySelectorAll('#search-results > li a')].map((a) => ({ title: a.textContent!, href: a.getAttribute('href')! })));
    expect(site.hits.map((h) => h.href)).toEqual(hans.map((h) => `/zh-hant${h.href}`));
    expect(site.hits.map((h) => h.title)).toEqual(hans.map((h) => toTraditional(h.title)));
    expect(site.hits.map((h) => h.href)).toContain('/zh-hant/zcwj/2024-tqgl/');
    expect(site.hits.find((h) => h.href === '/zh-hant/zcwj/2024-tqgl/')!.title).toBe('關於印發《示例市住房公積金提取管理辦法》的通知');

    // The portal's group search, across sites, from a 繁體 query.
    const group = await searchHant(`${origin('www')}zh-hant/search/`, '營業執照變更');
    const hit = group.hits.find((h) => h.href.endsWith('/zh-hant/bszn/yyzz-bg/'));
    expect(hit, JSON.stringify(group.hits.slice(0, 5))).toBeDefined();
    expect(new URL(hit!.href, origin('www')).origin).toBe(new URL(origin('scjg')).origin);
    expect(hit!.meta).toContain('市場監督管理局');

    // The same query in 简体 on the 繁體 page finds the same pages.
    const simplified = await searchHant(`${origin('gjj')}zh-hant/search/`, '公积金提取');
    expect(simplified.hits.map((h) => h.href)).toEqual(site.hits.map((h) => h.href));
    // Nothing found: said in 繁體.
    expect((await searchHant(`${origin('gjj')}zh-hant/search/`, '這個詞不存在於任何頁面')).status).toMatch(/^沒有找到與/);

    // A 繁體 query typed into the 简体 page's box finds the same pages as the 简体 query, shown in 简体.
    await page.goto(`${origin('gjj')}search/?q=${encodeURIComponent('公積金提取')}`);
    await page.waitForFunction(() => /^找到/.test(document.getElementById('search-status')?.textContent ?? ''), null, { timeout: 15_000 });
    const typedHant = await page.evaluate(() => [...document.querySelectorAll('#search-results > li a')].map((a) => ({ title: a.textContent!, href: a.getAttribute('href')! })));
    expect(typedHant).toEqual(hans);
    expect(await page.evaluate(() => document.getElementById('search-status')!.textContent)).toMatch(/^找到 \d+ 条与“公積金提取”相关的结果。$/);
  });
});

describe('a group without 繁體 versions', () => {
  it('has no zh-hant pages, no switch, no hreflang and no converter', async () => {
    const content = copyFixture('mini');
    const out = path.join(tempDir('jiyue-hans-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    const files = listFiles(path.join(out, 'sites'));
    expect(files.filter((f) => f.split('/').includes('zh-hant'))).toEqual([]);
    expect(files.filter((f) => /zh-convert/.test(f))).toEqual([]);
    const home = fs.readFileSync(path.join(out, 'sites', 'fgw', 'index.html'), 'utf8');
    expect(home).not.toContain('script-switch');
    expect(home).not.toContain('hreflang');
  });

  it('refuses zh-hant as a column id (the folder of the 繁體 pages)', () => {
    const content = copyFixture('mini');
    const yaml = path.join(content, 'fgw', 'site.yaml');
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('{ id: gzdt,', '{ id: zh-hant,'));
    const loaded = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: NOW });
    expect(loaded.diagnostics.filter((d) => d.ruleId === 'CONTENT-RESERVED-ID').map((d) => d.message).join('\n')).toContain('zh-hant');
  });
});
