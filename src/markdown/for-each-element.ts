/**
 * Every element of a hast tree in document order, inside MDX's JSX elements too (what
 * `unist-util-visit(tree, 'element', …)` visits), by a plain walk: the body plugins run on every
 * body, and unist-util-visit, which copies the ancestor list at every node, costs several times more.
 */
import type { Element } from 'hast';
import type { Parent } from 'unist';

export function forEachElement(tree: Parent, fn: (element: Element) => void): void {
  for (const child of tree.children) {
    if (child.type === 'element') fn(child as Element);
    if ('children' in child) forEachElement(child as Parent, fn);
  }
}
