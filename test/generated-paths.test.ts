/**
 * Generated paths belong to the generator. The names the build writes at each level come from
 * one list derived from the route builders (src/urls/urls.ts GENERATED_NAMES); every one of them
 * is refused as a site, column or article id, and no two planned outputs share a URL (checked by
 * the plan itself, and here on the demo group in both URL modes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanContent } from '../src/check/check.ts';
import type { JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { parseNow } from '../src/pipeline/options.ts';
import { outputClashes, planBuild } from '../src/plan/plan.ts';
import { GENERATED_NAMES, RESERVED_IDS } from '../src/urls/urls.ts';
import { REPO_ROOT, THEMES_DIR, copyFixture, tempDir, writeTree } from './helpers.ts';

const NOW = parseNow('2026-11-20') as JiyueDate;
const ARTICLE = '---\ntitle: 文章\ndate: 2026-11-18\ndisclosure: 主动公开\nreview: { first: 甲, second: 乙, final: 丙 }\n---\n\n正文。\n';
const REFUSED = /^(CONTENT-RESERVED-ID|CONTENT-BAD-ID|CONFIG-INVALID-VALUE|CONFIG-[A-Z-]+)$/;

function load(content: string) {
  return loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: NOW });
}

describe('the generated names', () => {
  it('are derived from what the build writes, at the site root and inside a column', () => {
    for (const name of ['404.html', 'archive', 'assets', 'atom.xml', 'feed.xml', 'jianguan', 'notices', 'pagefind', 'pagefind-group', 'pages', 'robots.txt', 'search', 'sitemap', 'sitemap.xml', 'zh-hant']) {
      expect(GENERATED_NAMES.root).toContain(name);
    }
    expect(GENERATED_NAMES.column).toEqual(['atom.xml', 'feed.xml', 'page']);
    // Every id-shaped generated name is reserved.
    for (const name of [...GENERATED_NAMES.root, ...GENERATED_NAMES.column].filter((n) => !n.includes('.'))) expect(RESERVED_IDS).toContain(name);
  });

  const names = [...new Set([...GENERATED_NAMES.root, ...GENERATED_NAMES.column])];

  it.each(names)('%s is refused as a site folder', (name) => {
    const content = copyFixture('mini');
    fs.cpSync(path.join(content, 'fgw'), path.join(content, name), { recursive: true });
    const { diagnostics } = load(content);
    const mine = diagnostics.filter((d) => d.file === name || d.file?.startsWith(`${name}/`));
    expect(mine.map((d) => d.ruleId), diagnostics.map((d) => `${d.file} ${d.ruleId}`).join('\n')).toContainEqual(expect.stringMatching(/^CONTENT-(RESERVED|BAD)-ID$/));
  });

  it.each(names)('%s is refused as a column id', (name) => {
    const content = copyFixture('mini');
    const site = path.join(content, 'fgw', 'site.yaml');
    fs.writeFileSync(site, fs.readFileSync(site, 'utf8').replace('columns:\n', `columns:\n  - { id: "${name}", name: 生成名栏目, type: news }\n`));
    const { diagnostics } = load(content);
    const mine = diagnostics.filter((d) => d.file === 'fgw/site.yaml' && d.severity === 'error');
    expect(mine.map((d) => d.ruleId), diagnostics.map((d) => `${d.file} ${d.ruleId} ${d.message}`).join('\n')).toContainEqual(expect.stringMatching(REFUSED));
    expect(mine.some((d) => d.line === 17 || d.message.includes(name))).toBe(true);
  });

  it.each(names)('%s is refused as an article and a single page', (name) => {
    const content = copyFixture('mini');
    writeTree(content, { [`fgw/gzdt/${name}.md`]: ARTICLE, [`fgw/pages/${name}.md`]: ARTICLE });
    const { diagnostics } = load(content);
    for (const file of [`fgw/gzdt/${name}.md`, `fgw/pages/${name}.md`]) {
      expect(diagnostics.filter((d) => d.file === file).map((d) => d.ruleId), file).toContainEqual(expect.stringMatching(/^CONTENT-(RESERVED|BAD)-ID$/));
    }
  });

  it('in paths mode a portal column cannot take a department’s path', () => {
    const content = copyFixture('mini');
    const group = path.join(content, 'group.yaml');
    fs.writeFileSync(group, fs.readFileSync(group, 'utf8').replace('urlMode: domains', 'urlMode: paths'));
    const portal = path.join(content, 'www', 'site.yaml');
    fs.writeFileSync(portal, fs.readFileSync(portal, 'utf8').replace(/columns:\n/, 'columns:\n  - { id: fgw, name: 发改专栏, type: news }\n'));
    const { diagnostics } = load(content);
    expect(diagnostics.filter((d) => d.ruleId === 'CONTENT-COLUMN-IS-SITE').map((d) => `${d.file} ${d.message}`)).toEqual([
      'www/site.yaml 门户的栏目 fgw 与站点 fgw 同名：urlMode: paths 时两者的网址都是 /fgw/，只能有一个',
    ]);
  });
});

describe('no two planned outputs share a URL', () => {
  async function plan(content: string) {
    const { model, configs } = load(content);
    const runtime = toRuntime(model!, configs);
    const { linkedFiles } = await scanContent(runtime, { workers: 1 });
    return { runtime, plan: planBuild(runtime, linkedFiles) };
  }

  it.each(['domains', 'paths'])('the demo group in %s mode', async (mode) => {
    const content = path.join(tempDir('jiyue-paths-'), 'content');
    fs.cpSync(path.join(REPO_ROOT, 'content'), content, { recursive: true });
    const group = path.join(content, 'group.yaml');
    fs.writeFileSync(group, fs.readFileSync(group, 'utf8').replace(/^urlMode: .*$/m, `urlMode: ${mode}`));
    const { runtime, plan: p } = await plan(content);
    expect(p.units.length).toBe(10);
    expect(outputClashes(runtime, p)).toEqual([]);
  });

  it('the check finds a path written twice and a unit writing inside another’s mount', async () => {
    const content = copyFixture('mini');
    const group = path.join(content, 'group.yaml');
    fs.writeFileSync(group, fs.readFileSync(group, 'utf8').replace('urlMode: domains', 'urlMode: paths'));
    const { runtime, plan: p } = await plan(content);
    const portal = p.units.find((u) => u.id === 'www')!;
    const page = portal.pages[0];
    portal.pages.push({ ...page }, { ...page, file: 'fgw/gzdt/index.html' });
    expect(outputClashes(runtime, p)).toEqual([
      `https://www.test.gov.cn/${page.file} (www, www)`,
      'https://www.test.gov.cn/fgw/gzdt/index.html (www, inside fgw)',
      'https://www.test.gov.cn/fgw/gzdt/index.html (www, fgw)',
    ]);
  });
});
