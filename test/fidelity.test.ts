/**
 * Real-world fidelity (issue 11): real governments' data builds, content that is not ready is
 * held back without blocking anyone, links written once, one bad field hides nothing, bare URLs
 * in Chinese prose, one message for each common editor's mistake, stable 索引号, `--site` means
 * one thing, and attachments are published URLs the ledger keeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/plan/manifest.ts';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { formatDiagnostic, sortDiagnostics } from '../src/errors/diagnostic.ts';
import { loadGroup } from '../src/model/load.ts';
import { IDENTITY_EXAMPLES, PATTERNS } from '../src/pagespec/page-spec.ts';
import { copyFixture, FIXTURES, runBuild, runCli, tempDir, THEMES_DIR, writeTree } from './helpers.ts';
import { makePdf } from './pdf.ts';

const NOW = parseJiyueDate('2026-11-20') as JiyueDate;
const edit = (file: string, change: (s: string) => string) => fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
const readManifest = (out: string): Manifest => JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
const read = (out: string, file: string) => fs.readFileSync(path.join(out, 'sites', ...file.split('/')), 'utf8');
const REVIEW = 'review:\n  first: 甲\n  second: 乙\n  final: 丙\n';
const article = (title: string, date: string, extra = '', body = '正文。') => `---\ntitle: ${title}\ndate: ${date}\ndisclosure: 主动公开\n${REVIEW}${extra}---\n\n${body}\n`;

describe('real identity values', () => {
  it('every real example passes its format (docs/spec.md lists where each was seen)', () => {
    const patterns = { siteCode: PATTERNS.siteCode, icp: PATTERNS.icp, psb: PATTERNS.psb, conacId: PATTERNS.conacId, domain: /^[a-z0-9.-]+\.gov\.cn$/ };
    expect(IDENTITY_EXAMPLES.length).toBeGreaterThanOrEqual(15);
    for (const e of IDENTITY_EXAMPLES) expect(patterns[e.field].test(e.value), `${e.field} ${e.value}（${e.where}）`).toBe(true);
  });

  it('a group with real-format values builds clean and shows every value as written', async () => {
    const out = path.join(tempDir('jiyue-real-'), 'dist');
    const r = await runBuild(path.join(FIXTURES, 'real-identity'), out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/(错误|警告)：/);
    expect(r.stdout).toMatch(/警告\s+0/);
    const footer = (site: string) => read(out, `${site}/index.html`);
    // As the sites write them: no 号, a space after 备, a 10-digit number, lower-case conac id.
    expect(footer('www')).toContain('>粤ICP备09172506<');
    expect(footer('www')).toContain('>京公网安备11040102100142号<');
    expect(footer('www')).toContain('bszs.conac.cn/sitename?method=show&amp;id=33B99A8643E24B72E053022819AC32CC');
    expect(footer('sthj')).toContain('>京ICP备 04000001号<');
    expect(footer('sthj')).toContain('id=06f2cad4909b067ae053012819ac8596');
    expect(footer('kjj')).toContain('>浙ICP备2021040463号-3<');
    expect(footer('kjj')).toContain('网站标识码：bm07000001');
    // The 公安备案 link carries the 14-digit record number.
    expect(footer('www')).toContain('https://beian.mps.gov.cn/#/query/webSearch?code=11040102100142');
  });

  it('refuses a conac id that is not 32 hexadecimal characters, at its line', () => {
    const dir = copyFixture('real-identity');
    edit(path.join(dir, 'kjj/site.yaml'), (s) => s.replace(/conacId: .*/, 'conacId: "9901000002"'));
    const r = loadGroup({ contentDir: dir, themesDir: THEMES_DIR, now: NOW });
    const found = r.diagnostics.filter((d) => d.severity === 'error');
    expect(found.map((d) => [d.ruleId, d.file, d.line])).toEqual([['CONFIG-INVALID-VALUE', 'kjj/site.yaml', 12]]);
    expect(found[0].hint).toContain('32 位');
  });
});

describe('content that is not ready is held back, never an error', () => {
  it('no review record, no 公开属性, a draft with a mistake: held back with their reasons; the group builds', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, {
      // No review record at all.
      'www/news/2026-11-19-nr.md': '---\ntitle: 没有三审记录\ndate: 2026-11-19\ndisclosure: 主动公开\n---\n\n正文。\n',
      // No 公开属性 yet.
      'www/news/2026-11-19-nd.md': `---\ntitle: 没有公开属性\ndate: 2026-11-19\n${REVIEW}---\n\n正文。\n`,
      // A draft whose front matter is not finished (a bad date): a warning, not an error.
      'www/news/2026-11-19-dr.md': `---\ntitle: 草稿\ndate: 下周一\ndraft: true\ndisclosure: 主动公开\n${REVIEW}---\n\n正文。\n`,
    });
    const out = path.join(tempDir('jiyue-held-'), 'dist');
    const r = await runBuild(dir, out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/未发布\s+3（草稿 1，未标注公开属性 1，未完成三审 1）/);
    expect(r.stderr).toMatch(/www\/news\/2026-11-19-dr\.md:3:7 DATE-INVALID 警告/);
    for (const slug of ['2026-11-19-nr', '2026-11-19-nd', '2026-11-19-dr']) expect(fs.existsSync(path.join(out, 'sites/www/news', slug))).toBe(false);
    const check = await runCli(['check', '--content', dir, '--now', '2026-11-20']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('www/news/2026-11-19-nr.md　未完成三审');
    expect(check.stdout).toContain('www/news/2026-11-19-nd.md　未标注公开属性');
  });
});

describe('policy ↔ 解读 links written once', () => {
  it('either side may be written: both pages link to each other', async () => {
    const dir = copyFixture('real-identity');
    edit(path.join(dir, 'www/site.yaml'), (s) => s.replace('columns:\n', 'columns:\n  - { id: zcwj, name: 政策文件, type: policy }\n  - { id: zcjd, name: 政策解读, type: interpretation }\n'));
    writeTree(dir, {
      'www/zcwj/2026-11-01-a.md': article('文件甲', '2026-11-01', 'interpretation: ../zcjd/2026-11-02-a-jd.md\n'),
      'www/zcjd/2026-11-02-a-jd.md': article('解读甲', '2026-11-02'),
      'www/zcwj/2026-11-03-b.md': article('文件乙', '2026-11-03'),
      'www/zcjd/2026-11-04-b-jd.md': article('解读乙', '2026-11-04', 'interprets: ../zcwj/2026-11-03-b.md\n'),
    });
    const out = path.join(tempDir('jiyue-interp-'), 'dist');
    const r = await runBuild(dir, out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/POLICY-NO-INTERPRETATION|INTERPRETATION-NO-POLICY|POLICY-LINK-MISMATCH/);
    const link = (file: string, marker: string) => new RegExp(`<a href="([^"]+)" data-jiyue="${marker}">([^<]+)</a>`).exec(read(out, file))?.slice(1);
    expect(link('www/zcwj/2026-11-01-a/index.html', 'interpretation-link')).toEqual(['/zcjd/2026-11-02-a-jd/', '解读甲']);
    expect(link('www/zcjd/2026-11-02-a-jd/index.html', 'interprets-link')).toEqual(['/zcwj/2026-11-01-a/', '文件甲']);
    expect(link('www/zcwj/2026-11-03-b/index.html', 'interpretation-link')).toEqual(['/zcjd/2026-11-04-b-jd/', '解读乙']);
    expect(link('www/zcjd/2026-11-04-b-jd/index.html', 'interprets-link')).toEqual(['/zcwj/2026-11-03-b/', '文件乙']);
  });
});

describe('one bad field hides nothing', () => {
  it('a wrong site.yaml is reported at its lines and its content is still checked, with no cascade', async () => {
    const dir = copyFixture('real-identity');
    // The portal's site.yaml: an unknown key and a wrong value. Its content has a mistake of its own.
    edit(path.join(dir, 'www/site.yaml'), (s) => s.replace('kind: portal', 'kind: menhu').replace('shortName:', 'shortname:'));
    writeTree(dir, { 'www/news/2026-11-19-sfz.md': article('公示', '2026-11-19', '', '申请人身份号码 11010519491231002X。') });
    // A department's site.yaml with a YAML syntax error: its folders stand in for its columns.
    edit(path.join(dir, 'kjj/site.yaml'), (s) => s.replace('kind: department', 'kind: [department'));
    writeTree(dir, { 'kjj/gzdt/2026-11-19-lj.md': article('链接', '2026-11-19', '', '见[办法](../gzdt/none.md)。') });
    const r = await runCli(['check', '--content', dir, '--now', '2026-11-20']);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => / (错误|警告)：/.test(l)).map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(lines).toEqual([
      'kjj/gzdt/2026-11-19-lj.md:11:2 LINK-BROKEN',
      'kjj/site.yaml:5:1 YAML-SYNTAX',
      'www/news/2026-11-19-sfz.md:11:9 PRIVACY-ID-NUMBER',
      'www/site.yaml:4:1 CONFIG-UNKNOWN-KEY',
      'www/site.yaml:5:7 CONFIG-INVALID-VALUE',
    ]);
    expect(r.stderr).not.toMatch(/GROUP-PORTAL-MISSING|SITE-UNKNOWN-REFERENCE|CONTENT-UNDECLARED-COLUMN|SITE-CODE/);
  });
});

describe('bare URLs in Chinese prose', () => {
  it('the page links what `check` reads: the URL ends at the first CJK character or full-width punctuation', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, {
      'www/news/2026-11-19-wz.md': article('网址', '2026-11-19', '', '请登录www.gov.cn查询，或访问https://www.zqgx.gov.cn/zwgk。也可登录 www.example.com办理（商业网站）。'),
    });
    const check = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--format', 'json']);
    const external = JSON.parse(check.stdout).diagnostics.filter((d: { ruleId: string }) => d.ruleId === 'LINK-EXTERNAL-DOMAIN');
    // gov.cn is allow-listed; the other one is reported with its domain only (not "www.example.com办理").
    expect(external.map((d: { message: string; column: number }) => [d.column, d.message])).toEqual([[54, '外部链接 "http://www.example.com" 的域名 www.example.com 不在 group.yaml 的 externalLinks 白名单中']]);
    edit(path.join(dir, 'group.yaml'), (s) => s.replace('externalLinks: [gov.cn]', 'externalLinks: [gov.cn, example.com]'));
    const out = path.join(tempDir('jiyue-bare-'), 'dist');
    const r = await runBuild(dir, out);
    expect(r.code, r.stderr).toBe(0);
    const body = /<div class="article-body">([\s\S]*?)<\/div>/.exec(read(out, 'www/news/2026-11-19-wz/index.html'))![1];
    expect(body).toContain('请登录<a href="http://www.gov.cn">www.gov.cn</a>查询，或访问<a href="https://www.zqgx.gov.cn/zwgk">https://www.zqgx.gov.cn/zwgk</a>。');
    expect(body).toContain('也可登录 <a href="http://www.example.com">www.example.com</a>办理（商业网站）。');
  });
});

describe('one mistake, one message, with the exact fix', () => {
  const ROOT = path.join(FIXTURES, 'mistakes');
  const CASES = fs.readdirSync(ROOT).sort();
  const UPDATE = process.env.UPDATE_FIXTURES === '1';

  it('has a fixture for each common mistake', () => {
    expect(CASES).toEqual(['chinese-date', 'chinese-key', 'curly-quotes', 'dot-date', 'fullwidth-colon', 'fullwidth-dash', 'fullwidth-space-indent', 'gbk-file', 'missing-space', 'slash-date', 'tab-indent', 'value-colon']);
  });

  it.each(CASES)('%s: exactly the message in expected.txt', (name) => {
    // The fixture's input.md (and any attachment folder) becomes www/news/2026-11-10-x.md of a clean group.
    const dir = copyFixture('real-identity');
    fs.cpSync(path.join(ROOT, name), path.join(dir, 'www/news'), { recursive: true, filter: (s) => !s.endsWith('expected.txt') });
    fs.renameSync(path.join(dir, 'www/news/input.md'), path.join(dir, 'www/news/2026-11-10-x.md'));
    // Its attachment folder goes with it (an attachment folder without its article is a finding of its own).
    if (fs.existsSync(path.join(dir, 'www/news/x.files'))) {
      fs.renameSync(path.join(dir, 'www/news/x.files'), path.join(dir, 'www/news/2026-11-10-x.files'));
      edit(path.join(dir, 'www/news/2026-11-10-x.md'), (s) => s.replaceAll('x.files/', '2026-11-10-x.files/'));
    }
    const r = loadGroup({ contentDir: dir, themesDir: THEMES_DIR, now: NOW });
    const printed = sortDiagnostics(r.diagnostics).map(formatDiagnostic).join('\n') + '\n';
    const expectedFile = path.join(ROOT, name, 'expected.txt');
    if (UPDATE) fs.writeFileSync(expectedFile, printed);
    expect(printed).toBe(fs.readFileSync(expectedFile, 'utf8'));
    expect(r.diagnostics).toHaveLength(1);
  });
});

describe('索引号', () => {
  const indexOf = (m: Manifest, file: string) => m.pages.find((p) => p.source === file)?.indexNumber;

  it('is stable under additions, never equal to an explicit one, recorded in the manifest and kept', async () => {
    const dir = copyFixture('real-identity');
    const out = path.join(tempDir('jiyue-index-'), 'dist');
    expect((await runBuild(dir, out)).code).toBe(0);
    const first = readManifest(out);
    const before = indexOf(first, 'kjj/gzdt/2026-11-17-zf.md')!;
    expect(before).toMatch(/^bm07000001\/2026-\d{8}$/);
    // Adding articles (one of them takes the very number as its explicit 索引号) renumbers nothing.
    writeTree(dir, {
      'kjj/gzdt/2026-11-18-xz.md': article('新增', '2026-11-18'),
      'kjj/gzdt/2026-11-19-xs.md': article('显式', '2026-11-19', `indexNumber: ${before}\n`),
    });
    const again = await runBuild(dir, out);
    // An error of kjj's own: kjj's changes wait (exit 3), the published number is untouched.
    expect(again.code, again.stderr).toBe(3);
    expect(again.stderr).toMatch(/kjj\/gzdt\/2026-11-19-xs\.md:\d+:\d+ INDEX-NUMBER-DUPLICATE/);
    expect(indexOf(readManifest(out), 'kjj/gzdt/2026-11-17-zf.md')).toBe(before);
    // Without the clash: the published number stays, the new one is new.
    edit(path.join(dir, 'kjj/gzdt/2026-11-19-xs.md'), (s) => s.replace(`indexNumber: ${before}`, 'indexNumber: bm07000001/2026-00001'));
    expect((await runBuild(dir, out)).code).toBe(0);
    const second = readManifest(out);
    expect(indexOf(second, 'kjj/gzdt/2026-11-17-zf.md')).toBe(before);
    expect(indexOf(second, 'kjj/gzdt/2026-11-19-xs.md')).toBe('bm07000001/2026-00001');
    expect(new Set(second.pages.map((p) => p.indexNumber).filter(Boolean)).size).toBe(second.pages.filter((p) => p.indexNumber).length);
  });

  it('two equal explicit numbers are an error at the second; a changed published number fails like a lost URL', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, {
      'www/news/2026-11-18-a.md': article('甲', '2026-11-18', 'indexNumber: 4412910009/2026-00007\n'),
      'www/news/2026-11-19-b.md': article('乙', '2026-11-19', 'indexNumber: 4412910009/2026-00007\n'),
    });
    const r = loadGroup({ contentDir: dir, themesDir: THEMES_DIR, now: NOW });
    expect(r.diagnostics.map((d) => [d.ruleId, d.file])).toEqual([['INDEX-NUMBER-DUPLICATE', 'www/news/2026-11-19-b.md']]);
    edit(path.join(dir, 'www/news/2026-11-19-b.md'), (s) => s.replace('2026-00007', '2026-00008'));
    const out = path.join(tempDir('jiyue-index2-'), 'dist');
    expect((await runBuild(dir, out)).code).toBe(0);
    edit(path.join(dir, 'www/news/2026-11-19-b.md'), (s) => s.replace('2026-00008', '2026-00009'));
    const changed = await runBuild(dir, out);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('INDEX-NUMBER-CHANGED 错误：这篇信息发布时的索引号是 4412910009/2026-00008，现在写成了 4412910009/2026-00009');
  });
});

describe('--site', () => {
  it('means the same in build and check: findings of other sites are not this run’s', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, { 'kjj/gzdt/2026-11-19-lj.md': article('断链', '2026-11-19', '', '见[办法](none.md)。') });
    const check = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--site', 'sthj']);
    const build = await runBuild(dir, path.join(tempDir('jiyue-site-'), 'dist'), ['--site', 'sthj']);
    expect(check.code).toBe(0);
    expect(build.code, build.stderr).toBe(0);
    expect(check.stderr + build.stderr).not.toContain('LINK-BROKEN');
    const both = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--site', 'kjj']);
    expect(both.code).toBe(1);
    expect((await runBuild(dir, path.join(tempDir('jiyue-site2-'), 'dist'), ['--site', 'kjj'])).code).toBe(1);
  });

  it('never replaces a build that holds other sites (the ledger would forget them)', async () => {
    const dir = copyFixture('real-identity');
    const out = path.join(tempDir('jiyue-site3-'), 'dist');
    expect((await runBuild(dir, out)).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const r = await runBuild(dir, out, ['--site', 'kjj']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CLI-SITE-OVER-FULL 错误：输出目录');
    expect(r.stderr).toContain('还包含站点 www、sthj');
    expect(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(before);
    // Into its own folder it works, and the manifest says it is partial.
    const own = path.join(tempDir('jiyue-site4-'), 'dist');
    expect((await runBuild(dir, own, ['--site', 'kjj'])).code).toBe(0);
    expect(readManifest(own).partial).toBe(true);
  });
});

describe('attachments are published URLs', () => {
  it('the manifest lists them with their hash; removing one fails like a lost page', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, {
      'www/news/2026-11-19-fj.md': article('有附件', '2026-11-19', 'attachments:\n  - { title: 附件1：申报表, file: 2026-11-19-fj.files/biao.pdf }\n'),
    });
    fs.mkdirSync(path.join(dir, 'www', 'news', '2026-11-19-fj.files'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'www', 'news', '2026-11-19-fj.files', 'biao.pdf'), makePdf([{ lines: ['申报表'] }]));
    const out = path.join(tempDir('jiyue-files-'), 'dist');
    expect((await runBuild(dir, out)).code).toBe(0);
    const file = readManifest(out).files.find((f) => f.source === 'www/news/2026-11-19-fj.files/biao.pdf')!;
    expect(file).toMatchObject({ url: 'https://www.zqgx.gov.cn/news/2026-11-19-fj.files/biao.pdf', site: 'www', file: 'news/2026-11-19-fj.files/biao.pdf' });
    expect(file.hash).toMatch(/^[0-9a-f]{64}$/);
    // The article stays, the attachment goes: the citizen's bookmark to the PDF would break.
    edit(path.join(dir, 'www/news/2026-11-19-fj.md'), (s) => s.replace(/attachments:\n.*\n/, ''));
    fs.rmSync(path.join(dir, 'www/news/2026-11-19-fj.files'), { recursive: true });
    const r = await runBuild(dir, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('URL-LOST');
    expect(r.stderr).toContain('https://www.zqgx.gov.cn/news/2026-11-19-fj.files/biao.pdf');
  });
});
