/**
 * `npm run preview -- --nginx`: serves a build with Debian nginx and the configuration the
 * build generates for ops (src/deploy/nginx.ts), rendered for the build folder and loopback
 * ports: one port per host (domains mode) or one for the group (paths mode), as the plain
 * preview. Only `root`, `listen` and the folder of ops' own includes differ from
 * `dist/deploy/nginx/`; every header, cache rule, redirect and 404 page is the same
 * (test/deploy.test.ts compares the two). Links between sites are not rewritten: each host is
 * opened at its own port. nginx runs as the current user with its files in a temp folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nginxConfig } from '../deploy/nginx.ts';
import { readManifest, type PreviewOptions, type PreviewServer, type PreviewSite } from './preview-output.ts';
import { PREVIEW_HOST, PreviewError } from './site-servers.ts';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** Where Debian's nginx keeps the Brotli static module, when its package is installed. */
// Debian's own include (modules-available/mod-http-brotli-static.conf) names the module relative to
// the prefix, which is our temporary folder here: load it by its absolute path instead.
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, PREVIEW_HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new PreviewError(`nginx 启动失败：\n${log()}`));
      const socket = net.connect(port, PREVIEW_HOST);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new PreviewError(`nginx 没有在 10 秒内开始监听端口 ${port}：\n${log()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface NginxPreview extends PreviewServer {
  /** The rendered configuration folder (jiyue.conf, servers/, snippets/) and the main nginx.conf. */
  configDir: string;
  /** `nginx -t` on the running configuration. */
  test(): { status: number | null; output: string };
  /** Whether the Brotli module is loaded (else nginx serves the .gz files). */
  brotli: boolean;
}

/**
 * `brotli: false` leaves the Brotli module out even where it is installed: how a server without it
 * behaves (it serves the .gz files).
 */
export async function startNginxPreview(options: PreviewOptions, modules: { brotli?: boolean } = {}): Promise<NginxPreview> {
  if (!fs.existsSync(NGINX)) throw new PreviewError(`找不到 nginx（${NGINX}）：请运行 apt-get install nginx，或去掉 --nginx 使用内置的预览服务器。`);
  const manifest = readManifest(options.outDir);
  const root = path.resolve(options.outDir);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-nginx-'));
  const configDir = path.join(prefix, 'conf');
  const extra = path.join(prefix, 'extra');
  fs.mkdirSync(path.join(extra, 'all'), { recursive: true });

  const ports = new Map<string, number>();
  let next = options.port;
  const urlHosts = manifest.sites.map((s) => new URL(s.url).host);
  // Hosts with a server: where sites are served, and (domains mode) the old domains of archived sites.
  const legacy = manifest.group.urlMode === 'domains' ? manifest.sites.map((s) => s.domain).filter((d) => d && !urlHosts.includes(d)) : [];
  for (const h of [...new Set([...urlHosts, ...legacy])]) ports.set(h, options.port === 0 ? await freePort() : next++);

  const files = nginxConfig(manifest, {
    root,
    configDir,
    listen: (host) => [`${PREVIEW_HOST}:${ports.get(host)}`],
    extra,
    head: '# jiyue preview --nginx (rendered for this build folder and loopback ports)',
    // Each site has a port of its own and is reached by address, not by name: no catch-all server.
    defaultServer: false,
  });
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(configDir, rel)), { recursive: true });
    fs.writeFileSync(path.join(configDir, rel), text);
  }
  const brotli = modules.brotli !== false && fs.existsSync(BROTLI_MODULE);
  if (brotli) fs.copyFileSync(path.join(configDir, 'brotli.conf'), path.join(extra, 'all', 'brotli.conf'));
  const main = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(
    main,
    [
      // As root (CI), workers would run as nobody and could not read a build in a 0700 folder.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'daemon off;',
      'worker_processes 1;',
      `pid ${path.join(prefix, 'nginx.pid')};`,
      `error_log ${path.join(prefix, 'error.log')} warn;`,
      ...(brotli ? [`load_module ${BROTLI_MODULE};`] : []),
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      '  sendfile on;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(prefix, `${t}_temp`)};`),
      `  include ${path.join(configDir, 'jiyue.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', prefix, '-c', main, '-e', path.join(prefix, 'error.log')];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new PreviewError(`生成的 nginx 配置没有通过 nginx -t：\n${check.stderr}`);
  let stderr = '';
  const child = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const log = () => `${stderr}${fs.existsSync(path.join(prefix, 'error.log')) ? fs.readFileSync(path.join(prefix, 'error.log'), 'utf8') : ''}`;
  try {
    for (const port of new Set(ports.values())) await waitForPort(port, child, log);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const portal = manifest.group.portal;
  const ordered = [...manifest.sites].sort((a, b) => Number(b.id === portal) - Number(a.id === portal));
  const sites: PreviewSite[] = ordered.map((s) => {
    const url = new URL(s.url);
    const port = ports.get(url.host)!;
    return { id: s.id, name: s.name, kind: s.kind, status: s.status, domain: s.domain, realUrl: s.url, localUrl: `http://${PREVIEW_HOST}:${port}${url.pathname}`, port, folder: path.resolve(options.outDir, s.folder) };
  });
  let closing: Promise<void> | undefined;
  return {
    urlMode: manifest.group.urlMode,
    groupName: manifest.group.name,
    sites,
    configDir,
    brotli,
    test: () => {
      const r = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          fs.rmSync(prefix, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGQUIT');
      })),
  };
}
