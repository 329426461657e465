/**
 * The project's unified pipelines for article bodies.
 *
 * - Markdown (every `.md`, and `.mdx` outside `trustedMdx`): rendered by the project itself
 *   (render.ts), never by Astro: parse (CommonMark + GFM, CJK-friendly emphasis and bare URLs)
 *   → hast with raw HTML parsed → links resolved → sanitized → heading ids → HTML.
 * - Trusted MDX: compiled by Astro's MDX integration with the same remark plugins; its links are
 *   resolved by the same plugin and its findings handed back through the render sink.
 *
 * `npm run check` does not render; its scan (src/check/scan.ts) reads links with the same
 * definitions (bare-urls.ts, the one link resolver), so both report the same problems.
 */
import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import type { LinkIndex } from '../model/links.ts';
import type { Urls } from '../urls/urls.ts';
import remarkCjkAutolink from './remark-cjk-autolink.ts';
import remarkCjkEmphasis from './remark-cjk-emphasis.ts';
import rehypeCollect from './rehype-collect.ts';
import rehypeRawIfAny from './rehype-raw-if-any.ts';
import rehypeResolveLinks from './rehype-resolve-links.ts';
import { contentSanitizeSchema } from './sanitize-schema.ts';

/** Remark plugins for every body (Markdown and trusted MDX alike). */
export function contentRemarkPlugins() {
  return [remarkCjkEmphasis, remarkCjkAutolink] as const;
}

/** What link resolution needs: where the content is, what exists, how URLs are written. */
export interface LinkContext {
  contentDir: string;
  index: LinkIndex;
  urls: Urls;
}

/** The Markdown pipeline (untrusted content): raw HTML is parsed, links resolved, everything sanitized. */
export function markdownProcessor(links: LinkContext): Processor {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use([...contentRemarkPlugins()])
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRawIfAny)
    .use(rehypeResolveLinks, links)
    .use(rehypeSanitize, contentSanitizeSchema)
    .use(rehypeHeadingIds)
    .use(rehypeStringify) as unknown as Processor;
}

/** Rehype plugins Astro runs when it compiles trusted MDX (astro.config.mjs). */
export function mdxRehypePlugins(links: LinkContext) {
  return [
    [rehypeResolveLinks, links],
    [rehypeCollect, { contentDir: links.contentDir }],
  ] as const;
}
