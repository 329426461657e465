/**
 * Catalogue entries for content compliance (page-spec.md §6): what `npm run check` and the
 * build's load stage report about published content. Composed into `src/errors/catalogue.ts`.
 *
 * Broken internal links keep their core ids (`LINK-BROKEN`, `LINK-UNPUBLISHED`, …): one link
 * resolver (`src/model/links.ts`) serves front matter, bodies, `check` and the render.
 */
import { entry } from './entry.ts';

/** 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》: cited by its veto items (单项否决). */
const GB19 = '《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）';
const LIAOCHENG = '聊城市政府网站管理办法（聊政办发〔2018〕34号）';
const TJ_CGW = '天津市城市管理委员会门户网站管理办法（津城管办〔2024〕139号）';
const TJ_2007 = '天津市政府网站管理办法（津政发〔2007〕62号）';

export const contentEntries = {
  // ── links ───────────────────────────────────────────────────────────────────────────────
  ExternalDomain: entry<{ href: string; domain: string }>({
    ruleId: 'LINK-EXTERNAL-DOMAIN',
    severity: 'warning',
    title: '外部链接不在白名单中',
    source: `${LIAOCHENG}第十八条；${TJ_2007}第二十二条`,
    message: (p) => `外部链接 "${p.href}" 的域名 ${p.domain} 不在 group.yaml 的 externalLinks 白名单中`,
    hint: (p) => `确认 ${p.domain} 是政府或公益网站后，由网站群管理员加入 externalLinks；否则删除这个链接。`,
  }),
  CommercialLink: entry<{ href: string; pattern: string }>({
    ruleId: 'LINK-COMMERCIAL',
    severity: 'error',
    title: '链接商业网站或广告',
    source: `${LIAOCHENG}第十八条（不得链接商业网站，不得刊登商业广告或链接商业广告页面）`,
    message: (p) => `链接 "${p.href}" 指向商业网站或广告（${p.pattern}）`,
    hint: () => '删除这个链接；需要引用的信息请链接到政府网站上的原文。',
  }),

  MediaExternal: entry<{ src: string; host: string }>({
    ruleId: 'MEDIA-EXTERNAL',
    severity: 'error',
    title: '图片或音视频来自其他网站',
    source: `${TJ_CGW}第十二条（三）（各个图片链接均可正常点击使用）；${LIAOCHENG}第十八条（不得使用可能存在潜在版权纠纷或争议的图片和视频）`,
    message: (p) => `"${p.src}" 要从 ${p.host} 加载：网页的内容安全策略只允许本站的图片和音视频，发布后读者看不到它`,
    hint: () => '把文件保存下来，放在本文所在目录（几个站点共用的放 _shared/），改用相对路径引用，例如 ![说明](./图片.png)；只想指向原网页时改为普通链接 [说明](https://…)。',
  }),

  // ── personal information ────────────────────────────────────────────────────────────────
  PrivacyIdNumber: entry<{ masked: string; where: string }>({
    ruleId: 'PRIVACY-ID-NUMBER',
    severity: 'error',
    locked: true,
    title: '公开了公民身份号码',
    source: `${LIAOCHENG}第十八条（不得公开包含公民身份证件等个人隐私的信息）`,
    message: (p) => `${p.where}有一个完整的 18 位公民身份号码（校验位和出生日期都有效）`,
    hint: (p) => `改为隐去中间位的形式 ${p.masked}，或删除。`,
  }),
  PrivacyMobile: entry<{ masked: string; where: string }>({
    ruleId: 'PRIVACY-MOBILE',
    severity: 'error',
    title: '公开了个人手机号码',
    source: `${LIAOCHENG}第十八条（不得公开包含联系方式等个人隐私的信息）`,
    message: (p) => `${p.where}有一个完整的手机号码`,
    hint: (p) => `改为 ${p.masked}，或改用单位办公电话。`,
  }),
  PrivacyMobileOffice: entry<{ masked: string; where: string }>({
    ruleId: 'PRIVACY-MOBILE-OFFICE',
    severity: 'warning',
    title: '单位联系电话是手机号码，请确认是工作号码',
    source: `${LIAOCHENG}第十八条（不得公开包含联系方式等个人隐私的信息）`,
    message: (p) => `${p.where}这个手机号码写在“联系电话”“热线”“联系人”等之后，像是单位的工作手机：请确认它不是个人号码`,
    hint: (p) => `是单位的工作号码（如政务热线）就保留；是个人号码就改为 ${p.masked} 或单位办公电话。`,
  }),
  SurnameYu: entry<{ name: string }>({
    ruleId: 'TRADITIONAL-SURNAME-YU',
    severity: 'warning',
    title: '繁體版本会把姓氏“于”转成“於”',
    source: '《上海市政府公众网站管理办法》第十五条（提供中文简体和繁体版本）；page-spec §7',
    message: (p) => `“${p.name}”像是人名：繁體版本会按常见用法把“于”转成“於”（${p.name.replace('于', '於')}）`,
    hint: (p) => `是人名就在内容目录根的 traditional-phrases.txt 中写一行：${p.name}<Tab>${p.name}（见 docs/traditional.md）；不是人名可以不管。`,
  }),
  PrivacyBankCard: entry<{ masked: string; where: string }>({
    ruleId: 'PRIVACY-BANK-CARD',
    severity: 'error',
    locked: true,
    title: '公开了银行卡号',
    source: `${LIAOCHENG}第十八条（不得公开个人隐私信息）`,
    message: (p) => `${p.where}有一个完整的银行卡号（通过 Luhn 校验）`,
    hint: (p) => `改为 ${p.masked}，或删除；对公账户请写明户名和开户行。`,
  }),
  AttachmentUnreadable: entry<{ detail: string }>({
    ruleId: 'ATTACHMENT-UNREADABLE',
    severity: 'warning',
    title: '附件无法读取，没有检查其中的个人信息',
    source: `${LIAOCHENG}第十八条（不得公开包含公民身份证件等个人隐私的信息）`,
    message: (p) => `这个 Word、Excel 或 PDF 附件无法读取，没有检查其中是否有身份号码、手机号码等个人信息：${p.detail}`,
    hint: () => '用 Word 或 Excel 重新保存这个附件（不加密码、不含宏），PDF 从原文件重新导出（不加密码）；或由专人打开核对其中没有个人信息。',
  }),

  // ── dates ───────────────────────────────────────────────────────────────────────────────
  FutureDate: entry<{ date: string; now: string }>({
    ruleId: 'DATE-FUTURE',
    severity: 'error',
    title: '发布日期在未来',
    source: `${GB19}单项否决（伪造发稿日期）`,
    unverified: true,
    message: (p) => `发布日期 ${p.date} 晚于今天（${p.now}）`,
    hint: () => '写实际发布的日期；要定时发布，请到那一天再把文章设为发布（或先写 draft: true）。',
  }),
  WrittenAfterPublish: entry<{ written: string; date: string }>({
    ruleId: 'DATE-WRITTEN-AFTER-PUBLISH',
    severity: 'error',
    title: '成文日期晚于发布日期',
    source: '政府信息公开目录元数据（成文日期不晚于发布日期，page-spec §4）',
    unverified: true,
    message: (p) => `成文日期 writtenDate ${p.written} 晚于发布日期 date ${p.date}`,
    hint: () => '核对公文落款的成文日期和本网站的发布日期：文件先成文、后发布。',
  }),

  // ── columns and home page ───────────────────────────────────────────────────────────────
  EmptyColumn: entry<{ column: string; name: string }>({
    ruleId: 'COLUMN-EMPTY',
    severity: 'error',
    title: '空白栏目（栏目有名无内容）',
    source: `${TJ_CGW}第十二条（二）；${GB19}单项否决（空白栏目 5 个以上）`,
    message: (p) => `栏目 ${p.column}（${p.name}）没有任何发布的内容`,
    hint: () => '发布至少一篇内容；栏目确已停用的，在 site.yaml 中给它写 archived: <日期> 归档，或删除这个栏目。',
  }),
  StaleColumn: entry<{ column: string; name: string; typeName: string; last: string; age: number; cycle: string; veto: number; left: number }>({
    ruleId: 'COLUMN-STALE',
    severity: 'warning',
    title: '栏目长期未更新',
    source: `${TJ_CGW}第十二条（二）；${GB19}单项否决（栏目不更新）`,
    message: (p) =>
      `栏目 ${p.column}（${p.name}，${p.typeName}）最近一次发布是 ${p.last}，已 ${p.age} 天未更新（应${p.cycle}至少更新 1 次）；` +
      (p.left > 0 ? `距否决线（${p.veto} 天）还有 ${p.left} 天` : `已超过否决线（${p.veto} 天）${-p.left} 天`),
    hint: () => '发布本栏目的新内容；栏目已不再使用的，在 site.yaml 中写 archived: <日期> 归档。',
  }),
  StaleSoon: entry<{ what: string; ruleId: string; day: string }>({
    ruleId: 'STALE-ERROR-SOON',
    severity: 'warning',
    title: '更新周期将满，届时按本网站群的设置报错',
    source: `${TJ_CGW}第十二条（二）；${GB19}单项否决（栏目不更新、首页不更新）`,
    message: (p) => `${p.what}将于 ${p.day} 超过更新周期；group.yaml 的 rules 把 ${p.ruleId} 设为错误，${p.day} 起构建将报错`,
    hint: () => '在此之前发布新内容；栏目已不再使用的，在 site.yaml 中写 archived: <日期> 归档。',
  }),
  StaleHome: entry<{ last: string; age: number; veto: number; left: number }>({
    ruleId: 'HOME-STALE',
    severity: 'warning',
    title: '首页长期未更新',
    source: `${GB19}单项否决（首页不更新）`,
    unverified: true,
    message: (p) =>
      `站点首页最近一次有新内容是 ${p.last}，已 ${p.age} 天未更新；` +
      (p.left > 0 ? `距否决线（${p.veto} 天）还有 ${p.left} 天` : `已超过否决线（${p.veto} 天）${-p.left} 天`),
    hint: () => '在首页展示的栏目（动态、通知公告等）发布新内容。',
  }),

  // ── policies and interpretations ────────────────────────────────────────────────────────
  // ── 重要政策信息 (聊城 第三十二条) ──────────────────────────────────────────────────────
  ImportantNoPlace: entry<{ site: string; title: string; published: string; since: string; hours: string; deadline: string }>({
    ruleId: 'IMPORTANT-REPRINT-LATE',
    readsTimeOfDay: true,
    severity: 'error',
    title: '重要政策信息超过 12 小时未转载',
    source: `${LIAOCHENG}第三十二条（对上级和本级政府门户网站发布的重要政策信息在 12 小时内转载）`,
    message: (p) => `门户网站的重要政策信息《${p.title}》（发布于 ${p.published}）应在 ${p.deadline} 前转载到 ${p.site}，自${p.since}已过 ${p.hours} 小时：该站点没有设置转载栏目`,
    hint: (p) => `在 ${p.site}/site.yaml 中写 importantInto: <栏目 id>（例如转载或通知公告栏目），下次构建会自动在该栏目生成转载页面。`,
  }),
  ImportantNoPlaceYet: entry<{ site: string; title: string; published: string; since: string; hours: string; deadline: string }>({
    ruleId: 'IMPORTANT-REPRINT-DUE',
    readsTimeOfDay: true,
    severity: 'warning',
    title: '重要政策信息尚未转载（12 小时内）',
    source: `${LIAOCHENG}第三十二条（对上级和本级政府门户网站发布的重要政策信息在 12 小时内转载）`,
    message: (p) => `门户网站的重要政策信息《${p.title}》（发布于 ${p.published}，自${p.since}已过 ${p.hours} 小时）还没有转载到 ${p.site}：该站点没有设置转载栏目；${p.deadline} 起构建将报错`,
    hint: (p) => `在 ${p.site}/site.yaml 中写 importantInto: <栏目 id>（例如转载或通知公告栏目），下次构建会自动在该栏目生成转载页面。`,
  }),
  ImportantDueAtReopening: entry<{ site: string; reopens: string; titles: string; deadline: string }>({
    ruleId: 'IMPORTANT-REPRINT-REOPENING',
    severity: 'warning',
    title: '临时关停的网站恢复运行后须转载重要政策信息',
    source: `${LIAOCHENG}第三十二条（对上级和本级政府门户网站发布的重要政策信息在 12 小时内转载）`,
    message: (p) => `${p.site} 将于 ${p.reopens} 恢复运行，届时须在 12 小时内转载门户网站的重要政策信息${p.titles}，但该站点现在无法转载（没有设置转载栏目，或转载栏目中已有同名文章）；${p.deadline} 起构建将报错`,
    hint: (p) => `关停期间就在 ${p.site}/site.yaml 中写 importantInto: <栏目 id>（关停的网站可以保留这一项），恢复运行时会自动生成转载页面。`,
  }),
  ImportantSlugTaken: entry<{ site: string; column: string; slug: string; title: string }>({
    ruleId: 'IMPORTANT-REPRINT-CONFLICT',
    severity: 'error',
    title: '重要政策信息的转载网址已被占用',
    source: `${LIAOCHENG}第三十二条`,
    message: (p) => `门户网站的重要政策信息《${p.title}》要转载到 ${p.site} 的 ${p.column}/${p.slug}/，但该站点这个栏目已有同名文章`,
    hint: (p) => `给 ${p.site}/${p.column}/${p.slug}.md 或门户的原文改一个文件名（并按提示写 redirects），或为 ${p.site} 的 importantInto 另选一个栏目。`,
  }),
  ImportantNotMarkdown: entry<{ title: string }>({
    ruleId: 'IMPORTANT-NOT-MARKDOWN',
    severity: 'error',
    title: '重要政策信息不能是受信任的 MDX',
    source: `${LIAOCHENG}第三十二条`,
    message: (p) => `《${p.title}》标为重要政策信息（important: true），但它是受信任目录中的 MDX 文件：转载页面只能由 Markdown 生成`,
    hint: () => '把正文改写为 Markdown（.md），或去掉 important。',
  }),
  ImportantNotPortal: entry<{ title: string }>({
    ruleId: 'IMPORTANT-NOT-PORTAL',
    severity: 'error',
    title: '只有门户网站的文章可以标为重要政策信息',
    source: `${LIAOCHENG}第三十二条（转载上级和本级政府门户网站发布的重要政策信息）`,
    message: (p) => `《${p.title}》不是门户网站栏目中的文章，不能标为重要政策信息（important: true）`,
    hint: () => '删除 important，或请门户网站发布这条信息并在门户的文章中标注 important: true。',
  }),
  ImportantIntoIgnored: entry<{ site: string; why: string }>({
    ruleId: 'IMPORTANT-INTO-IGNORED',
    severity: 'warning',
    title: '这个站点不转载重要政策信息，importantInto 不起作用',
    source: `${LIAOCHENG}第三十二条（政府网站转载本级政府门户网站发布的重要政策信息）`,
    message: (p) => `站点 ${p.site} ${p.why}，不会转载重要政策信息，site.yaml 的 importantInto 不起作用`,
    hint: () => '删除 importantInto；只有运行中（active）和迁移中（migrating）的部门网站转载重要政策信息。',
  }),
  PolicyWithoutInterpretation: entry<{ title: string }>({
    ruleId: 'POLICY-NO-INTERPRETATION',
    severity: 'warning',
    title: '政策文件没有关联解读',
    source: `${LIAOCHENG}第十四条（发布重要政策文件时应同步发布解读材料）`,
    message: (p) => `政策文件《${p.title}》没有关联的解读：它没有写 interpretation，也没有解读用 interprets 指向它`,
    hint: () => '发布解读后，在本文件头信息写 interpretation: ../zcjd/<解读>.md，或在解读中写 interprets 指向本文件（写一边即可，另一边自动关联）；不需要解读的文件可忽略此警告。',
  }),
  InterpretationWithoutPolicy: entry<{ title: string }>({
    ruleId: 'INTERPRETATION-NO-POLICY',
    severity: 'error',
    title: '解读没有指明所解读的文件',
    source: `${LIAOCHENG}第十四条`,
    message: (p) => `解读《${p.title}》没有关联所解读的政策文件：它没有写 interprets，也没有政策文件用 interpretation 指向它`,
    hint: () => '在头信息写 interprets: ../zcwj/<文件>.md（或 site:<站点>/<栏目>/<文件>），或在政策文件中写 interpretation 指向本解读（写一边即可）。',
  }),
  PolicyLinkMismatch: entry<{ here: string; field: string; target: string; back: string; expected: string }>({
    ruleId: 'POLICY-LINK-MISMATCH',
    severity: 'error',
    title: '政策文件与解读的链接互相矛盾',
    source: `${LIAOCHENG}第十四条`,
    message: (p) => `${p.here} 的 ${p.field} 指向 ${p.target}，但 ${p.target} 的 ${p.back} ${p.expected}`,
    hint: (p) => `改正其中一边：本文件的 ${p.field}，或 ${p.target} 的 ${p.back}（链接只需写一边，另一边会自动关联）。`,
  }),

  // ── wording ─────────────────────────────────────────────────────────────────────────────
  WordingError: entry<{ wrong: string; right: string; note?: string }>({
    ruleId: 'WORDING-ERROR',
    severity: 'error',
    title: '严重表述错误',
    source: `${TJ_CGW}第十二条（一）（不得出现严重错别字）；${GB19}单项否决（严重表述错误）`,
    message: (p) => `"${p.wrong}" 是错误的表述${p.note ? `（${p.note}）` : ''}`,
    hint: (p) => `改为 "${p.right}"。错误表述清单见内容目录的 wording.yaml。`,
  }),

  // ── content the pipeline altered ────────────────────────────────────────────────────────
  MdxUntrustedFile: entry<{ folder: string }>({
    ruleId: 'MDX-UNTRUSTED-FILE',
    severity: 'warning',
    title: '不受信任目录中的 MDX 文件',
    message: (p) => `这是 .mdx 文件，但目录 ${p.folder} 不在 group.yaml 的 trustedMdx 中：只能按普通 Markdown 使用，不能含代码`,
    hint: () => '把扩展名改为 .md（正文中的 HTML 会按白名单净化）；需要代码的，请网站群管理员把目录加入 trustedMdx。',
  }),
  HtmlSanitized: entry<{ what: string }>({
    ruleId: 'HTML-SANITIZED',
    severity: 'warning',
    title: '正文中的 HTML 被净化',
    message: (p) => `发布时会改动这段 HTML：${p.what}`,
    hint: () => '改用 Markdown 或白名单中的 HTML（见 docs/content.md 第 11 节），发布效果以预览为准。',
  }),
} as const;
