/**
 * The project's TypeScript is stripped once per file version (src/lib/stripped-types.ts): what the
 * cache serves is exactly what Node's own loader makes of the file, a changed file is stripped
 * again, and nothing tells the editor about it (no experimental-feature warning on stderr).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INSTALL_CACHE_DIR } from '../src/lib/install-cache.ts';
import { strippedSource } from '../src/lib/stripped-types.ts';

const STRIPPED_DIR = path.join(INSTALL_CACHE_DIR, 'stripped');
import { REPO_ROOT, tempDir } from './helpers.ts';

/** The kept copies that hold `text` (other processes may add copies of their own meanwhile). */
const copiesWith = (text: string) =>
  (fs.existsSync(STRIPPED_DIR) ? fs.readdirSync(STRIPPED_DIR, { recursive: true }) : []).filter((f) => fs.statSync(path.join(STRIPPED_DIR, String(f))).isFile() && fs.readFileSync(path.join(STRIPPED_DIR, String(f)), 'utf8').includes(text)).length;

describe('the stripped-types cache', () => {
  it('serves what Node strips, keeps one copy per file version, and warns nobody', () => {
    const file = path.join(tempDir('jiyue-stripped-'), 'x.ts');
    const url = pathToFileURL(file).href;
    // A unique source: never stripped before, on any machine.
    const stamp = `${process.pid}-${Date.now()}-${Math.random()}`;
    fs.writeFileSync(file, `export const stamp: string = '${stamp}';\ninterface A { b: number }\nexport function f(a: A): number {\n  return a.b;\n}\n`);
    // In a process of its own, as the CLI runs it: stderr stays empty (vitest's workers hide warnings).
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const { strippedSource } = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src', 'lib', 'stripped-types.ts')).href)}); process.stdout.write(strippedSource(${JSON.stringify(url)}));`], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const js = child.stdout;
    // Exactly Node's transform (types blanked in place, so lines and columns stay) with the file's URL.
    const node = module.stripTypeScriptTypes(fs.readFileSync(file, 'utf8'), { mode: 'strip', sourceUrl: url });
    expect(js).toBe(node);
    expect(js.split('\n')[3]).toBe('  return a.b;');
    expect(js).toContain(`//# sourceURL=${url}`);
    expect(copiesWith(stamp)).toBe(1);
    // Served from the copy the second time.
    expect(strippedSource(url)).toBe(js);
    expect(copiesWith(stamp)).toBe(1);
    // A changed file is a new version: stripped again, never the old copy.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('a.b;', 'a.b + 1;'));
    expect(strippedSource(url)).toContain('return a.b + 1;');
    expect(copiesWith(stamp)).toBe(2);
    for (const f of fs.readdirSync(STRIPPED_DIR, { recursive: true })) {
      const abs = path.join(STRIPPED_DIR, String(f));
      if (fs.statSync(path.join(STRIPPED_DIR, String(f))).isFile() && fs.readFileSync(abs, 'utf8').includes(stamp)) fs.rmSync(abs);
    }
  });
});
