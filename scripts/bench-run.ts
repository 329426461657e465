/**
 * Running what `npm run bench` measures (bench.ts): a command under `/usr/bin/time -v`, the
 * generator's CLI, Hugo and Pagefind on the same pages, the one-article edit; and the folders a
 * round replaces, kept until the measurements are done (bench.ts header: deletions slow what
 * follows).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** The generator's CLI. */
export const JIYUE = path.join(PROJECT_ROOT, 'src/cli/jiyue.ts');

/** Where replaced folders wait until the measurements are done (`<out>/.trash`): `keepTrashIn`. */
let trashDir: string | undefined;
let trashed = 0;

/** From now on, `discard` moves folders into `dir` instead of deleting them. */
export function keepTrashIn(dir: string): void {
  trashDir = dir;
}

/** Moves `dir` out of the way instead of deleting it (see bench.ts's header: deletions slow what follows). */
export function discard(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!trashDir) {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  fs.mkdirSync(trashDir, { recursive: true });
  fs.renameSync(dir, path.join(trashDir, `${process.pid}-${trashed++}-${path.basename(dir)}`));
}

/** Deletes what discard() kept: after the last measurement of a run. */
export function emptyTrash(): void {
  if (trashDir) fs.rmSync(trashDir, { recursive: true, force: true });
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export const sec = (n: number | undefined) => (n === undefined ? '—' : `${n.toFixed(1)} s`);

// ── measuring ───────────────────────────────────────────────────────────────────────────────

export interface Run {
  exitCode: number;
  wallSeconds: number;
  /** Largest resident set of any one process of the run (GNU time: the child and its descendants). */
  peakMb?: number;
  cpuPercent?: number;
  userSeconds?: number;
  systemSeconds?: number;
  /** The build's own timing line (JIYUE_TIMINGS), when it is a build. */
  timings?: Record<string, number>;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time -v (when there is one), with a live status line. */
export async function timed(label: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const timeBin = '/usr/bin/time';
  const useTime = fs.existsSync(timeBin);
  const timeFile = path.join(os.tmpdir(), `jiyue-bench-time-${process.pid}.txt`);
  const [bin, argv] = useTime ? [timeBin, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const started = performance.now();
  const child = spawn(bin, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...env, CI: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const tty = process.stdout.isTTY;
  const ticker = tty ? setInterval(() => process.stdout.write(`\r\x1b[K  ${label}…（${((performance.now() - started) / 1000).toFixed(0)} s）`), 1000) : undefined;
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  if (ticker) clearInterval(ticker);
  const run: Run = { exitCode, wallSeconds: (performance.now() - started) / 1000, stdout, stderr };
  if (tty) process.stdout.write('\r\x1b[K');
  process.stdout.write(`  ${label}：${sec(run.wallSeconds)}\n`);
  if (useTime && fs.existsSync(timeFile)) {
    const report = fs.readFileSync(timeFile, 'utf8');
    fs.rmSync(timeFile, { force: true });
    const pick = (re: RegExp) => (re.exec(report) ? Number(re.exec(report)![1]) : undefined);
    const max = pick(/Maximum resident set size \(kbytes\): (\d+)/);
    if (max !== undefined) run.peakMb = max / 1024;
    run.cpuPercent = pick(/Percent of CPU this job got: (\d+)%/);
    run.userSeconds = pick(/User time \(seconds\): ([\d.]+)/);
    run.systemSeconds = pick(/System time \(seconds\): ([\d.]+)/);
  }
  const line = /^JIYUE_TIMINGS (\{.*\})$/m.exec(stderr);
  if (line) run.timings = JSON.parse(line[1]) as Record<string, number>;
  return run;
}

export function jiyue(label: string, args: string[]): Promise<Run> {
  // The same heap limit as `npm run build` (package.json).
  return timed(label, process.execPath, ['--max-old-space-size=12288', JIYUE, ...args], { JIYUE_TIMINGS: '1' });
}

export function mustSucceed(run: Run, what: string): void {
  if (run.exitCode === 0) return;
  process.stderr.write(run.stderr.split('\n').slice(0, 60).join('\n') + '\n');
  fail(`${what}失败 failed（退出码 exit code ${run.exitCode}），用时 after ${sec(run.wallSeconds)}`);
}

/** The pinned Pagefind binary (the npm package's platform build, the one the build uses). */
export function pagefindBinary(): string {
  const base = path.join(PROJECT_ROOT, 'node_modules', '@pagefind');
  for (const dir of fs.existsSync(base) ? fs.readdirSync(base) : []) {
    const bin = path.join(base, dir, 'bin', 'pagefind_extended');
    if (fs.existsSync(bin)) return bin;
  }
  fail('找不到 Pagefind 可执行文件 pagefind binary not found under node_modules/@pagefind (npm ci)');
}

export function hugoBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'hugo');
    if (fs.existsSync(bin)) return bin;
  }
  return undefined;
}

/**
 * The same Markdown as a Hugo site: one section per site, minimal templates with a header,
 * navigation, footer and the article marked `data-pagefind-body` (as ours), `lang="zh-CN"`.
 */
export function hugoSite(contentDir: string, dir: string): number {
  discard(dir);
  const layouts = path.join(dir, 'layouts', '_default');
  fs.mkdirSync(layouts, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'hugo.toml'),
    'baseURL = "https://www.example.gov.cn/"\nlanguageCode = "zh-cn"\ntitle = "示例"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n[pagination]\npagerSize = 20\n[markup.goldmark.renderer]\nunsafe = true\n',
  );
  fs.writeFileSync(path.join(layouts, 'baseof.html'), '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><header><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header><main>{{ block "main" . }}{{ end }}</main><footer>footer</footer></body></html>');
  fs.writeFileSync(path.join(layouts, 'list.html'), '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}');
  fs.writeFileSync(path.join(layouts, 'single.html'), '{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</article>{{ end }}');
  let pages = 0;
  for (const site of fs.readdirSync(contentDir, { withFileTypes: true })) {
    if (!site.isDirectory()) continue;
    for (const column of fs.readdirSync(path.join(contentDir, site.name), { withFileTypes: true })) {
      if (!column.isDirectory()) continue;
      const to = path.join(dir, 'content', site.name, column.name);
      fs.mkdirSync(to, { recursive: true });
      for (const f of fs.readdirSync(path.join(contentDir, site.name, column.name))) {
        if (!f.endsWith('.md')) continue;
        fs.copyFileSync(path.join(contentDir, site.name, column.name, f), path.join(to, f));
        pages++;
      }
    }
  }
  return pages;
}

export interface HugoRun {
  hugo: Run;
  pagefind: Run;
  seconds: number;
  peakMb: number;
  pages: number;
}

export async function runHugo(contentDir: string, dir: string): Promise<HugoRun | undefined> {
  const hugo = hugoBinary();
  if (!hugo) {
    process.stdout.write('  没有 hugo（apt-get install hugo），跳过对照 no hugo, comparison skipped\n');
    return undefined;
  }
  const pages = hugoSite(contentDir, dir);
  const h = await timed('Hugo', hugo, ['--quiet', '--source', dir, '--destination', path.join(dir, 'public')]);
  mustSucceed(h, 'Hugo ');
  // Chinese, as the build's own indexes (src/search/index-unit.ts SEARCH_LANGUAGE).
  const p = await timed('Pagefind（Hugo 的页面 Hugo pages）', pagefindBinary(), ['--site', path.join(dir, 'public'), '--force-language', 'zh-cn', '--quiet']);
  mustSucceed(p, 'Pagefind ');
  return { hugo: h, pagefind: p, seconds: h.wallSeconds + p.wallSeconds, peakMb: Math.max(h.peakMb ?? 0, p.peakMb ?? 0), pages };
}

/**
 * Retitles the newest department news item, which the portal's 部门动态 lists: the case where a
 * department site, its column lists and the portal's home page all change.
 */
/** The newest department news article (by its date and time): the first item of the portal's 部门动态. */
export function newestNews(contentDir: string): { abs: string; rel: string } {
  let best: { abs: string; rel: string; key: string } | undefined;
  for (const site of fs.readdirSync(contentDir)) {
    const dir = path.join(contentDir, site, 'gzdt');
    if (site === 'www' || !fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith('.md')) continue;
      const abs = path.join(dir, file);
      const date = /^date: (.*)$/m.exec(fs.readFileSync(abs, 'utf8'))?.[1] ?? '';
      const key = `${date}\0${file}\0${site}`;
      if (!best || key > best.key) best = { abs, rel: `${site}/gzdt/${file}`, key };
    }
  }
  if (!best) fail('没有可改标题的部门动态 no department news to retitle');
  return best;
}

export function retitleOne(contentDir: string): string {
  const best = newestNews(contentDir);
  fs.writeFileSync(best.abs, fs.readFileSync(best.abs, 'utf8').replace(/^title: (["']?)(.*)\1$/m, 'title: $1$2（更新）$1'));
  return best.rel;
}

