/**
 * Debian nginx (installed by `.ci/run`) for the redirect tests: serves a build output with the
 * generated redirect files included exactly as docs/lifecycle.md tells ops to, on a loopback
 * port, as the current user (temp prefix, pid file and logs in a temp folder).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from './helpers.ts';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface NginxHost {
  host: string;
  /** Folder served at the root of the host; none for an old domain that only redirects. */
  root?: string;
}

export interface RunningNginx {
  port: number;
  /** The generated nginx.conf (for failure messages). */
  config: string;
  /** `nginx -t` on the running configuration: its exit status and what it printed. */
  test(): { status: number | null; output: string };
  stop(): Promise<void>;
}

/** A free loopback port: nginx cannot listen on port 0, so bind 0 once and release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startNginx(distDir: string, hosts: NginxHost[]): Promise<RunningNginx> {
  if (!fs.existsSync(NGINX)) throw new Error(`找不到 nginx（${NGINX}）：请运行 apt-get install nginx。`);
  const prefix = tempDir('jiyue-nginx-');
  const port = await freePort();
  const redirects = path.join(distDir, 'redirects', 'nginx');
  const servers = hosts.map((h) =>
    [
      '  server {',
      `    listen 127.0.0.1:${port};`,
      `    server_name ${h.host};`,
      `    include ${path.join(redirects, 'redirects.server.conf')};`,
      ...(h.root ? [`    root ${h.root};`, '    error_page 404 /404.html;'] : ['    return 404;']),
      '  }',
    ].join('\n'),
  );
  const config = [
    // As root (CI), workers would run as nobody and could not read the 0700 temp folders.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
    `error_log ${path.join(prefix, 'error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(prefix, `${t}_temp`)};`),
    '  types { text/html html; text/css css; image/svg+xml svg; text/plain txt; text/csv csv; }',
    '  default_type application/octet-stream;',
    `  include ${path.join(redirects, 'redirects.map.conf')};`,
    ...servers,
    '}',
    '',
  ].join('\n');
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, config);
  let stderr = '';
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', file, '-e', path.join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) throw new Error(`nginx exited:\n${stderr}\n${readLog(prefix)}\n${config}`);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start:\n${stderr}\n${readLog(prefix)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    config,
    test: () => {
      const r = spawnSync(NGINX, ['-t', '-p', prefix, '-c', file, '-e', path.join(prefix, 'error.log')], { encoding: 'utf8' });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function readLog(prefix: string): string {
  const f = path.join(prefix, 'error.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface HttpAnswer {
  status: number;
  location?: string;
  body: string;
}

/** One GET to nginx for `url` (its host goes into the Host header). */
export function get(port: number, url: string): Promise<HttpAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: u.pathname + u.search, headers: { Host: u.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Follows redirects (absolute or root-relative) through nginx; returns every hop. */
export async function follow(port: number, url: string, max = 6): Promise<{ chain: { url: string; status: number }[]; final: HttpAnswer; url: string }> {
  const chain: { url: string; status: number }[] = [];
  let at = url;
  for (let i = 0; i < max; i++) {
    const answer = await get(port, at);
    chain.push({ url: at, status: answer.status });
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      at = new URL(answer.location, at).href;
      continue;
    }
    return { chain, final: answer, url: at };
  }
  throw new Error(`too many redirects from ${url}: ${JSON.stringify(chain)}`);
}

/**
 * One request written byte for byte (`target` as it goes on the request line, percent-escapes and
 * all) and the response's status line and headers exactly as nginx sent them: what a browser
 * would parse, CR and LF included.
 */
export function rawHead(port: number, host: string, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (s: string) => (data += s));
    socket.once('error', reject);
    socket.once('close', () => resolve(data.split('\r\n\r\n')[0]));
  });
}
