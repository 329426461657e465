/**
 * `npm run bench -- --dev`: the editors' loop, measured as an editor meets it (bench.ts generates
 * the group). Starts `jiyue dev` on the generated group and reports:
 *
 *   - from starting `npm run dev` to the first page served (the portal's home, fetched);
 *   - from saving a retitled article to Chromium showing the new title on the open article page,
 *     reloaded by the dev server itself: each of `--edits` saves (default 10), their median and worst;
 *   - of those, the dev server's own reading of the group again after each save (the milliseconds it
 *     prints): the rest is the watcher, the page's request and render, and Chromium's reload;
 *   - the dev server's peak memory (VmHWM) after the edits.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../test/browser.ts';

export interface DevBenchResult {
  firstPageSeconds: number;
  /** Save → title shown in Chromium, milliseconds, in order. */
  editsMs: number[];
  medianMs: number;
  worstMs: number;
  /** The dev server's reading again after each save, as it printed it (milliseconds, in order). */
  reloadsMs: number[];
  reloadMedianMs: number;
  peakRssMb: number;
}

/**
 * `article`: a content-relative path of a department news article (`<site>/gzdt/<file>.md`);
 * its page is `<site's local URL>gzdt/<file>/`.
 */
export async function benchDev(options: { projectRoot: string; contentDir: string; now: string; article: string; edits: number; log: (s: string) => void }): Promise<DevBenchResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_ENV') delete env[k];
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(options.projectRoot, 'src/cli/jiyue.ts'), 'dev', '--content', options.contentDir, '--now', options.now, '--port', '0', '--out', path.join(options.contentDir, '..', 'no-build')], {
    cwd: options.projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const browser = await launchChromium();
  try {
    while (!stdout.includes('按 Ctrl-C 停止')) {
      if (child.exitCode !== null) throw new Error(`dev exited ${child.exitCode}: ${stderr.slice(-2000)}`);
      await sleep(20);
    }
    const local = new Map<string, string>();
    for (const m of stdout.matchAll(/^(\S+)\s+.*?(http:\/\/127\.0\.0\.1:\d+\/\S*)\s+https?:\/\/\S+$/gm)) local.set(m[1], m[2]);
    const portal = [...local.values()][0];
    for (;;) {
      const res = await fetch(portal).catch(() => undefined);
      if (res?.status === 200) {
        await res.text();
        break;
      }
      await sleep(20);
    }
    const firstPageSeconds = (performance.now() - started) / 1000;
    options.log(`  从启动到第一个页面 first page served: ${firstPageSeconds.toFixed(1)} s\n`);

    const [site, , name] = options.article.split('/');
    const file = path.join(options.contentDir, ...options.article.split('/'));
    const original = fs.readFileSync(file, 'utf8');
    const page = await browser.newPage();
    await page.goto(`${local.get(site)}gzdt/${name.replace(/\.md$/, '')}/`);
    const editsMs: number[] = [];
    try {
      for (let i = 1; i <= options.edits; i++) {
        const title = `实时预览基准第${i}次修改`;
        const t = performance.now();
        fs.writeFileSync(file, original.replace(/^title: .*$/m, `title: ${title}`));
        for (;;) {
          // The page reloads under us: an evaluation that meets the navigation is simply tried again.
          const shown = await page.evaluate((x) => document.querySelector('h1')?.textContent?.includes(x) ?? false, title).catch(() => false);
          if (shown) break;
          if (performance.now() - t > 60_000) throw new Error(`title ${i} not shown after 60 s`);
          await sleep(5);
        }
        editsMs.push(Math.round(performance.now() - t));
        options.log(`  第 ${i} 次保存 save ${i}: ${editsMs.at(-1)} ms\n`);
        // Let the editor pause between saves, as editors do.
        await sleep(300);
      }
    } finally {
      fs.writeFileSync(file, original);
    }
    const kb = Number(/^VmHWM:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
    const reloadsMs = [...stdout.matchAll(/已重新读取（(\d+) 毫秒/g)].map((m) => Number(m[1]));
    return {
      firstPageSeconds,
      editsMs,
      medianMs: median(editsMs),
      worstMs: Math.max(...editsMs),
      reloadsMs,
      reloadMedianMs: median(reloadsMs),
      peakRssMb: Math.round(kb / 1024),
    };
  } finally {
    await browser.close();
    child.kill('SIGINT');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  }
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
