/**
 * The last plugin of a trusted MDX compile (Astro runs it): hands the file's messages and linked
 * files to the render sink, so the CLI can report every problem after the render. MDX is
 * compiled from the whole file (front matter blanked out, lines kept), so positions are file
 * lines already. Markdown bodies do not need this: the project renders them itself (render.ts).
 */
import path from 'node:path';
import type { VFile } from 'vfile';
import { fileDiagnostics } from './messages.ts';
import { renderSink } from './sink.ts';

export interface CollectOptions {
  contentDir: string;
}

export default function rehypeCollect(options: CollectOptions) {
  return (_tree: unknown, file: VFile) => {
    const sink = renderSink();
    const source = file.path ? path.relative(options.contentDir, file.path).split(path.sep).join('/') : undefined;
    sink.diagnostics.push(...fileDiagnostics(file, source, 0));
    const assets = file.data.jiyueAssets as [string, string, string][] | undefined;
    if (assets) sink.assets.push(...assets);
  };
}
