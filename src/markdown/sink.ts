/**
 * Where the trusted-MDX plugins, running inside Astro's compile, hand their findings back to the
 * unit worker (src/pipeline/unit-worker.ts): problems (with file and position) and the files
 * pages link to. It lives on `globalThis` because Astro loads the plugin modules in a module
 * graph of its own; the process is the same.
 */
import type { Diagnostic } from '../errors/diagnostic.ts';

export interface RenderSink {
  diagnostics: Diagnostic[];
  /** [siteId, contentPath, route]: a file to copy into a site folder. */
  assets: [string, string, string][];
}

const KEY = Symbol.for('jiyue.renderSink');

export function renderSink(): RenderSink {
  const g = globalThis as unknown as Record<symbol, RenderSink | undefined>;
  return (g[KEY] ??= { diagnostics: [], assets: [] });
}

export function resetRenderSink(): void {
  const g = globalThis as unknown as Record<symbol, RenderSink | undefined>;
  g[KEY] = { diagnostics: [], assets: [] };
}
