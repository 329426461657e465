/**
 * What ops deploy: the nginx configuration the build generates (served by Debian nginx through
 * `preview --nginx`, which renders the same configuration for loopback ports), its headers,
 * compression, caching and Content-Security-Policy (nothing on any demo page it refuses, and a
 * page of every kind loads with no violation),
 * and releases that switch atomically and roll back, under load.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNginxPreview, type NginxPreview } from '../src/cli/preview-nginx.ts';
import { CONTENT_SECURITY_POLICY, deployedParams, nginxConfig } from '../src/deploy/nginx.ts';
import { DEFAULT_DEPLOY_ROOT } from '../src/lib/files.ts';
import { readManifestFile, type Manifest } from '../src/plan/manifest.ts';
import { launchChromium } from './browser.ts';
import { cspProblems } from './csp.ts';
import { copyFixture, demoBuild, listFiles, runBuild, runCli, tempDir, THEMES_DIR } from './helpers.ts';

/** A GET with the headers given, the body as received (still compressed). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

describe('the generated nginx configuration, on the demo group', () => {
  let out: string;
  let preview: NginxPreview;
  let browser: Browser;
  const url = (site: string, p = '') => `${preview.sites.find((s) => s.id === site)!.localUrl}${p}`;

  beforeAll(async () => {
    out = await demoBuild();
    preview = await startNginxPreview({ outDir: out, port: 0 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  it('is written by the build from its manifest, and the preview renders the same files for its folder and ports', () => {
    const manifest = readManifestFile(path.join(out, 'manifest.json')).manifest!;
    const expected = nginxConfig(manifest, deployedParams(DEFAULT_DEPLOY_ROOT, manifest.generator));
    const written = listFiles(path.join(out, 'deploy', 'nginx'));
    expect(written).toEqual([...expected.keys()].sort());
    for (const [rel, text] of expected) expect(fs.readFileSync(path.join(out, 'deploy', 'nginx', rel), 'utf8'), rel).toBe(text);
    // The preview's copy differs only in the root, the config folder, listen and the ops include folder.
    const norm = (text: string, root: string, conf: string) =>
      text
        .replaceAll(conf, '<conf>')
        .replaceAll(root, '<root>')
        .replace(/^# .*$/m, '#')
        .replace(/^ {4}listen .*\n/gm, '')
        .replace(/"[^"]*\/(all|hosts\/[^"]+)\/\*\.conf"/g, '"<extra>/$1/*.conf"')
        .replace(/(Copy to )\S+/g, '$1<extra>');
    // The preview reaches each site by its own port, not by name: it has no catch-all default server.
    expect(written).toContain('servers/_default.conf');
    expect(fs.readFileSync(path.join(out, 'deploy', 'nginx', 'servers/_default.conf'), 'utf8')).toMatch(/listen 80 default_server;\n {4}listen \[::\]:80 default_server;\n {4}server_name _;\n {4}return 444;/);
    expect(fs.existsSync(path.join(preview.configDir, 'servers/_default.conf'))).toBe(false);
    for (const rel of written.filter((f) => f !== 'servers/_default.conf')) {
      expect(norm(fs.readFileSync(path.join(preview.configDir, rel), 'utf8'), out, preview.configDir), rel).toBe(
        norm(fs.readFileSync(path.join(out, 'deploy', 'nginx', rel), 'utf8'), DEFAULT_DEPLOY_ROOT, `${DEFAULT_DEPLOY_ROOT}/deploy/nginx`),
      );
    }
    expect(preview.test().status, preview.test().output).toBe(0);
  });

  it('falls back to the .gz files on a server without the Brotli module', async () => {
    const plainServer = await startNginxPreview({ outDir: out, port: 0 }, { brotli: false });
    try {
      expect(plainServer.brotli).toBe(false);
      expect(plainServer.test().status, plainServer.test().output).toBe(0);
      const home = `${plainServer.sites.find((s) => s.id === 'www')!.localUrl}`;
      const r = await get(home, { 'accept-encoding': 'gzip, deflate, br' });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(r.body).equals(fs.readFileSync(path.join(out, 'sites', 'www', 'index.html')))).toBe(true);
    } finally {
      await plainServer.close();
    }
  });

  it('serves precompressed pages and assets with the security and cache headers', async () => {
    const page = await get(url('www'), { 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(page.body).equals(fs.readFileSync(path.join(out, 'sites', 'www', 'index.html')))).toBe(true);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['cache-control']).toBe('no-cache');
    const plain = await get(url('www'));
    expect(plain.headers['content-encoding']).toBeUndefined();
    // With the Brotli module (.ci/run installs it), browsers that accept br get the .br file.
    expect(preview.brotli).toBe(true);
    const br = await get(url('www'), { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const css = /href="(\/assets\/jiyue\.[0-9a-f]{10}\.css)"/.exec(plain.body.toString('utf8'))![1];
    const asset = await get(url('www', css.slice(1)), { 'accept-encoding': 'gzip' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/^text\/css/);
    const meta = fs.readdirSync(path.join(out, 'sites', 'www', 'pagefind-group')).find((f) => f.endsWith('.pf_meta'))!;
    expect((await get(url('www', `pagefind-group/${meta}`))).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(url('www', 'pagefind-group/pagefind-entry.json'))).headers['cache-control']).toBe('no-cache');
    // Only what the build named by content is immutable: an attachment whose name merely looks hashed is revalidated
    // (a corrected file must reach every reader), wherever it is.
    for (const file of ['_shared/assets/guide.2026112001.pdf', 'gzdt/x.files/assets/tb.0123456789.pdf', 'gzdt/x.files/index.pf_meta']) {
      expect((await get(url('fgw', file))).headers['cache-control'], file).toBe('no-cache');
    }
    // Each site's own 404 page; the archived site (inside the portal's folder) has its own too.
    const missing = await get(url('fgw', 'no/such/page/'));
    expect(missing.status).toBe(404);
    expect(missing.body.toString('utf8')).toContain('页面不存在');
    expect(missing.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const archived = await get(url('www', 'archive/lyw/no-such-page/'));
    expect(archived.status).toBe(404);
    expect(archived.body.toString('utf8')).toContain('已归档');
  });

  it('answers a missing 繁體 page with the 繁體 404 page, and a closed site’s 繁體 URLs with its 繁體 notice', async () => {
    const page = await get(url('fgw', 'zh-hant/gzdt/2024-06-20-jieneng/'));
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toContain('<html lang="zh-Hant">');
    const missing = await get(url('fgw', 'zh-hant/no/such/page/'));
    expect(missing.status).toBe(404);
    expect(missing.body.toString('utf8')).toContain('<html lang="zh-Hant">');
    expect(missing.body.toString('utf8')).toContain('頁面不存在');
    const archived = await get(url('www', 'archive/lyw/zh-hant/no-such-page/'));
    expect(archived.status).toBe(404);
    expect(archived.body.toString('utf8')).toContain('已歸檔');
    // The closed site: its 简体 URLs go to the 简体 notice, its 繁體 URLs to the 繁體 one. (The redirect
    // map is keyed by the host name, which the preview's loopback port does not carry: send it.)
    const host = { host: 'kjj.example.gov.cn' };
    const closed = await get(url('kjj', 'zh-hant/gzdt/x/'), host);
    expect(closed.status).toBe(302);
    expect(closed.headers.location).toBe('https://kjj.example.gov.cn/zh-hant/');
    expect((await get(url('kjj', 'gzdt/x/'), host)).headers.location).toBe('https://kjj.example.gov.cn/');
    expect((await get(url('kjj', 'zh-hant/'), host)).status).toBe(200);
    expect((await get(url('kjj', 'zh-hant/404.html'), host)).status).toBe(200);
  });

  it('has nothing the Content-Security-Policy refuses on any page of the demo, and Chromium loads a page of every kind with zero violations, search included', async () => {
    // Every page, read: what a body or a template could carry that the policy refuses (test/csp.ts).
    const pages = listFiles(path.join(out, 'sites')).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(1000);
    const refused = pages.flatMap((f) => cspProblems(fs.readFileSync(path.join(out, 'sites', ...f.split('/')), 'utf8')).map((p) => `${f}: ${p}`));
    expect(refused).toEqual([]);

    // Loaded, through the generated configuration: the first page of every kind in every column
    // of every site (an entry page per column, a list per column, each site's home, search,
    // site map, 404, notices and supervision pages), as the policy really applies.
    const manifest = readManifestFile(path.join(out, 'manifest.json')).manifest!;
    const seen = new Set<string>();
    const sample = manifest.pages.filter((p) => {
      const key = `${p.site} ${p.type} ${p.type === 'entry' || p.type === 'column' ? p.file.split('/')[0] : ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    expect(new Set(sample.map((p) => p.type))).toEqual(new Set(manifest.pages.map((p) => p.type)));
    expect(new Set(sample.map((p) => p.site))).toEqual(new Set(manifest.pages.map((p) => p.site)));
    const context = await browser.newContext();
    const violations: string[] = [];
    const watched = async () => {
      const tab = await context.newPage();
      tab.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${tab.url()}: ${m.text()}`);
      });
      await tab.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP): ${e.violatedDirective} ${e.blockedURI}`));
      });
      return tab;
    };
    // Four tabs take the pages in turn: a page's load waits on the network and the renderer, not only the CPU.
    const queue = [...sample];
    let loaded = 0;
    const tabs = await Promise.all([1, 2, 3, 4].map(() => watched()));
    await Promise.all(
      tabs.map(async (tab) => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const site = preview.sites.find((s) => s.id === p!.site)!;
          const res = await tab.goto(`${site.localUrl}${p.file.replace(/index\.html$/, '')}`, { waitUntil: 'load' });
          expect(res!.status(), p.url).toBe(200);
          loaded++;
        }
      }),
    );
    expect(loaded).toBe(sample.length);
    const page = tabs[0];
    // The search runs under the policy: WebAssembly, a worker, fetches of the index.
    await page.goto(url('www', `search/?q=${encodeURIComponent('公积金')}`));
    await page.waitForFunction(() => /^(找到|没有找到)/.test(document.getElementById('search-status')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await page.locator('#search-results > li').count()).toBeGreaterThan(0);
    // A page the policy refuses something on, under the header nginx sends, is reported: the watch itself works.
    await page.route('**/csp-probe/', async (route) => {
      const policy = (await route.fetch({ url: url('www') })).headers()['content-security-policy'];
      expect(policy).toBe(CONTENT_SECURITY_POLICY);
      await route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy }, body: '<!doctype html><p style="color:red">探针</p>' });
    });
    await page.goto(url('www', 'csp-probe/'));
    await expect.poll(() => violations.some((v) => v.includes('csp-probe'))).toBe(true);
    expect(violations.filter((v) => !v.includes('csp-probe'))).toEqual([]);
    await context.close();
  }, 300_000);
});

describe('the configuration in paths mode', () => {
  it('serves the portal at the base path and each department below it, with their own 404 pages', async () => {
    const content = copyFixture('mini');
    const group = path.join(content, 'group.yaml');
    fs.writeFileSync(group, fs.readFileSync(group, 'utf8').replace(/^urlMode: .*$/m, 'urlMode: paths').replace(/^baseUrl: .*$/m, 'baseUrl: https://www.test.gov.cn/gov'));
    const out = path.join(tempDir('jiyue-deploy-paths-'), 'dist');
    const r = await runBuild(content, out);
    expect(r.code, r.stderr).toBe(0);
    const preview = await startNginxPreview({ outDir: out, port: 0 });
    try {
      expect(preview.test().status).toBe(0);
      const portal = preview.sites.find((s) => s.id === 'www')!.localUrl;
      const fgw = preview.sites.find((s) => s.id === 'fgw')!.localUrl;
      expect(portal).toMatch(/\/gov\/$/);
      expect(fgw).toMatch(/\/gov\/fgw\/$/);
      expect((await get(portal)).status).toBe(200);
      const dept = await get(`${fgw}zcwj/`, { 'accept-encoding': 'gzip' });
      expect(dept.status).toBe(200);
      expect(zlib.gunzipSync(dept.body).toString('utf8')).toContain('政策文件');
      const css = /href="(\/gov\/fgw\/assets\/[^"]+\.css)"/.exec((await get(fgw)).body.toString('utf8'))![1];
      expect((await get(new URL(css, fgw).href)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const missing = await get(`${fgw}nothing/`);
      expect(missing.status).toBe(404);
      expect(missing.body.toString('utf8')).toContain('测试市发展和改革委员会');
    } finally {
      await preview.close();
    }
  }, 120_000);
});

describe('releases: deploy, switch, roll back', () => {
  let content: string;
  let themes: string;
  let dir: string;
  const builds: string[] = [];

  const build = async (name: string, extra: string[] = []) => {
    const out = path.join(tempDir(`jiyue-release-${name}-`), 'dist');
    const r = await runCli(['build', '--content', content, '--themes', themes, '--out', out, '--now', '2026-11-20', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    builds.push(out);
    return out;
  };
  const deploy = (out: string, extra: string[] = []) => runCli(['deploy', '--out', out, '--to', dir, ...extra]);

  beforeAll(async () => {
    content = copyFixture('mini');
    themes = path.join(tempDir('jiyue-release-themes-'), 'themes');
    fs.cpSync(THEMES_DIR, themes, { recursive: true });
    dir = path.join(tempDir('jiyue-release-'), 'site-group');
  });

  it('installs a build as a release, links unchanged files, switches atomically, keeps N and rolls back', async () => {
    const a = await build('a');
    let r = await deploy(a, ['--keep', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已部署版本');
    // The first release: nginx has to load its configuration.
    expect(r.stdout).toContain('nginx -t && nginx -s reload');
    const first = fs.readlinkSync(path.join(dir, 'current'));
    expect(fs.readFileSync(path.join(dir, 'current', 'sites', 'www', 'index.html'))).toEqual(fs.readFileSync(path.join(a, 'sites', 'www', 'index.html')));
    // The nginx configuration in the release is rendered for the deployment folder.
    expect(fs.readFileSync(path.join(dir, 'current', 'deploy', 'nginx', 'servers', 'www.test.gov.cn.conf'), 'utf8')).toContain(`root "${path.join(dir, 'current')}/sites/www";`);

    // A second build: one theme changed (new asset names), one page edited.
    const theme = path.join(themes, 'blue', 'theme.yaml');
    fs.writeFileSync(theme, fs.readFileSync(theme, 'utf8').replace(/primary: "#[0-9a-f]{6}"/i, 'primary: "#12366b"'));
    const page = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    fs.appendFileSync(page, '\n补充说明。\n');
    const b = await build('b', ['--previous-manifest', path.join(dir, 'current', 'manifest.json')]);
    r = await deploy(b, ['--keep', '2']);
    expect(r.code, r.stderr).toBe(0);
    const second = fs.readlinkSync(path.join(dir, 'current'));
    expect(second).not.toBe(first);
    // Same hosts and redirects: the switch alone is enough, nginx need not reload.
    expect(r.stdout).toContain('不需要重新加载 nginx');
    expect(r.stdout).not.toContain('nginx -s reload');
    expect(fs.readlinkSync(path.join(dir, 'previous'))).toBe(first);
    // Unchanged pages are the same inode as in the previous release; the edited one is new.
    const inode = (rel: string, release: string) => fs.statSync(path.join(dir, release, rel)).ino;
    expect(inode('sites/www/index.html', second)).toBe(inode('sites/www/index.html', first));
    expect(inode('sites/fgw/gzdt/2026-11-12-dt/index.html', second)).not.toBe(inode('sites/fgw/gzdt/2026-11-12-dt/index.html', first));
    // The old theme's assets are still there for pages loaded before the switch.
    const oldCss = fs.readdirSync(path.join(dir, first, 'sites', 'fgw', 'assets')).filter((f) => /^theme\..*\.css$/.test(f));
    for (const f of oldCss) expect(fs.existsSync(path.join(dir, second, 'sites', 'fgw', 'assets', f)), f).toBe(true);

    r = await runCli(['deploy', '--to', dir, '--rollback']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('不需要重新加载 nginx');
    expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(first);
    expect(fs.readlinkSync(path.join(dir, 'previous'))).toBe(second);

    // Two more deploys with --keep 2: the oldest release goes, the live and the previous stay.
    r = await deploy(b, ['--keep', '2']);
    expect(r.code, r.stderr).toBe(0);
    r = await deploy(b, ['--keep', '2']);
    expect(r.code, r.stderr).toBe(0);
    const kept = fs.readdirSync(path.join(dir, 'releases'));
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(kept).toContain(path.basename(fs.readlinkSync(path.join(dir, 'current'))));
    expect(kept).toContain(path.basename(fs.readlinkSync(path.join(dir, 'previous'))));
  }, 180_000);

  it('refuses a partial build, a build that does not match its manifest, and one that loses a live URL', async () => {
    const live = fs.readlinkSync(path.join(dir, 'current'));
    const partial = path.join(tempDir('jiyue-release-partial-'), 'dist');
    let r = await runCli(['build', '--content', content, '--themes', themes, '--out', partial, '--now', '2026-11-20', '--site', 'fgw']);
    expect(r.code, r.stderr).toBe(0);
    r = await deploy(partial);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('只构建了部分站点');

    const tampered = builds[builds.length - 1];
    fs.appendFileSync(path.join(tampered, 'sites', 'www', 'index.html'), '<!-- edited -->');
    r = await deploy(tampered);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('构建目录与它的校验和清单不一致，拒绝部署');
    expect(r.stderr).toContain('sites/www/index.html（内容与 SHA256SUMS 不符）');

    // An article goes live, then is deleted in a build that was not told what is live.
    const extra = path.join(content, 'fgw', 'gzdt', '2026-11-13-new.md');
    fs.writeFileSync(extra, fs.readFileSync(path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md'), 'utf8').replace(/^title: .*$/m, 'title: 发改委另一条动态').replace(/^date: .*$/m, 'date: 2026-11-13'));
    const withNew = await build('with-new', ['--previous-manifest', path.join(dir, 'current', 'manifest.json')]);
    r = await deploy(withNew);
    expect(r.code, r.stderr).toBe(0);
    const newLive = fs.readlinkSync(path.join(dir, 'current'));
    expect(newLive).not.toBe(live);
    fs.rmSync(extra);
    const lost = await build('lost');
    r = await deploy(lost);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('网址失效');
    expect(r.stderr).toContain('https://fgw.test.gov.cn/gzdt/2026-11-13-new/');
    expect(fs.readlinkSync(path.join(dir, 'current'))).toBe(newLive);

    // The editor redirects the deleted URL: the build deploys, and nginx must reload for the new rule.
    fs.appendFileSync(path.join(content, 'fgw', 'site.yaml'), 'redirects:\n  - { from: /gzdt/2026-11-13-new/, to: /gzdt/2026-11-12-dt/ }\n');
    const redirected = await build('redirected');
    r = await deploy(redirected);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('nginx -t && nginx -s reload');
    expect(fs.readFileSync(path.join(dir, 'current', 'redirects', 'nginx', 'redirects.map.conf'), 'utf8')).toContain('/gzdt/2026-11-13-new/');
  }, 180_000);

  it('verifies everything it installs: every file by one list, .gz/.br by decompression, no symlink, no unlisted file, a manifest as the build writes it', async () => {
    const good = await build('hard-good');
    const to = path.join(tempDir('jiyue-release-hard-'), 'site-group');
    const copy = (name: string) => {
      const d = path.join(tempDir(`jiyue-release-${name}-`), 'dist');
      fs.cpSync(good, d, { recursive: true, verbatimSymlinks: true });
      return d;
    };
    // The same build once more, as a second run of the build would write it (files of its own:
    // deploying `good` links its files into the release, where one is edited below).
    const again = copy('hard-again');
    const refused = async (d: string, needle: string) => {
      const r = await runCli(['deploy', '--out', d, '--to', to]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toContain(needle);
      expect(fs.existsSync(path.join(to, 'current'))).toBe(false);
    };
    expect(fs.readFileSync(path.join(good, 'SHA256SUMS'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}manifest\.json$/m);
    // A .gz that is another page (and its list line made to match): served to every browser by gzip_static.
    let d = copy('gz');
    const page = path.join(d, 'sites', 'fgw', 'index.html');
    const evil = zlib.gzipSync(Buffer.from('<p>伪造的页面</p>'));
    fs.writeFileSync(`${page}.gz`, evil);
    const sums = path.join(d, 'SHA256SUMS');
    fs.writeFileSync(sums, fs.readFileSync(sums, 'utf8').replace(/^[0-9a-f]{64}(?= {2}sites\/fgw\/index\.html\.gz$)/m, createHash('sha256').update(evil).digest('hex')));
    await refused(d, 'sites/fgw/index.html.gz（解压后与 sites/fgw/index.html 不同）');
    // An asset changed, a file nobody listed, a symlinked page.
    d = copy('asset');
    const css = fs.readdirSync(path.join(d, 'sites', 'fgw', 'assets')).find((f) => f.endsWith('.css'))!;
    fs.appendFileSync(path.join(d, 'sites', 'fgw', 'assets', css), 'body{display:none}');
    await refused(d, `sites/fgw/assets/${css}（内容与 SHA256SUMS 不符）`);
    d = copy('extra');
    fs.writeFileSync(path.join(d, 'sites', 'fgw', 'payload.html'), '<script>alert(1)</script>');
    await refused(d, 'sites/fgw/payload.html（不在 SHA256SUMS 中）');
    d = copy('symlink');
    fs.rmSync(path.join(d, 'sites', 'fgw', 'robots.txt'));
    fs.symlinkSync('/etc/passwd', path.join(d, 'sites', 'fgw', 'robots.txt'));
    await refused(d, 'sites/fgw/robots.txt（符号链接）');
    // Manifest fields that would become server configuration.
    for (const [name, change] of [
      ['generator', (m: Manifest) => ({ ...m, generator: 'jiyue\n    location / { return 200 "pwned"; }' })],
      ['folder', (m: Manifest) => ({ ...m, sites: m.sites.map((s, i) => (i === 0 ? { ...s, folder: 'sites/../../etc' } : s)) })],
    ] as const) {
      d = copy(`manifest-${name}`);
      const file = path.join(d, 'manifest.json');
      fs.writeFileSync(file, JSON.stringify(change(JSON.parse(fs.readFileSync(file, 'utf8')))));
      await refused(d, 'manifest.json');
    }
    // Refused before anything is written: not even the deploy folder.
    expect(fs.existsSync(path.join(to, 'releases'))).toBe(false);

    // Installed: the live release checks out; a file edited on the server is found by --verify and never linked onward.
    expect((await runCli(['deploy', '--out', good, '--to', to])).code).toBe(0);
    let v = await runCli(['deploy', '--to', to, '--verify']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('完好');
    const live = path.join(to, 'current', 'sites', 'fgw', 'index.html');
    const original = fs.readFileSync(live);
    fs.writeFileSync(live, '<p>被篡改的首页</p>');
    v = await runCli(['deploy', '--to', to, '--verify']);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('sites/fgw/index.html（内容与 SHA256SUMS 不符）');
    expect((await runCli(['deploy', '--out', again, '--to', to])).code).toBe(0);
    const next = path.join(to, 'current', 'sites', 'fgw', 'index.html');
    expect(fs.readFileSync(next).equals(original)).toBe(true);
    expect(fs.statSync(next).ino).not.toBe(fs.statSync(path.join(to, 'previous', 'sites', 'fgw', 'index.html')).ino);

    // One deploy at a time; a dead deploy's .partial is removed and never rolled back to.
    const lock = path.join(to, '.deploy.lock');
    fs.writeFileSync(lock, String(process.pid));
    const busy = await runCli(['deploy', '--out', again, '--to', to]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('正在向');
    fs.rmSync(lock);
    const stale = path.join(to, 'releases', '00000000T000000Z-dead.partial');
    fs.mkdirSync(stale);
    fs.writeFileSync(path.join(stale, '.jiyue-release.json'), '{}');
    const back = await runCli(['deploy', '--to', to, '--rollback']);
    expect(back.code, back.stderr).toBe(0);
    expect(fs.readlinkSync(path.join(to, 'current'))).not.toContain('.partial');
    expect(fs.existsSync(stale)).toBe(false);
  }, 240_000);

  it('ends a full disk (or any failed write) at any step in one Chinese message, with the live release untouched and nothing left behind', async () => {
    // The failure is injected into the deploy's own writes, in this process: at the first, a middle
    // and the last call of each kind of write (lock, folders, copies, links, configuration, notes,
    // the switch of previous and current), as a full disk reports it.
    // Two builds earlier tests made and left as built: the first, and the one that adds an article.
    const [a, b] = ['a', 'with-new'].map((name) => builds.find((d) => path.basename(path.dirname(d)).startsWith(`jiyue-release-${name}-`))!);
    const kinds = ['writeFileSync', 'mkdirSync', 'copyFileSync', 'linkSync', 'symlinkSync', 'renameSync'] as const;
    const original = Object.fromEntries(kinds.map((k) => [k, fs[k]])) as Record<(typeof kinds)[number], (...args: unknown[]) => unknown>;
    let counts: Record<string, number> = {};
    let failAt: { kind: string; n: number } | undefined;
    let failed = false;
    for (const k of kinds) {
      (fs as unknown as Record<string, unknown>)[k] = (...args: unknown[]) => {
        counts[k] = (counts[k] ?? 0) + 1;
        if (failAt?.kind === k && failAt.n === counts[k]) {
          failed = true;
          throw Object.assign(new Error(`ENOSPC: no space left on device, ${k} '${String(args[args.length > 1 && k !== 'writeFileSync' && k !== 'mkdirSync' ? 1 : 0])}'`), { code: 'ENOSPC', errno: -28, syscall: k, path: String(args[0]) });
        }
        return original[k](...args);
      };
    }
    const { runDeploy } = await import('../src/deploy/cli.ts');
    const { verifyLive } = await import('../src/deploy/release.ts');
    const run = async (argv: string[]) => {
      let out = '';
      let err = '';
      const code = await runDeploy(argv, { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    /** A deployment folder with build a live (deployed without failures). */
    const fresh = async () => {
      const to = path.join(tempDir('jiyue-release-enospc-'), 'site-group');
      failAt = undefined;
      expect((await run(['--out', a, '--to', to])).code).toBe(0);
      return to;
    };
    try {
      // How many writes of each kind a deploy of b over a makes.
      let to = await fresh();
      counts = {};
      const dry = await run(['--out', b, '--to', to]);
      expect(dry.code, dry.err).toBe(0);
      const total = { ...counts };
      expect(Object.keys(total).sort()).toEqual([...kinds].sort());
      let cases = 0;
      for (const kind of kinds) {
        for (const n of new Set([1, Math.ceil(total[kind] / 2), total[kind]])) {
          to = await fresh();
          const live = fs.readlinkSync(path.join(to, 'current'));
          const before = fs.readdirSync(path.join(to, 'releases')).sort();
          counts = {};
          failAt = { kind, n };
          failed = false;
          const r = await run(['--out', b, '--to', to]);
          failAt = undefined;
          expect(failed, `${kind} #${n}`).toBe(true);
          expect(r.code, `${kind} #${n}: ${r.out}`).toBe(1);
          expect(r.err, `${kind} #${n}`).toMatch(/^部署被拒绝：写入部署目录失败，磁盘空间不足（ENOSPC）：清理磁盘或用 --keep 保留更少的版本。（[^\n]+）\n线上版本没有改变。\n$/);
          expect(fs.readlinkSync(path.join(to, 'current')), `${kind} #${n}`).toBe(live);
          expect(verifyLive(to).bad, `${kind} #${n}`).toEqual([]);
          expect(fs.readdirSync(path.join(to, 'releases')).sort(), `${kind} #${n}`).toEqual(before);
          expect(fs.readdirSync(to).filter((f) => f.startsWith('.')), `${kind} #${n}`).toEqual([]);
          // The next deploy, with space again, installs b.
          const again = await run(['--out', b, '--to', to]);
          expect(again.code, `${kind} #${n}: ${again.err}`).toBe(0);
          expect(verifyLive(to).bad).toEqual([]);
          cases++;
        }
      }
      expect(cases).toBeGreaterThanOrEqual(15);
    } finally {
      Object.assign(fs, original);
    }
  }, 240_000);
});

describe('a switch under load', () => {
  it('serves every request, never a page with assets of another release, across a deploy and a rollback', async () => {
    const content = copyFixture('mini');
    const themes = path.join(tempDir('jiyue-load-themes-'), 'themes');
    fs.cpSync(THEMES_DIR, themes, { recursive: true });
    const dir = path.join(tempDir('jiyue-load-'), 'site-group');
    const build = async (name: string) => {
      const out = path.join(tempDir(`jiyue-load-${name}-`), 'dist');
      const r = await runCli(['build', '--content', content, '--themes', themes, '--out', out, '--now', '2026-11-20']);
      expect(r.code, r.stderr).toBe(0);
      return out;
    };
    const a = await build('a');
    expect((await runCli(['deploy', '--out', a, '--to', dir])).code).toBe(0);
    for (const t of ['default', 'blue', 'green']) {
      const f = path.join(themes, t, 'theme.yaml');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/primary: "#([0-9a-f]{6})"/i, (_m, hex: string) => `primary: "#${hex.slice(0, 5)}${hex[5] === '0' ? '1' : '0'}"`));
    }
    const b = await build('b');
    const preview = await startNginxPreview({ outDir: path.join(dir, 'current'), port: 0 });
    const pages = ['www', 'fgw'].map((id) => preview.sites.find((s) => s.id === id)!.localUrl);
    let requests = 0;
    const failures: string[] = [];
    const releasesSeen = new Set<string>();
    let running = true;
    const client = async () => {
      while (running) {
        for (const pageUrl of pages) {
          const page = await get(pageUrl);
          requests++;
          if (page.status !== 200) failures.push(`${pageUrl} ${page.status}`);
          const html = page.body.toString('utf8');
          releasesSeen.add(/theme\.([0-9a-f]{10})\.css/.exec(html)?.[1] ?? '?');
          for (const ref of html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) {
            const asset = await get(new URL(ref[1], pageUrl).href);
            requests++;
            const name = /\.([0-9a-f]{10})\.[a-z]+$/.exec(ref[1])?.[1];
            const hash = createHash('sha256').update(asset.body).digest('hex').slice(0, 10);
            if (asset.status !== 200) failures.push(`${ref[1]} ${asset.status}`);
            else if (name && name !== hash) failures.push(`${ref[1]}: the bytes of another file`);
          }
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((r) => setTimeout(r, 500));
    expect((await runCli(['deploy', '--out', b, '--to', dir])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await runCli(['deploy', '--to', dir, '--rollback'])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    await Promise.all(clients);
    await preview.close();
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
    // Both releases were served during the run.
    expect(releasesSeen.size).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
