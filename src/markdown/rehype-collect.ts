/**
 * The last plugin: hands the file's messages and linked files to the render sink, so the CLI
 * can report every problem of every page after the render.
 */
import path from 'node:path';
import type { VFile } from 'vfile';
import { renderSink } from './sink.ts';

export interface CollectOptions {
  contentDir: string;
  /**
   * Line where each source's body starts: Astro hands the pipeline the body without its front
   * matter, so positions are body-relative; editors need file lines.
   */
  bodyLines: ReadonlyMap<string, number>;
}

export default function rehypeCollect(options: CollectOptions) {
  return (_tree: unknown, file: VFile) => {
    const sink = renderSink();
    const source = file.path ? path.relative(options.contentDir, file.path).split(path.sep).join('/') : undefined;
    const shift = source ? (options.bodyLines.get(source) ?? 1) - 1 : 0;
    for (const m of file.messages) {
      sink.diagnostics.push({
        ruleId: m.ruleId ?? 'MARKDOWN',
        severity: m.fatal ? 'error' : 'warning',
        file: source,
        line: m.line == null ? undefined : m.line + shift,
        column: m.column ?? undefined,
        message: m.reason,
        hint: m.note ?? '',
        siteId: source?.split('/')[0],
      });
    }
    const assets = file.data.jiyueAssets as [string, string, string][] | undefined;
    if (assets) sink.assets.push(...assets);
  };
}
