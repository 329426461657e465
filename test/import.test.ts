/**
 * `npm run import`: a Word 公文 made here as Word writes one (masthead, 文号, a title over two
 * lines, Word-numbered and typed headings, a merged-cell table with a mobile number, 落款, 成文日期,
 * 附注, 抄送 and 印发) imports to the expected article byte for byte, and the content rules run on
 * it at once. Hostile and broken files end in one message and write nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { chineseCounting, formatNumber } from '../src/model/docx-numbering.ts';
import { normaliseDocNumber } from '../src/import/gongwen.ts';
import { REPO_ROOT, runCli, snapshotTree, tempDir } from './helpers.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A paragraph: text, optionally Word-numbered (`num`: [numId, level]). */
function p(text: string, num?: [number, number]): string {
  const numPr = num ? `<w:pPr><w:numPr><w:ilvl w:val="${num[1]}"/><w:numId w:val="${num[0]}"/></w:numPr></w:pPr>` : '';
  return `<w:p>${numPr}<w:r><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r></w:p>`;
}

/** A table cell; `span`: columns it spans; `merge`: vMerge 'restart' or 'continue'. */
function tc(text: string, opts: { span?: number; merge?: 'restart' | 'continue' } = {}): string {
  const props = [opts.span ? `<w:gridSpan w:val="${opts.span}"/>` : '', opts.merge ? `<w:vMerge${opts.merge === 'restart' ? ' w:val="restart"' : ''}/>` : ''].join('');
  return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${p(text)}</w:tc>`;
}

const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;

const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`;

/** Writes a .docx from its body XML (and optional extra parts). */
async function docx(file: string, body: string, extra: Record<string, string | Buffer> = {}): Promise<string> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`);
  zip.file('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  zip.file('word/_rels/document.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`);
  zip.file('word/numbering.xml', NUMBERING);
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`);
  for (const [name, data] of Object.entries(extra)) zip.file(name, data);
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

/** A 公文 as a county's 发改委 writes one. */
const GONGWEN = [
  p('示例市发展和改革委员会文件'),
  p('示发改〔2024〕12号'),
  p('示例市发展和改革委员会关于做好2025年'),
  p('重点项目谋划储备工作的通知'),
  p('各县（市、区）发展改革局，市直有关部门：'),
  p('\u3000\u3000为做好2025年重点项目谋划储备工作，现将有关事项通知如下。'),
  p('总体要求', [1, 0]),
  p('\u3000\u3000坚持“储备一批、开工一批、建成一批”，滚动推进项目建设。'),
  p('储备范围', [1, 1]),
  p('\u3000\u3000产业发展、基础设施、社会民生等领域项目。'),
  p('工作步骤', [1, 1]),
  p('\u3000\u3000各单位于3月31日前报送项目清单。'),
  p('二、保障措施'),
  p('1.加强组织领导。各单位要明确专人负责。'),
  `<w:tbl>${tr(tc('序号'), tc('项目名称'), tc('联系人'))}${tr(tc('1'), tc('城东污水处理厂扩建'), tc('王建国 13912345678'))}${tr(tc('合计', { span: 2 }), tc('1个'))}</w:tbl>`,
  p('附件：重点项目储备表'),
  p('示例市发展和改革委员会'),
  p('2024年3月5日'),
  p('（此件公开发布）'),
  p('抄送：市委办公室，市人大常委会办公室。'),
  p('示例市发展和改革委员会办公室\u3000\u30002024年3月5日印发'),
].join('');

const EXPECTED = `---
title: 示例市发展和改革委员会关于做好2025年重点项目谋划储备工作的通知
date: 2024-03-05
docNumber: 示发改〔2024〕12号
issuer: 示例市发展和改革委员会
writtenDate: 2024-03-05
# 附注“（此件公开发布）”：文件本身写明公开发布。请核对后保留。
disclosure: 主动公开
# 导入的稿件：完成三审、写好公开属性后，删去 draft 一行才会发布。
draft: true
review:
  first: ""
  second: ""
  final: ""
---

各县（市、区）发展改革局，市直有关部门：

为做好2025年重点项目谋划储备工作，现将有关事项通知如下。

## 一、总体要求

坚持“储备一批、开工一批、建成一批”，滚动推进项目建设。

### （一）储备范围

产业发展、基础设施、社会民生等领域项目。

### （二）工作步骤

各单位于3月31日前报送项目清单。

## 二、保障措施

1\\.加强组织领导。各单位要明确专人负责。

<table>
<tr><th>序号</th><th>项目名称</th><th>联系人</th></tr>
<tr><td>1</td><td>城东污水处理厂扩建</td><td>王建国 13912345678</td></tr>
<tr><td colspan="2">合计</td><td>1个</td></tr>
</table>

附件：重点项目储备表

示例市发展和改革委员会

2024年3月5日

（此件公开发布）

抄送：市委办公室，市人大常委会办公室。

示例市发展和改革委员会办公室　　2024年3月5日印发
`;

describe('npm run import', () => {
  let content: string;
  let work: string;

  beforeAll(() => {
    work = tempDir('jiyue-import-');
    content = path.join(work, 'content');
    fs.cpSync(path.join(REPO_ROOT, 'content'), content, { recursive: true });
  });

  const importCli = (args: string[]) => runCli(['import', '--content', content, '--now', '2026-11-20', ...args]);

  it('imports a 公文 to the expected article, byte for byte, and runs the content rules on it', async () => {
    const file = await docx(path.join(work, '示发改〔2024〕12号 关于做好重点项目谋划储备工作的通知.docx'), GONGWEN);
    const r = await importCli([file, '--site', 'fgw', '--column', 'zcwj', '--slug', '2024-sfg-12']);
    expect(r.code, r.stderr).toBe(0);
    const written = fs.readFileSync(path.join(content, 'fgw', 'zcwj', '2024-sfg-12.md'), 'utf8');
    expect(written).toBe(EXPECTED);
    expect(r.stdout).toContain('已导入 fgw/zcwj/2024-sfg-12.md：示例市发展和改革委员会关于做好2025年重点项目谋划储备工作的通知');
    // The mobile number in the table is found at once, with the file and line, though the article is a draft.
    const line = EXPECTED.split('\n').findIndex((l) => l.includes('13912345678')) + 1;
    expect(r.stderr).toMatch(new RegExp(`fgw/zcwj/2024-sfg-12\\.md:${line}:\\d+ PRIVACY-MOBILE(-OFFICE)? `));
    // A draft: the build holds it back.
    const check = await runCli(['check', '--content', content, '--now', '2026-11-20', '--site', 'fgw']);
    expect(check.stdout).toContain('fgw/zcwj/2024-sfg-12.md　草稿');
  });

  it('names the article after a Chinese file name with the URL the loader derives, and refuses to overwrite', async () => {
    const file = await docx(path.join(work, '延政〔2024〕72号 征收土地预公告.docx'), [p('征收土地预公告'), p('2024年6月20日')].join(''));
    const first = await importCli([file, '--site', 'fgw', '--column', 'tzgg']);
    expect(first.code, first.stderr).toBe(0);
    const made = /已导入 (fgw\/tzgg\/[a-z0-9-]+\.md)：征收土地预公告/.exec(first.stdout)?.[1];
    expect(made).toMatch(/^fgw\/tzgg\/2024-72-[0-9a-f]{6}\.md$/);
    expect(fs.readFileSync(path.join(content, made!), 'utf8')).toContain('title: 征收土地预公告\ndate: 2024-06-20\n');
    const again = await importCli([file, '--site', 'fgw', '--column', 'tzgg']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${made} 已经存在：没有覆盖`);
  });

  it('imports a folder of documents in one run', async () => {
    const folder = path.join(work, 'batch');
    fs.mkdirSync(folder);
    await docx(path.join(folder, 'a-tongzhi.docx'), [p('关于开展节能宣传周活动的通知'), p('2024年6月1日')].join(''));
    await docx(path.join(folder, 'b-gonggao.docx'), [p('关于价格监测点调整的公告'), p('2024年6月2日')].join(''));
    fs.writeFileSync(path.join(folder, 'readme.txt'), 'not a document');
    const r = await importCli([folder, '--site', 'fgw', '--column', 'tzgg']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导入 fgw/tzgg/a-tongzhi.md：关于开展节能宣传周活动的通知');
    expect(r.stdout).toContain('已导入 fgw/tzgg/b-gonggao.md：关于价格监测点调整的公告');
    expect(r.stdout).toContain('导入 2 篇');
  });

  describe('hostile and broken files: one message, nothing written', () => {
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['not a Word file', async () => (fs.writeFileSync(path.join(work, 'fake.docx'), 'just text'), path.join(work, 'fake.docx')), /fake\.docx 不是 Word 文档/],
      ['a zip bomb', async () => docx(path.join(work, 'bomb.docx'), p('x'), { 'word/media/big.bin': Buffer.alloc(64 * 1024 * 1024) }), /big\.bin 解压后超过 20 MB/],
      ['an image over the limit', async () => docx(path.join(work, 'image.docx'), p('x'), { 'word/media/image1.png': Buffer.alloc(21 * 1024 * 1024) }), /图片 image1\.png 解压后超过 20 MB/],
      ['external entities', async () => docx(path.join(work, 'xxe.docx'), p('x'), { 'word/settings.xml': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }), /DOCTYPE\/ENTITY/],
      ['macros', async () => docx(path.join(work, 'macro.docx'), p('x'), { 'word/vbaProject.bin': Buffer.from('macro') }), /含有宏/],
      ['a password', async () => (fs.writeFileSync(path.join(work, 'secret.docx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('EncryptionInfo', 'utf16le')])), path.join(work, 'secret.docx')), /有密码保护/],
      ['a truncated file', async () => {
        const whole = fs.readFileSync(await docx(path.join(work, 'whole.docx'), p('x')));
        fs.writeFileSync(path.join(work, 'cut.docx'), whole.subarray(0, whole.length >> 1));
        return path.join(work, 'cut.docx');
      }, /cut\.docx 已损坏/],
    ];
    for (const [name, make, message] of cases) {
      it(name, async () => {
        const file = await make();
        const before = snapshotTree(path.join(content, 'fgw', 'zcjd'));
        const r = await importCli([file, '--site', 'fgw', '--column', 'zcjd']);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.match(/^错误：/gm)).toHaveLength(1);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(snapshotTree(path.join(content, 'fgw', 'zcjd'))).toEqual(before);
      });
    }
  });

  it('explains usage mistakes with exit code 2', async () => {
    const r = await importCli(['x.docx', '--site', 'fgw', '--column', 'nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('站点 fgw 的 site.yaml 没有栏目 nosuch');
  });
});

describe('Word numbering and 文号', () => {
  it('counts in Chinese as Word does', () => {
    expect([1, 2, 10, 11, 20, 21, 99, 100, 105, 110].map(chineseCounting)).toEqual(['一', '二', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十']);
    expect(formatNumber(3, 'ideographTraditional')).toBe('丙');
    expect(formatNumber(12, 'decimalFullWidth')).toBe('１２');
    expect(formatNumber(4, 'decimalEnclosedCircle')).toBe('④');
  });

  it('writes a 文号 with the brackets GB/T 9704 uses', () => {
    expect(normaliseDocNumber('示政发[2024]12号')).toBe('示政发〔2024〕12号');
    expect(normaliseDocNumber('示政发（2024） 第 12 号')).toBe('示政发〔2024〕12号');
  });
});
