/**
 * The project's unified pipeline for article bodies, in order: parse raw HTML, resolve links,
 * sanitize, then hand findings to the CLI. Astro runs it through `unified()` from
 * `@astrojs/markdown-remark` (see astro.config.mjs); `check` runs the same plugins.
 */
import type { RuntimeModel } from '../model/runtime.ts';
import remarkCjkEmphasis from './remark-cjk-emphasis.ts';
import rehypeCollect from './rehype-collect.ts';
import rehypeResolveLinks from './rehype-resolve-links.ts';
import { rehypeRawForMarkdown, rehypeSanitizeMarkdown } from './rehype-sanitize-untrusted.ts';

/** Parser extensions for article bodies (Markdown and MDX). */
export function contentRemarkPlugins() {
  return [remarkCjkEmphasis] as const;
}

export function contentRehypePlugins(model: RuntimeModel) {
  return [
    [rehypeRawForMarkdown, {}],
    [rehypeResolveLinks, { contentDir: model.contentDir, index: model.linkIndex, urls: model.urls }],
    [rehypeSanitizeMarkdown, {}],
    // Only Markdown bodies are rendered without their front matter; MDX is compiled from the whole
    // file (front matter blanked out), so its positions are file lines already.
    [rehypeCollect, { contentDir: model.contentDir, bodyLines: new Map(model.entries.filter((e) => e.format === 'md').map((e) => [e.source, e.bodyLine])) }],
  ] as const;
}
