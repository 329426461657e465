/**
 * The fast body scan `check` and the build's load stage share: one CommonMark parse (micromark,
 * mdast only, no HTML rendering) per Markdown body, keeping what the content rules need:
 * every link and image with its position, and every raw HTML tag.
 *
 * Why not the render pipeline (remark → rehype-raw → sanitize)? It costs ~3× more per page and
 * the rules need no HTML. The links found here are resolved by the same `resolveLink` the
 * render uses (src/model/links.ts), so both report the same rule ids and messages; the render
 * remains a backstop for anything this scan would miss.
 *
 * GFM extensions are not loaded (they double the parse time): GFM tables are paragraphs here,
 * which does not hide the links inside them; GFM bare URLs (autolink literals) are found by
 * `findBareUrls` in text nodes (the definition the render uses, src/markdown/bare-urls.ts);
 * footnote definitions (`[^1]: …`) are skipped.
 *
 * No I/O: text in, data out.
 */
import { Parser } from 'htmlparser2';
import { findBareUrls } from './bare-urls.ts';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { mdxjs } from 'micromark-extension-mdxjs';

/**
 * How the link was written. `image` (a Markdown image, or a definition one uses) and `media`
 * (HTML img, source, video, audio, track) load what they point to.
 */
export type LinkVia = 'markdown' | 'image' | 'definition' | 'autolink' | 'bare' | 'html' | 'media';

export interface ScannedLink {
  href: string;
  /** 1-based file line and column of the link (or of its tag). */
  line: number;
  column: number;
  via: LinkVia;
}

export interface ScannedTag {
  /** Lowercase tag name. */
  tag: string;
  /** Attributes as written (names lowercased by the HTML tokenizer). */
  attrs: Record<string, string>;
  line: number;
  column: number;
}

export interface BodyScan {
  links: ScannedLink[];
  /** Opening tags of raw HTML in the body (what the sanitizer sees). */
  tags: ScannedTag[];
}

/** HTML attributes that carry a URL an editor wrote (the render rewrites the same ones). */
export const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src', source: 'src', video: 'src', audio: 'src', track: 'src' };


interface Point {
  line: number;
  column: number;
  offset?: number;
}
interface MdNode {
  type: string;
  url?: string;
  value?: string;
  label?: string;
  /** Normalized label of a reference or definition (mdast `identifier`). */
  identifier?: string;
  children?: MdNode[];
  position?: { start: Point; end: Point };
}

/**
 * Scans a Markdown body. `firstLine` is the file line of the body's first line, so every
 * position is a file position.
 */
export function scanMarkdown(body: string, firstLine: number, format: 'md' | 'mdx' = 'md', options: { quick?: boolean } = {}): BodyScan {
  const links: ScannedLink[] = [];
  const tags: ScannedTag[] = [];
  // Cheap exit: nothing that can be a link or a tag.
  if (!/[\]<:]|www\./.test(body)) return { links, tags };
  const shift = firstLine - 1;
  if (format === 'md' && options.quick !== false) {
    const quick = quickScan(body, shift);
    if (quick) return quick;
  }
  let tree: MdNode;
  if (format === 'mdx') {
    // MDX: JSX is code, not HTML; the render resolves only Markdown links there, and so does this.
    try {
      tree = fromMarkdown(body, { extensions: [mdxjs()], mdastExtensions: [mdxFromMarkdown()] }) as MdNode;
    } catch {
      return { links, tags }; // a syntax error: reported by the loader (untrusted) or the render (trusted)
    }
  } else tree = fromMarkdown(body) as MdNode;
  // A definition an image uses (`![图][1]` … `[1]: https://…`) loads what it points to, like an image.
  const imageRefs = new Set<string>();
  const findImageRefs = (node: MdNode) => {
    if (node.type === 'imageReference' && node.identifier !== undefined) imageRefs.add(node.identifier);
    if (node.children) for (const child of node.children) findImageRefs(child);
  };
  if (body.includes('![')) findImageRefs(tree);
  const walk = (node: MdNode, inLink: boolean) => {
    const start = node.position?.start;
    switch (node.type) {
      case 'link':
      case 'image':
      case 'definition':
        if (start && node.url !== undefined && !(node.type === 'definition' && node.label?.startsWith('^'))) {
          const autolink = node.type === 'link' && isAutolink(body, node);
          const via: LinkVia = autolink ? 'autolink' : node.type === 'link' ? 'markdown' : node.type === 'image' || imageRefs.has(node.identifier ?? '') ? 'image' : 'definition';
          links.push({ href: node.url, line: start.line + shift, column: start.column, via });
        }
        break;
      case 'text':
        // Text inside a link is the link's: the render links no bare URL there (remark-cjk-autolink.ts).
        if (start && node.value && !inLink) {
          for (const u of findBareUrls(node.value)) {
            const at = positionIn(node.value, u.index, start);
            links.push({ href: u.href, line: at.line + shift, column: at.column, via: 'bare' });
          }
        }
        break;
      case 'html':
        if (start && node.value) scanHtml(node.value, start, shift, links, tags);
        break;
    }
    const linkNode = inLink || node.type === 'link' || node.type === 'linkReference';
    if (node.children) for (const child of node.children) walk(child, linkNode);
  };
  walk(tree, false);
  return { links, tags };
}

/**
 * The fast path for plain bodies (most government articles): when a body has none of the
 * constructs where CommonMark's reading of `[text](target)` is subtle (code, raw HTML, escapes,
 * entities, reference links, indented code, nested brackets), its links are exactly the
 * `[text](target)` and `![alt](target)` spans, found by one regular expression. Anything else
 * returns undefined and goes through micromark. `test/scan.test.ts` checks both paths agree.
 */
const SUBTLE = /[`<\\&~]|\]:|\]\[|\[\^|^(?: {4}|\t)/m;
const INLINE_LINK = /(!?)\[[^[\]\n]*\]\([ \t]*([^\s()<>]+)(?:[ \t]+"[^"\n]*")?[ \t]*\)/g;

export function quickScan(body: string, shift = 0): BodyScan | undefined {
  if (SUBTLE.test(body)) return undefined;
  const links: ScannedLink[] = [];
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1 + shift, column: index - lineStarts[lo] + 1 };
  };
  let rest = body;
  if (body.includes('](')) {
    const parts: string[] = [];
    let last = 0;
    for (const m of body.matchAll(INLINE_LINK)) {
      links.push({ href: m[2], ...at(m.index), via: m[1] ? 'image' : 'markdown' });
      // Blank the whole link: a bare URL in its text is not linked (as in the full parse).
      parts.push(body.slice(last, m.index), ' '.repeat(m[0].length));
      last = m.index + m[0].length;
    }
    parts.push(body.slice(last));
    rest = parts.join('');
  }
  // A bracket left over is a construct this path does not read: let micromark decide.
  if (/[[\]]/.test(rest.replace(/\[[^[\]\n]*\](?!\()/g, (m) => ' '.repeat(m.length)))) return undefined;
  const bare = findBareUrls(rest);
  if (bare.length) {
    for (const u of bare) links.push({ href: u.href, ...at(u.index), via: 'bare' });
    links.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  return { links, tags: [] };
}

/** `<https://…>`: a link whose source text starts with `<`. */
function isAutolink(body: string, node: MdNode): boolean {
  const offset = node.position?.start.offset;
  return offset !== undefined && body.charCodeAt(offset) === 60; /* < */
}

/** Line and column of `index` inside a node's value that starts at `start`. */
function positionIn(value: string, index: number, start: Point): { line: number; column: number } {
  let line = start.line;
  let lastBreak = -1;
  for (let i = value.indexOf('\n'); i !== -1 && i < index; i = value.indexOf('\n', i + 1)) {
    line++;
    lastBreak = i;
  }
  return { line, column: lastBreak === -1 ? start.column + index : index - lastBreak };
}

function scanHtml(html: string, start: Point, shift: number, links: ScannedLink[], tags: ScannedTag[]) {
  // The callbacks read the parser's position; they run only after construction (on write).
  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        const at = positionIn(html, parser.startIndex, start);
        tags.push({ tag: name, attrs, line: at.line + shift, column: at.column });
        const attr = URL_ATTRIBUTES[name];
        const href = attr ? attrs[attr] : undefined;
        if (href !== undefined) links.push({ href, line: at.line + shift, column: at.column, via: name === 'a' ? 'html' : 'media' });
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
}
