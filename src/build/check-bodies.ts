/**
 * Checks article bodies without Astro: the same unified pipeline the render uses (the same
 * rehype plugins, so the same rules and messages), run when the loader already found errors.
 * The build then stops before rendering, yet still reports every mistake in one go, body links
 * included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { contentRehypePlugins } from '../markdown/pipeline.ts';
import { renderSink, resetRenderSink } from '../markdown/sink.ts';
import { splitFrontmatter } from '../model/load.ts';
import type { RuntimeModel } from '../model/runtime.ts';

export async function checkBodies(model: RuntimeModel): Promise<Diagnostic[]> {
  resetRenderSink();
  const processor = await createMarkdownProcessor({
    rehypePlugins: [...contentRehypePlugins(model)] as never,
    smartypants: false,
    syntaxHighlight: false,
  });
  for (const entry of model.entries) {
    // MDX bodies are checked for code by the loader; their links are checked when rendered.
    if (entry.format !== 'md') continue;
    const file = path.join(model.contentDir, ...entry.source.split('/'));
    const split = splitFrontmatter(fs.readFileSync(file, 'utf8'));
    if (!split) continue;
    await processor.render(split.body, { fileURL: new URL(`file://${file}`), frontmatter: {} });
  }
  const found = renderSink().diagnostics;
  resetRenderSink();
  return found;
}
