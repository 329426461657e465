/**
 * Headless Chromium for the browser tests: the Debian `chromium` package (installed by
 * `.ci/run`), driven by playwright-core. Nothing is downloaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startPreview, type PreviewServer } from '../src/cli/preview.ts';
import { runBuild, tempDir, type CliResult } from './helpers.ts';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));

/** Path of the system Chromium; throws with the install command when missing. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('找不到 Chromium：请运行 apt-get install chromium（或设置 CHROMIUM_PATH）。');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
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
