/**
 * Article front matter (content contract v1). Single pages (`pages/`) use the same schema.
 */
import { z } from 'zod';
import { dateSchema, joinLines, lineText, text, yamlBoolean } from './primitives.ts';

export const DISCLOSURES = ['主动公开', '依申请公开', '不予公开'] as const;
export const VALIDITIES = ['有效', '失效', '废止'] as const;

/** 三审: the names of the first, second and final reviewers. All three are needed to publish. */
export const ReviewSchema = z.strictObject({
  /** 初审. */
  first: z.string().optional(),
  /** 复审. */
  second: z.string().optional(),
  /** 终审. */
  final: z.string().optional(),
});

/**
 * A document on another site (a provincial policy a county 解读 interprets, a 岗位表 on the
 * province's examination site): its title and its http(s) address, whose domain must be on the
 * group's `externalLinks`.
 */
export const ExternalDocumentSchema = z.strictObject({
  /** Link text, e.g. 关于进一步优化营商环境的若干措施. */
  title: lineText,
  /** Its address, e.g. https://www.example.gov.cn/zwgk/2024/1.html. */
  url: text.refine((v) => /^https?:\/\/[^/\s]+/i.test(v.trim()), { error: '应为 http:// 或 https:// 开头的网址。' }),
});

export const AttachmentSchema = z.union(
  [
    z.strictObject({
      /** Link text, e.g. 附件1：申报表. */
      title: lineText,
      /** Path relative to the article's folder, e.g. 2024-yshj.files/biao.xlsx. */
      file: text,
    }),
    ExternalDocumentSchema,
  ],
  { error: '附件应写 { title: 标题, file: 文件路径 }，或另一个网站上的文件 { title: 标题, url: 网址 }。' },
);

export const ArticleFrontmatterSchema = z.strictObject({
  /** 标题. Required. Written over several lines, it is one line with no space between CJK characters. */
  title: lineText,
  /** 发布日期: `2024-05-08` or `2024-05-08T09:30+08:00`. Required. */
  date: dateSchema,
  /** 更新日期. Default none. */
  updated: dateSchema.optional(),
  /** 来源. Default none. */
  source: z.string().optional(),
  /** 作者. Default none. */
  author: z.string().optional(),
  /** 摘要 (Description meta tag, list excerpts). Default none. */
  summary: z.string().transform(joinLines).optional(),
  /** 公开属性; only `主动公开` is published. Content without one is held back (未标注公开属性). */
  disclosure: z.enum(DISCLOSURES, { error: '应为 主动公开、依申请公开 或 不予公开。' }).optional(),
  /** 三审 record; content without all three names is held back (未完成三审), never published. */
  review: ReviewSchema.optional(),
  /** 文号, e.g. 示发改规〔2024〕12号. */
  docNumber: z.string().optional(),
  /** 索引号; generated from the site code, year and column when absent. */
  indexNumber: z.string().optional(),
  /** 发布机构. */
  issuer: z.string().optional(),
  /** 成文日期. */
  writtenDate: dateSchema.optional(),
  /** 主题分类. */
  topic: z.string().optional(),
  /** 有效性. */
  validity: z.enum(VALIDITIES, { error: '应为 有效、失效 或 废止。' }).optional(),
  /** Link to this policy's 解读 (relative .md path or `site:` link), or a 解读 on another site `{ title, url }`. */
  interpretation: z.union([z.string(), ExternalDocumentSchema]).optional(),
  /** On a 解读: link to the policy it interprets, or a policy on another site `{ title, url }` (e.g. the province's). */
  interprets: z.union([z.string(), ExternalDocumentSchema]).optional(),
  /** Attachments. Default `[]`. */
  attachments: z.array(AttachmentSchema).default([]),
  /** Date the page was archived. Default none. */
  archived: dateSchema.optional(),
  /** `true` keeps the article out of every build. Default `false`. */
  draft: yamlBoolean.default(false),
  /**
   * 重要政策信息 (portal articles only): republished on every active department site within
   * 12 hours (聊城 第三十二条), in the column each names with `importantInto`. Default `false`.
   */
  important: yamlBoolean.default(false),
});

/** Validated front matter. */
export type ArticleFrontmatter = z.output<typeof ArticleFrontmatterSchema>;
