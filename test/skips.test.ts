/**
 * Nothing skipped in silence: every place the loader passes over user content says so, with the
 * reason, and the report is never dropped because the folder never became a site. One case per
 * skip reason, on a copy of the mini group, through `npm run check`'s own path (and its CLI once).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/check/check.ts';
import type { JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { parseNow } from '../src/pipeline/options.ts';
import { THEMES_DIR, copyFixture, runCli, writeTree } from './helpers.ts';

const ARTICLE = '---\ntitle: 新部门动态\ndate: 2026-11-18\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n---\n\n正文。\n';

async function findings(content: string) {
  const { model, diagnostics, configs } = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: parseNow('2026-11-20') as JiyueDate });
  const rest = model ? (await checkContent(toRuntime(model, configs), { workers: 1 })).diagnostics : [];
  return [...diagnostics, ...rest].map((d) => `${d.file ?? ''} ${d.ruleId} ${d.severity} ${d.message}`);
}

/** Each skip reason: what to lay over the mini group, and the one message it must give. */
const CASES: { reason: string; make: (root: string) => void; expect: RegExp }[] = [
  { reason: 'a department folder without site.yaml', make: (r) => writeTree(r, { 'xin/gzdt/a.md': ARTICLE }), expect: /^xin\/site\.yaml CONFIG-FILE-MISSING error 找不到 xin\/site\.yaml：站点目录 xin\/ 中的内容不会发布/ },
  {
    reason: 'site.yaml that is a folder',
    make: (r) => fs.mkdirSync(path.join(r, 'xin', 'site.yaml'), { recursive: true }),
    expect: /^xin\/site\.yaml CONFIG-NOT-FILE error xin\/site\.yaml 是一个目录.*站点目录 xin\/ 中的内容不会发布/,
  },
  {
    reason: 'site.yaml that is a symlink to a file inside the tree',
    make: (r) => {
      fs.mkdirSync(path.join(r, 'xin'));
      fs.symlinkSync('../fgw/site.yaml', path.join(r, 'xin', 'site.yaml'));
    },
    expect: /^xin\/site\.yaml CONTENT-SYMLINK-ENTRY error .*站点目录 xin\/ 中的内容不会发布/,
  },
  { reason: 'a site folder that is a symlink out of the tree', make: (r) => fs.symlinkSync('/tmp', path.join(r, 'xin')), expect: /^xin CONTENT-SYMLINK-OUTSIDE error/ },
  { reason: 'a hidden article', make: (r) => writeTree(r, { 'fgw/gzdt/.b.md': ARTICLE }), expect: /^fgw\/gzdt\/\.b\.md CONTENT-HIDDEN warning 文件名 \.b\.md 以点开头/ },
  { reason: 'an attachment folder without its article', make: (r) => writeTree(r, { 'fgw/gzdt/nope.files/x.txt': 'x' }), expect: /^fgw\/gzdt\/nope\.files\/ CONTENT-ORPHAN-FILES warning/ },
  { reason: 'a stray file in a site folder', make: (r) => writeTree(r, { 'fgw/notes.txt': 'x' }), expect: /^fgw\/notes\.txt CONTENT-UNEXPECTED-FILE warning/ },
  { reason: 'a folder no column declares', make: (r) => writeTree(r, { 'fgw/xyz/a.md': ARTICLE }), expect: /^fgw\/xyz\/ CONTENT-UNDECLARED-COLUMN error/ },
  { reason: 'a file name that cannot be a URL', make: (r) => writeTree(r, { 'fgw/gzdt/A b.md': ARTICLE }), expect: /^fgw\/gzdt\/A b\.md CONTENT-BAD-ID error/ },
  { reason: 'a generated name as a slug', make: (r) => writeTree(r, { 'fgw/gzdt/search.md': ARTICLE }), expect: /^fgw\/gzdt\/search\.md CONTENT-RESERVED-ID error/ },
  { reason: 'two files for one slug', make: (r) => writeTree(r, { 'fgw/gzdt/2026-11-12-dt.mdx': ARTICLE }), expect: /CONTENT-DUPLICATE-SLUG error/ },
  {
    reason: 'an article that is a symlink',
    make: (r) => fs.symlinkSync('2026-11-12-dt.md', path.join(r, 'fgw', 'gzdt', 'alias.md')),
    expect: /^fgw\/gzdt\/alias\.md CONTENT-SYMLINK-ENTRY error/,
  },
];

describe('every skip reason is reported', () => {
  for (const c of CASES) {
    it(c.reason, async () => {
      const content = copyFixture('mini');
      c.make(content);
      const all = await findings(content);
      expect(all.filter((f) => c.expect.test(f)), all.join('\n')).toHaveLength(1);
    });
  }

  it('the CLI reports a new department without site.yaml and exits 1 (it was exit 0 with no message)', async () => {
    const content = copyFixture('mini');
    writeTree(content, { 'xin/gzdt/a.md': ARTICLE });
    const r = await runCli(['check', '--content', content, '--themes', THEMES_DIR, '--now', '2026-11-20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('xin/site.yaml CONFIG-FILE-MISSING 错误：找不到 xin/site.yaml：站点目录 xin/ 中的内容不会发布，也不会检查');
  });
});
