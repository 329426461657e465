/**
 * Rewrites every link and image in an article (Markdown or raw HTML alike, after rehype-raw)
 * to its final URL for the group's URL mode, and reports links that lead nowhere, with their
 * position, through `file.message`. No I/O: the link index says what exists.
 */
import path from 'node:path';
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { resolveLink, type LinkIndex } from '../model/links.ts';
import type { Urls } from '../urls/urls.ts';
import { forEachElement } from './for-each-element.ts';
import { reportTo } from './messages.ts';

export interface ResolveLinksOptions {
  contentDir: string;
  index: LinkIndex;
  urls: Urls;
}

/** Attributes that carry a URL an editor wrote. */
const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src', source: 'src', video: 'src', audio: 'src', track: 'src' };

/**
 * What a link in `source` resolves to, as one string: where it points (final URL and the file
 * to copy) or the problem reported. A cached body (render.ts) is reused only when every link
 * it had still gives the same signature, so a renamed, moved or unpublished target re-renders it.
 */
export function linkSignature(options: ResolveLinksOptions, value: string, source: string, site = source.split('/')[0]): string {
  return signatureOf(resolveLink(options.index, value, source), options, site);
}

function signatureOf(r: ReturnType<typeof resolveLink>, options: ResolveLinksOptions, fromSite: string): string {
  if (r.kind === 'internal') return `i\t${options.urls.href(fromSite, r.siteId, r.route)}${r.suffix}\t${r.file ?? ''}\t${r.siteId}\t${r.route}`;
  if (r.kind === 'error') return `e\t${r.diagnostic.ruleId}\t${r.diagnostic.severity}\t${r.diagnostic.message}\t${r.diagnostic.hint}`;
  return r.kind;
}

export default function rehypeResolveLinks(options: ResolveLinksOptions) {
  return (tree: Root, file: VFile) => {
    if (!file.path) return;
    const source = path.relative(options.contentDir, file.path).split(path.sep).join('/');
    // Links are written for the site the page is on: the source's, or a department's that republishes it.
    const fromSite = (file.data.jiyueSite as string | undefined) ?? source.split('/')[0];
    forEachElement(tree, (node) => {
      const attr = URL_ATTRIBUTES[node.tagName];
      const prop = attr === 'href' ? 'href' : 'src';
      const value = attr ? node.properties?.[prop] : undefined;
      if (typeof value !== 'string') return;
      const r = resolveLink(options.index, value, source);
      ((file.data.jiyueLinks as [string, string][] | undefined) ??= []).push([value, signatureOf(r, options, fromSite)]);
      if (r.kind === 'internal') {
        node.properties[prop] = options.urls.href(fromSite, r.siteId, r.route) + r.suffix;
        if (r.file) ((file.data.jiyueAssets as [string, string, string][] | undefined) ??= []).push([r.siteId, r.file, r.route]);
      } else if (r.kind === 'error') {
        reportTo(file, r.diagnostic, node);
      }
    });
    // Images were resolved above like any link (and are copied into the site folder by the
    // layout step). Astro would otherwise also import the Markdown images it collected and
    // emit them into a shared _astro/ folder, which the per-site layout refuses.
    const astro = file.data.astro as { localImagePaths?: string[] } | undefined;
    if (astro?.localImagePaths) astro.localImagePaths = [];
  };
}
