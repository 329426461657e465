/**
 * A unit worker: a child process that builds the units of one job (unit-job.ts) and exits.
 *
 *   one Astro build of every planned 简体 page of its units (in a root of its own, so workers and
 *   concurrent builds never share Astro's `.astro/` files) → per unit: layout into its folder →
 *   its search bundle (Pagefind over the folder, src/search/index-unit.ts) and its part of the
 *   group index (src/search/group-part.ts, beside its folder) → the 繁體 pages converted from the
 *   简体 ones (src/traditional/write.ts) → page-spec check of its planned pages → its feeds, sitemap and robots.txt
 *   (src/feeds/write.ts) → precompressed copies of its text
 *   files → the hash of every file → its record (`<outDir>/<unitId>.json`).
 *
 * Findings are data in the records (the pipeline prints them); an exception is a failure of the
 * worker itself: it is printed on stderr and the exit code is 1. Progress goes to the parent
 * over the IPC channel (`{ rendered }`, and `{ unit }` for each unit finished).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_VERSION, type UnitRecord } from './cache.ts';
import { layoutUnit } from './layout.ts';
import { writeFeeds } from '../feeds/write.ts';
import { fileHash, precompress, type FileHash } from '../lib/precompress.ts';
import { listFiles, PROJECT_ROOT } from '../lib/files.ts';
import { renderJob } from '../plan/unit-job.ts';
import { ownEntry } from '../model/runtime.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { renderedCount } from '../lib/progress.ts';
import { renderSink } from '../markdown/sink.ts';
import { checkUnitPages } from '../pagecheck/check.ts';
import { partDirOf, writeGroupPart } from '../search/group-part.ts';
import { indexUnit } from '../search/index-unit.ts';
import { GROUP_FRAGMENT_PAGES } from '../search/limits.ts';
import { SITE_BUNDLE } from '../search/paths.ts';
import { writeTraditionalPages } from '../traditional/write.ts';
import { ID_LOOKUP, idLookup } from '../search/ids.ts';
import { PINYIN_LOOKUP, pinyinLookup } from '../search/pinyin.ts';
import { routes } from '../urls/urls.ts';

/** Phase timings of this worker, seconds (the pipeline sums them for its timing line). */
export interface WorkerTimings {
  astro: number;
  layout: number;
  traditional: number;
  check: number;
  search: number;
  compress: number;
  /** Pages whose compressed copies were taken from the unit's last build (bytes unchanged), a count. */
  compressReused: number;
}

export interface WorkerResult {
  units: string[];
  timings: WorkerTimings;
  /** Peak resident memory of this process, bytes. */
  peakRss: number;
}

async function main(jobFile: string): Promise<void> {
  process.env.JIYUE_JOB = jobFile;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const render = renderJob();
  if (!render) throw new Error(`job file ${jobFile} not found`);
  const { job } = render;
  const timings: WorkerTimings = { astro: 0, layout: 0, traditional: 0, check: 0, search: 0, compress: 0, compressReused: 0 };
  const root = path.join(job.workDir, 'root');
  const astroOut = path.join(job.workDir, 'astro');
  fs.mkdirSync(root, { recursive: true });
  // Packages are resolved from where the importing file is: Vite's virtual modules from the root,
  // the server bundle Astro imports from its output. Both are in this folder: lend it the project's.
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(job.workDir, 'node_modules'), 'dir');
  const timer = setInterval(() => process.send?.({ rendered: renderedCount() }), 500);
  let t = performance.now();
  try {
    const { build } = await import('astro');
    // Astro's sync (a temporary Vite server that loads src/content.config.ts, runs the content
    // loader and writes types) takes ~1.3 s of every worker, and only trusted MDX needs the
    // content store it fills: without it the `mdx` collection is empty, as it is for these units.
    // `sync` is an option of Astro's builder that the public `build()` passes through untyped
    // (astro/dist/core/build/index.js, AstroBuilderOptions). test/incremental*.test.ts build both kinds.
    const options = { sync: Boolean(job.mdx) };
    await build({
      root,
      srcDir: path.join(PROJECT_ROOT, 'src'),
      publicDir: path.join(root, 'public'),
      // Astro joins it to the root.
      configFile: path.relative(root, path.join(PROJECT_ROOT, 'astro.config.mjs')),
      outDir: astroOut,
      cacheDir: path.join(job.workDir, 'astro-cache'),
      logLevel: 'error',
    }, options as Parameters<typeof build>[1]);
  } finally {
    clearInterval(timer);
    process.send?.({ rendered: renderedCount() });
  }
  timings.astro = (performance.now() - t) / 1000;

  const sink = renderSink();
  const done: string[] = [];
  for (const { unit, model } of render.units) {
    const dir = path.join(job.outDir, unit.id);
    t = performance.now();
    layoutUnit(unit, astroOut, dir, job.contentDir, job.assetsDir);
    timings.layout += (performance.now() - t) / 1000;

    // Trusted MDX hands its findings and linked files back through the render sink.
    const diagnostics: Diagnostic[] = sink.diagnostics.filter((d) => d.siteId === unit.id);
    const planned = new Set(unit.files.map(([, route]) => route));
    for (const [siteId, source, route] of sink.assets) {
      if (siteId === unit.id && !planned.has(route)) throw new Error(`trusted MDX links ${source} (${route}), which the build plan of ${unit.id} does not list`);
    }

    t = performance.now();
    let search: UnitRecord['search'];
    let group: UnitRecord['group'];
    if (unit.searchable) {
      const indexed = indexUnit(unit, dir, job.search.maxFragments, job.pagefindThreads);
      diagnostics.push(...indexed.diagnostics);
      search = indexed.stats;
      // The unit's part of the portal's group index, with the URLs the portal links its pages by.
      const portal = model.portal.id;
      if (search) group = writeGroupPart(path.join(dir, ...SITE_BUNDLE.split('/')), partDirOf(dir), {
          groupSize: GROUP_FRAGMENT_PAGES,
          // Pagefind records `/<route>` for a page added as `<route>index.html`.
          url: (u) => model.urls.href(portal, unit.id, u.replace(/^\//, '')),
        });
    }
    timings.search += (performance.now() - t) / 1000;
    // Beside its search page: the site's identifiers (文号, 索引号) for exact matches first (search/ids.ts),
    // and the pinyin initials of its title words (search/pinyin.ts).
    if (unit.searchable) {
      const entries = unit.pages.flatMap((p) => (p.type === 'entry' && p.searchable ? [ownEntry(model, p.entryId)] : []));
      fs.writeFileSync(path.join(dir, ...routes.search().split('/'), ID_LOOKUP), JSON.stringify(idLookup(model, entries)));
      fs.writeFileSync(path.join(dir, ...routes.search().split('/'), PINYIN_LOOKUP), JSON.stringify(pinyinLookup(entries.map((e) => e.data.title), model.searchAliases)));
    }

    // After the index: Pagefind reads the folder, and the 繁體 copies are not searched.
    t = performance.now();
    writeTraditionalPages(model, unit, dir);
    timings.traditional += (performance.now() - t) / 1000;

    t = performance.now();
    const checked = checkUnitPages(model, dir, unit.pages);
    diagnostics.push(...checked.diagnostics);
    timings.check += (performance.now() - t) / 1000;

    await writeFeeds(model, unit, dir);

    t = performance.now();
    // Nothing writes into the folder after this: the hashes of what it read and wrote stay true.
    const hashes = new Map<string, FileHash>();
    timings.compressReused += precompress(dir, listFiles(dir), hashes, unit.previousBuild).reused;
    timings.compress += (performance.now() - t) / 1000;

    const files = listFiles(dir);
    const pageFiles = new Set([...unit.pages.map((p) => p.file), ...planned]);
    for (const f of files) {
      if (f.endsWith('.html') && !pageFiles.has(f)) throw new Error(`${unit.id}: ${f} is in the folder but not in the build plan`);
      for (const nested of unit.nested) if (f.startsWith(`${nested}/`)) throw new Error(`${unit.id}: ${f} is inside the folder of another site`);
    }
    const record: UnitRecord = {
      version: CACHE_VERSION,
      unitId: unit.id,
      fingerprint: unit.fingerprint,
      files: files.map((f) => {
        const abs = path.join(dir, ...f.split('/'));
        return [f, ...(hashes.get(f) ?? fileHash(fs.readFileSync(abs))), fs.statSync(abs).mtimeMs];
      }),
      diagnostics,
      checked: checked.pages,
      ...(search ? { search } : {}),
      ...(group ? { group } : {}),
    };
    fs.writeFileSync(path.join(job.outDir, `${unit.id}.json`), JSON.stringify(record));
    done.push(unit.id);
    // Its folder is final: the group merge may read its bundle now (build.ts).
    process.send?.({ unit: unit.id });
  }
  const result: WorkerResult = { units: done, timings, peakRss: peakRss() };
  fs.writeFileSync(path.join(job.outDir, `worker-${path.basename(job.workDir)}.json`), JSON.stringify(result));
}

/** Peak resident memory of this process (VmHWM), bytes; 0 where unknown. */
function peakRss(): number {
  try {
    const kb = Number(/^VmHWM:\s*(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}

main(process.argv[2]).then(
  // Astro and Vite may leave handles open: the work is done and written.
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
