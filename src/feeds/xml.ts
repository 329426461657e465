/**
 * The XML of the feeds, written by a serializer that escapes everything it writes. Feeds are what
 * new-media accounts and aggregators republish, so a title is text and stays text: no CDATA
 * section (one `]]>` in a title used to end it and let the rest become markup: a forged `<item>`),
 * no HTML where the reader expects text. Characters XML does not allow never reach here: the
 * loader refuses them in every file (FILE-CONTROL-CHAR, src/model/source.ts); `text` refuses them
 * again, so a mistake upstream is an error, never an ill-formed feed.
 */

/** An element: name, attributes (written in order, `undefined` left out) and children (text or elements). */
export interface XmlElement {
  name: string;
  attrs?: [string, string | undefined][];
  children?: (XmlElement | string)[];
}

/** Characters XML 1.0 does not allow (C0 controls but tab, LF and CR; the noncharacters U+FFFE and U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Escapes text for element content and attribute values (quotes included). */
export function escapeXml(value: string): string {
  if (NOT_XML.test(value)) throw new Error(`a character XML does not allow: ${JSON.stringify(value)}`);
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Plain text as HTML (for a field readers take as HTML, RSS `<description>`): escaped once for HTML, then again by the serializer. */
export function textAsHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The element and its children, indented by four spaces a level; a text child on the element's line. */
export function serialize(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  const write = (e: XmlElement, depth: number) => {
    const pad = '    '.repeat(depth);
    const attrs = (e.attrs ?? [])
      .filter((a): a is [string, string] => a[1] !== undefined)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    const children = e.children ?? [];
    if (!children.length) lines.push(`${pad}<${e.name}${attrs}/>`);
    else if (children.every((c) => typeof c === 'string')) lines.push(`${pad}<${e.name}${attrs}>${(children as string[]).map(escapeXml).join('')}</${e.name}>`);
    else {
      lines.push(`${pad}<${e.name}${attrs}>`);
      for (const c of children) {
        if (typeof c === 'string') lines.push(`${pad}    ${escapeXml(c)}`);
        else write(c, depth + 1);
      }
      lines.push(`${pad}</${e.name}>`);
    }
  };
  write(root, 0);
  return lines.join('\n') + '\n';
}

/** Shorthand: `el('title', {}, 'text')`. */
export function el(name: string, attrs: Record<string, string | undefined> = {}, ...children: (XmlElement | string | undefined | false)[]): XmlElement {
  return { name, attrs: Object.entries(attrs), children: children.filter((c): c is XmlElement | string => c !== undefined && c !== false) };
}
