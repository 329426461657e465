/**
 * Headless Chromium for the browser tests: the Debian `chromium` package (installed by
 * `.ci/run`), driven by playwright-core. Nothing is downloaded.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));

/** Path of the system Chromium; throws with the install command when missing. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('找不到 Chromium：请运行 apt-get install chromium（或设置 CHROMIUM_PATH）。');
  return found;
}

/** `extraArgs`: e.g. `--host-resolver-rules=MAP *.test.gov.cn 127.0.0.1` to reach a loopback server by a site's name. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', ...extraArgs],
  });
}

export interface AxeViolation {
  id: string;
  impact: string;
  targets: string[];
}

const AXE_FILE = new URL('../node_modules/axe-core/axe.min.js', import.meta.url);

/** axe-core's violations on the page as it is now (the script is injected into the page). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: fs.readFileSync(AXE_FILE, 'utf8') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
