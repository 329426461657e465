/**
 * `npm run docs`: writes docs/spec.md from the page spec module (src/errors/pagespec.ts and
 * src/pagespec/page-spec.ts) and docs/rule-index.md from the whole catalogue (every rule of every
 * section), so the documentation cannot drift from what the build enforces.
 * test/spec.test.ts fails when either file is not what this script would write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogueSections } from '../src/errors/catalogue.ts';
import type { CatalogueEntry } from '../src/errors/entry.ts';
import {
  CONTRAST_PAIRS,
  IDENTITY_EXAMPLES,
  JIUCUO_BASE,
  LINKS,
  MARKERS,
  MAX_COLOURS,
  MIN_CONTRAST,
  PAGE_KIND_LABELS,
  PAGE_REQUIREMENTS,
  PATTERNS,
  THEME_SLOTS,
  type PageKind,
} from '../src/pagespec/page-spec.ts';
import { pageSpecEntries, SOURCES } from '../src/errors/pagespec.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function generateSpecDoc(): string {
  const entries = Object.values(pageSpecEntries) as CatalogueEntry<never>[];
  const sev = (e: CatalogueEntry<never>) => (e.severity === 'error' ? '错误' : '警告');
  const lines: string[] = [
    '<!-- 本文件由 `npm run docs`（scripts/gen-docs.ts）从 src/pagespec/ 生成，请勿手工修改。 -->',
    '# 页面规范（国家和地方政府网站页面要求）',
    '',
    '本项目把政府网站的页头、页脚、页面布局和主题限制写成数据（`src/pagespec/page-spec.ts`、`src/errors/pagespec.ts`）：',
    '页面骨架按它渲染，构建后的检查按它检查每个站点的每个页面，本文档也由它生成。',
    '',
    '- **错误** 使构建失败（原有输出目录不变）；**警告** 只报告。',
    '- 标为“未核实”的规则来自二手资料和实际政府网站，而非原始文件，默认是警告。',
    '- 网站群可以在 `group.yaml` 的 `rules:` 中调整任何一条规则的级别（`error`、`warning`、`off`），构建摘要会列出所有调整。',
    '- 页面检查的每个问题占一行：`站点 / 页面网址 / 规则编号 / 错误：问题 / 修改建议：…`，最后按规则汇总。',
    '',
    '## 规则',
    '',
    '| 规则编号 | 名称 | 默认级别 | 来源 |',
    '|---|---|---|---|',
    ...entries.map((e) => `| ${e.ruleId} | ${cell(e.title)} | ${sev(e)}${e.unverified ? '（未核实）' : ''} | ${cell(e.source ?? '技术规则')} |`),
    '',
    '## 引用的文件',
    '',
    ...Object.values(SOURCES).map((s) => `- ${s}`),
    '',
    '## 标识信息的格式（site.yaml）',
    '',
    '| 字段 | 格式 |',
    '|---|---|',
    `| siteCode 网站标识码 | \`${PATTERNS.siteCode.source}\`；地方网站前 6 位等于 group.yaml 的 regionCode |`,
    `| icp ICP备案编号 | \`${PATTERNS.icp.source}\`（2018 年以后的备案号为 10 位；“号”和“备”后的空格可有可无，按原样显示） |`,
    `| psb 公安机关备案号 | \`${PATTERNS.psb.source}\` |`,
    `| conacId 党政机关网站标识 | \`${PATTERNS.conacId.source}\`：证书链接 bszs.conac.cn/sitename?method=show&id=… 中的 id，大小写均可，按原样显示 |`,
    '',
    '### 格式核对所用的真实示例',
    '',
    '这些格式按下列政府网站实际公开的值核对过（2026 年 11 月查阅的网页公开副本）。`test/spec.test.ts` 用上面的格式逐一检查这些值，',
    '`test/fixtures/real-identity/` 是用这些值组成、在测试中完整构建的网站群：格式改动如果会拒绝真实数据，测试就会失败。',
    '',
    '| 字段 | 值 | 出处 |',
    '|---|---|---|',
    ...IDENTITY_EXAMPLES.map((e) => `| ${e.field} | \`${e.value}\` | ${cell(e.where)} |`),
    '',
    '## 页脚链接',
    '',
    `- ICP备案编号链接到 ${LINKS.icp()}`,
    `- 公安机关备案号链接到 ${LINKS.psb('津公网安备 12010102000001号')}（以 14 位备案号为参数）`,
    `- 党政机关网站标识链接到 ${LINKS.conac('<conacId>')}`,
    `- 我为政府网站找错：${JIUCUO_BASE}?site_code=<网站标识码>&url=<本页网址（URL 编码）>`,
    '',
    '## 规范区块（data-jiyue 标记）',
    '',
    '页面骨架给每个规范要求的元素加 `data-jiyue` 标记；检查器按标记查找，隐藏（`hidden`、`aria-hidden="true"`、行内 `display:none`/`visibility:hidden`，或位于这样的祖先元素内）等同于删除（MANDATED-HIDDEN）。',
    '',
    '| 标记 | 元素 | 规则 |',
    '|---|---|---|',
    ...Object.values(MARKERS).map((m) => `| \`${m.marker}\` | ${m.what} | ${m.rule} |`),
    '',
    '## 各类页面的要求',
    '',
    '| 页面 | 当前位置 | 可见的发布日期 | meta 标签（未核实，缺少时警告） |',
    '|---|---|---|---|',
    ...(Object.keys(PAGE_REQUIREMENTS) as PageKind[]).map((k) => {
      const r = PAGE_REQUIREMENTS[k];
      return `| ${PAGE_KIND_LABELS[k]} | ${r.breadcrumb ? '必须' : '—'} | ${r.pubdate ? '必须' : '—'} | ${r.meta.join('、')} |`;
    }),
    '',
    '每个页面都要求：`<html lang="zh-CN">`、跳到主要内容的链接、唯一的页头、主导航、`<main id="main">` 和页脚、一个 `<h1>`。',
    '',
    '## 主题限制',
    '',
    `- 颜色：一个主色，全部颜色不超过 ${MAX_COLOURS} 个色系（theme.yaml 的颜色和 theme.css 中写的颜色一起计算；黑、白、灰不计，同一色相的深浅算一个色系）。`,
    `- 对比度：以下每一对颜色的对比度不低于 ${MIN_CONTRAST}:1（WCAG 2.1 相对亮度公式计算）：`,
    '',
    '| 位置 | 文字 | 背景 |',
    '|---|---|---|',
    ...CONTRAST_PAIRS.map((p) => `| ${p.what} | ${p.fg} | ${p.bg} |`),
    '',
    '- 插槽（只能添加，不能替换规范区块）：',
    '',
    '| 插槽 | 位置 |',
    '|---|---|',
    ...Object.entries(THEME_SLOTS).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '主题的写法见 [themes.md](themes.md)，无障碍和长者模式见 [accessibility.md](accessibility.md)。',
    '',
  ];
  return lines.join('\n');
}

/** docs/rule-index.md: every rule id the product can report, by section, with severity and source. */
export function generateRuleIndex(): string {
  const lines: string[] = [
    '<!-- 本文件由 `npm run docs`（scripts/gen-docs.ts）从 src/errors/catalogue.ts 生成，请勿手工修改。 -->',
    '# 规则编号索引',
    '',
    '生成器报告的每一条规则：编号（稳定，不会改名）、名称、默认级别和依据。编号出现在每条消息中，',
    '也是 `group.yaml` 的 `rules:` 调整级别时使用的键。',
    '',
    '标为**锁定**的规则不能调整（写在 `rules:` 中是错误 CONFIG-LOCKED-RULE）：它们出错时内容会不完整或不安全，',
    '例如站点或文章被悄悄略去、未经检查的代码被编译、不予公开的内容被发布、旧网址被转到白名单之外的网站。',
    '',
    '标为**按小时计**的规则随构建时刻（`--now` 的时和分）变化，其余规则在同一天内的结果都相同。',
    '上一次构建报告过按小时计的问题时，什么都没变的构建也要重新检查（见 docs/performance.md“没有变化的构建”）。',
    '',
  ];
  for (const section of catalogueSections()) {
    lines.push(`## ${section.title}`, '', section.doc ? `说明：[${section.doc}](${section.doc})` : '', '');
    lines.push('| 规则编号 | 名称 | 默认级别 | 可否调整 | 依据 |', '|---|---|---|---|---|');
    for (const e of section.entries) {
      const sev = e.severity === 'error' ? '错误' : '警告';
      lines.push(`| ${e.ruleId} | ${cell(e.title)} | ${sev}${e.unverified ? '（未核实）' : ''}${e.readsTimeOfDay ? '（按小时计）' : ''} | ${e.locked ? '锁定' : '可调整'} | ${cell(e.source ?? '技术规则')} |`);
    }
    lines.push('');
  }
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, generate] of [['spec.md', generateSpecDoc], ['rule-index.md', generateRuleIndex]] as const) {
    const file = path.join(import.meta.dirname, '..', 'docs', name);
    fs.writeFileSync(file, generate());
    process.stdout.write(`已写入 ${path.relative(process.cwd(), file)}\n`);
  }
}
