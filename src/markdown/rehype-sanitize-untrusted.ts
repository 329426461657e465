/**
 * Department content is untrusted: raw HTML in Markdown is parsed (rehype-raw) and then
 * sanitized (rehype-sanitize). No <script>, no event handlers, no javascript: URLs; tables,
 * <sup>/<sub>, images and links survive. MDX is not sanitized here: untrusted MDX was already
 * refused by the loader unless it is plain Markdown, and trusted MDX is trusted.
 */
import type { Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import type { VFile } from 'vfile';

/** GitHub's schema (the one GitHub uses for README files), with a few government-content additions. */
export const contentSanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'u', 'caption', 'colgroup', 'col', 'figure', 'figcaption'],
  // Dropped with their content: CSS in <style> would otherwise show up as text on the page.
  strip: [...(defaultSchema.strip ?? []), 'style'],
  // Checkboxes only in task lists: a form's <input> must not turn into a stray checkbox.
  ancestors: { ...defaultSchema.ancestors, input: ['li'] },
  // tel: links are how government pages give hotline numbers (12345) to phone users.
  protocols: { ...defaultSchema.protocols, href: [...(defaultSchema.protocols?.href ?? []), 'tel'] },
  attributes: {
    ...defaultSchema.attributes,
    td: [...(defaultSchema.attributes?.td ?? []), 'colSpan', 'rowSpan'],
    th: [...(defaultSchema.attributes?.th ?? []), 'colSpan', 'rowSpan', 'scope'],
    col: ['span'],
    img: [...(defaultSchema.attributes?.img ?? []), 'width', 'height'],
  },
};

const isMdx = (file: VFile) => Boolean(file.path?.endsWith('.mdx'));

/** rehype-raw, for Markdown files only (MDX has no raw HTML). */
export function rehypeRawForMarkdown() {
  const raw = rehypeRaw();
  return (tree: Root, file: VFile) => (isMdx(file) ? tree : (raw(tree, file) as Root));
}

/** rehype-sanitize with the content schema, for Markdown files only. */
export function rehypeSanitizeMarkdown() {
  const sanitize = rehypeSanitize(contentSanitizeSchema);
  return (tree: Root, file: VFile) => (isMdx(file) ? tree : (sanitize(tree) as Root));
}
