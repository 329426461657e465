/**
 * The edge: configuration files and front matter in, diagnostics out. Every test goes through
 * the real parser and loader, and checks what an editor reads: rule id, file, line, and the
 * Chinese message (snapshotted, so wording changes are deliberate).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleFrontmatterSchema } from '../src/config/article.ts';
import { GroupConfigSchema } from '../src/config/group.ts';
import { parseAndValidate } from '../src/config/parse.ts';
import { parseJiyueDate } from '../src/config/primitives.ts';
import { SiteConfigSchema } from '../src/config/site.ts';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../src/errors/diagnostic.ts';
import { loadGroup } from '../src/model/load.ts';
import { conacIdFor, tempDir, THEMES_DIR, writeTree } from './helpers.ts';

// ── builders ──────────────────────────────────────────────────────────────────────────────

const GROUP_YAML = `name: 测试网站群
regionCode: "990100"
portal: www
`;

function siteYaml(o: { name?: string; kind?: string; domain: string; siteCode: string; columns?: string; extra?: string }): string {
  return `name: ${o.name ?? '测试站点'}
kind: ${o.kind ?? 'department'}
domain: ${o.domain}
siteCode: "${o.siteCode}"
sponsor: 测试单位
contact:
  phone: 0999-61234567
icp: 示ICP备99010001号-1
psb: 示公网安备 99010202000001号
conacId: "${conacIdFor(o.siteCode)}"
columns:
${o.columns ?? '  - { id: news, name: 要闻动态, type: news }'}
${o.extra ?? ''}`;
}

const WWW = siteYaml({ name: '测试市人民政府', kind: 'portal', domain: 'www.test.gov.cn', siteCode: '9901000001' });
const FGW = siteYaml({ name: '测试市发展和改革委员会', domain: 'fgw.test.gov.cn', siteCode: '9901000002' });

function article(extra = '', body = '正文。\n'): string {
  return `---
title: 测试文章
date: 2026-11-10
disclosure: 主动公开
review:
  first: 甲
  second: 乙
  final: 丙
${extra}---

${body}`;
}

/** A valid group (portal www, department fgw) plus `files`, in a fresh temp folder. */
function group(files: Record<string, string | null> = {}): string {
  const base: Record<string, string | null> = {
    'group.yaml': GROUP_YAML,
    'www/site.yaml': WWW,
    'www/news/a.md': article(),
    'fgw/site.yaml': FGW,
    'fgw/news/b.md': article(),
    ...files,
  };
  const dir = tempDir('jiyue-config-');
  writeTree(dir, Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== null)));
  return dir;
}

function load(dir: string) {
  return loadGroup({ contentDir: dir, themesDir: THEMES_DIR, now: parseJiyueDate('2026-11-20') as Exclude<ReturnType<typeof parseJiyueDate>, string> });
}

/** The diagnostics as an editor reads them, sorted like the CLI prints them. */
const printed = (list: readonly Diagnostic[]) => sortDiagnostics(list).map(formatDiagnostic).join('\n');

const where = (d: Diagnostic) => ({ ruleId: d.ruleId, file: d.file, line: d.line });

const FRONT = { file: 'fgw/news/x.md', lineOffset: 1, siteId: 'fgw' };

// ── parseAndValidate: schemas and messages ─────────────────────────────────────────────────

describe('unknown keys', () => {
  it('suggests "title" for "titel" in front matter, at the line of the key', () => {
    const yaml = 'titel: 关于开展检查的通知\ndate: 2026-11-10\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n';
    const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(value).toBeUndefined();
    const unknown = diagnostics.find((d) => d.ruleId === 'CONFIG-UNKNOWN-KEY')!;
    expect(where(unknown)).toEqual({ ruleId: 'CONFIG-UNKNOWN-KEY', file: 'fgw/news/x.md', line: 2 });
    expect(unknown.message).toContain('"title"');
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/x.md:2:1 CONFIG-UNKNOWN-KEY 错误：未知字段 "titel"，您是不是要写 "title"？
        修改建议：把 "titel" 改为 "title"。"
    `);
  });

  it('suggests "siteCode" for "sitecode" in site.yaml', () => {
    const yaml = WWW.replace('siteCode:', 'sitecode:');
    const { diagnostics } = parseAndValidate(SiteConfigSchema, yaml, { file: 'www/site.yaml', siteId: 'www' });
    const unknown = diagnostics.find((d) => d.ruleId === 'CONFIG-UNKNOWN-KEY')!;
    expect(where(unknown)).toEqual({ ruleId: 'CONFIG-UNKNOWN-KEY', file: 'www/site.yaml', line: 4 });
    expect(unknown.message).toBe('未知字段 "sitecode"，您是不是要写 "siteCode"？');
    expect(unknown.hint).toBe('把 "sitecode" 改为 "siteCode"。');
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "www/site.yaml:4:1 CONFIG-UNKNOWN-KEY 错误：未知字段 "sitecode"，您是不是要写 "siteCode"？
        修改建议：把 "sitecode" 改为 "siteCode"。"
    `);
  });

  it('reports a misspelt enum field once, as the typo', () => {
    const yaml = 'title: 测试\ndate: 2026-11-10\ndisclosur: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n';
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-UNKNOWN-KEY', file: 'fgw/news/x.md', line: 4 }]);
    expect(diagnostics[0].message).toBe('未知字段 "disclosur"，您是不是要写 "disclosure"？');
  });

  it('lists the allowed keys when nothing is close', () => {
    const yaml = `${GROUP_YAML}colour: red\n`;
    const { diagnostics } = parseAndValidate(GroupConfigSchema, yaml, { file: 'group.yaml' });
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-UNKNOWN-KEY', file: 'group.yaml', line: 4 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "group.yaml:4:1 CONFIG-UNKNOWN-KEY 错误：未知字段 "colour"
        修改建议：删除该字段；此处允许的字段：name、regionCode、portal、urlMode、baseUrl、theme、externalLinks、trustedMdx、rules、supervision、traditional、lineBreaks、requireConac、closureMaxDays。"
    `);
  });
});

describe('required fields', () => {
  it('reports a missing top-level field at the start of the front matter', () => {
    const yaml = 'date: 2026-11-10\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n';
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-MISSING-FIELD', file: 'fgw/news/x.md', line: 2 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/x.md:2:1 CONFIG-MISSING-FIELD 错误：缺少必填字段 "title"（标题）
        修改建议：添加 title: …；字段说明见 docs/content.md。"
    `);
  });

  it('reports a missing field of a list item at the line of that item', () => {
    const yaml = siteYaml({
      domain: 'fgw.test.gov.cn',
      siteCode: '9901000002',
      columns: '  - { id: news, name: 要闻动态, type: news }\n  - { id: zcwj, name: 政策文件 }',
    });
    const { diagnostics } = parseAndValidate(SiteConfigSchema, yaml, { file: 'fgw/site.yaml', siteId: 'fgw' });
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-MISSING-FIELD', file: 'fgw/site.yaml', line: 13 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/site.yaml:13:5 CONFIG-MISSING-FIELD 错误：缺少必填字段 "columns.1.type"（栏目类型）
        修改建议：添加 columns.1.type: …；字段说明见 docs/content.md。"
    `);
  });
});

describe('dates', () => {
  const withDate = (date: string) => `title: 测试\ndate: ${date}\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n`;

  it('reads a time without a zone as Beijing time (the CMS exports `2023-03-29 16:49:08`)', () => {
    for (const date of ['2024-05-08T09:30', '2024-05-08 09:30:00']) {
      const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, withDate(date), FRONT);
      expect(diagnostics, date).toEqual([]);
      expect(value!.date, date).toMatchObject({ raw: date, day: '2024-05-08', time: '09:30', epoch: Date.parse('2024-05-08T01:30:00Z') });
    }
  });

  it('accepts the dates Chinese editors write, as the same day: 2024年10月12日, 2024/10/12, 2024.10.12, 2024-6-20, full-width digits', () => {
    for (const [date, day] of [['2024年10月12日', '2024-10-12'], ['2024/10/12', '2024-10-12'], ['2024.10.12', '2024-10-12'], ['2024-6-20', '2024-06-20'], ['２０２４年６月２０日', '2024-06-20'], ['2024年6月20日 9:30', '2024-06-20']] as const) {
      const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, withDate(date), FRONT);
      expect(diagnostics, date).toEqual([]);
      expect(value!.date.day, date).toBe(day);
    }
    // Not a date at all, or a day that does not exist: one message with the form to write.
    const bad = parseAndValidate(ArticleFrontmatterSchema, withDate('2024年13月20日'), FRONT);
    expect(bad.diagnostics.map((d) => d.ruleId)).toEqual(['DATE-INVALID']);
  });

  it('accepts a time with +08:00 and keeps the Beijing day and time', () => {
    const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, withDate('2024-05-08T09:30+08:00'), FRONT);
    expect(diagnostics).toEqual([]);
    expect(value!.date).toMatchObject({ day: '2024-05-08', time: '09:30', epoch: Date.parse('2024-05-08T01:30:00Z') });
  });

  it('converts a UTC time to the Beijing day', () => {
    const { value } = parseAndValidate(ArticleFrontmatterSchema, withDate('2024-05-08T20:00Z'), FRONT);
    expect(value!.date).toMatchObject({ day: '2024-05-09', time: '04:00' });
  });

  it('accepts a date without a time', () => {
    const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, withDate('2024-05-08'), FRONT);
    expect(diagnostics).toEqual([]);
    expect(value!.date).toEqual({ raw: '2024-05-08', day: '2024-05-08', epoch: Date.parse('2024-05-08T00:00:00+08:00') });
  });

  it('refuses an impossible date (DATE-INVALID)', () => {
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, withDate('2024-02-30'), FRONT);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'DATE-INVALID', file: 'fgw/news/x.md', line: 3 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/x.md:3:7 DATE-INVALID 错误："date" 的值 "2024-02-30" 不是有效日期：2024 年 2 月没有 30 日
        修改建议：写成 2024-05-08 或 2024-05-08T09:30+08:00。"
    `);
  });

  it('refuses what is no date, and a day that does not exist, saying which', () => {
    expect(parseAndValidate(ArticleFrontmatterSchema, withDate('五月八日'), FRONT).diagnostics.map((d) => d.ruleId)).toEqual(['DATE-INVALID']);
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, withDate('2024年2月30日'), FRONT);
    expect(diagnostics.map((d) => d.message)).toEqual(['"date" 的值 "2024年2月30日" 不是有效日期：2024 年 2 月没有 30 日']);
  });
});

describe('one-line fields written over several lines', () => {
  it('a title broken over three lines, as the Word original had it, is one line with no space between CJK characters', () => {
    const yaml = 'title: |-\n  关于进一步压实市场落实\n  食品安全主体责任工作的\n  通知\ndate: 2026-11-10\nsummary: >-\n  本通知明确\n  食品生产经营者的 主体责任。\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n';
    const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics).toEqual([]);
    expect(value!.title).toBe('关于进一步压实市场落实食品安全主体责任工作的通知');
    expect(value!.summary).toBe('本通知明确食品生产经营者的主体责任。');
    const mixed = parseAndValidate(ArticleFrontmatterSchema, yaml.replace('  通知', '  通知 (2026 年 GB 2762)'), FRONT);
    expect(mixed.value!.title).toBe('关于进一步压实市场落实食品安全主体责任工作的通知 (2026 年 GB 2762)');
  });
});

describe('values', () => {
  it('refuses a disclosure outside 主动公开 / 依申请公开 / 不予公开', () => {
    const yaml = 'title: 测试\ndate: 2026-11-10\ndisclosure: 公开\nreview: { first: 甲, second: 乙, final: 丙 }\n';
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-INVALID-VALUE', file: 'fgw/news/x.md', line: 4 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/x.md:4:13 CONFIG-INVALID-VALUE 错误：字段 "disclosure"（公开属性）的值不正确：当前为 "公开"
        修改建议：应为 主动公开、依申请公开 或 不予公开。"
    `);
  });

  it('refuses a malformed siteCode and ICP number, each at its line, by their page-spec rule ids', () => {
    const yaml = WWW.replace('"9901000001"\nsponsor', '"99010001"\nsponsor').replace('示ICP备99010001号-1', 'ICP备99010001号');
    const { diagnostics } = load(group({ 'www/site.yaml': yaml }));
    expect(sortDiagnostics(diagnostics).map(where)).toEqual([
      { ruleId: 'SITE-CODE-FORMAT', file: 'www/site.yaml', line: 4 },
      { ruleId: 'SITE-ICP-FORMAT', file: 'www/site.yaml', line: 8 },
    ]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "www/site.yaml:4:11 SITE-CODE-FORMAT 错误：网站标识码 "99010001" 格式不正确：应为 10 位数字（地方网站）或 bm 加 8 位数字（中央部门）
        修改建议：从全国政府网站信息报送系统抄写本网站的网站标识码，并加引号，例如 siteCode: "9901000002"。
      www/site.yaml:8:6 SITE-ICP-FORMAT 错误：ICP备案编号 "ICP备99010001号" 格式不正确
        修改建议：格式为 <省简称>ICP备<8 位数字>号[-序号]，例如 津ICP备05004420号-1；以工业和信息化部备案系统（beian.miit.gov.cn）的记录为准。"
    `);
  });

  it('keeps a quoted site code with leading zeros as written', () => {
    const yaml = siteYaml({ domain: 'fgw.test.gov.cn', siteCode: '0012345678' });
    const { value, diagnostics } = parseAndValidate(SiteConfigSchema, yaml, { file: 'fgw/site.yaml' });
    expect(diagnostics).toEqual([]);
    expect(value!.siteCode).toBe('0012345678');
  });
});

describe('YAML syntax', () => {
  it('reports a syntax error with its line (front matter lines count from the file start)', () => {
    const yaml = 'title: 测试\ndate: [2026-11-10\ndisclosure: 主动公开\n';
    const { value, diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => where(d))).toEqual([{ ruleId: 'YAML-SYNTAX', file: 'fgw/news/x.md', line: 4 }]);
  });

  it('names a colon inside an unquoted title once, with the quoted line as the fix', () => {
    // A colon in an unquoted title: the most common mistake in front matter.
    const yaml = 'title: 通知: 关于开展检查\ndate: 2026-11-10\ndisclosure: 主动公开\n';
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics.map((d) => ({ ...where(d), column: d.column }))).toEqual([{ ruleId: 'YAML-VALUE-COLON', file: 'fgw/news/x.md', line: 2, column: 8 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/x.md:2:8 YAML-VALUE-COLON 错误："title" 的值中有“冒号加空格”，YAML 会把它读成下一级字段
        修改建议：给值加上英文双引号：title: "通知: 关于开展检查""
    `);
  });

  it('reports tabs in the indentation once per file, at the first one', () => {
    const yaml = 'title: 测试\ndate: 2026-11-10\nreview:\n\tfirst: 甲\n\tsecond: 乙\n';
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'YAML-INDENT-CHAR', file: 'fgw/news/x.md', line: 5 }]);
    expect(diagnostics[0].message).toContain('Tab');
    expect(diagnostics[0].message).toContain('共 2 行');
  });

  it('reports a key written twice', () => {
    const yaml = 'title: 测试\ntitle: 又一个\n';
    const { diagnostics } = parseAndValidate(ArticleFrontmatterSchema, yaml, FRONT);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'YAML-SYNTAX', file: 'fgw/news/x.md', line: 3 }]);
    expect(diagnostics[0].message).toContain('同一个字段写了两次');
  });
});

describe('several mistakes in one file', () => {
  it('reports every one of them, not only the first', () => {
    const yaml = `name: 测试市发展和改革委员会
kind: bureau
domian: fgw.test.gov.cn
siteCode: "12345"
sponsor: 测试单位
contact:
  phone: 0999-61234567
icp: 示ICP备99010001号-1
psb: 示公网安备 99010202000001号
columns:
  - { id: News, name: 要闻动态, type: news }
`;
    const { diagnostics } = parseAndValidate(SiteConfigSchema, yaml, { file: 'fgw/site.yaml', siteId: 'fgw' });
    expect(sortDiagnostics(diagnostics).map(where)).toEqual([
      { ruleId: 'CONFIG-INVALID-VALUE', file: 'fgw/site.yaml', line: 2 },
      { ruleId: 'CONFIG-UNKNOWN-KEY', file: 'fgw/site.yaml', line: 3 },
      { ruleId: 'CONFIG-INVALID-VALUE', file: 'fgw/site.yaml', line: 11 },
    ]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/site.yaml:2:7 CONFIG-INVALID-VALUE 错误：字段 "kind"（网站类型）的值不正确：当前为 "bureau"
        修改建议：应为 portal 或 department。
      fgw/site.yaml:3:1 CONFIG-UNKNOWN-KEY 错误：未知字段 "domian"，您是不是要写 "domain"？
        修改建议：把 "domian" 改为 "domain"。
      fgw/site.yaml:11:11 CONFIG-INVALID-VALUE 错误：字段 "columns.0.id"（标识）的值不正确：当前为 "News"
        修改建议：只能用小写英文字母、数字和连字符，并以字母或数字开头，例如 gzdt、2024-yshj。"
    `);
  });
});

// ── loadGroup: the content tree ────────────────────────────────────────────────────────────

describe('loadGroup on a content tree', () => {
  it('reports a missing group.yaml and a site folder without site.yaml', () => {
    expect(load(group({ 'group.yaml': null })).diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-FILE-MISSING', file: 'group.yaml', line: undefined }]);
    const { diagnostics } = load(group({ 'jyj/news/a.md': article() }));
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-FILE-MISSING', file: 'jyj/site.yaml', line: undefined }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "jyj/site.yaml CONFIG-FILE-MISSING 错误：找不到 jyj/site.yaml：站点目录 jyj/ 中的内容不会发布，也不会检查
        修改建议：在对应目录创建 jyj/site.yaml；字段说明见 docs/content.md。"
    `);
  });

  it('loads a valid group without diagnostics', () => {
    const { model, diagnostics } = load(group());
    expect(diagnostics).toEqual([]);
    expect(model!.sites.map((s) => s.id)).toEqual(['www', 'fgw']);
    expect(model!.entries.map((e) => e.id).sort()).toEqual(['fgw/news/b', 'www/news/a']);
  });

  it('reports a domain and a site code used by two sites', () => {
    const dir = group({ 'fgw/site.yaml': siteYaml({ domain: 'www.test.gov.cn', siteCode: '9901000001' }) });
    const { diagnostics } = load(dir);
    expect(sortDiagnostics(diagnostics).map(where)).toEqual([
      { ruleId: 'SITE-DUPLICATE-DOMAIN', file: 'www/site.yaml', line: 3 },
      { ruleId: 'SITE-DUPLICATE-CODE', file: 'www/site.yaml', line: 4 },
    ]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "www/site.yaml:3:9 SITE-DUPLICATE-DOMAIN 错误：域名 www.test.gov.cn 被多个站点使用：fgw、www
        修改建议：每个站点使用自己的域名。
      www/site.yaml:4:11 SITE-DUPLICATE-CODE 错误：网站标识码 9901000001 被多个站点使用：fgw、www
        修改建议：每个站点填写自己的网站标识码（见全国政府网站信息报送系统）。"
    `);
  });

  it('reports a portal that does not exist', () => {
    const dir = group({ 'group.yaml': GROUP_YAML.replace('portal: www', 'portal: zf') });
    const { diagnostics } = load(dir);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'GROUP-PORTAL-MISSING', file: 'group.yaml', line: 3 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "group.yaml:3:9 GROUP-PORTAL-MISSING 错误：group.yaml 的 portal 指向 "zf"，但没有这个站点目录或它的 kind 不是 portal
        修改建议：创建 zf/site.yaml 并写 kind: portal，或把 portal 改成门户站点的目录名。"
    `);
  });

  it('reports a folder that is not a declared column', () => {
    const dir = group({ 'fgw/tzgg/c.md': article() });
    const { diagnostics } = load(dir);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONTENT-UNDECLARED-COLUMN', file: 'fgw/tzgg/', line: undefined }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/tzgg/ CONTENT-UNDECLARED-COLUMN 错误：目录 fgw/tzgg/ 不是 site.yaml 中声明的栏目
        修改建议：在 fgw/site.yaml 的 columns 中添加 { id: tzgg, name: …, type: … }，或移动这些文件。已声明：news。"
    `);
  });

  it('reports a file name that cannot become a URL (a name with a Chinese character gets one: test/real-habits.test.ts)', () => {
    const dir = group({ 'fgw/news/tongzhi_2024.md': article(), 'fgw/news/My-File.md': article() });
    const { diagnostics } = load(dir);
    expect(sortDiagnostics(diagnostics).map(where)).toEqual([
      { ruleId: 'CONTENT-BAD-ID', file: 'fgw/news/My-File.md', line: undefined },
      { ruleId: 'CONTENT-BAD-ID', file: 'fgw/news/tongzhi_2024.md', line: undefined },
    ]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/My-File.md CONTENT-BAD-ID 错误：文件名 "My-File.md" 不合规：只能用小写英文字母、数字和连字符，并以字母或数字开头
        修改建议：重命名为例如 "my-file.md"。名称会成为网址，发布后不要再改。
      fgw/news/tongzhi_2024.md CONTENT-BAD-ID 错误：文件名 "tongzhi_2024.md" 不合规：只能用小写英文字母、数字和连字符，并以字母或数字开头
        修改建议：重命名为例如 "tongzhi-2024.md"。名称会成为网址，发布后不要再改。"
    `);
  });

  it('reports a column that takes a reserved name, at its line', () => {
    const dir = group({
      'fgw/site.yaml': siteYaml({
        domain: 'fgw.test.gov.cn',
        siteCode: '9901000002',
        columns: '  - { id: news, name: 要闻动态, type: news }\n  - { id: sitemap, name: 网站地图, type: general }',
      }),
    });
    const { diagnostics } = load(dir);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONTENT-RESERVED-ID', file: 'fgw/site.yaml', line: 13 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/site.yaml:13:11 CONTENT-RESERVED-ID 错误：栏目 "sitemap" 是系统保留名称
        修改建议：换一个名称；保留名称：404、_astro、_shared、archive、assets、jianguan、notices、page、pagefind、pagefind-group、pages、search、sitemap、zh-hant。"
    `);
  });

  it('reports an article that takes a reserved name', () => {
    const dir = group({ 'fgw/news/page.md': article() });
    const { diagnostics } = load(dir);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONTENT-RESERVED-ID', file: 'fgw/news/page.md', line: undefined }]);
  });

  it('refuses a symlink that leaves the content tree', () => {
    const outside = tempDir('jiyue-outside-');
    fs.writeFileSync(path.join(outside, 'secret.md'), article());
    const dir = group();
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'fgw', 'news', 'leak.md'));
    fs.symlinkSync(outside, path.join(dir, 'fgw', 'news', 'b.files'));
    const { model, diagnostics } = load(dir);
    expect(sortDiagnostics(diagnostics).map(where)).toEqual([
      { ruleId: 'CONTENT-SYMLINK-OUTSIDE', file: 'fgw/news/b.files', line: undefined },
      { ruleId: 'CONTENT-SYMLINK-OUTSIDE', file: 'fgw/news/leak.md', line: undefined },
    ]);
    expect(diagnostics[0].message).toContain(fs.realpathSync(outside));
    expect(model!.entries.map((e) => e.source)).not.toContain('fgw/news/leak.md');
    expect(model!.files).toEqual([]);
  });

  it('follows a symlink that stays inside the content tree', () => {
    const dir = group({ '_shared/logo.txt': 'logo' });
    fs.symlinkSync(path.join(dir, '_shared', 'logo.txt'), path.join(dir, '_shared', 'alias.txt'));
    const { model, diagnostics } = load(dir);
    expect(diagnostics).toEqual([]);
    expect(model!.files).toEqual(['_shared/alias.txt', '_shared/logo.txt']);
  });

  it('resolves every file under a column folder that is a symlink, even one inside the tree', () => {
    // The folder's entries are not plain files of their own path (src/model/tree.ts `entries`).
    const dir = group({ 'www/news/a.md': null });
    fs.rmSync(path.join(dir, 'www', 'news'), { recursive: true, force: true });
    fs.symlinkSync(path.join(dir, 'fgw', 'news'), path.join(dir, 'www', 'news'));
    const { model, diagnostics } = load(dir);
    expect(diagnostics.map(where)).toContainEqual({ ruleId: 'CONTENT-SYMLINK-ENTRY', file: 'www/news/b.md', line: undefined });
    expect(model?.entries.map((e) => e.source) ?? []).not.toContain('www/news/b.md');
  });
});

describe('MDX in untrusted folders', () => {
  const MDX_BODY = `正文第一段。

import Chart from '../../_shared/chart.js'

这里有一个表达式 {1 + 1}。

<Chart data="x" />
`;
  // In the file: 9 lines of front matter, a blank line, then this body from line 11.

  it('refuses import, {expressions} and JSX, each at its line in the file', () => {
    const dir = group({ 'fgw/news/chart.mdx': article('', MDX_BODY) });
    const { diagnostics } = load(dir);
    expect(sortDiagnostics(diagnostics).map((d) => ({ ...where(d), column: d.column }))).toEqual([
      { ruleId: 'MDX-UNTRUSTED-CODE', file: 'fgw/news/chart.mdx', line: 13, column: 1 },
      { ruleId: 'MDX-UNTRUSTED-CODE', file: 'fgw/news/chart.mdx', line: 15, column: 10 },
      { ruleId: 'MDX-UNTRUSTED-CODE', file: 'fgw/news/chart.mdx', line: 17, column: 1 },
    ]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/chart.mdx:13:1 MDX-UNTRUSTED-CODE 错误：import/export 语句：目录 fgw/news 不在 group.yaml 的 trustedMdx 中，这里的 MDX 不能包含 import/export、{表达式} 或组件
        修改建议：把文件改为 .md（正文用 Markdown 书写），或由网站群管理员在 group.yaml 的 trustedMdx 中加入该目录。
      fgw/news/chart.mdx:15:10 MDX-UNTRUSTED-CODE 错误：{表达式}：目录 fgw/news 不在 group.yaml 的 trustedMdx 中，这里的 MDX 不能包含 import/export、{表达式} 或组件
        修改建议：把文件改为 .md（正文用 Markdown 书写），或由网站群管理员在 group.yaml 的 trustedMdx 中加入该目录。
      fgw/news/chart.mdx:17:1 MDX-UNTRUSTED-CODE 错误：组件或 JSX 标签：目录 fgw/news 不在 group.yaml 的 trustedMdx 中，这里的 MDX 不能包含 import/export、{表达式} 或组件
        修改建议：把文件改为 .md（正文用 Markdown 书写），或由网站群管理员在 group.yaml 的 trustedMdx 中加入该目录。"
    `);
  });

  it.each(['fgw/news', 'fgw'])('accepts the same file when trustedMdx lists %s', (trusted) => {
    const dir = group({
      'group.yaml': `${GROUP_YAML}trustedMdx: [${trusted}]\n`,
      'fgw/news/chart.mdx': article('', MDX_BODY),
    });
    const { model, diagnostics } = load(dir);
    expect(diagnostics).toEqual([]);
    expect(model!.entries.find((e) => e.source === 'fgw/news/chart.mdx')).toMatchObject({ format: 'mdx', route: 'news/chart/' });
  });

  it('accepts plain Markdown written in an .mdx file anywhere', () => {
    const dir = group({ 'fgw/news/plain.mdx': article('', '# 标题\n\n普通的 **Markdown** 正文。\n') });
    const { diagnostics } = load(dir);
    expect(diagnostics).toEqual([]);
  });
});

describe('content that is not published', () => {
  it('is skipped with its reason: draft, not 主动公开, incomplete review', () => {
    const dir = group({
      'fgw/news/draft.md': article('draft: true\n'),
      'fgw/news/apply.md': article().replace('主动公开', '依申请公开'),
      'fgw/news/unreviewed.md': article().replace('  final: 丙\n', ''),
      'fgw/news/blank-review.md': article().replace('final: 丙', 'final: " "'),
    });
    const { model, diagnostics } = load(dir);
    expect(diagnostics).toEqual([]);
    expect([...model!.skipped].sort((a, b) => a.source.localeCompare(b.source))).toEqual([
      { source: 'fgw/news/apply.md', siteId: 'fgw', reason: 'not-public' },
      { source: 'fgw/news/blank-review.md', siteId: 'fgw', reason: 'not-reviewed' },
      { source: 'fgw/news/draft.md', siteId: 'fgw', reason: 'draft' },
      { source: 'fgw/news/unreviewed.md', siteId: 'fgw', reason: 'not-reviewed' },
    ]);
    expect(model!.entries.map((e) => e.source).sort()).toEqual(['fgw/news/b.md', 'www/news/a.md']);
  });

  it('reports a link to skipped content as LINK-UNPUBLISHED at the front-matter line', () => {
    const dir = group({
      'fgw/news/draft.md': article('draft: true\n'),
      'fgw/news/b.md': article('interpretation: draft.md\n'),
    });
    const { diagnostics } = load(dir);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'LINK-UNPUBLISHED', file: 'fgw/news/b.md', line: 9 }]);
    expect(printed(diagnostics)).toMatchInlineSnapshot(`
      "fgw/news/b.md:9:17 LINK-UNPUBLISHED 错误：链接 "draft.md" 指向的内容不会发布（草稿），发布后会成为断链
        修改建议：先让目标内容通过三审并设为主动公开，或删除这个链接。"
    `);
  });
});

describe('group.yaml rules: severity overrides', () => {
  it('reports an unknown rule id at its line, with a suggestion', () => {
    const dir = group({ 'group.yaml': GROUP_YAML + 'rules:\n  LINK-BROKN: warning\n' });
    const { diagnostics } = load(dir);
    expect(diagnostics.map(where)).toEqual([{ ruleId: 'CONFIG-UNKNOWN-RULE', file: 'group.yaml', line: 5 }]);
    expect(diagnostics[0].message).toContain('"LINK-BROKEN"');
  });

  it('refuses to change a locked rule, each at its line, and keeps the rule in force', () => {
    // Rules whose failure would leave the model incomplete or unsafe (issue 14's list and more).
    const locked = ['CONFIG-UNKNOWN-KEY', 'MDX-UNTRUSTED-CODE', 'THEME-ASSET-MISSING', 'SITE-UNKNOWN-THEME', 'CONTENT-BAD-ID', 'CONTENT-DUPLICATE-SLUG', 'FRONTMATTER-MISSING', 'GROUP-PORTAL-MISSING', 'LINK-UNPUBLISHED', 'URL-LOST', 'REDIRECT-EXTERNAL', 'ATTACHMENT-TYPE'];
    const dir = group({
      'group.yaml': GROUP_YAML + `rules:\n${locked.map((r) => `  ${r}: off`).join('\n')}\n`,
      'fgw/news/draft.md': article('draft: true\n'),
      'fgw/news/b.md': article('interpretation: draft.md\n'),
    });
    const { model, diagnostics } = load(dir);
    expect(diagnostics.filter((d) => d.ruleId === 'CONFIG-LOCKED-RULE').map((d) => d.line)).toEqual(locked.map((_, i) => 5 + i));
    // Still an error: the override did not take effect.
    expect(diagnostics.find((d) => d.ruleId === 'LINK-UNPUBLISHED')?.severity).toBe('error');
    expect(model!.ruleOverrides).toEqual([]);
  });

  it('lowers a content rule to a warning and records the override', () => {
    const dir = group({
      'group.yaml': GROUP_YAML + 'rules:\n  LINK-BROKEN: warning\n',
      'fgw/news/b.md': article('interpretation: none.md\n'),
    });
    const { model, diagnostics } = load(dir);
    expect(diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['LINK-BROKEN', 'warning']]);
    expect(model!.ruleOverrides).toEqual([{ ruleId: 'LINK-BROKEN', title: expect.any(String), from: 'error', to: 'warning' }]);
  });
});
