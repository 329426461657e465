/**
 * `jiyue import` (npm run import): Word documents in, draft articles out.
 *
 *   npm run import -- 文件.docx… | 文件夹 --site 站点 --column 栏目 [--slug 名称] [--content 目录] [--now 日期]
 *
 * Each document is opened safely (docx.ts), converted by mammoth, read as a 公文 (gongwen.ts) and
 * written as `<content>/<site>/<column>/<slug>.md`, its images in `<slug>.files/`. Then the
 * content rules run on the new file at once, as if it were published (it is a draft, so a build
 * would not look at it yet), and every finding is printed with the file, line and fix. A
 * document that cannot be read ends in one message and writes nothing; the others of a batch go
 * on. `.doc` and `.wps` are converted by LibreOffice when it is installed.
 *
 * Exit codes: 0 every document imported (findings are printed, the drafts are not published);
 * 1 a document could not be imported; 2 wrong usage.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mammoth from 'mammoth';
import { ID_PATTERN } from '../config/primitives.ts';
import { readWording } from '../check/check.ts';
import { scanFiles } from '../check/scan-files.ts';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../errors/diagnostic.ts';
import { loadGroup } from '../model/load.ts';
import { CONTENT_ARGS, parseContentOptions, translateArgError } from '../pipeline/options.ts';
import { slugFromName } from '../urls/urls.ts';
import { ImportError, openDocx, DOCX_LIMITS } from '../model/docx.ts';
import { readGongwen } from './gongwen.ts';

type Io = { out: (s: string) => void; err: (s: string) => void };

const USAGE = '用法：npm run import -- 文件.docx…（或一个文件夹） --site 站点 --column 栏目 [--slug 名称] [--content 目录] [--now YYYY-MM-DD]';

/** Image types a web page shows; others (EMF, WMF, TIFF) are left out with a note. */
const IMAGE_TYPES: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp' };

export interface ImportedFile {
  /** The new article, content-relative. */
  source: string;
  title: string;
  notes: string[];
  findings: Diagnostic[];
}

/** Converts one document into an article file of `siteId/columnId`; throws ImportError, writing nothing. */
export async function importDocument(input: string, options: { contentDir: string; siteId: string; columnId: string; slug?: string; today: string }): Promise<Omit<ImportedFile, 'findings'>> {
  const name = path.basename(input);
  let bytes: Buffer = fs.readFileSync(input);
  if (/\.(doc|wps)$/i.test(name)) bytes = convertLegacy(input);
  else if (!/\.docx$/i.test(name)) throw new ImportError(`${name} 不是 Word 文档：只能导入 .docx（以及装有 LibreOffice 时的 .doc、.wps）。`);
  const docx = await openDocx(bytes, name);

  const stem = name.replace(/\.(docx|doc|wps)$/i, '');
  const slug = options.slug ?? (ID_PATTERN.test(stem.toLowerCase()) ? stem.toLowerCase() : slugFromName(stem) ?? stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''));
  if (!ID_PATTERN.test(slug)) throw new ImportError(`文件名“${slug}”不能用作网址：请用 --slug 指定一个由小写字母、数字和连字符组成的名称，例如 --slug 2024-szf-12。`);
  const dir = path.join(options.contentDir, options.siteId, options.columnId);
  const mdFile = path.join(dir, `${slug}.md`);
  const filesDir = path.join(dir, `${slug}.files`);
  if (fs.existsSync(mdFile) || fs.existsSync(filesDir)) throw new ImportError(`${path.relative(options.contentDir, mdFile)} 已经存在：没有覆盖。请先删除它，或用 --slug 指定另一个名称。`);

  const images: { file: string; bytes: Buffer }[] = [];
  const notes: string[] = [];
  const result = await mammoth.convertToHtml(
    { buffer: docx },
    {
      // Linked files outside the document are never read.
      externalFileAccess: false,
      ignoreEmptyParagraphs: true,
      convertImage: mammoth.images.imgElement(async (image) => {
        const ext = IMAGE_TYPES[image.contentType];
        if (!ext) {
          notes.push(`一张 ${image.contentType} 格式的图片网页无法显示，已略去：请在 Word 中另存为 PNG 或 JPEG 后插入。`);
          return { src: '' };
        }
        const data = await image.readAsBuffer();
        const file = `image-${images.length + 1}${ext}`;
        images.push({ file, bytes: data });
        return { src: `./${slug}.files/${file}` };
      }),
    },
  );
  const today = options.today;
  const article = readGongwen(result.value, today);
  notes.push(...article.notes);

  // Everything is ready: write the images first, the article last (a reader never sees an article without its images).
  const staging = fs.mkdtempSync(path.join(dir, `.import-${slug}-`));
  try {
    if (images.length) {
      fs.mkdirSync(path.join(staging, 'files'));
      for (const img of images) fs.writeFileSync(path.join(staging, 'files', img.file), img.bytes);
      fs.renameSync(path.join(staging, 'files'), filesDir);
    }
    fs.writeFileSync(path.join(staging, 'article.md'), article.markdown);
    fs.renameSync(path.join(staging, 'article.md'), mdFile);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { source: path.relative(options.contentDir, mdFile).split(path.sep).join('/'), title: article.title, notes };
}

/** .doc/.wps through LibreOffice (`soffice --headless --convert-to docx`), when it is installed. */
function convertLegacy(input: string): Buffer {
  const soffice = ['soffice', 'libreoffice'].find((cmd) => spawnSync('which', [cmd]).status === 0);
  const name = path.basename(input);
  if (!soffice) throw new ImportError(`${name} 是旧版 Word 或 WPS 格式。本机没有安装 LibreOffice，无法自动转换：请用 Word 或 WPS“另存为”.docx 后再导入，或安装 LibreOffice（apt-get install libreoffice-writer）。`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-import-'));
  try {
    execFileSync(soffice, ['--headless', '--convert-to', 'docx', '--outdir', out, input], { stdio: 'ignore', timeout: 120_000 });
    const file = fs.readdirSync(out).find((f) => f.endsWith('.docx'));
    if (!file) throw new ImportError(`LibreOffice 没能转换 ${name}：文件可能已损坏或有密码保护。`);
    return fs.readFileSync(path.join(out, file));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`LibreOffice 没能转换 ${name}（${(error as Error).message}）：文件可能已损坏或有密码保护。`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The content rules on new drafts, as if they were published: what the loader says of each file, and the per-file rules. */
function checkImported(contentDir: string, themesDir: string, now: Parameters<typeof loadGroup>[0]['now'], sources: readonly string[]): Map<string, Diagnostic[]> {
  const wanted = new Set(sources);
  const out = new Map<string, Diagnostic[]>(sources.map((s) => [s, []]));
  const loaded = loadGroup({ contentDir, themesDir, now });
  for (const d of loaded.diagnostics) if (d.file && wanted.has(d.file)) out.get(d.file)!.push(d);
  const found: Diagnostic[] = [];
  const wording = readWording(contentDir, found);
  for (const r of scanFiles({ contentDir, wording, items: sources.map((source) => ({ source, siteId: source.split('/')[0], format: 'md', sanitized: true })) })) out.get(r.source)!.push(...r.diagnostics);
  return out;
}

export async function runImport(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { content: CONTENT_ARGS.content, now: CONTENT_ARGS.now, themes: CONTENT_ARGS.themes, site: { type: 'string' }, column: { type: 'string' }, slug: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    io.err(`错误：${translateArgError((error as Error).message)}\n${USAGE}\n`);
    return 2;
  }
  const shared = parseContentOptions({ content: values.content, now: values.now, themes: values.themes });
  const usage = (why: string) => {
    io.err(`错误：${why}\n${USAGE}\n`);
    return 2;
  };
  if (!shared.options) return usage(shared.errors.map((d) => d.message).join('；'));
  if (!values.site || !ID_PATTERN.test(values.site)) return usage('需要 --site 站点（站点的 id，例如 fgw）');
  if (!values.column || !ID_PATTERN.test(values.column)) return usage('需要 --column 栏目（栏目的 id，例如 zcwj；单页写 pages）');
  if (!positionals.length) return usage('需要至少一个要导入的文件或文件夹');
  const { contentDir, themesDir, now } = shared.options;
  const siteFile = path.join(contentDir, values.site, 'site.yaml');
  if (!fs.existsSync(siteFile)) return usage(`内容目录中没有站点 ${values.site}（找不到 ${path.relative(process.cwd(), siteFile) || siteFile}）`);
  if (values.column !== 'pages' && !new RegExp(`^\\s*-?\\s*id:\\s*["']?${values.column}["']?\\s*$`, 'm').test(fs.readFileSync(siteFile, 'utf8'))) {
    return usage(`站点 ${values.site} 的 site.yaml 没有栏目 ${values.column}`);
  }
  const inputs: string[] = [];
  for (const p of positionals) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return usage(`找不到 ${p}`);
    if (stat.isDirectory()) inputs.push(...fs.readdirSync(p).filter((f) => /\.(docx|doc|wps)$/i.test(f) && !f.startsWith('~$')).sort().map((f) => path.join(p, f)));
    else inputs.push(p);
  }
  if (!inputs.length) return usage('文件夹里没有 .docx、.doc 或 .wps 文件');
  if (values.slug && inputs.length > 1) return usage('--slug 只能用于导入一个文件');

  fs.mkdirSync(path.join(contentDir, values.site, values.column), { recursive: true });
  const done: Omit<ImportedFile, 'findings'>[] = [];
  let failed = 0;
  for (const input of inputs) {
    try {
      done.push(await importDocument(input, { contentDir, siteId: values.site, columnId: values.column, slug: values.slug, today: now.day }));
    } catch (error) {
      failed++;
      if (!(error instanceof ImportError)) throw error;
      io.err(`错误：${error.message}\n`);
    }
  }
  const findings = done.length ? checkImported(contentDir, themesDir, now, done.map((d) => d.source)) : new Map<string, Diagnostic[]>();
  for (const d of done) {
    io.out(`已导入 ${d.source}：${d.title}（草稿，三审和公开属性待填）\n`);
    for (const n of d.notes) io.out(`  说明：${n}\n`);
    for (const f of sortDiagnostics(findings.get(d.source) ?? [])) io.err(`${formatDiagnostic(f)}\n`);
  }
  const total = [...findings.values()].reduce((n, list) => n + list.length, 0);
  io.out(`\n导入 ${done.length} 篇${failed ? `，${failed} 个文件没有导入（见上文）` : ''}；内容规则发现 ${total} 个问题${total ? '（见上文，发布前必须改正错误）' : ''}。用 npm run dev 查看页面。\n`);
  return failed ? 1 : 0;
}

export { DOCX_LIMITS };
