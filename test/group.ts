/**
 * Whole-group tests without a build (in the spirit of Hugo's `Test(t, files)`): a fixture group
 * with some files replaced or removed, read, checked and planned in this process by the same
 * functions the build calls. Milliseconds, not seconds: the fast tier (`npm run test:fast`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkScanned, scanContent, type ContentCheckResult } from '../src/check/check.ts';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import type { Diagnostic } from '../src/errors/diagnostic.ts';
import { loadGroup } from '../src/model/load.ts';
import { toRuntime, type RuntimeModel } from '../src/model/runtime.ts';
import { planBuild, type BuildPlan, type PlannedPage, type PlannedUnit } from '../src/plan/plan.ts';
import { copyFixture, THEMES_DIR } from './helpers.ts';

export interface PlannedGroup {
  contentDir: string;
  model: RuntimeModel;
  check: ContentCheckResult;
  plan: BuildPlan;
  /** The content files the bodies link to (`ContentScan.linkedFiles`), what the plan was made from. */
  linkedFiles: [string, string, string][];
  /** Every finding of loading and the content rules. */
  diagnostics: Diagnostic[];
  unit(siteId: string): PlannedUnit;
  /** The planned page of a site by its file (`gzdt/x/index.html`). */
  page(siteId: string, file: string): PlannedPage | undefined;
}

/**
 * Plans the fixture group `fixture` (test/fixtures/<name>) with `files` applied: a string writes
 * the file (content-relative path), null removes it. `now`: the build's date.
 */
export async function planGroup(files: Record<string, string | null> = {}, options: { fixture?: string; content?: string; now?: string; sites?: string[] } = {}): Promise<PlannedGroup> {
  // `content`: a folder read in place (never written: no `files` with it); else a copy of a fixture.
  if (options.content && Object.keys(files).length) throw new Error('planGroup: files edit a fixture copy, not a folder read in place');
  const contentDir = options.content ?? copyFixture(options.fixture ?? 'mini');
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(contentDir, ...rel.split('/'));
    if (text === null) fs.rmSync(abs, { recursive: true, force: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
  }
  const now = parseJiyueDate(options.now ?? '2026-11-20') as JiyueDate;
  const loaded = loadGroup({ contentDir, themesDir: THEMES_DIR, now, sites: options.sites });
  if (!loaded.model) throw new Error(`the group does not load:\n${loaded.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`).join('\n')}`);
  const model = toRuntime(loaded.model, loaded.configs);
  // The build's order: the content read once, the rules over it, the plan from it (steps.ts loadContent, planUnits).
  const scan = await scanContent(model, { workers: 1 });
  const check: ContentCheckResult = { ...checkScanned(model, scan), seconds: 0 };
  const plan = planBuild(model, scan.linkedFiles);
  return {
    contentDir,
    model,
    check,
    plan,
    linkedFiles: scan.linkedFiles,
    diagnostics: [...loaded.diagnostics, ...check.diagnostics],
    unit: (siteId) => plan.units.find((u) => u.id === siteId)!,
    page: (siteId, file) => plan.units.find((u) => u.id === siteId)?.pages.find((p) => p.file === file),
  };
}

/** A fixture file's text with `f` applied. */
export function edited(fixture: string, rel: string, f: (text: string) => string): string {
  return f(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', fixture, ...rel.split('/')), 'utf8'));
}
