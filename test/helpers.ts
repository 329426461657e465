/**
 * Shared test helpers: temporary folders, small content trees, running the real CLI, and a
 * built group served with Chromium open.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, inject } from 'vitest';
import { startPreview, type PreviewServer } from '../src/cli/preview.ts';
import { launchChromium } from './browser.ts';

/** The repository root (where package.json and src/ live). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const THEMES_DIR = path.join(REPO_ROOT, 'themes');

const created: string[] = [];

/** A fresh folder under the OS temp dir, removed after the test file finishes. */
export function tempDir(prefix = 'jiyue-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `{ 'relative/path': 'text' }` under `root`, creating folders as needed. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return root;
}

/** Copies a fixture group (test/fixtures/<name>) to a temp folder and returns the copy's path. */
export function copyFixture(name: string): string {
  const dest = path.join(tempDir(`jiyue-${name}-`), name);
  fs.cpSync(path.join(FIXTURES, name), dest, { recursive: true });
  return dest;
}

/** Every file under `dir`, as POSIX paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(path.relative(dir, abs).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** `{ relative path: file bytes }` of every file under `dir`, to compare trees byte for byte. */
export function snapshotTree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, ...f.split('/')))]));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/cli/jiyue.ts <args>` with this process's Node (the pinned Node 22 under `npm test`),
 * from the repository root, as an editor or CI job would (`cli`: another copy of the generator).
 */
export function runCli(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cli?: string } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...options.env };
  delete env.JIYUE_JOB;
  delete env.JIYUE_CONTENT;
  args = withBuildDefaults(args);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cli ?? path.join('src', 'cli', 'jiyue.ts'), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Test builds run side by side: each output folder gets its own cache (next to it, so a second
 * build into the same folder is incremental, as an editor's would be), and one worker process
 * unless a test asks for more (`--jobs`; the byte-identity tests compare both).
 */
export function withBuildDefaults(args: string[]): string[] {
  if (args[0] !== 'build' && args[0] !== 'merge') return args;
  const out = args.indexOf('--out');
  const extra: string[] = [];
  if (!args.includes('--cache')) {
    const dir = out >= 0 ? path.join(path.dirname(path.resolve(REPO_ROOT, args[out + 1])), `.cache-${path.basename(args[out + 1])}`) : path.join(tempDir('jiyue-cache-'), 'cache');
    extra.push('--cache', dir);
  }
  if (args[0] === 'build' && !args.includes('--jobs')) extra.push('--jobs', '1');
  return [...args, ...extra];
}

/** Runs `jiyue build` on a content folder into an output folder. */
export function runBuild(contentDir: string, outDir: string, extra: string[] = []): Promise<CliResult> {
  return runCli(['build', '--content', contentDir, '--out', outDir, '--now', '2026-11-20', ...extra]);
}

/**
 * The demo group (`content/`) built once per test run with `runBuild`'s defaults (`--now
 * 2026-11-20`), shared read-only by every file that only reads it: the first file to ask
 * builds it, the others wait for it. Returns the output folder. Never write into it.
 */
export async function demoBuild(): Promise<string> {
  return (await demoBuildResult()).out;
}

/** The shared demo build (`demoBuild`): its output folder and what the build printed. */
export async function demoBuildResult(): Promise<CliResult & { out: string }> {
  const shared = inject('sharedDir');
  const out = path.join(shared, 'demo', 'dist');
  const done = path.join(shared, 'demo.done.json');
  const failed = path.join(shared, 'demo.failed');
  let mine = false;
  try {
    fs.writeFileSync(path.join(shared, 'demo.lock'), String(process.pid), { flag: 'wx' });
    mine = true;
  } catch {
    // Another file is building it.
  }
  if (mine) {
    const r = await runBuild(path.join(REPO_ROOT, 'content'), out, ['--jobs', '2']);
    if (r.code !== 0) {
      fs.writeFileSync(failed, `${r.stdout}\n${r.stderr}`);
      throw new Error(`demo build failed:\n${r.stderr}`);
    }
    fs.writeFileSync(done, JSON.stringify(r));
    return { ...r, out };
  }
  for (;;) {
    if (fs.existsSync(done)) return { ...(JSON.parse(fs.readFileSync(done, 'utf8')) as CliResult), out };
    if (fs.existsSync(failed)) throw new Error(`demo build failed:\n${fs.readFileSync(failed, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A 党政机关网站标识 id shaped like the real ones (32 hexadecimal characters), derived from a site code. */
export function conacIdFor(siteCode: string): string {
  const h = createHash('md5').update(siteCode).digest('hex').toUpperCase();
  return `${h.slice(0, 16)}E053${h.slice(16, 28)}`;
}

/** A group built into a temporary folder, served by the preview server, with Chromium open. */
export interface ServedGroup {
  out: string;
  preview: PreviewServer;
  browser: Browser;
  /** The preview URL of a site's home (ends with `/`). */
  origin(siteId: string): string;
  close(): Promise<void>;
}

/** Builds `content` (with `build`, default `runBuild`), serves the output and starts Chromium. */
export async function buildAndServe(content: string, prefix: string, build: (out: string) => Promise<CliResult> = (out) => runBuild(content, out)): Promise<ServedGroup> {
  const out = path.join(tempDir(prefix), 'dist');
  const r = await build(out);
  if (r.code !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return serve(out);
}

/** Serves a built output folder with the preview server and starts Chromium. */
export async function serve(out: string): Promise<ServedGroup> {
  const preview = await startPreview({ outDir: out, port: 0 });
  const browser = await launchChromium();
  return {
    out,
    preview,
    browser,
    origin: (siteId) => preview.sites.find((s) => s.id === siteId)!.localUrl,
    close: async () => {
      await browser.close();
      await preview.close();
    },
  };
}
