/**
 * GFM (tables, strikethrough, footnotes, task lists) without its autolink literals: what
 * remark-gfm adds, less `micromark-extension-gfm-autolink-literal` and its mdast transform.
 *
 * Why: the literals are the dearest part of GFM for Chinese bodies (a construct tried on every
 * letter, then a find-and-replace over every text node), about a third of parsing a body, and
 * they can only fire where a body has `@` (e-mail, `mailto:`, `xmpp:`), `www` or `http`. The
 * Markdown pipeline (pipeline.ts) uses this plugin for bodies without any of them, where it
 * gives the same tree as remark-gfm, and remark-gfm for the rest.
 */
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { combineExtensions } from 'micromark-util-combine-extensions';
import type { Processor } from 'unified';

/** Where a GFM autolink literal can start: `www.`, `http(s)://`, or an `@` (e-mail, `mailto:`, `xmpp:`), any case. */
export const MAY_HAVE_LITERALS = /@|www|http/i;

export default function remarkGfmNoLiterals(this: Processor) {
  const data = this.data();
  // The same order as micromark-extension-gfm and mdast-util-gfm, with the literals left out.
  (data.micromarkExtensions ??= []).push(combineExtensions([gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem()]));
  (data.fromMarkdownExtensions ??= []).push([gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()]);
}
