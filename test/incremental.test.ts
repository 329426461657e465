/**
 * Builds that reuse work are exact: after every kind of change, an incremental build (same
 * output folder, same cache) writes byte for byte what a clean `--full` build of the same
 * content writes. A stale page in the output would be the worst bug here, so every comparison
 * is the whole output tree. This file: edits of content (bodies, titles, new, deleted and renamed
 * articles, the content rules' inputs) and of the output by hand; incremental-config.test.ts:
 * configuration, themes, 繁體, links across sites, dates, a new site and a new generator;
 * identity.test.ts: `--jobs` and shards.
 *
 * The group and the chain: linked-group.ts, incremental-chain.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, snapshotTree, writeTree, type CliResult } from './helpers.ts';
import { builtSites, reasonsOf, startChain, timingsOf, type Chain } from './incremental-chain.ts';
import { article } from './linked-group.ts';

let chain: Chain;
let content: string;
let inc: string;

const edit = (rel: string, f: (text: string) => string) => chain.edit(rel, f);
const build = (out: string, extra: string[] = [], root = REPO_ROOT, env?: NodeJS.ProcessEnv): Promise<CliResult> => chain.buildAt(out, extra, root, env);
const incrementalMatchesFull = () => chain.matchesFull();

beforeAll(async () => {
  chain = await startChain('jiyue-incremental-');
  ({ content, inc } = chain);
}, 180_000);

describe('an incremental build equals a clean full build', () => {
  it('after no change at all: answered from the last build (src/pipeline/unchanged.ts), the output not touched', async () => {
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual([]);
    expect(r.stdout).toContain('\n没有变化：');
    expect(timingsOf(r).unchanged).toBeGreaterThan(0);
  });

  it('after no change at all, without that record: reusing every site and keeping the group index in the output as it is', async () => {
    fs.rmSync(path.join(path.dirname(inc), '.cache-dist', 'unchanged.json'));
    const group = path.join(inc, 'sites', 'www', 'pagefind-group');
    const before = new Map(fs.readdirSync(group).map((f) => [f, fs.statSync(path.join(group, f)).ino]));
    const r = await incrementalMatchesFull();
    expect(r.stdout).not.toContain('\n没有变化：');
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

  it('after a body edit: only that site is rebuilt, its unchanged pages keeping their compressed copies', async () => {
    // A compressed copy in the cache whose bytes are not its record's (edited in place): made again, not taken.
    const cachedAbout = path.join(path.dirname(inc), '.cache-dist', 'units', 'fgw', 'out', 'pages', 'about', 'index.html.gz');
    const aboutGz = fs.readFileSync(cachedAbout);
    fs.writeFileSync(cachedAbout, zlib.gzipSync('<p>伪造的页面</p>'));
    edit('fgw/zcwj/2024-tzgl.md', (t) => t.replace('现将办法印发给你们。', '现将办法印发给你们，请认真贯彻执行。'));
    const r = await incrementalMatchesFull();
    expect(builtSites(r)).toEqual(['fgw']);
    expect(reasonsOf(r)).toEqual({ fgw: '正文变化（1 篇）' });
    expect(fs.readFileSync(path.join(inc, 'sites', 'fgw', 'zcwj', '2024-tzgl', 'index.html'), 'utf8')).toContain('请认真贯彻执行');
    expect(fs.readFileSync(path.join(inc, 'sites', 'fgw', 'pages', 'about', 'index.html.gz')).equals(aboutGz)).toBe(true);
    // Pages whose bytes did not change took their .gz and .br from fgw's last build (the whole tree equals the full build's).
    expect(timingsOf(r)['worker.compressReused']).toBeGreaterThan(5);
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
});
