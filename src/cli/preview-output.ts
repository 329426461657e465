/**
 * What both previews (the built-in server, preview.ts, and nginx, preview-nginx.ts) serve: a
 * build output folder, checked before serving, and the shapes they report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readManifestFile, type Manifest } from '../plan/manifest.ts';
import { PreviewError, type ServedSite } from './site-servers.ts';

export interface PreviewOptions {
  /** The build output folder holding `manifest.json` and `sites/`. */
  outDir: string;
  /** First port; `0` lets the system pick a free port for every server. */
  port: number;
  /** Serve with Debian nginx and the build's generated configuration (preview-nginx.ts). */
  nginx?: boolean;
}

/** One site as served by the preview. */
export interface PreviewSite extends ServedSite {
  /** Absolute path of the site folder. */
  folder: string;
}

/** A running preview. */
export interface PreviewServer {
  /** The URL mode of the build (`domains` or `paths`). */
  urlMode: string;
  /** The group's name. */
  groupName: string;
  /** Every site, in manifest order with the portal first. */
  sites: PreviewSite[];
  /** Stops every server and drops open connections. */
  close(): Promise<void>;
}

/** Reads and checks `manifest.json`; throws PreviewError when the folder is not a build output. */
export function readManifest(outDir: string): Manifest {
  const hint = '请先运行 npm run build 构建网站，或用 --out 指定构建输出目录。';
  const file = path.join(outDir, 'manifest.json');
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory()) {
    throw new PreviewError(`输出目录 ${outDir} 不存在。${hint}`);
  }
  if (!fs.existsSync(file)) {
    throw new PreviewError(`输出目录 ${outDir} 中没有 manifest.json，不是完整的构建结果。${hint}`);
  }
  const read = readManifestFile(file);
  if (!read.manifest) throw new PreviewError(`${file} 无法识别（${read.error}），构建结果可能已损坏或来自其他版本。${hint}`);
  const manifest = read.manifest;
  const bad = (why: string) => new PreviewError(`${file} 无法识别（${why}），构建结果可能已损坏或来自其他版本。${hint}`);
  for (const s of manifest.sites) {
    const folder = path.resolve(outDir, s.folder);
    if (!folder.startsWith(path.resolve(outDir) + path.sep)) throw bad(`站点 ${s.id} 的目录不在输出目录内`);
    if (!fs.existsSync(path.join(folder, 'index.html'))) {
      throw new PreviewError(`站点 ${s.id} 的目录 ${folder} 缺少 index.html，构建结果不完整。${hint}`);
    }
  }
  return manifest;
}

