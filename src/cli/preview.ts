/**
 * `jiyue preview` (npm run preview): serves a built output folder on 127.0.0.1 so every site of
 * the group can be browsed and every cross-site link stays inside the preview. The sites are
 * laid out on ports and paths as the dev server lays them out (site-servers.ts), from the
 * sites of `manifest.json`.
 *
 * Files are read on every request, so a rebuild shows up on the next page load; adding or
 * removing sites needs a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/files.ts';
import { parsePort, PreviewError, siteTable, startSiteServers, untilStopped, urlModeLabel, type Reply } from './site-servers.ts';

import { readManifest, type PreviewOptions, type PreviewServer } from './preview-output.ts';

export { DEFAULT_PORT, PREVIEW_HOST, PreviewError, contentTypeOf, originRewriter } from './site-servers.ts';
export { readManifest, type PreviewOptions, type PreviewServer, type PreviewSite } from './preview-output.ts';

const USAGE = '用法：npm run preview -- [--out 目录] [--port 端口] [--nginx]';

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
  const port = parsePort(values.port);
  if (typeof port !== 'number') return { error: `${port.error}\n${USAGE}` };
  const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'dist'));
  return { options: { outDir, port, nginx: Boolean(values.nginx) } };
}

/** Starts the preview of the build in `options.outDir`: one server per deployed origin (site-servers.ts). */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const manifest = readManifest(options.outDir);
  const portal = manifest.group.portal;
  const ordered = [...manifest.sites].sort((a, b) => Number(b.id === portal) - Number(a.id === portal));
  const roots = new Map(ordered.map((s) => [s.id, path.resolve(options.outDir, s.folder)]));
  const servers = await startSiteServers(ordered, { portal, port: options.port }, {
    reply: (siteId, rest) => fileReply(roots.get(siteId)!, rest),
    notFound: (siteId) => {
      const page = path.join(roots.get(siteId)!, '404.html');
      const stat = statOrNull(page);
      return stat?.isFile() ? { file: page, stat } : undefined;
    },
  });
  return {
    urlMode: manifest.group.urlMode,
    groupName: manifest.group.name,
    sites: servers.sites.map((s) => ({ ...s, folder: roots.get(s.id)! })),
    close: servers.close,
  };
}

/** A file of a site folder; a folder answers with its index.html, a link out of the folder with nothing. */
function fileReply(root: string, rest: string): Reply {
  let file = path.join(root, ...rest.split('/').filter(Boolean));
  if (!isInside(root, file)) return undefined;
  let stat = statOrNull(file);
  if (stat?.isDirectory()) {
    if (rest !== '' && !rest.endsWith('/')) return 'slash';
    file = path.join(file, 'index.html');
    stat = statOrNull(file);
  }
  if (!stat?.isFile() || !isInside(realpathOrNull(root) ?? root, realpathOrNull(file) ?? file)) return undefined;
  return { file, stat };
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

/** The table printed at start: site id, name, local URL, real address. */
export function formatSiteTable(preview: Pick<PreviewServer, 'sites' | 'urlMode' | 'groupName'>, nginx = false): string {
  return [
    `预览：${preview.groupName}，${preview.sites.length} 个站点，${urlModeLabel(preview.urlMode)}`,
    '',
    ...siteTable(preview.sites),
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
  return untilStopped(preview.close, io, '预览');
}
