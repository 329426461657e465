/**
 * Links in article bodies: internal links, images and attachments are resolved by the one
 * resolver of the project (`resolveLink`, the same the render and the loader use), so broken
 * ones carry the core ids (LINK-BROKEN, LINK-UNPUBLISHED, …), cross-site links included.
 * External links are checked against the group's `externalLinks` allow-list
 * (LINK-EXTERNAL-DOMAIN) and the commercial list (LINK-COMMERCIAL); an image or a video loaded
 * from another site is MEDIA-EXTERNAL, whatever the site: every page's Content-Security-Policy
 * (src/deploy/nginx.ts) loads only the site's own, so readers would see nothing. Pure, but for
 * the memo a caller may lend it (`LinkMemo`).
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { createHash } from 'node:crypto';
import { resolveLink } from '../model/links.ts';
import { linkIndexParts } from '../model/runtime.ts';
import type { BodyScan } from '../markdown/scan.ts';
import { commercialMatch, inDomain } from './commercial.ts';
import type { ExternalDocument } from '../model/types.ts';
import type { GroupRuleInput } from './types.ts';

export interface LinkRuleResult {
  diagnostics: Diagnostic[];
  /** Content files the bodies link to (they are published: attachments, images, shared files). */
  files: Set<string>;
  /** Where each of them is published: [siteId, contentPath, route] (a shared file in each site linking it). */
  placed: [string, string, string][];
  /** Links checked, internal and external. */
  internal: number;
  external: number;
}

/** The host of an external http(s) URL, or undefined for other schemes (mailto:, tel:). */
export function externalHost(href: string): string | undefined {
  const m = /^(?:https?:)?\/\/([^/?#:@\s]+(?::[^/?#@\s]*)?@)?([^/?#:\s]+)/i.exec(href.trim());
  return m?.[2]?.toLowerCase();
}

/** What the links of one body resolve to: its part of `LinkRuleResult`. */
interface BodyLinks {
  diagnostics: Diagnostic[];
  placed: [string, string, string][];
  internal: number;
  external: number;
}

/**
 * The bodies' link results kept by a process that checks the same group again and again (the
 * dev server: every save resolved every link of the group again, a tenth of a reload at 10,000
 * pages). A body's result is reused while its scan is the same object (the scan store keeps it
 * for an unchanged file) and the link index and allow-list are those it was resolved against.
 */
export interface LinkMemo {
  /** Digest of what the results were resolved against (link index parts, allow-list). */
  against: string;
  bySource: Map<string, { scan: BodyScan; links: BodyLinks }>;
}

export function checkLinks({ model, scans, keys }: Pick<GroupRuleInput, 'model' | 'scans' | 'keys'>, memo?: LinkMemo): LinkRuleResult {
  const out: LinkRuleResult = { diagnostics: [], files: new Set(), placed: [], internal: 0, external: 0 };
  const allow = model.group.externalLinks;
  if (memo) {
    const against = createHash('sha256').update(JSON.stringify([linkIndexParts(model), allow])).digest('hex');
    if (memo.against !== against) {
      memo.against = against;
      memo.bySource.clear();
    }
  }
  for (const [source, scan] of scans) {
    const kept = memo?.bySource.get(source);
    const links = kept?.scan === scan ? kept.links : bodyLinks(model, source, scan);
    if (memo && kept?.links !== links) memo.bySource.set(source, { scan, links });
    out.diagnostics.push(...links.diagnostics);
    for (const p of links.placed) {
      out.files.add(p[1]);
      out.placed.push(p);
    }
    out.internal += links.internal;
    out.external += links.external;
  }
  // Documents on other sites named in front matter ({ title, url }): the same allow-list and commercial list.
  for (const e of model.entries) {
    const named: [string, ExternalDocument][] = [
      ...(e.externalInterpretation ? [['interpretation', e.externalInterpretation] as [string, ExternalDocument]] : []),
      ...(e.externalInterprets ? [['interprets', e.externalInterprets] as [string, ExternalDocument]] : []),
      ...e.attachments.filter((a): a is ExternalDocument => 'url' in a).map((a) => ['attachments', a] as [string, ExternalDocument]),
    ];
    for (const [key, d] of named) {
      out.external++;
      const at = { file: e.source, siteId: e.siteId, ...(keys.get(e.source)?.[key] ?? { line: 1 }) };
      const commercial = commercialMatch(d.host);
      if (commercial) out.diagnostics.push(diagnostic('CommercialLink', { href: d.url, pattern: commercial }, at));
      else if (!allow.some((x) => inDomain(d.host, x))) out.diagnostics.push(diagnostic('ExternalDomain', { href: d.url, domain: d.host }, at));
    }
  }
  return out;
}

function bodyLinks(model: GroupRuleInput['model'], source: string, scan: BodyScan): BodyLinks {
  const out: BodyLinks = { diagnostics: [], placed: [], internal: 0, external: 0 };
  const allow = model.group.externalLinks;
  const siteId = source.split('/')[0];
  for (const link of scan.links) {
    const at = { file: source, line: link.line, column: link.column, siteId };
    const r = resolveLink(model.linkIndex, link.href, source);
    if (r.kind === 'internal') {
      out.internal++;
      if (r.file) out.placed.push([r.siteId, r.file, r.route]);
    } else if (r.kind === 'error') {
      out.internal++;
      out.diagnostics.push({ ...r.diagnostic, ...at });
    } else if (r.kind === 'external') {
      const host = externalHost(link.href);
      if (!host) continue;
      out.external++;
      if (link.via === 'image' || link.via === 'media') {
        out.diagnostics.push(diagnostic('MediaExternal', { src: link.href, host }, at));
        continue;
      }
      const commercial = commercialMatch(host);
      if (commercial) out.diagnostics.push(diagnostic('CommercialLink', { href: link.href, pattern: commercial }, at));
      else if (!allow.some((d) => inDomain(host, d))) out.diagnostics.push(diagnostic('ExternalDomain', { href: link.href, domain: host }, at));
    }
  }
  return out;
}
