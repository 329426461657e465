/**
 * Redirect rules and the published-URL ledger ("nothing is lost", 聊城 art. 10(5)).
 *
 * Rules come from four places:
 * - `declared`: `redirects:` in site.yaml (a renamed article, a moved column);
 * - `archived`: every old URL of an archived site (domains mode) → its page under the portal;
 * - `closed`: every URL of a temporarily closed site → its closure notice (302, temporary);
 * - `unarchived`: the portal's `/archive/<siteId>/…` → the site's own domain again;
 * plus `pagination` (a list page that no longer exists → page 1 of its column) and
 * `carried` (a redirect a previous build emitted, kept so an old URL never breaks later).
 *
 * The ledger takes every URL the previous build published (pages and redirect sources) and
 * resolves it against this build's pages and rules; one that resolves nowhere is `URL-LOST`.
 */
import type { Manifest } from '../plan/manifest.ts';
import type { RedirectConfig } from '../config/site.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { resolveLink } from '../model/links.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { routes } from '../urls/urls.ts';
import { isClosedSite, isArchivedSite } from './status.ts';

export type RedirectReason = ManifestRedirect['reason'];

/** One rule as emitted for the web server. */
export interface RedirectRule {
  /** Origin the rule is served on, e.g. https://old.example.gov.cn. */
  origin: string;
  /** Its host (lowercase), e.g. old.example.gov.cn. */
  host: string;
  /** Absolute path on the host (percent-encoded as in URLs). For `prefix` rules, the folder it covers. */
  path: string;
  /** `exact`: this path only; `prefix`: every path below `path` (the rest is appended when `to` ends in `*`). */
  match: 'exact' | 'prefix';
  /** Absolute target URL; for prefix rules ending in `*`, the rest of the path replaces it. */
  to: string;
  status: 301 | 302;
  reason: RedirectReason;
  /** The site the rule belongs to. */
  siteId: string;
  /** Paths below a prefix that the rule must not touch (the closure notice itself, its assets). */
  except?: string[];
}

/** One old URL and where it ends up, as recorded in `manifest.json` `redirects`. */
export type ManifestRedirect = Manifest['redirects'][number];

/** The previous build's manifest, as the ledger reads it (and where it was read from). */
export type PreviousManifest = Manifest & { file: string };

export interface RedirectPlan {
  rules: RedirectRule[];
  /** Every known old URL that now redirects, resolved to its final target. */
  redirects: ManifestRedirect[];
  diagnostics: Diagnostic[];
}

const MAX_HOPS = 8;

/**
 * `pages` are this build's planned pages (src/plan/plan.ts). `files` are the absolute URLs
 * of the content files it publishes (attachments, images, shared files): published URLs like
 * pages, a file that disappears is lost like a page. In four steps: the declared rules, the
 * rules of the sites' lifecycle, each rule's resolution (with a check for loops), and the
 * ledger of every URL published before.
 */
export function planRedirects(
  model: RuntimeModel,
  previous: PreviousManifest | undefined,
  redirectLine: (siteId: string, redirect: RedirectConfig, key: 'from' | 'to') => { line?: number; column?: number },
  pages: Iterable<{ url: string; siteId: string; route: string }>,
  files: Iterable<string> = [],
): RedirectPlan {
  const s = planState(model, pages, files);
  declaredRules(s, redirectLine);
  lifecycleRules(s, previous);
  const r = resolver(s);
  checkLoops(s, r);
  const mappings = new Map<string, ManifestRedirect>();
  const record = (from: string, res: { to: string; rule: RedirectRule }) =>
    mappings.set(from, { from, to: res.to, status: res.rule.status, reason: res.rule.reason, site: res.rule.siteId });
  {
    const { u, current, rules } = s;
    const { resolve } = r;
    // Old URLs of archived sites are known without a previous build: every page they publish now.
    for (const [url, { siteId, route }] of current) {
      const old = u.legacyAbsolute(siteId, route);
      if (old !== url) {
        const r = resolve(old);
        if (r) record(old, r);
      }
    }

    // A declared single-URL redirect names its old URL: the manifest lists it even without a previous
    // build, so a deploy that compares manifests sees the URL kept.
    for (const r of rules) {
      if (r.reason !== 'declared' || r.match !== 'exact') continue;
      const from = r.origin + r.path;
      const res = resolve(from);
      if (res) record(from, res);
    }
  }
  if (previous) ledger(s, r, previous, mappings, record);
  return { rules: r.sorted(), redirects: [...mappings.values()].sort((a, b) => a.from.localeCompare(b.from)), diagnostics: s.diagnostics };
}

/** What every step of the plan reads: this build's pages and files, the group's hosts, the rules so far. */
interface PlanState {
  model: RuntimeModel;
  u: RuntimeModel['urls'];
  diagnostics: Diagnostic[];
  selected: Set<string>;
  fullBuild: boolean;
  /** This build's pages, by absolute URL. */
  current: Map<string, { siteId: string; route: string }>;
  currentFiles: Set<string>;
  exists: (url: string) => boolean;
  /** Hosts served by the group (old and new): a target elsewhere is external and not checked. */
  groupHosts: Set<string>;
  /** The 繁體 version of a page URL of this build (its site's base, then zh-hant/). */
  hantOf: (url: string) => string;
  rules: RedirectRule[];
  add: (r: RedirectRule) => void;
  split: (url: string) => { origin: string; host: string; path: string };
}

function planState(model: RuntimeModel, pages: Iterable<{ url: string; siteId: string; route: string }>, files: Iterable<string>): PlanState {
  const u = model.urls;
  const current = new Map<string, { siteId: string; route: string }>();
  for (const page of pages) current.set(page.url, { siteId: page.siteId, route: page.route });
  const currentFiles = new Set(files);
  const groupHosts = new Set<string>();
  for (const s of model.sites) {
    groupHosts.add(new URL(u.origin(s.id)).host);
    groupHosts.add(new URL(u.legacyOrigin(s.id)).host);
  }
  const rules: RedirectRule[] = [];
  return {
    model,
    u,
    diagnostics: [],
    selected: new Set(model.selectedSites),
    fullBuild: model.selectedSites.length === model.sites.length,
    current,
    currentFiles,
    exists: (url) => current.has(url) || currentFiles.has(url),
    groupHosts,
    hantOf: (url) => {
      const page = current.get(url)!;
      return u.absolute(page.siteId, routes.traditional(page.route));
    },
    rules,
    add: (r) => rules.push(r),
    split: (url) => {
      const x = new URL(url);
      return { origin: x.origin, host: x.host, path: x.pathname };
    },
  };
}

/** `redirects:` of each site.yaml in scope, checked (targets published, nothing shadowed, no self-loop), with their 繁體 twins. */
function declaredRules(s: PlanState, redirectLine: (siteId: string, redirect: RedirectConfig, key: 'from' | 'to') => { line?: number; column?: number }): void {
  const { model, u, diagnostics, selected, current, currentFiles, exists, groupHosts, hantOf, add, split } = s;
  for (const site of model.sites) {
    if (!selected.has(site.id) || isClosedSite(site)) continue;
    const legacyBase = u.legacyAbsolute(site.id, '');
    const base = u.absolute(site.id, '');
    site.config.redirects.forEach((r) => {
      const where = { file: `${site.id}/site.yaml`, siteId: site.id, ...redirectLine(site.id, r, 'to') };
      const fromWhere = { file: `${site.id}/site.yaml`, siteId: site.id, ...redirectLine(site.id, r, 'from') };
      // Paths are decoded and normalised already (site.ts, redirect-paths.ts): they stay below the site's base.
      const prefix = r.from.prefix;
      const fromUrl = legacyBase + r.from.encoded.slice(1);
      const shown = r.from.decoded + (prefix ? '*' : '');
      // In paths mode the portal's base is every other site's parent: its rules may not reach into them.
      const first = r.from.decoded.split('/')[1];
      if (u.mode === 'paths' && site.id === model.portal.id && first && model.siteById.has(first) && first !== site.id) {
        diagnostics.push(diagnostic('RedirectBadPath', { key: 'from', value: shown, detail: `/${first}/ 属于站点 ${first}，门户的重定向不能覆盖其他站点的网址` }, fromWhere));
        return;
      }
      let to: string;
      if (r.to.kind === 'path') to = base + r.to.path.encoded.slice(1) + (r.to.path.prefix ? '*' : '');
      else if (r.to.kind === 'site') {
        const res = resolveLink(model.linkIndex, r.to.ref, `${site.id}/site.yaml`);
        if (res.kind !== 'internal') {
          diagnostics.push(diagnostic('RedirectBadTarget', { to: r.to.raw, detail: res.kind === 'error' ? res.diagnostic.message : '不是本网站群的文章' }, where));
          return;
        }
        to = u.absolute(res.siteId, res.route);
      } else to = r.to.url;
      const shadowed = prefix ? [...current.keys(), ...currentFiles].find((url) => url.startsWith(fromUrl)) : exists(fromUrl) ? fromUrl : undefined;
      if (shadowed) {
        diagnostics.push(diagnostic('RedirectShadowsPage', { from: shown, url: shadowed }, fromWhere));
        return;
      }
      if (!prefix && groupHosts.has(new URL(to).host) && !exists(to)) {
        diagnostics.push(diagnostic('RedirectBadTarget', { to: r.to.raw, detail: `目标 ${to} 本次构建没有发布` }, where));
        return;
      }
      if (to === fromUrl || (prefix && to.slice(0, -1) === fromUrl)) {
        diagnostics.push(diagnostic('RedirectBadTarget', { to: r.to.raw, detail: '去向与来源相同，会形成循环' }, where));
        return;
      }
      const { origin, host, path } = split(fromUrl);
      add({ origin, host, path, match: prefix ? 'prefix' : 'exact', to, status: 301, reason: 'declared', siteId: site.id });
      // The 繁體 version of a moved page moves with it (docs/traditional.md): the same rule under
      // zh-hant/, to the target's 繁體 version (a page of the group), or to the same external URL.
      if (model.group.traditional && legacyBase === base && (prefix || /(\/|\.html)$/.test(r.from.decoded))) {
        const hantFrom = legacyBase + routes.traditional(r.from.encoded.slice(1));
        const hantTo =
          prefix && r.to.kind === 'path' && r.to.path.prefix
            ? base + routes.traditional(r.to.path.encoded.slice(1)) + '*'
            : current.has(to)
              ? hantOf(to)
              : to; // a file or an external URL: the same for both versions
        if (!exists(hantFrom)) add({ ...split(hantFrom), match: prefix ? 'prefix' : 'exact', to: hantTo, status: 301, reason: 'declared', siteId: site.id });
      }
    });
  }
}

/** Archived (old domain → the portal), closed (→ its notice), unarchived, and 繁體 versions turned off. */
function lifecycleRules(s: PlanState, previous: PreviousManifest | undefined): void {
  const { model, u, selected, add, split } = s;
  const portalOrigin = u.origin(model.portal.id);
  const previousUrls = previous ? [...previous.pages.map((p) => p.url), ...previous.redirects.map((r) => r.from)] : [];
  for (const site of model.sites) {
    if (!selected.has(site.id)) continue;
    const legacyBase = u.legacyAbsolute(site.id, '');
    const base = u.absolute(site.id, '');
    if (legacyBase !== base) {
      const { origin, host, path } = split(legacyBase);
      add({ origin, host, path, match: 'prefix', to: `${base}*`, status: 301, reason: 'archived', siteId: site.id });
    } else if (isClosedSite(site)) {
      const { origin, host, path } = split(base);
      // Its 繁體 URLs are left to the rule below: they answer with the 繁體 notice.
      const hantExcept = model.group.traditional ? [routes.traditional('')] : [];
      add({ origin, host, path, match: 'prefix', to: base, status: 302, reason: 'closed', siteId: site.id, except: ['', routes.notFound(), routes.asset(''), ...hantExcept] });
      if (model.group.traditional) {
        const hant = split(base + routes.traditional(''));
        add({ ...hant, match: 'prefix', to: base + routes.traditional(''), status: 302, reason: 'closed', siteId: site.id, except: ['', routes.notFound()] });
      }
    }
    // 繁體 versions turned off (group.yaml traditional: false after true): each goes to its 简体 page.
    const hantPrefix = base + routes.traditional('');
    if (!model.group.traditional && previousUrls.some((url) => url.startsWith(hantPrefix))) {
      const { origin, host, path } = split(hantPrefix);
      add({ origin, host, path, match: 'prefix', to: `${base}*`, status: 301, reason: 'traditional', siteId: site.id });
    }
    if (u.mode === 'domains' && !isArchivedSite(site) && site.id !== model.portal.id) {
      const archivePrefix = `${portalOrigin}/${routes.archivedSite(site.id)}`;
      if (previousUrls.some((url) => url.startsWith(archivePrefix))) {
        const { origin, host, path } = split(archivePrefix);
        add({ origin, host, path, match: 'prefix', to: `${base}*`, status: 301, reason: 'unarchived', siteId: site.id });
      }
    }
  }
}

/** Resolution against the rules (exact before prefix, longest first): the rule for a URL, where it leads, and its final target. */
interface Resolver {
  ruleFor: (url: string) => RedirectRule | undefined;
  target: (r: RedirectRule, url: string) => string;
  /** The final target of an old URL: a page of this build, an external URL, or undefined (lost). */
  resolve: (url: string) => { to: string; rule: RedirectRule } | undefined;
  /** The rules in resolution order. */
  sorted: () => RedirectRule[];
  /** Takes rules added since into account. */
  resort: () => void;
}

function resolver(s: PlanState): Resolver {
  const { rules, exists, groupHosts, split } = s;
  const sorted = () => [...rules].sort((a, b) => Number(a.match === 'prefix') - Number(b.match === 'prefix') || b.path.length - a.path.length);
  let ordered = sorted();
  const ruleFor = (url: string): RedirectRule | undefined => {
    const { host, path } = split(url);
    return ordered.find((r) => {
      if (r.host !== host) return false;
      if (r.match === 'exact') return r.path === path;
      if (!path.startsWith(r.path)) return false;
      const rest = path.slice(r.path.length);
      return !r.except?.some((e) => (e.endsWith('/') ? rest.startsWith(e) : rest === e));
    });
  };
  const target = (r: RedirectRule, url: string) => {
    if (r.match === 'exact' || !r.to.endsWith('*')) return r.to;
    return r.to.slice(0, -1) + split(url).path.slice(r.path.length);
  };
  const resolve = (url: string): { to: string; rule: RedirectRule } | undefined => {
    let at = url;
    let first: RedirectRule | undefined;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (exists(at)) return first ? { to: at, rule: first } : undefined;
      if (!groupHosts.has(new URL(at).host)) return first ? { to: at, rule: first } : undefined;
      const r = ruleFor(at);
      if (!r) return undefined;
      first ??= r;
      at = target(r, at);
    }
    return undefined;
  };
  return { ruleFor, target, resolve, sorted, resort: () => void (ordered = sorted()) };
}

/** A folder rule whose target leads back into a rule it started from would loop for ever. */
function checkLoops(s: PlanState, res: Resolver): void {
  const { rules, groupHosts, diagnostics } = s;
  const { ruleFor, target } = res;
  for (const r of rules) {
    if (r.match !== 'prefix' || r.reason !== 'declared') continue;
    let at = `${r.origin}${r.path}jiyue-loop-probe`;
    const seen = new Set<RedirectRule>();
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      const next = ruleFor(at);
      if (!next || !groupHosts.has(new URL(at).host)) break;
      if (seen.has(next) || hop === MAX_HOPS) {
        diagnostics.push(diagnostic('RedirectBadTarget', { to: r.to, detail: `从 ${r.path} 开始的网址会在重定向之间循环` }, { file: `${r.siteId}/site.yaml`, siteId: r.siteId }));
        break;
      }
      seen.add(next);
      at = target(next, at);
    }
  }
}

/**
 * The ledger: every URL the previous build published (pages, files, redirect sources) resolved
 * against this build; pagination and carried rules added; what resolves nowhere is URL-LOST.
 */
function ledger(
  s: PlanState,
  res: Resolver,
  previous: PreviousManifest,
  mappings: Map<string, ManifestRedirect>,
  record: (from: string, r: { to: string; rule: RedirectRule }) => void,
): void {
  const { model, diagnostics, selected, fullBuild, current, exists, rules, add, split } = s;
  const { ruleFor, resolve, resort } = res;
  const siteIds = new Set(model.sites.map((s) => s.id));
  const inScope = (site: string) => selected.has(site) || (fullBuild && !siteIds.has(site));
  // Pagination: a list page that no longer exists goes to page 1 of its column.
  for (const p of previous.pages) {
    if (!inScope(p.site) || current.has(p.url) || ruleFor(p.url)) continue;
    const m = /^(.*\/)page\/\d+\/$/.exec(p.url);
    if (p.type === 'column' && m && current.has(m[1])) {
      const { origin, host, path } = split(p.url);
      add({ origin, host, path, match: 'exact', to: m[1], status: 302, reason: 'pagination', siteId: p.site });
    }
  }
  resort();
  // Carried: a redirect of the previous build whose source is not covered otherwise.
  for (const r of previous.redirects) {
    if (!inScope(r.site) || exists(r.from) || ruleFor(r.from)) continue;
    const { origin, host, path } = split(r.from);
    add({ origin, host, path, match: 'exact', to: r.to, status: r.status, reason: 'carried', siteId: r.site });
  }
  resort();

  const lost: { url: string; page?: LostSource; site: string }[] = [];
  const check = (url: string, site: string, page?: LostSource) => {
    if (!inScope(site) || exists(url) || mappings.has(url)) return;
    const r = resolve(url);
    if (r) record(url, r);
    else lost.push({ url, page, site });
  };
  for (const p of previous.pages) check(p.url, p.site, p);
  // Attachments are published URLs too: a citizen's bookmark to a PDF must keep working.
  for (const f of previous.files) check(f.url, f.site, { source: f.source, sourceHash: f.hash, type: 'file' });
  for (const r of previous.redirects) check(r.from, r.site);

  // A carried rule whose target is lost is not emitted (the lost URL is reported instead).
  const lostSet = new Set(lost.map((l) => l.url));
  for (let i = rules.length - 1; i >= 0; i--) if (rules[i].reason === 'carried' && lostSet.has(rules[i].origin + rules[i].path)) rules.splice(i, 1);

  for (const l of lost) {
    diagnostics.push(
      diagnostic(
        'UrlLost',
        { url: l.url, source: l.page?.source ?? null, siteFile: `${l.site}/site.yaml`, suggestion: suggest(model, l.url, l.site, l.page) },
        { file: l.page?.source ?? `${l.site}/site.yaml`, siteId: l.site },
      ),
    );
  }
}

/** What the previous build published at a lost URL: a page, or a file (`type: 'file'`). */
type LostSource = { source: string | null; sourceHash: string | null; type: string };

/**
 * A concrete `redirects:` line for a lost article: the page of this build with the same source
 * content (a renamed file) or the same file name (a moved column), else nothing.
 */
function suggest(model: RuntimeModel, url: string, site: string, page: LostSource | undefined): { from: string; to: string } | undefined {
  const s = model.siteById.get(site);
  if (!s || !page?.source || page.type === 'file') return undefined;
  const u = model.urls;
  const legacyBase = u.legacyAbsolute(site, '');
  if (!url.startsWith(legacyBase)) return undefined;
  const from = `/${url.slice(legacyBase.length)}`;
  const name = page.source.split('/').pop();
  const match =
    model.entries.find((e) => e.sourceHash === page.sourceHash) ?? model.entries.find((e) => e.siteId === site && e.source.split('/').pop() === name);
  if (!match) return undefined;
  const to = match.siteId === site ? `/${match.route}` : `site:${match.id}`;
  return { from, to };
}
