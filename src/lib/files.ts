/**
 * Facts about this installation and the file system that every layer may need, in a leaf module
 * (it imports nothing of the project): where the project is, where the output is served from by
 * default, the one way folders are listed, and what a file's state is.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The project's root (where package.json, src/ and themes/ are). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Where ops serve the current release from, unless `--deploy-root` says otherwise (docs/deploy.md). */
export const DEFAULT_DEPLOY_ROOT = '/srv/jiyue/current';

/** Files under a folder, POSIX paths relative to it, sorted (symlinks are not followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}

/** A file's size, inode and modification and change times (nanoseconds): what any write changes. */
export function fileState(file: string): string {
  const st = fs.lstatSync(file, { bigint: true });
  return `${st.size}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}
