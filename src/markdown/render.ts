/**
 * Renders the bodies of published Markdown entries (every `.md`, and `.mdx` outside
 * `trustedMdx`) with the project's pipeline (pipeline.ts), outside Astro: on worker threads for
 * large groups, each body's HTML written once to the body store and included as is by the entry
 * page.
 *
 * The store (`<cache>/bodies/`) keeps, per entry, the key it was rendered for (generator, path
 * and source hash), its HTML's hash and where the HTML is, its findings and the signature of
 * every link it had. The HTML is in packs: one file holds the bodies of one site that one render
 * job wrote in a row, named by the hash of its bytes (a file per body cost a file creation, a
 * rename and later an open each: ~1.5 s of CPU in a 10,000-page build). Packs are never
 * rewritten: one stays while a record names it (a body rendered again goes into a new pack), so
 * the store holds at most about twice its live HTML, and a `--full` build packs it afresh. A
 * later build reuses the record when the key matches and every link still resolves the same
 * way (rehype-resolve-links.ts `linkSignature`); anything else renders again. The result is the
 * same as rendering every body, which the incremental-build tests compare byte for byte.
 *
 * The source is read again and split by the one front-matter function (src/model/source.ts);
 * its hash must equal the one the loader vetted, so what is rendered is exactly what was checked
 * (a file edited during the build fails it). Positions of findings are file lines.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VFile } from 'vfile';
import { diagnostic } from '../errors/catalogue.ts';
import { errorName, type Diagnostic } from '../errors/diagnostic.ts';
import { createLinkIndex } from '../model/links.ts';
import { linkIndexParts, urlConfigOf, type RuntimeModel } from '../model/runtime.ts';
import { decodeSource, splitSource } from '../model/source.ts';
import type { EntryModel } from '../model/types.ts';
import { chunks, runWorkers } from '../lib/workers.ts';
import { Urls } from '../urls/urls.ts';
import { packFile } from './body-pack.ts';
import { fileDiagnostics } from './messages.ts';
import { markdownProcessor } from './pipeline.ts';
import { linkSignature } from './rehype-resolve-links.ts';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** What the store keeps about one rendered body. */
export interface BodyRecord {
  /** Generator, source path and source hash it was rendered for. */
  key: string;
  /** sha256 of its HTML. */
  html: string;
  /** The pack that holds the HTML (`html/<pack>.html` in the store), and its byte range there. */
  pack: string;
  at: [start: number, end: number];
  /** Every link and image it had, with what it resolved to. */
  links: [string, string][];
  /** Findings, positions in file lines, before the group's overrides. */
  diagnostics: Diagnostic[];
  /** [siteId, contentPath, route]: files it links to. */
  assets: [string, string, string][];
}

/** One body to render. */
export interface BodyItem {
  id: string;
  /** The site the body is published on, when not the source's (a republished 重要政策信息). */
  site?: string;
  source: string;
  sourceHash: string;
  bodyLine: number;
  key: string;
}

/** What a worker needs: plain data only. */
export interface BodyJob {
  contentDir: string;
  /** group.yaml `lineBreaks` (remark-line-breaks.ts). */
  lineBreaks: boolean;
  /** The store's HTML folder. */
  htmlDir: string;
  urls: ReturnType<typeof urlConfigOf>;
  links: ReturnType<typeof linkIndexParts>;
  items: BodyItem[];
}

export interface BodyResult {
  /** Records of every body, by entry id. */
  records: Map<string, BodyRecord>;
  rendered: number;
  reused: number;
}

/** A pack is closed at this size (a site's bodies are ~1.3 MB in the benchmark): a job holds one open pack. */
const PACK_BYTES = 8 * 1024 * 1024;

/** Below this many bodies, rendering stays in-process (a worker costs ~0.3 s to start). */
const WORKER_THRESHOLD = 300;

/** The body store: records per site (`<siteId>.json`) and packs of HTML (`html/<hash>.html`). */
export class BodyStore {
  readonly dir: string;
  readonly htmlDir: string;
  #packs?: Set<string>;
  /** Packs whose bytes this build has checked against their name (the sha256 of their content). */
  #verified = new Map<string, boolean>();
  /** Seals the records (src/pipeline/cache-seal.ts): a body is never taken from a record this key did not write. */
  readonly #seal: { seal(text: string): string; sealed(text: string, mac: unknown): boolean };

  constructor(dir: string, seal: { seal(text: string): string; sealed(text: string, mac: unknown): boolean }) {
    this.dir = dir;
    this.htmlDir = path.join(dir, 'html');
    this.#seal = seal;
    fs.mkdirSync(this.htmlDir, { recursive: true });
  }

  packFile(pack: string): string {
    return packFile(this.htmlDir, pack);
  }

  /**
   * Whether the pack is in the store with the bytes its name says (listed once per store; each
   * pack a record reuses read and hashed once per build: a pack edited in the cache is never
   * served, its bodies are rendered again).
   */
  hasPack(pack: string): boolean {
    this.#packs ??= new Set(fs.readdirSync(this.htmlDir).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -'.html'.length)));
    if (!this.#packs.has(pack)) return false;
    let ok = this.#verified.get(pack);
    if (ok === undefined) this.#verified.set(pack, (ok = sha256(fs.readFileSync(this.packFile(pack))) === pack));
    return ok;
  }

  read(siteId: string): Record<string, BodyRecord> {
    try {
      const { records, seal: mac } = JSON.parse(fs.readFileSync(path.join(this.dir, `${siteId}.json`), 'utf8')) as { records: string; seal: string };
      return this.#seal.sealed(records, mac) ? (JSON.parse(records) as Record<string, BodyRecord>) : {};
    } catch {
      return {};
    }
  }

  /** Writes the records of the sites given, then removes the packs no record names. */
  write(records: ReadonlyMap<string, BodyRecord>, siteIds: readonly string[]): void {
    const bySite = new Map<string, Record<string, BodyRecord>>(siteIds.map((id) => [id, {}]));
    for (const [id, r] of records) bySite.get(id.split('/')[0])![id] = r;
    for (const [siteId, list] of bySite) {
      const text = JSON.stringify(list);
      fs.writeFileSync(path.join(this.dir, `${siteId}.json`), JSON.stringify({ records: text, seal: this.#seal.seal(text) }));
    }
    const live = new Set<string>();
    for (const f of fs.readdirSync(this.dir)) {
      if (!f.endsWith('.json')) continue;
      for (const r of Object.values(this.read(f.slice(0, -'.json'.length)))) live.add(`${r.pack}.html`);
    }
    for (const f of fs.readdirSync(this.htmlDir)) if (!live.has(f)) fs.rmSync(path.join(this.htmlDir, f), { force: true });
    this.#packs = undefined;
  }
}

/**
 * Renders (or reuses) the bodies of `entries`. `reuse` false renders every body (`--full`).
 * `generator` is the generator's digest (fingerprint.ts): a new generator renders everything.
 */
export async function renderBodies(
  model: RuntimeModel,
  entries: readonly EntryModel[],
  store: BodyStore,
  options: { reuse: boolean; generator: string; workers?: number },
): Promise<BodyResult> {
  const result: BodyResult = { records: new Map(), rendered: 0, reused: 0 };
  const markdown = entries.filter((e) => e.renderAs === 'markdown');
  const context = { contentDir: model.contentDir, index: model.linkIndex, urls: model.urls };
  const items: BodyItem[] = [];
  const cached = new Map<string, Record<string, BodyRecord>>();
  for (const e of markdown) {
    const key = sha256(`${options.generator}\0${model.group.lineBreaks}\0${e.source}\0${e.sourceHash}`);
    let site = cached.get(e.siteId);
    if (!site) cached.set(e.siteId, (site = options.reuse ? store.read(e.siteId) : {}));
    const old = site[e.id];
    if (old && old.key === key && old.pack && store.hasPack(old.pack) && old.links.every(([value, sig]) => linkSignature(context, value, e.source, e.siteId) === sig)) {
      result.records.set(e.id, old);
      result.reused++;
      continue;
    }
    items.push({ id: e.id, ...(e.reprintOf ? { site: e.siteId } : {}), source: e.source, sourceHash: e.sourceHash, bodyLine: e.bodyLine, key });
  }
  const job: BodyJob = { contentDir: model.contentDir, lineBreaks: model.group.lineBreaks, htmlDir: store.htmlDir, urls: urlConfigOf(model), links: linkIndexParts(model), items };
  const n = Math.min(options.workers ?? Math.max(1, os.availableParallelism()), Math.ceil(items.length / WORKER_THRESHOLD));
  const parts =
    n <= 1
      ? [renderJob(job)]
      : await runWorkers<BodyJob, [string, BodyRecord][]>(new URL('./render-worker.ts', import.meta.url), chunks(items, n).map((part) => ({ ...job, items: part })), (j) => `渲染正文（${j.items[0]?.source} 起 ${j.items.length} 篇）`);
  for (const part of parts) for (const [id, r] of part) result.records.set(id, r);
  result.rendered = items.length;
  // Entry order, so the findings come out in the same order however the bodies were rendered.
  const ordered = new Map<string, BodyRecord>();
  for (const e of markdown) ordered.set(e.id, result.records.get(e.id)!);
  result.records = ordered;
  return result;
}

/** Renders one job's bodies (in a worker or in-process). */
export function renderJob(job: BodyJob): [string, BodyRecord][] {
  const processor = markdownProcessor({ contentDir: job.contentDir, index: createLinkIndex(job.links), urls: new Urls(job.urls) }, { lineBreaks: job.lineBreaks });
  const out: [string, BodyRecord][] = [];
  // The bodies of one site written in a row, not yet in a pack: their records wait for its name.
  let pending: { siteId: string; parts: Buffer[]; bytes: number; records: BodyRecord[] } | undefined;
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.concat(pending.parts);
    const pack = sha256(bytes);
    const target = packFile(job.htmlDir, pack);
    // A pack of this name holds these bytes; one edited in the cache is written over.
    if (!fs.existsSync(target) || sha256(fs.readFileSync(target)) !== pack) {
      // Written under a temporary name and renamed: a reader never sees half a file.
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, target);
    }
    for (const r of pending.records) r.pack = pack;
    pending = undefined;
  };
  for (const item of job.items) {
    const abs = path.join(job.contentDir, ...item.source.split('/'));
    const bytes = fs.readFileSync(abs);
    const siteId = item.source.split('/')[0];
    const split = sha256(bytes) === item.sourceHash ? splitSource(decodeSource(bytes).text ?? '').split : undefined;
    if (!split) {
      // Not cached (its key would name a source that was never rendered): always reported.
      out.push([item.id, { key: '', html: '', pack: '', at: [0, 0], links: [], diagnostics: [diagnostic('SourceChanged', {}, { file: item.source, siteId })], assets: [] }]);
      continue;
    }
    const file = new VFile({ value: split.body, path: pathToFileURL(abs), data: item.site ? { jiyueSite: item.site } : {} });
    let html: Buffer;
    try {
      html = Buffer.from(String(processor.processSync(file)));
    } catch (error) {
      // One body the pipeline cannot take is its own error, named; the other bodies of the job go on.
      out.push([item.id, { key: '', html: '', pack: '', at: [0, 0], links: [], diagnostics: [diagnostic('BodyUnparsable', { detail: errorName(error) }, { file: item.source, siteId })], assets: [] }]);
      continue;
    }
    // A pack per site (the site whose record it is), of bounded size.
    const recordSite = item.id.split('/')[0];
    if (pending && (pending.siteId !== recordSite || pending.bytes >= PACK_BYTES)) flush();
    pending ??= { siteId: recordSite, parts: [], bytes: 0, records: [] };
    const record: BodyRecord = {
      key: item.key,
      html: sha256(html),
      pack: '',
      at: [pending.bytes, pending.bytes + html.length],
      links: (file.data.jiyueLinks as [string, string][] | undefined) ?? [],
      // A republished body's findings are its original's, reported once with it.
      diagnostics: item.site ? [] : fileDiagnostics(file, item.source, split.bodyLine - 1),
      assets: (file.data.jiyueAssets as [string, string, string][] | undefined) ?? [],
    };
    pending.parts.push(html);
    pending.bytes += html.length;
    pending.records.push(record);
    out.push([item.id, record]);
  }
  flush();
  return out;
}
