/**
 * The national page spec as data (page-spec.md §1–§4): identity formats, the official link
 * templates, the labels citizens read, the mandated blocks (their `data-jiyue` markers), the
 * meta tags per page kind and the theme limits. The header, footer and page skeleton render
 * from this module and the built-HTML checker (`check.ts`) checks against it, so nothing about
 * the spec is written twice. Rule ids, severities and sources live in `rules.ts`.
 */

// ── identity formats (§1) ─────────────────────────────────────────────────────────────────

export const PATTERNS = {
  /** 网站标识码: `bm` + 8 digits (central) or 10 digits (local: region code + serial). */
  siteCode: /^(bm\d{8}|\d{10})$/,
  /**
   * ICP备案编号 as sites show it: the province's character, ICP备, 6 to 10 digits (registrations
   * since 2018 have 10, e.g. 2021…), then 号 and an optional -N site number. Real footers
   * sometimes leave out 号 or put a space after 备: accepted, shown as written.
   */
  icp: /^\p{Script=Han}ICP备\s?\d{6,10}(?:号(?:-\d{1,3})?|-\d{1,3}号?)?$/u,
  /** 公安机关备案号: the province's character, 公网安备, a 14-digit record number, 号 (the space and 号 are optional). */
  psb: /^\p{Script=Han}公网安备\s?\d{14}号?$/u,
  /**
   * 党政机关网站标识 id: the `id=` of the certificate page bszs.conac.cn/sitename?method=show&id=…,
   * 32 hexadecimal characters (upper or lower case, shown as written).
   */
  conacId: /^[0-9A-Fa-f]{32}$/,
  /** `<meta name="PubDate">`: YYYY-MM-DD HH:MM. */
  pubDateMeta: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
  /** The visible 发布日期: YYYY-MM-DD with HH:MM where known. */
  pubDateVisible: /\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?/,
} as const;

/**
 * Real values the identity formats were checked against, each as a government site shows it in
 * its footer (seen in public copies of those pages, November 2026). docs/spec.md lists them;
 * test/fixtures/real-identity/ builds a group with them, and a test runs every one through
 * `PATTERNS`, so a format change that would reject a real government's data fails.
 */
export const IDENTITY_EXAMPLES: { field: 'siteCode' | 'icp' | 'psb' | 'conacId' | 'domain'; value: string; where: string }[] = [
  { field: 'siteCode', value: 'bm07000001', where: '工业和信息化部 www.miit.gov.cn 页脚' },
  { field: 'siteCode', value: 'bm17000009', where: '生态环境部 www.mee.gov.cn 页脚' },
  { field: 'siteCode', value: 'bm18000002', where: '住房和城乡建设部 www.mohurd.gov.cn 页脚' },
  { field: 'siteCode', value: 'bm29000002', where: '国家税务总局政策法规库 fgk.chinatax.gov.cn 页脚' },
  { field: 'siteCode', value: '4412910009', where: '肇庆国家高新技术产业开发区 www.zqgx.gov.cn 页脚' },
  { field: 'icp', value: '京ICP备04000001号-2', where: '工业和信息化部 www.miit.gov.cn 页脚' },
  { field: 'icp', value: '京ICP备 04000001号', where: '工业和信息化部另一页面的页脚（“备”后有空格）' },
  { field: 'icp', value: '京ICP备05009132号', where: '生态环境部 www.mee.gov.cn 页脚' },
  { field: 'icp', value: '京ICP备13021685号-2', where: '国家税务总局政策法规库 fgk.chinatax.gov.cn 页脚' },
  { field: 'icp', value: '粤ICP备09172506', where: '肇庆国家高新技术产业开发区 www.zqgx.gov.cn 页脚（未写“号”）' },
  { field: 'icp', value: '浙ICP备2021040463号-3', where: '2018 年以后备案的 10 位编号（博客园 www.cnblogs.com 页脚）' },
  { field: 'psb', value: '京公网安备 11040102700072号', where: '生态环境部 www.mee.gov.cn 页脚' },
  { field: 'psb', value: '京公网安备11040102100142号', where: '国家航天局 www.cnsa.gov.cn 页脚（不带空格）' },
  { field: 'psb', value: '浙公网安备 33060202000394号', where: '绍兴市第一中学网站页脚' },
  { field: 'conacId', value: '06F2CAD4909B067AE053012819AC8596', where: '绍兴市第一中学网站页脚的党政机关网站标识链接' },
  { field: 'conacId', value: '33B99A8643E24B72E053022819AC32CC', where: '肇庆国家高新技术产业开发区 www.zqgx.gov.cn 页脚的党政机关网站标识链接' },
  { field: 'conacId', value: '090F963018611703E053022819ACC232', where: '住房和城乡建设部建筑市场监管司网站页脚的党政机关网站标识链接' },
  { field: 'domain', value: 'www.beijing.gov.cn', where: '《政府网站发展指引》（国办发〔2017〕47号）中的门户网站域名示例' },
  { field: 'domain', value: 'slj.bd.gov.cn', where: '《政府网站发展指引》（国办发〔2017〕47号）中的部门网站域名示例（保定市水利局）' },
];

/** The 14-digit record number inside a 公安机关备案号. */
export function psbNumber(psb: string): string {
  return (/\d{14}/.exec(psb) ?? [''])[0];
}

// ── official links (§1, §3) ───────────────────────────────────────────────────────────────

export const LINKS = {
  /** ICP filing system of the MIIT. */
  icp: () => 'https://beian.miit.gov.cn/',
  /** The national public-security filing query for one record. */
  psb: (psb: string) => `https://beian.mps.gov.cn/#/query/webSearch?code=${psbNumber(psb)}`,
  /** The 党政机关网站标识 certificate page. */
  conac: (conacId: string) => `https://bszs.conac.cn/sitename?method=show&id=${encodeURIComponent(conacId)}`,
  /** 我为政府网站找错: the national error-report entry, with this site's code and the page URL. */
  jiucuo: (siteCode: string, pageUrl: string) =>
    `${JIUCUO_BASE}?site_code=${encodeURIComponent(siteCode)}&url=${encodeURIComponent(pageUrl)}`,
} as const;

/** The 找错 entry without its query (the checker compares origin and path against it). */
export const JIUCUO_BASE = 'https://zfwzgl.www.gov.cn/exposure/jiucuo.html';

// ── labels (§2, §3, §4) ───────────────────────────────────────────────────────────────────

export const LABELS = {
  headerSponsor: '主办：',
  portalWelcome: (name: string) => `欢迎访问${name}门户网站`,
  searchLabel: '搜索本站',
  searchButton: '搜索',
  searchPlaceholder: '请输入关键词',
  groupSearch: '全站搜索',
  elderLarge: '大字号',
  elderContrast: '高对比度',
  elderGroup: '无障碍浏览',
  mainNav: '主导航',
  home: '首页',
  skipLink: '跳到主要内容',
  breadcrumb: '当前位置：',
  sponsor: '主办单位：',
  operator: '承办单位：',
  phone: '联系电话：',
  email: '电子邮箱：',
  address: '地址：',
  siteCode: '网站标识码：',
  copyright: '版权所有：',
  sitemap: '网站地图',
  contact: '联系我们',
  jiucuo: '我为政府网站找错',
  conacAlt: '党政机关网站标识',
  footerLinks: '页脚链接',
  pubdate: '发布日期：',
  updated: '更新日期：',
  /** The switch's items: each script's name in its own script. */
  scriptName: { hans: '简体', hant: '繁體' },
  /** The switch's group label, in the page's script. */
  scriptSwitch: { hans: '简繁切换', hant: '簡繁切換' },
} as const;

// ── mandated blocks: their data-jiyue markers ─────────────────────────────────────────────

/**
 * Every mandated element carries `data-jiyue="<marker>"`; the checker finds them by it and the
 * browser test checks they are visible. `what` names the element in messages.
 */
export const MARKERS = {
  header: { marker: 'header', what: '页头', rule: 'PAGE-LANDMARKS' },
  siteName: { marker: 'site-name', what: '页头网站全称', rule: 'HEADER-FULL-NAME' },
  portalLink: { marker: 'portal-link', what: '页头门户网站链接', rule: 'HEADER-PORTAL-LINK' },
  headerSponsor: { marker: 'header-sponsor', what: '页头主办单位', rule: 'HEADER-SPONSOR' },
  mainNav: { marker: 'main-nav', what: '主导航', rule: 'HEADER-NAV' },
  search: { marker: 'header-search', what: '站内搜索框', rule: 'HEADER-SEARCH' },
  footer: { marker: 'footer', what: '页脚', rule: 'PAGE-LANDMARKS' },
  footerSponsor: { marker: 'footer-sponsor', what: '页脚主办单位', rule: 'FOOTER-SPONSOR' },
  footerOperator: { marker: 'footer-operator', what: '页脚承办单位', rule: 'FOOTER-SPONSOR' },
  footerContact: { marker: 'footer-contact-info', what: '页脚联系方式', rule: 'FOOTER-CONTACT' },
  footerSiteCode: { marker: 'footer-site-code', what: '页脚网站标识码', rule: 'FOOTER-SITE-CODE' },
  footerIcp: { marker: 'footer-icp', what: '页脚ICP备案编号', rule: 'FOOTER-ICP' },
  footerPsb: { marker: 'footer-psb', what: '页脚公安机关备案号', rule: 'FOOTER-PSB' },
  footerConac: { marker: 'footer-conac', what: '党政机关网站标识', rule: 'FOOTER-CONAC' },
  footerJiucuo: { marker: 'footer-jiucuo', what: '“我为政府网站找错”链接', rule: 'FOOTER-JIUCUO' },
  footerSitemap: { marker: 'footer-sitemap', what: '页脚网站地图链接', rule: 'FOOTER-SITEMAP' },
  footerContactLink: { marker: 'footer-contact', what: '页脚联系我们链接', rule: 'FOOTER-CONTACT-LINK' },
  footerCopyright: { marker: 'footer-copyright', what: '页脚版权所有', rule: 'FOOTER-COPYRIGHT' },
  breadcrumb: { marker: 'breadcrumb', what: '当前位置', rule: 'PAGE-BREADCRUMB' },
  pubdate: { marker: 'pubdate', what: '发布日期', rule: 'ARTICLE-PUBDATE-VISIBLE' },
  updated: { marker: 'updated', what: '更新日期', rule: 'PAGE-UPDATED-VISIBLE' },
  archivedBanner: { marker: 'archived-banner', what: '“已归档”提示', rule: 'PAGE-ARCHIVED-BANNER' },
  scriptSwitch: { marker: 'script-switch', what: '简体/繁體切换（开启繁體版本时）', rule: 'PAGE-SCRIPT-SWITCH' },
} as const satisfies Record<string, { marker: string; what: string; rule: string }>;

/** The data-jiyue value of a mandated block. */
export function markerOf(key: keyof typeof MARKERS): string {
  return MARKERS[key].marker;
}

/** Every mandated marker value (for the browser visibility check and the slot guard). */
export function mandatedMarkers(): { key: keyof typeof MARKERS; marker: string; what: string; rule: string }[] {
  return (Object.keys(MARKERS) as (keyof typeof MARKERS)[]).map((key) => ({ key, marker: markerOf(key), what: MARKERS[key].what, rule: MARKERS[key].rule }));
}

// ── page kinds and their requirements (§4) ────────────────────────────────────────────────

/** What a built page is; decided by `src/plan/site-pages.ts`, never guessed from the HTML. */
export type PageKind = 'home' | 'column' | 'article' | 'singlePage' | 'sitemap' | 'notFound' | 'closed' | 'other';

export const PAGE_KIND_LABELS: Record<PageKind, string> = {
  home: '首页',
  column: '栏目页',
  article: '内容页（文章）',
  singlePage: '内容页（单页）',
  sitemap: '网站地图',
  notFound: '404 页面',
  closed: '关停公告',
  other: '其他页面',
};

/** Meta tags every page carries (national, unverified). */
const SITE_META = ['SiteName', 'SiteDomain', 'SiteIDCode'] as const;
const COLUMN_META = ['ColumnName', 'ColumnDescription', 'ColumnKeywords', 'ColumnType'] as const;
const ARTICLE_META = ['ArticleTitle', 'PubDate', 'ContentSource', 'Keywords', 'Author', 'Description', 'Url'] as const;

export type MetaName = (typeof SITE_META)[number] | (typeof COLUMN_META)[number] | (typeof ARTICLE_META)[number];

/**
 * Per page kind: required meta tags, whether a breadcrumb, a visible 发布日期 and a visible 更新日期
 * (the main pages: 上海 第十三条（二）; the date is the plan's `updatedDay`) are required.
 */
export const PAGE_REQUIREMENTS: Record<PageKind, { meta: readonly MetaName[]; breadcrumb: boolean; pubdate: boolean; updated: boolean }> = {
  home: { meta: [...SITE_META, ...COLUMN_META], breadcrumb: false, pubdate: false, updated: true },
  column: { meta: [...SITE_META, ...COLUMN_META], breadcrumb: true, pubdate: false, updated: true },
  article: { meta: [...SITE_META, ...ARTICLE_META, 'ColumnName', 'ColumnType'], breadcrumb: true, pubdate: true, updated: false },
  singlePage: { meta: [...SITE_META, ...ARTICLE_META], breadcrumb: true, pubdate: true, updated: true },
  sitemap: { meta: [...SITE_META, ...COLUMN_META], breadcrumb: true, pubdate: false, updated: false },
  notFound: { meta: SITE_META, breadcrumb: false, pubdate: false, updated: false },
  closed: { meta: SITE_META, breadcrumb: false, pubdate: false, updated: false },
  other: { meta: SITE_META, breadcrumb: false, pubdate: false, updated: false },
};

/**
 * The meta tags of a page, in the spec's order: the site's own, then what the view gave,
 * with the spec's fallbacks for optional front-matter fields (Author and ContentSource: the
 * sponsor; Keywords: the column name or title; Description: the title).
 */
export function metaTags(
  kind: PageKind,
  site: { name: string; domain: string; siteCode: string; sponsor: string },
  given: Partial<Record<string, string | undefined>>,
): [string, string][] {
  const values: Partial<Record<string, string>> = {
    SiteName: site.name,
    SiteDomain: site.domain,
    SiteIDCode: site.siteCode,
  };
  for (const [k, v] of Object.entries(given)) if (typeof v === 'string' && v.trim() !== '') values[k] = v;
  if (values.ArticleTitle) {
    values.ContentSource ??= site.sponsor;
    values.Author ??= values.ContentSource;
    values.Keywords ??= values.ColumnName ?? values.ArticleTitle;
    values.Description ??= values.ArticleTitle;
  }
  const order = [...new Set<string>([...PAGE_REQUIREMENTS[kind].meta, ...Object.keys(values)])];
  return order.filter((k) => values[k] !== undefined).map((k) => [k, values[k]!]);
}

// ── themes (§4) ───────────────────────────────────────────────────────────────────────────

/** Named places around the mandated blocks where a theme may add HTML. */
export const THEME_SLOTS = {
  afterHeader: '页头之后、主要内容之前（每页）',
  beforeFooter: '主要内容之后、页脚之前（每页）',
  homeHero: '首页主要内容的顶部（仅首页）',
} as const;
export type ThemeSlot = keyof typeof THEME_SLOTS;

/** Slot names that would stand for a mandated block: a slot can never take their place. */
export const FORBIDDEN_SLOT_NAMES = ['header', 'footer', 'nav', 'mainNav', 'breadcrumb', 'main', 'siteName', 'banner', 'copyright'];

/** Minimum contrast ratio for text (WCAG 2.1 AA, normal text). */
export const MIN_CONTRAST = 4.5;

/** At most this many colour families in a theme, the main colour included (national, unverified). */
export const MAX_COLOURS = 3;

export type ColourToken = 'primary' | 'secondary' | 'accent' | 'text' | 'link' | 'background';

/**
 * Every text/background pair the skeleton CSS (`src/styles/jiyue.css`) actually paints with
 * theme tokens; each must reach `MIN_CONTRAST`. `#ffffff` is the skeleton's white text.
 */
export const CONTRAST_PAIRS: { what: string; fg: ColourToken | '#ffffff' | '#595959'; bg: ColourToken | '#f3f3f3' }[] = [
  { what: '正文文字/页面背景', fg: 'text', bg: 'background' },
  { what: '链接/页面背景', fg: 'link', bg: 'background' },
  { what: '页头网站名称（白色）/主色', fg: '#ffffff', bg: 'primary' },
  { what: '主导航文字（白色）/辅色', fg: '#ffffff', bg: 'secondary' },
  { what: '栏目标题（主色）/页面背景', fg: 'primary', bg: 'background' },
  { what: '日期等次要文字/页面背景', fg: '#595959', bg: 'background' },
];
