/**
 * Hostile content (issue 14): what an untrusted department editor (or theme author) can write,
 * and what reaches the pages, the attachments, the search index, the reports and the nginx
 * files. Each folder of test/fixtures/hostile/ is one attack class: `content/` is laid over a
 * clean group (test/fixtures/real-identity), `case.json` says which command runs and what it
 * must report, and nothing else. Symlinks, huge files and workers are made by the tests below.
 * docs/security.md maps each threat to its test here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/plan/manifest.ts';
import { csv } from '../src/reports/html.ts';
import { runWorkers, WorkerFailed } from '../src/lib/workers.ts';
import { copyFixture, FIXTURES, listFiles, runBuild, runCli, tempDir, writeTree, type CliResult } from './helpers.ts';
import { follow, get, startNginx, type RunningNginx } from './nginx.ts';

const ROOT = path.join(FIXTURES, 'hostile');
const REVIEW = 'review:\n  first: 甲\n  second: 乙\n  final: 丙\n';
const article = (title: string, extra = '', body = '正文。') => `---\ntitle: ${title}\ndate: 2026-11-19\ndisclosure: 主动公开\n${REVIEW}${extra}---\n\n${body}\n`;

interface Expectation {
  rule: string;
  file: string;
  line?: number;
  column?: number;
}
interface Case {
  description: string;
  run: 'build' | 'check';
  exit: number;
  expect: Expectation[];
  /** Files in the OS temp folder that code in the content would create if it ever ran. */
  markers?: string[];
  /** A page of a successful build: what it contains, and what its article body never does. */
  page?: { file: string; contains: string[]; bodyNotContains: string[] };
}

interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  column?: number;
}

/** The findings a build printed (`file:line:column RULE 错误：…`). */
function printed(stderr: string): Finding[] {
  const out: Finding[] = [];
  for (const m of stderr.matchAll(/^(\S+?)(?::(\d+))?(?::(\d+))? ([A-Z][A-Z0-9-]+) (错误|警告)：/gm)) {
    out.push({ file: m[1], line: m[2] ? Number(m[2]) : undefined, column: m[3] ? Number(m[3]) : undefined, rule: m[4], severity: m[5] === '错误' ? 'error' : 'warning' });
  }
  return out;
}

/** The clean group with a case's content laid over it. */
function materialize(name: string): string {
  const dir = copyFixture('real-identity');
  fs.cpSync(path.join(ROOT, name, 'content'), dir, { recursive: true });
  return dir;
}

const matches = (f: Finding, e: Expectation) => f.rule === e.rule && f.file === e.file && (e.line === undefined || f.line === e.line) && (e.column === undefined || f.column === e.column);

const CASES = fs.readdirSync(ROOT).filter((c) => fs.existsSync(path.join(ROOT, c, 'case.json'))).sort();

describe('hostile content, one fixture folder per attack class', () => {
  it('has the attack classes', () => {
    expect(CASES).toEqual(['attachments', 'frontmatter-split', 'link-schemes', 'mdx-as-markdown', 'pii-fields', 'redirect-injection', 'redirect-loop', 'yaml']);
  });

  it.each(CASES)('%s', async (name) => {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, name, 'case.json'), 'utf8')) as Case;
    for (const m of spec.markers ?? []) fs.rmSync(path.join(os.tmpdir(), m), { force: true });
    const dir = materialize(name);
    const out = path.join(tempDir('jiyue-hostile-'), 'dist');
    let result: CliResult;
    let findings: Finding[];
    if (spec.run === 'check') {
      result = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--format', 'json']);
      findings = (JSON.parse(result.stdout).diagnostics as { ruleId: string; severity: 'error' | 'warning'; file: string; line?: number; column?: number }[]).map((d) => ({
        rule: d.ruleId,
        severity: d.severity,
        file: d.file,
        line: d.line,
        column: d.column,
      }));
    } else {
      result = await runBuild(dir, out);
      findings = printed(result.stderr);
    }
    const shown = findings.map((f) => `${f.file}:${f.line ?? ''}:${f.column ?? ''} ${f.rule}`).join('\n');
    expect(result.code, `${spec.description}\n${shown}\n${result.stderr.slice(-3000)}`).toBe(spec.exit);
    expect(result.stderr).not.toContain('BUILD-INTERNAL');
    for (const e of spec.expect) expect(findings.some((f) => matches(f, e)), `expected ${JSON.stringify(e)} in\n${shown}`).toBe(true);
    // Nothing else goes wrong: every error is one of the expected ones (no cascade, no crash).
    for (const f of findings.filter((x) => x.severity === 'error')) {
      expect(spec.expect.some((e) => e.rule === f.rule && e.file === f.file), `unexpected ${f.file}:${f.line} ${f.rule}\n${shown}`).toBe(true);
    }
    for (const m of spec.markers ?? []) expect(fs.existsSync(path.join(os.tmpdir(), m)), `code in the content ran (${m})`).toBe(false);
    if (spec.exit === 1 && spec.run === 'build') expect(fs.existsSync(out), 'a failed build writes no output').toBe(false);
    // A department deferred by its own errors (exit 3): nothing of what it wrote reaches the server configuration.
    if (spec.exit === 3) {
      for (const f of listFiles(out).filter((x) => /\.conf$|_redirects$/.test(x))) expect(fs.readFileSync(path.join(out, ...f.split('/')), 'utf8'), f).not.toMatch(/evil|return 301 https|%0A|\.\./);
    }
    if (spec.page) {
      const html = fs.readFileSync(path.join(out, ...spec.page.file.split('/')), 'utf8');
      for (const t of spec.page.contains) expect(html).toContain(t);
      const body = /<div class="article-body">([\s\S]*?)<\/div>\s*<\/article>/.exec(html)![1];
      for (const t of spec.page.bodyNotContains) expect(body).not.toContain(t);
      // Nor anywhere else the build wrote: search bundles, reports, redirect rules.
      const everything = listFiles(out)
        .filter((f) => /\.(html|json|conf|js|csv)$|_redirects$/.test(f) && !f.startsWith('sites/www/assets/'))
        .map((f) => fs.readFileSync(path.join(out, ...f.split('/')), 'utf8'))
        .join('\n');
      expect(everything).not.toMatch(/<script>document\.title|onclick="alert/);
    }
  });
});

describe('held-back content stays held back, whatever the path', () => {
  it('a symlink to an article, to a held-back article’s source or into its attachments never publishes it', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, {
      'kjj/gzdt/2026-11-18-mm.md': '---\ntitle: 不予公开的文件\ndate: 2026-11-18\ndisclosure: 不予公开\n' + REVIEW + '---\n\n内部文件，身份号码 11010519491231002X。\n',
      'kjj/gzdt/2026-11-18-mm.files/nei.pdf': '%PDF-1.4 内部附件\n',
      'kjj/gzdt/2026-11-18-mm.files/sub.files/shen.pdf': '%PDF-1.4 嵌套的附件\n',
      'kjj/gzdt/2026-11-19-gk.md': article('公开的文章', '', '见[附件](2026-11-19-gk.files/fujian.txt)、[嵌套](2026-11-18-mm.files/sub.files/shen.pdf)和[目录链接](2026-11-19-gk.files/link/nei.pdf)。'),
    });
    fs.mkdirSync(path.join(dir, 'kjj/gzdt/2026-11-19-gk.files'));
    // An attachment that is really the held-back article's source, and a folder that is really its attachments.
    fs.symlinkSync('../2026-11-18-mm.md', path.join(dir, 'kjj/gzdt/2026-11-19-gk.files/fujian.txt'));
    fs.symlinkSync('../2026-11-18-mm.files', path.join(dir, 'kjj/gzdt/2026-11-19-gk.files/link'));
    // An article that is a symlink to the held-back one.
    fs.symlinkSync('2026-11-18-mm.md', path.join(dir, 'kjj/gzdt/2026-11-19-bm.md'));
    const r = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--format', 'json']);
    const found = (JSON.parse(r.stdout).diagnostics as { ruleId: string; file: string }[]).map((d) => `${d.file} ${d.ruleId}`).sort();
    expect(found).toEqual([
      'kjj/gzdt/2026-11-19-bm.md CONTENT-SYMLINK-ENTRY',
      'kjj/gzdt/2026-11-19-gk.files/fujian.txt CONTENT-SYMLINK-ENTRY',
      'kjj/gzdt/2026-11-19-gk.md LINK-BROKEN',
      'kjj/gzdt/2026-11-19-gk.md LINK-UNPUBLISHED',
      'kjj/gzdt/2026-11-19-gk.md LINK-UNPUBLISHED',
    ]);
    expect(r.code).toBe(1);
  });

  it('a configuration file that is a symlink out of the tree is refused, and its content never printed', async () => {
    const dir = copyFixture('real-identity');
    const secret = path.join(tempDir('jiyue-secret-'), 'secret.txt');
    fs.writeFileSync(secret, 'name: 机密内容 SECRET-7f3a\n');
    fs.rmSync(path.join(dir, 'kjj/site.yaml'));
    fs.symlinkSync(secret, path.join(dir, 'kjj/site.yaml'));
    fs.rmSync(path.join(dir, 'group.yaml'));
    fs.symlinkSync(secret, path.join(dir, 'group.yaml'));
    const r = await runCli(['check', '--content', dir, '--now', '2026-11-20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('group.yaml CONTENT-SYMLINK-ENTRY');
    expect(r.stdout + r.stderr).not.toContain('SECRET-7f3a');
    expect(r.stdout + r.stderr).not.toContain('机密内容');
  });
});

describe('limits: no single file can stall a group’s build', () => {
  it('a 3 MB article and a 3,000-level nested list are refused at load, quickly, with their limits', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, {
      'www/news/2026-11-19-big.md': article('很长的文章', '', '政府信息公开。'.repeat(150_000)),
      // 3,000 levels on one line (each "- " opens a list inside the last one), and block quotes.
      'www/news/2026-11-19-deep.md': article('嵌套的列表', '', `第一段。\n\n${'- '.repeat(3000)}第 3000 层\n`),
      'www/news/2026-11-19-quote.md': article('嵌套的引用', '', `${'> '.repeat(3000)}引用\n`),
    });
    const started = performance.now();
    const r = await runCli(['check', '--content', dir, '--now', '2026-11-20']);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/www\/news\/2026-11-19-big\.md:1:1 FILE-TOO-LARGE 错误：文件大小 3\.\d MB，超过 2 MB 的上限/);
    expect(r.stderr).toMatch(/www\/news\/2026-11-19-deep\.md:13 CONTENT-TOO-DEEP 错误：这一行的列表或引用嵌套了约 3000 层，超过 16 层的上限/);
    expect(r.stderr).toMatch(/www\/news\/2026-11-19-quote\.md:11 CONTENT-TOO-DEEP 错误：这一行的列表或引用嵌套了约 3000 层/);
  });
});

describe('workers', () => {
  it('a worker that exits without a reply fails the run with a message, instead of hanging it', async () => {
    const script = path.join(tempDir('jiyue-worker-'), 'exit.mjs');
    fs.writeFileSync(script, 'process.exit(3);\n');
    await expect(runWorkers(new URL(`file://${script}`), [{ n: 1 }], () => '测试任务')).rejects.toThrow(WorkerFailed);
    await expect(runWorkers(new URL(`file://${script}`), [{ n: 1 }], () => '测试任务')).rejects.toThrow('测试任务：工作线程意外退出（退出码 3），没有返回结果');
  });
});

describe('reports', () => {
  it('a cell a spreadsheet would run as a formula is written as text', () => {
    const text = csv([['栏目', '数量'], ['=HYPERLINK("http://evil.example","点我")', 3], ['+1', -2], ['@SUM(A1)', 0], ['-2+3', 1]]);
    expect(text).toBe('\ufeff栏目,数量\r\n"\'=HYPERLINK(""http://evil.example"",""点我"")",3\r\n\'+1,-2\r\n\'@SUM(A1),0\r\n\'-2+3,1\r\n');
  });

  it('npm run report neutralises a department’s column name', async () => {
    const dir = copyFixture('real-identity');
    const out = tempDir('jiyue-report-');
    fs.writeFileSync(path.join(dir, 'kjj/site.yaml'), fs.readFileSync(path.join(dir, 'kjj/site.yaml'), 'utf8').replace('name: 工作动态', 'name: "=cmd|\' /C calc\'!A0"'));
    const r = await runCli(['report', 'monthly', '--month', '2026-11', '--content', dir, '--out', out, '--now', '2026-11-20']);
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(path.join(out, 'monthly-2026-11.csv'), 'utf8');
    expect(text).toContain("'=cmd|");
    expect(text).not.toMatch(/(^|,)=cmd/m);
  });
});

describe('redirect rules served by nginx', () => {
  let nginx: RunningNginx | undefined;
  afterAll(async () => nginx?.stop());

  it('decoded, checked paths (CJK included) become rules that nginx -t accepts and serves', async () => {
    const dir = copyFixture('real-identity');
    fs.appendFileSync(
      path.join(dir, 'kjj/site.yaml'),
      'redirects:\n  - { from: "/%E9%80%9A%E7%9F%A5%E5%85%AC%E5%91%8A/2019-x/", to: /gzdt/2026-11-17-zf/ }\n  - { from: "/old/*", to: /gzdt/* }\n  - { from: "/wz/", to: "https://www.zqgx.gov.cn/news/" }\n',
    );
    const out = path.join(tempDir('jiyue-redir-'), 'dist');
    const r = await runBuild(dir, out);
    expect(r.code, r.stderr).toBe(0);
    const map = fs.readFileSync(path.join(out, 'redirects/nginx/redirects.map.conf'), 'utf8');
    expect(map).toContain('"kjj.zqgx.gov.cn/通知公告/2019-x/" "https://kjj.zqgx.gov.cn/gzdt/2026-11-17-zf/";');
    const m = readManifest(out);
    const root = (host: string) => path.join(out, m.sites.find((s) => new URL(s.url).host === host)!.folder);
    nginx = await startNginx(out, [
      { host: 'kjj.zqgx.gov.cn', root: root('kjj.zqgx.gov.cn') },
      { host: 'www.zqgx.gov.cn', root: root('www.zqgx.gov.cn') },
    ]);
    const test = nginx.test();
    expect(test.status, test.output).toBe(0);
    expect(test.output).toContain('test is successful');
    const cjk = await get(nginx.port, 'https://kjj.zqgx.gov.cn/%E9%80%9A%E7%9F%A5%E5%85%AC%E5%91%8A/2019-x/');
    expect([cjk.status, cjk.location]).toEqual([301, 'https://kjj.zqgx.gov.cn/gzdt/2026-11-17-zf/']);
    const folder = await follow(nginx.port, 'https://kjj.zqgx.gov.cn/old/2026-11-17-zf/');
    expect(folder.chain.map((c) => c.status)).toEqual([301, 200]);
    expect(folder.final.body).toContain('科技创新局开展企业走访');
    const other = await get(nginx.port, 'https://kjj.zqgx.gov.cn/wz/');
    expect([other.status, other.location]).toEqual([301, 'https://www.zqgx.gov.cn/news/']);
    // Nothing else is redirected: a page of the site answers as itself.
    expect((await get(nginx.port, 'https://kjj.zqgx.gov.cn/gzdt/')).status).toBe(200);
  });
});

function readManifest(out: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
}

describe('limits that hold: the red team’s inputs, each under the 2 MB file limit', () => {
  /** Each hostile body (the red team's round-3 cases), the rule it must get, and where. */
  const CASES: [string, string, RegExp][] = [
    ['links', '[a]('.repeat(120_000), /CONTENT-TOO-COMPLEX 错误：正文中的方括号“\[”（链接、图片、脚注）到这一行已有 10001 个，超过 10000 个的上限/],
    ['brackets', '['.repeat(200_000), /CONTENT-TOO-COMPLEX 错误：正文中的方括号/],
    // Rendered, this one took five minutes (code spans of every length up to 1,999).
    ['ticks', Array.from({ length: 1999 }, (_, i) => '`'.repeat(i + 1)).join(' '), /CONTENT-TOO-COMPLEX 错误：正文中的反引号“`”到这一行已有 20001 个，超过 20000 个的上限/],
    ['tick-runs', '`a` '.repeat(6_000), /CONTENT-TOO-COMPLEX 错误：正文中的反引号“`”组（代码）到这一行已有 5001 组，超过 5000 组的上限/],
    ['divs', `${'<div>'.repeat(150_000)}x`, /CONTENT-TOO-COMPLEX 错误：正文中的HTML 元素的嵌套到这一行已有 65 层，超过 64 层的上限/],
    ['table', `|${'a|'.repeat(20_000)}\n|${'-|'.repeat(20_000)}\n|${'1|'.repeat(20_000)}`, /CONTENT-TOO-COMPLEX 错误：正文中的表格一行的列到这一行已有 257 列，超过 256 列的上限/],
    // Under every other limit, 1.8 MB: rendered, it ran the build out of memory (4.5 GB). The 197th row passes 50,000 cells.
    ['cells', `|${'a|'.repeat(256)}\n|${'-|'.repeat(256)}\n${`|${'1|'.repeat(256)}\n`.repeat(3_500)}`, /^www\/news\/2026-11-19-cells\.md:205 CONTENT-TOO-COMPLEX 错误：正文中的表格单元格（按“\|”和 <td>、<th> 计）到这一行已有 50001 个，超过 50000 个的上限/],
    ['html-cells', `<table>${`<tr>${'<td>1</td>'.repeat(10)}</tr>\n`.repeat(6_000)}</table>`, /CONTENT-TOO-COMPLEX 错误：正文中的表格单元格（按“\|”和 <td>、<th> 计）到这一行已有 50001 个/],
  ];

  it('each is one error naming its file, and `npm run check` finishes the whole group in seconds', async () => {
    const dir = copyFixture('real-identity');
    writeTree(dir, Object.fromEntries(CASES.map(([name, body]) => [`www/news/2026-11-19-${name}.md`, article(`恶意输入 ${name}`, '', body)])));
    // Before, the first input alone ran past five minutes: the run is killed (and fails) at 60 s.
    const r = await runCli(['check', '--content', dir, '--now', '2026-11-20'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    for (const [name, , rule] of CASES) {
      const lines = r.stderr.split('\n').filter((l) => l.startsWith(`www/news/2026-11-19-${name}.md`));
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatch(rule);
    }
  }, 90_000);
});
