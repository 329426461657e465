/**
 * Line breaks that mean lines (Chinese documents are written line by line: a 落款 and its date,
 * a 目录, a list typed as "1.… 2.…" without Markdown list syntax). With `group.yaml`
 * `lineBreaks: true` (the default) a line break inside a paragraph is a line break on the page
 * (`<br>`); with `false` it joins the lines as CommonMark does, but never as a space between two
 * CJK characters (a stray space in the middle of a Chinese sentence). docs/content.md §11.
 */
import type { Break, Parent, Root, Text } from 'mdast';
import { CJK } from '../config/primitives.ts';


export default function remarkLineBreaks(options: { lineBreaks?: boolean } = {}) {
  const breaks = options.lineBreaks !== false;
  return (tree: Root) => {
    const walk = (parent: Parent) => {
      const next: Parent['children'] = [];
      for (const child of parent.children) {
        if (child.type === 'text' && child.value.includes('\n')) {
          next.push(...split(child, breaks));
          continue;
        }
        if (child.type !== 'code' && child.type !== 'inlineCode' && child.type !== 'html' && 'children' in child) walk(child as Parent);
        next.push(child);
      }
      parent.children = next;
    };
    walk(tree);
  };
}

function split(node: Text, breaks: boolean): (Text | Break)[] {
  const lines = node.value.split(/[ \t]*\n[ \t]*/);
  if (!breaks) {
    let value = lines[0];
    for (const line of lines.slice(1)) value += (CJK.test(value.at(-1) ?? '') && CJK.test(line[0] ?? '')) || !line ? line : ` ${line}`;
    return [{ ...node, value }];
  }
  const out: (Text | Break)[] = [];
  lines.forEach((line, i) => {
    if (i) out.push({ type: 'break' });
    if (line) out.push({ type: 'text', value: line });
  });
  return out;
}
