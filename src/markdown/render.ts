/**
 * Renders the bodies of published Markdown entries (every `.md`, and `.mdx` outside
 * `trustedMdx`) with the project's pipeline (pipeline.ts), outside Astro: on worker threads for
 * large groups, each body written to its own HTML file that the entry page includes as is.
 *
 * The source is read again and split by the one front-matter function (src/model/source.ts);
 * its hash must equal the one the loader vetted, so what is rendered is exactly what was checked
 * (a file edited during the build fails it). Positions of findings are file lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VFile } from 'vfile';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { createLinkIndex } from '../model/links.ts';
import { linkIndexParts, urlConfigOf, type RuntimeModel } from '../model/runtime.ts';
import { sha256 } from '../model/load.ts';
import { decodeSource, splitSource } from '../model/source.ts';
import type { EntryModel } from '../model/types.ts';
import { chunks, runWorkers } from '../lib/workers.ts';
import { Urls } from '../urls/urls.ts';
import { markdownProcessor } from './pipeline.ts';
import { fileDiagnostics } from './report.ts';

/** One body to render. */
export interface BodyItem {
  id: string;
  source: string;
  sourceHash: string;
  bodyLine: number;
}

/** What a worker needs: plain data only. */
export interface BodyJob {
  contentDir: string;
  /** Folder the HTML files are written to (`bodyFile`). */
  outDir: string;
  urls: ReturnType<typeof urlConfigOf>;
  links: ReturnType<typeof linkIndexParts>;
  items: BodyItem[];
}

export interface BodyResult {
  diagnostics: Diagnostic[];
  /** [siteId, contentPath, route]: files the bodies link to, to copy into the site folders. */
  assets: [string, string, string][];
}

/** Where the HTML of an entry's body is written (entry ids are `[a-z0-9-]` and `/`). */
export function bodyFile(outDir: string, entryId: string): string {
  return path.join(outDir, `${entryId.replaceAll('/', '~')}.html`);
}

/** Below this many bodies, rendering stays in-process (a worker costs ~0.3 s to start). */
const WORKER_THRESHOLD = 300;

export async function renderBodies(model: RuntimeModel, entries: readonly EntryModel[], outDir: string, workers = Math.max(1, os.availableParallelism())): Promise<BodyResult> {
  fs.mkdirSync(outDir, { recursive: true });
  const items = entries.filter((e) => e.renderAs === 'markdown').map((e) => ({ id: e.id, source: e.source, sourceHash: e.sourceHash, bodyLine: e.bodyLine }));
  const job: BodyJob = { contentDir: model.contentDir, outDir, urls: urlConfigOf(model), links: linkIndexParts(model), items };
  const n = Math.min(workers, Math.ceil(items.length / WORKER_THRESHOLD));
  if (n <= 1) return renderJob(job);
  const jobs = chunks(items, n).map((part) => ({ ...job, items: part }));
  const results = await runWorkers<BodyJob, BodyResult>(new URL('./render-worker.ts', import.meta.url), jobs, (j) => `渲染正文（${j.items[0]?.source} 起 ${j.items.length} 篇）`);
  return { diagnostics: results.flatMap((r) => r.diagnostics), assets: results.flatMap((r) => r.assets) };
}

/** Renders one job's bodies (in a worker or in-process). */
export function renderJob(job: BodyJob): BodyResult {
  const processor = markdownProcessor({ contentDir: job.contentDir, index: createLinkIndex(job.links), urls: new Urls(job.urls) });
  const out: BodyResult = { diagnostics: [], assets: [] };
  for (const item of job.items) {
    const abs = path.join(job.contentDir, ...item.source.split('/'));
    const bytes = fs.readFileSync(abs);
    const siteId = item.source.split('/')[0];
    const split = sha256(bytes) === item.sourceHash ? splitSource(decodeSource(bytes).text ?? '').split : undefined;
    if (!split) {
      out.diagnostics.push(diagnostic('SourceChanged', {}, { file: item.source, siteId }));
      continue;
    }
    const file = new VFile({ value: split.body, path: pathToFileURL(abs) });
    const html = String(processor.processSync(file));
    fs.writeFileSync(bodyFile(job.outDir, item.id), html);
    out.diagnostics.push(...fileDiagnostics(file, item.source, split.bodyLine - 1));
    const assets = file.data.jiyueAssets as [string, string, string][] | undefined;
    if (assets) out.assets.push(...assets);
  }
  return out;
}
