/**
 * Render-time findings and the body store: what an editor reads when a body goes wrong only
 * at render time names the file line (front matter included), for Markdown (src/markdown/
 * render.ts) and for trusted MDX (rehype-collect.ts, run inside Astro's compile); a stored body
 * is reused only while every link it had resolves the same way and its pack is in the store.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseJiyueDate } from '../src/config/primitives.ts';
import rehypeCollect from '../src/markdown/rehype-collect.ts';
import rehypeResolveLinks from '../src/markdown/rehype-resolve-links.ts';
import { readBody } from '../src/markdown/body-pack.ts';
import { seal, sealed } from '../src/pipeline/cache-seal.ts';
import { BodyStore, renderBodies, type BodyRecord } from '../src/markdown/render.ts';
import { renderSink, resetRenderSink } from '../src/markdown/sink.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';

/** The build cache's seal, with a key of this test's own (src/pipeline/cache-seal.ts). */
const KEY = Buffer.alloc(32, 7);
const SEAL = { seal: (text: string) => seal(KEY, text), sealed: (text: string, mac: unknown) => sealed(KEY, text, mac) };
import { copyFixture, tempDir, THEMES_DIR, writeTree } from './helpers.ts';

const NOW = parseJiyueDate('2026-11-20') as Exclude<ReturnType<typeof parseJiyueDate>, string>;
const FRONT = '---\ntitle: 测试\ndate: 2026-11-01\nsource: 测试来源\ndisclosure: 主动公开\nreview:\n  first: 甲\n  second: 乙\n  final: 丙\n---\n';

function load(content: string) {
  const r = loadGroup({ contentDir: content, themesDir: THEMES_DIR, now: NOW });
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return toRuntime(r.model, r.configs);
}

describe('Markdown bodies rendered outside Astro', () => {
  it('report findings at file lines (the front matter counted), and reuse a body only while its links resolve the same', async () => {
    const content = copyFixture('mini');
    // Lines 1–10 are the front matter; the image without a file is on line 14.
    writeTree(content, { 'fgw/gzdt/2026-11-01-x.md': `${FRONT}\n第一段，见[办法](../zcwj/2024-tzgl.md)。\n\n<img src="x.files/none.png" alt="无">\n` });
    const store = new BodyStore(path.join(tempDir(), 'bodies'), SEAL);
    let model = load(content);
    const entries = model.entries.filter((e) => e.siteId === 'fgw');
    const first = await renderBodies(model, entries, store, { reuse: true, generator: 'g1' });
    expect(first.rendered).toBe(entries.length);
    const record = first.records.get('fgw/gzdt/2026-11-01-x')!;
    const broken = record.diagnostics.find((d) => d.ruleId === 'LINK-BROKEN' || d.ruleId === 'ATTACHMENT-MISSING' || d.ruleId.startsWith('LINK-'));
    expect(broken, JSON.stringify(record.diagnostics)).toBeDefined();
    expect(broken!.file).toBe('fgw/gzdt/2026-11-01-x.md');
    expect(broken!.line).toBe(14);
    const html = (r: BodyRecord) => readBody([store.packFile(r.pack), ...r.at]);
    expect(html(record)).toContain('href="/zcwj/2024-tzgl/"');
    // One pack holds the site's bodies, each its byte range, whose hash the record keeps.
    expect(new Set([...first.records.values()].map((r) => r.pack)).size).toBe(1);
    for (const r of first.records.values()) expect(createHash('sha256').update(html(r)).digest('hex')).toBe(r.html);
    store.write(first.records, ['fgw']);
    expect(fs.readdirSync(store.htmlDir)).toEqual([`${record.pack}.html`]);

    // Nothing changed: every body reused, the same records.
    const second = await renderBodies(model, entries, store, { reuse: true, generator: 'g1' });
    expect(second.rendered).toBe(0);
    expect(second.records.get('fgw/gzdt/2026-11-01-x')).toEqual(record);
    // Another generator renders everything again.
    expect((await renderBodies(model, entries, store, { reuse: true, generator: 'g2' })).reused).toBe(0);

    // The linked policy moves: only the bodies linking it are rendered again, with the new URL.
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.md'), path.join(content, 'fgw', 'zcwj', '2024-tzgl2.md'));
    fs.renameSync(path.join(content, 'fgw', 'zcwj', '2024-tzgl.files'), path.join(content, 'fgw', 'zcwj', '2024-tzgl2.files'));
    for (const f of ['fgw/gzdt/2026-11-01-x.md', 'fgw/gzdt/2026-11-12-dt.md', 'fgw/zcjd/2024-tzgl-jd.md', 'fgw/zcwj/2024-tzgl2.md']) {
      const abs = path.join(content, ...f.split('/'));
      fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replaceAll('2024-tzgl.md', '2024-tzgl2.md').replaceAll('2024-tzgl.files', '2024-tzgl2.files'));
    }
    model = load(content);
    const third = await renderBodies(
      model,
      model.entries.filter((e) => e.siteId === 'fgw'),
      store,
      { reuse: true, generator: 'g1' },
    );
    // fgw/pages/about.md links nothing that moved: reused.
    expect(third.reused).toBeGreaterThanOrEqual(1);
    expect(third.rendered).toBeGreaterThanOrEqual(3);
    expect(html(third.records.get('fgw/gzdt/2026-11-01-x')!)).toContain('href="/zcwj/2024-tzgl2/"');
    // The new bodies are in a pack of their own; the old pack stays while a reused body is in it.
    store.write(third.records, ['fgw']);
    expect(fs.readdirSync(store.htmlDir).sort()).toEqual([...new Set([...third.records.values()].map((r) => `${r.pack}.html`))].sort());
    expect(fs.readdirSync(store.htmlDir)).toContain(`${record.pack}.html`);

    // A pack lost from the store (a cache restored in part): its bodies are rendered again.
    fs.rmSync(store.packFile(record.pack));
    const fourth = await renderBodies(model, model.entries.filter((e) => e.siteId === 'fgw'), new BodyStore(store.dir, SEAL), { reuse: true, generator: 'g1' });
    const lost = [...third.records.values()].filter((r) => r.pack === record.pack).length;
    expect(lost).toBeGreaterThanOrEqual(1);
    expect(fourth.rendered).toBe(lost);
    expect(fourth.reused).toBe(third.records.size - lost);
  });
});

describe('rehype-collect (trusted MDX inside Astro)', () => {
  it('hands findings at file lines and linked files to the render sink', () => {
    const content = copyFixture('mini');
    const model = load(content);
    const abs = path.join(content, 'fgw', 'gzdt', 'page.mdx');
    // MDX is compiled from the whole file, front matter blanked with its lines kept.
    const source = `${FRONT.replace(/[^\n]/g, ' ')}\n正文[附件](../zcwj/2024-tzgl.files/biao.csv)\n\n[不存在](./nothing.md)\n`;
    resetRenderSink();
    const processor = unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeResolveLinks, { contentDir: content, index: model.linkIndex, urls: model.urls })
      .use(rehypeCollect, { contentDir: content })
      .use(rehypeStringify);
    const html = String(processor.processSync(new VFile({ value: source, path: pathToFileURL(abs) })));
    expect(html).toContain('href="/zcwj/2024-tzgl.files/biao.csv"');
    const sink = renderSink();
    expect(sink.assets).toContainEqual(['fgw', 'fgw/zcwj/2024-tzgl.files/biao.csv', 'zcwj/2024-tzgl.files/biao.csv']);
    const broken = sink.diagnostics.find((d) => d.severity === 'error');
    expect(broken, JSON.stringify(sink.diagnostics)).toBeDefined();
    expect(broken).toMatchObject({ file: 'fgw/gzdt/page.mdx', line: 14, siteId: 'fgw' });
    resetRenderSink();
  });
});
