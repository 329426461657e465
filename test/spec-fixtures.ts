/**
 * The page-spec fixture cases (test/fixtures/spec/<case>/): the mini group with one mistake
 * overlaid (`content/` replaces files of mini, `themes/` adds themes next to the project's).
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyFixture, FIXTURES, THEMES_DIR, tempDir } from './helpers.ts';

export const SPEC_CASES = path.join(FIXTURES, 'spec');

/** Content and themes folders for a case, in a fresh temp folder. */
export function specCase(name: string): { content: string; themes: string } {
  const content = copyFixture('mini');
  const caseDir = path.join(SPEC_CASES, name);
  if (!fs.existsSync(caseDir)) throw new Error(`no fixture case ${name}`);
  if (fs.existsSync(path.join(caseDir, 'content'))) fs.cpSync(path.join(caseDir, 'content'), content, { recursive: true });
  const themes = path.join(tempDir('jiyue-themes-'), 'themes');
  fs.cpSync(THEMES_DIR, themes, { recursive: true });
  if (fs.existsSync(path.join(caseDir, 'themes'))) fs.cpSync(path.join(caseDir, 'themes'), themes, { recursive: true });
  return { content, themes };
}
