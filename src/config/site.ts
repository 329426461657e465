/**
 * `site.yaml`: one site's registration (identity), columns and lifecycle (content contract v1).
 * The identity fields feed header, footer, meta tags and reports: written once, used everywhere.
 */
import { z } from 'zod';
import { normalizeRedirectPath, type RedirectPath } from '../lifecycle/redirect-paths.ts';
import { PATTERNS } from '../pagespec/page-spec.ts';
import { dateSchema, idSchema, text, yamlBoolean } from './primitives.ts';

export const SITE_KINDS = ['portal', 'department'] as const;
export const SITE_STATUSES = ['active', 'closed', 'migrating', 'archived'] as const;

/** Column types and their Chinese names (used in navigation labels, reports and meta tags). */
export const COLUMN_TYPES = {
  news: '动态要闻',
  notice: '通知公告',
  policy: '政策文件',
  interpretation: '政策解读',
  personnel: '人事信息',
  planning: '规划计划',
  statistics: '统计数据',
  service: '办事服务',
  interaction: '互动交流',
  topic: '专题专栏',
  general: '综合',
} as const;
export type ColumnType = keyof typeof COLUMN_TYPES;

const columnTypeSchema = z.enum(Object.keys(COLUMN_TYPES) as [ColumnType, ...ColumnType[]], {
  error: `应为以下之一：${Object.keys(COLUMN_TYPES).join('、')}。`,
});

export const ColumnSchema = z.strictObject({
  /** Column id; the folder name and the URL segment. Required. */
  id: idSchema,
  /** Column name shown to citizens, e.g. 通知公告. Required. */
  name: text,
  /** What kind of information the column carries; drives update-frequency checks and reports. Required. */
  type: columnTypeSchema,
  /** One sentence about the column (ColumnDescription meta tag). Default none. */
  description: z.string().optional(),
  /** Whether the column appears in the main navigation. Default `true`. */
  nav: yamlBoolean.default(true),
  /** Date the column was archived (a finished 专题). Default none: the column is live. */
  archived: dateSchema.optional(),
});
export type ColumnConfig = z.output<typeof ColumnSchema>;

export const ContactSchema = z.strictObject({
  /** Office phone (联系电话), e.g. 0999-62345678. */
  phone: z.string().optional(),
  /** Office email. */
  email: z.email({ error: '应为电子邮箱地址。' }).optional(),
  /** Office address. */
  address: z.string().optional(),
}).refine((c) => Boolean(c.phone || c.email), { error: '至少填写 phone 或 email 之一。' });

export const ClosureSchema = z.strictObject({
  /** First day of the closure. */
  from: dateSchema,
  /** Last day of the closure. */
  to: dateSchema,
  /** Why the site is closed. */
  reason: text,
  /** Where citizens go meanwhile (shown on the notice). Default none. */
  notice: z.string().optional(),
});

export const MigrationSchema = z.strictObject({
  /** Where the content goes: a site id of the group, or a URL. */
  to: text,
  /** The migration notice text. Default none. */
  notice: z.string().optional(),
});

export const ArchiveSchema = z.strictObject({
  /** The archive date (归档时间). */
  date: dateSchema,
  /** Why the site was archived. Default none. */
  reason: z.string().optional(),
  /** The site that took over its functions. Default none. */
  successor: idSchema.optional(),
});

/** A path of a redirect, decoded and normalised before it is checked (src/lifecycle/redirect-paths.ts). */
const redirectPathSchema = z.string().transform((value, ctx) => {
  const r = normalizeRedirectPath(value);
  if (!r.path) {
    ctx.addIssue({ code: 'custom', message: r.problem!, params: { catalogue: 'RedirectBadPath', value, detail: r.problem } });
    return z.NEVER;
  }
  return r.path;
});

/** Where a redirect goes: a path of this site, an article anywhere in the group, or an https URL. */
const redirectTargetSchema = z.string().transform((value, ctx): RedirectTarget => {
  const v = value.trim();
  if (v.startsWith('site:')) return { kind: 'site', ref: v, raw: v };
  if (/^https?:\/\//i.test(v)) {
    const url = URL.canParse(v) ? new URL(v) : undefined;
    if (url && !url.username && !url.password && !url.hash && !/[\s"'\\`;{}$<>|^]/.test(v)) return { kind: 'url', url: url.href, raw: v };
    ctx.addIssue({ code: 'custom', message: 'bad url', params: { catalogue: 'RedirectBadPath', value, detail: '不是有效的网址（网址中不能有空格、引号、$、# 或用户名密码）' } });
    return z.NEVER;
  }
  const r = normalizeRedirectPath(v);
  if (!r.path) {
    ctx.addIssue({ code: 'custom', message: r.problem!, params: { catalogue: 'RedirectBadPath', value, detail: r.problem } });
    return z.NEVER;
  }
  return { kind: 'path', path: r.path, raw: v };
});

export type RedirectTarget = { raw: string } & ({ kind: 'path'; path: RedirectPath } | { kind: 'site'; ref: string } | { kind: 'url'; url: string });

export const RedirectSchema = z.strictObject({
  /**
   * The old path on this site as it was published, relative to the site (e.g. `/gzdt/2024-old/`);
   * ending in `/*`, a whole folder (`/zcjd/*`, a moved column). Checked after percent-decoding:
   * no `.`/`..` segment, no query, only letters, digits and `. _ ~ - ! & ( ) * + , = : @`. Required.
   */
  from: redirectPathSchema,
  /**
   * Where it went: a path on this site (`/gzdt/2024-new/`, `/jd/*` for a folder), an article
   * (`site:fgw/zcwj/2024-new`), or an `https://` address (outside the group: on the
   * `externalLinks` allow-list). Required.
   */
  to: redirectTargetSchema,
});
export type RedirectConfig = z.output<typeof RedirectSchema>;

export const ReprintSchema = z.strictObject({
  /** Source column, `siteId/columnId`. */
  from: z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, { error: '应为 站点/栏目，例如 www/gwyxx。' }),
  /** The column of this site that lists it. */
  into: idSchema,
});

export const SiteConfigSchema = z.strictObject({
  /** Full name (全称) shown in the header, e.g. 示例市发展和改革委员会. Required. */
  name: text,
  /** Short name (简称). Default: the full name. */
  shortName: z.string().optional(),
  /** `portal` (门户网站) or `department` (部门网站). Required. */
  kind: z.enum(SITE_KINDS, { error: '应为 portal 或 department。' }),
  /** The site's domain, e.g. fgw.example.gov.cn. Required. */
  domain: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, {
    error: '应为小写域名，例如 fgw.example.gov.cn（不要写 https:// 和路径）。',
  }),
  /** 网站标识码: `bm` + 8 digits (central) or 10 digits (local). Required. */
  // Formats of siteCode, icp and psb are page-spec rules (SITE-CODE-FORMAT, SITE-ICP-FORMAT,
  // SITE-PSB-FORMAT) checked by the loader, so a group can see them by id in docs/spec.md.
  siteCode: text,
  /** 主办单位. Required. */
  sponsor: text,
  /** 承办单位. Default none. */
  operator: z.string().optional(),
  /** 联系方式: phone and/or email, address. Required. */
  contact: ContactSchema,
  /** ICP备案编号, e.g. 津ICP备05004420号-1. Required. */
  icp: text,
  /** 公安机关备案号, e.g. 津公网安备 12010102000001号. Required. */
  psb: text,
  /**
   * 党政机关网站标识 id: the `id=` of the certificate link bszs.conac.cn/sitename?method=show&id=…,
   * 32 hexadecimal characters, e.g. 06F2CAD4909B067AE053012819AC8596. Required when the group
   * sets `requireConac`.
   */
  conacId: z.string().regex(PATTERNS.conacId, { error: '应为党政机关网站标识证书链接中 id= 后面的 32 位字母和数字，例如 06F2CAD4909B067AE053012819AC8596。' }).optional(),
  /** Theme name under `themes/`. Default: the group's theme. */
  theme: idSchema.optional(),
  /** Ordered columns (栏目). At least one. */
  columns: z.array(ColumnSchema).min(1, { error: '至少需要一个栏目。' }),
  /** Lifecycle state. Default `active`. */
  status: z.enum(SITE_STATUSES, { error: '应为 active、closed、migrating 或 archived。' }).default('active'),
  /** For `closed`: the closure. */
  closure: ClosureSchema.optional(),
  /**
   * Past closures of this site (关停记录), kept for the once-a-year limit (Tianjin 2016 art. 5,
   * 聊城 art. 10(3)). Move `closure` here when a closure ends. Default `[]`.
   */
  closures: z.array(ClosureSchema).default([]),
  /** For `migrating`: where the content goes. */
  migration: MigrationSchema.optional(),
  /** For `archived`: the archive record. */
  archive: ArchiveSchema.optional(),
  /**
   * Old URLs of this site and where they went (a renamed article, a moved column). The build
   * emits the redirect rules and keeps the old URLs working. Default `[]`.
   */
  redirects: z.array(RedirectSchema).default([]),
  /** Columns of other sites this site republishes. Default `[]`. */
  reprint: z.array(ReprintSchema).default([]),
  /**
   * Department sites: the column where the portal's 重要政策信息 (`important: true`) are
   * republished as pages of this site (聊城 第三十二条: within 12 hours). Required in effect for
   * an active department once the portal marks an item important. Default none.
   */
  importantInto: idSchema.optional(),
}).superRefine((s, ctx) => {
  const need = { closed: 'closure', migrating: 'migration', archived: 'archive' } as const;
  for (const [status, key] of Object.entries(need)) {
    if (s.status === status && !s[key]) {
      ctx.addIssue({ code: 'custom', path: [key], message: `status: ${status} 需要 ${key} 字段。` });
    }
  }
  const seen = new Set<string>();
  s.columns.forEach((c, i) => {
    if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'id'], message: `栏目 id "${c.id}" 重复。` });
    seen.add(c.id);
  });
});

/** The validated site configuration. */
export type SiteConfig = z.output<typeof SiteConfigSchema>;
