/**
 * Search measurements for `npm run bench` (docs/performance.md, “搜索”): the cost of a group
 * search in real Chromium, two ways, over the same built output:
 *
 *   group  — the portal's group index (`www/pagefind-group/`): the sites' bundles merged at build time;
 *   merge  — the portal's own bundle plus `mergeIndex` of every other site's bundle.
 *
 * Everything is served from one local origin (`/<siteId>/…`), so the numbers are request counts,
 * bytes and CPU time without network latency; on a real network add one round trip per request
 * wave (merge: one wave per site bundle).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchChromium } from '../test/browser.ts';

export interface SearchCost {
  /** Time until the first query's top 10 results are loaded (cold: nothing cached), ms. */
  firstQueryMs: number;
  /** Mean time of the following queries (warm), ms. */
  nextQueryMs: number;
  /** Requests and bytes of the first query (init included). */
  firstRequests: number;
  firstBytes: number;
  /** Requests and bytes of all queries. */
  totalRequests: number;
  totalBytes: number;
  /** Result count of each query (both ways must agree on what is findable). */
  counts: number[];
}

export interface SearchBrowserResult {
  queries: string[];
  group?: SearchCost;
  merge?: SearchCost;
  /** Sites merged in the merge variant. */
  mergedSites: number;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };

function serve(sitesDir: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (p === '/') {
      res.setHeader('content-type', TYPES['.html']);
      res.end('<!doctype html><html lang="zh-CN"><head><title>bench</title></head><body></body></html>');
      return;
    }
    const file = path.join(sitesDir, p);
    if (!file.startsWith(sitesDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as { port: number }).port, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

async function measure(port: number, bundle: string, merged: string[], queries: string[]): Promise<SearchCost> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let requests = 0;
    let bytes = 0;
    page.on('requestfinished', async (req) => {
      requests++;
      const sizes = await req.sizes().catch(() => undefined);
      bytes += sizes?.responseBodySize ?? 0;
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    requests = 0;
    bytes = 0;
    const timings: number[] = [];
    const counts: number[] = [];
    let firstRequests = 0;
    let firstBytes = 0;
    for (const [i, q] of queries.entries()) {
      const r = await page.evaluate(
        async ({ bundle, merged, q, first }) => {
          const t0 = performance.now();
          const pf = await import(`${bundle}pagefind.js`);
          if (first) {
            await pf.options({ excerptLength: 36 });
            for (const m of merged) await pf.mergeIndex(m);
          }
          const s = await pf.search(q);
          await Promise.all(s.results.slice(0, 10).map((x: { data: () => Promise<unknown> }) => x.data()));
          return { ms: performance.now() - t0, count: s.results.length as number };
        },
        { bundle, merged, q, first: i === 0 },
      );
      // Let response-size callbacks settle before reading the counters.
      await page.waitForTimeout(50);
      timings.push(r.ms);
      counts.push(r.count);
      if (i === 0) {
        firstRequests = requests;
        firstBytes = bytes;
      }
    }
    const rest = timings.slice(1);
    return {
      firstQueryMs: Math.round(timings[0]),
      nextQueryMs: Math.round(rest.reduce((a, b) => a + b, 0) / Math.max(1, rest.length)),
      firstRequests,
      firstBytes,
      totalRequests: requests,
      totalBytes: bytes,
      counts,
    };
  } finally {
    await browser.close();
  }
}

/** Measures both ways of searching the group; `portal` is the portal's site id. */
export async function measureGroupSearch(sitesDir: string, portal: string, queries: string[]): Promise<SearchBrowserResult> {
  const sites = fs.readdirSync(sitesDir).filter((id) => fs.existsSync(path.join(sitesDir, id, 'pagefind', 'pagefind.js')));
  const others = sites.filter((id) => id !== portal).map((id) => `/${id}/pagefind/`);
  const server = await serve(path.resolve(sitesDir));
  try {
    const out: SearchBrowserResult = { queries, mergedSites: sites.length };
    if (fs.existsSync(path.join(sitesDir, portal, 'pagefind-group', 'pagefind.js'))) out.group = await measure(server.port, `/${portal}/pagefind-group/`, [], queries);
    out.merge = await measure(server.port, `/${portal}/pagefind/`, others, queries);
    return out;
  } finally {
    await server.close();
  }
}

export interface PageSearchCost {
  query: string;
  /** Requests and bytes (as transferred) the search made: the group bundle and the search script. */
  requests: number;
  bytes: number;
  ms: number;
  results: string;
}

/**
 * The portal's own search page, as a citizen uses it (served by the preview server): the first
 * query opened with `?q=` (cold: nothing cached), the others typed into the form. Counts every
 * request to the search script and the group bundle.
 */
export async function measureSearchPage(outDir: string, queries: string[]): Promise<PageSearchCost[]> {
  const { startPreview } = await import('../src/cli/preview.ts');
  const preview = await startPreview({ outDir, port: 0 });
  const browser = await launchChromium();
  try {
    const portal = preview.sites[0];
    const page = await browser.newPage();
    let requests = 0;
    let bytes = 0;
    const pending: Promise<void>[] = [];
    page.on('requestfinished', (req) => {
      if (!/\/pagefind-group\/|\/assets\/search\.js/.test(req.url())) return;
      requests++;
      pending.push(req.sizes().then((s) => void (bytes += s.responseBodySize + s.responseHeadersSize), () => undefined));
    });
    const out: PageSearchCost[] = [];
    const settle = async (before: string) => {
      await page.waitForFunction((b) => {
        const t = document.getElementById('search-status')?.textContent ?? '';
        return /^(找到|没有找到)/.test(t) && t !== b;
      }, before, { timeout: 120_000 });
      await page.waitForTimeout(300);
      await Promise.all(pending);
      return page.evaluate(() => document.getElementById('search-status')!.textContent!);
    };
    for (const [i, q] of queries.entries()) {
      requests = 0;
      bytes = 0;
      const t0 = performance.now();
      let status: string;
      if (i === 0) {
        await page.goto(`${portal.localUrl}search/?q=${encodeURIComponent(q)}`);
        status = await settle('');
      } else {
        const before = await page.evaluate(() => document.getElementById('search-status')!.textContent!);
        await page.fill('#search-q', q);
        await page.press('#search-q', 'Enter');
        status = await settle(before);
      }
      out.push({ query: q, requests, bytes, ms: Math.round(performance.now() - t0), results: status });
    }
    return out;
  } finally {
    await browser.close();
    await preview.close();
  }
}
