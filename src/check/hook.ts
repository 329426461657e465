/**
 * The git pre-commit hook (`npm run check -- --install-hook`): every commit in the content
 * repository runs `check` first, and a commit with content errors is refused. The hook calls
 * this project's pinned Node and CLI by absolute path, so it works from any git client.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const MARKER = '# jiyue pre-commit hook';

export interface HookResult {
  ok: boolean;
  /** What happened, in Chinese. */
  message: string;
  hookFile?: string;
}

export function installHook(contentDir: string, projectRoot: string, options: { force?: boolean } = {}): HookResult {
  let hooksDir: string;
  try {
    const out = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], { cwd: contentDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    hooksDir = out.trim();
  } catch {
    return { ok: false, message: `内容目录 ${contentDir} 不在 git 仓库中，无法安装提交前检查。请先在内容仓库中运行 git init（或 git clone）。` };
  }
  const hookFile = path.join(hooksDir, 'pre-commit');
  if (fs.existsSync(hookFile) && !fs.readFileSync(hookFile, 'utf8').includes(MARKER) && !options.force) {
    return { ok: false, hookFile, message: `${hookFile} 已存在且不是 jiyue 安装的，未覆盖。确认可以替换后加 --force 重新运行，或在该钩子中自行调用 jiyue check。` };
  }
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = [
    '#!/bin/sh',
    MARKER,
    '# Runs the content rules before every commit; remove this file to uninstall.',
    `exec ${q(process.execPath)} ${q(path.join(projectRoot, 'src', 'cli', 'jiyue.ts'))} check --content ${q(path.resolve(contentDir))}`,
    '',
  ].join('\n');
  fs.mkdirSync(hooksDir, { recursive: true });
  fs.writeFileSync(hookFile, script, { mode: 0o755 });
  fs.chmodSync(hookFile, 0o755);
  return { ok: true, hookFile, message: `已安装提交前检查：${hookFile}\n之后每次 git commit 都会先运行 jiyue check，有错误时提交被拒绝（删除该文件即可卸载）。` };
}
