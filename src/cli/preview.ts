/**
 * `jiyue preview` (npm run preview): serves a built output folder on 127.0.0.1 so every site of
 * the group can be browsed and every cross-site link stays inside the preview.
 *
 * The sites are grouped by the origin they are deployed at (from `manifest.json`):
 * - `domains` mode: every site has its own origin, so every site gets its own port, counted up
 *   from `--port` in manifest order (portal first);
 * - `paths` mode: all sites share the `baseUrl` origin, so one port serves them all, the portal
 *   at the base path and each department at `<base path>/<siteId>/`.
 * Text responses have every deployed origin of the group (`https://<domain>`, or the `baseUrl`
 * origin) rewritten to its local `http://127.0.0.1:<port>`.
 *
 * Files are read on every request, so a rebuild shows up on the next page load; adding or
 * removing sites needs a restart.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../pipeline/options.ts';
import { readManifestFile, type Manifest } from '../pipeline/manifest.ts';

/** Default first port; the next sites take the following ports. */
export const DEFAULT_PORT = 4321;

/** The preview only ever listens on the loopback interface. */
export const PREVIEW_HOST = '127.0.0.1';

export interface PreviewOptions {
  /** The build output folder holding `manifest.json` and `sites/`. */
  outDir: string;
  /** First port; `0` lets the system pick a free port for every server. */
  port: number;
  /** Serve with Debian nginx and the build's generated configuration (preview-nginx.ts). */
  nginx?: boolean;
}

/** One site as served by the preview. */
export interface PreviewSite {
  /** Site id. */
  id: string;
  /** Full name (全称). */
  name: string;
  /** `portal` or `department`. */
  kind: string;
  /** Lifecycle status from the manifest (`active`, `closed`, `migrating`, `archived`). */
  status: string;
  /** The site's domain, e.g. fgw.example.gov.cn. */
  domain: string;
  /** Where the site is deployed, e.g. https://fgw.example.gov.cn/. */
  realUrl: string;
  /** Where the preview serves it, e.g. http://127.0.0.1:4322/. */
  localUrl: string;
  /** The local port serving it. */
  port: number;
  /** Absolute path of the site folder. */
  folder: string;
}

/** A running preview. */
export interface PreviewServer {
  /** The URL mode of the build (`domains` or `paths`). */
  urlMode: string;
  /** The group's name. */
  groupName: string;
  /** Every site, in manifest order with the portal first. */
  sites: PreviewSite[];
  /** Stops every server and drops open connections. */
  close(): Promise<void>;
}

/** A problem the user has to fix; the message is Chinese and printed as is. */
export class PreviewError extends Error {
  override name = 'PreviewError';
}

const USAGE = '用法：npm run preview -- [--out 目录] [--port 端口] [--nginx]';

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
};

/** Extensions whose responses get the origin rewrite. */
const REWRITTEN = new Set(['.html', '.htm', '.css', '.js', '.mjs', '.json', '.webmanifest', '.xml', '.txt', '.svg']);

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Parses `preview` arguments; `error` is a Chinese message for wrong usage. */
export function parsePreviewArgs(argv: string[]): { options?: PreviewOptions; error?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, port: { type: 'string' }, nginx: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    const missing = /Option '([^']+)' argument missing/.exec(message);
    const detail = unknown ? `未知参数 ${unknown[1]}` : missing ? `参数 ${missing[1].split(',')[0]} 需要一个值` : `参数有误：${message}`;
    return { error: `${detail}\n${USAGE}` };
  }
  let port = DEFAULT_PORT;
  if (values.port !== undefined) {
    port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 0 && port <= 65535)) {
      return { error: `--port 的值 "${values.port}" 不是有效端口，应为 1–65535 之间的整数（0 表示由系统任选空闲端口）。\n${USAGE}` };
    }
  }
  const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'dist'));
  return { options: { outDir, port, nginx: Boolean(values.nginx) } };
}

/** Reads and checks `manifest.json`; throws PreviewError when the folder is not a build output. */
export function readManifest(outDir: string): Manifest {
  const hint = '请先运行 npm run build 构建网站，或用 --out 指定构建输出目录。';
  const file = path.join(outDir, 'manifest.json');
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory()) {
    throw new PreviewError(`输出目录 ${outDir} 不存在。${hint}`);
  }
  if (!fs.existsSync(file)) {
    throw new PreviewError(`输出目录 ${outDir} 中没有 manifest.json，不是完整的构建结果。${hint}`);
  }
  const read = readManifestFile(file);
  if (!read.manifest) throw new PreviewError(`${file} 无法识别（${read.error}），构建结果可能已损坏或来自其他版本。${hint}`);
  const manifest = read.manifest;
  const bad = (why: string) => new PreviewError(`${file} 无法识别（${why}），构建结果可能已损坏或来自其他版本。${hint}`);
  for (const s of manifest.sites) {
    const folder = path.resolve(outDir, s.folder);
    if (!folder.startsWith(path.resolve(outDir) + path.sep)) throw bad(`站点 ${s.id} 的目录不在输出目录内`);
    if (!fs.existsSync(path.join(folder, 'index.html'))) {
      throw new PreviewError(`站点 ${s.id} 的目录 ${folder} 缺少 index.html，构建结果不完整。${hint}`);
    }
  }
  return manifest;
}

/** A site folder mounted under a path prefix of one server. */
interface Mount {
  siteId: string;
  /** Decoded path prefix, starting and ending with '/'. */
  prefix: string;
  /** Absolute site folder. */
  root: string;
}

/** One local server: one deployed origin. */
interface Origin {
  /** The deployed origin, e.g. https://fgw.example.gov.cn. */
  origin: string;
  mounts: Mount[];
  /** The mount whose 404 page answers paths outside every mount (the portal where present). */
  fallback: Mount;
  server: http.Server;
  port: number;
}

/** Starts one server per deployed origin of the build in `options.outDir`. */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const manifest = readManifest(options.outDir);
  const portal = manifest.group.portal;
  const ordered = [...manifest.sites].sort((a, b) => Number(b.id === portal) - Number(a.id === portal));

  const origins: Origin[] = [];
  const originOf = new Map<string, Origin>();
  for (const site of ordered) {
    const url = new URL(site.url);
    const mount: Mount = {
      siteId: site.id,
      prefix: safeDecode(url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`) ?? url.pathname,
      root: path.resolve(options.outDir, site.folder),
    };
    let o = originOf.get(url.origin);
    if (!o) {
      o = { origin: url.origin, mounts: [], fallback: mount, server: undefined as unknown as http.Server, port: 0 };
      originOf.set(url.origin, o);
      origins.push(o);
    }
    if (!o.mounts.some((m) => m.prefix === mount.prefix)) o.mounts.push(mount);
    if (site.id === portal) o.fallback = mount;
  }
  for (const o of origins) o.mounts.sort((a, b) => b.prefix.length - a.prefix.length);

  // The rewrite needs every port, so it is filled in once all servers listen.
  let rewrite: (text: string) => string = (t) => t;
  for (const o of origins) o.server = http.createServer((req, res) => handle(o, rewrite, req, res));

  const started: Origin[] = [];
  try {
    for (const [i, o] of origins.entries()) {
      const wanted = options.port === 0 ? 0 : options.port + i;
      if (wanted > 65535) throw new PreviewError(`端口不够用：从 ${options.port} 起需要 ${origins.length} 个端口，超过了 65535。请用 --port 指定较小的起始端口。`);
      o.port = await listen(o.server, wanted, options.port, origins.length);
      started.push(o);
    }
  } catch (error) {
    await Promise.all(started.map((o) => closeServer(o.server)));
    throw error;
  }

  rewrite = originRewriter(new Map(origins.map((o) => [o.origin, `http://${PREVIEW_HOST}:${o.port}`])));

  const sites: PreviewSite[] = ordered.map((s) => {
    const url = new URL(s.url);
    const o = originOf.get(url.origin)!;
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      status: s.status,
      domain: s.domain,
      realUrl: s.url,
      localUrl: `http://${PREVIEW_HOST}:${o.port}${url.pathname}`,
      port: o.port,
      folder: path.resolve(options.outDir, s.folder),
    };
  });

  let closing: Promise<void> | undefined;
  return {
    urlMode: manifest.group.urlMode,
    groupName: manifest.group.name,
    sites,
    close: () => (closing ??= Promise.all(origins.map((o) => closeServer(o.server))).then(() => undefined)),
  };
}

function listen(server: http.Server, port: number, firstPort: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new PreviewError(`端口 ${port} 已被占用。预览需要从 ${firstPort} 起的 ${count} 个连续端口，请关闭占用端口的程序，或用 --port 指定其他起始端口，例如 --port 5000。`));
      } else if (error.code === 'EACCES') {
        reject(new PreviewError(`没有权限使用端口 ${port}。请用 --port 指定 1024 以上的端口。`));
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
    server.listen(port, PREVIEW_HOST);
  });
}

function closeServer(server: http.Server): Promise<void> {
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

function handle(o: Origin, rewrite: (text: string) => string, req: http.IncomingMessage, res: http.ServerResponse): void {
  try {
    serve(o, rewrite, req, res);
  } catch (error) {
    if (!res.headersSent) plain(res, req, 500, `预览服务器内部错误：${(error as Error).message}`);
    else res.destroy();
  }
}

function plain(res: http.ServerResponse, req: http.IncomingMessage, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function serve(o: Origin, rewrite: (text: string) => string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return plain(res, req, 405, '预览服务器只支持 GET 和 HEAD 请求。', { Allow: 'GET, HEAD' });
  }
  const raw = req.url ?? '/';
  const cut = raw.search(/[?#]/);
  // Collapse leading slashes so a redirect can never become a protocol-relative `//host/…`.
  const rawPath = (cut === -1 ? raw : raw.slice(0, cut)).replace(/^\/+/, '/');
  const query = cut === -1 ? '' : raw.slice(cut).replace(/#.*$/, '');
  const decoded = rawPath.startsWith('/') ? safeDecode(rawPath) : undefined;
  // Reject anything that could climb out of a site folder before touching the file system.
  if (decoded === undefined || decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg === '..' || seg === '.')) {
    return plain(res, req, 400, '请求路径无效。');
  }

  // `/fgw` → `/fgw/`, before `/` (the portal) could claim it.
  if (o.mounts.some((m) => `${decoded}/` === m.prefix)) return redirect(res, req, `${rawPath}/${query}`);
  const mount = o.mounts.find((m) => decoded.startsWith(m.prefix));
  if (!mount) {
    if (decoded === '/') return redirect(res, req, encodeURI(o.fallback.prefix), 302);
    return notFound(o.fallback, rewrite, req, res);
  }

  const rest = decoded.slice(mount.prefix.length);
  let file = path.join(mount.root, ...rest.split('/').filter(Boolean));
  if (!isInside(mount.root, file)) return notFound(mount, rewrite, req, res);
  let stat = statOrNull(file);
  if (stat?.isDirectory()) {
    if (!decoded.endsWith('/')) return redirect(res, req, `${rawPath}/${query}`);
    file = path.join(file, 'index.html');
    stat = statOrNull(file);
  }
  if (!stat?.isFile() || !isInside(realpathOrNull(mount.root) ?? mount.root, realpathOrNull(file) ?? file)) {
    return notFound(mount, rewrite, req, res);
  }
  sendFile(res, req, file, stat, 200, rewrite);
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

function realpathOrNull(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

function redirect(res: http.ServerResponse, req: http.IncomingMessage, location: string, status = 301): void {
  plain(res, req, status, `已移至 ${location}`, { Location: location });
}

function notFound(mount: Mount, rewrite: (text: string) => string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const page = path.join(mount.root, '404.html');
  const stat = statOrNull(page);
  if (stat?.isFile()) return sendFile(res, req, page, stat, 404, rewrite);
  plain(res, req, 404, '页面不存在。');
}

function sendFile(res: http.ServerResponse, req: http.IncomingMessage, file: string, stat: fs.Stats, status: number, rewrite: (text: string) => string): void {
  const type = contentTypeOf(file);
  const headers = { ...BASE_HEADERS, 'Content-Type': type, 'Last-Modified': stat.mtime.toUTCString() };
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

/** The table printed at start: site id, name, local URL, real address. */
export function formatSiteTable(preview: Pick<PreviewServer, 'sites' | 'urlMode' | 'groupName'>, nginx = false): string {
  const header = ['站点', '名称', '本地地址', '正式地址'];
  const rows = preview.sites.map((s) => [
    s.id,
    STATUS_LABELS[s.status] ? `${s.name}（${STATUS_LABELS[s.status]}）` : s.name,
    s.localUrl,
    s.realUrl,
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  const mode = preview.urlMode === 'paths' ? '路径模式（所有站点共用一个端口）' : '域名模式（每个站点一个端口）';
  return [
    `预览：${preview.groupName}，${preview.sites.length} 个站点，${mode}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    nginx ? '由 nginx 按 deploy/nginx/ 中生成的配置提供服务（站点之间的链接没有改写，请用上表的本地地址打开各站点）。' : '站点之间的链接已改写为本地地址。重新构建后刷新浏览器即可看到新页面；站点有增减时请重启预览。',
    '按 Ctrl-C 停止预览。',
  ].join('\n') + '\n';
}

/**
 * `jiyue preview [--out DIR] [--port N]`. Resolves when the preview is stopped (Ctrl-C):
 * 0 after a clean stop, 1 when the output folder is missing or invalid or a port is taken,
 * 2 on wrong usage.
 */
export async function runPreview(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Promise<number> {
  const { options, error } = parsePreviewArgs(argv);
  if (!options) {
    io.err(`错误：${error}\n`);
    return 2;
  }
  let preview: PreviewServer;
  try {
    preview = options.nginx ? await (await import('./preview-nginx.ts')).startNginxPreview(options) : await startPreview(options);
  } catch (e) {
    if (e instanceof PreviewError) {
      io.err(`错误：${e.message}\n`);
      return 1;
    }
    throw e;
  }
  io.out(formatSiteTable(preview, Boolean(options.nginx)));
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.out('\n正在停止预览……\n');
      preview.close().then(() => {
        io.out('预览已停止。\n');
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
