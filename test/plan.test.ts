/**
 * The build plan's facts, decided before anything renders (src/plan/plan.ts): which pages
 * each site has, at which URL and file, whose registration they carry, what is searchable,
 * which files a site publishes, what a slice holds, and why a unit is rebuilt. In-process on
 * the `mini` fixture (test/group.ts), no build: part of `npm run test:fast`.
 */
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Digests, explainRebuild, reasonText, unitFingerprint, type FingerprintParts } from '../src/pipeline/fingerprint.ts';
import { planLazily, type PlannedUnit } from '../src/plan/plan.ts';
import { edited, planGroup, type PlannedGroup } from './group.ts';
import { copyFixture, REPO_ROOT, THEMES_DIR } from './helpers.ts';
import { loadGroup, type FrontMatterRecord } from '../src/model/load.ts';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { planFeeds } from '../src/plan/feeds.ts';
import { columnItems, homeColumnItems, pagesOfSite, portalNews } from '../src/plan/site-pages.ts';
import { jobUnitOf, renderUnitOf } from '../src/plan/unit-job.ts';
import { ownEntry } from '../src/model/runtime.ts';
import { OWN_ENTRY_FACTS } from '../src/model/types.ts';
import { searchPageConfig } from '../src/search/paths.ts';
import path from 'node:path';

const pagesOf = (u: PlannedUnit) => u.pages.map((p) => `${p.type} ${p.file} ${p.url}`);

/** A unit's fingerprint parts with the bodies given (entry id → HTML hash). */
function parts(g: PlannedGroup, siteId: string, bodies: Record<string, string> = {}): FingerprintParts {
  const unit = g.unit(siteId);
  const theme = g.model.siteById.get(siteId)!.theme;
  return unitFingerprint(unit, {
    generator: 'test',
    bodies: new Map(Object.entries(bodies)),
    mdxLinks: () => '',
    contentFile: (source) => path.join(g.contentDir, ...source.split('/')),
    themeDir: theme.dir,
    portalLogo: path.join(g.model.portal.theme.dir, g.model.portal.theme.logo),
    digests: new Digests(),
    search: { maxFragments: 5 },
  }).parts;
}

describe('the pages of each site', () => {
  it('a department: home, columns, published articles and single pages, site map, search, 404', async () => {
    const g = await planGroup();
    expect(pagesOf(g.unit('fgw'))).toEqual([
      'home index.html https://fgw.test.gov.cn/',
      'column gzdt/index.html https://fgw.test.gov.cn/gzdt/',
      'column zcwj/index.html https://fgw.test.gov.cn/zcwj/',
      'column zcjd/index.html https://fgw.test.gov.cn/zcjd/',
      'entry gzdt/2026-11-12-dt/index.html https://fgw.test.gov.cn/gzdt/2026-11-12-dt/',
      'entry zcwj/2024-tzgl/index.html https://fgw.test.gov.cn/zcwj/2024-tzgl/',
      'entry zcjd/2024-tzgl-jd/index.html https://fgw.test.gov.cn/zcjd/2024-tzgl-jd/',
      'entry pages/about/index.html https://fgw.test.gov.cn/pages/about/',
      'sitemap sitemap/index.html https://fgw.test.gov.cn/sitemap/',
      'search search/index.html https://fgw.test.gov.cn/search/',
      'notFound 404.html https://fgw.test.gov.cn/404.html',
    ]);
  });

  it('the portal adds the archive index and the offline notices', async () => {
    const g = await planGroup();
    const types = g.unit('www').pages.map((p) => p.type);
    expect(types).toContain('archiveIndex');
    expect(types).toContain('notices');
  });

  it('a draft has no page; publishing it adds one', async () => {
    const g = await planGroup();
    expect(g.page('fgw', 'gzdt/draft/index.html')).toBeUndefined();
    const published = await planGroup({ 'fgw/gzdt/draft.md': edited('mini', 'fgw/gzdt/2026-11-12-dt.md', (t) => t.replace('title: 发改委工作动态', 'title: 已发布的稿件')) });
    expect(published.page('fgw', 'gzdt/draft/index.html')?.url).toBe('https://fgw.test.gov.cn/gzdt/draft/');
  });

  it('an archived site lives in the portal folder, carries the portal registration and its archive day', async () => {
    const g = await planGroup();
    const old = g.unit('old');
    expect(old.folder).toBe('www/archive/old');
    expect(g.unit('www').nested).toContain('archive/old');
    for (const p of old.pages) {
      expect(p.identitySiteId, p.file).toBe('www');
      expect(p.archivedDay, p.file).toBe('2026-11-01');
      expect(p.url.startsWith('https://www.test.gov.cn/archive/old/'), p.url).toBe(true);
    }
  });

  it('a closed site plans its closure notice at every URL, and nothing to render bodies for', async () => {
    const g = await planGroup();
    const shut = g.unit('shut');
    expect(shut.live).toBe(false);
    expect(shut.searchable).toBe(false);
    expect(pagesOf(shut)).toEqual(['closed index.html https://shut.test.gov.cn/', 'closed 404.html https://shut.test.gov.cn/404.html']);
  });

  it('searchable: the articles and single pages of live sites only', async () => {
    const g = await planGroup();
    for (const u of g.plan.units) for (const p of u.pages) expect(p.searchable, `${u.id} ${p.file}`).toBe(p.type === 'entry' && u.live);
    expect(g.plan.groupSearch).toBe(true);
  });

  it('with 繁體 versions every 简体 page has a twin under zh-hant/, converted from it', async () => {
    const g = await planGroup({ 'group.yaml': `${edited('mini', 'group.yaml', (t) => t)}traditional: true\n` });
    const fgw = g.unit('fgw');
    const hans = fgw.pages.filter((p) => p.script === 'hans');
    const hant = fgw.pages.filter((p) => p.script === 'hant');
    expect(hant).toHaveLength(hans.length);
    for (const p of hant) {
      expect(p.file.startsWith('zh-hant/'), p.file).toBe(true);
      expect(hans.some((h) => h.file === p.convertedFrom), p.file).toBe(true);
      expect(p.searchable).toBe(false);
      expect(p.versions!.hans.url).toBe(hans.find((h) => h.file === p.convertedFrom)!.url);
    }
  });

  it('two pages at one output path are refused before anything renders', async () => {
    const g = await planGroup({ 'fgw/pages/search.md': edited('mini', 'fgw/pages/about.md', (t) => t) });
    expect(g.diagnostics.map((d) => d.ruleId)).toContain('CONTENT-RESERVED-ID');
  });
});

describe('what each site publishes', () => {
  it('the files its pages link to and the shared files, each at its route', async () => {
    const g = await planGroup();
    expect(g.unit('fgw').files).toEqual([
      ['_shared/zhinan.txt', '_shared/zhinan.txt'],
      ['fgw/zcwj/2024-tzgl.files/biao.csv', 'zcwj/2024-tzgl.files/biao.csv'],
      ['fgw/zcwj/2024-tzgl.files/tu.svg', 'zcwj/2024-tzgl.files/tu.svg'],
    ]);
  });

  it("a draft's attachments are not published; published, they are", async () => {
    const draft = edited('mini', 'fgw/gzdt/draft.md', (t) => `${t}\n[名单](draft.files/mingdan.csv)\n`);
    const files = { 'fgw/gzdt/draft.files/mingdan.csv': '姓名\n张三\n', 'fgw/gzdt/draft.md': draft };
    const held = await planGroup(files);
    expect(held.plan.units.flatMap((u) => u.files.map(([source]) => source))).not.toContain('fgw/gzdt/draft.files/mingdan.csv');
    const published = await planGroup({ ...files, 'fgw/gzdt/draft.md': draft.replace('draft: true\n', '') });
    expect(published.unit('fgw').files).toContainEqual(['fgw/gzdt/draft.files/mingdan.csv', 'gzdt/draft.files/mingdan.csv']);
  });
});

describe('slices', () => {
  it("the portal's slice lists the departments' news; a department's holds no other department's entries", async () => {
    const g = await planGroup();
    expect(g.unit('www').slice.entries.map((e) => e.id)).toContain('fgw/gzdt/2026-11-12-dt');
    expect(g.unit('fgw').slice.entries.every((e) => e.siteId === 'fgw')).toBe(true);
  });

  it("another site's entries are listed, not whole: no source, body, 索引号, attachments or relations; a page's own entry is whole", async () => {
    const g = await planGroup();
    const www = g.unit('www');
    const { model: m } = renderUnitOf(jobUnitOf(www, new Map(), (pack) => pack, ''), g.contentDir);
    const listed = m.entryById.get('fgw/gzdt/2026-11-12-dt')!;
    expect(listed.data.title).toBe(g.model.entryById.get('fgw/gzdt/2026-11-12-dt')!.data.title);
    for (const key of OWN_ENTRY_FACTS) expect(Object.keys(listed), key).not.toContain(key);
    expect(OWN_ENTRY_FACTS).toContain('attachments');
    // Asking for it as a page's own entry is a planner bug, said at once; the portal's own entries are whole.
    expect(() => ownEntry(m, listed.id)).toThrow('listed, not whole');
    const own = www.pages.find((p) => p.type === 'entry')!;
    expect(ownEntry(m, own.type === 'entry' ? own.entryId : '')).toEqual(g.model.entryById.get(own.type === 'entry' ? own.entryId : '')!);
  });

  it('a slice holds no path of this machine, and no build date (the type has none)', async () => {
    const g = await planGroup();
    for (const u of g.plan.units) {
      expect(Object.keys(u.slice).sort(), u.id).not.toContain('now');
      expect(JSON.stringify(u.slice), u.id).not.toContain(g.contentDir);
    }
  });

  it('the demo group: every page list, column list, feed and search setting a unit renders is the same from its slice as from the whole model', async () => {
    const g = await planGroup({}, { content: path.join(REPO_ROOT, 'content') });
    let checkedEntries = 0;
    for (const unit of g.plan.units) {
      const { model: m } = renderUnitOf(jobUnitOf(unit, new Map(), (pack) => pack, ''), g.contentDir);
      const whole = g.model.siteById.get(unit.id)!;
      expect(pagesOfSite(m, m.site), unit.id).toEqual(pagesOfSite(g.model, whole));
      expect(planFeeds(m, m.site), unit.id).toEqual(planFeeds(g.model, whole));
      expect(searchPageConfig(m, unit.id), unit.id).toEqual(searchPageConfig(g.model, unit.id));
      for (const c of whole.config.columns) {
        const ids = (list: { id: string }[]) => list.map((e) => e.id);
        expect(ids(columnItems(m, m.site, c.id)), `${unit.id}/${c.id}`).toEqual(ids(columnItems(g.model, whole, c.id)));
        expect(ids(homeColumnItems(m, m.site, c.id)), `${unit.id}/${c.id}`).toEqual(ids(homeColumnItems(g.model, whole, c.id)));
      }
      if (unit.id === g.model.portal.id) expect(portalNews(m).map((e) => e.id)).toEqual(portalNews(g.model).map((e) => e.id));
      // Each article's page links its 解读 and policies, wherever they are: the slice has them all.
      for (const p of unit.pages) {
        if (p.type !== 'entry') continue;
        const e = g.model.entryById.get(p.entryId)!;
        expect(m.entryById.get(e.id), e.id).toEqual(e);
        for (const id of [...e.interpretationIds, ...e.interpretsIds]) expect(m.entryById.get(id)?.route, `${e.id} → ${id}`).toBe(g.model.entryById.get(id)!.route);
        checkedEntries++;
      }
    }
    expect(checkedEntries).toBeGreaterThan(900);
  });

  it('the dev server plans each unit of the demo group when first read, as the build plans it, and lists the route parameters of its 简体 pages in plan order', async () => {
    const g = await planGroup({}, { content: path.join(REPO_ROOT, 'content') });
    expect(g.model.group.traditional).toBe(true);
    const lazy = planLazily(g.model, g.linkedFiles);
    expect(lazy.params).toEqual(g.plan.units.flatMap((u) => u.pages.filter((p) => p.script === 'hans').map((p) => p.param)));
    expect(lazy.units.length).toBe(g.plan.units.length);
    // The last first: a unit is planned on its own, whatever was read before it.
    for (const i of [...g.plan.units.keys()].reverse()) expect(JSON.stringify(lazy.units[i]), g.plan.units[i].id).toBe(JSON.stringify(g.plan.units[i]));
  });

  it('the same content gives the same slice on another day before anything date-dependent changes', async () => {
    const [a, b] = await Promise.all([planGroup({}, { now: '2026-11-20' }), planGroup({}, { now: '2026-11-21' })]);
    expect(JSON.stringify(a.unit('fgw').slice)).toBe(JSON.stringify(b.unit('fgw').slice));
  });
});

describe('why a unit is rebuilt', () => {
  it('a body edit: the bodies, counted', async () => {
    const g = await planGroup();
    const before = parts(g, 'fgw', { 'fgw/gzdt/2026-11-12-dt': 'a', 'fgw/zcwj/2024-tzgl': 'b' });
    const after = parts(g, 'fgw', { 'fgw/gzdt/2026-11-12-dt': 'a2', 'fgw/zcwj/2024-tzgl': 'b' });
    expect(explainRebuild(after, before, false).map((r) => reasonText(r, false))).toEqual(['正文变化（1 篇）']);
  });

  it('a title edit: the entries a site lists, named for the portal as its 部门动态', async () => {
    const [a, b] = await Promise.all([planGroup(), planGroup({ 'fgw/gzdt/2026-11-12-dt.md': edited('mini', 'fgw/gzdt/2026-11-12-dt.md', (t) => t.replace('title: 发改委工作动态', 'title: 发改委召开调度会')) })]);
    expect(explainRebuild(parts(b, 'fgw'), parts(a, 'fgw'), false).map((r) => reasonText(r, false))).toEqual(['所列的文章变化']);
    expect(explainRebuild(parts(b, 'www'), parts(a, 'www'), false).map((r) => reasonText(r, true))).toEqual(['所列的部门动态和文章变化']);
  });

  it('a site.yaml edit, an attachment edit, a new generator, --full, no record', async () => {
    const [a, b] = await Promise.all([
      planGroup(),
      planGroup({ 'fgw/site.yaml': edited('mini', 'fgw/site.yaml', (t) => t.replace('name: 工作动态', 'name: 工作动态（新）')), 'fgw/zcwj/2024-tzgl.files/biao.csv': '年份,数量\n2024,2\n' }),
    ]);
    const text = (now: FingerprintParts, before: FingerprintParts | undefined, full = false) => explainRebuild(now, before, full).map((r) => reasonText(r, false));
    expect(text(parts(b, 'fgw'), parts(a, 'fgw'))).toEqual(['站点信息（site.yaml）变化', '附件或图片变化（1 个）']);
    expect(text({ ...parts(a, 'fgw'), generator: 'new' }, parts(a, 'fgw'))).toEqual(['生成器版本变化']);
    expect(text(parts(a, 'fgw'), parts(a, 'fgw'), true)).toEqual(['--full：全部重新构建']);
    expect(text(parts(a, 'fgw'), undefined)).toEqual(['缓存中没有上次的结果']);
    // Same inputs, yet built: the cached folder was not usable.
    expect(text(parts(a, 'fgw'), parts(a, 'fgw'))).toEqual(['缓存中的站点目录不完整或被改动']);
  });
});

describe('search aliases', () => {
  /** The everyday names a list gives an official term. */
  const namesOf = (list: [string, string[]][], term: string) => list.find(([t]) => t === term)?.[1] ?? [];

  it('search-aliases.yaml adds and removes; site names are aliases of each other; every slice has the list', async () => {
    const g = await planGroup({ 'search-aliases.yaml': '# 本网站群的常用说法\n网办: 一网通办\n社保: false\n' });
    const list = g.model.searchAliases;
    expect(list.length).toBeGreaterThan(150);
    expect(namesOf(list, '医疗保险')).toContain('医保');
    // Removed by the group everywhere; added by the group.
    expect(list.some(([, names]) => names.includes('社保'))).toBe(false);
    expect(namesOf(list, '一网通办')).toContain('网办');
    expect(namesOf(list, '发展和改革委员会')).toContain('发改委');
    // A site's 全称 and 简称.
    const short = await planGroup({ 'fgw/site.yaml': edited('mini', 'fgw/site.yaml', (t) => t.replace('shortName: 测试市发展和改革委员会', 'shortName: 测试市发改委')) });
    expect(namesOf(short.model.searchAliases, '测试市发展和改革委员会')).toContain('测试市发改委');
    expect(namesOf(short.model.searchAliases, '测试市发改委')).toContain('测试市发展和改革委员会');
    // In every slice (a change rebuilds every site) and in the fingerprint.
    for (const u of g.plan.units) expect(u.slice.searchAliases).toBe(list);
  });

  it('a site folder’s search-aliases.yaml adds to the group’s list for that site only (its search page, its pinyin initials)', async () => {
    const g = await planGroup({ 'search-aliases.yaml': '网办: 一网通办\n', 'fgw/search-aliases.yaml': '# 本部门的常用说法\n价格局: 价格管理科\n发改委: false\n' });
    expect(g.diagnostics.filter((d) => d.file?.endsWith('search-aliases.yaml'))).toEqual([]);
    const fgw = g.unit('fgw').slice.searchAliases;
    expect(namesOf(fgw, '价格管理科')).toEqual(['价格局']);
    expect(namesOf(fgw, '一网通办')).toContain('网办');
    expect(namesOf(fgw, '发展和改革委员会')).not.toContain('发改委');
    // Other sites keep the group's list; the file is not content of the site.
    const www = g.unit('www').slice.searchAliases;
    expect(www).toBe(g.model.searchAliases);
    expect(namesOf(www, '价格管理科')).toEqual([]);
    expect(namesOf(www, '发展和改革委员会')).toContain('发改委');
    expect(g.unit('fgw').files.map(([source]) => source)).not.toContain('fgw/search-aliases.yaml');
    // A change to it rebuilds that site only: its slice says why.
    const before = await planGroup({ 'search-aliases.yaml': '网办: 一网通办\n' });
    expect(explainRebuild(parts(g, 'fgw'), parts(before, 'fgw'), false).map((r) => reasonText(r, false))).toEqual(['搜索常用说法（search-aliases.yaml）变化']);
    expect(explainRebuild(parts(g, 'www'), parts(before, 'www'), false)).toEqual([{ kind: 'folder' }]);
    // Wrong: one message at the site's file.
    const bad = await planGroup({ 'fgw/search-aliases.yaml': '价格局:\n  - \n' });
    expect(bad.diagnostics.filter((d) => d.file === 'fgw/search-aliases.yaml').length).toBeGreaterThan(0);
  });

  it('a wrong search-aliases.yaml is one message with the form to write', async () => {
    const g = await planGroup({ 'search-aliases.yaml': '社保: 12\n医保:\n  - \n' });
    const found = g.diagnostics.filter((d) => d.file === 'search-aliases.yaml');
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((d) => `${d.message} ${d.hint}`).join('\n')).toContain('社保: 社会保险');
  });
});

describe('reading the content again', () => {
  it('skips files whose size, times and inode are those of their record, and reads an edit of the same size at once and later', async () => {
    const contentDir = copyFixture('mini');
    const store = (() => {
      let kept = new Map<string, FrontMatterRecord>();
      return { read: () => kept, write: (r: ReadonlyMap<string, FrontMatterRecord>) => void (kept = new Map(r)) };
    })();
    const load = () => loadGroup({ contentDir, themesDir: THEMES_DIR, now: parseJiyueDate('2026-11-20') as JiyueDate, frontMatter: { store, generator: 'test', reuse: true, trustStat: true } });
    const readMarkdown = vi.spyOn(fs, 'readFileSync');
    const markdownReads = () => readMarkdown.mock.calls.filter(([f]) => String(f).startsWith(contentDir) && String(f).endsWith('.md')).length;
    try {
      // Files changed in the last two seconds are read by their bytes: their metadata are not kept yet.
      load();
      expect(markdownReads()).toBeGreaterThan(5);
      await new Promise((r) => setTimeout(r, 2100));
      load();
      readMarkdown.mockClear();
      expect(load().model!.entries.length).toBeGreaterThan(5);
      expect(markdownReads()).toBe(0);
      // The same number of bytes, written now: read again, and the new title is the one loaded.
      const file = path.join(contentDir, 'fgw', 'gzdt', '2026-11-12-dt.md');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, text.replace('title: 发改委工作动态', 'title: 发改委调度动态'));
      readMarkdown.mockClear();
      const titleOf = () => load().model!.entries.find((e) => e.source === 'fgw/gzdt/2026-11-12-dt.md')!.data.title;
      expect(titleOf()).toBe('发改委调度动态');
      expect(markdownReads()).toBe(1);
      // Once quiet, its record holds its metadata; another edit of the same size, seen after two seconds, changes them.
      await new Promise((r) => setTimeout(r, 2100));
      expect(titleOf()).toBe('发改委调度动态');
      fs.writeFileSync(file, text.replace('title: 发改委工作动态', 'title: 发改委项目动态'));
      await new Promise((r) => setTimeout(r, 2100));
      readMarkdown.mockClear();
      expect(titleOf()).toBe('发改委项目动态');
      expect(markdownReads()).toBe(1);
    } finally {
      readMarkdown.mockRestore();
    }
  });
});
