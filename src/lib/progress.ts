/**
 * Render progress, counted in the page route and read by the unit worker, which reports it to
 * the pipeline's progress display. On `globalThis` for the same reason as the render sink: one
 * process, two module graphs (Astro's pages and the worker's own modules).
 */
const KEY = Symbol.for('jiyue.renderProgress');

export function reportRendered(): void {
  const g = globalThis as unknown as Record<symbol, number | undefined>;
  g[KEY] = (g[KEY] ?? 0) + 1;
}

export function renderedCount(): number {
  return (globalThis as unknown as Record<symbol, number | undefined>)[KEY] ?? 0;
}

