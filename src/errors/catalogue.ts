/**
 * The error catalogue: every mistake an editor or operator can make, with a stable rule id,
 * a Chinese message and a Chinese fix hint. Code never writes a message inline; it names an
 * entry here and passes the facts. Rule ids are part of the public interface (editors search
 * for them, groups override their severity): never rename one, add a new one instead.
 *
 * Modelled on Astro's `errors-data.ts`: name, message, hint.
 */
import { contentEntries } from './rules.ts';
import { lifecycleEntries } from './lifecycle.ts';
import { searchEntries } from './search.ts';
import { pageSpecEntries } from './pagespec.ts';
import type { Diagnostic } from './diagnostic.ts';
import { entry, type CatalogueEntry } from './entry.ts';
import { allowedTypesText } from '../model/attachments.ts';

/** Configuration, loading, links, MDX and command-line rules (technical rules, no regulation). */
const coreEntries = {
  // ── configuration files (group.yaml, site.yaml, theme.yaml) ─────────────────────────────
  ConfigFileMissing: entry<{ file: string; detail?: string }>({
    ruleId: 'CONFIG-FILE-MISSING',
    severity: 'error',
    locked: true,
    title: '缺少配置文件',
    message: (p) => `找不到 ${p.file}${p.detail ?? ''}`,
    hint: (p) => `在对应目录创建 ${p.file}；字段说明见 docs/content.md。`,
  }),
  ConfigNotFile: entry<{ file: string }>({
    ruleId: 'CONFIG-NOT-FILE',
    severity: 'error',
    locked: true,
    title: '配置文件不是普通文件',
    message: (p) => `${p.file} 是一个目录（或设备、管道），不是文件：这个配置不会读取${p.file.includes('/') ? `，站点目录 ${p.file.split('/')[0]}/ 中的内容不会发布` : ''}`,
    hint: (p) => `删除这个目录，在原处创建文件 ${p.file}；字段说明见 docs/content.md。`,
  }),
  YamlSyntax: entry<{ detail: string }>({
    ruleId: 'YAML-SYNTAX',
    severity: 'error',
    locked: true,
    title: 'YAML 语法错误',
    message: (p) => `YAML 语法错误：${p.detail}`,
    hint: () => '检查缩进（只用空格）、冒号后的空格和引号是否成对；含冒号或 # 的文字请加引号。',
  }),
  UnknownKey: entry<{ key: string; suggestion?: string; known: string[] }>({
    ruleId: 'CONFIG-UNKNOWN-KEY',
    severity: 'error',
    locked: true,
    title: '未知字段',
    message: (p) =>
      p.suggestion ? `未知字段 "${p.key}"，您是不是要写 "${p.suggestion}"？` : `未知字段 "${p.key}"`,
    hint: (p) =>
      p.suggestion
        ? `把 "${p.key}" 改为 "${p.suggestion}"。`
        : `删除该字段；此处允许的字段：${p.known.join('、')}。`,
  }),
  MissingField: entry<{ key: string; label: string }>({
    ruleId: 'CONFIG-MISSING-FIELD',
    severity: 'error',
    locked: true,
    title: '缺少必填字段',
    message: (p) => `缺少必填字段 "${p.key}"（${p.label}）`,
    hint: (p) => `添加 ${p.key}: …；字段说明见 docs/content.md。`,
  }),
  InvalidValue: entry<{ key: string; label: string; detail: string; expected: string }>({
    ruleId: 'CONFIG-INVALID-VALUE',
    severity: 'error',
    locked: true,
    title: '字段取值不正确',
    message: (p) => `字段 "${p.key}"（${p.label}）的值不正确：${p.detail}`,
    hint: (p) => p.expected,
  }),
  YamlFullwidthColon: entry<{ key: string; written: string; corrected: string }>({
    ruleId: 'YAML-FULLWIDTH-COLON',
    severity: 'error',
    locked: true,
    title: '字段名后用了中文冒号',
    message: (p) => `字段名 "${p.key}" 后面用了中文冒号“：”，YAML 只认英文冒号`,
    hint: (p) => `把这一行改为：${p.corrected}`,
  }),
  YamlColonSpace: entry<{ key: string; written: string; corrected: string }>({
    ruleId: 'YAML-COLON-SPACE',
    severity: 'error',
    locked: true,
    title: '冒号后缺少空格',
    message: (p) => `字段名 "${p.key}" 的冒号后面缺少空格，YAML 会把整行当作一段文字`,
    hint: (p) => `把这一行改为：${p.corrected}`,
  }),
  YamlValueColon: entry<{ key: string; written: string; corrected: string }>({
    ruleId: 'YAML-VALUE-COLON',
    severity: 'error',
    locked: true,
    title: '值中的冒号需要加引号',
    message: (p) => `"${p.key}" 的值中有“冒号加空格”，YAML 会把它读成下一级字段`,
    hint: (p) => `给值加上英文双引号：${p.corrected}`,
  }),
  YamlIndentChar: entry<{ line: number; count: number; char: string; written: string; corrected: string }>({
    ruleId: 'YAML-INDENT-CHAR',
    severity: 'error',
    locked: true,
    title: '缩进用了 Tab 或全角空格',
    message: (p) => `缩进中用了${p.char === 'Tab' ? ' Tab ' : p.char}（本文件共 ${p.count} 行这样缩进，第一处在这里）；YAML 的缩进只能用半角空格`,
    hint: (p) => `每一级缩进改用两个半角空格，例如本行写成 "${p.corrected}"。`,
  }),
  YamlFullwidthDash: entry<{ written: string; corrected: string }>({
    ruleId: 'YAML-FULLWIDTH-DASH',
    severity: 'error',
    locked: true,
    title: '列表项用了中文破折号或圆点',
    message: (p) => `"${p.written}" 的开头是中文破折号或圆点，YAML 的列表项要以英文减号 "- " 开头`,
    hint: (p) => `把这一行改为：${p.corrected}`,
  }),
  YamlCurlyQuotes: entry<{ key: string; written: string; corrected: string }>({
    ruleId: 'YAML-CURLY-QUOTES',
    severity: 'warning',
    title: '值两端是中文引号',
    message: (p) => `"${p.key}" 的值两端是中文引号，YAML 不把它们当作引号，页面上会显示出来；本次按去掉引号处理`,
    hint: (p) => `需要引号时用英文双引号：${p.corrected}；文字中间的中文引号不受影响。`,
  }),
  YamlTag: entry<{ tag: string }>({
    ruleId: 'YAML-TAG',
    severity: 'error',
    locked: true,
    title: 'YAML 中使用了类型标签',
    message: (p) => `YAML 类型标签 "${p.tag}" 不被支持：内容文件只能写普通的文字、列表和字段`,
    hint: () => '删除 ! 开头的标签；以 ! 开头的文字请加英文引号，例如 title: "!重要通知"。',
  }),
  YamlAlias: entry<{ what: string }>({
    ruleId: 'YAML-ALIAS',
    severity: 'error',
    locked: true,
    title: 'YAML 中使用了锚点或别名',
    message: (p) => `YAML ${p.what}不被支持：内容文件中每个值都要直接写出`,
    hint: () => '删除 & 和 * 开头的锚点、别名，把值直接写出；以 & 或 * 开头的文字请加英文引号。',
  }),
  FileEncoding: entry<{ gbk: string }>({
    ruleId: 'FILE-ENCODING',
    severity: 'error',
    locked: true,
    title: '文件不是 UTF-8 编码',
    message: (p) => `文件不是 UTF-8 编码，这一行有无法识别的字节${p.gbk ? `（按 GBK 编码读是“${p.gbk}”，多半是 Windows 下保存的 GBK 文件）` : ''}`,
    hint: () => '用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8；命令行：iconv -f GBK -t UTF-8 原文件 > 新文件）。',
  }),
  FileControlChar: entry<{ char: string }>({
    ruleId: 'FILE-CONTROL-CHAR',
    severity: 'error',
    locked: true,
    title: '文件中有不可见的控制字符',
    message: (p) => `这里有一个不可见的控制字符 ${p.char}`,
    hint: () => '删除这个字符（常见于从其他软件复制粘贴的文字），再保存。',
  }),
  FileLineBreak: entry<{ char: string }>({
    ruleId: 'FILE-LINE-BREAK',
    severity: 'error',
    locked: true,
    title: '文件中有不统一的换行符',
    message: (p) => `这里有一个单独的回车符或 Unicode 行分隔符（${p.char}），不同程序会把它读成不同的行`,
    hint: () => '删除这个字符，或用编辑器把换行符统一转换为 LF（或 CRLF）后保存。',
  }),
  FileTooLarge: entry<{ size: string; limit: string }>({
    ruleId: 'FILE-TOO-LARGE',
    severity: 'error',
    locked: true,
    title: '文件过大',
    message: (p) => `文件大小 ${p.size}，超过 ${p.limit} 的上限`,
    hint: () => '把长文拆成几篇，或把原文作为附件（PDF、Word）发布、正文只写摘要；上限说明见 docs/security.md。',
  }),
  InvalidDate: entry<{ key: string; value: string; suggestion?: string; noSuchDay?: string }>({
    ruleId: 'DATE-INVALID',
    severity: 'error',
    locked: true,
    title: '日期格式不正确',
    message: (p) => `"${p.key}" 的值 "${p.value}" 不是有效日期${p.noSuchDay ? `：${p.noSuchDay}` : p.suggestion ? '：日期要写成 年-月-日 的形式' : ''}`,
    hint: (p) => (p.suggestion ? `写成 ${p.key.split('.').pop()}: ${p.suggestion}` : '写成 2024-05-08 或 2024-05-08T09:30+08:00。'),
  }),

  // ── the group and its sites ─────────────────────────────────────────────────────────────
  PortalMissing: entry<{ portal: string }>({
    ruleId: 'GROUP-PORTAL-MISSING',
    severity: 'error',
    locked: true,
    title: '门户网站不存在',
    message: (p) => `group.yaml 的 portal 指向 "${p.portal}"，但没有这个站点目录或它的 kind 不是 portal`,
    hint: (p) => `创建 ${p.portal}/site.yaml 并写 kind: portal，或把 portal 改成门户站点的目录名。`,
  }),
  PortalNotUnique: entry<{ sites: string }>({
    ruleId: 'GROUP-ONE-PORTAL',
    severity: 'error',
    locked: true,
    title: '门户网站不唯一',
    message: (p) => `一个网站群只能有一个门户网站，以下站点都写了 kind: portal：${p.sites}`,
    hint: () => '只保留 group.yaml 中 portal 指向的站点为 portal，其余改为 kind: department。',
  }),
  DuplicateDomain: entry<{ domain: string; sites: string }>({
    ruleId: 'SITE-DUPLICATE-DOMAIN',
    severity: 'error',
    locked: true,
    title: '域名重复',
    message: (p) => `域名 ${p.domain} 被多个站点使用：${p.sites}`,
    hint: () => '每个站点使用自己的域名。',
  }),
  DuplicateSiteCode: entry<{ siteCode: string; sites: string }>({
    ruleId: 'SITE-DUPLICATE-CODE',
    severity: 'error',
    locked: true,
    title: '网站标识码重复',
    message: (p) => `网站标识码 ${p.siteCode} 被多个站点使用：${p.sites}`,
    hint: () => '每个站点填写自己的网站标识码（见全国政府网站信息报送系统）。',
  }),
  UnknownSite: entry<{ key: string; siteId: string }>({
    ruleId: 'SITE-UNKNOWN-REFERENCE',
    severity: 'error',
    locked: true,
    title: '引用了不存在的站点',
    message: (p) => `${p.key} 引用了站点 "${p.siteId}"，但网站群中没有这个站点`,
    hint: () => '改为已有站点的目录名（小写字母、数字和连字符）。',
  }),
  UnknownTheme: entry<{ theme: string; known: string[] }>({
    ruleId: 'SITE-UNKNOWN-THEME',
    severity: 'error',
    locked: true,
    title: '主题不存在',
    message: (p) => `主题 "${p.theme}" 不存在`,
    hint: (p) => `可用主题：${p.known.join('、')}。`,
  }),
  PathCollision: entry<{ name: string; siteId: string }>({
    ruleId: 'SITE-PATH-COLLISION',
    severity: 'error',
    locked: true,
    title: '路径冲突',
    message: (p) => `在 paths 模式下，门户的 "${p.name}/" 与站点 ${p.siteId} 的路径 /${p.siteId}/ 冲突`,
    hint: () => '给门户栏目或单页换一个 id，或改用 urlMode: domains。',
  }),
  BadId: entry<{ kind: string; name: string }>({
    ruleId: 'CONTENT-BAD-ID',
    severity: 'error',
    locked: true,
    title: '目录或文件名不合规',
    message: (p) => `${p.kind} "${p.name}" 不合规：只能用小写英文字母、数字和连字符，并以字母或数字开头`,
    hint: (p) => `重命名为例如 "${suggestId(p.name)}"。名称会成为网址，发布后不要再改。`,
  }),
  ReservedId: entry<{ kind: string; name: string; reserved: string[] }>({
    ruleId: 'CONTENT-RESERVED-ID',
    severity: 'error',
    locked: true,
    title: '使用了保留名称',
    message: (p) => `${p.kind} "${p.name}" 是系统保留名称`,
    hint: (p) => `换一个名称；保留名称：${p.reserved.join('、')}。`,
  }),
  ColumnIsSitePath: entry<{ column: string }>({
    ruleId: 'CONTENT-COLUMN-IS-SITE',
    severity: 'error',
    locked: true,
    title: '门户栏目与站点同名（paths 模式）',
    message: (p) => `门户的栏目 ${p.column} 与站点 ${p.column} 同名：urlMode: paths 时两者的网址都是 /${p.column}/，只能有一个`,
    hint: () => '给门户的这个栏目换一个 id（栏目 id 是网址的一部分，已发布的网址请在 site.yaml 的 redirects 中写重定向）。',
  }),
  UndeclaredColumn: entry<{ column: string; siteId: string; known: string[] }>({
    ruleId: 'CONTENT-UNDECLARED-COLUMN',
    severity: 'error',
    locked: true,
    title: '栏目未在 site.yaml 中声明',
    message: (p) => `目录 ${p.siteId}/${p.column}/ 不是 site.yaml 中声明的栏目`,
    hint: (p) => `在 ${p.siteId}/site.yaml 的 columns 中添加 { id: ${p.column}, name: …, type: … }，或移动这些文件。已声明：${p.known.join('、') || '无'}。`,
  }),
  DuplicateSlug: entry<{ slug: string }>({
    ruleId: 'CONTENT-DUPLICATE-SLUG',
    severity: 'error',
    locked: true,
    title: '文章标识重复',
    message: (p) => `同一栏目中有两个文件的标识都是 "${p.slug}"（.md 和 .mdx）`,
    hint: () => '删除或重命名其中一个。',
  }),
  UnexpectedFile: entry<{ name: string }>({
    ruleId: 'CONTENT-UNEXPECTED-FILE',
    severity: 'warning',
    title: '无法识别的文件',
    message: (p) => `文件 ${p.name} 不是文章（.md/.mdx），也不在附件目录（<文章>.files/）中；只有被文章链接时才会随站点发布`,
    hint: () => '把附件放到 <文章标识>.files/ 目录中，并在文章里链接它。',
  }),
  SymlinkOutside: entry<{ target: string }>({
    ruleId: 'CONTENT-SYMLINK-OUTSIDE',
    severity: 'error',
    locked: true,
    title: '符号链接指向内容目录之外',
    message: (p) => `这是一个符号链接，指向内容目录之外（${p.target}）`,
    hint: () => '把文件复制到内容目录中，不要用符号链接引用外部文件。',
  }),

  SymlinkEntry: entry<{ target: string; detail?: string }>({
    ruleId: 'CONTENT-SYMLINK-ENTRY',
    severity: 'error',
    locked: true,
    title: '文章或配置文件是符号链接',
    message: (p) => `这是一个指向 ${p.target} 的符号链接：文章、配置文件和附件不能是另一篇文章的别名${p.detail ?? ''}`,
    hint: () => '把文件复制为普通文件，或删除这个链接；一篇文章只能有一个文件和一个网址。',
  }),
  HiddenContent: entry<{ name: string }>({
    ruleId: 'CONTENT-HIDDEN',
    severity: 'warning',
    title: '隐藏的文章文件不会发布',
    message: (p) => `文件名 ${p.name} 以点开头（隐藏文件），不会读取和发布`,
    hint: (p) => `要发布就去掉开头的点（${p.name.replace(/^\.+/, '')}）；草稿请写 draft: true，不要用隐藏文件。`,
  }),
  OrphanAttachments: entry<{ folder: string; article: string }>({
    ruleId: 'CONTENT-ORPHAN-FILES',
    severity: 'warning',
    title: '附件目录没有对应的文章',
    message: (p) => `附件目录 ${p.folder} 没有对应的文章 ${p.article}：其中的文件不属于任何文章，只有被其他文章链接时才会发布`,
    hint: () => '检查文章文件名和附件目录名是否一致（<文章>.md 对应 <文章>.files/），或删除这个目录。',
  }),
  BodyTooDeep: entry<{ depth: number; max: number }>({
    ruleId: 'CONTENT-TOO-DEEP',
    severity: 'error',
    locked: true,
    title: '正文嵌套层级过深',
    message: (p) => `这一行的列表或引用嵌套了约 ${p.depth} 层，超过 ${p.max} 层的上限`,
    hint: () => '减少列表和引用（>）的嵌套层数；大段缩进的文字不需要缩进。上限说明见 docs/security.md。',
  }),
  BodyTooComplex: entry<{ what: string; unit: string; count: number; max: number }>({
    ruleId: 'CONTENT-TOO-COMPLEX',
    severity: 'error',
    locked: true,
    title: '正文结构超过处理上限',
    message: (p) => `正文中的${p.what}到这一行已有 ${p.count} ${p.unit}，超过 ${p.max} ${p.unit}的上限：这样的正文解析起来要几分钟甚至使构建崩溃`,
    hint: () => '检查这一行附近是否有大量重复的符号或标签（常见于从其他系统导出的 HTML）；很大的表格请拆分，或作为附件（Excel）发布。上限说明见 docs/security.md。',
  }),
  BodyUnparsable: entry<{ detail: string }>({
    ruleId: 'CONTENT-UNPARSABLE',
    severity: 'error',
    locked: true,
    title: '正文无法解析',
    message: (p) => `解析这个文件的正文时出错（${p.detail}）：通常是极深的嵌套或大量重复的符号`,
    hint: () => '检查正文中是否有大量嵌套的 HTML 标签或重复的符号（常见于从其他系统导出的内容），改为普通的 Markdown 后再提交。',
  }),
  IndexNumberDuplicate: entry<{ value: string; other: string }>({
    ruleId: 'INDEX-NUMBER-DUPLICATE',
    severity: 'error',
    locked: true,
    title: '索引号重复',
    message: (p) => `索引号 ${p.value} 与 ${p.other} 的索引号相同`,
    hint: () => '每篇信息的索引号必须唯一：改正其中一个，或删除 indexNumber 让系统生成。',
  }),
  IndexNumberChanged: entry<{ before: string; after: string }>({
    ruleId: 'INDEX-NUMBER-CHANGED',
    severity: 'error',
    locked: true,
    title: '已发布的索引号被修改',
    message: (p) => `这篇信息发布时的索引号是 ${p.before}，现在写成了 ${p.after}；已发布的索引号不能改变`,
    hint: (p) => `改回 indexNumber: ${p.before}（公众和其他系统按索引号查找这份信息）。`,
  }),

  // ── articles ────────────────────────────────────────────────────────────────────────────
  FrontmatterMissing: entry({
    ruleId: 'FRONTMATTER-MISSING',
    severity: 'error',
    locked: true,
    title: '缺少文章头信息',
    message: () => '文件开头没有 --- 包围的头信息（front matter）',
    hint: () => '在第一行写 ---，接着写 title、date、disclosure、review 等字段，再写一行 ---。',
  }),
  FrontmatterUnclosed: entry({
    ruleId: 'FRONTMATTER-UNCLOSED',
    severity: 'error',
    locked: true,
    title: '头信息没有结束',
    message: () => '头信息以 --- 开始，但后面没有单独一行的 --- 结束',
    hint: () => '在最后一个字段之后、正文之前写一行 ---（只有这三个字符）。',
  }),
  FrontmatterDelimiter: entry<{ text: string }>({
    ruleId: 'FRONTMATTER-DELIMITER',
    severity: 'error',
    locked: true,
    title: '头信息中有含糊的分隔线',
    message: (p) => `头信息中的 "${p.text}" 以 --- 或 +++ 开头，但不是单独一行的 ---：不同程序会在这里得出不同的头信息结尾`,
    hint: () => '头信息只能以单独一行的 --- 结束；删除或改写这一行（需要这样的文字时加引号并缩进）。',
  }),

  // ── links, images, attachments ─────────────────────────────────────────────────────────
  LinkBroken: entry<{ href: string }>({
    ruleId: 'LINK-BROKEN',
    severity: 'error',
    title: '链接目标不存在（断链）',
    message: (p) => `链接 "${p.href}" 指向的文件不存在`,
    hint: () => '检查路径和文件名（相对于当前文件所在目录），或改用 site:<站点>/<栏目>/<文章> 写法。',
  }),
  LinkUnpublished: entry<{ href: string; reason: string }>({
    ruleId: 'LINK-UNPUBLISHED',
    severity: 'error',
    locked: true,
    title: '链接指向未发布的内容',
    message: (p) => `链接 "${p.href}" 指向的内容不会发布（${p.reason}），发布后会成为断链`,
    hint: () => '先让目标内容通过三审并设为主动公开，或删除这个链接。',
  }),
  LinkOutsideContent: entry<{ href: string }>({
    ruleId: 'LINK-OUTSIDE-CONTENT',
    severity: 'error',
    locked: true,
    title: '路径超出内容目录',
    message: (p) => `路径 "${p.href}" 指向内容目录之外`,
    hint: () => '只能链接内容目录内的文件；共用文件放到 _shared/ 目录。',
  }),
  LinkAbsolutePath: entry<{ href: string }>({
    ruleId: 'LINK-ABSOLUTE-PATH',
    severity: 'error',
    title: '使用了绝对路径',
    message: (p) => `"${p.href}" 是绝对路径，换一种网址模式或站点就会失效`,
    hint: () => '写成相对于当前文件的路径（如 ../zcwj/2024-xx.md），跨站点写 site:<站点>/<栏目>/<文章>。',
  }),
  LinkBadSiteRef: entry<{ href: string; detail: string }>({
    ruleId: 'LINK-BAD-SITE-REF',
    severity: 'error',
    title: 'site: 链接写法不正确',
    message: (p) => `"${p.href}" 无法解析：${p.detail}`,
    hint: () => '写成 site:<站点>/<栏目>/<文章标识>，例如 site:fgw/zcwj/2024-yshj；单页写 site:fgw/pages/about。',
  }),
  LinkNotArticle: entry<{ href: string }>({
    ruleId: 'LINK-NOT-ARTICLE',
    severity: 'error',
    title: '此处需要链接一篇文章',
    message: (p) => `"${p.href}" 不是一篇文章（.md/.mdx 或 site: 链接）`,
    hint: () => '写成文章的相对路径（如 ../zcjd/2024-xx-jd.md）或 site:<站点>/<栏目>/<文章>；网站群之外的文件（如省政府的政策）写成 { title: 标题, url: 网址 }，网址的域名须在 group.yaml 的 externalLinks 中。',
  }),

  LinkBadScheme: entry<{ href: string; scheme: string }>({
    ruleId: 'LINK-BAD-SCHEME',
    severity: 'error',
    locked: true,
    title: '链接使用了不允许的协议',
    message: (p) => `链接 "${p.href}" 使用了 ${p.scheme}: 协议；网页中只能链接 http、https、mailto 和 tel`,
    hint: () => '删除这个链接，或改为 https:// 开头的网址；站内文件写相对路径。',
  }),
  AttachmentType: entry<{ href: string; ext: string }>({
    ruleId: 'ATTACHMENT-TYPE',
    severity: 'error',
    locked: true,
    title: '不允许发布的文件类型',
    message: (p) => `"${p.href}" 是 ${p.ext} 文件：这类文件会在政府网站的域名下被浏览器执行或解析，不能作为附件发布`,
    hint: () => `改为允许的类型再发布：${allowedTypesText()}。网页请转为 PDF。`,
  }),
  AttachmentUnsafeSvg: entry<{ href: string; detail: string }>({
    ruleId: 'ATTACHMENT-SVG-UNSAFE',
    severity: 'error',
    locked: true,
    title: 'SVG 图片含有脚本或外部引用',
    message: (p) => `SVG 文件 "${p.href}" 不只是图形：${p.detail}`,
    hint: () => '把图片另存为 PNG 再发布，或用绘图软件导出不含脚本、链接和外部资源的“纯 SVG”。',
  }),

  // ── MDX ─────────────────────────────────────────────────────────────────────────────────
  MdxUntrusted: entry<{ what: string; folder: string }>({
    ruleId: 'MDX-UNTRUSTED-CODE',
    severity: 'error',
    locked: true,
    title: '不受信任的 MDX 含有代码',
    message: (p) => `${p.what}：目录 ${p.folder} 不在 group.yaml 的 trustedMdx 中，这里的 MDX 不能包含 import/export、{表达式} 或组件`,
    hint: () => '把文件改为 .md（正文用 Markdown 书写），或由网站群管理员在 group.yaml 的 trustedMdx 中加入该目录。',
  }),
  MdxSyntax: entry<{ detail: string }>({
    ruleId: 'MDX-SYNTAX',
    severity: 'error',
    locked: true,
    title: 'MDX 语法错误',
    message: (p) => `MDX 语法错误：${p.detail}`,
    hint: () => 'MDX 中 { } 和 < 有特殊含义；纯文字内容请改用 .md 文件。',
  }),

  // ── command line ────────────────────────────────────────────────────────────────────────
  CliBadArgument: entry<{ detail: string }>({
    ruleId: 'CLI-BAD-ARGUMENT',
    severity: 'error',
    locked: true,
    title: '命令行参数错误',
    message: (p) => p.detail,
    hint: () =>
      '用法：npm run build -- [--content 目录] [--out 目录] [--site 站点]… [--now YYYY-MM-DD] [--themes 目录] [--previous-manifest 文件] [--cache 目录] [--full] [--jobs N] [--shard K/N]；npm run merge -- --out 目录 分片目录…（说明见 docs/performance.md）',
  }),
  SitePartialOverFull: entry<{ out: string; others: string }>({
    ruleId: 'CLI-SITE-OVER-FULL',
    severity: 'error',
    locked: true,
    title: '部分构建不能覆盖完整的输出',
    message: (p) => `输出目录 ${p.out} 中的构建还包含站点 ${p.others}；只构建 --site 指定的站点会让它们从输出和网址台账（manifest.json）中消失`,
    hint: () => '用 --out 指定另一个目录做部分构建，或去掉 --site 构建整个网站群（没有变化的站点会复用上次的结果）。',
  }),
  DeferNoCopy: entry<{ site: string }>({
    ruleId: 'BUILD-DEFER-NO-COPY',
    severity: 'warning',
    title: '无法暂缓发布：缓存中没有上次成功发布的副本',
    message: (p) => `站点 ${p.site} 自己的内容有错误，但构建缓存中没有它上次成功发布时的内容副本（缓存被删除或是新的缓存目录），无法只暂缓这个站点：本次构建整体失败`,
    hint: (p) => `改正 ${p.site} 的错误后重新构建；之后每次成功的构建都会保存副本（.jiyue/cache/last-good/）。CI 中请缓存 .jiyue/cache。`,
  }),
  DeferredCopyInvalid: entry<{ site: string }>({
    ruleId: 'BUILD-DEFERRED-COPY-INVALID',
    severity: 'error',
    locked: true,
    title: '暂缓发布的站点上次成功发布的版本也有错误',
    message: (p) => `站点 ${p.site} 自己的内容有错误，本应保持上次成功发布的版本，但那个版本按今天的网站群检查也有错误（见上文同一站点的消息），无法发布`,
    hint: (p) => `改正 ${p.site} 的错误后重新构建；在此之前整个网站群不更新，原有输出目录保持不变。`,
  }),
  PhraseLine: entry<{ text: string }>({
    ruleId: 'TRADITIONAL-PHRASE-LINE',
    severity: 'error',
    title: '繁體词语表的行格式不正确',
    message: (p) => `这一行不是“简体词语、Tab、繁體词语”的格式：${p.text}`,
    hint: () => '每行写一个词语：简体、一个 Tab 字符、繁體，如“于志杰<Tab>于志杰”；以 # 开头的行是注释。',
  }),
  BuildInternal: entry<{ detail: string }>({
    ruleId: 'BUILD-INTERNAL',
    severity: 'error',
    locked: true,
    title: '构建内部错误',
    message: (p) => `构建失败：${p.detail}`,
    hint: () => '原有输出目录未被修改。请把完整输出提交给网站群运维人员或本项目的问题跟踪。',
  }),
  CacheBusy: entry<{ dir: string; pid: number }>({
    ruleId: 'BUILD-CACHE-BUSY',
    severity: 'error',
    locked: true,
    title: '构建缓存正被使用',
    message: (p) => `构建缓存 ${p.dir} 正被另一个构建使用${p.pid ? `（进程 ${p.pid}）` : ''}`,
    hint: () => '等那个构建结束后再运行；同时运行的构建请用 --cache 各自指定缓存目录。',
  }),
  ShardNotFound: entry<{ dir: string; detail: string }>({
    ruleId: 'MERGE-SHARD-INVALID',
    severity: 'error',
    locked: true,
    title: '不是可用的分片目录',
    message: (p) => `${p.dir} 不是分片构建的输出：${p.detail}`,
    hint: () => '传给 npm run merge 的每个目录都应是 npm run build -- --shard K/N --out 目录 的完整输出（CI 中把各分片任务的产物原样传给合并任务）。',
  }),
  ShardMissing: entry<{ missing: string; total: number }>({
    ruleId: 'MERGE-SHARD-MISSING',
    severity: 'error',
    locked: true,
    title: '缺少分片',
    message: (p) => `共 ${p.total} 个分片，缺少第 ${p.missing} 个`,
    hint: () => '把所有分片任务的输出都传给 npm run merge；某个分片任务失败时先重新运行它。',
  }),
  ShardRepeated: entry<{ shard: string; dirs: string }>({
    ruleId: 'MERGE-SHARD-REPEATED',
    severity: 'error',
    locked: true,
    title: '分片重复',
    message: (p) => `第 ${p.shard} 个分片出现了不止一次：${p.dirs}`,
    hint: () => '每个分片只传一个目录；检查 CI 合并任务下载的产物。',
  }),
  ShardMismatch: entry<{ dir: string; what: string }>({
    ruleId: 'MERGE-SHARD-MISMATCH',
    severity: 'error',
    locked: true,
    title: '分片来自不同的构建',
    message: (p) => `分片 ${p.dir} 与本次合并的${p.what}不同`,
    hint: () => '所有分片和合并必须用同一份内容（同一次提交）、同一版本的生成器、相同的 --now 和 --previous-manifest；重新运行全部分片任务。',
  }),
  SourceChanged: entry({
    ruleId: 'BUILD-SOURCE-CHANGED',
    severity: 'error',
    locked: true,
    title: '构建过程中文件被修改',
    message: () => '这个文件在检查之后、渲染之前被修改了',
    hint: () => '等编辑保存完成后重新构建；构建只发布检查过的内容。',
  }),
  LockedRule: entry<{ ruleId: string; title: string }>({
    ruleId: 'CONFIG-LOCKED-RULE',
    severity: 'error',
    locked: true,
    title: '规则不能调整级别',
    message: (p) => `规则 ${p.ruleId}（${p.title}）不能在 rules 中调整：它出错时内容会不完整或不安全（站点、文章被悄悄略去，未经检查的代码或不该发布的内容被发布）`,
    hint: () => '删除这一项，改正内容本身；不能调整的规则在 docs/rule-index.md 中标为“锁定”。',
  }),
  UnknownRule: entry<{ ruleId: string; suggestion?: string }>({
    ruleId: 'CONFIG-UNKNOWN-RULE',
    severity: 'error',
    locked: true,
    title: '未知规则 id',
    message: (p) => (p.suggestion ? `rules 中的规则 "${p.ruleId}" 不存在，您是不是要写 "${p.suggestion}"？` : `rules 中的规则 "${p.ruleId}" 不存在`),
    hint: (p) => (p.suggestion ? `把 "${p.ruleId}" 改为 "${p.suggestion}"。` : '规则编号见 docs/rule-index.md；删除或改正该项。'),
  }),
} as const;

/** Every rule the product reports, by name. Rule ids are unique across all sections (tested). */
export const catalogue = {
  ...coreEntries,
  ...pageSpecEntries,
  ...lifecycleEntries,
  ...searchEntries,
  ...contentEntries,
} as const;

/** The catalogue by section, for the generated rule index (docs/rule-index.md). */
export function catalogueSections(): { title: string; doc?: string; entries: CatalogueEntry<never>[] }[] {
  const list = (o: object) => Object.values(o) as CatalogueEntry<never>[];
  return [
    { title: '配置、内容读取、链接和 MDX', doc: 'content.md', entries: list(coreEntries) },
    { title: '页面规范（页头、页脚、页面布局、主题）', doc: 'spec.md', entries: list(pageSpecEntries) },
    { title: '网站和内容的生命周期（归档、关停、迁移、网址台账）', doc: 'lifecycle.md', entries: list(lifecycleEntries) },
    { title: '站内搜索', doc: 'search.md', entries: list(searchEntries) },
    { title: '内容合规检查', doc: 'rules.md', entries: list(contentEntries) },
  ].filter((s) => s.entries.length);
}

/** Every catalogue entry, for docs, the rule-override check and reports. */
export function allEntries(): CatalogueEntry<never>[] {
  return Object.values(catalogue) as CatalogueEntry<never>[];
}

export type CatalogueName = keyof typeof catalogue;
type ParamsOf<N extends CatalogueName> = Parameters<(typeof catalogue)[N]['message']>[0];

/** Builds a diagnostic from a catalogue entry. */
export function diagnostic<N extends CatalogueName>(
  name: N,
  params: ParamsOf<N>,
  where: Omit<Partial<Diagnostic>, 'ruleId' | 'message' | 'hint'> = {},
): Diagnostic {
  const e = catalogue[name] as CatalogueEntry<ParamsOf<N>>;
  return {
    ruleId: e.ruleId,
    severity: where.severity ?? e.severity,
    message: e.message(params),
    hint: e.hint(params),
    ...stripUndefined(where),
  };
}

function stripUndefined<T extends object>(o: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** A readable id suggestion from an arbitrary name: lowercase ASCII, hyphens for the rest. */
function suggestId(name: string): string {
  // Keep an article's extension: "My File.md" → "my-file.md", not "my-file-md".
  const ext = /\.mdx?$/i.exec(name)?.[0].toLowerCase() ?? '';
  const s = name
    .slice(0, name.length - ext.length)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (s || 'article-1') + ext;
}
