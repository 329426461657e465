/**
 * The page spec checker: runs after the layout step on every page the build plan lists for a
 * unit (src/plan/plan.ts), reading its built HTML, and checks the built pages against the page spec
 * (`page-spec.ts`) and the site's registration (site.yaml). Every finding is a page-level
 * diagnostic (`site / page URL / RULE-ID / what / fix`), severities overridable per group.
 *
 * Each check (`CHECKS`, at the end) receives the page's collected facts and its context, and
 * reports by catalogue name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { catalogue, diagnostic, type CatalogueName } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import { displayDate, siteView, type SiteView } from '../views/view.ts';
import { ownEntry, type RuntimeModel } from '../model/runtime.ts';
import type { EntryModel, SiteModel } from '../model/types.ts';
import { jobUnitOf, renderUnitOf, type UnitModel } from '../plan/unit-job.ts';
import { collectFacts, type BlockFact, type PageFacts } from '../pagespec/facts.ts';
import { planBuild, type PlannedPage, type Script } from '../plan/plan.ts';
import { phrasesOf, toTraditional } from '../traditional/convert.ts';
import { traditionalHref } from '../traditional/links.ts';
import { LANG } from '../traditional/switch.ts';
import { JIUCUO_BASE, LABELS, LINKS, MARKERS, PAGE_KIND_LABELS, PAGE_REQUIREMENTS, PATTERNS, type PageKind } from '../pagespec/page-spec.ts';
import { isClosedSite } from '../lifecycle/status.ts';

/** Everything a check knows about the page it looks at. */
export interface PageContext {
  /** The model of the page's unit (its slice and lookups), as the page was rendered from it. */
  model: UnitModel;
  site: SiteModel;
  view: SiteView;
  /** The page as the build plan has it: kind, file, URL, archived day. */
  page: PlannedPage;
  /** Path of the file inside the site folder, e.g. gzdt/index.html. */
  file: string;
  route: string;
  /** The page's public URL. */
  url: string;
  kind: PageKind;
  /** The article or single page shown, for entry pages. */
  entry?: EntryModel;
  /**
   * What a text or link of the 简体 page is on this page: itself on a 简体 page; on a 繁體 page
   * the converted text and the link to the 繁體 version (src/traditional/). Identity values —
   * site code, ICP and 公安备案 numbers — are never converted, so they compare as written.
   */
  text: (s: string) => string;
  href: (h: string) => string;
}

/** Catalogue entries whose message takes `{ detail }` (page-level rules). */
type DetailRule = {
  [N in CatalogueName]: Parameters<(typeof catalogue)[N]['message']>[0] extends { detail: string } ? N : never;
}[CatalogueName];

export interface PageReporter {
  /** Reports a rule with a detail sentence. */
  (name: DetailRule, detail: string): void;
  /** Reports an already built diagnostic (its page and site are filled in). */
  raw(d: Diagnostic): void;
  /** Hiding elements already reported on this page. */
  hiddenSeen: Set<number>;
}

export type PageCheck = (facts: PageFacts, ctx: PageContext, report: PageReporter) => void;

export interface PageCheckResult {
  diagnostics: Diagnostic[];
  pages: number;
  /** Milliseconds spent (reading, parsing and checking). */
  ms: number;
}

/**
 * Checks one unit's built pages: exactly the pages the build plan lists (content files copied
 * into the folder are not pages, even when they end in .html). `dir` is the unit's folder.
 * Diagnostics come back as the catalogue defines them; the pipeline applies the group's overrides.
 */
export function checkUnitPages(model: UnitModel, dir: string, pages: readonly PlannedPage[]): PageCheckResult {
  const started = performance.now();
  const out: Diagnostic[] = [];
  for (const page of pages) out.push(...checkPage(model, page, fs.readFileSync(path.join(dir, ...page.file.split('/')), 'utf8')));
  return { diagnostics: out, pages: pages.length, ms: performance.now() - started };
}

/**
 * Checks every site of a built output folder (`<out>/sites`) against the model it was built
 * from: the plan is computed again from the model, so this is for tests and for ops checking
 * a folder; the build checks each unit as it is built (unit-worker.ts).
 */
export function checkBuiltSites(model: RuntimeModel, sitesDir: string): PageCheckResult {
  const started = performance.now();
  const result: PageCheckResult = { diagnostics: [], pages: 0, ms: 0 };
  for (const unit of planBuild(model, []).units) {
    // The unit's model as the renderer had it (no bodies: the checker reads the built pages).
    const { model: unitModel } = renderUnitOf(jobUnitOf(unit, new Map(), (pack) => pack, ''), model.contentDir);
    const r = checkUnitPages(unitModel, path.join(sitesDir, ...unit.folder.split('/')), unit.pages);
    result.diagnostics.push(...r.diagnostics);
    result.pages += r.pages;
  }
  result.diagnostics = applyRuleOverrides(result.diagnostics, model.ruleOverrides);
  result.ms = performance.now() - started;
  return result;
}

/** Checks one built page (its HTML text); returns diagnostics before overrides. */
export function checkPage(model: UnitModel, page: PlannedPage, html: string): Diagnostic[] {
  const siteId = page.siteId;
  const site = model.site;
  const ctx: PageContext = {
    model,
    site,
    view: siteView(model),
    page,
    file: page.file,
    route: page.route,
    url: page.url,
    kind: page.kind,
    entry: page.type === 'entry' ? ownEntry(model, page.entryId) : undefined,
    text: page.script === 'hant' ? (t: string) => toTraditional(t, phrasesOf(model.traditionalPhrases)) : same,
    href: page.script === 'hant' ? hrefMapper(model, siteId) : same,
  };
  const out: Diagnostic[] = [];
  const where = { siteId, page: ctx.url };
  const report = ((name: DetailRule, detail: string) => {
    out.push(diagnostic(name as 'HeaderFullName', { detail }, where));
  }) as PageReporter;
  report.raw = (d) => out.push({ ...d, ...where });
  report.hiddenSeen = new Set();
  const facts = collectFacts(html);
  for (const check of CHECKS) check(facts, ctx, report);
  return out;
}

const same = (s: string) => s;

const mappers = new WeakMap<UnitModel, Map<string, (h: string) => string>>();
/** The 繁體 link mapper of a site, built once per model and site. */
function hrefMapper(model: UnitModel, siteId: string): (h: string) => string {
  let bySite = mappers.get(model);
  if (!bySite) mappers.set(model, (bySite = new Map()));
  let m = bySite.get(siteId);
  if (!m) bySite.set(siteId, (m = traditionalHref(model, siteId)));
  return m;
}

// ── the built-in checks ───────────────────────────────────────────────────────────────────

type MarkerKey = keyof typeof MARKERS;

/** Rule id → catalogue name (MARKERS names rules by their public id). */
const NAME_OF_RULE = new Map(Object.entries(catalogue).map(([name, e]) => [e.ruleId, name as DetailRule]));

/**
 * The visible instances of a mandated block. Reports the block's rule when it is absent and
 * MANDATED-HIDDEN for each hidden instance; returns the visible ones (empty when none).
 */
function mandated(facts: PageFacts, key: MarkerKey, report: PageReporter): BlockFact[] {
  const m = MARKERS[key];
  const all = facts.blocks.get(m.marker) ?? [];
  if (!all.length) {
    report(NAME_OF_RULE.get(m.rule)!, `页面中没有${m.what}（data-jiyue="${m.marker}"）`);
    return [];
  }
  const visible: BlockFact[] = [];
  for (const b of all) {
    if (!b.hidden) visible.push(b);
    // One report per hiding element: a hidden footer is one finding, not one per footer item.
    else if (!report.hiddenSeen.has(b.hiddenBy!)) {
      report.hiddenSeen.add(b.hiddenBy!);
      report.raw(diagnostic('MandatedHidden', { what: m.what, how: b.hidden }));
    }
  }
  return visible;
}

const quote = (s: string) => `"${s}"`;

const checkDocument: PageCheck = (facts, ctx, report) => {
  if (facts.lang !== LANG[ctx.page.script]) report('PageLang', facts.lang === undefined ? '没有 lang 属性' : `当前为 lang="${facts.lang}"`);
  if (facts.h1 !== 1) report('PageOneH1', `当前有 ${facts.h1} 个 <h1>`);
  const problems: string[] = [];
  if (!facts.skipLink) problems.push('页面第一个链接不是跳到主要内容（#main）的跳转链接');
  if (facts.landmarks.main !== 1 || !facts.mainId) problems.push(`应有一个 <main id="main">，当前有 ${facts.landmarks.main} 个 <main>`);
  if (facts.landmarks.header !== 1) problems.push(`应有一个页头 <header>，当前有 ${facts.landmarks.header} 个`);
  if (facts.landmarks.footer !== 1) problems.push(`应有一个页脚 <footer>，当前有 ${facts.landmarks.footer} 个`);
  if (problems.length) report('PageLandmarks', problems.join('；'));
};

const checkHeader: PageCheck = (facts, ctx, report) => {
  const { view, site, text: t, href } = ctx;
  const c = site.config;
  mandated(facts, 'header', report);
  for (const b of mandated(facts, 'siteName', report)) {
    if (!b.text.includes(t(c.name))) report('HeaderFullName', `应显示 ${quote(t(c.name))}，实际为 ${quote(b.text)}`);
  }
  if (!view.isPortal) {
    for (const b of mandated(facts, 'portalLink', report)) {
      const want = href(view.portal.href);
      const name = t(view.portal.name);
      if (b.attrs.href !== want) report('HeaderPortalLink', `链接应指向门户网站 ${want}，实际为 ${b.attrs.href ?? '（无链接）'}`);
      else if (!b.text.includes(name) && !b.imageAlts.some((a) => a.includes(name))) report('HeaderPortalLink', `应显示门户网站名称 ${quote(name)}`);
    }
  }
  for (const b of mandated(facts, 'headerSponsor', report)) {
    if (!b.text.includes(t(c.sponsor))) report('HeaderSponsor', `应显示 ${quote(t(c.sponsor))}，实际为 ${quote(b.text)}`);
  }
  for (const b of mandated(facts, 'mainNav', report)) {
    const first = b.links[0];
    if (!first || first.href !== href(view.homeHref)) report('HeaderNav', `第一项应为${t(LABELS.home)}（${href(view.homeHref)}）`);
  }
  if (!isClosedSite(site)) {
    for (const b of mandated(facts, 'search', report)) {
      const problems: string[] = [];
      if (b.attrs.action !== href(view.searchHref)) problems.push(`action 应为 ${href(view.searchHref)}，实际为 ${b.attrs.action ?? '（无）'}`);
      if ((b.attrs.method ?? 'get').toLowerCase() !== 'get') problems.push('method 应为 get');
      if (b.attrs.role !== 'search') problems.push('应有 role="search"');
      if (!b.inputs.some((i) => i.name === 'q')) problems.push('缺少 name="q" 的输入框');
      if (problems.length) report('HeaderSearch', problems.join('；'));
    }
  }
};

const checkFooter: PageCheck = (facts, ctx, report) => {
  const { view, model, text: t, href } = ctx;
  // The registration the page carries: the portal's on an archived site's pages (SiteModel.identitySiteId).
  const c = view.identity;
  const origin = ctx.site.identitySiteId === ctx.site.id ? 'site.yaml' : `门户 ${c.name} 的网站标识码：已归档网站的页面由门户承载`;
  const code = `${c.siteCode}（${origin}）`;
  mandated(facts, 'footer', report);
  for (const b of mandated(facts, 'footerSponsor', report)) {
    const want = t(`${LABELS.sponsor}${c.sponsor}`);
    if (b.text !== want) report('FooterSponsor', `应为 ${quote(want)}，实际为 ${quote(b.text)}`);
  }
  if (c.operator) {
    for (const b of mandated(facts, 'footerOperator', report)) {
      const want = t(`${LABELS.operator}${c.operator}`);
      if (b.text !== want) report('FooterSponsor', `应为 ${quote(want)}，实际为 ${quote(b.text)}`);
    }
  }
  for (const b of mandated(facts, 'footerContact', report)) {
    const want = [c.contact.phone, c.contact.email].filter((x): x is string => Boolean(x));
    if (!want.some((w) => b.text.includes(w))) report('FooterContact', `应显示 ${want.join(' 或 ')}`);
  }
  for (const b of mandated(facts, 'footerSiteCode', report)) {
    const want = t(`${LABELS.siteCode}${c.siteCode}`);
    if (b.text !== want) report('FooterSiteCode', `应为 ${quote(want)}（${origin}），实际为 ${quote(b.text)}`);
  }
  const metaCode = facts.meta.get('SiteIDCode');
  if (metaCode && metaCode.some((v) => v !== c.siteCode)) report('SiteCodeConsistent', `<meta name="SiteIDCode"> 为 ${metaCode.join('、')}，应为 ${code}`);
  for (const b of mandated(facts, 'footerIcp', report)) {
    if (b.attrs.href !== LINKS.icp()) report('FooterIcp', `应链接到 ${LINKS.icp()}，实际为 ${b.attrs.href ?? '（无链接）'}`);
    if (b.text !== c.icp) report('FooterIcp', `应显示 ${quote(c.icp)}（site.yaml），实际为 ${quote(b.text)}`);
  }
  for (const b of mandated(facts, 'footerPsb', report)) {
    if (b.attrs.href !== LINKS.psb(c.psb)) report('FooterPsb', `应链接到 ${LINKS.psb(c.psb)}，实际为 ${b.attrs.href ?? '（无链接）'}`);
    if (b.text !== c.psb) report('FooterPsb', `应显示 ${quote(c.psb)}（site.yaml），实际为 ${quote(b.text)}`);
  }
  if (model.group.requireConac || c.conacId) {
    for (const b of mandated(facts, 'footerConac', report)) {
      const want = c.conacId ? LINKS.conac(c.conacId) : undefined;
      if (!want || b.attrs.href !== want) report('FooterConac', `应链接到证书页 ${want ?? 'https://bszs.conac.cn/…'}，实际为 ${b.attrs.href ?? '（无链接）'}`);
      if (!b.imageAlts.some((a) => a.includes(t(LABELS.conacAlt)))) report('FooterConac', `应显示标识图片（alt="${t(LABELS.conacAlt)}"）`);
    }
  }
  for (const b of mandated(facts, 'footerJiucuo', report)) {
    const href = b.attrs.href ?? '';
    let url: URL | undefined;
    try {
      url = new URL(href);
    } catch {
      url = undefined;
    }
    if (!url || `${url.origin}${url.pathname}` !== JIUCUO_BASE) report('FooterJiucuo', `应链接到 ${JIUCUO_BASE}，实际为 ${href || '（无链接）'}`);
    else {
      const given = url.searchParams.get('site_code');
      if (given !== c.siteCode) report('SiteCodeConsistent', `找错链接的 site_code 为 ${given ?? '（无）'}，应为 ${code}`);
      const pageUrl = url.searchParams.get('url');
      if (pageUrl !== ctx.url) report('FooterJiucuo', `url 参数应为本页网址 ${ctx.url}，实际为 ${pageUrl ?? '（无）'}`);
    }
    if (!b.text.includes(t(LABELS.jiucuo))) report('FooterJiucuo', `链接文字应为 ${quote(t(LABELS.jiucuo))}`);
  }
  for (const b of mandated(facts, 'footerSitemap', report)) {
    if (b.attrs.href !== href(view.sitemapHref)) report('FooterSitemap', `应链接到 ${href(view.sitemapHref)}，实际为 ${b.attrs.href ?? '（无链接）'}`);
  }
  for (const b of mandated(facts, 'footerContactLink', report)) {
    if (b.attrs.href !== href(view.contactHref)) report('FooterContactLink', `应链接到 ${href(view.contactHref)}，实际为 ${b.attrs.href ?? '（无链接）'}`);
  }
  for (const b of mandated(facts, 'footerCopyright', report)) {
    if (!b.text.startsWith(t(LABELS.copyright.replace('：', '')))) report('FooterCopyright', `应以 ${quote(t(LABELS.copyright))} 开头，实际为 ${quote(b.text)}`);
  }
};

const checkLayout: PageCheck = (facts, ctx, report) => {
  const { text: t, href } = ctx;
  const req = PAGE_REQUIREMENTS[ctx.kind];
  const kindLabel = PAGE_KIND_LABELS[ctx.kind];
  if (req.breadcrumb) {
    for (const b of mandated(facts, 'breadcrumb', report)) {
      if (b.links[0]?.href !== href(ctx.view.homeHref)) report('PageBreadcrumb', `${kindLabel}的当前位置应从${t(LABELS.home)}（${href(ctx.view.homeHref)}）开始`);
    }
  }
  const entry = ctx.entry;
  if (req.pubdate && entry) {
    for (const b of mandated(facts, 'pubdate', report)) {
      const shown = displayDate(entry.data.date);
      if (!PATTERNS.pubDateVisible.test(b.text) || !b.text.includes(shown)) report('ArticlePubdateVisible', `应显示 ${shown}，实际为 ${quote(b.text)}`);
      else if (!b.times.some((t) => t.startsWith(entry.data.date.day))) report('ArticlePubdateVisible', `<time datetime> 应为 ${entry.data.date.day}`);
    }
  }
  if (req.updated && ctx.page.updatedDay) {
    const day = ctx.page.updatedDay;
    for (const b of mandated(facts, 'updated', report)) {
      if (!b.text.startsWith(t(LABELS.updated)) || !b.text.includes(day)) report('PageUpdatedVisible', `应显示 ${quote(t(LABELS.updated) + day)}，实际为 ${quote(b.text)}`);
      else if (!b.times.some((t) => t.startsWith(day))) report('PageUpdatedVisible', `<time datetime> 应为 ${day}`);
    }
  }
  const missing = req.meta.filter((name) => !facts.meta.get(name)?.some((v) => v.trim() !== ''));
  if (missing.length) report('MetaRequired', `${kindLabel}缺少 ${missing.map((m) => `<meta name="${m}">`).join('、')}`);
  const c = ctx.view.identity;
  for (const [name, want] of [['SiteName', c.name], ['SiteDomain', c.domain]] as const) {
    const got = facts.meta.get(name);
    if (got && got.some((v) => v !== want)) report('MetaRequired', `<meta name="${name}"> 应为 ${quote(want)}，实际为 ${got.map(quote).join('、')}`);
  }
  if (entry && req.meta.includes('PubDate')) {
    const got = facts.meta.get('PubDate')?.[0];
    const want = `${entry.data.date.day} ${entry.data.date.time ?? '00:00'}`;
    if (got !== undefined && (!PATTERNS.pubDateMeta.test(got) || got !== want)) report('MetaPubdate', `应为 ${quote(want)}，实际为 ${quote(got)}`);
  }
};

/** 已归档 and the archive date on every page of an archived site, column or page (聊城 art. 10(5)). */
const checkArchived: PageCheck = (facts, ctx, report) => {
  // Decided once, by the build plan (src/lifecycle/status.ts archivedDayOf).
  const day = ctx.page.archivedDay;
  if (!day) return;
  const blocks = mandated(facts, 'archivedBanner', report);
  if (!blocks.length) return;
  if (!blocks.some((b) => b.text.includes(ctx.text('已归档')))) report('PageArchivedBanner', `提示中没有“${ctx.text('已归档')}”字样`);
  if (!blocks.some((b) => b.times.includes(day))) report('PageArchivedBanner', `提示中没有归档时间 <time datetime="${day}">`);
};

/** The 简体 / 繁體 switch and hreflang links, on both versions, when the group has 繁體 versions (上海 第十五条). */
const checkScriptSwitch: PageCheck = (facts, ctx, report) => {
  const versions = ctx.page.versions;
  if (!versions) return;
  const other: Script = ctx.page.script === 'hans' ? 'hant' : 'hans';
  for (const b of mandated(facts, 'scriptSwitch', report)) {
    const link = b.links.find((l) => l.href === versions[other].href);
    if (!link) report('PageScriptSwitch', `应链接到本页的${LABELS.scriptName[other]}版本 ${versions[other].href}，实际链接为 ${b.links.map((l) => l.href).join('、') || '（无）'}`);
  }
  const alternates = facts.alternates;
  for (const s of ['hans', 'hant'] as const) {
    if (alternates.get(LANG[s]) !== versions[s].url) report('PageScriptSwitch', `<head> 中应有 <link rel="alternate" hreflang="${LANG[s]}" href="${versions[s].url}">，实际为 ${alternates.get(LANG[s]) ?? '（无）'}`);
  }
};

const CHECKS: PageCheck[] = [checkDocument, checkHeader, checkFooter, checkLayout, checkScriptSwitch, checkArchived];
