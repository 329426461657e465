/**
 * rehype-raw, only for trees that have raw HTML: it parses the whole tree again (parse5) to
 * weave raw HTML into it, which is most of its cost, and a body written in plain Markdown (most
 * government articles) has none. A tree without `raw` nodes is left as it is; the output is the
 * same (test/render.test.ts compares both on every body of the demo group).
 */
import type { Root } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';

function hasRaw(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'raw') return true;
  return (node.children as { type: string; children?: unknown[] }[] | undefined)?.some(hasRaw) ?? false;
}

export default function rehypeRawIfAny() {
  return (tree: Root, file: VFile): Root => (hasRaw(tree) ? (raw(tree, { file }) as Root) : tree);
}
