/**
 * The local servers of `npm run preview` and `npm run dev`: one URL layout for both, so a link
 * copied from one works in the other.
 *
 * The sites are grouped by the origin they are deployed at:
 * - `domains` mode: every site has its own origin, so every site gets its own port, counted up
 *   from `--port` in site order (portal first);
 * - `paths` mode: all sites share the `baseUrl` origin, so one port serves them all, the portal
 *   at the base path and each department at `<base path>/<siteId>/`.
 * Text responses have every deployed origin of the group (`https://<domain>`, or the `baseUrl`
 * origin) rewritten to its local `http://127.0.0.1:<port>`.
 *
 * What a path inside a site answers is the caller's (`Responder`): the preview reads a built
 * folder, the dev server renders from the model in memory.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** Default first port; the next sites take the following ports. */
export const DEFAULT_PORT = 4321;

/** The servers listen on the loopback interface unless told otherwise (`dev --host`). */
export const PREVIEW_HOST = '127.0.0.1';

/** `--port`: the first port, or a Chinese message when the value is not one. */
export function parsePort(value: string | undefined): number | { error: string } {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return port >= 0 && port <= 65535 ? port : { error: `--port 的值 "${value}" 不是有效端口，应为 1–65535 之间的整数（0 表示由系统任选空闲端口）。` };
}

/** A problem the user has to fix; the message is Chinese and printed as is. */
export class PreviewError extends Error {
  override name = 'PreviewError';
}

/** A site to serve, as the manifest or the model describes it. */
export interface SiteAddress {
  id: string;
  /** Full name (全称). */
  name: string;
  /** `portal` or `department`. */
  kind: string;
  /** Lifecycle status (`active`, `closed`, `migrating`, `archived`). */
  status: string;
  /** The site's domain, e.g. fgw.example.gov.cn. */
  domain: string;
  /** Where the site is deployed, e.g. https://fgw.example.gov.cn/. */
  url: string;
}

/** One site as served. */
export interface ServedSite {
  id: string;
  name: string;
  kind: string;
  status: string;
  domain: string;
  /** Where the site is deployed, e.g. https://fgw.example.gov.cn/. */
  realUrl: string;
  /** Where it is served here, e.g. http://127.0.0.1:4322/. */
  localUrl: string;
  /** The local port serving it. */
  port: number;
}

/**
 * What a path answers: a file on disk, bytes made for the request, or `slash` (a folder asked
 * for without its trailing slash: redirected). `undefined`: not found.
 */
/** A file to send, or bytes; `immutable`: bytes whose name changes with them (the dev server's assets), cached by the browser for good. */
export type Served = { file: string; stat: fs.Stats; status?: number } | { body: Buffer; type: string; status?: number; immutable?: boolean };
export type Reply = Served | 'slash' | undefined;

export interface Responder {
  /** `rest`: the decoded path inside the site (`''` for its home, `gzdt/` for a folder, no `..`). */
  reply(siteId: string, rest: string): Reply | Promise<Reply>;
  /** The site's 404 page, if it has one. */
  notFound(siteId: string): Served | undefined | Promise<Served | undefined>;
  /** Paths every origin answers before its sites (the dev server's `/__jiyue/…`); true when answered. */
  special?(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

export interface SiteServers {
  sites: ServedSite[];
  /** Replaces every deployed origin of the group by its local one. */
  rewrite(text: string): string;
  close(): Promise<void>;
}

/** A site mounted under a path prefix of one server. */
interface Mount {
  siteId: string;
  /** Decoded path prefix, starting and ending with '/'. */
  prefix: string;
}

/** One local server: one deployed origin. */
interface Origin {
  origin: string;
  mounts: Mount[];
  /** The mount whose 404 page answers paths outside every mount (the portal where present). */
  fallback: Mount;
  server: http.Server;
  port: number;
}

/** Starts one server per deployed origin of `sites` (ordered portal first by the caller). */
export async function startSiteServers(
  sites: readonly SiteAddress[],
  options: { portal: string; port: number; host?: string },
  responder: Responder,
): Promise<SiteServers> {
  const host = options.host ?? PREVIEW_HOST;
  const origins: Origin[] = [];
  const originOf = new Map<string, Origin>();
  for (const site of sites) {
    const url = new URL(site.url);
    const mount: Mount = { siteId: site.id, prefix: safeDecode(url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`) ?? url.pathname };
    let o = originOf.get(url.origin);
    if (!o) {
      o = { origin: url.origin, mounts: [], fallback: mount, server: undefined as unknown as http.Server, port: 0 };
      originOf.set(url.origin, o);
      origins.push(o);
    }
    if (!o.mounts.some((m) => m.prefix === mount.prefix)) o.mounts.push(mount);
    if (site.id === options.portal) o.fallback = mount;
  }
  for (const o of origins) o.mounts.sort((a, b) => b.prefix.length - a.prefix.length);

  // The rewrite needs every port, so it is filled in once all servers listen.
  let rewrite: (text: string) => string = (t) => t;
  for (const o of origins) o.server = http.createServer((req, res) => void handle(o, responder, rewrite, req, res));

  const started: Origin[] = [];
  try {
    for (const [i, o] of origins.entries()) {
      const wanted = options.port === 0 ? 0 : options.port + i;
      if (wanted > 65535) throw new PreviewError(`端口不够用：从 ${options.port} 起需要 ${origins.length} 个端口，超过了 65535。请用 --port 指定较小的起始端口。`);
      o.port = await listen(o.server, host, wanted, options.port, origins.length);
      started.push(o);
    }
  } catch (error) {
    await Promise.all(started.map((o) => closeServer(o.server)));
    throw error;
  }
  const shown = host === '0.0.0.0' || host === '::' ? PREVIEW_HOST : host;
  rewrite = originRewriter(new Map(origins.map((o) => [o.origin, `http://${shown}:${o.port}`])));

  let closing: Promise<void> | undefined;
  return {
    sites: sites.map((s) => {
      const url = new URL(s.url);
      const o = originOf.get(url.origin)!;
      return { id: s.id, name: s.name, kind: s.kind, status: s.status, domain: s.domain, realUrl: s.url, localUrl: `http://${shown}:${o.port}${url.pathname}`, port: o.port };
    }),
    rewrite: (t) => rewrite(t),
    close: () => (closing ??= Promise.all(origins.map((o) => closeServer(o.server))).then(() => undefined)),
  };
}

function listen(server: http.Server, host: string, port: number, firstPort: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new PreviewError(`端口 ${port} 已被占用。需要从 ${firstPort} 起的 ${count} 个连续端口，请关闭占用端口的程序，或用 --port 指定其他起始端口，例如 --port 5000。`));
      } else if (error.code === 'EACCES') {
        reject(new PreviewError(`没有权限使用端口 ${port}。请用 --port 指定 1024 以上的端口。`));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new PreviewError(`无法在地址 ${host} 上监听：本机没有这个地址。请检查 --host。`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * A function replacing every deployed origin (`https://host`, also written `http://`) by its
 * local origin. A host only matches as a whole: `https://fgw.example.gov.cn.evil.com` is left alone.
 * Works on latin1 strings too (origins are ASCII), so it never alters other bytes.
 */
export function originRewriter(map: ReadonlyMap<string, string>): (text: string) => string {
  const byHost = new Map<string, string>();
  for (const [origin, local] of map) byHost.set(new URL(origin).host.toLowerCase(), local);
  if (byHost.size === 0) return (t) => t;
  const hosts = [...byHost.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = new RegExp(`https?://(${hosts.join('|')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9]|:\\d)`, 'gi');
  return (text) => text.replace(re, (_m, host: string) => byHost.get(host.toLowerCase())!);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const BASE_HEADERS = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };

async function handle(o: Origin, responder: Responder, rewrite: (text: string) => string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    await serve(o, responder, rewrite, req, res);
  } catch (error) {
    if (!res.headersSent) plain(res, req, 500, `服务器内部错误：${(error as Error).message}`);
    else res.destroy();
  }
}

export function plain(res: http.ServerResponse, req: http.IncomingMessage, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function serve(o: Origin, responder: Responder, rewrite: (text: string) => string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return plain(res, req, 405, '只支持 GET 和 HEAD 请求。', { Allow: 'GET, HEAD' });
  }
  const raw = req.url ?? '/';
  const cut = raw.search(/[?#]/);
  // Collapse leading slashes so a redirect can never become a protocol-relative `//host/…`.
  const rawPath = (cut === -1 ? raw : raw.slice(0, cut)).replace(/^\/+/, '/');
  const query = cut === -1 ? '' : raw.slice(cut).replace(/#.*$/, '');
  const decoded = rawPath.startsWith('/') ? safeDecode(rawPath) : undefined;
  // Reject anything that could climb out of a site before anything looks it up.
  if (decoded === undefined || decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg === '..' || seg === '.')) {
    return plain(res, req, 400, '请求路径无效。');
  }
  if (responder.special?.(decoded, req, res)) return;

  // `/fgw` → `/fgw/`, before `/` (the portal) could claim it.
  if (o.mounts.some((m) => `${decoded}/` === m.prefix)) return redirect(res, req, `${rawPath}/${query}`);
  const mount = o.mounts.find((m) => decoded.startsWith(m.prefix));
  if (!mount) {
    if (decoded === '/') return redirect(res, req, encodeURI(o.fallback.prefix), 302);
    return send(res, req, (await responder.notFound(o.fallback.siteId)) ?? 'missing', 404, rewrite);
  }
  const reply = await responder.reply(mount.siteId, decoded.slice(mount.prefix.length));
  if (reply === 'slash') return redirect(res, req, `${rawPath}/${query}`);
  if (!reply) return send(res, req, (await responder.notFound(mount.siteId)) ?? 'missing', 404, rewrite);
  send(res, req, reply, 200, rewrite);
}

function redirect(res: http.ServerResponse, req: http.IncomingMessage, location: string, status = 301): void {
  plain(res, req, status, `已移至 ${location}`, { Location: location });
}

/** Extensions whose responses get the origin rewrite. */
const REWRITTEN = new Set(['.html', '.htm', '.css', '.js', '.mjs', '.json', '.webmanifest', '.xml', '.txt', '.svg']);

function send(res: http.ServerResponse, req: http.IncomingMessage, reply: Served | 'missing', status: number, rewrite: (text: string) => string): void {
  if (reply === 'missing') return plain(res, req, 404, '页面不存在。');
  status = reply.status ?? status;
  if ('body' in reply) {
    const text = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg)/.test(reply.type);
    const body = text ? Buffer.from(rewrite(reply.body.toString('latin1')), 'latin1') : reply.body;
    res.writeHead(status, { ...BASE_HEADERS, ...(reply.immutable ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {}), 'Content-Type': reply.type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const { file, stat } = reply;
  const headers = { ...BASE_HEADERS, 'Content-Type': contentTypeOf(file), 'Last-Modified': stat.mtime.toUTCString() };
  if (REWRITTEN.has(path.extname(file).toLowerCase())) {
    // latin1 keeps every byte as is; the origins being replaced are ASCII.
    const body = Buffer.from(rewrite(fs.readFileSync(file).toString('latin1')), 'latin1');
    res.writeHead(status, { ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': stat.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Content types by extension; text types are served as UTF-8. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.ofd': 'application/ofd',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.wps': 'application/vnd.ms-works',
  '.et': 'application/vnd.ms-excel',
  '.zip': 'application/zip',
  '.rar': 'application/vnd.rar',
  '.7z': 'application/x-7z-compressed',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  // Pagefind's bundle.
  '.pf_meta': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

const STATUS_LABELS: Record<string, string> = { closed: '临时关停', migrating: '迁移中', archived: '已归档' };

/** The site table both servers print at start: site id, name, local URL, real address. */
export function siteTable(sites: readonly ServedSite[]): string[] {
  const header = ['站点', '名称', '本地地址', '正式地址'];
  const rows = sites.map((s) => [s.id, STATUS_LABELS[s.status] ? `${s.name}（${STATUS_LABELS[s.status]}）` : s.name, s.localUrl, s.realUrl]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** `domains`/`paths` in the words of the site table's first line. */
export function urlModeLabel(urlMode: string): string {
  return urlMode === 'paths' ? '路径模式（所有站点共用一个端口）' : '域名模式（每个站点一个端口）';
}

/** Runs until SIGINT/SIGTERM, then closes; resolves 0. */
export function untilStopped(close: () => Promise<void>, io: { out: (s: string) => void }, what: string): Promise<number> {
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.out(`\n正在停止${what}……\n`);
      close().then(() => {
        io.out(`${what}已停止。\n`);
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
