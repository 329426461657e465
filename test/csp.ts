/**
 * What the Content-Security-Policy of every page (src/deploy/nginx.ts `CONTENT_SECURITY_POLICY`)
 * refuses, read from a page's HTML without a browser: inline scripts, styles and event handlers,
 * `javascript:` URLs, frames and plugins, a `<base>`, and anything loaded from another origin.
 * test/deploy.test.ts runs it on every page of the demo and loads a page of every kind in
 * Chromium, which reports what the policy really blocks.
 */
import { Parser } from 'htmlparser2';

/** Script types a browser runs (the others are data blocks, which the policy does not govern). */
const SCRIPT_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module', 'importmap', 'speculationrules']);
/** `<link rel>` values that load something. */
const LOADING_RELS = /\b(stylesheet|icon|manifest|preload|modulepreload|prefetch|apple-touch-icon|mask-icon)\b/i;
/** Elements whose content is refused outright: `default-src 'none'` covers frames and plugins. */
const NEVER = new Set(['iframe', 'frame', 'object', 'embed', 'applet', 'base']);

/** A URL the page loads: refused unless it stays on the page's origin (or is `data:` where allowed). */
function foreign(url: string, dataAllowed: boolean): boolean {
  const u = url.trim();
  if (/^data:/i.test(u)) return !dataAllowed;
  return /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(u);
}

/** The first URL of each candidate of a `srcset`. */
function srcsetUrls(value: string): string[] {
  return value.split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean);
}

/** Everything in `html` the policy would refuse, one line each (empty: nothing). */
export function cspProblems(html: string): string[] {
  const out: string[] = [];
  let inlineScript = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (NEVER.has(name)) out.push(`<${name}>`);
        if (name === 'style') out.push('<style> 元素');
        for (const [k, v] of Object.entries(attribs)) {
          if (k.startsWith('on')) out.push(`<${name} ${k}>`);
          if (k === 'style') out.push(`<${name} style>`);
          if (/^\s*javascript:/i.test(v)) out.push(`<${name} ${k}="javascript:…">`);
        }
        const loads: [string, boolean][] = [];
        if (name === 'script') {
          if (attribs.src !== undefined) loads.push([attribs.src, false]);
          else inlineScript = SCRIPT_TYPES.has((attribs.type ?? '').trim().toLowerCase());
        }
        if (name === 'link' && LOADING_RELS.test(attribs.rel ?? '') && attribs.href !== undefined) loads.push([attribs.href, false]);
        if (name === 'img' || name === 'source' || name === 'input') {
          if (attribs.src !== undefined) loads.push([attribs.src, true]);
          if (attribs.srcset !== undefined) for (const u of srcsetUrls(attribs.srcset)) loads.push([u, true]);
        }
        if ((name === 'video' || name === 'audio' || name === 'track') && attribs.src !== undefined) loads.push([attribs.src, false]);
        if (name === 'video' && attribs.poster !== undefined) loads.push([attribs.poster, true]);
        if (name === 'form' && attribs.action !== undefined && foreign(attribs.action, false)) out.push(`<form action="${attribs.action}">`);
        for (const [url, dataAllowed] of loads) if (foreign(url, dataAllowed)) out.push(`<${name}> 从别处加载 ${url}`);
      },
      ontext(text) {
        if (!inlineScript || !text.trim()) return;
        out.push('内联 <script>');
        inlineScript = false;
      },
      onclosetag(name) {
        if (name === 'script') inlineScript = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return out;
}
