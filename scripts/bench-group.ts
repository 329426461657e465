/**
 * The synthetic site group of `npm run bench` (bench.ts): a deterministic group that follows the
 * content contract, generated from a seed: Chinese bodies of 800–1,500 characters with headings,
 * lists, tables, relative and `site:` links; policies with 文号 and their 解读; an archived site;
 * the portal reprinting departments' news; identity values shaped as real ones.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The build date every bench build uses (`--now`): the content's dates are before it. */
export const NOW = '2026-11-20';
const REGION = '990100';
const CITY = '示例市';

/** What shapes the generated group. */
export interface GroupShape {
  /** Sites, the portal included. */
  sites: number;
  /** Markdown files of one site (articles plus two single pages). */
  pages: number;
  seed: number;
  /** The group has 繁體 versions (group.yaml `traditional: true`). */
  traditional: boolean;
}

/** A 党政机关网站标识 id shaped like the real ones (32 hexadecimal characters), from a site code. */
function conacIdFor(siteCode: string): string {
  const h = createHash('md5').update(siteCode).digest('hex').toUpperCase();
  return `${h.slice(0, 16)}E053${h.slice(16, 28)}`;
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

function planGroup(opts: GroupShape, rng: Rng): SitePlan[] {
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

export interface GenerateStats {
  files: number;
  bytes: number;
  articles: number;
  policies: number;
  interpretations: number;
  attachments: number;
  seconds: number;
}

/** Writes the group into `contentDir` (which must not exist). */
export function generate(opts: GroupShape, contentDir: string): GenerateStats {
  const started = performance.now();
  const rng = prng(opts.seed);
  const sites = planGroup(opts, rng);
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
