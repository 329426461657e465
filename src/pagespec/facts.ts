/**
 * One streaming pass (htmlparser2, no DOM) over a built page collects what the page spec
 * checks: lang, meta tags, hreflang alternates, h1 count, landmarks, the skip link, and every `data-jiyue` block
 * with its text, links, times, inputs and whether it is hidden. Hiding counts as removing:
 * `hidden`, `aria-hidden="true"`, inline `display:none` / `visibility:hidden`, the
 * `visually-hidden` class, or any of these on an ancestor.
 */
import { Parser } from 'htmlparser2';

export interface BlockFact {
  /** The element's own attributes. */
  attrs: Record<string, string>;
  /** Its text content, whitespace collapsed. */
  text: string;
  /** Why it is hidden (its own attribute or an ancestor's), if it is. */
  hidden?: string;
  /** Serial number of the element whose attribute hides it (one report per hiding element). */
  hiddenBy?: number;
  /** `href` of the links inside it, in order (its own href first when it is a link). */
  links: { href: string; text: string }[];
  /** `datetime` of the <time> elements inside it. */
  times: string[];
  /** `<input>`s inside it. */
  inputs: Record<string, string>[];
  /** `alt` of the images inside it. */
  imageAlts: string[];
}

export interface PageFacts {
  lang?: string;
  /** `<meta name>` → contents (a name may repeat). */
  meta: Map<string, string[]>;
  h1: number;
  /** Banner `<header>`s, `<footer>`s and `<main>`s (header/footer inside article/section/aside/nav/main are not landmarks). */
  landmarks: { header: number; footer: number; main: number };
  /** The first link of the body points at the main content. */
  skipLink: boolean;
  mainId: boolean;
  /** data-jiyue value → every element carrying it. */
  blocks: Map<string, BlockFact[]>;
  /** `<link rel="alternate" hreflang>`: language → href (the 简体 and 繁體 versions). */
  alternates: Map<string, string>;
}

const SECTIONING = new Set(['article', 'aside', 'main', 'nav', 'section']);

interface Open {
  name: string;
  hidden?: string;
  hiddenBy?: number;
  block?: BlockFact;
  link?: { href: string; text: string };
  sectioning: boolean;
}

function hiddenBy(attrs: Record<string, string>): string | undefined {
  if ('hidden' in attrs) return 'hidden 属性';
  if (attrs['aria-hidden'] === 'true') return 'aria-hidden="true"';
  const style = attrs.style;
  if (style && /(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|content-visibility\s*:\s*hidden)/i.test(style)) return `style="${style.trim()}"`;
  if (attrs.class && /(?:^|\s)(?:visually-hidden|sr-only)(?:\s|$)/.test(attrs.class)) return `class="${attrs.class}"`;
  return undefined;
}

export function collectFacts(html: string): PageFacts {
  const facts: PageFacts = { meta: new Map(), h1: 0, landmarks: { header: 0, footer: 0, main: 0 }, skipLink: false, mainId: false, blocks: new Map(), alternates: new Map() };
  const stack: Open[] = [];
  /** Open blocks (innermost last) — text and children are added to all of them. */
  const openBlocks: BlockFact[] = [];
  const openLinks: { href: string; text: string }[] = [];
  let inBody = false;
  let firstBodyLink = true;
  let sectioningDepth = 0;
  let serial = 0;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const parent = stack[stack.length - 1];
        const own = hiddenBy(attrs);
        serial++;
        const entry: Open = parent?.hidden
          ? { name, hidden: parent.hidden, hiddenBy: parent.hiddenBy, sectioning: SECTIONING.has(name) }
          : { name, hidden: own && `<${name}> 的 ${own}`, hiddenBy: own ? serial : undefined, sectioning: SECTIONING.has(name) };
        switch (name) {
          case 'html':
            facts.lang = attrs.lang;
            break;
          case 'body':
            inBody = true;
            break;
          case 'meta':
            if (attrs.name) {
              const list = facts.meta.get(attrs.name) ?? [];
              list.push(attrs.content ?? '');
              facts.meta.set(attrs.name, list);
            }
            break;
          case 'link':
            if (attrs.rel === 'alternate' && attrs.hreflang && attrs.href !== undefined) facts.alternates.set(attrs.hreflang, attrs.href);
            break;
          case 'h1':
            facts.h1++;
            break;
          case 'header':
            if (!sectioningDepth) facts.landmarks.header++;
            break;
          case 'footer':
            if (!sectioningDepth) facts.landmarks.footer++;
            break;
          case 'main':
            facts.landmarks.main++;
            if (attrs.id === 'main') facts.mainId = true;
            break;
          case 'a':
            if (inBody && firstBodyLink) {
              firstBodyLink = false;
              facts.skipLink = attrs.href === '#main';
            }
            if (attrs.href !== undefined) {
              entry.link = { href: attrs.href, text: '' };
              openLinks.push(entry.link);
              for (const b of openBlocks) b.links.push(entry.link);
            }
            break;
          case 'time':
            if (attrs.datetime) for (const b of openBlocks) b.times.push(attrs.datetime);
            break;
          case 'input':
            for (const b of openBlocks) b.inputs.push(attrs);
            break;
          case 'img':
            for (const b of openBlocks) b.imageAlts.push(attrs.alt ?? '');
            break;
        }
        const marker = attrs['data-jiyue'];
        if (marker) {
          const block: BlockFact = { attrs, text: '', hidden: entry.hidden, hiddenBy: entry.hiddenBy, links: [], times: [], inputs: [], imageAlts: [] };
          if (entry.link) block.links.push(entry.link);
          if (name === 'time' && attrs.datetime) block.times.push(attrs.datetime);
          const list = facts.blocks.get(marker);
          if (list) list.push(block);
          else facts.blocks.set(marker, [block]);
          entry.block = block;
          openBlocks.push(block);
        }
        if (entry.sectioning) sectioningDepth++;
        stack.push(entry);
      },
      ontext(text) {
        if (openBlocks.length) for (const b of openBlocks) b.text += text;
        if (openLinks.length) for (const l of openLinks) l.text += text;
      },
      onclosetag(name) {
        // htmlparser2 closes implied and void elements itself, so the stack stays balanced.
        const entry = stack.pop();
        if (!entry) return;
        if (entry.sectioning) sectioningDepth--;
        if (entry.block) openBlocks.splice(openBlocks.lastIndexOf(entry.block), 1);
        if (entry.link) openLinks.splice(openLinks.lastIndexOf(entry.link), 1);
        if (name === 'body') inBody = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  for (const list of facts.blocks.values()) {
    for (const b of list) {
      b.text = collapse(b.text);
      for (const l of b.links) l.text = collapse(l.text);
    }
  }
  return facts;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
