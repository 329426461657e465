/**
 * The national page spec, enforced: identity checks in the loader, theme limits, and the
 * built-HTML checker. Failing fixture groups (test/fixtures/spec/) go through the real CLI and
 * must fail with their named rule id; page-level mistakes that content cannot produce (a missing
 * portal link, a hidden footer) are made by editing a built page and running the checker on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime, type RuntimeModel } from '../src/model/runtime.ts';
import { checkBuiltSites } from '../src/pagecheck/check.ts';
import { contrastRatio, parseHex } from '../src/pagespec/colour.ts';
import { slotProblems } from '../src/model/themes.ts';
import { formatDiagnostic, type Diagnostic } from '../src/errors/diagnostic.ts';
import { generateRuleIndex, generateSpecDoc } from '../scripts/gen-docs.ts';
import { allEntries } from '../src/errors/catalogue.ts';
import { demoBuildResult, FIXTURES, REPO_ROOT, runBuild, snapshotTree, tempDir, THEMES_DIR, type CliResult } from './helpers.ts';
import { specCase } from './spec-fixtures.ts';

const NOW = parseJiyueDate('2026-11-20') as JiyueDate;
const ids = (list: readonly Diagnostic[]) => [...new Set(list.map((d) => d.ruleId))].sort();

async function buildCase(name: string): Promise<{ result: CliResult; out: string }> {
  const { content, themes } = specCase(name);
  const out = path.join(tempDir('jiyue-spec-out-'), 'dist');
  const result = await runBuild(content, out, ['--themes', themes]);
  return { result, out };
}

// ── fixture groups through the CLI ──────────────────────────────────────────────────────────

describe('fixture groups that must fail with a named rule', () => {
  const cases: [string, string, RegExp?][] = [
    ['slot-footer', 'THEME-SLOT-FORBIDDEN', /themes\/slotfooter\/theme\.yaml:\d+:\d+ THEME-SLOT-FORBIDDEN 错误：插槽 "footer"/],
    ['site-code-missing', 'CONFIG-MISSING-FIELD', /fgw\/site\.yaml.*CONFIG-MISSING-FIELD 错误：缺少必填字段 "siteCode"（网站标识码）/],
    ['site-code-malformed', 'SITE-CODE-FORMAT', /fgw\/site\.yaml:5:\d+ SITE-CODE-FORMAT 错误：网站标识码 "99010002" 格式不正确/],
    ['site-code-region', 'SITE-CODE-REGION', /fgw\/site\.yaml:5:\d+ SITE-CODE-REGION 错误：.*前 6 位应为网站群的行政区划代码 990100/],
    ['icp-format', 'SITE-ICP-FORMAT', /fgw\/site\.yaml:\d+:\d+ SITE-ICP-FORMAT 错误：ICP备案编号 "示ICP备9901号" 格式不正确/],
    ['low-contrast', 'THEME-CONTRAST', /THEME-CONTRAST 错误：页头网站名称（白色）\/主色：#ffffff 与 #f08080 的对比度为 2\.59:1，低于 4\.5:1/],
    ['too-many-colours-error', 'THEME-TOO-MANY-COLOURS', /themes\/colourful\/theme\.css:\d+ THEME-TOO-MANY-COLOURS 错误：主题使用了 4 种颜色/],
    ['h1-in-body', 'PAGE-ONE-H1', /^fgw \/ https:\/\/fgw\.test\.gov\.cn\/gzdt\/2026-11-12-dt\/ \/ PAGE-ONE-H1 \/ 错误：页面应有且只有一个 <h1>：当前有 2 个 <h1> \/ 修改建议：/m],
  ];
  for (const [name, ruleId, line] of cases) {
    it(`${name} → ${ruleId}, exit 1, no output written`, async () => {
      const { result, out } = await buildCase(name);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(ruleId);
      if (line) expect(result.stderr).toMatch(line);
      expect(fs.existsSync(out)).toBe(false);
    });
  }

  it('a slot that contains a <footer> landmark and a mandated marker is refused at its line', async () => {
    const { result } = await buildCase('slot-footer');
    expect(result.stderr).toMatch(/themes\/slotfooter\/before-footer\.html:2 THEME-SLOT-FORBIDDEN 错误：插槽 "beforeFooter" 含有 <footer>/);
    expect(result.stderr).toMatch(/before-footer\.html:2 THEME-SLOT-FORBIDDEN 错误：插槽 "beforeFooter" 含有 data-jiyue="footer"/);
  });

  it('too many colours is a warning by default (national, unverified): the build succeeds and says so', async () => {
    const { result } = await buildCase('too-many-colours');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/themes\/colourful\/theme\.css:1 THEME-TOO-MANY-COLOURS 警告：主题使用了 4 种颜色（色系），最多 3 种/);
  });

  it('a page-level failure prints one line per finding and a summary grouped by rule, and keeps the previous output', async () => {
    const { content, themes } = specCase('h1-in-body');
    const out = path.join(tempDir('jiyue-spec-prev-'), 'dist');
    fs.mkdirSync(path.join(out, 'sites'), { recursive: true });
    fs.writeFileSync(path.join(out, 'sites', 'old.html'), 'previous');
    const before = snapshotTree(out);
    const result = await runBuild(content, out, ['--themes', themes]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.includes(' / PAGE-ONE-H1 / '));
    expect(lines).toHaveLength(1);
    expect(result.stderr).toMatch(/页面规范检查结果（按规则）：\n {2}PAGE-ONE-H1 页面应有且只有一个一级标题（错误）：1 处，1 个页面，站点 fgw/);
    expect(snapshotTree(out)).toEqual(before);
  });
});

describe('group.yaml rules: lowering a page rule', () => {
  it('turns a page-level error into a warning, and the summary lists the override', async () => {
    const { content, themes } = specCase('h1-in-body');
    fs.appendFileSync(path.join(content, 'group.yaml'), 'rules:\n  PAGE-ONE-H1: warning\n');
    const out = path.join(tempDir('jiyue-spec-rules-'), 'dist');
    const result = await runBuild(content, out, ['--themes', themes]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ \/ PAGE-ONE-H1 \/ 警告：/);
    expect(result.stdout).toContain('PAGE-ONE-H1（页面应有且只有一个一级标题）错误→警告');
  });
});

// ── the checker on built pages ──────────────────────────────────────────────────────────────

describe('the checker on the built mini group', () => {
  let out: string;
  let model: RuntimeModel;
  const sites = () => path.join(out, 'sites');
  // An archived site is laid out inside the portal's folder (sites/www/archive/old).
  const page = (site: string, file: string) => path.join(sites(), ...model.urls.folder(site).split('/'), ...file.split('/'));
  const edit = (site: string, file: string, change: (html: string) => string) => {
    const p = page(site, file);
    const before = fs.readFileSync(p, 'utf8');
    const after = change(before);
    expect(after, `edit of ${site}/${file} changed nothing`).not.toBe(before);
    fs.writeFileSync(p, after);
  };
  const check = () => checkBuiltSites(model, sites()).diagnostics;

  beforeAll(async () => {
    out = path.join(tempDir('jiyue-spec-mini-'), 'dist');
    const result = await runBuild(path.join(FIXTURES, 'mini'), out);
    expect(result.code, result.stderr).toBe(0);
    const loaded = loadGroup({ contentDir: path.join(FIXTURES, 'mini'), themesDir: THEMES_DIR, now: NOW });
    model = toRuntime(loaded.model!);
  });

  it('finds nothing on the pages as built', () => {
    const r = checkBuiltSites(model, sites());
    expect(r.diagnostics).toEqual([]);
    expect(r.pages).toBe(28);
  });

  it('every page header has the search form of the contract: this site’s search/ page, name="q"', () => {
    for (const [site, file, action] of [['fgw', 'zcwj/2024-tzgl/index.html', '/search/'], ['www', 'index.html', '/search/'], ['old', 'news/index.html', '/archive/old/search/']]) {
      const html = fs.readFileSync(page(site, file), 'utf8');
      expect(html, `${site}/${file}`).toContain(`<form role="search" action="${action}" method="get"`);
      expect(html, `${site}/${file}`).toMatch(/<form role="search"[^>]*>[\s\S]*?<input id="jy-search-q" type="search" name="q"/);
    }
    // The blue theme's beforeFooter slot sits between <main> and the footer, the footer intact after it.
    const fgw = fs.readFileSync(page('fgw', 'index.html'), 'utf8');
    expect(fgw).toMatch(/<\/main>\s*<div class="theme-slot slot-before-footer"><section class="gov-links"[\s\S]*?<\/div>\s*<footer class="site-footer" data-jiyue="footer">/);
    expect(fs.readFileSync(page('www', 'index.html'), 'utf8')).not.toContain('theme-slot');
    // A closed site is only its notice: no search page, no search form.
    expect(fs.readFileSync(page('shut', 'index.html'), 'utf8')).not.toContain('role="search"');
  });

  it('a department page without its portal link → HEADER-PORTAL-LINK', () => {
    edit('fgw', 'index.html', (h) => h.replace(/<a class="portal-link"[\s\S]*?<\/a>/, ''));
    const found = check();
    expect(ids(found)).toEqual(['HEADER-PORTAL-LINK']);
    expect(formatDiagnostic(found[0])).toBe(
      'fgw / https://fgw.test.gov.cn/ / HEADER-PORTAL-LINK / 错误：部门网站页头左上角应有指向门户网站的标志或名称链接：页面中没有页头门户网站链接（data-jiyue="portal-link"） / 修改建议：页头由 SiteHeader.astro 生成；检查 group.yaml 的 portal 是否指向门户站点，主题不得隐藏或移除门户链接。',
    );
  });

  it('a portal link pointing elsewhere → HEADER-PORTAL-LINK', () => {
    edit('fgw', 'sitemap/index.html', (h) => h.replace('class="portal-link" href="https://www.test.gov.cn/"', 'class="portal-link" href="https://example.com/"'));
    expect(check().filter((d) => d.page === 'https://fgw.test.gov.cn/sitemap/').map((d) => d.message)).toEqual([
      '部门网站页头左上角应有指向门户网站的标志或名称链接：链接应指向门户网站 https://www.test.gov.cn/，实际为 https://example.com/',
    ]);
  });

  it('hiding counts as removing: hidden, aria-hidden, inline display:none, a hidden ancestor', () => {
    edit('www', 'index.html', (h) => h.replace('<footer class="site-footer" data-jiyue="footer">', '<footer class="site-footer" data-jiyue="footer" hidden>'));
    edit('www', 'sitemap/index.html', (h) => h.replace('<nav class="breadcrumb"', '<div aria-hidden="true"><nav class="breadcrumb"').replace('</ol>\n</nav>', '</ol>\n</nav></div>').replace(/(<\/ol>\s*<\/nav>)/, '$1</div>'));
    edit('www', 'news/index.html', (h) => h.replace('data-jiyue="footer-site-code"', 'data-jiyue="footer-site-code" style="color:red; display: none"'));
    const found = check().filter((d) => d.siteId === 'www');
    const hidden = found.filter((d) => d.ruleId === 'MANDATED-HIDDEN').map((d) => `${d.page} ${d.message}`);
    expect(hidden).toEqual([
      'https://www.test.gov.cn/ 页脚被隐藏（<footer> 的 hidden 属性）；隐藏等同于删除',
      'https://www.test.gov.cn/news/ 页脚网站标识码被隐藏（<span> 的 style="color:red; display: none"）；隐藏等同于删除',
      'https://www.test.gov.cn/sitemap/ 当前位置被隐藏（<div> 的 aria-hidden="true"）；隐藏等同于删除',
    ]);
  });

  it('the site code must be the same in the footer, the meta tag and the 找错 link', () => {
    edit('fgw', 'gzdt/index.html', (h) => h.replace('网站标识码：9901000002', '网站标识码：9901000099'));
    edit('fgw', 'zcwj/index.html', (h) => h.replace('<meta name="SiteIDCode" content="9901000002">', '<meta name="SiteIDCode" content="9901000098">'));
    edit('fgw', 'zcjd/index.html', (h) => h.replace('site_code=9901000002', 'site_code=9901000097'));
    const found = check().filter((d) => ['FOOTER-SITE-CODE', 'SITE-CODE-CONSISTENT'].includes(d.ruleId));
    expect(found.map((d) => `${d.ruleId} ${d.page} ${d.message}`).sort()).toEqual([
      'FOOTER-SITE-CODE https://fgw.test.gov.cn/gzdt/ 页脚的网站标识码有误：应为 "网站标识码：9901000002"（site.yaml），实际为 "网站标识码：9901000099"',
      'SITE-CODE-CONSISTENT https://fgw.test.gov.cn/zcjd/ 页面中的网站标识码与 site.yaml 不一致：找错链接的 site_code 为 9901000097，应为 9901000002（site.yaml）',
      'SITE-CODE-CONSISTENT https://fgw.test.gov.cn/zcwj/ 页面中的网站标识码与 site.yaml 不一致：<meta name="SiteIDCode"> 为 9901000098，应为 9901000002（site.yaml）',
    ]);
  });

  it('an archived site’s pages carry the portal’s registration: its own cancelled code is an error', () => {
    // As built: the portal's code (9901000001) in footer, meta and 找错 link, the archived site named in the header.
    const built = fs.readFileSync(page('old', 'news/index.html'), 'utf8');
    expect(built).toContain('网站标识码：9901000001');
    expect(built).toContain('<meta name="SiteIDCode" content="9901000001">');
    expect(built).toContain('site_code=9901000001');
    expect(built).toMatch(/data-jiyue="site-name"[^>]*>[\s\S]*?测试市旅游局/);
    edit('old', 'news/index.html', (h) => h.replace('网站标识码：9901000001', '网站标识码：9901000003').replace('<meta name="SiteIDCode" content="9901000001">', '<meta name="SiteIDCode" content="9901000003">'));
    const found = check().filter((d) => d.siteId === 'old' && ['FOOTER-SITE-CODE', 'SITE-CODE-CONSISTENT'].includes(d.ruleId));
    expect(found.map((d) => `${d.ruleId} ${d.siteId} ${d.page} ${d.message}`).sort()).toEqual([
      'FOOTER-SITE-CODE old https://www.test.gov.cn/archive/old/news/ 页脚的网站标识码有误：应为 "网站标识码：9901000001"（门户 测试市人民政府 的网站标识码：已归档网站的页面由门户承载），实际为 "网站标识码：9901000003"',
      'SITE-CODE-CONSISTENT old https://www.test.gov.cn/archive/old/news/ 页面中的网站标识码与 site.yaml 不一致：<meta name="SiteIDCode"> 为 9901000003，应为 9901000001（门户 测试市人民政府 的网站标识码：已归档网站的页面由门户承载）',
    ]);
  });

  it('the 找错 link carries the page’s own URL; ICP and 公安备案 link to their filing systems', () => {
    edit('fgw', 'zcwj/2024-tzgl/index.html', (h) =>
      h
        .replace('url=https%3A%2F%2Ffgw.test.gov.cn%2Fzcwj%2F2024-tzgl%2F', 'url=https%3A%2F%2Ffgw.test.gov.cn%2F')
        .replace('href="https://beian.miit.gov.cn/"', 'href="https://example.com/"')
        .replace(/href="https:\/\/beian\.mps\.gov\.cn[^"]*"/, 'href="https://beian.mps.gov.cn/"'),
    );
    const found = check().filter((d) => d.page === 'https://fgw.test.gov.cn/zcwj/2024-tzgl/');
    expect(found.map((d) => `${d.ruleId} ${d.message}`).sort()).toEqual([
      'FOOTER-ICP 页脚的 ICP备案编号有误：应链接到 https://beian.miit.gov.cn/，实际为 https://example.com/',
      'FOOTER-JIUCUO “我为政府网站找错”链接有误：url 参数应为本页网址 https://fgw.test.gov.cn/zcwj/2024-tzgl/，实际为 https://fgw.test.gov.cn/',
      'FOOTER-PSB 页脚的公安机关备案号有误：应链接到 https://beian.mps.gov.cn/#/query/webSearch?code=99010202000001，实际为 https://beian.mps.gov.cn/',
    ]);
  });

  it('an article without a visible publish date, a column page without its breadcrumb, wrong lang, two h1', () => {
    edit('fgw', 'zcjd/2024-tzgl-jd/index.html', (h) => h.replace(/<span data-jiyue="pubdate">[\s\S]*?<\/span>/, ''));
    edit('www', 'news/index.html', (h) => h.replace(/<nav class="breadcrumb"[\s\S]*?<\/nav>/, '').replace('<html lang="zh-CN">', '<html lang="en">'));
    edit('www', 'pages/contact/index.html', (h) => h.replace('</article>', '<h1>第二个标题</h1></article>'));
    const found = check();
    const at = (page: string) => ids(found.filter((d) => d.page === page));
    expect(at('https://fgw.test.gov.cn/zcjd/2024-tzgl-jd/')).toEqual(['ARTICLE-PUBDATE-VISIBLE']);
    expect(at('https://www.test.gov.cn/news/')).toContain('PAGE-BREADCRUMB');
    expect(at('https://www.test.gov.cn/news/')).toContain('PAGE-LANG');
    expect(at('https://www.test.gov.cn/pages/contact/')).toEqual(['PAGE-ONE-H1']);
  });

  it('home, column and single pages show their 更新日期: the newest item they list, or the page’s own date', () => {
    const shown = (site: string, file: string) => /data-jiyue="updated">更新日期：<time datetime="([\d-]+)">\1<\/time>/.exec(fs.readFileSync(page(site, file), 'utf8'))?.[1];
    // The portal's home lists the department news of fgw (2026-11-12), newer than its own (2026-11-10).
    expect(shown('www', 'index.html')).toBe('2026-11-12');
    expect(shown('www', 'news/index.html')).toBe('2026-11-10');
    expect(shown('fgw', 'zcwj/index.html')).toBe('2024-05-08');
    expect(shown('fgw', 'pages/about/index.html')).toBe('2026-01-01');
    // Articles show it only when their front matter has `updated`.
    expect(fs.readFileSync(page('fgw', 'zcwj/2024-tzgl/index.html'), 'utf8')).not.toContain('data-jiyue="updated"');

    edit('fgw', 'zcwj/index.html', (h) => h.replace(/<p class="page-updated"[\s\S]*?<\/p>/, ''));
    edit('fgw', 'pages/about/index.html', (h) => h.replace(/(data-jiyue="updated">更新日期：<time datetime=")2026-01-01(">)2026-01-01/, '$12025-12-31$22025-12-31'));
    edit('fgw', 'zcjd/index.html', (h) => h.replace('<p class="page-updated" data-jiyue="updated">', '<p class="page-updated" data-jiyue="updated" hidden>'));
    const found = check().filter((d) => d.ruleId === 'PAGE-UPDATED-VISIBLE' || (d.ruleId === 'MANDATED-HIDDEN' && d.page === 'https://fgw.test.gov.cn/zcjd/'));
    expect(found.map((d) => `${d.ruleId} ${d.page} ${d.message}`).sort()).toEqual([
      'MANDATED-HIDDEN https://fgw.test.gov.cn/zcjd/ 更新日期被隐藏（<p> 的 hidden 属性）；隐藏等同于删除',
      'PAGE-UPDATED-VISIBLE https://fgw.test.gov.cn/pages/about/ 首页、栏目页和单页应显示更新日期（YYYY-MM-DD）：应显示 "更新日期：2026-01-01"，实际为 "更新日期：2025-12-31"',
      'PAGE-UPDATED-VISIBLE https://fgw.test.gov.cn/zcwj/ 首页、栏目页和单页应显示更新日期（YYYY-MM-DD）：页面中没有更新日期（data-jiyue="updated"）',
    ]);
  });

  it('every page of an archived site shows 已归档 with the archive date from site.yaml', () => {
    edit('old', 'news/index.html', (h) => h.replace(/<div class="lifecycle-banner archived"[\s\S]*?<\/div>\s*<\/div>/, ''));
    edit('old', 'index.html', (h) => h.replace('datetime="2026-11-01"', 'datetime="2026-10-01"'));
    const found = check().filter((d) => d.ruleId === 'PAGE-ARCHIVED-BANNER');
    expect(found.map((d) => `${d.page} ${d.message}`).sort()).toEqual([
      'https://www.test.gov.cn/archive/old/ 已归档的网站或页面应在每页醒目位置显示“已归档”和归档时间：提示中没有归档时间 <time datetime="2026-11-01">',
      'https://www.test.gov.cn/archive/old/news/ 已归档的网站或页面应在每页醒目位置显示“已归档”和归档时间：页面中没有“已归档”提示（data-jiyue="archived-banner"）',
    ]);
  });

  it('missing national meta tags are warnings (unverified)', () => {
    edit('fgw', 'gzdt/2026-11-12-dt/index.html', (h) => h.replace(/<meta name="PubDate"[^>]*>/, ''));
    const meta = check().find((d) => d.ruleId === 'META-REQUIRED')!;
    expect(meta.severity).toBe('warning');
    expect(meta.message).toBe('缺少 meta 标签：内容页（文章）缺少 <meta name="PubDate">');
  });
});

// ── theme limits ────────────────────────────────────────────────────────────────────────────

describe('theme limits', () => {
  it('computes WCAG contrast', () => {
    expect(contrastRatio(parseHex('#000000')!, parseHex('#ffffff')!)).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHex('#777777')!, parseHex('#ffffff')!)).toBeCloseTo(4.48, 2);
  });

  it('the shipped themes pass every contrast pair and colour limit', () => {
    const diagnostics = loadGroup({ contentDir: path.join(REPO_ROOT, 'content'), themesDir: THEMES_DIR, now: NOW }).diagnostics;
    expect(diagnostics.filter((d) => d.ruleId.startsWith('THEME-'))).toEqual([]);
    expect(fs.readdirSync(THEMES_DIR).filter((t) => fs.existsSync(path.join(THEMES_DIR, t, 'theme.yaml'))).length).toBeGreaterThanOrEqual(3);
  });

  it('low contrast names every failing pair with its measured ratio', () => {
    const { content, themes } = specCase('low-contrast');
    const found = loadGroup({ contentDir: content, themesDir: themes, now: NOW }).diagnostics.filter((d) => d.ruleId === 'THEME-CONTRAST');
    expect(found.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      'themes/pale/theme.yaml:6 正文文字/页面背景：#999999 与 #ffffff 的对比度为 2.84:1，低于 4.5:1',
      'themes/pale/theme.yaml:4 页头网站名称（白色）/主色：#ffffff 与 #f08080 的对比度为 2.59:1，低于 4.5:1',
      'themes/pale/theme.yaml:4 栏目标题（主色）/页面背景：#f08080 与 #ffffff 的对比度为 2.59:1，低于 4.5:1',
    ]);
  });

  it('slot fragments cannot carry landmarks, markers, scripts or styles', () => {
    expect(slotProblems('<section class="hero"><h2>专题</h2><a href="/zt/">进入</a></section>')).toEqual([]);
    expect(slotProblems('<div>\n<header>x</header><script>1</script>\n<p onclick="x" data-jiyue="footer-icp">y</p><style>.site-footer{display:none}</style></div>').map((p) => `${p.line} ${p.detail.split('：')[0]}`)).toEqual([
      '2 含有 <header>',
      '2 含有 <script>',
      '3 含有事件属性 onclick',
      '3 含有 data-jiyue="footer-icp"',
      '3 含有 <style>',
    ]);
  });
});

// ── the demo group and the generated docs ──────────────────────────────────────────────────

describe('the demo group', () => {
  // The run's shared build of the demo (helpers.ts demoBuild), as `npm run build` makes it.
  it('builds with zero errors and zero warnings, every page checked', async () => {
    const result = await demoBuildResult();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/错误|警告/);
    expect(result.stdout).toMatch(/检查页面规范：\d+ 页/);
  }, 180_000);
});

describe('docs/spec.md', () => {
  it('is generated from the spec module and up to date (npm run docs)', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'spec.md'), 'utf8');
    expect(onDisk).toBe(generateSpecDoc());
    for (const id of ['HEADER-FULL-NAME', 'FOOTER-JIUCUO', 'META-PUBDATE', 'THEME-CONTRAST', 'SITE-CODE-REGION', 'PAGE-ARCHIVED-BANNER']) expect(onDisk).toContain(`| ${id} |`);
  });
});

describe('the rule catalogue', () => {
  it('has unique rule ids across all sections, each with a title, message and hint', () => {
    const ids = allEntries().map((e) => e.ruleId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const e of allEntries()) expect(e.ruleId).toMatch(/^[A-Z][A-Z0-9-]+$/);
  });

  it('docs/rule-index.md lists every rule and is up to date (npm run docs)', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rule-index.md'), 'utf8');
    expect(onDisk).toBe(generateRuleIndex());
    for (const e of allEntries()) expect(onDisk).toContain(`| ${e.ruleId} |`);
  });
});
