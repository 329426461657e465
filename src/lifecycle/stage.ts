/**
 * The lifecycle stage of the build (one task in src/pipeline/build.ts, run before rendering):
 * reads the previous build's manifest, plans every redirect (declared, archived, closed…) and
 * checks the published-URL ledger against the build plan's pages and files; the pipeline then
 * writes the redirect files for ops into the staging output. Errors stop the build before
 * anything is rendered or swapped.
 */
import fs from 'node:fs';
import { positionOf, writtenIndex } from '../config/parse.ts';
import type { RedirectConfig } from '../config/site.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { RuntimeModel } from '../model/runtime.ts';
import { writeRedirectFiles } from './emit.ts';
import { readManifestFile } from '../plan/manifest.ts';
import type { PublishedIndexNumbers } from '../model/index-numbers.ts';
import { planRedirects, type ManifestRedirect, type PreviousManifest, type RedirectRule } from './redirects.ts';

export interface LifecycleStageOptions {
  /** The previous build's manifest (read before loading, see `readPreviousManifest`). */
  previous?: PreviousManifest;
  /** This build's planned pages. */
  pages: Iterable<{ url: string; siteId: string; route: string }>;
  /** Absolute URLs of the content files this build publishes (the ledger keeps them like pages). */
  files: string[];
}

export interface LifecycleStageResult {
  diagnostics: Diagnostic[];
  redirects: ManifestRedirect[];
  rules: RedirectRule[];
}

/** Reads a manifest.json for the ledger; `undefined` when there is none to compare with. */
export function readPreviousManifest(file: string, explicit: boolean): { manifest?: PreviousManifest; diagnostic?: Diagnostic } {
  if (!fs.existsSync(file)) {
    return explicit ? { diagnostic: diagnostic('PreviousManifestUnreadable', { file, detail: '文件不存在' }) } : {};
  }
  const r = readManifestFile(file);
  if (!r.manifest) return { diagnostic: diagnostic('PreviousManifestUnreadable', { file, detail: r.error! }) };
  return { manifest: { ...r.manifest, file } };
}

/** The 索引号 a previous build published, for the loader to keep (src/model/index-numbers.ts). */
export function publishedIndexNumbers(previous: PreviousManifest): PublishedIndexNumbers {
  const bySource = new Map<string, string>();
  const byHash = new Map<string, string>();
  for (const p of previous.pages) {
    if (!p.source || !p.indexNumber) continue;
    bySource.set(p.source, p.indexNumber);
    if (p.sourceHash) byHash.set(p.sourceHash, p.indexNumber);
  }
  return { bySource, byHash };
}

export function runLifecycleStage(model: RuntimeModel, options: LifecycleStageOptions): LifecycleStageResult {
  // Positions in site.yaml, for messages: from the parsed files the loader kept; an item is
  // found by what it says (a recovered file may have dropped items before it).
  const redirectLine = (siteId: string, r: RedirectConfig, key: 'from' | 'to') => {
    const file = `${siteId}/site.yaml`;
    const parsed = model.configs.get(file);
    return parsed ? positionOf(parsed, ['redirects', writtenIndex(parsed, ['redirects'], (item) => item.from === r.from.raw), key], { file }) : {};
  };

  const plan = planRedirects(model, options.previous, redirectLine, options.pages, options.files);
  // Findings as the catalogue defines them: the pipeline applies the group's overrides and writes
  // the files (writeRedirects) only when nothing stops the build.
  return { diagnostics: plan.diagnostics, redirects: plan.redirects, rules: plan.rules };
}

/** Writes the redirect files for ops into the staging output (`redirects/`, docs/lifecycle.md §6). */
export function writeRedirects(model: RuntimeModel, rules: readonly RedirectRule[], options: { staging: string; generator: string }): void {
  writeRedirectFiles(rules, { outDir: options.staging, generator: options.generator, now: model.now.day });
}
