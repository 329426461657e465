/**
 * Bare URLs in Chinese prose (`请登录www.gov.cn查询` links `www.gov.cn`): replaces GFM's
 * autolink literals with the project's own reading (bare-urls.ts), which `npm run check` uses
 * too, so a link the check reports is a link the page shows and the reverse.
 *
 * Every `http(s)://` and `www.` autolink literal GFM made is turned back into text first
 * (angle-bracket autolinks `<https://…>` and e-mail literals stay as they are); then each text
 * node outside links and code is split at the bare URLs it contains.
 */
import type { Link, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { findBareUrls } from './bare-urls.ts';

export default function remarkCjkAutolink() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value ?? '');
    /**
     * The text a GFM `http(s)://` or `www.` autolink literal was made from, or undefined for any
     * other link. Literals come two ways: from the tokenizer (with a position: the source says
     * what was written) and from mdast-util-gfm-autolink-literal's transform, which finds them
     * inside text (after a CJK character, a full-width bracket or a curly quote) and makes nodes
     * without a position: their one text child is what was written. Both are turned back into
     * text, so that bare-urls.ts alone decides where a URL ends (`“www.x.gov.cn”，其中…`).
     */
    const literalText = (node: Link): string | undefined => {
      if (node.children.length !== 1 || node.children[0].type !== 'text') return undefined;
      const offset = node.position?.start.offset;
      if (offset === undefined) return /^(?:https?:\/\/|www\.)/i.test(node.children[0].value) && /^https?:\/\//i.test(node.url) ? node.children[0].value : undefined;
      return /^(?:https?:\/\/|www\.)/i.test(source.slice(offset, offset + 8)) ? source.slice(offset, node.position!.end.offset!) : undefined;
    };
    const walk = (parent: Parent) => {
      const next: typeof parent.children = [];
      for (const child of parent.children) {
        const literal = child.type === 'link' ? literalText(child) : undefined;
        if (literal !== undefined) {
          next.push({ type: 'text', value: literal, ...(child.position ? { position: child.position } : {}) });
          continue;
        }
        if (child.type === 'link' || child.type === 'linkReference' || child.type === 'code' || child.type === 'inlineCode' || child.type === 'html') {
          next.push(child);
          continue;
        }
        if ('children' in child) walk(child as Parent);
        next.push(child);
      }
      // Merge adjacent text (an unwrapped literal and its neighbours), then split at bare URLs.
      const merged: typeof parent.children = [];
      for (const node of next) {
        const last = merged.at(-1);
        if (node.type === 'text' && last?.type === 'text') {
          last.value += node.value;
          if (last.position && node.position) last.position = { start: last.position.start, end: node.position.end };
        } else merged.push(node);
      }
      parent.children = merged.flatMap((node): Parent['children'] => (node.type === 'text' ? split(node) : [node]));
    };
    walk(tree);
  };
}

function split(node: Text): PhrasingContent[] {
  const urls = findBareUrls(node.value);
  if (!urls.length) return [node];
  const out: PhrasingContent[] = [];
  let last = 0;
  const piece = <T extends PhrasingContent>(n: T, from: number, to: number): T => {
    const start = pointAt(node, from);
    const end = pointAt(node, to);
    if (start && end) n.position = { start, end };
    return n;
  };
  for (const u of urls) {
    if (u.index > last) out.push(piece({ type: 'text', value: node.value.slice(last, u.index) }, last, u.index));
    const to = u.index + u.text.length;
    out.push(piece({ type: 'link', url: u.href, children: [{ type: 'text', value: u.text }] }, u.index, to));
    last = to;
  }
  if (last < node.value.length) out.push(piece({ type: 'text', value: node.value.slice(last) }, last, node.value.length));
  return out;
}

/** The source point of an index into a text node's value (exact when the text has no escapes). */
function pointAt(node: Text, index: number) {
  const start = node.position?.start;
  if (!start) return undefined;
  let line = start.line;
  let column = start.column;
  for (let i = 0; i < index; i++) {
    if (node.value[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column, ...(start.offset !== undefined ? { offset: start.offset + index } : {}) };
}
