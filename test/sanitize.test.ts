/**
 * Untrusted Markdown through the pipeline the build renders every Markdown body with
 * (src/markdown/pipeline.ts `markdownProcessor`: CJK emphasis and bare URLs, rehype-raw, link
 * resolution, rehype-sanitize with the content schema). Each folder under
 * test/fixtures/sanitize/ holds `input.md` and the reviewed, safe `expected.html`.
 *
 * `UPDATE_FIXTURES=1 npm test -- test/sanitize.test.ts` rewrites the expected files; review the
 * diff before committing: an expected file must never contain unsafe markup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { scanMarkdown } from '../src/markdown/scan.ts';
import { markdownProcessor } from '../src/markdown/pipeline.ts';
import { MAY_HAVE_LITERALS } from '../src/markdown/remark-gfm-no-literals.ts';
import { createLinkIndex } from '../src/model/links.ts';
import { Urls } from '../src/urls/urls.ts';
import { cspProblems } from './csp.ts';
import { FIXTURES, listFiles, REPO_ROOT, tempDir } from './helpers.ts';

const ROOT = path.join(FIXTURES, 'sanitize');
const CONTENT_DIR = path.join(REPO_ROOT, 'content');
const CASES = fs.readdirSync(ROOT).filter((c) => fs.existsSync(path.join(ROOT, c, 'input.md'))).sort();
const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** The real pipeline, with a link index of nothing (the fixtures link to external addresses only). */
function processorFor(contentDir: string, literals?: 'always') {
  const index = createLinkIndex({ targets: [], unpublished: [], files: [], sites: [] });
  const urls = new Urls({ urlMode: 'domains', portal: 'www', sites: [{ id: 'www', domain: 'www.test.gov.cn', kind: 'portal' }] });
  return markdownProcessor({ contentDir, index, urls }, { literals });
}

async function render(file: string): Promise<string> {
  const vfile = new VFile({ value: fs.readFileSync(file, 'utf8'), path: pathToFileURL(file) });
  return String(await processorFor(path.dirname(path.dirname(file))).process(vfile));
}

/** Blank lines left where removed blocks were carry no meaning; compare without them. */
const normalize = (html: string) => html.replace(/\n\s*\n/g, '\n').trim() + '\n';

/** What must never reach a page, whatever the input. */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(iframe|style|form|object|embed|link|meta|button)\b/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|vbscript|data):/i);
  expect(html).not.toMatch(/javascript:|vbscript:/i);
  expect(html).not.toMatch(/<input(?![^>]*type="checkbox")/i);
}

describe('sanitizing untrusted Markdown', () => {
  it('has fixture cases', () => {
    expect(CASES).toEqual([
      'autolink-literals',
      'bare-urls-in-quotes',
      'cjk-emphasis',
      'dangerous-urls',
      'event-handlers',
      'footnotes-anchors',
      'gfm-table-sup-sub',
      'html-table-colspan',
      'iframe-style-form',
      'nested-html',
      'script-tag',
      'tel-link',
    ]);
  });

  it.each(CASES)('%s: renders to the reviewed expected.html', async (name) => {
    const html = normalize(await render(path.join(ROOT, name, 'input.md')));
    const expectedFile = path.join(ROOT, name, 'expected.html');
    expectSafe(html);
    if (UPDATE) fs.writeFileSync(expectedFile, html);
    const expected = fs.readFileSync(expectedFile, 'utf8');
    expectSafe(expected);
    expect(html).toBe(normalize(expected));
  });

  // The audit test/deploy.test.ts runs on every demo page: it finds each thing the policy refuses.
  it('the Content-Security-Policy audit of built pages finds what the policy refuses, and passes what it allows', () => {
    expect(cspProblems('<!doctype html><link rel="stylesheet" href="/assets/site.css"><script src="/assets/site.js" defer></script><script type="application/ld+json">{"a":1}</script><img src="data:image/png;base64,AA" alt=""><a href="https://www.gov.cn/">国务院</a><form action="/search/"></form>')).toEqual([]);
    expect(
      cspProblems(
        '<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="x()">a</p><a href="javascript:void(0)">b</a>' +
          '<iframe src="/x/"></iframe><base href="/"><img src="https://www.gov.cn/logo.png" alt=""><img srcset="/a.png 1x, //cdn.example.com/b.png 2x" alt="">' +
          '<script src="https://cdn.example.com/x.js"></script><link rel="icon" href="http://example.com/f.ico"><form action="https://example.com/post"></form>',
      ),
    ).toEqual([
      '内联 <script>',
      '<style> 元素',
      '<p style>',
      '<p onclick>',
      '<a href="javascript:…">',
      '<iframe>',
      '<base>',
      '<img> 从别处加载 https://www.gov.cn/logo.png',
      '<img> 从别处加载 //cdn.example.com/b.png',
      '<script> 从别处加载 https://cdn.example.com/x.js',
      '<link> 从别处加载 http://example.com/f.ico',
      '<form action="https://example.com/post">',
    ]);
  });

  it('removes scripts with their code and keeps the surrounding text', async () => {
    const html = await render(path.join(ROOT, 'script-tag', 'input.md'));
    expect(html).toContain('通知正文继续。');
    expect(html).not.toContain('alert');
    expect(html).not.toContain('document.cookie');
  });

  it('drops CSS with its <style> element instead of showing it as text', async () => {
    const html = await render(path.join(ROOT, 'iframe-style-form', 'input.md'));
    expect(html).not.toContain('display: none');
  });

  it('keeps tables, <sup>/<sub>, images and links', async () => {
    const html = await render(path.join(ROOT, 'gfm-table-sup-sub', 'input.md'));
    expect(html).toContain('<table>');
    expect(html).toContain('CO<sub>2</sub>');
    expect(html).toContain('km<sup>2</sup>');
    expect(html).toContain('<img src="https://www.gov.cn/images/map.png" alt="全市地图"');
    expect(html).toContain('<a href="https://www.gov.cn/"');
  });

  it('keeps colspan and rowspan of a raw HTML table', async () => {
    const html = await render(path.join(ROOT, 'html-table-colspan', 'input.md'));
    expect(html).toContain('<th scope="col" colspan="2">');
    expect(html).toContain('<td rowspan="2">');
    expect(html).toContain('<td colspan="3">合计：150</td>');
  });

  it('a line break inside a paragraph is a line break (Chinese documents are written line by line), or with lineBreaks: false joins with no space between CJK characters', async () => {
    const body = '示例市发展和改革委员会\n办公室\n2026年11月12日\n\n以下人员不能应聘：\n1. 现役军人；\n2.在读学生。\n\nsee the\nreport\n';
    const render = async (lineBreaks: boolean) => {
      const index = createLinkIndex({ targets: [], unpublished: [], files: [], sites: [] });
      const urls = new Urls({ urlMode: 'domains', portal: 'www', sites: [{ id: 'www', domain: 'www.test.gov.cn', kind: 'portal' }] });
      return String(await markdownProcessor({ contentDir: tempDir('jiyue-lines-'), index, urls }, { lineBreaks }).process(new VFile({ value: body, path: '/tmp/x/a.md' })));
    };
    const on = await render(true);
    expect(on).toContain('<p>示例市发展和改革委员会<br>\n办公室<br>\n2026年11月12日</p>');
    expect(on).toContain('see the<br>\nreport');
    const off = await render(false);
    expect(off).toContain('<p>示例市发展和改革委员会办公室 2026年11月12日</p>');
    expect(off).toContain('see the report');
    expect(off).not.toMatch(/[\p{Script=Han}][ \n][\p{Script=Han}]/u);
  });

  it('one definition of a bare URL: the page links exactly what `npm run check` reads, inside Chinese quotes and brackets and before full-width punctuation', async () => {
    const url = ['www.tjxxx.gov.cn', 'https://www.gov.cn/zhengce/', 'http://www.gov.cn/a.html'];
    const wrappers = [['“', '”'], ['‘', '’'], ['「', '」'], ['《', '》'], ['（', '）'], ['', '，'], ['', '。'], ['', '；'], ['', '：'], ['请登录', '查询']];
    for (const u of url) {
      for (const [open, close] of wrappers) {
        const body = `英文域名为${open}${u}${close}其中“xxx”表示各单位。\n`;
        const html = String(await processorFor(tempDir('jiyue-bare-')).process(new VFile({ value: body, path: '/tmp/x/a.md' })));
        const rendered = [...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
        const href = u.startsWith('www.') ? `http://${u}` : u;
        expect(rendered, `${open}${u}${close}`).toEqual([[href, u]]);
        // Both the quick scan and the full parse of the check.
        for (const quick of [true, false]) expect(scanMarkdown(body, 1, 'md', { quick }).links.map((l) => l.href), `${open}${u}${close} quick=${quick}`).toEqual([href]);
      }
    }
  });

  it('parses a body without GFM autolink literals only where none can occur: every demo body and fixture renders as with them', () => {
    const files = [...listFiles(CONTENT_DIR).filter((f) => f.endsWith('.md')).map((f) => path.join(CONTENT_DIR, ...f.split('/'))), ...CASES.map((c) => path.join(ROOT, c, 'input.md'))];
    const auto = processorFor(CONTENT_DIR);
    const always = processorFor(CONTENT_DIR, 'always');
    let without = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const body = text.startsWith('---') ? text.slice(text.indexOf('\n---', 3) + 4) : text;
      if (!MAY_HAVE_LITERALS.test(body)) without++;
      const a = auto.processSync(new VFile({ value: body, path: pathToFileURL(file) }));
      const b = always.processSync(new VFile({ value: body, path: pathToFileURL(file) }));
      expect(String(a), file).toBe(String(b));
      expect(a.messages.map(String), file).toEqual(b.messages.map(String));
    }
    // Most bodies take the cheaper parse; the fixture with addresses does not.
    expect(without).toBeGreaterThan(files.length / 2);
    expect(MAY_HAVE_LITERALS.test(fs.readFileSync(path.join(ROOT, 'autolink-literals', 'input.md'), 'utf8'))).toBe(true);
  });

  it('points every in-page link at an id in the body (footnotes both ways, anchors, headings), in Chinese', async () => {
    const html = await render(path.join(ROOT, 'footnotes-anchors', 'input.md'));
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    // A browser looks for the fragment as written, then percent-decoded (HTML: the indicated part of the document).
    const fragments = [...html.matchAll(/\shref="#([^"]+)"/g)].map((m) => m[1]);
    expect(fragments.length).toBe(6);
    for (const f of fragments) expect(ids.has(f) || ids.has(decodeURIComponent(f)), `#${f} in ${[...ids].join(' ')}`).toBe(true);
    // The body's ids stay prefixed: a body cannot take over an id of the page around it.
    expect(ids).not.toContain('search-q');
    expect(ids).toContain('user-content-search-q');
    expect(html).toContain('>注释</h2>');
    expect(html).toContain('aria-label="返回第 1 条注释的引用处"');
    expect(html).not.toMatch(/Footnotes|Back to reference/);
  });

  it('sanitizes an .mdx file exactly like .md: the Markdown pipeline never skips a file by its name', async () => {
    // Untrusted .mdx is rendered as Markdown (it never reaches the MDX compiler).
    const dir = tempDir('jiyue-sanitize-');
    const markup = '<p style="color:red" onclick="x()">段落</p><script>alert(1)</script>\n';
    fs.writeFileSync(path.join(dir, 'x.md'), markup);
    fs.writeFileSync(path.join(dir, 'x.mdx'), markup);
    expect(await render(path.join(dir, 'x.md'))).toBe('<p>段落</p>');
    expect(await render(path.join(dir, 'x.mdx'))).toBe('<p>段落</p>');
  });
});
