/**
 * The group the incremental and identity tests build: the mini fixture plus what makes sites
 * depend on each other — a department (rsj) linking a policy of fgw from Markdown and from
 * trusted MDX, the portal reprinting fgw's news, an archived site whose 下线公告 the portal shows
 * for 30 days, a closed site that reopens on 2026-12-08 — with a copy of the themes of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { conacIdFor, copyFixture, REPO_ROOT, runCli, snapshotTree, tempDir, THEMES_DIR, writeTree, type CliResult } from './helpers.ts';

const REVIEW = 'disclosure: 主动公开\nreview:\n  first: 甲\n  second: 乙\n  final: 丙\n';

/** An article's Markdown, reviewed and public. */
export function article(title: string, date: string, body: string, extra = ''): string {
  return `---\ntitle: ${title}\ndate: ${date}\nsource: 测试来源\n${REVIEW}${extra}---\n\n${body}\n`;
}

export interface LinkedGroup {
  content: string;
  themes: string;
  /** A folder for the test's outputs and caches. */
  work: string;
  /** Rewrites a file of the content (`rel`: a POSIX path inside it). */
  edit(rel: string, f: (text: string) => string): void;
  /** `jiyue build` of the group into `out` (`root`: another copy of the generator). */
  build(out: string, extra?: string[], options?: { now?: string; root?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
}

export function linkedGroup(prefix: string): LinkedGroup {
  const content = copyFixture('mini');
  const work = tempDir(prefix);
  const themes = path.join(work, 'themes');
  fs.cpSync(THEMES_DIR, themes, { recursive: true });
  const edit = (rel: string, f: (text: string) => string) => {
    const file = path.join(content, ...rel.split('/'));
    fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
  };
  edit('group.yaml', (t) => t.replace('trustedMdx: []', 'trustedMdx: [rsj/ztzl]'));
  edit('www/site.yaml', (t) => `${t.trimEnd()}\nreprint:\n  - { from: fgw/gzdt, into: news }\n`);
  // The closed site reopens after the archived site's 下线公告 leaves the portal (tested apart).
  edit('shut/site.yaml', (t) => t.replace('to: 2026-12-01', 'to: 2026-12-08'));
  const fgw = fs.readFileSync(path.join(content, 'fgw', 'site.yaml'), 'utf8');
  writeTree(content, {
    'rsj/site.yaml': fgw
      .replace(/测试市发展和改革委员会/g, '测试市人力资源和社会保障局')
      .replace('fgw.test.gov.cn', 'rsj.test.gov.cn')
      .replace('fgw@test.gov.cn', 'rsj@test.gov.cn')
      .replace('"9901000002"', '"9901000009"')
      .replace(/conacId: "[0-9A-F]+"/, `conacId: "${conacIdFor('9901000009')}"`)
      .replace('theme: blue', 'theme: default')
      .replace(/columns:[\s\S]*$/, 'columns:\n  - { id: gzdt, name: 工作动态, type: news }\n  - { id: ztzl, name: 专题专栏, type: topic }\n'),
    'rsj/gzdt/2026-11-15-rs.md': article('人社局工作动态', '2026-11-15', '按照[投资管理办法](site:fgw/zcwj/2024-tzgl)执行，详见[解读](../../fgw/zcjd/2024-tzgl-jd.md)。'),
    'rsj/ztzl/2026-sj.mdx': article('就业数据专题', '2026-11-16', 'export const n = 3;\n\n本专题共 {n} 项数据，依据[投资管理办法](../../fgw/zcwj/2024-tzgl.md)。'),
  });
  const build = (out: string, extra: string[] = [], options: { now?: string; root?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const args = ['build', '--content', content, '--themes', themes, '--out', out, '--now', options.now ?? '2026-11-20', ...extra];
    return runCli(args, { env: options.env, ...(options.root && options.root !== REPO_ROOT ? { cli: path.join(options.root, 'src', 'cli', 'jiyue.ts') } : {}) });
  };
  return { content, themes, work, edit, build };
}

/** Asserts two output trees are identical, naming the first file that differs. */
export function expectSameTree(a: string, b: string): void {
  const x = snapshotTree(a);
  const y = snapshotTree(b);
  expect([...x.keys()]).toEqual([...y.keys()]);
  for (const [file, bytes] of x) expect(bytes.equals(y.get(file)!), `${file} differs between ${a} and ${b}`).toBe(true);
}
