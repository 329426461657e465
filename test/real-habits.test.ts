/**
 * What real governments write is accepted (issue: rejecting real documents is a blocker): an
 * article file named as the 公文 is named, with a stable URL derived from the name, its
 * attachment folder and links by path. Through the loader and the content rules (`npm run check`'s path).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, unscannedReason } from '../src/check/check.ts';
import type { JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { parseNow } from '../src/pipeline/options.ts';
import { slugFromName } from '../src/urls/urls.ts';
import { THEMES_DIR, copyFixture, writeTree } from './helpers.ts';
import { makePdf } from './pdf.ts';

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

describe('Word and Excel attachments are read like bodies', () => {
  async function zip(parts: Record<string, string>): Promise<Buffer> {
    const { default: JSZip } = await import('jszip');
    const z = new JSZip();
    for (const [name, text] of Object.entries(parts)) z.file(name, text);
    return z.generateAsync({ type: 'nodebuffer' });
  }
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const docx = (paragraphs: string[]) =>
    zip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      'word/document.xml': `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${paragraphs.map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('')}</w:body></w:document>`,
    });
  const xlsx = () =>
    zip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${S}" xmlns:r="${R}"><sheets><sheet name="岗位表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${S}"><si><t>姓名</t></si><si><t>身份证号</t></si><si><t>张三</t></si><si><t>110101199003071233</t></si></sst>`,
      'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${S}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>13912345678</v></c></row></sheetData></worksheet>`,
    });

  it('names the paragraph, the sheet and cell, or the page and line of each finding; an unreadable one is a warning, a scanned PDF stays unscanned', async () => {
    const content = copyFixture('mini');
    writeTree(content, {
      'fgw/gzdt/2026-11-14-gs.md': article(
        '招聘公示',
        '附件：[名单](2026-11-14-gs.files/mingdan.docx)、[岗位表](2026-11-14-gs.files/gangwei.xlsx)、[加密](2026-11-14-gs.files/mima.docx)、[扫描件](2026-11-14-gs.files/saomiao.pdf)、[公示](2026-11-14-gs.files/gongshi.pdf)、[损坏](2026-11-14-gs.files/sunhuai.pdf)',
      ),
      'fgw/gzdt/2026-11-14-gs.files/sunhuai.pdf': '%PDF-1.4\n',
    });
    const dir = path.join(content, 'fgw', 'gzdt', '2026-11-14-gs.files');
    // A 公示 exported from Word: the 名单 on page 1 (Chinese in the standard font, as without embedded fonts), page 2 a scanned signature page.
    fs.writeFileSync(path.join(dir, 'gongshi.pdf'), makePdf([{ lines: ['拟录用人员公示', '王五，身份证号 11010519491231002X，手机 13912345678', '公示期：2026年11月14日至20日'] }, { image: true }]));
    fs.writeFileSync(path.join(dir, 'saomiao.pdf'), makePdf([{ image: true }, { image: true }]));
    fs.writeFileSync(path.join(dir, 'mingdan.docx'), await docx(['拟聘用人员名单', '李四，身份证号 110101199003071233']));
    fs.writeFileSync(path.join(dir, 'gangwei.xlsx'), await xlsx());
    fs.writeFileSync(path.join(dir, 'mima.docx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.from('EncryptionInfo', 'utf16le')]));
    const { model, configs } = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: parseNow('2026-11-20') as JiyueDate });
    const result = await checkContent(toRuntime(model!, configs), { workers: 1 });
    const found = result.diagnostics.filter((d) => d.file?.startsWith('fgw/gzdt/2026-11-14-gs.files/')).map((d) => `${d.file} ${d.line ?? '-'} ${d.ruleId} ${d.message}`);
    expect(found).toEqual([
      'fgw/gzdt/2026-11-14-gs.files/gangwei.xlsx - PRIVACY-ID-NUMBER 附件的工作表“岗位表”B2 单元格中有一个完整的 18 位公民身份号码（校验位和出生日期都有效）',
      'fgw/gzdt/2026-11-14-gs.files/gangwei.xlsx - PRIVACY-MOBILE 附件的工作表“岗位表”C2 单元格中有一个完整的手机号码',
      'fgw/gzdt/2026-11-14-gs.files/gongshi.pdf - PRIVACY-ID-NUMBER 附件的第 1 页第 2 行中有一个完整的 18 位公民身份号码（校验位和出生日期都有效）',
      'fgw/gzdt/2026-11-14-gs.files/gongshi.pdf - PRIVACY-MOBILE 附件的第 1 页第 2 行中有一个完整的手机号码',
      'fgw/gzdt/2026-11-14-gs.files/mima.docx - ATTACHMENT-UNREADABLE 这个 Word、Excel 或 PDF 附件无法读取，没有检查其中是否有身份号码、手机号码等个人信息：mima.docx 有密码保护，无法读取。请在 Word 中取消密码（文件 → 信息 → 保护文档）并另存为 .docx 后再试。',
      'fgw/gzdt/2026-11-14-gs.files/mingdan.docx - PRIVACY-ID-NUMBER 附件的第 2 段中有一个完整的 18 位公民身份号码（校验位和出生日期都有效）',
      'fgw/gzdt/2026-11-14-gs.files/sunhuai.pdf - ATTACHMENT-UNREADABLE 这个 Word、Excel 或 PDF 附件无法读取，没有检查其中是否有身份号码、手机号码等个人信息：sunhuai.pdf 不是可读的 PDF 文件（Invalid PDF structure.）',
    ]);
    // The scanned PDF, and the scanned page of the 公示 (whose text was checked), are listed for a person to check.
    expect(result.attachments.unscanned.map((a) => [a.source, unscannedReason(a)])).toEqual([
      ['fgw/gzdt/2026-11-14-gs.files/gongshi.pdf', '第 2 页没有文字（扫描的图片），其余已检查'],
      ['fgw/gzdt/2026-11-14-gs.files/saomiao.pdf', '扫描的图片，没有文字'],
    ]);
    expect(result.attachments.scanned).toContain('fgw/gzdt/2026-11-14-gs.files/gongshi.pdf');
    expect(result.attachments.scanned).not.toContain('fgw/gzdt/2026-11-14-gs.files/saomiao.pdf');
  });
});
