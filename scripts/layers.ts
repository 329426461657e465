/**
 * The house's layers, measured: every relative import under src/ (type imports too), the import
 * cycles among files, and the imports that run back up the layers (a folder importing from a
 * folder above it). docs/architecture.md records the result; test/layers.test.ts keeps it.
 *
 *   node scripts/layers.ts          # counts
 *   node scripts/layers.ts --list   # and every import that runs back up
 */
import fs from 'node:fs';
import path from 'node:path';

/** Folders of src/ from the bottom (0) up; a folder may import from its own layer and below. */
export const LAYERS: Record<string, number> = {
  lib: 0,
  config: 0,
  errors: 0,
  urls: 0,
  model: 1,
  lifecycle: 1,
  markdown: 1,
  rules: 1,
  pagespec: 1,
  check: 2,
  plan: 3,
  feeds: 4,
  search: 4,
  views: 4,
  // The page checker reads what the views rendered, against the plan's pages; the 繁體 pages are
  // converted from rendered 简体 pages, per planned page.
  pagecheck: 4,
  traditional: 4,
  components: 4,
  layouts: 4,
  pages: 4,
  styles: 4,
  assets: 4,
  pipeline: 5,
  reports: 5,
  deploy: 5,
  dev: 6,
  import: 6,
  cli: 6,
  // src/content.config.ts: Astro's, beside the pages.
  '.': 4,
};

export interface LayerReport {
  files: number;
  imports: number;
  cycles: string[][];
  /** [importer, imported], both relative to src/. */
  upward: [string, string][];
  /** Folders with no layer (a new folder must be given one). */
  unplaced: string[];
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

export function measureLayers(srcDir: string): LayerReport {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(ts|astro|mjs)$/.test(e.name)) files.push(abs);
    }
  };
  walk(srcDir);
  const rel = (f: string) => path.relative(srcDir, f).split(path.sep).join('/');
  const folder = (f: string) => (rel(f).includes('/') ? rel(f).split('/')[0] : '.');
  const edges = new Map<string, string[]>();
  const upward: [string, string][] = [];
  const unplaced = new Set<string>();
  let imports = 0;
  for (const f of files) {
    const out: string[] = [];
    for (const m of fs.readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const target = path.normalize(path.join(path.dirname(f), m[1] ?? m[2]));
      if (!fs.existsSync(target)) continue;
      imports++;
      out.push(target);
      const [a, b] = [folder(f), folder(target)];
      for (const x of [a, b]) if (LAYERS[x] === undefined) unplaced.add(x);
      if ((LAYERS[b] ?? 0) > (LAYERS[a] ?? 0)) upward.push([rel(f), rel(target)]);
    }
    edges.set(f, out);
  }
  return { files: files.length, imports, cycles: cycles(files, edges).map((c) => c.map(rel).sort()), upward: upward.sort(), unplaced: [...unplaced] };
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(nodes: readonly string[], edges: ReadonlyMap<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

if (import.meta.main) {
  const r = measureLayers(path.resolve(import.meta.dirname, '..', 'src'));
  process.stdout.write(`${r.files} 个文件 files，${r.imports} 条导入 imports；循环 cycles ${r.cycles.length}；向上的导入 upward imports ${r.upward.length}\n`);
  for (const c of r.cycles) process.stdout.write(`  循环 cycle: ${c.join(' → ')}\n`);
  if (r.unplaced.length) process.stdout.write(`  没有层的目录 folders without a layer: ${r.unplaced.join(', ')}\n`);
  if (process.argv.includes('--list')) for (const [a, b] of r.upward) process.stdout.write(`  ${a} → ${b}\n`);
}
