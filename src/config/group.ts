/**
 * `group.yaml`: the site group as a whole (content contract v1).
 */
import { z } from 'zod';
import { idSchema, text, yamlBoolean } from './primitives.ts';

export const URL_MODES = ['domains', 'paths'] as const;
export const RULE_LEVELS = ['error', 'warning', 'off'] as const;

export const GroupConfigSchema = z.strictObject({
  /** The group's name, e.g. 示例市人民政府网站群. Required. */
  name: text,
  /** 6-digit 行政区划代码 of the region; local site codes start with it. Required. */
  regionCode: z.string().regex(/^\d{6}$/, { error: '应为 6 位数字的行政区划代码，并加引号，例如 "990100"。' }),
  /** Site id of the portal (门户网站). Required. */
  portal: idSchema,
  /**
   * `domains`: every site at its own origin (`https://<domain>/`); `paths`: all sites under
   * `baseUrl`, the portal at `/` and each department at `/<siteId>/`. Default `domains`.
   */
  urlMode: z.enum(URL_MODES, { error: '应为 domains 或 paths。' }).default('domains'),
  /** In `paths` mode the origin all sites share, e.g. https://www.example.gov.cn. Required there. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址，例如 https://www.example.gov.cn。' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Theme for sites that name none. Default `default`. */
  theme: idSchema.default('default'),
  /** Allow-list of external domains (suffix match); links elsewhere are reported. Default `[]`. */
  externalLinks: z.array(z.string().min(1)).default([]),
  /** Site ids or `siteId/columnId` whose `.mdx` may import and run code. Default `[]`. */
  trustedMdx: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/, { error: '应为 站点 或 站点/栏目，例如 www/ztzl。' }))
    .default([]),
  /** Per-rule severity overrides, `{ RULE-ID: error | warning | off }`. Default `{}`. */
  rules: z
    .record(z.string().regex(/^[A-Z0-9-]+$/, { error: '规则 id 由大写字母、数字和连字符组成。' }), z.enum(RULE_LEVELS, { error: '应为 error、warning 或 off。' }))
    .default({}),
  /**
   * The portal's 网站监管 section (聊城 第二十八条: 检查情况在市政府门户网站进行公开; 年度报表于每年
   * 1 月 31 日前向社会公开): each month's check results and each year's 政府网站工作年度报表 as
   * pages under `jianguan/`. Default `true`.
   */
  supervision: yamlBoolean.default(true),
  /**
   * 繁體 versions of every page of every site (上海 第十五条: 提供中文简体和繁体版本), under
   * `<site>/zh-hant/…`, with a 简体 / 繁體 switch in the header (docs/traditional.md). Default `false`.
   */
  traditional: yamlBoolean.default(false),
  /**
   * A line break inside a paragraph of a body is a line break on the page (`<br>`): Chinese
   * documents are written line by line (a 落款 and its date, a 目录). `false`: lines join as in
   * CommonMark, never with a space between two CJK characters. Default `true` (docs/content.md).
   */
  lineBreaks: yamlBoolean.default(true),
  /** Whether sites must show the 党政机关网站标识 (conac id). Default `true`. */
  requireConac: yamlBoolean.default(true),
  /**
   * Longest temporary closure (days, inclusive) before the build warns (CLOSURE-TOO-LONG);
   * 聊城 art. 10(3) allows 30. Tianjin's 60-day limit is its own rule. Default `30`.
   */
  closureMaxDays: z
    .union([z.number(), z.string()])
    .transform((v) => Number(v))
    .pipe(z.number({ error: '应为天数（整数）。' }).int({ error: '应为天数（整数）。' }).min(1, { error: '至少 1 天。' }))
    .default(30),
}).superRefine((g, ctx) => {
  if (g.urlMode === 'paths' && !g.baseUrl) {
    ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'paths 模式需要 baseUrl，例如 https://www.example.gov.cn。' });
  }
});

/** The validated group configuration. */
export type GroupConfig = z.output<typeof GroupConfigSchema>;
