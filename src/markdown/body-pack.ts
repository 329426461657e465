/**
 * Packs of rendered body HTML in the body store (render.ts): a pack holds the bodies of one site
 * that one render job wrote in a row; a body is a byte range of it. The entry page reads its body
 * through `readBody` (this module is all the page bundle takes from the Markdown side).
 */
import fs from 'node:fs';
import path from 'node:path';

/** A body's HTML: `[pack file, start, end]`, as the unit job carries it. */
export type BodyRef = [file: string, start: number, end: number];

/** The file of pack `pack` in the store's HTML folder. */
export function packFile(htmlDir: string, pack: string): string {
  return path.join(htmlDir, `${pack}.html`);
}

const packs = new Map<string, Buffer>();

/** The HTML of a body (each pack read once per process: a unit's bodies are in a few packs). */
export function readBody([file, start, end]: BodyRef): string {
  let bytes = packs.get(file);
  if (!bytes) packs.set(file, (bytes = fs.readFileSync(file)));
  return bytes.toString('utf8', start, end);
}
