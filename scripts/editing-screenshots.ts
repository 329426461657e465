/**
 * The screenshots of docs/editing.md, taken from the real thing: `jiyue dev` on a copy of the
 * demo group, Chromium at a desktop width. Run after changing the dev server's overlay:
 *
 *   node scripts/editing-screenshots.ts
 *
 * Writes docs/images/editing-*.png.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../test/browser.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs', 'images');

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-shots-'));
  const content = path.join(work, 'content');
  fs.cpSync(path.join(ROOT, 'content'), content, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/jiyue.ts'), 'dev', '--content', content, '--port', '0', '--now', '2026-11-20', '--out', path.join(work, 'no-build')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  const browser = await launchChromium();
  try {
    while (!stdout.includes('按 Ctrl-C 停止')) {
      if (child.exitCode !== null) throw new Error('dev exited');
      await new Promise((r) => setTimeout(r, 100));
    }
    const fgw = /^fgw\s+.*?(http:\/\/127\.0\.0\.1:\d+\/)/m.exec(stdout)![1];
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.goto(`${fgw}gzdt/2026-11-17-xmdd/`);
    await page.screenshot({ path: path.join(OUT, 'editing-page.png') });
    // A typo in a link: the finding shows on the page, with the file, line and fix.
    const file = path.join(content, 'fgw', 'gzdt', '2026-11-17-xmdd.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('../fzgh/2026-xmcb.md', '../fzgh/2026-xmcb-v2.md'));
    await page.waitForFunction(() => document.querySelector('jiyue-dev-overlay')?.shadowRoot?.textContent?.includes('LINK-BROKEN'), undefined, { timeout: 20_000, polling: 100 }).catch(async () => {
      await page.waitForLoadState();
      await page.waitForFunction(() => document.querySelector('jiyue-dev-overlay')?.shadowRoot?.textContent?.includes('LINK-BROKEN'), undefined, { timeout: 20_000, polling: 100 });
    });
    await page.screenshot({ path: path.join(OUT, 'editing-finding.png') });
  } finally {
    await browser.close();
    child.kill('SIGINT');
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
