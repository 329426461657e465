/**
 * `npm run preview`: serves a built group on 127.0.0.1 with every cross-site link kept local.
 * The mini fixture is built once per URL mode into a temporary folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPreview, startPreview, type PreviewServer, type PreviewSite } from '../src/cli/preview.ts';
import { withBuildDefaults } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const JIYUE = path.join(ROOT, 'src/cli/jiyue.ts');
const FIXTURE = path.join(ROOT, 'test/fixtures/mini');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-preview-'));

function build(content: string, out: string): void {
  const r = spawnSync(process.execPath, [JIYUE, ...withBuildDefaults(['build', '--content', content, '--out', out, '--now', '2026-11-20'])], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  if (r.status !== 0) throw new Error(`build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** A GET (or other method) with the path sent exactly as written, no client-side normalisation. */
function rawRequest(port: number, rawPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function site(preview: PreviewServer, id: string): PreviewSite {
  const s = preview.sites.find((x) => x.id === id);
  if (!s) throw new Error(`no site ${id}`);
  return s;
}

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('preview, domains mode', () => {
  const out = path.join(tmp, 'domains');
  let preview: PreviewServer;

  beforeAll(async () => {
    build(FIXTURE, out);
    preview = await startPreview({ outDir: out, port: 0 });
  }, 120_000);

  afterAll(async () => {
    await preview?.close();
  });

  it('gives every site its own port on 127.0.0.1, portal first', () => {
    expect(preview.urlMode).toBe('domains');
    expect(preview.sites.map((s) => s.id)).toEqual(['www', 'fgw', 'old', 'shut']);
    // The archived site is served by the portal's origin, under /archive/old/.
    expect(new Set(preview.sites.map((s) => s.port)).size).toBe(3);
    expect(site(preview, 'old').localUrl).toBe(`http://127.0.0.1:${site(preview, 'www').port}/archive/old/`);
    expect(site(preview, 'fgw').localUrl).toBe(`http://127.0.0.1:${site(preview, 'fgw').port}/`);
    expect(site(preview, 'fgw').realUrl).toBe('https://fgw.test.gov.cn/');
  });

  it('serves the portal home with cross-site links rewritten to the local ports', async () => {
    const fgw = site(preview, 'fgw');
    const res = await fetch(site(preview, 'www').localUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('测试市人民政府');
    expect(html).toContain(`href="http://127.0.0.1:${fgw.port}/"`);
    expect(html).toContain(`href="http://127.0.0.1:${fgw.port}/gzdt/2026-11-12-dt/"`);
    for (const domain of ['www', 'fgw', 'old', 'shut']) expect(html).not.toContain(`href="https://${domain}.test.gov.cn`);
    // Links to services outside the group are left alone.
    expect(html).toContain('href="https://beian.miit.gov.cn/"');
  });

  it('follows a cross-site link from the portal to the department site and back', async () => {
    const fgw = site(preview, 'fgw');
    const www = site(preview, 'www');
    const portalHtml = await (await fetch(www.localUrl)).text();
    const href = /href="(http:\/\/127\.0\.0\.1:\d+\/gzdt\/2026-11-12-dt\/)"/.exec(portalHtml)![1];
    const res = await fetch(href);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('发改委工作动态');
    expect(html).toContain('测试市发展和改革委员会');
    // The article links back to the portal (site:www/news/a) through the preview too.
    expect(html).toContain(`http://127.0.0.1:${www.port}/news/a/`);
    expect((await fetch(`http://127.0.0.1:${www.port}/news/a/`)).status).toBe(200);
    expect(fgw.port).not.toBe(www.port);
  });

  it('serves assets and attachments with their content types', async () => {
    const fgw = site(preview, 'fgw');
    // Asset names carry their content hash: take them from the page that uses them.
    const home = await (await fetch(fgw.localUrl)).text();
    const asset = (name: string, ext: string) => new RegExp(`assets/(${name}\\.[0-9a-f]{10}\\.${ext})`).exec(home)![1];
    const css = await fetch(`${fgw.localUrl}assets/${asset('theme', 'css')}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await fetch(`${fgw.localUrl}assets/${asset('conac', 'svg')}`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const csv = await fetch(`${fgw.localUrl}zcwj/2024-tzgl.files/biao.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await csv.arrayBuffer())).toEqual(fs.readFileSync(path.join(FIXTURE, 'fgw/zcwj/2024-tzgl.files/biao.csv')));
  });

  it('redirects a folder without its trailing slash', async () => {
    const res = await fetch(`${site(preview, 'www').localUrl}news?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/news/?x=1');
    // Never a protocol-relative location that would leave the preview.
    const doubled = await rawRequest(site(preview, 'www').port, '//news');
    expect(doubled.status).toBe(301);
    expect(doubled.headers.location).toBe('/news/');
  });

  it('answers an unknown path with the site’s own 404 page and status 404', async () => {
    const fgw = site(preview, 'fgw');
    const res = await fetch(`${fgw.localUrl}no/such/page/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<title>页面不存在 - 测试市发展和改革委员会</title>');
    expect(html).toContain('抱歉，您访问的页面不存在');
    // The 404 page's link to the portal is rewritten as well.
    expect(html).toContain(`href="http://127.0.0.1:${site(preview, 'www').port}/"`);

    const portal404 = await fetch(`${site(preview, 'www').localUrl}missing.html`);
    expect(portal404.status).toBe(404);
    expect(await portal404.text()).toContain('<title>页面不存在 - 测试市人民政府</title>');
  });

  it('supports HEAD with the headers of GET and no body', async () => {
    const www = site(preview, 'www');
    const get = await fetch(www.localUrl);
    const getBody = Buffer.from(await get.arrayBuffer());
    const head = await rawRequest(www.port, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(head.headers['content-length'])).toBe(getBody.length);
    expect(head.body).toBe('');
    const missing = await rawRequest(www.port, '/nope/', 'HEAD');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await rawRequest(site(preview, 'www').port, '/', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('never serves a file outside the site folder', async () => {
    const fgw = site(preview, 'fgw');
    // manifest.json sits two folders above sites/fgw/: the nearest thing worth stealing.
    const attempts = [
      '/../../etc/passwd',
      '/../../manifest.json',
      '/gzdt/../../../manifest.json',
      '/..%2f..%2fmanifest.json',
      '/%2e%2e/%2e%2e/manifest.json',
      '/%2E%2E%2F%2E%2E%2Fmanifest.json',
      '/assets/..%5c..%5c..%5cmanifest.json',
      '/..\\..\\manifest.json',
      '/%00../manifest.json',
      '/%E0%A4%A',
      '//etc/passwd',
      '/../www/index.html',
    ];
    for (const attempt of attempts) {
      const res = await rawRequest(fgw.port, attempt);
      expect([400, 404], attempt).toContain(res.status);
      expect(res.body, attempt).not.toContain('root:');
      expect(res.body, attempt).not.toContain('schemaVersion');
      expect(res.body, attempt).not.toContain('<title>测试市人民政府</title>');
    }
    expect((await rawRequest(fgw.port, '/../../etc/passwd')).body).toContain('请求路径无效');
    // fetch() normalises dot segments itself, so it stays inside the site.
    const viaFetch = await fetch(`${fgw.localUrl}../../etc/passwd`);
    expect(viaFetch.status).toBe(404);
  });

  it('never follows a symbolic link out of the site folder', async () => {
    const fgw = site(preview, 'fgw');
    const secret = path.join(tmp, 'secret.txt');
    fs.writeFileSync(secret, 'top secret');
    const link = path.join(fgw.folder, 'leak.txt');
    fs.symlinkSync(secret, link);
    try {
      const res = await rawRequest(fgw.port, '/leak.txt');
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('top secret');
    } finally {
      fs.rmSync(link);
    }
  });
});

describe('preview, paths mode with a base path', () => {
  const out = path.join(tmp, 'paths');
  let preview: PreviewServer;
  let port: number;

  beforeAll(async () => {
    const content = path.join(tmp, 'paths-content');
    fs.cpSync(FIXTURE, content, { recursive: true });
    const groupFile = path.join(content, 'group.yaml');
    const group = fs.readFileSync(groupFile, 'utf8');
    fs.writeFileSync(
      groupFile,
      group.replace(/^urlMode: .*$/m, 'urlMode: paths').replace(/^baseUrl: .*$/m, 'baseUrl: https://www.test.gov.cn/gov'),
    );
    build(content, out);
    preview = await startPreview({ outDir: out, port: 0 });
    port = site(preview, 'www').port;
  }, 120_000);

  afterAll(async () => {
    await preview?.close();
  });

  it('serves every site from one port under the base path', () => {
    expect(preview.urlMode).toBe('paths');
    expect(new Set(preview.sites.map((s) => s.port))).toEqual(new Set([port]));
    expect(site(preview, 'www').localUrl).toBe(`http://127.0.0.1:${port}/gov/`);
    expect(site(preview, 'fgw').localUrl).toBe(`http://127.0.0.1:${port}/gov/fgw/`);
    expect(site(preview, 'fgw').realUrl).toBe('https://www.test.gov.cn/gov/fgw/');
  });

  it('serves the portal at the base path and links to the department below it', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/gov/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<span class="site-name">测试市人民政府</span>');
    expect(html).toContain('href="/gov/fgw/"');
    const fgw = await fetch(`http://127.0.0.1:${port}/gov/fgw/`);
    expect(fgw.status).toBe(200);
    expect(await fgw.text()).toContain('<span class="site-name">测试市发展和改革委员会</span>');
  });

  it('rewrites the base URL origin to the local one', async () => {
    const html = await (await fetch(`http://127.0.0.1:${port}/gov/fgw/gzdt/2026-11-12-dt/`)).text();
    expect(html).toContain('发改委工作动态');
    expect(html).not.toContain('https://www.test.gov.cn/gov/');
    expect(html).toContain(`http://127.0.0.1:${port}/gov/fgw/gzdt/2026-11-12-dt/`);
  });

  it('redirects the bare origin and a site without its trailing slash', async () => {
    const root = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/gov/');
    const fgw = await fetch(`http://127.0.0.1:${port}/gov/fgw`, { redirect: 'manual' });
    expect(fgw.status).toBe(301);
    expect(fgw.headers.get('location')).toBe('/gov/fgw/');
  });

  it('answers unknown paths with the 404 page of the site they fall in', async () => {
    const inFgw = await fetch(`http://127.0.0.1:${port}/gov/fgw/nope/`);
    expect(inFgw.status).toBe(404);
    expect(await inFgw.text()).toContain('<title>页面不存在 - 测试市发展和改革委员会</title>');
    const inPortal = await fetch(`http://127.0.0.1:${port}/gov/nope/`);
    expect(inPortal.status).toBe(404);
    expect(await inPortal.text()).toContain('<title>页面不存在 - 测试市人民政府</title>');
    const outside = await fetch(`http://127.0.0.1:${port}/elsewhere/`);
    expect(outside.status).toBe(404);
    expect(await outside.text()).toContain('<title>页面不存在 - 测试市人民政府</title>');
  });

  it('keeps a department request inside the department folder', async () => {
    const res = await rawRequest(port, '/gov/fgw/../../../manifest.json');
    expect(res.status).toBe(400);
    const encoded = await rawRequest(port, '/gov/fgw/..%2f..%2f..%2fmanifest.json');
    expect(encoded.status).toBe(400);
    expect(encoded.body).not.toContain('schemaVersion');
  });
});

describe('npm run preview (command line)', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
  }

  it('tells the user to build first when the output folder is missing', async () => {
    const c = capture();
    const code = await runPreview(['--out', path.join(tmp, 'never-built')], c.io);
    expect(code).toBe(1);
    expect(c.err.join('')).toContain('不存在');
    expect(c.err.join('')).toContain('请先运行 npm run build');
  });

  it('tells the user to build first when the folder is not a build output', async () => {
    const broken = path.join(tmp, 'broken');
    fs.mkdirSync(broken, { recursive: true });
    let c = capture();
    expect(await runPreview(['--out', broken], c.io)).toBe(1);
    expect(c.err.join('')).toContain('没有 manifest.json');
    expect(c.err.join('')).toContain('请先运行 npm run build');

    fs.writeFileSync(path.join(broken, 'manifest.json'), '{ not json');
    c = capture();
    expect(await runPreview(['--out', broken], c.io)).toBe(1);
    expect(c.err.join('')).toContain('不是有效的 JSON');
    expect(c.err.join('')).toContain('请先运行 npm run build');
  });

  it('rejects a bad port with a usage message', async () => {
    const c = capture();
    expect(await runPreview(['--port', 'abc'], c.io)).toBe(2);
    expect(c.err.join('')).toContain('--port 的值 "abc" 不是有效端口');
    const d = capture();
    expect(await runPreview(['--bogus'], d.io)).toBe(2);
    expect(d.err.join('')).toContain('未知参数 --bogus');
  });

  it('reports a port already in use', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const c = capture();
      expect(await runPreview(['--out', path.join(tmp, 'domains'), '--port', String(taken)], c.io)).toBe(1);
      expect(c.err.join('')).toContain(`端口 ${taken} 已被占用`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('prints the site table, serves, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [JIYUE, 'preview', '--out', path.join(tmp, 'domains'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('按 Ctrl-C 停止预览') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toContain('站点');
      expect(stdout).toContain('本地地址');
      expect(stdout).toContain('正式地址');
      const row = stdout.split('\n').find((l) => l.startsWith('fgw '))!;
      expect(row).toContain('测试市发展和改革委员会');
      expect(row).toContain('https://fgw.test.gov.cn/');
      const local = /http:\/\/127\.0\.0\.1:\d+\//.exec(row)![0];
      const res = await fetch(local);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('测试市发展和改革委员会');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toContain('预览已停止');
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
