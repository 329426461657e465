/**
 * Catalogue entries for site and content lifecycle (page-spec.md §5): temporary closure limits,
 * migration targets, declared redirects and the published-URL ledger ("nothing is lost").
 * Composed into `src/errors/catalogue.ts`.
 */
import { entry } from './entry.ts';

const LIAOCHENG = '聊城市政府网站管理办法（聊政办发〔2018〕34号）第十条';
const TIANJIN_2016 = '天津市人民政府办公厅关于进一步强化政府网站管理工作的通知（津政办函〔2016〕34号）第五项';

export const lifecycleEntries = {
  // ── temporary closure (临时关停) ──────────────────────────────────────────────────────────
  ClosureDates: entry<{ from: string; to: string }>({
    ruleId: 'CLOSURE-DATES',
    severity: 'error',
    locked: true,
    title: '关停起止日期颠倒',
    source: TIANJIN_2016,
    message: (p) => `临时关停的结束日期 ${p.to} 早于开始日期 ${p.from}`,
    hint: () => '把 closure.from 写成第一天、closure.to 写成最后一天。',
  }),
  ClosureTooLong: entry<{ days: number; limit: number }>({
    ruleId: 'CLOSURE-TOO-LONG',
    severity: 'warning',
    title: '临时关停超过规定天数',
    source: `${LIAOCHENG}第（三）项`,
    message: (p) => `临时关停 ${p.days} 天，超过 ${p.limit} 天的上限（临时下线时间不得超过 30 天）`,
    hint: (p) => `缩短关停时间（closure.to），或报经审批后在 group.yaml 中调整 closureMaxDays（当前 ${p.limit}）。`,
  }),
  ClosureOver60Days: entry<{ days: number }>({
    ruleId: 'CLOSURE-OVER-60-DAYS',
    severity: 'warning',
    title: '临时关停超过 60 天',
    source: TIANJIN_2016,
    message: (p) => `临时关停 ${p.days} 天，超过 60 天（临时关停时间不超过 60 天）`,
    hint: () => '缩短关停时间（closure.to）；确需长期停止运行的网站应按彻底关停程序归档（status: archived）。',
  }),
  ClosureTwiceAYear: entry<{ year: string; previous: string }>({
    ruleId: 'CLOSURE-TWICE-A-YEAR',
    severity: 'warning',
    title: '一年内第二次临时关停',
    source: `${TIANJIN_2016}；${LIAOCHENG}第（三）项`,
    message: (p) => `${p.year} 年已经临时关停过（${p.previous}），临时关停每年不得超过 1 次`,
    hint: () => '核实是否确需再次关停；因不可抗力或安全问题被责令关停的，按规定报备后可不计入次数（聊城 第十条第（四）项），可在 group.yaml rules 中调整本规则级别。',
  }),
  ClosureEnded: entry<{ to: string }>({
    ruleId: 'CLOSURE-ENDED',
    severity: 'warning',
    title: '临时关停已到期，网站恢复正常构建',
    source: TIANJIN_2016,
    message: (p) => `临时关停已于 ${p.to} 结束，本次构建按正常网站生成全部页面`,
    hint: () => '把 status 改为 active，并把 closure 移入 closures（关停记录），以便统计每年关停次数。',
  }),
  ClosureNotStarted: entry<{ from: string }>({
    ruleId: 'CLOSURE-NOT-STARTED',
    severity: 'warning',
    title: '临时关停尚未开始',
    source: TIANJIN_2016,
    message: (p) => `临时关停从 ${p.from} 开始，本次构建仍按正常网站生成全部页面`,
    hint: () => '关停当天重新构建并部署；如需立即关停，把 closure.from 改为今天。',
  }),
  PortalStatus: entry<{ status: string }>({
    ruleId: 'LIFECYCLE-PORTAL-STATUS',
    severity: 'error',
    locked: true,
    title: '门户网站不得关停或归档',
    source: `${LIAOCHENG}第（一）项；${TIANJIN_2016}`,
    message: (p) => `门户网站的 status 不能是 ${p.status}：政府门户网站一般不得关停，归档网站的页面也要整合到门户网站`,
    hint: () => '把门户的 status 改为 active（或 migrating）；改版升级应在确保正常运行的情况下进行。',
  }),

  // ── migration (迁移) ────────────────────────────────────────────────────────────────────
  MigrationTarget: entry<{ to: string }>({
    ruleId: 'MIGRATION-TARGET',
    severity: 'error',
    title: '迁移去向无法识别',
    source: `${LIAOCHENG}第（二）项`,
    message: (p) => `migration.to "${p.to}" 既不是本网站群的站点，也不是 https:// 开头的网址`,
    hint: () => '写接收内容的站点目录名（如 wlj），或完整网址（如 https://www.example.gov.cn/）。',
  }),

  // ── declared redirects (site.yaml redirects:) ────────────────────────────────────────────
  RedirectBadTarget: entry<{ to: string; detail: string }>({
    ruleId: 'REDIRECT-BAD-TARGET',
    severity: 'error',
    locked: true,
    title: '重定向去向无效',
    message: (p) => `重定向去向 "${p.to}" 无效：${p.detail}`,
    hint: () => '写本站点已发布页面的路径（如 /gzdt/2024-new/，目录写 /jd/*）、site:<站点>/<栏目>/<文章>，或 https:// 网址。',
  }),
  RedirectBadPath: entry<{ key: string; value: string; detail: string }>({
    ruleId: 'REDIRECT-BAD-PATH',
    severity: 'error',
    locked: true,
    title: '重定向的路径写法不正确',
    message: (p) => `${p.key.endsWith('to') ? '重定向去向' : '重定向来源'} "${p.value}" 不正确：${p.detail}`,
    hint: () => '写本站点内以 / 开头的路径，如 /gzdt/2024-old/，整个目录写 /zcjd/*；去向也可以写 site:<站点>/<栏目>/<文章> 或 https:// 网址。',
  }),
  RedirectExternal: entry<{ to: string; domain: string }>({
    ruleId: 'REDIRECT-EXTERNAL',
    severity: 'error',
    locked: true,
    title: '重定向去往白名单之外的网站',
    message: (p) => `重定向去向 "${p.to}" 的域名 ${p.domain} 不在 group.yaml 的 externalLinks 白名单中：政府网站的旧网址不能被转到未经核准的网站`,
    hint: (p) => `确认 ${p.domain} 是政府或公益网站后，由网站群管理员加入 externalLinks；否则改为本网站群的页面。`,
  }),
  RedirectShadowsPage: entry<{ from: string; url: string }>({
    ruleId: 'REDIRECT-SHADOWS-PAGE',
    severity: 'error',
    locked: true,
    title: '重定向会遮住已发布的页面',
    message: (p) => `重定向来源 "${p.from}" 是本次构建发布的页面 ${p.url}，规则生效后这个页面将无法访问`,
    hint: () => '删除这条重定向，或改正 from（写旧网址的路径）。',
  }),
  RedirectDuplicate: entry<{ from: string }>({
    ruleId: 'REDIRECT-DUPLICATE',
    severity: 'error',
    locked: true,
    title: '重定向来源重复',
    message: (p) => `重定向来源 "${p.from}" 写了不止一次`,
    hint: () => '每个旧网址只保留一条重定向。',
  }),

  // ── the published-URL ledger ─────────────────────────────────────────────────────────────
  UrlLost: entry<{ url: string; source: string | null; siteFile: string; suggestion?: { from: string; to: string } }>({
    ruleId: 'URL-LOST',
    severity: 'error',
    locked: true,
    title: '已发布的网址丢失',
    source: `${LIAOCHENG}第（五）项（技术支持单位务必保障数据不丢失）`,
    message: (p) =>
      `网址 ${p.url} 上次构建已发布${p.source ? `（来自 ${p.source}）` : ''}，本次构建不再发布，也没有重定向到其他网址，访问者和搜索引擎会看到“页面不存在”`,
    hint: (p) =>
      (p.source ? `恢复 ${p.source}（文件名和栏目决定网址，发布后不要再改），或` : '恢复这个页面，或') +
      `在 ${p.siteFile} 中声明重定向：\n    redirects:\n      - { from: ${p.suggestion?.from ?? '<旧路径>'}, to: ${p.suggestion?.to ?? '<新路径>'} }` +
      (p.suggestion ? '' : '\n  整个栏目改名时写 { from: /旧栏目/*, to: /新栏目/* }。'),
  }),
  PreviousManifestUnreadable: entry<{ file: string; detail: string }>({
    ruleId: 'LEDGER-PREVIOUS-MANIFEST',
    severity: 'error',
    locked: true,
    title: '上次构建的清单无法读取',
    message: (p) => `无法读取上次构建的清单 ${p.file}：${p.detail}`,
    hint: () => '用 --previous-manifest 指定上次部署的 manifest.json；确实是第一次构建时删除旧的输出目录。',
  }),
} as const;
