/**
 * `npm run bench`: generates a synthetic site group that follows the content contract, builds
 * it with the real CLI in child processes and reports, in one run and side by side:
 *
 *   - a full build (`--full`): wall time, peak memory of the largest process, every phase (from
 *     the build's own timing line, `JIYUE_TIMINGS`);
 *   - Hugo (Debian `hugo`) and Pagefind (the same pinned binary) on the same pages, and the ratio;
 *   - an incremental build after one article is retitled, and its ratio to Hugo + Pagefind;
 *   - a group search in Chromium (the merged group index vs. `mergeIndex` over every site bundle).
 *
 *   npm run bench -- [--sites 50] [--pages 200] [--jobs N] [--out bench-out] [--seed 1] [--keep]
 *                    [--no-hugo] [--no-incremental] [--no-search-browser] [--check] [--shards N] [--dev]
 *
 * `--dev` times the editors' live preview instead (bench-dev.ts): start to first page, save to
 * the new title in Chromium (10 saves), the dev server's peak memory.
 *
 * `--shards N` builds the group as N shards one after another (each a separate process with its
 * own folder and cache, as separate CI machines would) and merges them: each shard's time and
 * peak memory, and the merge's. `--check` times `npm run check` (every content rule, no
 * rendering) instead. Timings come from /usr/bin/time; one JSON line per run is appended to
 * `<out>/results.jsonl`. `--pages` counts the Markdown files of one site (articles plus two
 * single pages); the content is deterministic for a given `--sites/--pages/--seed`. Without
 * `--keep`, the generated content and outputs are removed afterwards.
 *
 * Nothing is deleted between two measured commands: the folders a round replaces are moved into
 * `<out>/.trash/` and deleted once, after the last measurement. On this machine's file system
 * (ext4 without a journal) every file created in the minutes after many deletions costs a scan
 * past the recently freed inodes (the kernel's `recently_deleted()`): creating 30,000 files
 * took 0.9 s on a quiet file system and 4–14 s after deleting as many. Deleting the last round's
 * output right before a build charged that scan to whichever command came next, the build or
 * Hugo + Pagefind, by chance (docs/performance.md, "文件系统").
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseJiyueDate, type JiyueDate } from '../src/config/primitives.ts';
import { loadGroup } from '../src/model/load.ts';
import { measureGroupSearch, measureSearchPage } from './bench-search.ts';

/** Group search queries timed in Chromium (common words and phrases of government pages). */
const SEARCH_QUERIES = ['安全生产', '优化营商环境', '数字政府建设', '乡村振兴 就业创业', '住房保障'];

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** Where replaced folders wait until the measurements are done (`<out>/.trash`), set by main(). */
let trashDir: string | undefined;
let trashed = 0;

/** Moves `dir` out of the way instead of deleting it (see the header: deletions slow what follows). */
function discard(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!trashDir) {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  fs.mkdirSync(trashDir, { recursive: true });
  fs.renameSync(dir, path.join(trashDir, `${process.pid}-${trashed++}-${path.basename(dir)}`));
}

/** Deletes what discard() kept: after the last measurement of a run. */
function emptyTrash(): void {
  if (trashDir) fs.rmSync(trashDir, { recursive: true, force: true });
}
const JIYUE = path.join(PROJECT_ROOT, 'src/cli/jiyue.ts');
const NOW = '2026-11-20';
const REGION = '990100';
const CITY = '示例市';

// ── options ─────────────────────────────────────────────────────────────────────────────────

interface BenchOptions {
  /** Number of sites, the portal included. */
  sites: number;
  /** Markdown files per site (articles + 2 single pages). */
  pages: number;
  /** Worker processes of the build (`--jobs`). Default: the machine's cores. */
  jobs: number;
  /** Folder for the generated content, the outputs and results.jsonl. */
  out: string;
  /** Keep the generated content and the outputs. */
  keep: boolean;
  /** Time `jiyue check` instead of the build. */
  check: boolean;
  /** Time `jiyue dev` instead of the build (bench-dev.ts). */
  dev: boolean;
  /**
   * Rounds of full build → Hugo + Pagefind → incremental build. The machine's speed drifts
   * (±15 % here between runs minutes apart), so the ratios are taken per round, the two sides
   * measured back to back, and their median reported. Default 1.
   */
  rounds: number;
  /** Build as this many shards plus a merge instead of one build. */
  shards?: number;
  /** PRNG seed. */
  seed: number;
  hugo: boolean;
  incremental: boolean;
  /** Time a group search in Chromium (group index vs. mergeIndex). */
  searchBrowser: boolean;
  /** The group has 繁體 versions (group.yaml `traditional: true`), to measure their cost. */
  traditional: boolean;
}

function parseOptions(argv: string[]): BenchOptions {
  const usage = '用法 usage: npm run bench -- [--sites 50] [--pages 200] [--jobs N] [--out bench-out] [--seed 1] [--rounds 1] [--keep] [--no-hugo] [--no-incremental] [--no-search-browser] [--check] [--shards N] [--traditional] [--dev]';
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sites: { type: 'string' },
        pages: { type: 'string' },
        jobs: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        shards: { type: 'string' },
        rounds: { type: 'string' },
        keep: { type: 'boolean' },
        check: { type: 'boolean' },
        dev: { type: 'boolean' },
        'no-hugo': { type: 'boolean' },
        'no-incremental': { type: 'boolean' },
        'no-search-browser': { type: 'boolean' },
        traditional: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`参数错误 bad arguments: ${(error as Error).message}\n${usage}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, def: number, min: number, max: number) => {
    if (raw === undefined) return def;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max)) fail(`--${name} 应为 ${min}–${max} 之间的整数 must be an integer in ${min}..${max}: "${raw}"\n${usage}`, 2);
    return n;
  };
  return {
    sites: int('sites', values.sites, 50, 1, 999),
    pages: int('pages', values.pages, 200, 10, 100_000),
    jobs: int('jobs', values.jobs, os.availableParallelism(), 1, 256),
    out: path.resolve(values.out ?? path.join(PROJECT_ROOT, 'bench-out')),
    keep: Boolean(values.keep),
    check: Boolean(values.check),
    dev: Boolean(values.dev),
    shards: values.shards === undefined ? undefined : int('shards', values.shards, 2, 1, 256),
    seed: int('seed', values.seed, 1, 0, 2 ** 31),
    rounds: int('rounds', values.rounds, 1, 1, 10),
    hugo: !values['no-hugo'],
    incremental: !values['no-incremental'],
    searchBrowser: !values['no-search-browser'],
    traditional: Boolean(values.traditional),
  };
}

/** A 党政机关网站标识 id shaped like the real ones (32 hexadecimal characters), from a site code. */
function conacIdFor(siteCode: string): string {
  const h = createHash('md5').update(siteCode).digest('hex').toUpperCase();
  return `${h.slice(0, 16)}E053${h.slice(16, 28)}`;
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

// ── deterministic randomness ────────────────────────────────────────────────────────────────

/** mulberry32: small, fast, good enough for synthetic content. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

// ── the synthetic group ─────────────────────────────────────────────────────────────────────

/** City departments: id, name, the abbreviation used in 文号. */
const DEPARTMENTS: readonly [string, string, string][] = [
  ['fgw', '发展和改革委员会', '发改'],
  ['jyj', '教育局', '教'],
  ['kjj', '科学技术局', '科'],
  ['gxj', '工业和信息化局', '工信'],
  ['mzj', '民政局', '民'],
  ['sfj', '司法局', '司'],
  ['czj', '财政局', '财'],
  ['rsj', '人力资源和社会保障局', '人社'],
  ['zrzyj', '自然资源和规划局', '自然资源'],
  ['sthjj', '生态环境局', '环'],
  ['zjj', '住房和城乡建设局', '建'],
  ['jtj', '交通运输局', '交'],
  ['slj', '水务局', '水'],
  ['nyncj', '农业农村局', '农'],
  ['swj', '商务局', '商'],
  ['wlj', '文化广电和旅游局', '文旅'],
  ['wjw', '卫生健康委员会', '卫健'],
  ['tyjrj', '退役军人事务局', '退役'],
  ['yjj', '应急管理局', '应急'],
  ['sjj', '审计局', '审'],
  ['gzw', '国有资产监督管理委员会', '国资'],
  ['scjgj', '市场监督管理局', '市监'],
  ['tyj', '体育局', '体'],
  ['tjj', '统计局', '统'],
  ['ylbzj', '医疗保障局', '医保'],
  ['cgj', '城市管理局', '城管'],
  ['xfj', '信访局', '信访'],
  ['zwfwj', '政务服务和数据管理局', '政数'],
  ['lyj', '林业局', '林'],
  ['gaj', '公安局', '公'],
  ['mzzj', '民族宗教事务局', '民宗'],
  ['rfb', '人民防空办公室', '人防'],
  ['gjj', '住房公积金管理中心', '公积金'],
  ['jrj', '地方金融管理局', '金融'],
  ['ggzy', '公共资源交易中心', '公共资源'],
];

/** Districts; beyond the city departments, sites are district departments (dcq-fgw …). */
const DISTRICTS: readonly [string, string][] = [
  ['dcq', '东城区'],
  ['xcq', '西城区'],
  ['nhq', '南湖区'],
  ['bsq', '北山区'],
  ['gxq', '高新区'],
  ['jkq', '经开区'],
  ['qsx', '青山县'],
  ['yxx', '云溪县'],
  ['smx', '石门县'],
  ['thx', '桃花县'],
];

const TOPICS = [
  '优化营商环境', '安全生产', '节能降碳', '数字政府建设', '乡村振兴', '城市更新', '公共文化服务', '就业创业',
  '养老服务体系', '生态环境保护', '科技创新', '招商引资', '重点项目建设', '社会信用体系', '政务公开', '依法行政',
  '消防安全', '防汛抗旱', '食品安全', '医疗保障', '教育质量提升', '交通基础设施', '水资源管理', '高标准农田建设',
  '旅游市场秩序', '人才引进', '中小企业发展', '知识产权保护', '统计数据质量', '应急管理', '生活垃圾分类', '住房保障',
  '价格监测', '平安建设', '法治宣传', '文物保护', '全民健身', '社区治理', '低空经济', '绿色建筑',
];

const TOPIC_CLASSES = ['综合政务/政务公开', '国民经济管理、国有资产监管/固定资产投资', '财政、金融、审计/财政', '劳动、人事、监察/就业', '城乡建设、环境保护/城市规划', '农业、林业、水利/农业、畜牧业、渔业', '科技、教育/科技', '卫生、体育/卫生', '公安、安全、司法/司法', '商贸、海关、旅游/旅游'];

const HEADINGS = ['工作背景', '主要做法', '取得成效', '存在问题', '下一步工作', '主要内容', '保障措施', '工作要求', '总体要求', '重点任务', '组织实施', '适用范围', '办理流程', '咨询方式'];
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const SENTENCES = [
  '为深入贯彻落实党中央、国务院关于{t}的决策部署，{s}坚持以人民为中心的发展思想，统筹推进各项工作任务落实。',
  '{y}年以来，全市{t}工作取得积极成效，累计完成投资{n}亿元，同比增长{p}%。',
  '会议强调，要进一步提高政治站位，压实工作责任，确保{t}各项任务按时保质完成。',
  '各县（市、区）要结合本地实际，细化工作方案，明确时间节点和责任分工。',
  '下一步，{s}将持续加强统筹协调，健全长效机制，推动{t}工作再上新台阶。',
  '据统计，截至{m}月底，全市共受理相关事项{k}件，办结率达到{q}%。',
  '会上，相关处室负责同志汇报了{t}工作进展情况，并就存在的问题和下一步打算作了发言。',
  '要坚持问题导向，聚焦群众急难愁盼，切实把好事办好、实事办实。',
  '对工作中发现的问题，要建立台账，逐项整改，实行销号管理，确保问题见底清零。',
  '广大市民如有意见建议，可通过12345政务服务便民热线或本网站“互动交流”栏目反映。',
  '各单位要加强信息报送，每月5日前将上月{t}工作进展情况报送{s}。',
  '本次活动共发放宣传资料{k}余份，现场解答群众咨询{r}人次，取得良好社会效果。',
  '{s}主要负责同志带队，深入企业、社区和项目现场开展实地调研，详细了解{t}推进情况。',
  '调研组与基层干部群众面对面交流，认真听取意见建议，现场协调解决实际困难{r}个。',
  '要把{t}作为当前一项重要政治任务，主要负责同志亲自抓、负总责，分管负责同志具体抓。',
  '要加强部门协同，强化信息共享，形成上下联动、齐抓共管的工作格局。',
  '{y}年{m}月，全市{t}综合指数为{q}，较上年同期提高{p}个百分点。',
  '通过“一网通办”平台，相关事项平均办理时限压缩至{r}个工作日，群众满意度持续提升。',
  '各地要严格落实属地管理责任，加强日常监督检查，坚决防止形式主义、官僚主义。',
  '要加大财政投入力度，{y}年市级财政安排专项资金{n}亿元，重点支持{t}相关项目。',
  '要坚持依法依规，严格执行相关法律法规和政策规定，确保各项工作规范有序。',
  '要加强宣传引导，充分利用报刊、广播电视和新媒体平台，营造全社会共同参与的良好氛围。',
  '截至目前，已完成年度目标任务的{q}%，{k}个重点项目全部开工建设。',
  '与会人员围绕{t}工作中的难点堵点问题进行了深入讨论，提出了具体的意见建议。',
  '此次检查共抽查单位{r}家，发现问题{k}处，已全部督促整改到位。',
];

const LIST_ITEMS = [
  '加强组织领导，成立工作专班，建立周调度、月通报工作机制',
  '完善制度机制，制定配套措施，形成工作闭环',
  '强化督促检查，定期通报工作进展，对工作滞后的单位进行约谈',
  '加大宣传力度，及时总结推广典型经验和做法',
  '优化服务流程，压缩办理时限，推行“一次办好”',
  '强化要素保障，协调解决用地、资金等问题，加快项目建设',
  '推进数据共享，提升数字化、智能化管理水平',
  '严格考核评价，将工作情况纳入年度绩效考核',
  '畅通投诉举报渠道，及时回应群众关切',
  '加强队伍建设，开展业务培训，提升履职能力',
];

const REVIEWERS = ['王建国', '李秀英', '张伟', '刘芳', '陈静', '杨帆', '赵明轩', '孙丽华', '周国栋', '吴晓燕', '郑海涛', '钱雨桐', '高文静', '林志强', '何慧敏'];

interface SitePlan {
  id: string;
  name: string;
  shortName: string;
  kind: 'portal' | 'department';
  /** Abbreviation for 文号. */
  abbr: string;
  index: number;
  theme: string;
  archived: boolean;
  columns: { id: string; name: string; type: string; description: string }[];
  reprint: { from: string; into: string }[];
  articles: ArticlePlan[];
}

interface ArticlePlan {
  siteId: string;
  columnId: string;
  slug: string;
  title: string;
  date: string;
  /** Column type, drives the body. */
  type: string;
  topic: string;
  /** For a policy: its interpretation's slug; for a 解读: the policy's slug. */
  pair?: string;
  docNumber?: string;
  attachment?: boolean;
}

const EXTRA_COLUMNS = [
  { id: 'tjsj', name: '统计数据', type: 'statistics', description: '发布本部门主要统计数据。' },
  { id: 'ghjh', name: '规划计划', type: 'planning', description: '公开本部门发展规划和年度工作计划。' },
  { id: 'rsxx', name: '人事信息', type: 'personnel', description: '公开人事任免、招录和考试信息。' },
  { id: 'bszn', name: '办事指南', type: 'service', description: '提供本部门政务服务事项办事指南。' },
  { id: 'hdjl', name: '互动交流', type: 'interaction', description: '公开领导信箱来信选登和在线访谈。' },
];

function siteIdentity(i: number): { id: string; name: string; shortName: string; abbr: string } {
  if (i === 0) return { id: 'www', name: `${CITY}人民政府`, shortName: `${CITY}政府`, abbr: '政' };
  const k = i - 1;
  if (k < DEPARTMENTS.length) {
    const [id, name, abbr] = DEPARTMENTS[k];
    return { id, name: `${CITY}${name}`, shortName: `市${name}`, abbr };
  }
  const r = k - DEPARTMENTS.length;
  if (r < DISTRICTS.length) {
    const [id, name] = DISTRICTS[r];
    return { id, name: `${CITY}${name}人民政府`, shortName: `${name}政府`, abbr: `${name.slice(0, 1)}政` };
  }
  // Then the districts' departments: dcq-fgw, xcq-fgw, … (a numeric suffix once all are used).
  const r2 = r - DISTRICTS.length;
  const [did, dname] = DISTRICTS[r2 % DISTRICTS.length];
  const [depId, depName, depAbbr] = DEPARTMENTS[Math.floor(r2 / DISTRICTS.length) % DEPARTMENTS.length];
  const round = Math.floor(r2 / (DISTRICTS.length * DEPARTMENTS.length));
  const suffix = round ? String(round + 1) : '';
  return { id: `${did}-${depId}${suffix}`, name: `${CITY}${dname}${depName}${suffix}`, shortName: `${dname}${depAbbr}${suffix}`, abbr: `${dname.slice(0, 1)}${depAbbr}` };
}

/** Fisher–Yates with the seeded PRNG. */
function shuffled<T>(list: readonly T[], rng: Rng): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function planGroup(opts: BenchOptions, rng: Rng): SitePlan[] {
  const sites: SitePlan[] = [];
  for (let i = 0; i < opts.sites; i++) {
    const ident = siteIdentity(i);
    const portal = i === 0;
    const columns = portal
      ? [
          { id: 'yaowen', name: '要闻动态', type: 'news', description: '发布市政府重要政务信息。' },
          { id: 'tzgg', name: '通知公告', type: 'notice', description: '发布市政府通知公告。' },
          { id: 'zcwj', name: '政策文件', type: 'policy', description: '公开市政府及办公室文件。' },
          { id: 'zcjd', name: '政策解读', type: 'interpretation', description: '解读市政府重要政策文件。' },
          { id: 'bmdt', name: '部门动态', type: 'news', description: '汇集各部门工作动态。' },
          { id: 'bsfw', name: '办事服务', type: 'service', description: '政务服务事项办事指南。' },
        ]
      : [
          { id: 'gzdt', name: '工作动态', type: 'news', description: '发布本部门重要工作动态。' },
          { id: 'tzgg', name: '通知公告', type: 'notice', description: '发布本部门通知、公告和公示信息。' },
          { id: 'zcwj', name: '政策文件', type: 'policy', description: '公开本部门制发的规范性文件和其他政策文件。' },
          { id: 'zcjd', name: '政策解读', type: 'interpretation', description: '解读本部门制发的重要政策文件。' },
        ];
    if (!portal) {
      const extras = shuffled(EXTRA_COLUMNS, rng).slice(0, rng.int(1, 2));
      columns.push(...extras);
    }
    sites.push({
      ...ident,
      kind: portal ? 'portal' : 'department',
      index: i,
      theme: ['default', 'blue', 'green'][i % 3],
      archived: opts.sites >= 10 && i === opts.sites - 1,
      columns,
      reprint: [],
      articles: [],
    });
  }
  // The portal's 部门动态 republishes the first departments' 工作动态.
  sites[0].reprint = sites.slice(1, 6).map((s) => ({ from: `${s.id}/gzdt`, into: 'bmdt' }));

  for (const site of sites) {
    const articles = opts.pages - 2; // two single pages
    const own = site.columns.filter((c) => c.id !== 'bmdt');
    const policies = Math.max(1, Math.round(articles * 0.14));
    const interpretations = Math.max(1, Math.round(policies * 0.5));
    const notices = Math.max(1, Math.round(articles * 0.2));
    const extras = own.filter((c) => !['news', 'notice', 'policy', 'interpretation'].includes(c.type));
    const perExtra = Math.max(1, Math.round(articles * 0.08));
    const news = Math.max(1, articles - policies - interpretations - notices - perExtra * extras.length);
    const newsCol = own.find((c) => c.type === 'news')!;
    const counts: [typeof own[number], number][] = [
      [newsCol, news],
      [own.find((c) => c.type === 'notice')!, notices],
      ...extras.map((c) => [c, perExtra] as [typeof own[number], number]),
    ];
    for (const [col, n] of counts) {
      for (let k = 1; k <= n; k++) {
        // Recent content is denser: square the random number to skew towards today.
        const date = addDays(NOW, -Math.floor(rng.next() ** 2 * 1095) - 1);
        const topic = rng.pick(TOPICS);
        site.articles.push({
          siteId: site.id,
          columnId: col.id,
          slug: `${date}-${k}`,
          title: titleFor(col.type, site, topic, rng),
          date,
          type: col.type,
          topic,
        });
      }
    }
    for (let k = 1; k <= policies; k++) {
      const date = addDays(NOW, -Math.floor(rng.next() * 1095) - 5);
      const year = date.slice(0, 4);
      const topic = rng.pick(TOPICS);
      const slug = `${year}-zc${k}`;
      const interpreted = k <= interpretations;
      const docNumber = `示${site.abbr}${rng.chance(0.6) ? '规' : '发'}〔${year}〕${rng.int(1, 60)}号`;
      const policyTitle = `关于印发《${CITY}${topic}${rng.pick(['管理办法', '实施方案', '若干措施', '工作规则', '三年行动计划'])}》的通知`;
      site.articles.push({ siteId: site.id, columnId: 'zcwj', slug, title: policyTitle, date, type: 'policy', topic, docNumber, pair: interpreted ? `${slug}-jd` : undefined, attachment: rng.chance(0.1) });
      if (interpreted) {
        site.articles.push({
          siteId: site.id,
          columnId: 'zcjd',
          slug: `${slug}-jd`,
          title: `一图读懂：${policyTitle.replace(/^关于印发|的通知$/g, '')}政策解读`,
          date: addDays(date, rng.int(1, 3)),
          type: 'interpretation',
          topic,
          docNumber,
          pair: slug,
        });
      }
    }
  }
  return sites;
}

function titleFor(type: string, site: SitePlan, topic: string, rng: Rng): string {
  const s = site.shortName;
  switch (type) {
    case 'news':
      return rng.pick([`${s}召开${topic}工作推进会`, `${s}开展${topic}专项督导检查`, `${s}主要负责同志调研${topic}工作`, `我市${topic}工作取得阶段性成效`, `${s}举办${topic}业务培训班`]);
    case 'notice':
      return rng.pick([`关于开展${topic}专项检查的通知`, `关于${topic}有关事项的公告`, `关于征求《${topic}工作方案（征求意见稿）》意见的公告`, `关于做好${topic}工作的通知`, `${topic}项目公示`]);
    case 'statistics':
      return `${rng.int(2024, 2026)}年${rng.int(1, 12)}月${topic}统计数据`;
    case 'planning':
      return rng.pick([`${CITY}“十五五”${topic}专项规划`, `${rng.int(2024, 2026)}年${topic}工作要点`, `${s}${rng.int(2024, 2026)}年度工作计划`]);
    case 'personnel':
      return rng.pick([`${s}${rng.int(2024, 2026)}年公开招聘工作人员公告`, `${s}干部任前公示`, `${s}关于人事任免的通知`]);
    case 'service':
      return rng.pick([`${topic}相关事项办事指南`, `${topic}补贴申领指南`, `${topic}备案办理流程`]);
    case 'interaction':
      return rng.pick([`关于${topic}问题的答复`, `在线访谈：${topic}政策解读`, `领导信箱来信选登：${topic}`]);
    default:
      return `${s}${topic}信息`;
  }
}

// ── writing the content ─────────────────────────────────────────────────────────────────────

function q(s: string): string {
  return JSON.stringify(s);
}

function fillSentence(template: string, site: SitePlan, topic: string, year: string, rng: Rng): string {
  return template.replace(/\{([tsynpmkqr])\}/g, (_m, k: string) => {
    switch (k) {
      case 't': return topic;
      case 's': return site.shortName;
      case 'y': return year;
      case 'n': return (rng.int(10, 900) / 10).toFixed(1);
      case 'p': return (rng.int(5, 300) / 10).toFixed(1);
      case 'm': return String(rng.int(1, 12));
      case 'k': return String(rng.int(12, 9000));
      case 'q': return (rng.int(800, 1000) / 10).toFixed(1);
      case 'r': return String(rng.int(3, 300));
      default: return '';
    }
  });
}

function paragraph(site: SitePlan, topic: string, year: string, rng: Rng, sentences = rng.int(3, 5)): string {
  let out = '';
  for (let i = 0; i < sentences; i++) out += fillSentence(rng.pick(SENTENCES), site, topic, year, rng);
  return out;
}

function mdTable(year: string, rng: Rng, type: string): string {
  if (type === 'notice') {
    const rows = Array.from({ length: rng.int(3, 5) }, (_, i) => `| ${i + 1} | ${rng.pick(TOPICS)}检查 | ${year}年${rng.int(1, 12)}月${rng.int(1, 28)}日 | ${rng.pick(['市政务服务中心', '各县（市、区）', '市民之家三楼会议室', '线上平台'])} |`);
    return ['| 序号 | 事项 | 时间 | 地点 |', '|---|---|---|---|', ...rows].join('\n');
  }
  const rows = Array.from({ length: rng.int(3, 5) }, () => `| ${rng.pick(['项目数量（个）', '完成投资（亿元）', '受理事项（件）', '办结率（%）', '覆盖人数（万人）', '财政资金（亿元）'])} | ${rng.int(10, 9999)} | ${(rng.int(-50, 300) / 10).toFixed(1)}% |`);
  return [`| 指标 | ${year}年 | 同比增长 |`, '|---|---:|---:|', ...rows].join('\n');
}

function bodyFor(a: ArticlePlan, site: SitePlan, all: SitePlan[], rng: Rng, published: Map<string, ArticlePlan[]>): string {
  const year = a.date.slice(0, 4);
  const target = rng.int(800, 1500);
  const parts: string[] = [];
  if (a.type === 'policy') {
    parts.push('各县（市、区）人民政府，市直各有关单位：');
    parts.push(`现将《${CITY}${a.topic}管理办法》印发给你们，请结合实际认真贯彻执行。`);
    parts.push(`${site.name}\n${year}年${Number(a.date.slice(5, 7))}月${Number(a.date.slice(8, 10))}日`);
    parts.push(`**${CITY}${a.topic}管理办法**`);
  } else if (a.type === 'interpretation') {
    parts.push(`近日，${site.name}印发了《${CITY}${a.topic}管理办法》（${a.docNumber}）。现就有关内容解读如下。`);
  }
  parts.push(paragraph(site, a.topic, year, rng));
  let h = 0;
  const heading = () => (a.type === 'policy' ? `## 第${ORDINALS[h++ % 10]}章 ${rng.pick(HEADINGS)}` : `## ${ORDINALS[h++ % 10]}、${rng.pick(HEADINGS)}`);
  parts.push(heading());
  if (a.type === 'policy') {
    for (let i = 1; i <= 3; i++) parts.push(`**第${ORDINALS[i - 1]}条** ${paragraph(site, a.topic, year, rng, 2)}`);
  } else {
    parts.push(paragraph(site, a.topic, year, rng));
  }
  const items = shuffled(LIST_ITEMS, rng).slice(0, rng.int(3, 5));
  const ordered = rng.chance(0.5);
  parts.push(items.map((it, i) => (ordered ? `${i + 1}. ${it}；` : `- ${it}；`)).join('\n'));
  parts.push(heading());
  parts.push(paragraph(site, a.topic, year, rng));
  parts.push(mdTable(year, rng, a.type));
  let length = parts.reduce((n, p) => n + p.length, 0);
  while (length < target) {
    if (rng.chance(0.3)) parts.push(heading());
    const p = paragraph(site, a.topic, year, rng);
    parts.push(p);
    length += p.length;
  }
  // Relative links to other articles of the site, one link across sites.
  const own = published.get(site.id)!;
  const related: string[] = [];
  for (let i = 0; i < 2; i++) {
    const other = rng.pick(own);
    if (other === a) continue;
    related.push(`[${other.title}](../${other.columnId}/${other.slug}.md)`);
  }
  if (a.type === 'interpretation') related.unshift(`[政策原文](../zcwj/${a.pair}.md)`);
  if (rng.chance(0.1)) related.push('[联系我们](../pages/contact.md)');
  const otherSite = all.length > 1 ? all[(site.index + 1 + rng.int(0, all.length - 2)) % all.length] : site;
  const target2 = rng.pick(published.get(otherSite.id)!);
  parts.push(`相关阅读：${related.join('、')}。另见${otherSite.shortName}：[${target2.title}](site:${target2.siteId}/${target2.columnId}/${target2.slug})。`);
  return parts.join('\n\n');
}

function frontmatter(a: ArticlePlan, site: SitePlan, rng: Rng): string {
  const lines = ['---', `title: ${q(a.title)}`];
  lines.push(`date: ${a.type === 'news' && rng.chance(0.3) ? `${a.date}T${String(rng.int(8, 18)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}+08:00` : a.date}`);
  lines.push(`source: ${q(site.name)}`);
  if (rng.chance(0.5)) lines.push(`author: ${q(rng.pick(['办公室', '综合处', '政策法规处', '规划处', '宣传科']))}`);
  if (rng.chance(0.4)) lines.push(`summary: ${q(`${a.topic}相关工作情况。`)}`);
  lines.push('disclosure: 主动公开');
  lines.push('review:', `  first: ${rng.pick(REVIEWERS)}`, `  second: ${rng.pick(REVIEWERS)}`, `  final: ${rng.pick(REVIEWERS)}`);
  if (a.type === 'policy') {
    lines.push(`docNumber: ${q(a.docNumber!)}`, `issuer: ${q(site.name)}`, `writtenDate: ${addDays(a.date, -rng.int(3, 15))}`);
    lines.push(`topic: ${q(rng.pick(TOPIC_CLASSES))}`, `validity: ${rng.chance(0.9) ? '有效' : rng.pick(['失效', '废止'])}`);
    if (a.pair) lines.push(`interpretation: ../zcjd/${a.pair}.md`);
    if (a.attachment) lines.push('attachments:', `  - title: ${q('附件：申报汇总表')}`, `    file: ${a.slug}.files/shenbao.csv`);
  }
  if (a.type === 'interpretation') lines.push(`interprets: ../zcwj/${a.pair}.md`);
  lines.push('---', '');
  return lines.join('\n');
}

function siteYaml(site: SitePlan): string {
  const n = site.index + 1;
  const code = `${REGION}${String(n).padStart(4, '0')}`;
  const lines = [
    `name: ${site.name}`,
    `shortName: ${site.shortName}`,
    `kind: ${site.kind}`,
    `domain: ${site.id}.example.gov.cn`,
    `siteCode: "${code}"`,
    `sponsor: ${site.name}`,
    `operator: ${CITY}大数据管理中心`,
    'contact:',
    `  phone: 0999-6${String(2000000 + n * 17).slice(0, 7)}`,
    `  email: ${site.id}@example.gov.cn`,
    `  address: ${CITY}人民大道${n}号`,
    `icp: 示ICP备99010001号-${n}`,
    `psb: 示公网安备 ${99010202000000 + n}号`,
    `conacId: "${conacIdFor(code)}"`,
    `theme: ${site.theme}`,
    `status: ${site.archived ? 'archived' : 'active'}`,
  ];
  if (site.archived) lines.push('archive:', '  date: 2026-10-01', '  reason: 机构改革', '  successor: fgw');
  lines.push('columns:');
  for (const c of site.columns) lines.push(`  - { id: ${c.id}, name: ${c.name}, type: ${c.type}, description: ${c.description} }`);
  if (site.reprint.length) {
    lines.push('reprint:');
    for (const r of site.reprint) lines.push(`  - { from: ${r.from}, into: ${r.into} }`);
  }
  return lines.join('\n') + '\n';
}

function singlePage(_slug: string, title: string, body: string, rng: Rng): string {
  return ['---', `title: ${title}`, 'date: 2026-01-01', 'disclosure: 主动公开', 'review:', `  first: ${rng.pick(REVIEWERS)}`, `  second: ${rng.pick(REVIEWERS)}`, `  final: ${rng.pick(REVIEWERS)}`, '---', '', body, ''].join('\n');
}

interface GenerateStats {
  files: number;
  bytes: number;
  articles: number;
  policies: number;
  interpretations: number;
  attachments: number;
  seconds: number;
}

function generate(opts: BenchOptions, contentDir: string): GenerateStats {
  const started = performance.now();
  const rng = prng(opts.seed);
  const sites = planGroup(opts, rng);
  discard(contentDir);
  fs.mkdirSync(contentDir, { recursive: true });
  const stats: GenerateStats = { files: 0, bytes: 0, articles: 0, policies: 0, interpretations: 0, attachments: 0, seconds: 0 };
  const write = (file: string, text: string) => {
    fs.writeFileSync(file, text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
  };
  write(
    path.join(contentDir, 'group.yaml'),
    [`name: ${CITY}人民政府网站群（性能基准）`, `regionCode: "${REGION}"`, 'portal: www', 'urlMode: domains', 'baseUrl: https://www.example.gov.cn', 'theme: default', 'externalLinks: [gov.cn]', 'trustedMdx: []', ...(opts.traditional ? ['traditional: true'] : []), ''].join('\n'),
  );
  const published = new Map(sites.map((s) => [s.id, s.articles]));
  for (const site of sites) {
    const dir = path.join(contentDir, site.id);
    for (const c of site.columns) if (c.id !== 'bmdt') fs.mkdirSync(path.join(dir, c.id), { recursive: true });
    fs.mkdirSync(path.join(dir, 'pages'), { recursive: true });
    write(path.join(dir, 'site.yaml'), siteYaml(site));
    write(path.join(dir, 'pages', 'about.md'), singlePage('about', '机构职能', `## 主要职责\n\n${paragraph(site, rng.pick(TOPICS), '2026', rng, 6)}\n\n## 内设机构\n\n${LIST_ITEMS.slice(0, 4).map((x) => `- ${x}`).join('\n')}`, rng));
    write(path.join(dir, 'pages', 'contact.md'), singlePage('contact', '联系我们', `| 事项 | 电话 |\n|---|---|\n| 办公室 | 0999-62345678 |\n| 政务公开 | 0999-62345679 |\n\n地址：${CITY}人民大道${site.index + 1}号`, rng));
    for (const a of site.articles) {
      const text = frontmatter(a, site, rng) + '\n' + bodyFor(a, site, sites, rng, published) + '\n';
      write(path.join(dir, a.columnId, `${a.slug}.md`), text);
      stats.articles++;
      if (a.type === 'policy') stats.policies++;
      if (a.type === 'interpretation') stats.interpretations++;
      if (a.attachment) {
        fs.mkdirSync(path.join(dir, a.columnId, `${a.slug}.files`), { recursive: true });
        write(path.join(dir, a.columnId, `${a.slug}.files`, 'shenbao.csv'), '序号,单位,项目,金额（万元）\n1,示例单位,示例项目,100\n');
        stats.attachments++;
      }
    }
  }
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}

// ── measuring ───────────────────────────────────────────────────────────────────────────────

interface Run {
  exitCode: number;
  wallSeconds: number;
  /** Largest resident set of any one process of the run (GNU time: the child and its descendants). */
  peakMb?: number;
  cpuPercent?: number;
  userSeconds?: number;
  systemSeconds?: number;
  /** The build's own timing line (JIYUE_TIMINGS), when it is a build. */
  timings?: Record<string, number>;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time -v (when there is one), with a live status line. */
async function timed(label: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const timeBin = '/usr/bin/time';
  const useTime = fs.existsSync(timeBin);
  const timeFile = path.join(os.tmpdir(), `jiyue-bench-time-${process.pid}.txt`);
  const [bin, argv] = useTime ? [timeBin, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const started = performance.now();
  const child = spawn(bin, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...env, CI: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const tty = process.stdout.isTTY;
  const ticker = tty ? setInterval(() => process.stdout.write(`\r\x1b[K  ${label}…（${((performance.now() - started) / 1000).toFixed(0)} s）`), 1000) : undefined;
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  if (ticker) clearInterval(ticker);
  const run: Run = { exitCode, wallSeconds: (performance.now() - started) / 1000, stdout, stderr };
  if (tty) process.stdout.write('\r\x1b[K');
  process.stdout.write(`  ${label}：${sec(run.wallSeconds)}\n`);
  if (useTime && fs.existsSync(timeFile)) {
    const report = fs.readFileSync(timeFile, 'utf8');
    fs.rmSync(timeFile, { force: true });
    const pick = (re: RegExp) => (re.exec(report) ? Number(re.exec(report)![1]) : undefined);
    const max = pick(/Maximum resident set size \(kbytes\): (\d+)/);
    if (max !== undefined) run.peakMb = max / 1024;
    run.cpuPercent = pick(/Percent of CPU this job got: (\d+)%/);
    run.userSeconds = pick(/User time \(seconds\): ([\d.]+)/);
    run.systemSeconds = pick(/System time \(seconds\): ([\d.]+)/);
  }
  const line = /^JIYUE_TIMINGS (\{.*\})$/m.exec(stderr);
  if (line) run.timings = JSON.parse(line[1]) as Record<string, number>;
  return run;
}

function jiyue(label: string, args: string[]): Promise<Run> {
  // The same heap limit as `npm run build` (package.json).
  return timed(label, process.execPath, ['--max-old-space-size=12288', JIYUE, ...args], { JIYUE_TIMINGS: '1' });
}

function mustSucceed(run: Run, what: string): void {
  if (run.exitCode === 0) return;
  process.stderr.write(run.stderr.split('\n').slice(0, 60).join('\n') + '\n');
  fail(`${what}失败 failed（退出码 exit code ${run.exitCode}），用时 after ${sec(run.wallSeconds)}`);
}

/** The pinned Pagefind binary (the npm package's platform build, the one the build uses). */
function pagefindBinary(): string {
  const base = path.join(PROJECT_ROOT, 'node_modules', '@pagefind');
  for (const dir of fs.existsSync(base) ? fs.readdirSync(base) : []) {
    const bin = path.join(base, dir, 'bin', 'pagefind_extended');
    if (fs.existsSync(bin)) return bin;
  }
  fail('找不到 Pagefind 可执行文件 pagefind binary not found under node_modules/@pagefind (npm ci)');
}

function hugoBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'hugo');
    if (fs.existsSync(bin)) return bin;
  }
  return undefined;
}

/**
 * The same Markdown as a Hugo site: one section per site, minimal templates with a header,
 * navigation, footer and the article marked `data-pagefind-body` (as ours), `lang="zh-CN"`.
 */
function hugoSite(contentDir: string, dir: string): number {
  discard(dir);
  const layouts = path.join(dir, 'layouts', '_default');
  fs.mkdirSync(layouts, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'hugo.toml'),
    'baseURL = "https://www.example.gov.cn/"\nlanguageCode = "zh-cn"\ntitle = "示例"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n[pagination]\npagerSize = 20\n[markup.goldmark.renderer]\nunsafe = true\n',
  );
  fs.writeFileSync(path.join(layouts, 'baseof.html'), '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><header><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header><main>{{ block "main" . }}{{ end }}</main><footer>footer</footer></body></html>');
  fs.writeFileSync(path.join(layouts, 'list.html'), '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}');
  fs.writeFileSync(path.join(layouts, 'single.html'), '{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</article>{{ end }}');
  let pages = 0;
  for (const site of fs.readdirSync(contentDir, { withFileTypes: true })) {
    if (!site.isDirectory()) continue;
    for (const column of fs.readdirSync(path.join(contentDir, site.name), { withFileTypes: true })) {
      if (!column.isDirectory()) continue;
      const to = path.join(dir, 'content', site.name, column.name);
      fs.mkdirSync(to, { recursive: true });
      for (const f of fs.readdirSync(path.join(contentDir, site.name, column.name))) {
        if (!f.endsWith('.md')) continue;
        fs.copyFileSync(path.join(contentDir, site.name, column.name, f), path.join(to, f));
        pages++;
      }
    }
  }
  return pages;
}

interface HugoRun {
  hugo: Run;
  pagefind: Run;
  seconds: number;
  peakMb: number;
  pages: number;
}

async function runHugo(contentDir: string, dir: string): Promise<HugoRun | undefined> {
  const hugo = hugoBinary();
  if (!hugo) {
    process.stdout.write('  没有 hugo（apt-get install hugo），跳过对照 no hugo, comparison skipped\n');
    return undefined;
  }
  const pages = hugoSite(contentDir, dir);
  const h = await timed('Hugo', hugo, ['--quiet', '--source', dir, '--destination', path.join(dir, 'public')]);
  mustSucceed(h, 'Hugo ');
  // Chinese, as the build's own indexes (src/search/index-unit.ts SEARCH_LANGUAGE).
  const p = await timed('Pagefind（Hugo 的页面 Hugo pages）', pagefindBinary(), ['--site', path.join(dir, 'public'), '--force-language', 'zh-cn', '--quiet']);
  mustSucceed(p, 'Pagefind ');
  return { hugo: h, pagefind: p, seconds: h.wallSeconds + p.wallSeconds, peakMb: Math.max(h.peakMb ?? 0, p.peakMb ?? 0), pages };
}

/**
 * Retitles the newest department news item, which the portal's 部门动态 lists: the case where a
 * department site, its column lists and the portal's home page all change.
 */
/** The newest department news article (by its date and time): the first item of the portal's 部门动态. */
function newestNews(contentDir: string): { abs: string; rel: string } {
  let best: { abs: string; rel: string; key: string } | undefined;
  for (const site of fs.readdirSync(contentDir)) {
    const dir = path.join(contentDir, site, 'gzdt');
    if (site === 'www' || !fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith('.md')) continue;
      const abs = path.join(dir, file);
      const date = /^date: (.*)$/m.exec(fs.readFileSync(abs, 'utf8'))?.[1] ?? '';
      const key = `${date}\0${file}\0${site}`;
      if (!best || key > best.key) best = { abs, rel: `${site}/gzdt/${file}`, key };
    }
  }
  if (!best) fail('没有可改标题的部门动态 no department news to retitle');
  return best;
}

function retitleOne(contentDir: string): string {
  const best = newestNews(contentDir);
  fs.writeFileSync(best.abs, fs.readFileSync(best.abs, 'utf8').replace(/^title: (["']?)(.*)\1$/m, 'title: $1$2（更新）$1'));
  return best.rel;
}

// ── reporting ───────────────────────────────────────────────────────────────────────────────

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function reportTable(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => width(k)));
  return rows.map(([k, v]) => `  ${k}${' '.repeat(w - width(k))}  ${v}`).join('\n');
}

const num = (n: number) => n.toLocaleString('en-US');
const sec = (n: number | undefined) => (n === undefined ? '—' : `${n.toFixed(1)} s`);
const mb = (n: number | undefined) => (n === undefined ? '—' : `${num(Math.round(n))} MB`);

function gitCommit(): string | null {
  try {
    const head = fs.readFileSync(path.join(PROJECT_ROOT, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    const ref = path.join(PROJECT_ROOT, '.git', head.slice(5));
    return fs.existsSync(ref) ? fs.readFileSync(ref, 'utf8').trim().slice(0, 12) : null;
  } catch {
    return null;
  }
}

/** The build's phases as table rows, from its timing line. */
function phaseRows(t: Record<string, number> | undefined): [string, string][] {
  if (!t) return [['  阶段 phases', '—（没有计时行 no timing line）']];
  const rows: [string, string][] = [];
  const add = (label: string, key: string) => {
    if (t[key] !== undefined) rows.push([label, sec(t[key])]);
  };
  add('  读取与校验 load', 'load');
  add('  内容规则 content rules', 'check');
  add('  规划 plan', 'plan');
  add('  网址台账 ledger', 'ledger');
  if (t.bodies !== undefined) rows.push(['  正文 Markdown bodies', `${sec(t.bodies)}（渲染 rendered ${num(t.bodiesRendered ?? 0)}，沿用 reused ${num(t.bodiesReused ?? 0)}）`]);
  add('  指纹 fingerprints', 'fingerprint');
  if (t.units !== undefined) {
    rows.push(['  站点 units (worker processes)', `${sec(t.units)}（构建 built ${t.unitsBuilt ?? 0}，沿用 reused ${t.unitsReused ?? 0}，进程 workers ${t.workers ?? 0}）`]);
    rows.push(['    各进程合计 summed over workers', `Astro ${sec(t['worker.astro'])}，整理 layout ${sec(t['worker.layout'])}，${(t['worker.traditional'] ?? 0) >= 0.05 ? `繁體 traditional ${sec(t['worker.traditional'])}，` : ''}页面规范 page check ${sec(t['worker.check'])}，站点搜索 site search ${sec(t['worker.search'])}`]);
    if (t.workerPeakRss) rows.push(['    最大工作进程 largest worker (Node)', mb(t.workerPeakRss / 1048576)]);
  }
  add('  组装 assemble', 'assemble');
  add('  网站群搜索 group index', 'group');
  add('  清单 manifest', 'manifest');
  add('  报告 reports', 'reports');
  add('  替换 swap', 'commit');
  add('  缓存 cache', 'cache');
  return rows;
}

async function main(): Promise<number> {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const opts = parseOptions(process.argv.slice(2));
  const contentDir = path.join(opts.out, 'content');
  const distDir = path.join(opts.out, 'dist');
  const cacheDir = path.join(opts.out, 'cache');
  fs.mkdirSync(opts.out, { recursive: true });
  trashDir = path.join(opts.out, '.trash');

  process.stdout.write(`jiyue 性能基准 benchmark：${opts.sites} 个站点 sites × ${opts.pages} 篇 files${opts.traditional ? '，含繁體版本 with 繁體 versions' : ''}，种子 seed ${opts.seed}，${os.availableParallelism()} 核 cores\n`);
  const gen = generate(opts, contentDir);
  process.stdout.write(`  生成内容 generated ${num(gen.files)} 个文件 files（${(gen.bytes / 1048576).toFixed(1)} MB）用时 in ${sec(gen.seconds)}\n`);

  const now = parseJiyueDate(NOW) as JiyueDate;
  const loaded = loadGroup({ contentDir, themesDir: path.join(PROJECT_ROOT, 'themes'), now, sites: [] });
  const loadErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.model || loadErrors.length) {
    for (const d of loadErrors.slice(0, 10)) process.stderr.write(`${d.file ?? ''}:${d.line ?? ''} ${d.ruleId} ${d.message}\n`);
    fail('生成的内容未通过加载检查（这是基准脚本的问题）。The generated content fails to load (a bug in the bench script).');
  }
  if (opts.check) return benchCheck(opts, contentDir, gen);
  if (opts.dev) return benchDevMode(opts, contentDir, gen);
  if (opts.shards) return benchShards(opts, contentDir, gen);

  type Round = { full: Run; hugo?: Awaited<ReturnType<typeof runHugo>>; incremental?: Run; retitled?: string };
  const rounds: Round[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const label = opts.rounds > 1 ? `（第 ${r + 1} 轮 round ${r + 1}）` : '';
    discard(distDir);
    discard(cacheDir);
    const full = await jiyue(`完整构建 full build${label}`, ['build', '--full', '--content', contentDir, '--out', distDir, '--cache', cacheDir, '--now', NOW, '--jobs', String(opts.jobs)]);
    mustSucceed(full, '构建 build ');
    const hugo = opts.hugo ? await runHugo(contentDir, path.join(opts.out, 'hugo')) : undefined;
    let incremental: Run | undefined;
    let retitled: string | undefined;
    if (opts.incremental) {
      retitled = retitleOne(contentDir);
      incremental = await jiyue(`增量构建 incremental build（改标题 retitled ${retitled}）${label}`, ['build', '--content', contentDir, '--out', distDir, '--cache', cacheDir, '--now', NOW, '--jobs', String(opts.jobs)]);
      mustSucceed(incremental, '增量构建 incremental build ');
    }
    rounds.push({ full, hugo, incremental, retitled });
  }
  // The round whose full-build ratio is the median stands for the run (its phases are printed).
  const fullRatio = (x: Round) => (x.hugo ? x.full.wallSeconds / x.hugo.seconds : x.full.wallSeconds);
  const byRatio = [...rounds].sort((a, b) => fullRatio(a) - fullRatio(b));
  const { full, hugo, incremental, retitled } = byRatio[Math.floor((byRatio.length - 1) / 2)];
  const medianOf = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')) as { pages: unknown[] };
  const pages = manifest.pages.length;
  const warnings = Number(/共 \d+ 个错误，(\d+) 个警告/.exec(full.stderr)?.[1] ?? 0);

  /** The ratio to Hugo + Pagefind of the same round; with several rounds, their median and each round's. */
  const perRound = (side: (x: Round) => number) => {
    const ratios = rounds.map((x) => side(x) / x.hugo!.seconds);
    const text = `${medianOf(ratios).toFixed(2)}×`;
    return rounds.length > 1 ? `${text}（${rounds.length} 轮的中位数 median of rounds：${ratios.map((x) => `${x.toFixed(2)}×`).join('、')}）` : text;
  };
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', `${num(gen.articles + 2 * opts.sites)}（政策 policies ${num(gen.policies)}，解读 interpretations ${num(gen.interpretations)}，附件 attachments ${num(gen.attachments)}）`],
    ['输出页面 output pages', num(pages)],
    ['完整构建 full build (--full)', `${sec(full.wallSeconds)}，--jobs ${opts.jobs}`],
    ...phaseRows(full.timings),
    ['  峰值内存 peak (largest process)', mb(full.peakMb)],
    ['  CPU', full.cpuPercent !== undefined ? `${full.cpuPercent}%（user ${sec(full.userSeconds)}，sys ${sec(full.systemSeconds)}）` : '—'],
    ['  警告 warnings', num(warnings)],
  ];
  if (hugo) {
    rows.push(
      ['Hugo + Pagefind（同一批页面 same pages）', `${sec(hugo.seconds)}（Hugo ${sec(hugo.hugo.wallSeconds)}，Pagefind ${sec(hugo.pagefind.wallSeconds)}；峰值 peak ${mb(hugo.peakMb)}；${num(hugo.pages)} 篇 files）`],
      ['完整构建 ÷ Hugo + Pagefind', `${perRound((x) => x.full.wallSeconds)}（目标 target ≤ 1.5×）`],
    );
  }
  if (incremental) {
    rows.push(['增量构建 incremental (one title)', `${sec(incremental.wallSeconds)}；峰值 peak ${mb(incremental.peakMb)}`], ...phaseRows(incremental.timings));
    if (hugo) rows.push(['增量构建 ÷ Hugo + Pagefind', `${perRound((x) => x.incremental!.wallSeconds)}（目标 target ≤ 0.35×）`]);
  }
  process.stdout.write(`\n结果 results\n${reportTable(rows)}\n`);

  let searchBrowser;
  let searchPage;
  if (opts.searchBrowser) {
    process.stdout.write('\n网站群搜索 group search in Chromium（合并的网站群索引 merged group index vs. mergeIndex）…\n');
    searchBrowser = await measureGroupSearch(path.join(distDir, 'sites'), 'www', SEARCH_QUERIES);
    const line = (name: string, c?: { firstQueryMs: number; nextQueryMs: number; firstRequests: number; firstBytes: number; totalRequests: number; totalBytes: number; counts: number[] }) =>
      c
        ? ([name, `首次 first ${c.firstQueryMs} ms（${c.firstRequests} 个请求 requests，${(c.firstBytes / 1024).toFixed(0)} KB），之后 then ${c.nextQueryMs} ms/次；共 total ${c.totalRequests} 个请求，${(c.totalBytes / 1024).toFixed(0)} KB；结果数 counts ${c.counts.join('/')}`] as [string, string])
        : ([name, '—'] as [string, string]);
    process.stdout.write(`${reportTable([line('网站群索引 group index', searchBrowser.group), line(`mergeIndex（${searchBrowser.mergedSites} 个包 bundles）`, searchBrowser.merge)])}\n`);
    process.stdout.write('\n门户搜索页 the portal\'s search page（首次用 ?q= 打开，之后在搜索框输入 first via ?q=, then typed）…\n');
    searchPage = await measureSearchPage(distDir, SEARCH_QUERIES);
    process.stdout.write(`${reportTable(searchPage.map((c, i) => [`${i === 0 ? '首次' : '之后'} ${c.query}`, `${c.requests} 个请求 requests，${(c.bytes / 1024).toFixed(0)} KB，${c.ms} ms；${c.results}`] as [string, string]))}\n`);
  }

  const runJson = (r: Run | undefined) => r && { wallSeconds: round(r.wallSeconds), peakMb: r.peakMb === undefined ? null : Math.round(r.peakMb), cpuPercent: r.cpuPercent ?? null, timings: r.timings ?? null };
  const result = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGb: Math.round(os.totalmem() / 1073741824),
    params: { sites: opts.sites, pages: opts.pages, seed: opts.seed, jobs: opts.jobs, traditional: opts.traditional },
    content: { files: gen.files, bytes: gen.bytes, articles: gen.articles, attachments: gen.attachments },
    outputPages: pages,
    full: runJson(full),
    hugo: hugo ? { seconds: round(hugo.seconds), hugoSeconds: round(hugo.hugo.wallSeconds), pagefindSeconds: round(hugo.pagefind.wallSeconds), peakMb: Math.round(hugo.peakMb), pages: hugo.pages } : null,
    incremental: incremental ? { ...runJson(incremental), retitled } : null,
    ratios: hugo
      ? {
          full: round(medianOf(rounds.map((x) => x.full.wallSeconds / x.hugo!.seconds))),
          incremental: incremental ? round(medianOf(rounds.map((x) => x.incremental!.wallSeconds / x.hugo!.seconds))) : null,
          rounds: rounds.map((x) => ({ full: round(x.full.wallSeconds), hugo: round(x.hugo!.seconds), incremental: x.incremental ? round(x.incremental.wallSeconds) : null })),
        }
      : null,
    warnings,
    searchBrowser: searchBrowser ?? null,
    searchPage: searchPage ?? null,
  };
  const resultsFile = path.join(opts.out, 'results.jsonl');
  fs.appendFileSync(resultsFile, JSON.stringify(result) + '\n');
  process.stdout.write(`\n已追加到 appended to ${shown(resultsFile)}\n`);
  cleanUp(opts, [contentDir, distDir, cacheDir, path.join(opts.out, 'hugo')], distDir);
  return 0;
}

/** `--shards N`: N shard builds one after another (separate folders and caches), then the merge. */
async function benchShards(opts: BenchOptions, contentDir: string, gen: GenerateStats): Promise<number> {
  const n = opts.shards!;
  const dirs = Array.from({ length: n }, (_, i) => path.join(opts.out, `shard-${i + 1}`));
  const runs: Run[] = [];
  for (const [i, dir] of dirs.entries()) {
    discard(dir);
    discard(`${dir}-cache`);
    const r = await jiyue(`分片 shard ${i + 1}/${n}`, ['build', '--shard', `${i + 1}/${n}`, '--content', contentDir, '--out', dir, '--cache', `${dir}-cache`, '--now', NOW, '--jobs', String(opts.jobs)]);
    mustSucceed(r, `分片 shard ${i + 1}/${n} `);
    runs.push(r);
  }
  const distDir = path.join(opts.out, 'dist');
  discard(distDir);
  const merge = await jiyue('合并 merge', ['merge', '--content', contentDir, '--out', distDir, '--cache', path.join(opts.out, 'merge-cache'), '--now', NOW, ...dirs]);
  mustSucceed(merge, '合并 merge ');
  const pages = (JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')) as { pages: unknown[] }).pages.length;
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', num(gen.articles + 2 * opts.sites)],
    ['输出页面 output pages', num(pages)],
    ...runs.map((r, i) => [`分片 shard ${i + 1}/${n}`, `${sec(r.wallSeconds)}，峰值 peak ${mb(r.peakMb)}（站点构建 units ${sec(r.timings?.units)}，读取 load ${sec(r.timings?.load)}，规则 rules ${sec(r.timings?.check)}，正文 bodies ${sec(r.timings?.bodies)}）`] as [string, string]),
    ['分片合计 shards total', sec(runs.reduce((a, r) => a + r.wallSeconds, 0))],
    ['合并 merge', `${sec(merge.wallSeconds)}，峰值 peak ${mb(merge.peakMb)}（网站群搜索 group index ${sec(merge.timings?.group)}，组装 assemble ${sec(merge.timings?.assemble)}）`],
  ];
  process.stdout.write(`\n结果 results（分片 sharded）\n${reportTable(rows)}\n`);
  const record = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    mode: 'shards',
    node: process.version,
    cpus: os.availableParallelism(),
    params: { sites: opts.sites, pages: opts.pages, seed: opts.seed, jobs: opts.jobs, shards: n },
    outputPages: pages,
    shards: runs.map((r) => ({ wallSeconds: round(r.wallSeconds), peakMb: r.peakMb === undefined ? null : Math.round(r.peakMb), timings: r.timings ?? null })),
    merge: { wallSeconds: round(merge.wallSeconds), peakMb: merge.peakMb === undefined ? null : Math.round(merge.peakMb), timings: merge.timings ?? null },
  };
  fs.appendFileSync(path.join(opts.out, 'results.jsonl'), JSON.stringify(record) + '\n');
  cleanUp(opts, [contentDir, distDir, path.join(opts.out, 'merge-cache'), ...dirs, ...dirs.map((d) => `${d}-cache`)], distDir);
  return 0;
}

function cleanUp(opts: BenchOptions, dirs: string[], distDir: string): void {
  if (opts.keep) {
    process.stdout.write(`保留 kept: ${dirs.filter((d) => fs.existsSync(d)).map(shown).join('，')}（npm run preview -- --out ${shown(distDir)}）\n`);
    return;
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * `--check`: runs `jiyue check --format json` in a child process under /usr/bin/time and reports
 * wall time, the check's own time (load excluded), peak memory and what it found.
 */
async function benchCheck(opts: BenchOptions, contentDir: string, gen: GenerateStats): Promise<number> {
  process.stdout.write('  检查 check（子进程 child process）…\n');
  const timeBin = '/usr/bin/time';
  const useTime = fs.existsSync(timeBin);
  const timeFile = path.join(os.tmpdir(), `jiyue-bench-check-time-${process.pid}.txt`);
  const checkArgs = [JIYUE, 'check', '--content', contentDir, '--now', NOW, '--format', 'json'];
  const [cmd, args] = useTime ? [timeBin, ['-v', '-o', timeFile, process.execPath, ...checkArgs]] : [process.execPath, checkArgs];
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env: { ...process.env, CI: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const wallSeconds = (performance.now() - started) / 1000;
  let peakRssMb: number | undefined;
  if (useTime && fs.existsSync(timeFile)) {
    const max = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeFile, 'utf8'));
    if (max) peakRssMb = Number(max[1]) / 1024;
    fs.rmSync(timeFile, { force: true });
  }
  let result: { errors: number; warnings: number; seconds: number; diagnostics: { ruleId: string }[] };
  try {
    result = JSON.parse(stdout);
  } catch {
    process.stderr.write(stderr.slice(0, 4000));
    fail(`检查失败 check failed（退出码 exit code ${exitCode}）`);
  }
  const byRule: Record<string, number> = {};
  for (const d of result.diagnostics) byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', num(gen.articles + 2 * opts.sites)],
    ['检查总时长 check wall time', sec(wallSeconds)],
    ['  读取与规则 load + rules (in the CLI)', sec(result.seconds)],
    ['峰值内存 peak RSS', mb(peakRssMb)],
    ['错误 / 警告 errors / warnings', `${result.errors} / ${result.warnings}`],
    ['按规则 by rule', Object.entries(byRule).map(([k, v]) => `${k} ${v}`).join('，') || '—'],
  ];
  process.stdout.write(`\n结果 results\n${reportTable(rows)}\n`);
  const record = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    mode: 'check',
    node: process.version,
    cpus: os.cpus().length,
    params: { sites: opts.sites, pages: opts.pages, seed: opts.seed },
    check: { wallSeconds: round(wallSeconds), cliSeconds: round(result.seconds), peakRssMb: peakRssMb === undefined ? null : Math.round(peakRssMb), errors: result.errors, warnings: result.warnings, byRule },
  };
  fs.appendFileSync(path.join(opts.out, 'results.jsonl'), JSON.stringify(record) + '\n');
  if (!opts.keep) fs.rmSync(contentDir, { recursive: true, force: true });
  if (result.errors) {
    process.stderr.write('生成的内容有检查错误（基准脚本或规则的问题）。The generated content has check errors (a bug in the bench script or a rule).\n');
    return 1;
  }
  return 0;
}

async function benchDevMode(opts: BenchOptions, contentDir: string, gen: GenerateStats): Promise<number> {
  const { benchDev } = await import('./bench-dev.ts');
  const article = newestNews(contentDir).rel;
  process.stdout.write(`  实时预览 dev server（改标题 retitling ${article}）…\n`);
  const r = await benchDev({ projectRoot: PROJECT_ROOT, contentDir, now: NOW, article, edits: 10, log: (s) => process.stdout.write(s) });
  const rows: [string, string][] = [
    ['站点 sites', num(opts.sites)],
    ['内容文件 content files', num(gen.articles + 2 * opts.sites)],
    ['启动到第一个页面 start → first page', sec(r.firstPageSeconds)],
    ['保存到显示 save → shown in Chromium', `中位数 median ${r.medianMs} ms，最慢 worst ${r.worstMs} ms（${r.editsMs.length} 次 saves）`],
    ['峰值内存 peak RSS', `${num(r.peakRssMb)} MB`],
  ];
  process.stdout.write(`\n结果 results\n${reportTable(rows)}\n`);
  const record = { date: new Date().toISOString(), commit: gitCommit(), mode: 'dev', node: process.version, cpus: os.cpus().length, params: { sites: opts.sites, pages: opts.pages, seed: opts.seed }, dev: r };
  fs.appendFileSync(path.join(opts.out, 'results.jsonl'), JSON.stringify(record) + '\n');
  if (!opts.keep) fs.rmSync(contentDir, { recursive: true, force: true });
  return 0;
}

/** A path as short as it can be shown: relative below the working directory, else absolute. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main().then(
  (code) => {
    emptyTrash();
    process.exit(code);
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
