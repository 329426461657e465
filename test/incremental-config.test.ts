/**
 * Builds that reuse work are exact (see incremental.test.ts), after changes of configuration
 * (site.yaml, group.yaml), themes, 繁體 versions, links across sites, the build date (the
 * 下线公告 window, the end of a closure), a new site and a new generator version.
 *
 * The group and the chain: linked-group.ts, incremental-chain.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { conacIdFor, REPO_ROOT, writeTree, type CliResult } from './helpers.ts';
import { builtSites, reasonsOf, startChain, type Chain } from './incremental-chain.ts';
import { article, expectSameTree } from './linked-group.ts';

let chain: Chain;
let content: string;
let themes: string;
let work: string;
let inc: string;

const edit = (rel: string, f: (text: string) => string) => chain.edit(rel, f);
const build = (out: string, extra: string[] = [], root = REPO_ROOT, env?: NodeJS.ProcessEnv): Promise<CliResult> => chain.buildAt(out, extra, root, env);
const incrementalMatchesFull = () => chain.matchesFull();

beforeAll(async () => {
  chain = await startChain('jiyue-incremental-config-');
  ({ content, themes, work, inc } = chain);
}, 180_000);

describe('an incremental build equals a clean full build (configuration, themes, 繁體, links across sites, dates)', () => {
  it('after a site.yaml edit: only that site', async () => {
    edit('rsj/site.yaml', (t) => t.replace('0999-61234567', '0999-61230000'));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['rsj']);
    expect(reasonsOf(r)).toEqual({ rsj: '站点信息（site.yaml）变化' });
    expect(fs.readFileSync(path.join(inc, 'sites', 'rsj', 'index.html'), 'utf8')).toContain('0999-61230000');
  });

  it('after a theme file edit: the sites with that theme', async () => {
    const file = path.join(themes, 'blue', 'theme.yaml');
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, before.replace(/primary: "?#[0-9a-fA-F]{6}"?/, 'primary: "#1d3f73"'));
    expect(fs.readFileSync(file, 'utf8')).not.toBe(before);
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw']);
    expect(reasonsOf(r)).toEqual({ fgw: '主题变化' });
  });

  it('after a group.yaml edit: every site', async () => {
    edit('group.yaml', (t) => t.replace('name: 测试市人民政府网站群', 'name: 测试市政府网站群'));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['(all)']);
    const reasons = reasonsOf(r);
    expect(Object.keys(reasons)).toEqual([expect.stringMatching(/^全部 \d+ 个站点$/)]);
    expect(Object.values(reasons)[0]).toContain('group.yaml');
    // --explain: every site's decision, here all reused.
    const again = await build(inc, ['--explain']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('每个站点的决定（--explain）：');
    expect(again.stdout).toMatch(/^  fgw　沿用缓存（输入没有变化）$/m);
    expect(again.stdout).toMatch(/^  www　沿用缓存（输入没有变化）$/m);
  });

  it('after 繁體 versions are turned on: every site; an edit then reaches both versions of its page', async () => {
    edit('group.yaml', (t) => `${t.trimEnd()}\ntraditional: true\n`);
    let r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['(all)']);
    const hant = () => fs.readFileSync(path.join(inc, 'sites', 'fgw', 'zh-hant', 'zcwj', '2024-tzgl', 'index.html'), 'utf8');
    expect(hant()).toContain('<html lang="zh-Hant">');
    edit('fgw/zcwj/2024-tzgl.md', (t) => t.replace('现将办法印发给你们。', '现将办法印发给你们，发现问题及时反馈。'));
    r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw']);
    expect(hant()).toContain('發現問題及時反饋。');
  });

  it('after a link target in another site is renamed: the sites linking it follow', async () => {
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.md'), path.join(content, 'fgw', 'zcwj', '2024-tzglbf.md'));
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.files'), path.join(content, 'fgw', 'zcwj', '2024-tzglbf.files'));
    edit('fgw/zcwj/2024-tzglbf.md', (t) => t.replace('file: 2024-tzgl.files/biao.csv', 'file: 2024-tzglbf.files/biao.csv'));
    edit('fgw/zcjd/2024-tzgl-jd.md', (t) => t.replaceAll('2024-tzgl.md', '2024-tzglbf.md'));
    edit('fgw/gzdt/2026-11-12-dt.md', (t) => t.replaceAll('2024-tzgl.md', '2024-tzglbf.md').replaceAll('2024-tzgl.files', '2024-tzglbf.files'));
    edit('rsj/gzdt/2026-11-15-rs.md', (t) => t.replace('site:fgw/zcwj/2024-tzgl', 'site:fgw/zcwj/2024-tzglbf'));
    edit('www/news/a.md', (t) => t.replaceAll('site:fgw/zcwj/2024-tzgl', 'site:fgw/zcwj/2024-tzglbf'));
    edit('rsj/ztzl/2026-sj.mdx', (t) => t.replace('2024-tzgl.md', '2024-tzglbf.md'));
    edit('fgw/site.yaml', (t) => `${t.trimEnd()}\nredirects:\n  - { from: /zcwj/2024-tzgl/, to: /zcwj/2024-tzglbf/ }\n  - { from: /zcwj/2024-tzgl.files/biao.csv, to: /zcwj/2024-tzglbf.files/biao.csv }\n  - { from: /zcwj/2024-tzgl.files/tu.svg, to: /zcwj/2024-tzglbf.files/tu.svg }\n`);
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toContain('rsj');
    expect(fs.readFileSync(path.join(inc, 'sites', 'rsj', 'gzdt', '2026-11-15-rs', 'index.html'), 'utf8')).toContain('zcwj/2024-tzglbf/');
    // The 繁體 version moved with it: the declared redirect has its twin under zh-hant/.
    const redirects = JSON.parse(fs.readFileSync(path.join(inc, 'manifest.json'), 'utf8')).redirects as { from: string; to: string }[];
    expect(redirects).toContainEqual(expect.objectContaining({ from: 'https://fgw.test.gov.cn/zh-hant/zcwj/2024-tzgl/', to: 'https://fgw.test.gov.cn/zh-hant/zcwj/2024-tzglbf/' }));
  });

  it('after a link target in another site is retitled: a Markdown body linking it is reused as is', async () => {
    edit('fgw/zcjd/2024-tzgl-jd.md', (t) => t.replace(/^title: .*$/m, 'title: 《测试市政府投资管理办法》图解'));
    const r = await incrementalMatchesFull();
    // fgw shows the title; rsj only links the URL (unchanged), so it is not rebuilt.
    expect(builtSites(r)).toContain('fgw');
    expect(builtSites(r)).not.toContain('rsj');
  });

  it('after 繁體 versions are turned off again: every 繁體 URL redirects to its 简体 page', async () => {
    edit('group.yaml', (t) => t.replace('traditional: true', 'traditional: false'));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['(all)']);
    expect(fs.existsSync(path.join(inc, 'sites', 'fgw', 'zh-hant'))).toBe(false);
    const redirects = JSON.parse(fs.readFileSync(path.join(inc, 'manifest.json'), 'utf8')).redirects as { from: string; to: string; reason: string }[];
    expect(redirects).toContainEqual({ from: 'https://fgw.test.gov.cn/zh-hant/zcwj/2024-tzglbf/', to: 'https://fgw.test.gov.cn/zcwj/2024-tzglbf/', status: 301, reason: 'traditional', site: 'fgw' });
    // The twin of the declared rename, carried: the old 繁體 URL reaches the new 简体 page.
    expect(redirects.find((x) => x.from === 'https://fgw.test.gov.cn/zh-hant/zcwj/2024-tzgl/')?.to).toBe('https://fgw.test.gov.cn/zcwj/2024-tzglbf/');
  });

  it('when --now crosses the end of the 下线公告 window: only the portal changes', async () => {
    const home = () => fs.readFileSync(path.join(inc, 'sites', 'www', 'index.html'), 'utf8');
    expect(home()).toContain('data-jiyue="offline-notice"');
    chain.now = '2026-11-25';
    let r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual([]);
    chain.now = '2026-12-02';
    r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['www']);
    expect(home()).not.toContain('data-jiyue="offline-notice"');
    chain.now = '2026-11-20';
  });

  it('when --now passes the end of a temporary closure: every site (links, lists and the directory follow)', async () => {
    chain.now = '2026-12-09';
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['(all)']);
    expect(fs.readFileSync(path.join(inc, 'sites', 'shut', 'index.html'), 'utf8')).not.toContain('临时关停');
    chain.now = '2026-11-20';
    await incrementalMatchesFull();
  });

  it('a new site with nothing to search yet has no index; its first article gives it one', async () => {
    // A group that lets an empty column through (as a warning) and opens a site with only that column.
    edit('group.yaml', (t) => `${t.trimEnd()}\nrules:\n  COLUMN-EMPTY: warning\n`);
    writeTree(content, {
      'tjj/site.yaml': fs
        .readFileSync(path.join(content, 'fgw', 'site.yaml'), 'utf8')
        .replace(/测试市发展和改革委员会/g, '测试市统计局')
        .replace('fgw.test.gov.cn', 'tjj.test.gov.cn')
        .replace('fgw@test.gov.cn', 'tjj@test.gov.cn')
        .replace('"9901000002"', '"9901000008"')
        .replace(/conacId: "[0-9A-F]+"/, `conacId: "${conacIdFor('9901000008')}"`)
        .replace(/columns:[\s\S]*$/, 'columns:\n  - { id: gzdt, name: 工作动态, type: news }\n'),
    });
    let r = await incrementalMatchesFull();
    expect(r.stderr).toMatch(/tjj\/site\.yaml:\d+:\d+ COLUMN-EMPTY 警告/);
    const searchPage = () => fs.readFileSync(path.join(inc, 'sites', 'tjj', 'search', 'index.html'), 'utf8');
    expect(fs.existsSync(path.join(inc, 'sites', 'tjj', 'pagefind'))).toBe(false);
    expect(searchPage()).toContain('本站还没有可以搜索的信息');
    expect(searchPage()).toContain('href="https://www.test.gov.cn/search/"');
    expect(searchPage()).not.toContain('jiyue-search-config');
    // The portal's group index holds the other sites' pages and nothing of tjj.
    const groupText = () => {
      const dir = path.join(inc, 'sites', 'www', 'pagefind-group', 'fragment');
      return fs.readdirSync(dir).map((f) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8')).join('\n');
    };
    expect(groupText()).toContain('fgw.test.gov.cn/gzdt/');
    expect(groupText()).not.toContain('tjj.test.gov.cn');

    writeTree(content, { 'tjj/gzdt/2026-11-18-tj.md': article('统计局工作动态', '2026-11-18', '本月统计数据发布。') });
    r = await incrementalMatchesFull();
    expect(builtSites(r), r.stdout + r.stderr).toEqual(['rsj', 'tjj', 'www']);
    expect(fs.existsSync(path.join(inc, 'sites', 'tjj', 'pagefind', 'pagefind-entry.json'))).toBe(true);
    expect(searchPage()).toContain('jiyue-search-config');
    expect(searchPage()).not.toContain('本站还没有可以搜索的信息');
    expect(groupText()).toContain('tjj.test.gov.cn/gzdt/2026-11-18-tj/');
  });

  it('after a generator upgrade (another version): everything is built again', async () => {
    // A copy of the generator with another version number, sharing the cache of the output.
    const gen = path.join(work, 'generator');
    for (const f of ['src', 'astro.config.mjs', 'tsconfig.json', 'package-lock.json']) fs.cpSync(path.join(REPO_ROOT, f), path.join(gen, f), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(gen, 'node_modules'), 'dir');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(gen, 'package.json'), JSON.stringify({ ...pkg, version: '99.0.0' }, null, 2));
    const previous = path.join(work, 'previous-generator.json');
    fs.copyFileSync(path.join(inc, 'manifest.json'), previous);
    const r = await build(inc, [], gen);
    expect(r.code, r.stderr).toBe(0);
    // A copy never run before: its TypeScript is stripped afresh (src/lib/stripped-types.ts), silently.
    expect(r.stderr).not.toContain('ExperimentalWarning');
    expect(builtSites(r)).toEqual(['(all)']);
    const full = path.join(work, 'full-generator');
    const f = await build(full, ['--full', '--cache', path.join(work, 'cache-generator'), '--previous-manifest', previous], gen);
    expect(f.code, f.stderr).toBe(0);
    expectSameTree(inc, full);
    expect(JSON.parse(fs.readFileSync(path.join(inc, 'manifest.json'), 'utf8')).generator).toBe('jiyue 99.0.0');
  });
});
