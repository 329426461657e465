/**
 * Astro inside the dev server: the same `astro.config.mjs`, `src/pages/[...route].astro` and
 * views as a unit worker's build, run by Astro's dev server in this process. The pages read
 * the dev server's job from memory (unit-job.ts `DEV_RENDER`), so a page is always rendered
 * from the current state (it looks its planned page up by route parameter: `RenderJob.routed`).
 * A state with other pages clears Astro's cache of `getStaticPaths()` (the event Astro itself
 * sends when its content changes); a change of trusted MDX also reloads that collection.
 *
 * Astro's own HTTP listener is closed as soon as it is up: pages are asked for with requests
 * made in memory, and only the dev server's servers (site-servers.ts) listen. Source files,
 * Vite's `/@fs/` and module URLs are never reachable from the network.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/files.ts';

/** Vite's client script, which Astro's dev server adds to every page; the dev server has its own. */
const VITE_CLIENT = '<script type="module" src="/@vite/client"></script>';

export interface AstroDev {
  /** Renders a planned 简体 page by its Astro route parameter (`PlannedPage.param`). */
  render(param: string): Promise<{ status: number; html: string }>;
  /** The state changed: forget cached routes, reload the trusted MDX entries. */
  refresh(mdx: boolean): Promise<void>;
  /** Called when a file of the generator (src/) changes: Vite has reloaded the module. */
  onSourceChange(listener: (file: string) => void): void;
  stop(): Promise<void>;
}

/** Minimal view of the Vite server Astro hands its integrations (`astro:server:setup`). */
interface ViteLike {
  httpServer: http.Server | null;
  environments: Record<string, { hot: { send(event: string, payload: unknown): void } }>;
  watcher: { on(event: string, listener: (file: string) => void): void };
}

export async function startAstroDev(workDir: string): Promise<AstroDev> {
  const root = path.join(workDir, 'root');
  fs.mkdirSync(root, { recursive: true });
  // As in a unit worker: packages resolve from the root, which borrows the project's.
  const modules = path.join(workDir, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), modules, 'dir');
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // No network: Astro's dev server otherwise asks the npm registry for a newer version.
  process.env.ASTRO_DISABLE_UPDATE_CHECK = 'true';
  let vite: ViteLike | undefined;
  let refreshContent: (() => Promise<void>) | undefined;
  const { dev } = await import('astro');
  const server = await dev({
    root,
    srcDir: path.join(PROJECT_ROOT, 'src'),
    publicDir: path.join(root, 'public'),
    configFile: path.relative(root, path.join(PROJECT_ROOT, 'astro.config.mjs')),
    cacheDir: path.join(workDir, 'astro-cache'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0 },
    integrations: [
      {
        name: 'jiyue-dev',
        hooks: {
          'astro:server:setup': ({ server: s, refreshContent: r }) => {
            vite = s as unknown as ViteLike;
            refreshContent = r ? () => r({ loaders: ['jiyue-trusted-mdx'] }) : undefined;
          },
        },
      },
    ],
  });
  if (!vite) throw new Error('Astro did not hand over its dev server');
  const v = vite;
  // Nothing but this process talks to Astro.
  await new Promise<void>((resolve) => (v.httpServer ? v.httpServer.close(() => resolve()) : resolve()));

  return {
    render: (param) => request(server.handle, `/${param.split('/').map(encodeURIComponent).join('/')}/`),
    async refresh(mdx) {
      // What Astro does when its content changes: every environment's route cache is cleared.
      for (const env of Object.values(v.environments)) env.hot.send('astro:content-changed', {});
      if (mdx) await refreshContent?.();
    },
    onSourceChange(listener) {
      v.watcher.on('change', listener);
    },
    stop: () => server.stop(),
  };
}

/** One GET request to Astro's handler, made in memory; the response's status and text (Vite's client script removed). */
function request(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void, url: string): Promise<{ status: number; html: string }> {
  return new Promise((resolve, reject) => {
    const req = new http.IncomingMessage(new net.Socket());
    req.method = 'GET';
    req.url = url;
    req.headers = { host: 'localhost', accept: 'text/html' };
    req.push(null);
    const res = new http.ServerResponse(req);
    const chunks: Buffer[] = [];
    const add = (chunk: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array));
    };
    res.write = ((chunk: unknown) => {
      add(chunk);
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      add(chunk);
      resolve({ status: res.statusCode, html: Buffer.concat(chunks).toString('utf8').replace(VITE_CLIENT, '') });
      return res;
    }) as typeof res.end;
    try {
      handle(req, res);
    } catch (error) {
      reject(error);
    }
  });
}
