/**
 * The cache is an optimisation, never an authority (src/pipeline/cache-seal.ts): a cache written
 * by someone else (another branch's CI job, a hand edit) cannot change what is published. Each
 * case edits a cache the way the red team did and checks the output against the sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli, snapshotTree, tempDir, type CliResult } from './helpers.ts';

const KEY = { JIYUE_CACHE_KEY: 'test-branch-main-secret' };

function setup() {
  const content = copyFixture('mini');
  const work = tempDir('jiyue-cache-trust-');
  const build = (out: string, cache: string, env: NodeJS.ProcessEnv = KEY, extra: string[] = []): Promise<CliResult> =>
    runCli(['build', '--content', content, '--out', path.join(work, out), '--cache', path.join(work, cache), '--now', '2026-11-20', ...extra], { env });
  return { content, work, build };
}

/** Rewrites a sealed store's records (keeping the seal the build wrote): what a hostile cache can do without the key. */
function forge(file: string, change: (records: Record<string, unknown>) => void) {
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { records: string; seal: string };
  const records = JSON.parse(stored.records) as Record<string, unknown>;
  change(records);
  fs.writeFileSync(file, JSON.stringify({ records: JSON.stringify(records), seal: stored.seal }));
}

const built = (r: CliResult) => /站点构建 (\d+) 个/.exec(r.stdout)?.[1];

describe('a hostile cache', () => {
  it('cannot publish content the sources hold back: a forged front-matter record (不予公开 → 主动公开) is recomputed', async () => {
    const { content, work, build } = setup();
    const dept = path.join(content, 'fgw', 'gzdt', '2026-11-12-dt.md');
    fs.writeFileSync(path.join(content, 'fgw', 'gzdt', '2026-11-13-secret.md'), fs.readFileSync(dept, 'utf8').replace('disclosure: 主动公开', 'disclosure: 不予公开').replace(/^title: .*$/m, 'title: 不予公开的文件'));
    expect((await build('a', 'cache')).code).toBe(0);
    forge(path.join(work, 'cache', 'frontmatter.json'), (records) => {
      const r = records['fgw/gzdt/2026-11-13-secret.md'] as { reason?: string };
      expect(r.reason).toBe('not-public');
      delete r.reason;
    });
    const r = await build('a', 'cache');
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(work, 'a', 'sites', 'fgw', 'gzdt', '2026-11-13-secret', 'index.html'))).toBe(false);
    expect(r.stdout).toMatch(/未发布　\d+（[^）]*非主动公开 1/);
  });

  it('cannot hide a finding: a scan record without its PII finding is scanned again', async () => {
    const { content, work, build } = setup();
    expect((await build('a', 'cache')).code).toBe(0);
    const article = path.join(content, 'www', 'news', 'a.md');
    fs.writeFileSync(article, `${fs.readFileSync(article, 'utf8')}\n当事人手机 13812345678。\n`);
    const first = await build('b', 'cache');
    expect(first.stderr).toContain('PRIVACY-MOBILE');
    forge(path.join(work, 'cache', 'scans.json'), (records) => {
      for (const r of Object.values(records) as { output: { diagnostics: unknown[] } }[]) r.output.diagnostics = [];
    });
    const again = await build('b', 'cache');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('www/news/a.md');
    expect(again.stderr).toContain('PRIVACY-MOBILE');
  });

  it('cannot serve pages or bodies of its own: an edited body pack, a site folder and its record rewritten, another key', async () => {
    const { work, build } = setup();
    expect((await build('a', 'cache')).code).toBe(0);
    const reference = snapshotTree(path.join(work, 'a', 'sites'));
    // A body pack's bytes changed (its name is the hash of what it held).
    const packs = path.join(work, 'cache', 'bodies', 'html');
    for (const f of fs.readdirSync(packs)) fs.writeFileSync(path.join(packs, f), fs.readFileSync(path.join(packs, f), 'utf8').replace(/<p>/, '<p><script>alert(1)</script>'));
    // fgw's cached folder replaced by another with a page changed, and its record rewritten to match.
    const unit = path.join(work, 'cache', 'units', 'fgw');
    const out = path.join(unit, 'out');
    const moved = `${out}.x`;
    fs.cpSync(out, moved, { recursive: true, preserveTimestamps: true });
    fs.rmSync(out, { recursive: true });
    fs.renameSync(moved, out);
    const page = path.join(out, 'index.html');
    const st = fs.statSync(page);
    const evil = fs.readFileSync(page, 'utf8').replace('</body>', '<script>alert(1)</script></body>');
    fs.writeFileSync(page, evil);
    const stored = JSON.parse(fs.readFileSync(path.join(unit, 'record.json'), 'utf8')) as { record: string; seal: string };
    const record = JSON.parse(stored.record) as { files: [string, string, number, number][] };
    for (const f of record.files) if (f[0] === 'index.html') f[2] = Buffer.byteLength(evil);
    fs.utimesSync(page, st.atime, st.mtime);
    fs.writeFileSync(path.join(unit, 'record.json'), JSON.stringify({ record: JSON.stringify(record), seal: stored.seal }));
    const r = await build('a', 'cache');
    expect(r.code, r.stderr).toBe(0);
    const now = snapshotTree(path.join(work, 'a', 'sites'));
    expect([...now.keys()]).toEqual([...reference.keys()]);
    for (const [f, bytes] of reference) expect(now.get(f)!.equals(bytes), f).toBe(true);

    // The same cache with another branch's key: nothing is reused, and the output is the same.
    const other = await build('c', 'cache', { JIYUE_CACHE_KEY: 'another-branch' });
    expect(other.code, other.stderr).toBe(0);
    expect(built(other)).toBe('4');
    const c = snapshotTree(path.join(work, 'c', 'sites'));
    for (const [f, bytes] of reference) expect(c.get(f)!.equals(bytes), f).toBe(true);
  });

  it('a cache restored in another folder (CI) is checked byte for byte before a site folder is reused, then trusted by place', async () => {
    const { work, build } = setup();
    expect((await build('a', 'cache')).code).toBe(0);
    fs.cpSync(path.join(work, 'cache'), path.join(work, 'restored'), { recursive: true, preserveTimestamps: true });
    const r = await build('b', 'restored');
    expect(r.code, r.stderr).toBe(0);
    // Sites without a search index are reused after the check; a site's group-index part cannot be checked byte for byte yet, so its site is built again.
    expect(Number(built(r))).toBeLessThan(4);
    const a = snapshotTree(path.join(work, 'a', 'sites'));
    const b = snapshotTree(path.join(work, 'b', 'sites'));
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
    // Checked once: the next build reuses every site.
    expect(built(await build('b', 'restored'))).toBe('0');
  });
});
