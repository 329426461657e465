/**
 * `jiyue deploy --to DIR [--out BUILD] [--keep N] [--rollback | --verify]` (npm run deploy):
 * release.ts. Exit codes: 0 done (or, with --verify, the live release is intact), 1 refused
 * (nothing changed) or, with --verify, files changed, 2 wrong usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/files.ts';
import { deploy, DeployRefused, rollback, verifyLive } from './release.ts';

const USAGE = '用法：npm run deploy -- --to 部署目录 [--out 构建目录] [--keep 保留版本数] [--rollback | --verify]';

/** nginx serves files through `current` as it is now, but reads its configuration and the redirect map only when it (re)loads. */
const reloadHint = (reload: boolean) =>
  reload
    ? '  nginx 配置或重定向规则与上一版本不同：运行 nginx -t && nginx -s reload（nginx reload required）。\n'
    : '  nginx 配置和重定向规则没有变化，不需要重新加载 nginx（no reload needed）。\n';

export async function runDeploy(argv: string[], io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { to: { type: 'string' }, out: { type: 'string' }, keep: { type: 'string' }, rollback: { type: 'boolean' }, verify: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`错误：${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.to) {
    io.err(`错误：需要用 --to 指定部署目录。\n${USAGE}\n`);
    return 2;
  }
  const keep = values.keep === undefined ? 5 : /^[1-9]\d{0,2}$/.test(values.keep) ? Number(values.keep) : NaN;
  if (!Number.isFinite(keep)) {
    io.err(`错误：--keep 的值 "${values.keep}" 应为正整数（保留的版本数，至少 1）。\n${USAGE}\n`);
    return 2;
  }
  const dir = path.resolve(values.to);
  try {
    if (values.verify) {
      // Tamper detection (GA/T 1358): the live release against the list it was installed with.
      const r = verifyLive(dir);
      if (!r.bad.length) {
        io.out(`线上版本 ${r.release} 完好：${r.files} 个文件与 SHA256SUMS 一致（live release intact）。\n`);
        return 0;
      }
      io.err(`线上版本 ${r.release} 有 ${r.bad.length} 处与 SHA256SUMS 不一致（files changed since deploy）：\n${r.bad.map((b) => `  ${b}\n`).join('')}请重新部署可信的构建（npm run deploy），并检查服务器是否被入侵。\n`);
      return 1;
    }
    if (values.rollback) {
      const r = rollback(dir);
      io.out(`已回退：${r.from} → ${r.to}（${path.join(dir, 'current')}）\n${reloadHint(r.reload)}`);
      return 0;
    }
    const build = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'dist'));
    const r = deploy(build, dir, { keep });
    io.out(
      `已部署版本 ${r.release}：${r.files} 个文件（${r.linked} 个与上一版本相同、硬链接，${r.copied} 个复制${r.carried ? `，另保留上一版本的 ${r.carried} 个资源文件供切换前打开的页面使用` : ''}）。\n` +
        `  当前版本 ${path.join(dir, 'current')} → releases/${r.release}\n` +
        (r.removed.length ? `  已删除旧版本：${r.removed.join('、')}\n` : '') +
        (r.pruneFailed ? `  注意：旧版本没能删除（${r.pruneFailed}），下次部署时再删除；请检查部署目录的磁盘空间和权限。\n` : '') +
        `  nginx：在 http {} 中 include ${path.join(dir, 'current', 'deploy', 'nginx', 'jiyue.conf')};（说明见 docs/deploy.md）\n` +
        reloadHint(r.reload),
    );
    return 0;
  } catch (error) {
    if (error instanceof DeployRefused) {
      io.err(`部署被拒绝：${error.message}\n线上版本没有改变。\n`);
      return 1;
    }
    throw error;
  }
}
