/**
 * The 繁體 version of a rendered 简体 page (上海 第十五条). One pass over the page's HTML (the
 * generator's own output: well-formed, attributes quoted) converts what a reader reads and
 * leaves what a machine reads:
 *
 * - converted: text, the attributes people read (`title`, `alt`, `aria-label` and the other ARIA
 *   texts, `placeholder`, `label`, a table's `summary`, a header cell's `abbr`), and
 *   `<meta content>` (description, ColumnName, ArticleTitle…);
 * - as written: `<script>`, `<style>`, `<code>`, `<pre>`, `<kbd>`, `<samp>`, anything inside an
 *   element with `translate="no"` (the filing numbers in the footer, the switch), URLs, e-mail
 *   addresses and filing numbers in text (convert.ts), and the registration meta tags
 *   (SiteName, SiteDomain, SiteIDCode: the national supervision system matches them to the
 *   registration);
 * - rewritten: `<html lang>` to zh-Hant, links to pages of the group to their 繁體 versions
 *   (links.ts; not the `hreflang` links, which name a version on purpose), the `Url` meta tag,
 *   and the switch to its 繁體 form (switch.ts).
 */
import type { PageVersion, Script } from '../plan/plan.ts';
import { toTraditional, type Phrases } from './convert.ts';
import { LANG, scriptSwitchHtml } from './switch.ts';

/** Elements whose content is never converted. */
const VERBATIM = new Set(['code', 'pre', 'kbd', 'samp', 'var']);
/** Attributes people read. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-placeholder', 'aria-valuetext', 'placeholder', 'label', 'summary', 'abbr']);
/** Attributes that link. */
const LINK_ATTRIBUTES = new Set(['href', 'action']);
/** Meta tags that identify the site to the national supervision system: as registered. */
const REGISTRATION_META = new Set(['SiteName', 'SiteDomain', 'SiteIDCode']);
/** Void elements never have an end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const TOKEN = /<!--[\s\S]*?-->|<(script|style|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>|<!doctype[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</g;
const ATTRIBUTE = /([^\s"'>/=]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)')/g;
const SWITCH = /<div class="script-switch"[^>]*>[\s\S]*?<\/div>/;

export interface TraditionalPageInput {
  /** The rendered 简体 page. */
  html: string;
  /** Both versions of the page (the switch). */
  versions: Record<Script, PageVersion>;
  /** href on the 简体 page → href on the 繁體 page (links.ts). */
  href: (href: string) => string;
  /** The group's own phrases (convert.ts `phrasesOf`). */
  phrases?: Phrases;
}

export function traditionalHtml({ html, versions, href, phrases }: TraditionalPageInput): string {
  /** Text in HTML: entities stay entities (they are ASCII), characters are converted. */
  const convertText = (text: string) => toTraditional(text, phrases);
  let out = '';
  /** Open elements whose content stays as written: [name, depth]. */
  let verbatim: { name: string; depth: number } | undefined;
  for (const m of html.matchAll(TOKEN)) {
    const [token, raw, slash, tagName, attrs] = m;
    if (raw || token.startsWith('<!')) {
      out += token;
      continue;
    }
    if (!tagName) {
      out += verbatim ? token : convertText(token);
      continue;
    }
    const name = tagName.toLowerCase();
    if (slash) {
      if (verbatim && name === verbatim.name && --verbatim.depth === 0) verbatim = undefined;
      out += token;
      continue;
    }
    const selfClosing = VOID.has(name) || /\/\s*$/.test(attrs);
    if (verbatim && name === verbatim.name && !selfClosing) verbatim.depth++;
    else if (!verbatim && !selfClosing && (VERBATIM.has(name) || /\btranslate\s*=\s*"no"/.test(attrs))) verbatim = { name, depth: 1 };
    out += `<${tagName}${convertAttributes(name, attrs, Boolean(verbatim), href, convertText)}>`;
  }
  out = out.replace(/<html lang="zh-CN"/, `<html lang="${LANG.hant}"`);
  return out.replace(SWITCH, scriptSwitchHtml('hant', versions));
}

function convertAttributes(tag: string, attrs: string, verbatim: boolean, href: (h: string) => string, convertText: (text: string) => string): string {
  if (!attrs) return attrs;
  const named = /\bhreflang\s*=/.test(attrs);
  const metaName = tag === 'meta' ? /\bname="([^"]*)"/.exec(attrs)?.[1] : undefined;
  return attrs.replace(ATTRIBUTE, (whole, name: string, eq: string, dq: string | undefined, sq: string | undefined) => {
    const value = dq ?? sq ?? '';
    const quote = dq !== undefined ? '"' : "'";
    const key = name.toLowerCase();
    let next = value;
    if (LINK_ATTRIBUTES.has(key)) {
      if (!named) next = href(decodeAmp(value));
      if (next !== decodeAmp(value)) return `${name}${eq}${quote}${encodeAmp(next)}${quote}`;
      return whole;
    }
    if (verbatim) return whole;
    if (TEXT_ATTRIBUTES.has(key)) next = convertText(value);
    else if (key === 'content' && metaName !== undefined && !REGISTRATION_META.has(metaName)) next = metaName === 'Url' ? encodeAmp(href(decodeAmp(value))) : convertText(value);
    return next === value ? whole : `${name}${eq}${quote}${next}${quote}`;
  });
}

const decodeAmp = (s: string) => s.replace(/&amp;/g, '&');
const encodeAmp = (s: string) => s.replace(/&/g, '&amp;');
