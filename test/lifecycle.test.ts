/**
 * Site and content lifecycle (docs/lifecycle.md) on the mini fixture, through the real CLI:
 * archiving and un-archiving a site (one site.yaml change each), a temporarily closed site, the
 * published-URL ledger (renamed slug, moved column), and the generated redirect rules served by
 * a real nginx with Host headers for the old domains.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/plan/manifest.ts';
import { loadGroup } from '../src/model/load.ts';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { copyFixture, runBuild, runCli, snapshotTree, tempDir, THEMES_DIR } from './helpers.ts';
import { launchChromium } from './browser.ts';
import { follow, get, rawHead, startNginx, type RunningNginx } from './nginx.ts';

// ── helpers ───────────────────────────────────────────────────────────────────────────────

const edit = (file: string, change: (s: string) => string) => fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
const readManifest = (out: string): Manifest => JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
const html = (file: string) => fromHtml(fs.readFileSync(file, 'utf8'));
const text = (n: Root | Element) => toText(n).replace(/\s+/g, ' ').trim();
function byData(tree: Root | Element, value: string): Element[] {
  const out: Element[] = [];
  visit(tree, 'element', (e: Element) => {
    if (e.properties.dataJiyue === value) out.push(e);
  });
  return out;
}
function byTag(tree: Root | Element, tag: string): Element[] {
  const out: Element[] = [];
  visit(tree, 'element', (e: Element) => {
    if (e.tagName === tag) out.push(e);
  });
  return out;
}
const titleOf = (tree: Root) => text(byTag(tree, 'title')[0]);

/** `old` and `shut` as active sites: the group before the lifecycle changes. */
function activate(content: string, site: 'old' | 'shut') {
  edit(path.join(content, site, 'site.yaml'), (s) => s.replace(/^status: \w+$/m, 'status: active'));
}

const HOSTS = ['www.test.gov.cn', 'fgw.test.gov.cn', 'old.test.gov.cn', 'shut.test.gov.cn'];
/** nginx servers as ops configure them: one per host, root = the folder deployed there. */
function servers(out: string) {
  const m = readManifest(out);
  return HOSTS.map((host) => {
    const s = m.sites.find((x) => new URL(x.url).host === host && new URL(x.url).pathname === '/');
    return { host, root: s ? path.join(out, s.folder) : undefined };
  });
}

/** The lifecycle state of the mini group, built in order, each against the previous manifest. */
const state: { content: string; parent: string; before: string; archived: string; unarchived: string } = {} as never;
let nginx: RunningNginx | undefined;

afterAll(async () => {
  await nginx?.stop();
});

describe('archiving a site, closing a site, and un-archiving again', () => {
  beforeAll(async () => {
    state.content = copyFixture('mini');
    state.parent = tempDir('jiyue-lifecycle-');
    // 1. Before: every site active.
    activate(state.content, 'old');
    activate(state.content, 'shut');
    state.before = path.join(state.parent, 'before');
    let r = await runBuild(state.content, state.before);
    if (r.code !== 0) throw new Error(r.stderr);
    // 2. Archive old and close shut: one site.yaml change each. The ledger compares with build 1.
    fs.cpSync(path.join(import.meta.dirname, 'fixtures', 'mini', 'old', 'site.yaml'), path.join(state.content, 'old', 'site.yaml'));
    fs.cpSync(path.join(import.meta.dirname, 'fixtures', 'mini', 'shut', 'site.yaml'), path.join(state.content, 'shut', 'site.yaml'));
    state.archived = path.join(state.parent, 'archived');
    r = await runBuild(state.content, state.archived, ['--previous-manifest', path.join(state.before, 'manifest.json')]);
    if (r.code !== 0) throw new Error(r.stderr);
    // 3. Un-archive old again (shut stays closed); the ledger compares with build 2.
    activate(state.content, 'old');
    state.unarchived = path.join(state.parent, 'unarchived');
    r = await runBuild(state.content, state.unarchived, ['--previous-manifest', path.join(state.archived, 'manifest.json')]);
    if (r.code !== 0) throw new Error(r.stderr);
  });

  it('moves the archived site under the portal at /archive/old/ and lists it there', () => {
    const m = readManifest(state.archived);
    expect(m.sites.find((s) => s.id === 'old')).toMatchObject({ url: 'https://www.test.gov.cn/archive/old/', folder: 'sites/www/archive/old', status: 'archived' });
    const index = html(path.join(state.archived, 'sites/www/archive/index.html'));
    const row = byTag(byData(index, 'archived-sites')[0], 'tr').find((tr) => tr.properties.dataSite === 'old')!;
    expect(byTag(row, 'td').map(text)).toEqual(['测试市旅游局', '2026年11月1日', '机构改革', '测试市发展和改革委员会']);
    expect(byTag(row, 'a').map((a) => a.properties.href)).toEqual(['/archive/old/', 'https://fgw.test.gov.cn/']);
    const closedRow = byTag(byData(index, 'closed-sites')[0], 'tr').find((tr) => tr.properties.dataSite === 'shut')!;
    expect(byTag(closedRow, 'td').map(text)).toEqual(['测试市科技局', '2026年11月10日 至 2026年12月1日', '系统升级']);
    // Archived sites leave the active directory and the 部门动态 list of the portal home.
    const home = html(path.join(state.archived, 'sites/www/index.html'));
    const directory = byData(home, 'offline-notice');
    expect(directory).toHaveLength(1);
    const active = byTag(home, 'ul').find((u) => (u.properties.className as string[] | undefined)?.join(' ') === 'directory-list')!;
    expect(byTag(active, 'a').map(text)).toEqual(['测试市发展和改革委员会']);
    expect(byTag(home, 'a').some((a) => text(a) === '旅游动态' && String(a.properties.href).includes('2025-ly'))).toBe(false);
  });

  it('shows the banner with the archive date on every page of the archived site', () => {
    const m = readManifest(state.archived);
    const pages = m.pages.filter((p) => p.site === 'old');
    expect(pages.length).toBe(6);
    for (const p of pages) {
      const tree = html(path.join(state.archived, 'sites/www/archive/old', p.file));
      const banner = byData(tree, 'archived-banner');
      expect(banner, p.file).toHaveLength(1);
      expect(byTag(banner[0], 'time').map((t) => t.properties.dateTime)).toEqual(['2026-11-01']);
      expect(text(banner[0])).toContain('已归档 归档时间：2026年11月1日 原因：机构改革');
      expect(titleOf(tree), p.file).toMatch(/^\[已归档\] /);
    }
  });

  it('emits redirect rules for every old URL of the archived site and the closed site', () => {
    const m = readManifest(state.archived);
    const before = readManifest(state.before);
    const moved = Object.fromEntries(m.redirects.map((r) => [r.from, r]));
    for (const p of before.pages.filter((x) => x.site === 'old')) {
      expect(moved[p.url], p.url).toMatchObject({ status: 301, reason: 'archived', to: p.url.replace('https://old.test.gov.cn/', 'https://www.test.gov.cn/archive/old/') });
    }
    for (const p of before.pages.filter((x) => x.site === 'shut' && x.type !== 'home' && x.type !== 'notFound')) {
      expect(moved[p.url], p.url).toMatchObject({ status: 302, reason: 'closed', to: 'https://shut.test.gov.cn/' });
    }
    const dir = path.join(state.archived, 'redirects');
    expect(fs.readFileSync(path.join(dir, 'hosts/old.test.gov.cn/_redirects'), 'utf8')).toContain('\n/*  https://www.test.gov.cn/archive/old/:splat  301\n');
    expect(fs.readFileSync(path.join(dir, 'hosts/shut.test.gov.cn/_redirects'), 'utf8')).toContain('\n/*  /  302\n');
    const map = fs.readFileSync(path.join(dir, 'nginx/redirects.map.conf'), 'utf8');
    // The rest of the path is copied into Location: never a control character (header injection).
    expect(map).toContain('"~^old\\.test\\.gov\\.cn/([^\\x00-\\x1f\\x7f]*)$" "https://www.test.gov.cn/archive/old/$1";');
  });

  it('builds the closed site to its notice only', () => {
    const files = fs.readdirSync(path.join(state.archived, 'sites/shut'), { recursive: true }).map(String).filter((f) => f.endsWith('.html')).sort();
    expect(files).toEqual(['404.html', 'index.html']);
    const notices = html(path.join(state.archived, 'sites/www/notices/index.html'));
    expect(text(byData(notices, 'closure-announcement')[0])).toContain('因系统升级，测试市科技局网站（shut.test.gov.cn）自2026年11月10日至2026年12月1日临时关停。');
  });

  describe('served by nginx', () => {
    beforeAll(async () => {
      nginx = await startNginx(state.archived, servers(state.archived));
    });
    afterAll(async () => {
      await nginx?.stop();
      nginx = undefined;
    });

    it('resolves every URL of the pre-archive manifest: moved page with banner, or the closure notice', async () => {
      const before = readManifest(state.before);
      for (const p of before.pages) {
        const { chain, final, url } = await follow(nginx!.port, p.url);
        expect(final.status, `${p.url} → ${JSON.stringify(chain)}`).toBe(200);
        const tree = fromHtml(final.body);
        if (p.site === 'old') {
          expect(chain[0].status).toBe(301);
          expect(url).toBe(p.url.replace('https://old.test.gov.cn/', 'https://www.test.gov.cn/archive/old/'));
          expect(byData(tree, 'archived-banner').flatMap((b) => byTag(b, 'time')).map((t) => t.properties.dateTime), p.url).toEqual(['2026-11-01']);
        } else if (p.site === 'shut') {
          expect(byData(tree, 'closure-notice'), p.url).toHaveLength(1);
          if (p.type !== 'home' && p.type !== 'notFound') expect(chain.map((c) => c.status)).toEqual([302, 200]);
        } else {
          expect(chain).toHaveLength(1);
        }
      }
      // The closed site's assets and its notice are served, not redirected.
      const shutCss = fs.readdirSync(path.join(state.archived, 'sites/shut/assets')).find((f) => /^jiyue\.[0-9a-f]{10}\.css$/.test(f));
      expect((await get(nginx!.port, `https://shut.test.gov.cn/assets/${shutCss}`)).status).toBe(200);
      expect((await get(nginx!.port, 'https://shut.test.gov.cn/')).status).toBe(200);
      // Any other URL of the closed site, even one never published, answers with the notice.
      expect((await get(nginx!.port, 'https://shut.test.gov.cn/news/whatever/?q=1')).location).toBe('https://shut.test.gov.cn/?q=1');
    });
  });

  describe('redirects never copy a request’s control characters into a header (header injection)', () => {
    it('answers CR, LF and NUL in the path of every redirect kind with 400, and an overlong path without a redirect', async () => {
      const server = await startNginx(state.archived, servers(state.archived));
      try {
        // Every prefix redirect the build wrote (the archived site's old domain, the closed site, their 繁體 twins).
        const map = fs.readFileSync(path.join(state.archived, 'redirects', 'nginx', 'redirects.map.conf'), 'utf8');
        const prefixes = [...map.matchAll(/^ {4}"~\^([^"(]+?)(?:\(\?!|\(\[)/gm)].map((m) => m[1].replace(/\\(.)/g, '$1'));
        expect(prefixes.length).toBeGreaterThanOrEqual(2);
        for (const prefix of prefixes) {
          const host = prefix.slice(0, prefix.indexOf('/'));
          const base = prefix.slice(prefix.indexOf('/'));
          // Before the fix nginx answered 301 with "Location: …/x\rSet-Cookie: jiyue=pwned; Domain=test.gov.cn".
          for (const evil of ['x%0dSet-Cookie:%20jiyue=pwned;%20Domain=test.gov.cn', 'x%0aSet-Cookie:%20jiyue=pwned', 'x%0D%0ASet-Cookie:%20a=b', 'x%00y']) {
            const head = await rawHead(server.port, host, `${base}${evil}`);
            expect(head.split('\r\n')[0], `${host}${base}${evil}`).toMatch(/^HTTP\/1\.1 400 /);
            expect(head).not.toMatch(/set-cookie/i);
            // No bare CR or LF anywhere in the header block (Chromium takes a bare CR as a line break).
            expect(/[\r\n]/.test(head.split('\r\n').join(''))).toBe(false);
          }
          // A plain path below the prefix still redirects.
          expect((await rawHead(server.port, host, `${base}plain/`)).split('\r\n')[0]).toMatch(/^HTTP\/1\.1 30[12] /);
          const long = await rawHead(server.port, host, `${base}${'a'.repeat(20_000)}`);
          expect(long.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 (414|400) /);
        }
        // And as a citizen's browser follows the link: no cookie for the parent domain.
        const browser = await launchChromium(['--host-resolver-rules=MAP *.test.gov.cn 127.0.0.1']);
        try {
          const context = await browser.newContext();
          const page = await context.newPage();
          const response = await page.goto(`http://old.test.gov.cn:${server.port}/x%0dSet-Cookie:%20jiyue=pwned;%20Domain=test.gov.cn`);
          expect(response?.status()).toBe(400);
          expect(await context.cookies()).toEqual([]);
        } finally {
          await browser.close();
        }
      } finally {
        await server.stop();
      }
    });
  });

  describe('un-archiving (status back to active)', () => {
    it('serves the site at its own domain again, without the banner', () => {
      const m = readManifest(state.unarchived);
      expect(m.sites.find((s) => s.id === 'old')).toMatchObject({ url: 'https://old.test.gov.cn/', folder: 'sites/old', status: 'active' });
      const tree = html(path.join(state.unarchived, 'sites/old/news/2025-ly/index.html'));
      expect(byData(tree, 'archived-banner')).toEqual([]);
      expect(titleOf(tree)).not.toContain('已归档');
      expect(fs.existsSync(path.join(state.unarchived, 'sites/www/archive/old'))).toBe(false);
    });

    it('redirects the archive URLs back to the domain, for real', async () => {
      const server = await startNginx(state.unarchived, servers(state.unarchived));
      try {
        const archived = readManifest(state.archived);
        for (const p of archived.pages.filter((x) => x.site === 'old')) {
          const { chain, final, url } = await follow(server.port, p.url);
          expect(chain.map((c) => c.status), p.url).toEqual([301, 200]);
          expect(url).toBe(p.url.replace('https://www.test.gov.cn/archive/old/', 'https://old.test.gov.cn/'));
          expect(final.body).not.toContain('archived-banner');
        }
        // And the URLs of the old domain that redirected while archived are pages again.
        for (const r of archived.redirects.filter((x) => x.site === 'old')) {
          expect((await follow(server.port, r.from)).chain.map((c) => c.status), r.from).toEqual([200]);
        }
      } finally {
        await server.stop();
      }
    });
  });
});

describe('the offline notice on the portal home (30 days after the archive date)', () => {
  const homeNotices = async (now: string) => {
    const out = path.join(tempDir('jiyue-notice-'), 'dist');
    const r = await runCli(['build', '--content', path.join(import.meta.dirname, 'fixtures', 'mini'), '--out', out, '--now', now]);
    expect(r.code, r.stderr).toBe(0);
    return {
      home: byData(html(path.join(out, 'sites/www/index.html')), 'offline-notice'),
      notices: byData(html(path.join(out, 'sites/www/notices/index.html')), 'offline-notice'),
    };
  };

  it('shows it on the home page up to day 30, then only on the notices page', async () => {
    const day30 = await homeNotices('2026-12-01');
    expect(day30.home).toHaveLength(1);
    expect(text(day30.home[0])).toContain('关于测试市旅游局网站下线的公告');
    expect(text(day30.home[0])).toContain('因机构改革，测试市旅游局网站（old.test.gov.cn）已于2026年11月1日下线。');
    expect(byTag(day30.home[0], 'a').map((a) => a.properties.href)).toEqual(['/archive/old/', 'https://fgw.test.gov.cn/']);
    const day31 = await homeNotices('2026-12-02');
    expect(day31.home).toEqual([]);
    expect(day31.notices).toHaveLength(1);
    expect(text(day31.notices[0])).toContain('原网站内容已整合迁移至测试市人民政府门户网站并归档保存');
  });
});

describe('the published-URL ledger', () => {
  let content: string;
  let previous: string;

  beforeAll(async () => {
    content = copyFixture('mini');
    previous = path.join(tempDir('jiyue-ledger-'), 'dist');
    const r = await runBuild(content, previous);
    if (r.code !== 0) throw new Error(r.stderr);
  });

  it('fails on a renamed slug, naming the URL, its source file and the fix; the previous output stays', async () => {
    fs.renameSync(path.join(content, 'fgw/gzdt/2026-11-12-dt.md'), path.join(content, 'fgw/gzdt/2026-11-12-gzdt.md'));
    const before = snapshotTree(previous);
    const r = await runBuild(content, previous);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'fgw/gzdt/2026-11-12-dt.md URL-LOST 错误：网址 https://fgw.test.gov.cn/gzdt/2026-11-12-dt/ 上次构建已发布（来自 fgw/gzdt/2026-11-12-dt.md），本次构建不再发布，也没有重定向到其他网址',
    );
    expect(r.stderr).toContain('修改建议：恢复 fgw/gzdt/2026-11-12-dt.md（文件名和栏目决定网址，发布后不要再改），或在 fgw/site.yaml 中声明重定向：');
    expect(r.stderr).toContain('- { from: /gzdt/2026-11-12-dt/, to: /gzdt/2026-11-12-gzdt/ }');
    expect(r.stderr).toContain('共 1 个错误');
    const after = snapshotTree(previous);
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it('passes once the redirect is declared, and emits it (checked with nginx)', async () => {
    edit(path.join(content, 'fgw/site.yaml'), (s) => `${s}redirects:\n  - { from: /gzdt/2026-11-12-dt/, to: /gzdt/2026-11-12-gzdt/ }\n`);
    const r = await runBuild(content, previous);
    expect(r.code, r.stderr).toBe(0);
    const m = readManifest(previous);
    expect(m.redirects).toContainEqual({ from: 'https://fgw.test.gov.cn/gzdt/2026-11-12-dt/', to: 'https://fgw.test.gov.cn/gzdt/2026-11-12-gzdt/', status: 301, reason: 'declared', site: 'fgw' });
    expect(fs.readFileSync(path.join(previous, 'redirects/hosts/fgw.test.gov.cn/_redirects'), 'utf8')).toContain('\n/gzdt/2026-11-12-dt/  /gzdt/2026-11-12-gzdt/  301\n');
    const server = await startNginx(previous, servers(previous));
    try {
      const hop = await get(server.port, 'https://fgw.test.gov.cn/gzdt/2026-11-12-dt/');
      expect([hop.status, hop.location]).toEqual([301, 'https://fgw.test.gov.cn/gzdt/2026-11-12-gzdt/']);
      expect((await get(server.port, 'https://fgw.test.gov.cn/gzdt/2026-11-12-gzdt/')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('keeps the redirect even after the declaration is removed (carried from the previous manifest)', async () => {
    edit(path.join(content, 'fgw/site.yaml'), (s) => s.replace(/redirects:\n.*\n$/, ''));
    const r = await runBuild(content, previous);
    expect(r.code, r.stderr).toBe(0);
    expect(readManifest(previous).redirects).toContainEqual(expect.objectContaining({ from: 'https://fgw.test.gov.cn/gzdt/2026-11-12-dt/', to: 'https://fgw.test.gov.cn/gzdt/2026-11-12-gzdt/', reason: 'carried' }));
  });

  it('fails on a moved column for every URL below it, and passes with a folder redirect', async () => {
    fs.renameSync(path.join(content, 'fgw/zcjd'), path.join(content, 'fgw/jd'));
    edit(path.join(content, 'fgw/site.yaml'), (s) => s.replace('{ id: zcjd,', '{ id: jd,'));
    edit(path.join(content, 'fgw/zcwj/2024-tzgl.md'), (s) => s.replace('../zcjd/', '../jd/'));
    const manifestFile = path.join(tempDir('jiyue-prev-'), 'manifest.json');
    fs.copyFileSync(path.join(previous, 'manifest.json'), manifestFile);
    const out = path.join(tempDir('jiyue-moved-'), 'dist');
    let r = await runBuild(content, out, ['--previous-manifest', manifestFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fgw/site.yaml URL-LOST 错误：网址 https://fgw.test.gov.cn/zcjd/ 上次构建已发布，本次构建不再发布');
    expect(r.stderr).toContain('fgw/zcjd/2024-tzgl-jd.md URL-LOST 错误：网址 https://fgw.test.gov.cn/zcjd/2024-tzgl-jd/ 上次构建已发布（来自 fgw/zcjd/2024-tzgl-jd.md）');
    expect(r.stderr).toContain('- { from: /zcjd/2024-tzgl-jd/, to: /jd/2024-tzgl-jd/ }');
    expect(r.stderr).toContain('共 2 个错误');

    edit(path.join(content, 'fgw/site.yaml'), (s) => `${s}redirects:\n  - { from: /zcjd/*, to: /jd/* }\n`);
    r = await runBuild(content, out, ['--previous-manifest', manifestFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'redirects/hosts/fgw.test.gov.cn/_redirects'), 'utf8')).toContain('\n/zcjd/*  /jd/:splat  301\n');
    const server = await startNginx(out, servers(out));
    try {
      for (const old of ['https://fgw.test.gov.cn/zcjd/', 'https://fgw.test.gov.cn/zcjd/2024-tzgl-jd/']) {
        const { chain, url } = await follow(server.port, old);
        expect(chain.map((c) => c.status), old).toEqual([301, 200]);
        expect(url).toBe(old.replace('/zcjd/', '/jd/'));
      }
      // The carried rename from the previous manifest still works too.
      expect((await get(server.port, 'https://fgw.test.gov.cn/gzdt/2026-11-12-dt/')).location).toBe('https://fgw.test.gov.cn/gzdt/2026-11-12-gzdt/');
    } finally {
      await server.stop();
    }
  });

  it('refuses a redirect whose target is not published, or that would hide a page', async () => {
    const c = copyFixture('mini');
    edit(path.join(c, 'fgw/site.yaml'), (s) => `${s}redirects:\n  - { from: /gzdt/x/, to: /gzdt/nowhere/ }\n  - { from: /zcwj/, to: /gzdt/ }\n`);
    const r = await runBuild(c, path.join(tempDir(), 'dist'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fgw/site.yaml:21:27 REDIRECT-BAD-TARGET 错误：重定向去向 "/gzdt/nowhere/" 无效：目标 https://fgw.test.gov.cn/gzdt/nowhere/ 本次构建没有发布');
    expect(r.stderr).toContain('fgw/site.yaml:22:13 REDIRECT-SHADOWS-PAGE 错误：重定向来源 "/zcwj/" 是本次构建发布的页面 https://fgw.test.gov.cn/zcwj/');
  });
});

describe('closure limits and dates', () => {
  const now = parseJiyueDate('2026-11-20') as JiyueDate;
  const load = (c: string, at: JiyueDate = now) => loadGroup({ contentDir: c, themesDir: THEMES_DIR, now: at });
  const where = (d: { ruleId: string; file?: string; line?: number; severity: string }) => `${d.file}:${d.line} ${d.ruleId} ${d.severity}`;

  it('warns past 30 days (聊城, configurable) and 60 days (Tianjin), and on a second closure in a year', () => {
    const c = copyFixture('mini');
    edit(path.join(c, 'shut/site.yaml'), (s) =>
      s.replace('to: 2026-12-01', 'to: 2027-01-15') + 'closures:\n  - { from: 2026-03-01, to: 2026-03-10, reason: 机房搬迁 }\n',
    );
    const { diagnostics } = load(c);
    expect(diagnostics.map(where).sort()).toEqual([
      'shut/site.yaml:20 CLOSURE-TWICE-A-YEAR warning',
      'shut/site.yaml:21 CLOSURE-OVER-60-DAYS warning',
      'shut/site.yaml:21 CLOSURE-TOO-LONG warning',
    ]);
    expect(diagnostics.find((d) => d.ruleId === 'CLOSURE-TOO-LONG')!.message).toBe('临时关停 67 天，超过 30 天的上限（临时下线时间不得超过 30 天）');
    expect(diagnostics.find((d) => d.ruleId === 'CLOSURE-TWICE-A-YEAR')!.message).toBe('2026 年已经临时关停过（2026-03-01 至 2026-03-10：机房搬迁），临时关停每年不得超过 1 次');
    edit(path.join(c, 'group.yaml'), (s) => `${s}closureMaxDays: 90\n`);
    expect(load(c).diagnostics.map((d) => d.ruleId).sort()).toEqual(['CLOSURE-OVER-60-DAYS', 'CLOSURE-TWICE-A-YEAR']);
  });

  it('builds a site whose closure has ended normally again, and says so', async () => {
    const out = path.join(tempDir('jiyue-reopen-'), 'dist');
    const r = await runCli(['build', '--content', path.join(import.meta.dirname, 'fixtures', 'mini'), '--out', out, '--now', '2026-12-02']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shut/site.yaml:18:9 CLOSURE-ENDED 警告：临时关停已于 2026-12-01 结束，本次构建按正常网站生成全部页面');
    expect(r.stdout).toMatch(/站点\s+4（运行 3，已归档 1）/);
    expect(fs.existsSync(path.join(out, 'sites/shut/news/2026-kj/index.html'))).toBe(true);
    expect(readManifest(out).sites.find((s) => s.id === 'shut')!.status).toBe('active');
  });

  it('refuses to close or archive the portal', () => {
    const c = copyFixture('mini');
    edit(path.join(c, 'www/site.yaml'), (s) => `${s}status: closed\nclosure: { from: 2026-11-10, to: 2026-11-30, reason: 升级 }\n`);
    expect(load(c).diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId)).toEqual(['LIFECYCLE-PORTAL-STATUS']);
  });
});

describe('migrating sites, archived columns and invalid policies', () => {
  let out: string;
  beforeAll(async () => {
    const c = copyFixture('mini');
    edit(path.join(c, 'fgw/site.yaml'), (s) =>
      s.replace('{ id: gzdt, name: 工作动态, type: news }', '{ id: gzdt, name: 工作动态, type: news, archived: 2026-10-31 }') +
        'status: migrating\nmigration: { to: www, notice: 迁移完成后本网站将下线。 }\n',
    );
    edit(path.join(c, 'fgw/zcwj/2024-tzgl.md'), (s) => s.replace('validity: 有效', 'validity: 废止'));
    out = path.join(tempDir('jiyue-migrating-'), 'dist');
    const r = await runBuild(c, out);
    if (r.code !== 0) throw new Error(r.stderr);
  });

  it('shows the 迁移公告 on the home page and the migration banner on every page', () => {
    const home = html(path.join(out, 'sites/fgw/index.html'));
    const notice = byData(home, 'migration-notice');
    expect(notice).toHaveLength(1);
    expect(text(notice[0])).toContain('测试市发展和改革委员会网站的内容正在整合迁移至 测试市人民政府');
    expect(text(notice[0])).toContain('迁移完成后本网站将下线。');
    for (const p of readManifest(out).pages.filter((x) => x.site === 'fgw')) {
      const banner = byData(html(path.join(out, 'sites/fgw', p.file)), 'migration-banner');
      expect(banner, p.file).toHaveLength(1);
      expect(byTag(banner[0], 'a').map((a) => a.properties.href)).toEqual(['https://www.test.gov.cn/']);
    }
  });

  it('marks the archived column and its pages, and keeps them out of latest lists', () => {
    for (const file of ['gzdt/index.html', 'gzdt/2026-11-12-dt/index.html']) {
      const tree = html(path.join(out, 'sites/fgw', file));
      expect(byData(tree, 'archived-banner').flatMap((b) => byTag(b, 'time')).map((t) => t.properties.dateTime), file).toEqual(['2026-10-31']);
      expect(titleOf(tree)).toMatch(/^\[已归档\] /);
    }
    const home = fs.readFileSync(path.join(out, 'sites/fgw/index.html'), 'utf8');
    expect(home).not.toContain('2026-11-12-dt');
    expect(fs.readFileSync(path.join(out, 'sites/www/index.html'), 'utf8')).not.toContain('2026-11-12-dt');
  });

  it('shows 废止 prominently on the policy and in its list', () => {
    const tree = html(path.join(out, 'sites/fgw/zcwj/2024-tzgl/index.html'));
    expect(text(byData(tree, 'validity-banner')[0])).toBe('本文件已废止，仅供查阅，不再执行。');
    expect(text(byData(tree, 'disclosure-block')[0])).toContain('有效性 废止');
    const list = html(path.join(out, 'sites/fgw/zcwj/index.html'));
    expect(byTag(list, 'span').filter((s) => (s.properties.className as string[] | undefined)?.includes('tag-invalid')).map(text)).toEqual(['已废止']);
  });
});

describe('paths mode', () => {
  it('keeps the archived site at /old/ (no redirect needed) and answers the closed site with its notice', async () => {
    const c = copyFixture('mini');
    edit(path.join(c, 'group.yaml'), (s) => s.replace('urlMode: domains', 'urlMode: paths'));
    const out = path.join(tempDir('jiyue-paths-lc-'), 'dist');
    const r = await runBuild(c, out);
    expect(r.code, r.stderr).toBe(0);
    const m = readManifest(out);
    expect(m.sites.find((s) => s.id === 'old')).toMatchObject({ url: 'https://www.test.gov.cn/old/', folder: 'sites/old' });
    const index = html(path.join(out, 'sites/www/archive/index.html'));
    expect(byTag(byData(index, 'archived-sites')[0], 'a').map((a) => a.properties.href)).toContain('/old/');
    const map = fs.readFileSync(path.join(out, 'redirects/nginx/redirects.map.conf'), 'utf8');
    expect(map).not.toContain('archived');
    expect(map).toContain('"~^www\\.test\\.gov\\.cn/shut/(?!(?:|404\\.html|assets/.*)$)([^\\x00-\\x1f\\x7f]*)$" "https://www.test.gov.cn/shut/";');
    expect(fs.readFileSync(path.join(out, 'redirects/hosts/www.test.gov.cn/_redirects'), 'utf8')).toContain('\n/shut/*  /shut/  302\n');
  });
});
