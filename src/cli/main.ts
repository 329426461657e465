/**
 * jiyue command line (started by jiyue.ts): `build`, `merge`, `dev`, `import`, `preview`, `deploy`, `check`, `report` and `hook`
 * (npm run build / merge / dev / import / preview / deploy / check / report).
 * Exit codes: 0 success, 1 content or build errors, 2 wrong usage, 3 published with some
 * departments' changes deferred by their own errors (build).
 */
import { parseBuildArgs, parseMergeArgs } from '../pipeline/options.ts';
import { printDiagnostics } from '../pipeline/print.ts';
import { answerIfUnchanged } from '../pipeline/unchanged.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';

const [command, ...rest] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'build': {
      const { options, errors } = parseBuildArgs(rest);
      if (!options) {
        printDiagnostics(errors, (s) => process.stderr.write(s));
        return 2;
      }
      // Nothing changed since the last build: its outcome, before the pipeline is even imported.
      const io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) };
      const answer = answerIfUnchanged(options, io, performance.now());
      if ('code' in answer) return answer.code;
      if (options.explain) io.out(`没有按上一次构建回答：${answer.why}。\n`);
      const { runBuild } = await import('../pipeline/build.ts');
      const outcome = await runBuild(options, io, answer.inputs);
      // 3: published, with some departments' changes deferred by their own errors (CI can alert without blocking).
      return !outcome.ok ? 1 : outcome.deferred?.length ? 3 : 0;
    }
    case 'merge': {
      const { options, errors } = parseMergeArgs(rest);
      if (!options) {
        printDiagnostics(errors, (s) => process.stderr.write(s));
        return 2;
      }
      const { runBuild } = await import('../pipeline/build.ts');
      const outcome = await runBuild(options);
      return outcome.ok ? 0 : 1;
    }
    case 'deploy': {
      const { runDeploy } = await import('../deploy/cli.ts');
      return runDeploy(rest);
    }
    case 'preview': {
      const { runPreview } = await import('./preview.ts');
      return runPreview(rest);
    }
    case 'import': {
      const { runImport } = await import('../import/import.ts');
      return runImport(rest);
    }
    case 'dev': {
      const { runDev } = await import('../dev/server.ts');
      return runDev(rest);
    }
    case 'check': {
      const { runCheck } = await import('./check.ts');
      return runCheck(rest);
    }
    case 'hook': {
      // `jiyue hook install [--content 目录] [--force]`: the same as `check --install-hook`.
      const { runCheck } = await import('./check.ts');
      if (rest[0] !== 'install') break;
      return runCheck(['--install-hook', ...rest.slice(1)]);
    }
    case 'report': {
      const { runReport } = await import('../reports/cli.ts');
      return runReport(rest);
    }
  }
  process.stderr.write(
    '用法：jiyue build [--content 目录] [--out 目录] [--site 站点]… [--now YYYY-MM-DD[THH:MM]]\n' +
      '      jiyue dev [--content 目录] [--port 端口] [--host 地址] [--site 站点]… [--now …]\n' +
      '      jiyue preview [--out 目录] [--port 端口] [--nginx]\n' +
      '      jiyue import 文件.docx…|文件夹 --site 站点 --column 栏目 [--slug 名称] [--content 目录]\n' +
      '      jiyue deploy --to 部署目录 [--out 构建目录] [--keep N] [--rollback]\n' +
      '      jiyue check [--content 目录] [--site 站点]… [--now YYYY-MM-DD[THH:MM]] [--format text|json]\n' +
      '      jiyue hook install [--content 目录] [--force]\n' +
      '      jiyue report monthly --month YYYY-MM | annual --year YYYY [--content 目录] [--out 目录]\n',
  );
  return 2;
}

main().then(
  (code) => {
    // Astro/Vite may leave handles open; the build is done, so leave explicitly (the servers
    // leave once stopped), once what was
    // written to a pipe has been flushed (a large `check --format json` would be cut short).
    if (command !== 'preview' && command !== 'dev') process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
    else if (code !== 0 || command === 'dev') process.exit(code);
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
