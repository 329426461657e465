/**
 * The lifecycle stage of the build (one task in src/build/build.ts, run before rendering):
 * reads the previous build's manifest, plans every redirect (declared, archived, closed…),
 * checks the published-URL ledger, and writes the redirect files for ops into the staging
 * output. Errors stop the build before anything is rendered or swapped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml, positionOf, type ParsedYaml } from '../config/parse.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { applyRuleOverrides } from '../errors/overrides.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { writeRedirectFiles } from './emit.ts';
import { planRedirects, type ManifestRedirect, type PreviousManifest, type RedirectRule } from './redirects.ts';

export interface LifecycleStageOptions {
  /** `--previous-manifest`, else `<outDir>/manifest.json` when it exists. */
  previousManifest?: string;
  outDir: string;
  staging: string;
  generator: string;
}

export interface LifecycleStageResult {
  diagnostics: Diagnostic[];
  redirects: ManifestRedirect[];
  rules: RedirectRule[];
  /** The manifest the ledger compared with, if any. */
  previousFile?: string;
}

/** Reads a manifest.json for the ledger; `undefined` when there is none to compare with. */
export function readPreviousManifest(file: string, explicit: boolean): { manifest?: PreviousManifest; diagnostic?: Diagnostic } {
  if (!fs.existsSync(file)) {
    return explicit ? { diagnostic: diagnostic('PreviousManifestUnreadable', { file, detail: '文件不存在' }) } : {};
  }
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PreviousManifest>;
    if (!Array.isArray(json.pages) || json.pages.some((p) => typeof p?.url !== 'string' || typeof p?.site !== 'string')) throw new Error('缺少 pages[].url / pages[].site');
    const redirects = Array.isArray(json.redirects) ? json.redirects.filter((r) => typeof r?.from === 'string' && typeof r?.to === 'string') : [];
    return { manifest: { file, pages: json.pages, redirects } };
  } catch (error) {
    return { diagnostic: diagnostic('PreviousManifestUnreadable', { file, detail: error instanceof Error ? error.message : String(error) }) };
  }
}

export function runLifecycleStage(model: RuntimeModel, options: LifecycleStageOptions): LifecycleStageResult {
  const file = options.previousManifest ?? path.join(options.outDir, 'manifest.json');
  const { manifest, diagnostic: readProblem } = readPreviousManifest(file, Boolean(options.previousManifest));
  if (readProblem) return { diagnostics: [readProblem], redirects: [], rules: [] };

  // Positions in site.yaml are only needed for messages: parse a file again only then.
  const parsedCache = new Map<string, ParsedYaml | undefined>();
  const siteFileLine = (siteId: string, keyPath: (string | number)[]) => {
    const rel = `${siteId}/site.yaml`;
    if (!parsedCache.has(siteId)) {
      const text = fs.readFileSync(path.join(model.contentDir, siteId, 'site.yaml'), 'utf8');
      parsedCache.set(siteId, parseYaml(text, { file: rel }).parsed);
    }
    const parsed = parsedCache.get(siteId);
    return parsed ? positionOf(parsed, keyPath, { file: rel }) : {};
  };

  const plan = planRedirects(model, manifest, siteFileLine);
  const diagnostics = applyRuleOverrides(plan.diagnostics, model.ruleOverrides);
  if (!diagnostics.some((d) => d.severity === 'error')) {
    writeRedirectFiles(plan.rules, { outDir: options.staging, generator: options.generator, now: model.now.day });
  }
  return { diagnostics, redirects: plan.redirects, rules: plan.rules, previousFile: manifest?.file };
}
