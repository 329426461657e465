/**
 * A site's own assets (`assets/` in its folder): the skeleton's style sheet, script and badge,
 * the search page's script and style sheet, the theme's style sheets and images, the portal's
 * logo. Every file is minified where it is text and named by its content
 * (`jiyue.3f2a1b9c0d.css`), so servers can cache it for a year and a page always gets the
 * assets it was built with, even while a new release is being switched in (docs/deploy.md).
 *
 * The one function decides names and bytes, once per theme pair in the pipeline's process: the
 * plan records the names (`PlannedUnit.assets`), which the views link; the pipeline writes the
 * bytes once into the build's assets folder (`UnitJob.assetsDir`), which the layout step copies
 * into each site (layout.ts). The dev server serves them from memory.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync, transformSync, version as esbuildVersion, type TransformOptions } from 'esbuild';
import type { ThemeModel } from '../model/types.ts';
import { themeFile, themeStylesheet } from '../model/themes.ts';
import { PROJECT_ROOT } from '../lib/files.ts';
import { kept } from '../lib/install-cache.ts';

/** Logical names of a site's assets (what code asks for), mapped to files by `siteAssets`. */
export type AssetName = 'jiyue.css' | 'jiyue.js' | 'conac.svg' | 'search.css' | 'search.js' | 'zh-convert.js' | 'theme.css' | 'theme-own.css' | 'logo' | 'portal-logo' | 'banner';

export interface SiteAsset {
  /** File name inside `assets/`. */
  file: string;
  bytes: Buffer;
}

/** The generator's own files, by logical name. */
const GENERATOR_FILES: Partial<Record<AssetName, string>> = {
  'jiyue.css': 'src/styles/jiyue.css',
  'jiyue.js': 'src/assets/jiyue.js',
  'conac.svg': 'src/assets/conac.svg',
  'search.css': 'src/search/client/search.css',
  'search.js': 'src/search/client/search.js',
  // Bundled with its opencc-js tables; only in groups with 繁體 versions (siteAssets).
  'zh-convert.js': 'src/search/client/zh-convert.js',
};

const HASH_CHARS = 10;

function named(stem: string, ext: string, bytes: Buffer): SiteAsset {
  return { file: `${stem}.${createHash('sha256').update(bytes).digest('hex').slice(0, HASH_CHARS)}${ext}`, bytes };
}

/**
 * Minified text of a style sheet or script (esbuild, deterministic), kept across builds by its
 * text and options (install-cache.ts): most builds would otherwise start esbuild only for this.
 */
function minify(text: string, loader: 'css' | 'js', format?: 'esm' | 'iife'): string {
  const options: TransformOptions = { loader, minify: true, legalComments: 'none', ...(format === 'esm' ? { format: 'esm' } : {}), charset: 'utf8', target: 'es2020' };
  return kept('minified', [esbuildVersion, JSON.stringify(options), text], () => transformSync(text, options).code).toString('utf8');
}

const generatorCache = new Map<AssetName, SiteAsset>();

function generatorAsset(name: AssetName): SiteAsset {
  let hit = generatorCache.get(name);
  if (hit) return hit;
  const file = path.join(PROJECT_ROOT, GENERATOR_FILES[name]!);
  const ext = path.extname(name);
  if (name === 'zh-convert.js') {
    // The search page's 简繁 converter imports opencc-js: one self-contained ES module.
    // Kept by what it is made of: esbuild, the entry's text and the opencc-js release it bundles.
    const opencc = fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'opencc-js', 'package.json'));
    const bytes = kept('bundled', [esbuildVersion, fs.readFileSync(file), opencc], () => buildSync({ entryPoints: [file], bundle: true, format: 'esm', minify: true, legalComments: 'none', charset: 'utf8', target: 'es2020', write: false }).outputFiles[0].contents);
    hit = named('zh-convert', ext, bytes);
    generatorCache.set(name, hit);
    return hit;
  }
  const raw = fs.readFileSync(file, 'utf8');
  // search.js is an ES module (the search page imports Pagefind with import()); jiyue.js a classic script.
  const text = ext === '.css' ? minify(raw, 'css') : ext === '.js' ? minify(raw, 'js', name === 'search.js' ? 'esm' : undefined) : raw;
  hit = named(name.slice(0, -ext.length), ext, Buffer.from(text));
  generatorCache.set(name, hit);
  return hit;
}

function extOf(file: string): string {
  const m = /\.[a-z0-9]+$/i.exec(file);
  return m ? m[0].toLowerCase() : '';
}

function themeImage(dir: string, file: string, stem: string): SiteAsset {
  // Checked when the theme loaded: a regular file inside the theme's folder.
  return named(stem, extOf(file), fs.readFileSync(themeFile(dir, file)!));
}

const siteCache = new Map<string, Map<AssetName, SiteAsset>>();

/** Forgets every asset computed so far: the dev server calls it when a theme or generator file is saved. */
export function forgetAssets(): void {
  generatorCache.clear();
  siteCache.clear();
}

/**
 * Every asset of a site with `theme` (whose folder is `themeDir`) in a group whose portal has
 * `portalTheme` (in `portalThemeDir`); `traditional`: the group has 繁體 versions (group.yaml).
 * Computed once per theme pair in a process.
 */
export function siteAssets(theme: ThemeModel, themeDir: string, portalLogo: string, portalThemeDir: string, traditional: boolean): Map<AssetName, SiteAsset> {
  const key = JSON.stringify([theme.id, themeDir, theme.logo, theme.banner, theme.css, theme.colors, theme.fontStack, portalThemeDir, portalLogo, traditional]);
  let hit = siteCache.get(key);
  if (hit) return hit;
  hit = new Map();
  for (const name of Object.keys(GENERATOR_FILES) as AssetName[]) if (traditional || name !== 'zh-convert.js') hit.set(name, generatorAsset(name));
  hit.set('logo', themeImage(themeDir, theme.logo, 'logo'));
  hit.set('portal-logo', themeImage(portalThemeDir, portalLogo, 'portal-logo'));
  if (theme.banner) hit.set('banner', themeImage(themeDir, theme.banner, 'banner'));
  const own = theme.css !== undefined ? named('theme-own', '.css', Buffer.from(minify(theme.css, 'css'))) : undefined;
  if (own) hit.set('theme-own.css', own);
  const css = themeStylesheet(theme, hit.get('banner')?.file, own?.file);
  hit.set('theme.css', named('theme', '.css', Buffer.from(minify(css, 'css'))));
  siteCache.set(key, hit);
  return hit;
}
