/**
 * `npm run report`: the periodic reports supervisors ask for, from the content (no build needed).
 *
 *   npm run report -- monthly --month 2026-10 [--content 目录] [--out 目录] [--site 站点]…
 *   npm run report -- annual --year 2025 [--content 目录] [--out 目录] [--site 站点]…
 *
 * Writes `<out>/monthly-YYYY-MM.csv` and `.html` (or `annual-YYYY.*`); `--out` defaults to
 * `reports/` in the current directory. Exit 0 on success, 1 when the content does not load,
 * 2 on wrong usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENT_ARGS, parseContentOptions, translateArgError } from '../pipeline/options.ts';
import { printDiagnostics } from '../pipeline/print.ts';
import { diagnostic } from '../errors/catalogue.ts';
import { formatDiagnostic } from '../errors/diagnostic.ts';
import { loadGroup } from '../model/load.ts';
import { toRuntime } from '../model/runtime.ts';
import { annualFigures, monthlyFigures } from '../model/supervision.ts';
import { annualCsv, annualHtml } from './annual.ts';
import { monthlyCsv, monthlyHtml } from './monthly.ts';

const USAGE = '用法：npm run report -- monthly --month YYYY-MM | annual --year YYYY [--content 目录] [--out 目录] [--site 站点]… [--now YYYY-MM-DD] [--themes 目录]';

type Io = { out: (s: string) => void; err: (s: string) => void };

export async function runReport(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        ...CONTENT_ARGS,
        month: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return usage(io, translateArgError((error as Error).message));
  }
  const kind = positionals[0];
  if (positionals.length !== 1 || (kind !== 'monthly' && kind !== 'annual')) return usage(io, '请指定报表类型 monthly 或 annual');
  if (kind === 'monthly' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month ?? '')) return usage(io, `monthly 需要 --month YYYY-MM（当前为 "${values.month ?? ''}"）`);
  if (kind === 'annual' && !/^\d{4}$/.test(values.year ?? '')) return usage(io, `annual 需要 --year YYYY（当前为 "${values.year ?? ''}"）`);

  // Figures count content dates only; `--now` just sets "today" for the loader, as in check.
  const shared = parseContentOptions(values);
  if (!shared.options) return usage(io, shared.errors.map((d) => d.message).join('；'));
  const { model, diagnostics, configs } = loadGroup(shared.options);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!model || errors.length) {
    printDiagnostics(errors, io.err);
    io.err('\n内容有错误，无法生成报表；请先运行 npm run check 并改正。\n');
    return 1;
  }
  const runtime = toRuntime(model, configs);
  const outDir = path.resolve(values.out ?? 'reports');
  fs.mkdirSync(outDir, { recursive: true });
  const sites = shared.options.sites;
  let base: string;
  let csvText: string;
  let htmlText: string;
  if (kind === 'monthly') {
    const r = monthlyFigures(runtime, values.month!, sites);
    base = `monthly-${r.month}`;
    csvText = monthlyCsv(r);
    htmlText = monthlyHtml(r);
    io.out(`${r.month} 信息发布情况：${Object.entries(r.totals).map(([id, n]) => `${id} ${n}`).join('，')}\n`);
  } else {
    const r = annualFigures(runtime, values.year!, sites);
    base = `annual-${r.year}`;
    csvText = annualCsv(r);
    htmlText = annualHtml(r);
    io.out(`${r.year} 年度报表：信息发布总数 ${r.total.total}（概况类 ${r.total.overview}，政务动态 ${r.total.news}，信息公开目录 ${r.total.disclosure}），解读 ${r.total.interpretations}\n`);
  }
  fs.writeFileSync(path.join(outDir, `${base}.csv`), csvText);
  fs.writeFileSync(path.join(outDir, `${base}.html`), htmlText);
  io.out(`已写入 ${path.join(outDir, `${base}.csv`)} 和 ${base}.html\n`);
  return 0;
}

function usage(io: Io, detail: string): number {
  io.err(formatDiagnostic({ ...diagnostic('CliBadArgument', { detail }), hint: USAGE }) + '\n');
  return 2;
}
