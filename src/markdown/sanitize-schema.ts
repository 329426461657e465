/**
 * Department content is untrusted: raw HTML in Markdown is parsed (rehype-raw) and then
 * sanitized (rehype-sanitize) with this schema. No <script>, no event handlers, no javascript:
 * URLs; tables, <sup>/<sub>, images and links survive. Every body rendered as Markdown (every
 * `.md`, and every `.mdx` outside `trustedMdx`) goes through it (pipeline.ts); the content
 * rule HTML-SANITIZED reads the same schema, so the report and the page agree.
 */
import { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';

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
