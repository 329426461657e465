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
import { markdownProcessor } from '../src/markdown/pipeline.ts';
import { createLinkIndex } from '../src/model/links.ts';
import { Urls } from '../src/urls/urls.ts';
import { FIXTURES, tempDir } from './helpers.ts';

const ROOT = path.join(FIXTURES, 'sanitize');
const CASES = fs.readdirSync(ROOT).filter((c) => fs.existsSync(path.join(ROOT, c, 'input.md'))).sort();
const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** The real pipeline, with a link index of nothing (the fixtures link to external addresses only). */
function processorFor(contentDir: string) {
  const index = createLinkIndex({ targets: [], unpublished: [], files: [], sites: [] });
  const urls = new Urls({ urlMode: 'domains', portal: 'www', sites: [{ id: 'www', domain: 'www.test.gov.cn', kind: 'portal' }] });
  return markdownProcessor({ contentDir, index, urls });
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
      'cjk-emphasis',
      'dangerous-urls',
      'event-handlers',
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
