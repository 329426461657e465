/**
 * `npm run dev`: the editors' live preview, run as editors run it (the CLI, a copy of the demo
 * group, Chromium). The pages it serves are the build's pages (every page kind, byte for byte
 * apart from the dev block); saves reach the open pages without a manual reload; findings show
 * in the page and go when fixed; it serves nothing the build would not publish and never
 * writes into the build's output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_BLOCK } from '../src/dev/server.ts';
import { launchChromium } from './browser.ts';
import { demoBuild, REPO_ROOT, snapshotTree, tempDir } from './helpers.ts';

interface DevRun {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** Site id → local URL of its home (ends with '/'). */
  local: Map<string, string>;
  /** Site id → deployed URL of its home. */
  real: Map<string, string>;
  stop(): Promise<void>;
}

/** Starts `jiyue dev` and waits for its site table. */
async function startDev(args: string[]): Promise<DevRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.JIYUE_CONTENT;
  // Astro's dev server behaves as under test when it sees vitest's variables (it never starts serving).
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'TEST' || k === 'NODE_ENV') delete env[k];
  const child = spawn(process.execPath, [path.join('src', 'cli', 'jiyue.ts'), 'dev', '--port', '0', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const deadline = Date.now() + 90_000;
  while (!stdout.includes('按 Ctrl-C 停止')) {
    if (child.exitCode !== null) throw new Error(`dev exited ${child.exitCode}:\n${stdout}\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`dev did not start:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const local = new Map<string, string>();
  const real = new Map<string, string>();
  for (const m of stdout.matchAll(/^(\S+)\s+.*?(http:\/\/127\.0\.0\.1:\d+\/\S*)\s+(https?:\/\/\S+)$/gm)) {
    local.set(m[1], m[2]);
    real.set(m[1], m[3]);
  }
  return {
    child,
    out: () => stdout,
    err: () => stderr,
    local,
    real,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

function withoutDevBlock(html: string): string {
  const a = html.indexOf(DEV_BLOCK.start);
  const b = html.indexOf(DEV_BLOCK.end);
  return a === -1 ? html : html.slice(0, a) + html.slice(b + DEV_BLOCK.end.length);
}

describe('npm run dev', () => {
  let content: string;
  let out: string;
  let dev: DevRun;
  let browser: Browser;
  let before: Map<string, Buffer>;
  /** Back from the local origins to the deployed ones, as the built files have them. */
  let unrewrite: (text: string) => string;

  beforeAll(async () => {
    const root = tempDir('jiyue-dev-');
    content = path.join(root, 'content');
    fs.cpSync(path.join(REPO_ROOT, 'content'), content, { recursive: true });
    // The demo group's shared build: the copy above is the same content.
    out = await demoBuild();
    before = snapshotTree(out);
    dev = await startDev(['--content', content, '--now', '2026-11-20', '--out', out]);
    const pairs = [...dev.local].map(([id, url]) => [new URL(url).origin, new URL(dev.real.get(id)!).origin] as const);
    unrewrite = (text) => pairs.reduce((t, [l, r]) => t.split(l).join(r), text);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  it('prints the same site table as the preview, portal first, and listens on 127.0.0.1 only', () => {
    expect(dev.out()).toContain('实时预览：示例市人民政府网站群，10 个站点，域名模式（每个站点一个端口）');
    expect([...dev.local.keys()][0]).toBe('www');
    expect(dev.local.get('lyw')).toBe(`${new URL(dev.local.get('www')!).origin}/archive/lyw/`);
    for (const url of dev.local.values()) expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  it('serves every page kind exactly as the build wrote it (apart from the dev block)', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { sites: { id: string; folder: string }[]; pages: { site: string; url: string; file: string; type: string }[] };
    const folders = new Map(manifest.sites.map((s) => [s.id, s.folder]));
    // One page of each type and script from each kind of site: the portal, a department, the archived lyw, the closed kjj.
    const chosen = new Map<string, { site: string; folder: string; url: string; file: string }>();
    for (const p of manifest.pages) {
      const key = `${p.site === 'www' ? 'portal' : p.site === 'lyw' || p.site === 'kjj' ? p.site : 'dept'}:${p.type}:${p.file.startsWith('zh-hant/') ? 'hant' : 'hans'}`;
      if (!chosen.has(key)) chosen.set(key, { site: p.site, folder: folders.get(p.site)!, url: p.url, file: p.file });
    }
    const types = new Set([...chosen.keys()].map((k) => k.split(':')[1]));
    for (const t of ['home', 'column', 'entry', 'sitemap', 'search', 'notFound', 'closed', 'archiveIndex', 'notices', 'supervision', 'supervisionMonth', 'supervisionYear']) expect(types, t).toContain(t);
    expect([...chosen.keys()].filter((k) => k.endsWith(':hant')).length).toBeGreaterThan(10);
    for (const { site, folder, url, file } of chosen.values()) {
      const local = url.replace(dev.real.get(site)!, dev.local.get(site)!);
      const res = await fetch(local);
      expect(res.status, local).toBe(200);
      const html = await res.text();
      expect(html, local).toContain(DEV_BLOCK.start);
      const built = fs.readFileSync(path.join(out, folder, file), 'utf8');
      expect(unrewrite(withoutDevBlock(html)), `${site} ${file}`).toBe(built);
    }
    // A path that is not a page answers with the site's 404 page, status 404.
    const missing = await fetch(`${dev.local.get('fgw')}no-such-page/`);
    expect(missing.status).toBe(404);
    expect(unrewrite(withoutDevBlock(await missing.text()))).toBe(fs.readFileSync(path.join(out, 'sites', 'fgw', '404.html'), 'utf8'));
  });

  it('serves the assets and content files the build publishes, and nothing else', async () => {
    const fgw = dev.local.get('fgw')!;
    const homeRes = await fetch(fgw);
    // A page is asked for again on every reload; an asset, named by its bytes, is taken from the browser's cache.
    expect(homeRes.headers.get('cache-control')).toBe('no-cache');
    const home = await homeRes.text();
    for (const asset of home.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) {
      const built = fs.readFileSync(path.join(out, 'sites', 'fgw', ...asset[1].split('/').filter(Boolean)));
      const res = await fetch(new URL(asset[1], fgw));
      expect(res.headers.get('cache-control'), asset[1]).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await res.arrayBuffer()).equals(built), asset[1]).toBe(true);
    }
    for (const secret of ['site.yaml', 'gzdt/2026-11-17-xmdd.md', 'gzdt/2026-11-16-pingjia/', '../group.yaml', '%2e%2e/group.yaml', 'assets/../site.yaml']) {
      const res = await fetch(new URL(secret, fgw));
      expect([400, 404], secret).toContain(res.status);
      expect(await res.text()).not.toContain('title: ');
    }
    // Another host name (DNS rebinding) gets nothing.
    const rebound = await new Promise<number>((resolve) => {
      import('node:http').then(({ get }) => get(fgw, { headers: { Host: 'attacker.example' } }, (res) => resolve(res.statusCode!)));
    });
    expect(rebound).toBe(421);
  });

  it('says where the search pages find their index', async () => {
    const page = await browser.newPage();
    await page.goto(`${dev.local.get('fgw')}search/`);
    await expect.poll(() => overlayText(page)).toContain('搜索使用上次构建');
    await page.close();
  });

  it('reloads the article, its column and the portal when a title is saved', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-17-xmdd.md');
    const original = fs.readFileSync(file, 'utf8');
    const pages = await Promise.all(['gzdt/2026-11-17-xmdd/', 'gzdt/'].map(async (route) => openPage(browser, `${dev.local.get('fgw')}${route}`)));
    pages.push(await openPage(browser, dev.local.get('www')!));
    const title = '市发展改革委召开重点项目建设冲刺调度会（实时预览）';
    fs.writeFileSync(file, original.replace('市发展改革委召开重点项目建设四季度调度会', title));
    try {
      for (const p of pages) await expect.poll(() => p.locator('body').innerText(), { timeout: 20_000 }).toContain(title);
      // The same tab, reloaded by the server: no navigation by the test.
      expect(pages[0].url()).toBe(`${dev.local.get('fgw')}gzdt/2026-11-17-xmdd/`);
      expect(await pages[0].locator('h1').first().innerText()).toContain(title);
      await expect.poll(() => dev.out()).toContain('已重新读取');
    } finally {
      fs.writeFileSync(file, original);
      for (const p of pages) await p.close();
    }
  });

  it('a new date changes the facts the plan decides for other pages (the column’s 更新日期), though no page is added or removed', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-17-xmdd.md');
    const original = fs.readFileSync(file, 'utf8');
    const column = await openPage(browser, `${dev.local.get('fgw')}gzdt/`);
    const updated = () => column.locator('[data-jiyue="updated"] time').first().getAttribute('datetime');
    expect(await updated()).toBe('2026-11-17');
    fs.writeFileSync(file, original.replace(/^date: 2026-11-17$/m, 'date: 2026-11-19'));
    try {
      await expect.poll(updated, { timeout: 20_000 }).toBe('2026-11-19');
    } finally {
      fs.writeFileSync(file, original);
    }
    await expect.poll(updated, { timeout: 20_000 }).toBe('2026-11-17');
    await column.close();
  });

  it('sees every save of a file once it has been replaced by a rename (sed -i, atomic saves, git checkout)', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-13-jiage.md');
    const original = fs.readFileSync(file, 'utf8');
    const page = await openPage(browser, `${dev.local.get('fgw')}gzdt/2026-11-13-jiage/`);
    const titled = (title: string) => original.replace(/^title: .*$/m, `title: ${title}`);
    try {
      // Written beside it and renamed over it, as editors' atomic saves and git do.
      fs.writeFileSync(`${file}.tmp`, titled('价格监测第一次保存'));
      fs.renameSync(`${file}.tmp`, file);
      await expect.poll(() => page.locator('h1').first().innerText(), { timeout: 20_000 }).toBe('价格监测第一次保存');
      // Then saved in place: recursive fs.watch on Linux no longer saw this file.
      fs.writeFileSync(file, titled('价格监测第二次保存'));
      await expect.poll(() => page.locator('h1').first().innerText(), { timeout: 20_000 }).toBe('价格监测第二次保存');
    } finally {
      fs.writeFileSync(file, original);
      await page.close();
    }
  });

  it('shows a broken link in the page with file, line and rule, escaped, and drops it once fixed', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-10-jieneng.md');
    const original = fs.readFileSync(file, 'utf8');
    const page = await openPage(browser, `${dev.local.get('fgw')}gzdt/2026-11-10-jieneng/`);
    const hostile = './no-such</script><script>window.pwned=1</script>.md';
    fs.writeFileSync(file, `${original}\n见[附表](${hostile})。\n`);
    try {
      await expect.poll(() => overlayText(page), { timeout: 20_000 }).toContain('fgw/gzdt/2026-11-10-jieneng.md:');
      const text = await overlayText(page);
      expect(text).toMatch(/LINK-[A-Z-]+ 错误/);
      expect(text).toContain('修改建议：');
      expect(text).toContain('</script><script>window.pwned=1</script>');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      // The terminal says it too, once.
      await expect.poll(() => dev.err()).toContain('fgw/gzdt/2026-11-10-jieneng.md:');
      fs.writeFileSync(file, original);
      await expect.poll(() => overlayText(page), { timeout: 20_000 }).not.toContain('fgw/gzdt/2026-11-10-jieneng.md:');
    } finally {
      fs.writeFileSync(file, original);
      await page.close();
    }
  });

  it('adds a new article to its column and removes a deleted one', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-19-shiyan.md');
    const column = await openPage(browser, `${dev.local.get('fgw')}gzdt/`);
    const source = fs.readFileSync(path.join(content, 'fgw', 'gzdt', '2026-11-17-xmdd.md'), 'utf8');
    fs.writeFileSync(file, source.replace(/^title: .*$/m, 'title: 市发展改革委开展实时预览试验').replace(/^date: .*$/m, 'date: 2026-11-19'));
    try {
      await expect.poll(() => column.locator('main').innerText(), { timeout: 20_000 }).toContain('市发展改革委开展实时预览试验');
      const res = await fetch(`${dev.local.get('fgw')}gzdt/2026-11-19-shiyan/`);
      expect(res.status).toBe(200);
    } finally {
      fs.rmSync(file, { force: true });
    }
    await expect.poll(() => column.locator('main').innerText(), { timeout: 20_000 }).not.toContain('市发展改革委开展实时预览试验');
    expect((await fetch(`${dev.local.get('fgw')}gzdt/2026-11-19-shiyan/`)).status).toBe(404);
    await column.close();
  });

  it('carries a site.yaml change to every page of the site', async () => {
    const file = path.join(content, 'fgw', 'site.yaml');
    const original = fs.readFileSync(file, 'utf8');
    const pages = [await openPage(browser, `${dev.local.get('fgw')}gzdt/2026-11-17-xmdd/`), await openPage(browser, `${dev.local.get('fgw')}tzgg/`)];
    fs.writeFileSync(file, original.replace('    name: 工作动态', '    name: 工作动态（预览）'));
    try {
      for (const p of pages) await expect.poll(() => p.locator('body').innerText(), { timeout: 20_000 }).toContain('工作动态（预览）');
    } finally {
      fs.writeFileSync(file, original);
      for (const p of pages) await p.close();
    }
  });

  it('shows why a file that stops parsing has no page, and the page again when fixed', async () => {
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-13-jiage.md');
    const original = fs.readFileSync(file, 'utf8');
    const url = `${dev.local.get('fgw')}gzdt/2026-11-13-jiage/`;
    const page = await openPage(browser, url);
    const title = await page.locator('h1').first().innerText();
    fs.writeFileSync(file, original.replace(/^date: .*$/m, 'date: 2026-13-45'));
    try {
      await expect.poll(() => overlayText(page), { timeout: 20_000 }).toContain('fgw/gzdt/2026-11-13-jiage.md:');
      expect(await page.locator('h1').first().innerText()).toBe('无法预览这个页面');
      expect(await overlayText(page)).toMatch(/DATE-[A-Z-]+ 错误/);
      fs.writeFileSync(file, original);
      await expect.poll(() => page.locator('h1').first().innerText(), { timeout: 20_000 }).toBe(title);
    } finally {
      fs.writeFileSync(file, original);
      await page.close();
    }
  });

  it('never writes into the build output', () => {
    const after = snapshotTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    expect(fs.existsSync(path.join(content, '.jiyue'))).toBe(false);
  });
});

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(500);
  return page;
}

/** The text of the dev overlay (in its shadow root), or '' without one. */
function overlayText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('jiyue-dev-overlay')?.shadowRoot?.textContent ?? '');
}
