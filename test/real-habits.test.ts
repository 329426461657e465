/**
 * What real governments write is accepted (issue: rejecting real documents is a blocker): an
 * article file named as the 公文 is named, with a stable URL derived from the name, its
 * attachment folder and links by path. Through the loader and the content rules (`npm run check`'s path).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/check/check.ts';
import type { JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { parseNow } from '../src/pipeline/options.ts';
import { slugFromName } from '../src/urls/urls.ts';
import { THEMES_DIR, copyFixture, writeTree } from './helpers.ts';

const NAME = '延政〔2024〕72号 征收土地预公告';
const article = (title: string, body = '正文。') => `---\ntitle: ${title}\ndate: 2024年10月12日\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n---\n\n${body}\n`;

describe('an article file named in Chinese', () => {
  it('has a stable URL derived from its name: its ASCII letters and digits, and 6 hex of the name’s hash', () => {
    expect(slugFromName(NAME)).toMatch(/^2024-72-[0-9a-f]{6}$/);
    expect(slugFromName(NAME)).toBe(slugFromName(NAME));
    expect(slugFromName('关于开展安全生产检查的通知')).toMatch(/^a-[0-9a-f]{6}$/);
    expect(slugFromName(`${NAME}（修订）`)).not.toBe(slugFromName(NAME));
    // A name without a Chinese character follows the id rule (CONTENT-BAD-ID), as before.
    expect(slugFromName('My File')).toBeUndefined();
  });

  it('loads, with its attachment folder, and other articles link it by its path', async () => {
    const content = copyFixture('mini');
    writeTree(content, {
      [`fgw/gzdt/${NAME}.md`]: article(NAME, `附件：[预公告附图](${NAME}.files/fu-tu.txt)`),
      [`fgw/gzdt/${NAME}.files/fu-tu.txt`]: '附图说明',
      'fgw/gzdt/2026-11-13-yy.md': article('引用', `见[征收土地预公告](${NAME}.md)。`),
    });
    const { model, diagnostics, configs } = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: parseNow('2026-11-20') as JiyueDate });
    const result = await checkContent(toRuntime(model!, configs), { workers: 1 });
    const errors = [...diagnostics, ...result.diagnostics].filter((d) => d.severity === 'error' || /ORPHAN|BAD-ID/.test(d.ruleId));
    expect(errors.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual([]);
    const entry = model!.entries.find((e) => e.source === `fgw/gzdt/${NAME}.md`)!;
    expect(entry.route).toBe(`gzdt/${slugFromName(NAME)}/`);
    expect(entry.data.date.day).toBe('2024-10-12');
    expect(fs.existsSync(path.join(content, 'fgw', 'gzdt', `${NAME}.files`))).toBe(true);
  });
});

describe('documents on other sites', () => {
  const jd = (front: string) => `---\ntitle: 《省政府关于优化营商环境的意见》解读\ndate: 2026-11-10\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n${front}---\n\n解读正文。\n`;
  async function check(files: Record<string, string>) {
    const content = copyFixture('mini');
    writeTree(content, files);
    const { model, diagnostics, configs } = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: parseNow('2026-11-20') as JiyueDate });
    const result = await checkContent(toRuntime(model!, configs), { workers: 1 });
    return { model: model!, found: [...diagnostics, ...result.diagnostics].filter((d) => d.file === 'fgw/zcjd/2026-11-10-sheng.md') };
  }

  it('a 解读 of a provincial policy links it by { title, url }, with no LINK-NOT-ARTICLE or INTERPRETATION-NO-POLICY', async () => {
    const { model, found } = await check({ 'fgw/zcjd/2026-11-10-sheng.md': jd('interprets:\n  title: 省政府关于优化营商环境的意见\n  url: https://www.gov.cn/zhengce/2026-11/01/content_1.htm\n') });
    expect(found.map((d) => `${d.ruleId} ${d.message}`)).toEqual([]);
    expect(model.entries.find((e) => e.source === 'fgw/zcjd/2026-11-10-sheng.md')!.externalInterprets).toEqual({ title: '省政府关于优化营商环境的意见', url: 'https://www.gov.cn/zhengce/2026-11/01/content_1.htm', host: 'www.gov.cn' });
  });

  it('the address must be on externalLinks and not commercial, reported at its field', async () => {
    const { found } = await check({ 'fgw/zcjd/2026-11-10-sheng.md': jd('interprets: { title: 意见, url: "https://www.example.com/a.htm" }\n') });
    expect(found.map((d) => `${d.line} ${d.ruleId}`)).toEqual(['6 LINK-EXTERNAL-DOMAIN']);
  });

  it('an attachment on an allowed site is listed with no local file; a bare URL in interprets still says how to write it', async () => {
    const { model, found } = await check({
      'fgw/zcjd/2026-11-10-sheng.md': jd('interprets: https://www.gov.cn/zhengce/1.htm\nattachments:\n  - { title: 岗位表, url: "https://rsks.gov.cn/gwb.xlsx" }\n'),
    });
    expect(found.map((d) => d.ruleId)).toEqual(['LINK-NOT-ARTICLE']);
    expect(found[0].hint).toContain('{ title');
    expect(model.entries.find((e) => e.source === 'fgw/zcjd/2026-11-10-sheng.md')!.attachments).toEqual([{ title: '岗位表', url: 'https://rsks.gov.cn/gwb.xlsx', host: 'rsks.gov.cn' }]);
  });

  it('an address that is not http(s) is refused by the schema with the form to write', async () => {
    const { found } = await check({ 'fgw/zcjd/2026-11-10-sheng.md': jd('interprets: { title: 意见, url: "javascript:alert(1)" }\n') });
    expect(found.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.hint}`)).toEqual(['6:31 CONFIG-INVALID-VALUE 应为 http:// 或 https:// 开头的网址。']);
  });
});
