/**
 * Builds that reuse work are exact: after every kind of change, an incremental build (same
 * output folder, same cache) writes byte for byte what a clean `--full` build of the same
 * content writes; `--jobs 2` writes what `--jobs 1` writes; shards built as separate processes
 * in separate folders and merged write what one build writes. A stale page in the output would
 * be the worst bug here, so every comparison is the whole output tree. (`--jobs` and shards:
 * identity.test.ts.)
 *
 * The group: linked-group.ts (sites that link, list and reprint each other).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { conacIdFor, REPO_ROOT, snapshotTree, writeTree, type CliResult } from './helpers.ts';
import { article, expectSameTree, linkedGroup, type LinkedGroup } from './linked-group.ts';

let group: LinkedGroup;
let content: string;
let themes: string;
let work: string;
let now = '2026-11-20';

function edit(rel: string, f: (text: string) => string): void {
  group.edit(rel, f);
}

function build(out: string, extra: string[] = [], root = REPO_ROOT, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return group.build(out, extra, { now, root, env });
}

/** The build's own timing line (JIYUE_TIMINGS), as scripts/bench.ts reads it. */
function timingsOf(r: CliResult): Record<string, number> {
  const line = /^JIYUE_TIMINGS (\{.*\})$/m.exec(r.stderr);
  if (!line) throw new Error(`no timing line in:\n${r.stderr}`);
  return JSON.parse(line[1]) as Record<string, number>;
}

/** The sites a build built (the rest it reused), from its summary. */
function builtSites(r: CliResult): string[] {
  const m = /站点构建 (\d+) 个(?:（([^）]*)）)?/.exec(r.stdout);
  if (!m) throw new Error(`no summary in:\n${r.stdout}\n${r.stderr}`);
  return m[2] === undefined ? ['(all)'] : m[2] === '无' ? [] : m[2].split('、').sort();
}

/** Why the build rebuilt what it rebuilt, from its summary: site (or "全部 N 个站点") → reasons. */
function reasonsOf(r: CliResult): Record<string, string> {
  const block = /\n重新构建的原因：\n((?:  .+\n?)+)/.exec(r.stdout)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const line of block.split('\n').filter(Boolean)) {
    const text = line.trim();
    const cut = text.indexOf('：');
    for (const site of text.slice(0, cut).split('、')) out[site] = text.slice(cut + 1);
  }
  return out;
}

let inc: string;
let step = 0;

/**
 * An incremental build into the shared output, and a clean full build of the same content beside
 * it, told about the same previous manifest (the URL ledger and the kept 索引号 depend on it).
 */
async function incrementalMatchesFull(): Promise<CliResult> {
  const full = path.join(work, `full-${++step}`);
  const previous = path.join(work, `previous-${step}.json`);
  fs.copyFileSync(path.join(inc, 'manifest.json'), previous);
  const [r, f] = await Promise.all([build(inc, [], REPO_ROOT, { JIYUE_TIMINGS: '1' }), build(full, ['--full', '--cache', path.join(work, `cache-full-${step}`), '--previous-manifest', previous])]);
  expect(r.code, r.stderr).toBe(0);
  expect(f.code, f.stderr).toBe(0);
  expectSameTree(inc, full);
  fs.rmSync(full, { recursive: true, force: true });
  return r;
}

beforeAll(async () => {
  group = linkedGroup('jiyue-incremental-');
  ({ content, themes, work } = group);
  inc = path.join(work, 'inc', 'dist');
  const r = await build(inc, [], REPO_ROOT, { JIYUE_TIMINGS: '1' });
  expect(r.code, r.stderr).toBe(0);
  expect(builtSites(r)).toEqual(['(all)']);
  // The group merge read every site's index chunks as its worker finished it.
  expect(timingsOf(r).groupAhead).toBeGreaterThan(0);
  // The trusted MDX ran (its export, its link resolved against the group): the worker that
  // renders it fills Astro's content store; the others skip that step (unit-worker.ts).
  const mdx = fs.readFileSync(path.join(inc, 'sites', 'rsj', 'ztzl', '2026-sj', 'index.html'), 'utf8');
  expect(mdx).toContain('本专题共 3 项数据');
  expect(mdx).toMatch(/<a href="https?:\/\/[^"]*\/zcwj\/2024-tzgl\/">投资管理办法<\/a>/);
}, 180_000);

describe('an incremental build equals a clean full build', () => {
  it('after no change at all, reusing every site and keeping the group index in the output as it is', async () => {
    const group = path.join(inc, 'sites', 'www', 'pagefind-group');
    const before = new Map(fs.readdirSync(group).map((f) => [f, fs.statSync(path.join(group, f)).ino]));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual([]);
    expect(reasonsOf(r)).toEqual({});
    // Not merged again: the same files (inodes), and SHA256SUMS still lists them.
    expect(new Map(fs.readdirSync(group).map((f) => [f, fs.statSync(path.join(group, f)).ino]))).toEqual(before);
    expect(r.stdout).toContain('网站群搜索索引：输入没有变化');
    expect(fs.readFileSync(path.join(inc, 'SHA256SUMS'), 'utf8')).toContain('  sites/www/pagefind-group/pagefind-entry.json\n');
  });

  it('after a file of the group index is changed in the output by hand: the index is merged again', async () => {
    fs.appendFileSync(path.join(inc, 'sites', 'www', 'pagefind-group', 'pagefind-entry.json'), ' ');
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual([]);
    expect(r.stdout).not.toContain('网站群搜索索引：输入没有变化');
  });

  it('after a body edit: only that site is rebuilt', async () => {
    edit('fgw/zcwj/2024-tzgl.md', (t) => t.replace('现将办法印发给你们。', '现将办法印发给你们，请认真贯彻执行。'));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw']);
    expect(reasonsOf(r)).toEqual({ fgw: '正文变化（1 篇）' });
    expect(fs.readFileSync(path.join(inc, 'sites', 'fgw', 'zcwj', '2024-tzgl', 'index.html'), 'utf8')).toContain('请认真贯彻执行');
    // The group merge read the other sites' index chunks while fgw was built (and the index is still the full build's).
    expect(timingsOf(r).groupAhead).toBeGreaterThan(0);
  });

  it('after edits that the content rules see: the stored scans are never reused for a changed file or wording list', async () => {
    // A mobile number in a body: reported (fgw's changes wait, exit 3), though every other file's scan is reused.
    edit('fgw/gzdt/2026-11-12-dt.md', (t) => t.replace('正文见', '当事人手机13812345678，正文见'));
    let r = await build(inc);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('fgw/gzdt/2026-11-12-dt.md');
    expect(r.stderr).toContain('PRIVACY-MOBILE');
    edit('fgw/gzdt/2026-11-12-dt.md', (t) => t.replace('当事人手机13812345678，', ''));
    // A new wording entry: an unchanged file that contains it is scanned again and reported.
    writeTree(content, { 'wording.yaml': 'errors:\n  - { wrong: 现将办法印发给你们, right: 现将办法印发 }\n' });
    r = await build(inc);
    // The group's wording list finds the phrase in fgw's last good copy too: nothing to defer to, the build fails.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fgw/zcwj/2024-tzgl.md');
    expect(r.stderr).toContain('WORDING-ERROR');
    expect(r.stderr).toContain('BUILD-DEFERRED-COPY-INVALID');
    fs.rmSync(path.join(content, 'wording.yaml'));
    await incrementalMatchesFull();
  });

  it('findings of unchanged files come from the cache exactly as parsing them gives them', async () => {
    const saved = ['fgw/zcwj/2024-tzgl.md', 'fgw/gzdt/draft.md', 'fgw/pages/about.md'].map((f) => [f, fs.readFileSync(path.join(content, f), 'utf8')] as const);
    // A warning with a position (curly quotes), a link error found after loading (its position
    // needs the YAML again), a held-back draft's mistake (a warning) and a date error.
    edit('fgw/zcwj/2024-tzgl.md', (t) => t.replace('source: 测试来源', 'source: “测试来源”').replace('interpretation: ../zcjd/2024-tzgl-jd.md', 'interpretation: ../zcjd/none.md'));
    edit('fgw/gzdt/draft.md', (t) => t.replace(/^date: .*$/m, 'date: 2024年6月40日'));
    edit('fgw/pages/about.md', (t) => t.replace(/^date: .*$/m, 'date: 2024.13.20'));
    const findings = (r: CliResult) => r.stderr.split('\n').filter((l) => /^\S+\.md:\d+/.test(l));
    const first = await build(inc);
    const cached = await build(inc);
    const full = await build(inc, ['--full']);
    // Errors of fgw's own: fgw's changes wait (exit 3), the findings are the same however they were found.
    for (const r of [first, cached, full]) expect(r.code).toBe(3);
    expect(findings(first)).toEqual(expect.arrayContaining([expect.stringMatching(/^fgw\/zcwj\/2024-tzgl\.md:\d+:\d+ LINK-BROKEN/), expect.stringMatching(/YAML-CURLY-QUOTES/), expect.stringMatching(/^fgw\/pages\/about\.md:\d+:\d+ DATE-INVALID/)]));
    expect(findings(first).length).toBeGreaterThanOrEqual(4);
    expect(findings(cached)).toEqual(findings(first));
    expect(findings(full)).toEqual(findings(first));
    for (const [f, text] of saved) fs.writeFileSync(path.join(content, f), text);
    await incrementalMatchesFull();
  });

  it('after an edit of the archived site inside the portal folder: only that site, the portal folder taken as it is', async () => {
    edit('old/news/2025-ly.md', (t) => `${t.trimEnd()}\n\n归档前补充说明。\n`);
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['old']);
    expect(fs.readFileSync(path.join(inc, 'sites', 'www', 'archive', 'old', 'news', '2025-ly', 'index.html'), 'utf8')).toContain('归档前补充说明');
  });

  it('after a file is added to or changed in the output by hand: the folder is rebuilt from the cache, not kept', async () => {
    fs.writeFileSync(path.join(inc, 'sites', 'fgw', 'stray.html'), '<p>放错地方的文件</p>');
    fs.appendFileSync(path.join(inc, 'sites', 'rsj', 'index.html'), '<!-- edited by hand -->');
    // A fragment file of the group index is a link to its unit's part in the cache (src/search/group-part.ts).
    const fragments = path.join(inc, 'sites', 'www', 'pagefind-group', 'fragment');
    const ofSite = (f: string) => (Object.values(JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(fragments, f))).subarray('pagefind_dcd'.length).toString('utf8')))[0] as { meta: { siteId: string } }).meta.siteId;
    const fragment = fs.readdirSync(fragments).find((f) => ofSite(f) === 'fgw')!;
    fs.appendFileSync(path.join(fragments, fragment), 'x');
    const r = await incrementalMatchesFull();
    // The edited files are links to the cached ones: the cache sees the changes and builds fgw and rsj again.
    expect(builtSites(r)).toEqual(['fgw', 'rsj']);
    expect(fs.existsSync(path.join(inc, 'sites', 'fgw', 'stray.html'))).toBe(false);
  });

  it('after a title change: the portal (部门动态, reprint) and the site map follow', async () => {
    edit('fgw/gzdt/2026-11-12-dt.md', (t) => t.replace('title: 发改委工作动态', 'title: 发改委召开项目调度会'));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw', 'www']);
    expect(reasonsOf(r)).toEqual({ fgw: '所列的文章变化', www: '所列的部门动态和文章变化' });
    for (const page of ['sites/www/index.html', 'sites/www/news/index.html', 'sites/fgw/index.html', 'sites/fgw/gzdt/index.html']) {
      expect(fs.readFileSync(path.join(inc, ...page.split('/')), 'utf8'), page).toContain('发改委召开项目调度会');
    }
    // Both search indexes (the site's and the group's) store the new title.
    for (const bundle of ['sites/fgw/pagefind', 'sites/www/pagefind-group']) {
      const dir = path.join(inc, ...bundle.split('/'), 'fragment');
      const texts = fs.readdirSync(dir).map((f) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8'));
      expect(texts.some((t) => t.includes('"title":"发改委召开项目调度会"')), bundle).toBe(true);
      expect(texts.some((t) => t.includes('"title":"发改委工作动态"')), bundle).toBe(false);
    }
  });

  it('after a new article', async () => {
    writeTree(content, { 'fgw/gzdt/2026-11-18-new.md': article('发改委新动态', '2026-11-18', '新的工作动态。') });
    const r = await incrementalMatchesFull();
    // rsj has trusted MDX, whose links Astro resolves against the whole group: it follows any new page.
    expect(builtSites(r)).toEqual(['fgw', 'rsj', 'www']);
    expect(reasonsOf(r)).toMatchObject({ fgw: expect.stringContaining('正文变化（1 篇）'), rsj: 'MDX 正文或它能链接到的内容变化', www: expect.stringContaining('所列的部门动态和文章变化') });
    expect(fs.existsSync(path.join(inc, 'sites', 'fgw', 'gzdt', '2026-11-18-new', 'index.html'))).toBe(true);
  });

  it('after a deleted article: the URL ledger still fails without a redirect, and the output stays', async () => {
    const before = snapshotTree(inc);
    fs.rmSync(path.join(content, 'fgw', 'gzdt', '2026-11-18-new.md'));
    const r = await build(inc);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('URL-LOST');
    const after = snapshotTree(inc);
    expect([...after.keys()]).toEqual([...before.keys()]);
    // Declared as moved, the build goes through and equals a full build.
    edit('fgw/site.yaml', (t) => `${t.trimEnd()}\nredirects:\n  - { from: /gzdt/2026-11-18-new/, to: /gzdt/ }\n`);
    await incrementalMatchesFull();
  });

  it('after a slug renamed with a redirect', async () => {
    fs.renameSync(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), path.join(content, 'fgw', 'gzdt', '2026-11-12-ddh.md'));
    edit('fgw/site.yaml', (t) => `${t.trimEnd()}\n  - { from: /gzdt/2026-11-12-dt/, to: /gzdt/2026-11-12-ddh/ }\n`);
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw', 'rsj', 'www']);
  });

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
    edit('fgw/zcwj/2024-tzgl.md', (t) => t.replace('请认真贯彻执行。', '请认真贯彻执行，发现问题及时反馈。'));
    r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw']);
    expect(hant()).toContain('請認真貫徹執行，發現問題及時反饋。');
  });

  it('after a link target in another site is renamed: the sites linking it follow', async () => {
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.md'), path.join(content, 'fgw', 'zcwj', '2024-tzglbf.md'));
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.files'), path.join(content, 'fgw', 'zcwj', '2024-tzglbf.files'));
    edit('fgw/zcwj/2024-tzglbf.md', (t) => t.replace('file: 2024-tzgl.files/biao.csv', 'file: 2024-tzglbf.files/biao.csv'));
    edit('fgw/zcjd/2024-tzgl-jd.md', (t) => t.replaceAll('2024-tzgl.md', '2024-tzglbf.md'));
    edit('fgw/gzdt/2026-11-12-ddh.md', (t) => t.replaceAll('2024-tzgl.md', '2024-tzglbf.md').replaceAll('2024-tzgl.files', '2024-tzglbf.files'));
    edit('rsj/gzdt/2026-11-15-rs.md', (t) => t.replace('site:fgw/zcwj/2024-tzgl', 'site:fgw/zcwj/2024-tzglbf'));
    edit('www/news/a.md', (t) => t.replaceAll('site:fgw/zcwj/2024-tzgl', 'site:fgw/zcwj/2024-tzglbf'));
    edit('rsj/ztzl/2026-sj.mdx', (t) => t.replace('2024-tzgl.md', '2024-tzglbf.md'));
    edit('fgw/site.yaml', (t) => `${t.trimEnd()}\n  - { from: /zcwj/2024-tzgl/, to: /zcwj/2024-tzglbf/ }\n  - { from: /zcwj/2024-tzgl.files/biao.csv, to: /zcwj/2024-tzglbf.files/biao.csv }\n  - { from: /zcwj/2024-tzgl.files/tu.svg, to: /zcwj/2024-tzglbf.files/tu.svg }\n`);
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
    now = '2026-11-25';
    let r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual([]);
    now = '2026-12-02';
    r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['www']);
    expect(home()).not.toContain('data-jiyue="offline-notice"');
    now = '2026-11-20';
  });

  it('when --now passes the end of a temporary closure: every site (links, lists and the directory follow)', async () => {
    now = '2026-12-09';
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['(all)']);
    expect(fs.readFileSync(path.join(inc, 'sites', 'shut', 'index.html'), 'utf8')).not.toContain('临时关停');
    now = '2026-11-20';
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
    expect(builtSites(r)).toEqual(['(all)']);
    const full = path.join(work, 'full-generator');
    const f = await build(full, ['--full', '--cache', path.join(work, 'cache-generator'), '--previous-manifest', previous], gen);
    expect(f.code, f.stderr).toBe(0);
    expectSameTree(inc, full);
    expect(JSON.parse(fs.readFileSync(path.join(inc, 'manifest.json'), 'utf8')).generator).toBe('jiyue 99.0.0');
  });
});
