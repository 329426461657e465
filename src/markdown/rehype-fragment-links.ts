/**
 * In-page links after sanitizing. rehype-sanitize prefixes every `id` and `name` in a body with
 * `user-content-`, so content cannot clobber the ids of the page around it (DOM clobbering), but
 * it leaves the links to them as written: a footnote reference `#fn-1`, or `[见附表](#附表一)` to
 * a raw `<a id="附表一">`, would lead nowhere. A `#x` link whose target exists only as
 * `user-content-x` is pointed at it. Heading ids are added after this plugin (rehypeHeadingIds)
 * and are not prefixed, so links to headings stay as they are.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { forEachElement } from './for-each-element.ts';

/** The prefix rehype-sanitize's default (GitHub) schema clobbers ids with. */
const PREFIX = 'user-content-';

/**
 * Where an in-page link can come from in the source: `](#x)`, `[x]: #y`, `href="#x"`, a
 * footnote `[^1]`. Bodies without one (most) are not walked.
 */
const MAY_LINK_IN_PAGE = /\(\s*<?#|\]:\s*<?#|=\s*["']?#|\[\^/;

export default function rehypeFragmentLinks() {
  return (tree: Root, file: VFile) => {
    if (!MAY_LINK_IN_PAGE.test(String(file.value))) return;
    const ids = new Set<string>();
    const links: Element[] = [];
    forEachElement(tree, (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      if (node.tagName === 'a' && typeof node.properties.href === 'string' && node.properties.href.startsWith('#')) links.push(node);
    });
    for (const link of links) {
      // Footnote ids keep their label percent-encoded (`fn-%E9%99%84`), an editor's id is as written.
      const fragment = String(link.properties.href).slice(1);
      const target = decode(fragment);
      if (ids.has(fragment) || ids.has(target)) continue;
      if (ids.has(PREFIX + fragment) || ids.has(PREFIX + target)) link.properties.href = `#${PREFIX}${fragment}`;
    }
  };
}

function decode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
