/**
 * Screenshots for docs/lifecycle.md: builds the demo group (--now 2026-11-20, lyw archived on
 * 2026-11-05, kjj closed), serves it with the preview and photographs what citizens see with
 * the Debian Chromium. Usage: node scripts/lifecycle-screenshots.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPreview } from '../src/cli/preview.ts';
import { launchChromium } from '../test/browser.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiyue-shots-')), 'dist');
const images = path.join(root, 'docs', 'images', 'lifecycle');
const build = spawnSync(process.execPath, ['src/cli/jiyue.ts', 'build', '--out', out, '--now', '2026-11-20'], { cwd: root, stdio: 'inherit', env: { ...process.env, CI: '1' } });
if (build.status !== 0) process.exit(1);
fs.mkdirSync(images, { recursive: true });
const preview = await startPreview({ outDir: out, port: 0 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 });
  const portal = preview.sites.find((s) => s.id === 'www')!.localUrl;
  const shots: [string, string][] = [
    ['archived-page.png', `${portal}archive/lyw/lydt/`],
    ['portal-offline-notice.png', portal],
    ['portal-archive-index.png', `${portal}archive/`],
    ['closed-site.png', preview.sites.find((s) => s.id === 'kjj')!.localUrl],
    ['portal-notices.png', `${portal}notices/`],
  ];
  for (const [file, url] of shots) {
    await page.goto(url, { waitUntil: 'load' });
    await page.screenshot({ path: path.join(images, file) });
    console.log(`${file} ← ${url}`);
  }
} finally {
  await browser.close();
  await preview.close();
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
}
