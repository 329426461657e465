/**
 * The content rules, one fixture folder per rule family: test/fixtures/rules/cases/<case>/ holds
 * files laid over the clean group test/fixtures/rules/base/ and a case.json with what must be
 * reported (rule id, file, line, column, severity, text in the message or hint) and what must
 * not (the near-misses: masked numbers, a bad checksum, a landline, an archived stale column…).
 * The rules run as `check` and the build run them: loadGroup → checkContent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, scanContent } from '../src/check/check.ts';
import type { JiyueDate } from '../src/config/primitives.ts';
import { catalogue } from '../src/errors/catalogue.ts';
import type { Diagnostic } from '../src/errors/diagnostic.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { contentEntries } from '../src/errors/rules.ts';
import { findPii, luhn } from '../src/rules/pii.ts';
import { compileWording, STARTER_WORDING } from '../src/rules/wording-list.ts';
import { devStores, loadDevState } from '../src/dev/state.ts';
import { BuildCache, readKeptRecords } from '../src/pipeline/cache.ts';
import { parseContentOptions, parseNow } from '../src/pipeline/options.ts';
import { copyFixture, FIXTURES, THEMES_DIR, tempDir } from './helpers.ts';

const ROOT = path.join(FIXTURES, 'rules');
const CASES = fs.readdirSync(path.join(ROOT, 'cases')).sort();

interface Expectation {
  rule?: string;
  file?: string;
  line?: number;
  column?: number;
  severity?: 'error' | 'warning';
  message?: string;
  hint?: string;
}
interface Case {
  description: string;
  now?: string;
  expect: Expectation[];
  absent?: Expectation[];
  heldBack?: [string, string][];
  unscanned?: string[];
}

/** Base group + the case's files, in a temp folder. */
function materialize(name?: string): string {
  const dir = path.join(tempDir('jiyue-rules-'), 'content');
  fs.cpSync(path.join(ROOT, 'base'), dir, { recursive: true });
  if (name) {
    fs.cpSync(path.join(ROOT, 'cases', name), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'case.json'));
  }
  return dir;
}

async function runRules(contentDir: string, now = '2026-11-20') {
  const { model, diagnostics, configs } = loadGroup({ contentDir, themesDir: THEMES_DIR, now: parseNow(now) as JiyueDate });
  expect(model).toBeDefined();
  const result = await checkContent(toRuntime(model!, configs));
  return { result, all: [...diagnostics, ...result.diagnostics] };
}

const matches = (d: Diagnostic, e: Expectation) =>
  (!e.rule || d.ruleId === e.rule) &&
  (!e.file || d.file === e.file) &&
  (e.line === undefined || d.line === e.line) &&
  (e.column === undefined || d.column === e.column) &&
  (!e.severity || d.severity === e.severity) &&
  (!e.message || d.message.includes(e.message)) &&
  (!e.hint || d.hint.includes(e.hint));

describe('content rules (fixture folders)', () => {
  it('the base group is clean', async () => {
    const { all, result } = await runRules(materialize());
    expect(all).toEqual([]);
    expect(result.attachments.scanned).toEqual(['www/zcwj/2026-09-01-gf.files/biao.csv']);
  });

  for (const name of CASES) {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'cases', name, 'case.json'), 'utf8')) as Case;
    it(`${name}: ${spec.description}`, async () => {
      const { all, result } = await runRules(materialize(name), spec.now);
      for (const e of spec.expect) {
        expect(all.filter((d) => matches(d, e)), `expected ${JSON.stringify(e)} in\n${all.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`).join('\n')}`).toHaveLength(1);
      }
      for (const e of spec.absent ?? []) {
        expect(all.filter((d) => matches(d, e)), `unexpected ${JSON.stringify(e)}`).toEqual([]);
      }
      // Nothing beyond what the case expects.
      expect(all.length).toBe(spec.expect.length);
      if (spec.heldBack) expect(result.heldBack.map((h) => [h.source, h.reason]).sort()).toEqual(spec.heldBack);
      if (spec.unscanned) expect(result.attachments.unscanned.map((u) => u.source)).toEqual(spec.unscanned);
    });
  }

  it('every content rule has a fixture that triggers it', () => {
    const triggered = new Set(
      CASES.flatMap((name) => (JSON.parse(fs.readFileSync(path.join(ROOT, 'cases', name, 'case.json'), 'utf8')) as Case).expect.map((e) => e.rule)),
    );
    for (const e of Object.values(contentEntries)) expect(triggered, e.ruleId).toContain(e.ruleId);
  });

  it('every content rule cites its source or is a technical rule, and has a Chinese title and hint', () => {
    for (const [name, e] of Object.entries(contentEntries)) {
      expect(catalogue[name as keyof typeof catalogue]).toBe(e);
      expect(e.title).toMatch(/\p{Script=Han}/u);
      if (!['MDX-UNTRUSTED-FILE', 'HTML-SANITIZED'].includes(e.ruleId)) expect(e.source, e.ruleId).toMatch(/第.+条|国办秘函|page-spec/);
    }
  });
});

describe('personal-information detectors', () => {
  it('confirms ID numbers by checksum and date, masks them', () => {
    expect(findPii('号码11010519491231002X')).toEqual([{ kind: 'id', index: 2, text: '11010519491231002X', masked: '11*************02X' }]);
    expect(findPii('110105194912310021')).toEqual([]); // bad checksum
    expect(findPii('110105194913310028')).toEqual([]); // month 13
    expect(findPii('11*************02X')).toEqual([]);
  });
  it('finds mobile numbers in the usual spellings, not landlines or masked numbers', () => {
    expect(findPii('手机 138-1234-5678').map((h) => h.masked)).toEqual(['138****5678']);
    expect(findPii('+86 13812345678').map((h) => h.kind)).toEqual(['mobile']);
    expect(findPii('0999-62345678 010-12345678 12345 138****5678 4008123123')).toEqual([]);
  });
  it('bank cards need Luhn and an issuer prefix', () => {
    expect(luhn('6222021234567890128')).toBe(true);
    expect(findPii('6222 0212 3456 7890 128').map((h) => h.kind)).toEqual(['card']);
    expect(findPii('6222021234567890127')).toEqual([]);
    expect(findPii('1234567812345670')).toEqual([]); // Luhn-valid, no card prefix
  });
});

describe('wording list', () => {
  it('does not flag the right form when it contains the wrong one', () => {
    const m = compileWording([{ wrong: '办公室', right: '国务院办公室主任' }]);
    expect(m.find('国务院办公室主任')).toEqual([]);
    expect(m.find('办公室').map((x) => x.index)).toEqual([0]);
  });
  it('the starter list has no entry whose wrong form is right somewhere else in the list', () => {
    for (const e of STARTER_WORDING) expect(STARTER_WORDING.some((o) => o.right.includes(e.wrong) && o !== e)).toBe(false);
  });
});

describe('the group read and checked again on every save (the dev server)', () => {
  it('reuse a body’s link results only while its scan, the link index and the allow-list are the same, reporting what a fresh check reports', async () => {
    const content = copyFixture('mini');
    const { options } = parseContentOptions({ content, now: '2026-11-20' });
    const stores = devStores();
    const kept = async () => (await loadDevState(options!, stores, 'test')).diagnostics;
    const fresh = async () => (await loadDevState(options!, devStores(), 'test')).diagnostics;
    const shown = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`).sort();
    const linking = 'fgw/gzdt/2026-11-12-dt.md';

    const first = await kept();
    const before = stores.links.bySource.get(linking)?.links;
    expect(before?.internal).toBeGreaterThan(0);
    // Nothing changed: the same findings, the body's link results kept as they were.
    expect(shown(await kept())).toEqual(shown(first));
    expect(stores.links.bySource.get(linking)?.links).toBe(before);

    // Its target renamed: the body is unchanged, the link index is not: resolved again, now broken.
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.md'), path.join(content, 'fgw', 'zcwj', '2024-tzgl-xin.md'));
    // What the dev server's file watcher tells the loader.
    stores.watched.changed('fgw/zcwj/2024-tzgl.md');
    stores.watched.changed('fgw/zcwj/2024-tzgl-xin.md');
    const renamed = await kept();
    expect(shown(renamed)).toContain(`${linking}:12:4 LINK-BROKEN`);
    expect(shown(renamed)).toEqual(shown(await fresh()));

    // The body edited: its new links are resolved, the others' results kept.
    const other = stores.links.bySource.get('www/news/a.md')?.links;
    fs.appendFileSync(path.join(content, ...linking.split('/')), '\n见[旧文](../zcwj/2023-jiu.md)。\n');
    stores.watched.changed(linking);
    const edited = await kept();
    expect(shown(edited).filter((l) => l.startsWith(`${linking}:`) && l.endsWith('LINK-BROKEN'))).toHaveLength(2);
    expect(shown(edited)).toEqual(shown(await fresh()));
    expect(stores.links.bySource.get('www/news/a.md')?.links).toBe(other);
  });

  it('parse an unchanged site.yaml once, and report a changed one’s mistakes once on every reload, as a fresh read does', async () => {
    const content = copyFixture('mini');
    const { options } = parseContentOptions({ content, now: '2026-11-20' });
    const stores = devStores();
    const load = async (s = stores) => (await loadDevState(options!, s, 'test')).model!;
    const shown = async (s = stores) => (await loadDevState(options!, s, 'test')).diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`).sort();
    const first = await load();
    const again = await load();
    expect(again.configs.get('fgw/site.yaml')).toBe(first.configs.get('fgw/site.yaml'));
    fs.appendFileSync(path.join(content, 'fgw', 'site.yaml'), 'nmae: 写错的键\n');
    stores.watched.changed('fgw/site.yaml');
    const fresh = await shown(devStores());
    expect(fresh.filter((l) => l.startsWith('fgw/site.yaml:') && l.endsWith('UNKNOWN-KEY'))).toHaveLength(1);
    // Three reloads of the same text: the same findings each time, none repeated.
    for (let i = 0; i < 3; i++) expect(await shown()).toEqual(fresh);
    expect((await load()).configs.get('fgw/site.yaml')).not.toBe(first.configs.get('fgw/site.yaml'));
  });

  it('look only at what the file watcher names, and read as a fresh load does after every kind of change', () => {
    const content = copyFixture('mini');
    const now = parseNow('2026-11-20') as JiyueDate;
    const stores = devStores();
    const base = { contentDir: content, themesDir: THEMES_DIR, now };
    const watched = () => loadGroup({ ...base, frontMatter: { store: stores.frontMatter, generator: 'test', reuse: true, trustStat: true }, siteYaml: stores.siteYaml, watched: stores.watched });
    const same = () => {
      const a = watched();
      const b = loadGroup(base);
      expect(a.diagnostics).toEqual(b.diagnostics);
      expect(a.model).toEqual(b.model);
      return a;
    };
    const abs = (rel: string) => path.join(content, ...rel.split('/'));
    /** A change the watcher reports, as the dev server hears it. */
    const tell = (...rels: string[]) => rels.forEach((r) => stores.watched.changed(r));
    const titleOf = (r: ReturnType<typeof loadGroup>, source: string) => r.model?.entries.find((e) => e.source === source)?.data.title;
    const news = 'fgw/gzdt/2026-11-12-dt.md';
    const text = fs.readFileSync(abs(news), 'utf8');
    const retitled = (title: string) => text.replace(/^title: .*$/m, `title: ${title}`);

    same();
    // Trusted: a file the watcher does not name is not looked at (no stat, no read)…
    fs.writeFileSync(abs(news), retitled('没有报告的修改'));
    expect(titleOf(watched(), news)).toBe('发改委工作动态');
    // …and is read once it is named.
    tell(news);
    expect(titleOf(same(), news)).toBe('没有报告的修改');

    // Replaced by a rename (sed -i, an editor's atomic save): the temporary name comes and goes.
    fs.writeFileSync(abs('fgw/gzdt/sedX1'), retitled('改名替换'));
    fs.renameSync(abs('fgw/gzdt/sedX1'), abs(news));
    tell('fgw/gzdt/sedX1', news);
    expect(titleOf(same(), news)).toBe('改名替换');

    // A new article, then deleted.
    fs.writeFileSync(abs('fgw/gzdt/2026-11-13-xin.md'), retitled('新的动态'));
    tell('fgw/gzdt/2026-11-13-xin.md');
    expect(titleOf(same(), 'fgw/gzdt/2026-11-13-xin.md')).toBe('新的动态');
    fs.rmSync(abs('fgw/gzdt/2026-11-13-xin.md'));
    tell('fgw/gzdt/2026-11-13-xin.md');
    expect(titleOf(same(), 'fgw/gzdt/2026-11-13-xin.md')).toBeUndefined();

    // An editor's backup file is a stray file; a hidden article is said to be skipped; a folder in a column is stray.
    fs.writeFileSync(abs(`${news}~`), text);
    fs.writeFileSync(abs('fgw/gzdt/.yincang.md'), text);
    fs.mkdirSync(abs('fgw/gzdt/sub'));
    tell(`${news}~`, 'fgw/gzdt/.yincang.md', 'fgw/gzdt/sub');
    const strays = same();
    expect(strays.diagnostics.map((d) => `${d.ruleId} ${d.file}`)).toEqual(expect.arrayContaining([`CONTENT-UNEXPECTED-FILE ${news}~`, 'CONTENT-HIDDEN fgw/gzdt/.yincang.md', 'CONTENT-UNEXPECTED-FILE fgw/gzdt/sub/']));

    // site.yaml: a column renamed, one removed (its folder becomes undeclared).
    const siteYaml = fs.readFileSync(abs('fgw/site.yaml'), 'utf8');
    fs.writeFileSync(abs('fgw/site.yaml'), siteYaml.replace('name: 工作动态', 'name: 部门动态').replace(/^.*id: zcjd.*\n/m, ''));
    tell('fgw/site.yaml');
    expect(same().model!.sites.find((s) => s.id === 'fgw')!.config.columns.map((c) => c.name)).toEqual(['部门动态', '政策文件']);

    // group.yaml gone while an article is added: the load stops before the tree, and nothing is
    // trusted until a load has read the tree again.
    const groupYaml = fs.readFileSync(abs('group.yaml'), 'utf8');
    fs.rmSync(abs('group.yaml'));
    fs.writeFileSync(abs('www/news/b.md'), fs.readFileSync(abs('www/news/a.md'), 'utf8').replace(/^title: .*$/m, 'title: 配置坏时加的'));
    tell('group.yaml', 'www/news/b.md');
    expect(watched().model).toBeUndefined();
    fs.writeFileSync(abs('group.yaml'), groupYaml);
    tell('group.yaml');
    expect(titleOf(same(), 'www/news/b.md')).toBe('配置坏时加的');

    // A site with a symlink inside is walked and its files stat'ed on every load: the watcher sees it under the real name only.
    fs.symlinkSync('../../../_shared/zhinan.txt', abs('fgw/zcwj/2024-tzgl.files/zhinan.txt'));
    tell('fgw/zcwj/2024-tzgl.files/zhinan.txt');
    same();
    fs.writeFileSync(abs(news), retitled('有符号链接的站点'));
    expect(titleOf(same(), news)).toBe('有符号链接的站点');

    // A folder the watcher could not watch: nothing is trusted from then on.
    stores.watched.blind();
    fs.writeFileSync(abs('www/news/b.md'), fs.readFileSync(abs('www/news/a.md'), 'utf8').replace(/^title: .*$/m, 'title: 看不见的修改'));
    expect(titleOf(same(), 'www/news/b.md')).toBe('看不见的修改');
  });

  it('start from the build cache’s sealed records, and from none of a cache whose seal does not verify', async () => {
    const content = copyFixture('mini');
    const { options } = parseContentOptions({ content, now: '2026-11-20' });
    const dir = path.join(tempDir('jiyue-cache-'), 'cache');
    const key = Buffer.alloc(32, 7);
    const cache = new BuildCache(dir, key);
    // What a build leaves: every file read and scanned, the records sealed in the cache.
    const built = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: options!.now, frontMatter: { store: cache.frontMatter, generator: 'test', reuse: true, trustStat: true } });
    await scanContent(toRuntime(built.model!, built.configs), { workers: 1, scans: { store: cache.scans, generator: 'test', reuse: true } });
    const source = 'fgw/gzdt/2026-11-12-dt.md';
    const kept = readKeptRecords(dir, key);
    expect(kept.frontMatter.get(source)?.value).toBeDefined();
    expect(kept.scans.get(source)?.output).toBeDefined();

    // The dev server's first reading takes them as they are (the same objects: nothing read or scanned again)…
    const files = () => (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((f) => `${f} ${fs.statSync(path.join(dir, f)).mtimeMs}`);
    const before = files();
    const stores = devStores(kept);
    const fresh = await loadDevState(options!, devStores(), 'test');
    const seeded = await loadDevState(options!, stores, 'test');
    expect(stores.frontMatter.read().get(source)!.value).toBe(kept.frontMatter.get(source)!.value);
    expect(stores.scans.read().get(source)!.output).toBe(kept.scans.get(source)!.output);
    expect(seeded.diagnostics).toEqual(fresh.diagnostics);
    // …and nothing of the cache was written.
    expect(files()).toEqual(before);

    // Another key (another machine's cache, or records written by hand): none of them.
    expect(readKeptRecords(dir, Buffer.alloc(32, 8))).toEqual({ frontMatter: new Map(), scans: new Map() });
    const file = path.join(dir, 'frontmatter.json');
    const forged = JSON.parse(fs.readFileSync(file, 'utf8')) as { records: string; seal: string };
    fs.writeFileSync(file, JSON.stringify({ ...forged, records: forged.records.replace('发改委工作动态', '伪造的标题') }));
    expect(readKeptRecords(dir, key).frontMatter.size).toBe(0);
  });
});
