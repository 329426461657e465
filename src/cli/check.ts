/**
 * `npm run check`: every content rule, without rendering, for editors before a commit.
 *
 *   npm run check -- [--content 目录] [--site 站点]… [--now YYYY-MM-DD] [--format text|json]
 *   npm run check -- --install-hook [--force]
 *
 * Same messages as the build; a summary per site (held-back content, unscanned attachments);
 * exit code 1 on errors, 0 otherwise, 2 on wrong usage.
 */
import { parseArgs } from 'node:util';
import { diagnostic } from '../errors/catalogue.ts';
import { countBySeverity, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../errors/diagnostic.ts';
import { formatOverrides } from '../errors/overrides.ts';
import { PROJECT_ROOT } from '../lib/files.ts';
import { CONTENT_ARGS, parseContentOptions, translateArgError } from '../pipeline/options.ts';
import { printDiagnostics } from '../pipeline/print.ts';
import { loadGroup } from '../model/load.ts';
import { toRuntime } from '../model/runtime.ts';
import { SKIP_REASON_LABELS } from '../model/types.ts';
import { checkContent, unscannedReason, type ContentCheckResult } from '../check/check.ts';
import { installHook } from '../check/hook.ts';

const USAGE = '用法：npm run check -- [--content 目录] [--site 站点]… [--now YYYY-MM-DD] [--format text|json] [--themes 目录]\n      npm run check -- --install-hook [--force]';

type Io = { out: (s: string) => void; err: (s: string) => void };

export async function runCheck(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...CONTENT_ARGS,
        format: { type: 'string' },
        'install-hook': { type: 'boolean' },
        force: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usage(io, translateArgError((error as Error).message));
  }
  const shared = parseContentOptions(values);
  if (!shared.options) return usage(io, shared.errors.map((d) => d.message).join('；'));
  const { contentDir, themesDir, now, sites } = shared.options;
  if (values['install-hook']) {
    const r = installHook(contentDir, PROJECT_ROOT, { force: values.force });
    (r.ok ? io.out : io.err)(r.message + '\n');
    return r.ok ? 0 : 1;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(io, `--format 的值 "${format}" 不正确，应为 text 或 json`);

  const started = performance.now();
  const { model, diagnostics: loadDiagnostics, configs } = loadGroup({
    contentDir,
    themesDir,
    now,
    sites,
    lazyFacetsFrom: shared.options.tuning.lazyFacetsFrom,
  });
  const all: Diagnostic[] = [...loadDiagnostics];
  let result: ContentCheckResult | undefined;
  if (model) {
    result = await checkContent(toRuntime(model, configs), { workers: shared.options.tuning.checkWorkers });
    all.push(...result.diagnostics);
  }
  // Scoped by what was asked (--site), not by what loaded: a folder that never became a site is reported too.
  const selected = sites?.length ? sites : undefined;
  const inScope = (siteId: string | undefined) => !selected || !siteId || selected.includes(siteId);
  const shown = sortDiagnostics(all.filter((d) => inScope(d.siteId)));
  const { errors, warnings } = countBySeverity(shown);
  const seconds = (performance.now() - started) / 1000;

  if (format === 'json') {
    io.out(
      JSON.stringify(
        {
          ok: errors === 0,
          now: now.day,
          sites: model?.selectedSites ?? [],
          errors,
          warnings,
          seconds: Math.round(seconds * 1000) / 1000,
          diagnostics: shown,
          heldBack: (result?.heldBack ?? []).filter((h) => inScope(h.siteId)).map((h) => ({ ...h, reasonLabel: SKIP_REASON_LABELS[h.reason] })),
          unscannedAttachments: (result?.attachments.unscanned ?? []).filter((a) => inScope(a.siteId || undefined)),
          overrides: model?.ruleOverrides ?? [],
        },
        null,
        2,
      ) + '\n',
    );
    return errors ? 1 : 0;
  }

  printDiagnostics(shown, io.err);
  if (model && result) {
    const lines: string[] = [];
    const sites = model.sites.filter((s) => inScope(s.id));
    const held = result.heldBack.filter((h) => inScope(h.siteId));
    if (held.length) {
      lines.push('', `不发布的内容（${held.length} 篇，不会出现在网站上）：`);
      for (const s of sites) {
        const list = held.filter((h) => h.siteId === s.id);
        if (!list.length) continue;
        lines.push(`  ${s.id}（${s.config.shortName ?? s.config.name}）`);
        for (const h of list) lines.push(`    ${h.source}　${SKIP_REASON_LABELS[h.reason]}`);
      }
    }
    const unscanned = result.attachments.unscanned.filter((a) => inScope(a.siteId || undefined));
    if (unscanned.length) {
      lines.push('', `未扫描个人信息的附件（${unscanned.length} 个，请人工检查）：`);
      for (const a of unscanned) lines.push(`  ${a.source}　${unscannedReason(a)}`);
    }
    const entries = model.entries.filter((e) => inScope(e.siteId)).length;
    lines.push(
      '',
      `检查完成：${model.group.name}（用时 ${seconds.toFixed(1)} 秒，今天按 ${now.day} 计）`,
      `  站点　　${sites.length}`,
      `  内容　　${entries} 篇可发布，${held.length} 篇不发布`,
      `  附件　　扫描 ${result.attachments.scanned.length} 个附件（文本、Word、Excel、PDF），${unscanned.length} 个未扫描（图片、扫描件等）`,
      `  结果　　${errors} 个错误，${warnings} 个警告`,
      ...(model.ruleOverrides.length ? [`  规则调整 ${formatOverrides(model.ruleOverrides)}（group.yaml rules）`] : []),
    );
    io.out(lines.join('\n').replace(/^\n/, '') + '\n');
  }
  return errors ? 1 : 0;
}

function usage(io: Io, detail: string): number {
  io.err(formatDiagnostic({ ...diagnostic('CliBadArgument', { detail }), hint: USAGE }) + '\n');
  return 2;
}
