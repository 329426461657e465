/**
 * `npm run check` as editors run it: messages, summary, exit codes, --site, --now, --format json,
 * and the git pre-commit hook installed with one command (in a temporary git repository).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli, tempDir } from './helpers.ts';

const BASE = path.join(FIXTURES, 'rules', 'base');

/** The clean rules base group plus extra files, in a temp folder. */
function group(extra: Record<string, string> = {}): string {
  const dir = path.join(tempDir('jiyue-check-'), 'content');
  fs.cpSync(BASE, dir, { recursive: true });
  for (const [rel, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const article = (title: string, date: string, body: string, extra = '') =>
  `---\ntitle: ${title}\ndate: ${date}\n${extra}disclosure: 主动公开\nreview:\n  first: 甲\n  second: 乙\n  final: 丙\n---\n\n${body}\n`;

describe('npm run check', () => {
  it('a clean group: exit 0, a summary, no findings', async () => {
    const r = await runCli(['check', '--content', group(), '--now', '2026-11-20']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('检查完成：规则测试网站群');
    expect(r.stdout).toContain('今天按 2026-11-20 计');
    expect(r.stdout).toMatch(/结果\s+0 个错误，0 个警告/);
  });

  it('errors: the build message format, the fix, held-back content per site, exit 1', async () => {
    const dir = group({
      'fgw/gzdt/2026-11-20-sj.md': article('手机号', '2026-11-20', '当事人手机：13812345678。\n[旧文件](../zcwj/old.md)'),
      'fgw/gzdt/2026-11-20-cg.md': article('草稿', '2026-11-20', '正文', 'draft: true\n'),
    });
    const r = await runCli(['check', '--content', dir, '--now', '2026-11-20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fgw/gzdt/2026-11-20-sj.md:11:7 PRIVACY-MOBILE 错误：有一个完整的手机号码\n  修改建议：改为 138****5678，或改用单位办公电话。');
    expect(r.stderr).toContain('fgw/gzdt/2026-11-20-sj.md:12:1 LINK-BROKEN 错误：链接 "../zcwj/old.md" 指向的文件不存在');
    expect(r.stderr).toContain('共 2 个错误，0 个警告。');
    expect(r.stdout).toContain('不发布的内容（1 篇，不会出现在网站上）：\n  fgw（测试市发展和改革委员会）\n    fgw/gzdt/2026-11-20-cg.md　草稿');
  });

  it('--now moves "today": future dates and stale columns follow it', async () => {
    const dir = group();
    const early = await runCli(['check', '--content', dir, '--now', '2026-11-10']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('fgw/gzdt/2026-11-19-gr.md:3:7 DATE-FUTURE 错误：发布日期 2026-11-19 晚于今天（2026-11-10）');
    const late = await runCli(['check', '--content', dir, '--now', '2026-12-01']);
    expect(late.code).toBe(0);
    expect(late.stderr).toContain('fgw/site.yaml:12:11 COLUMN-STALE 警告：栏目 gzdt（工作动态，动态要闻）最近一次发布是 2026-11-19，已 12 天未更新（应每周至少更新 1 次）；距否决线（14 天）还有 2 天');
    expect(late.stderr).toContain('fgw/site.yaml HOME-STALE 警告：站点首页最近一次有新内容是 2026-11-19，已 12 天未更新；距否决线（14 天）还有 2 天');
  });

  it('--site limits the findings to those sites; --format json is machine-readable', async () => {
    const dir = group({ 'fgw/gzdt/2026-11-20-sj.md': article('手机号', '2026-11-20', '手机：13812345678。') });
    const www = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--site', 'www', '--format', 'json']);
    expect(www.code).toBe(0);
    const json = JSON.parse(www.stdout);
    expect(json).toMatchObject({ ok: true, now: '2026-11-20', sites: ['www'], errors: 0, warnings: 0, diagnostics: [] });
    const fgw = await runCli(['check', '--content', dir, '--now', '2026-11-20', '--site', 'fgw', '--format', 'json']);
    expect(fgw.code).toBe(1);
    expect(JSON.parse(fgw.stdout).diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'PRIVACY-MOBILE', severity: 'error', file: 'fgw/gzdt/2026-11-20-sj.md', line: 11, column: 4, siteId: 'fgw' }),
    ]);
  });

  it('wrong usage exits 2 with the usage line', async () => {
    const r = await runCli(['check', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CLI-BAD-ARGUMENT 错误：--format 的值 "xml" 不正确，应为 text 或 json');
    expect(r.stderr).toContain('用法：npm run check --');
  });

  it('validates --now and --site the same way as the build (one parser)', async () => {
    const now = await runCli(['check', '--now', '2026-13-40']);
    expect(now.code).toBe(2);
    expect(now.stderr).toContain('CLI-BAD-ARGUMENT 错误：--now 的值 "2026-13-40" 不是有效日期，应为 YYYY-MM-DD');
    const site = await runCli(['check', '--site', 'Fgw']);
    expect(site.code).toBe(2);
    expect(site.stderr).toContain('--site "Fgw" 不是有效的站点 id');
  });

  it('the demo group passes with no errors and no warnings', async () => {
    const r = await runCli(['check', '--now', '2026-11-20']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/结果\s+0 个错误，0 个警告/);
  });
});

describe('pre-commit hook', () => {
  const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.name=编辑', '-c', 'user.email=editor@test.gov.cn', ...args], { cwd, encoding: 'utf8' });

  it('installs with one command; a commit with content errors is refused, a clean one goes through', async () => {
    const dir = group();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const install = await runCli(['check', '--content', dir, '--install-hook']);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('已安装提交前检查');
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    expect(fs.statSync(hook).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(hook, 'utf8')).toContain(path.join(REPO_ROOT, 'src', 'cli', 'jiyue.ts'));

    git(dir, 'add', '-A');
    const ok = git(dir, 'commit', '-q', '-m', '初始内容');
    expect(ok.status, ok.stderr + ok.stdout).toBe(0);

    fs.writeFileSync(path.join(dir, 'fgw', 'gzdt', '2026-11-19-sfz.md'), article('公示', '2026-11-19', '身份号码 11010519491231002X。'));
    git(dir, 'add', '-A');
    const refused = git(dir, 'commit', '-q', '-m', '含身份号码');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('PRIVACY-ID-NUMBER 错误');
    expect(git(dir, 'log', '--oneline').stdout.trim().split('\n')).toHaveLength(1);
  });

  it('`jiyue hook install` does the same and never overwrites a foreign hook', async () => {
    const dir = group();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const r = await runCli(['hook', 'install', '--content', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('已存在且不是 jiyue 安装的，未覆盖');
    expect(fs.readFileSync(hook, 'utf8')).toContain('echo mine');
    const forced = await runCli(['hook', 'install', '--content', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(hook, 'utf8')).toContain('# jiyue pre-commit hook');
  });

  it('outside a git repository it says so', async () => {
    const r = await runCli(['check', '--content', group(), '--install-hook']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不在 git 仓库中');
  });
});
