/**
 * Tables that fit a phone (real 公示, 抽检 and 年报 pages are tables): every table of a body is put
 * in its own sideways-scrolling container, a region named after the table (its caption, else
 * “表格 N”) that a keyboard can reach, and every cell whose text is a number, a code or a unit
 * (`0.53mg/kg`, `14`, `GB 2762-2022`: no CJK character) is kept on one line. The page's CSS
 * (`.table-scroll`) scrolls the container and shows a cue while there is more to the right.
 *
 * Runs after the sanitizer: the attributes it writes are the generator's, not the editor's.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { Parent } from 'unist';

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

export default function rehypeTableScroll() {
  return (tree: Root) => {
    let n = 0;
    const walk = (parent: Parent) => {
      parent.children.forEach((child, i) => {
        if (child.type !== 'element') return;
        const el = child as Element;
        if (el.tagName !== 'table') {
          walk(el);
          return;
        }
        n++;
        const caption = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
        const label = caption ? textOf(caption).trim() : '';
        markCells(el);
        parent.children[i] = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: label || `表格 ${n}` },
          children: [el],
        } as Element;
      });
    };
    walk(tree);
  };
}

/** Cells without a CJK character and short enough to be one token stay on one line. */
function markCells(table: Element) {
  const visit = (el: Element) => {
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (c.tagName === 'td' || c.tagName === 'th') {
        const text = textOf(c).trim();
        if (text && text.length <= 24 && !CJK.test(text)) {
          const cls = c.properties.className;
          c.properties.className = [...(Array.isArray(cls) ? cls : cls ? [String(cls)] : []), 'nowrap'];
        }
      } else if (c.tagName !== 'table') visit(c);
    }
  };
  visit(table);
}
