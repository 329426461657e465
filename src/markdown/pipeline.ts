/**
 * The project's unified pipelines for article bodies.
 *
 * - Markdown (every `.md`, and `.mdx` outside `trustedMdx`): rendered by the project itself
 *   (render.ts), never by Astro: parse (CommonMark + GFM, CJK-friendly emphasis and bare URLs)
 *   → hast with raw HTML parsed → links resolved → sanitized → in-page links pointed at the
 *   sanitized ids → heading ids → HTML. GFM's autolink literals are parsed only in bodies where
 *   one can occur (remark-gfm-no-literals.ts).
 * - Trusted MDX: compiled by Astro's MDX integration with the same remark plugins; its links are
 *   resolved by the same plugin and its findings handed back through the render sink.
 *
 * `npm run check` does not render; its scan (src/markdown/scan.ts) reads links with the same
 * definitions (bare-urls.ts, the one link resolver), so both report the same problems.
 */
import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import type { LinkIndex } from '../model/links.ts';
import type { Urls } from '../urls/urls.ts';
import remarkCjkAutolink from './remark-cjk-autolink.ts';
import remarkCjkEmphasis from './remark-cjk-emphasis.ts';
import remarkLineBreaks from './remark-line-breaks.ts';
import rehypeCollect from './rehype-collect.ts';
import rehypeRawIfAny from './rehype-raw-if-any.ts';
import rehypeFragmentLinks from './rehype-fragment-links.ts';
import rehypeResolveLinks from './rehype-resolve-links.ts';
import rehypeTableScroll from './rehype-table-scroll.ts';
import remarkGfmNoLiterals, { MAY_HAVE_LITERALS } from './remark-gfm-no-literals.ts';
import { contentSanitizeSchema } from './sanitize-schema.ts';

/** Remark plugins for every body (Markdown and trusted MDX alike). */
export function contentRemarkPlugins(options: { lineBreaks?: boolean } = {}) {
  return [remarkCjkEmphasis, remarkCjkAutolink, [remarkLineBreaks, { lineBreaks: options.lineBreaks !== false }]] as const;
}

/** What link resolution needs: where the content is, what exists, how URLs are written. */
export interface LinkContext {
  contentDir: string;
  index: LinkIndex;
  urls: Urls;
}

/** What renders a Markdown body: `process`/`processSync` as on a unified processor. */
export interface BodyProcessor {
  process(file: VFile): Promise<VFile>;
  processSync(file: VFile): VFile;
}

/**
 * The Markdown pipeline (untrusted content): raw HTML is parsed, links resolved, everything
 * sanitized. A body in which no GFM autolink literal can occur (no `@`, `www` or `http`) is parsed
 * without the literals (remark-gfm-no-literals.ts: the same tree, a quarter to a third less
 * time to parse and transform);
 * `literals: 'always'` parses every body with them (the tests compare the two).
 */
export function markdownProcessor(links: LinkContext, options: { literals?: 'auto' | 'always'; lineBreaks?: boolean } = {}): BodyProcessor {
  const full = bodyProcessor(links, remarkGfm, options.lineBreaks);
  const lite = options.literals === 'always' ? full : bodyProcessor(links, remarkGfmNoLiterals, options.lineBreaks);
  const pick = (file: VFile) => (MAY_HAVE_LITERALS.test(String(file.value)) ? full : lite);
  return { process: (file) => pick(file).process(file), processSync: (file) => pick(file).processSync(file) };
}

function bodyProcessor(links: LinkContext, gfm: typeof remarkGfm | typeof remarkGfmNoLiterals, lineBreaks?: boolean): Processor {
  return unified()
    .use(remarkParse)
    .use(gfm)
    .use([...contentRemarkPlugins({ lineBreaks })] as never)
    // Footnote ids unprefixed here: sanitizing prefixes them once (rehype-fragment-links.ts).
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '', footnoteLabel: '注释', footnoteBackLabel })
    .use(rehypeRawIfAny)
    .use(rehypeResolveLinks, links)
    .use(rehypeSanitize, contentSanitizeSchema)
    .use(rehypeFragmentLinks)
    .use(rehypeTableScroll)
    .use(rehypeHeadingIds)
    .use(rehypeStringify) as unknown as Processor;
}

/**
 * The label of a footnote's link back to where it is cited (a screen reader reads it):
 * `referenceIndex` counts from 0, `rereferenceIndex` from 1 (mdast-util-to-hast).
 */
function footnoteBackLabel(referenceIndex: number, rereferenceIndex: number): string {
  return `返回第 ${referenceIndex + 1} 条注释的引用处${rereferenceIndex > 1 ? `（第 ${rereferenceIndex} 处）` : ''}`;
}

/** Rehype plugins Astro runs when it compiles trusted MDX (astro.config.mjs). */
export function mdxRehypePlugins(links: LinkContext) {
  return [
    [rehypeResolveLinks, links],
    [rehypeCollect, { contentDir: links.contentDir }],
  ] as const;
}
