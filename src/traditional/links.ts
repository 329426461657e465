/**
 * Links on a 繁體 page lead to 繁體 pages: every href to a page of the group (any site, relative
 * to this site or absolute) gets its site's `zh-hant/` inserted after the site's base. Files
 * (attachments, feeds, assets, search bundles) and links outside the group stay as they are.
 */
import type { SharedModel } from '../model/runtime.ts';
import { JIUCUO_BASE } from '../pagespec/page-spec.ts';
import { routes, TRADITIONAL_DIR } from '../urls/urls.ts';

/** Folders of generated files, never pages. */
const NOT_PAGES = new Set([routes.asset(''), routes.searchBundle(), routes.groupSearchBundle()].map((r) => r.replace(/\/$/, '')));

/** A function from an href on a 简体 page of `siteId` to the href on its 繁體 version. */
export function traditionalHref(model: Pick<SharedModel, 'urls' | 'sites'>, siteId: string): (href: string) => string {
  const u = model.urls;
  // Every form a site's base takes on this site's pages; the longest match decides the site
  // (the portal's `/` and a department's `/fgw/` in paths mode, an archived site under /archive/).
  const bases = [...new Set(model.sites.flatMap((s) => [u.href(siteId, s.id, ''), u.absolute(s.id, '')]))].sort((a, b) => b.length - a.length);
  const map = (href: string): string => {
    if (href.startsWith(JIUCUO_BASE)) return jiucuo(href, map);
    // Protocol-relative (`//www.gov.cn/…`): another host, never a path of this site.
    if (href.startsWith('//')) return href;
    const cut = href.search(/[?#]/);
    const path = cut < 0 ? href : href.slice(0, cut);
    const base = bases.find((b) => path.startsWith(b));
    if (base === undefined) return href;
    const rest = path.slice(base.length);
    const first = rest.split('/')[0];
    if (first === TRADITIONAL_DIR || NOT_PAGES.has(first)) return href;
    if (!(rest === '' || rest.endsWith('/') || rest.endsWith('.html'))) return href;
    return `${base}${TRADITIONAL_DIR}/${href.slice(base.length)}`;
  };
  return map;
}

/** The 找错 link carries the page's URL: the 繁體 page's own. */
function jiucuo(href: string, map: (href: string) => string): string {
  const url = new URL(href);
  const page = url.searchParams.get('url');
  if (!page) return href;
  const mapped = map(page);
  return mapped === page ? href : href.replace(`url=${encodeURIComponent(page)}`, `url=${encodeURIComponent(mapped)}`);
}
