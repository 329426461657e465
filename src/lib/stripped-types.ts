/**
 * The project's TypeScript, stripped once per version of each file, not once per process.
 *
 * Node 22 runs `src/**\/*.ts` by stripping the types of every file it loads (amaro, a WebAssembly
 * build of SWC): about 0.25 s of every CLI process and 0.2 s of every unit worker here, again for
 * the same files in every build, check and test. This load hook keeps what Node's own loader
 * makes of a file (the same transform in the same mode: types become blanks, so every line and
 * column stays where it is in the source, and the file's URL as its `sourceURL`, so stack traces
 * name the `.ts` file), keyed by the file's URL and bytes and the Node version, in the
 * installation's cache (install-cache.ts, `stripped/`).
 *
 * It only touches the project's own `src/**\/*.ts` (never `node_modules`, never content).
 * Registered by the CLI entry before it loads the commands (src/cli/jiyue.ts) and by the unit
 * worker's `--import` (src/pipeline/run-units.ts).
 */
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from './files.ts';
import { kept } from './install-cache.ts';

const SOURCE_URL = pathToFileURL(path.join(PROJECT_ROOT, 'src')).href + '/';

let registered = false;

/**
 * What Node's own loader makes of a TypeScript module (node:internal/modules/typescript,
 * `stripTypeScriptModuleTypes`).
 */
function strip(url: string, source: string): string {
  // The public form of that transform warns once per process that it is experimental; Node's
  // loader runs the same one unwarned, and the warning would only tell an editor about this cache.
  const emit = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    return module.stripTypeScriptTypes(source, { mode: 'strip', sourceUrl: url });
  } finally {
    process.emitWarning = emit;
  }
}

/** The stripped JavaScript of one TypeScript file, kept or stripped now. */
export function strippedSource(url: string): string {
  const source = fs.readFileSync(fileURLToPath(url));
  return kept('stripped', [process.version, url, source], () => strip(url, source.toString('utf8'))).toString('utf8');
}

/** Registers the load hook in this thread (once). */
export function useStrippedTypeCache(): void {
  if (registered) return;
  registered = true;
  module.registerHooks({
    load(url, context, nextLoad) {
      if (!url.endsWith('.ts') || !url.startsWith(SOURCE_URL) || url.includes('/node_modules/')) return nextLoad(url, context);
      let source: string;
      try {
        source = strippedSource(url);
      } catch {
        // Syntax Node's stripping refuses: let Node report it as it would.
        return nextLoad(url, context);
      }
      return { format: 'module', source, shortCircuit: true };
    },
  });
}
