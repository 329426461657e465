/** Catalogue entries for search indexing. Composed into `src/errors/catalogue.ts`. */
import { entry } from './entry.ts';

const SOURCE = '上海市政府公众网站管理办法 第八条第（七）项（搜索引擎，提供本站点以及相关的信息搜索和查询）';

export const searchEntries = {
  SearchIndexFailed: entry<{ scope: string; detail: string }>({
    ruleId: 'SEARCH-INDEX-FAILED',
    severity: 'error',
    locked: true,
    title: '搜索索引生成失败',
    source: SOURCE,
    message: (p) => `生成${p.scope}的搜索索引失败：${p.detail}`,
    hint: () => '检查输出目录所在磁盘的空间和权限；若问题重复出现，请带上这条信息报告给网站群管理员（搜索索引由 Pagefind 生成，见 docs/search.md）。',
  }),
  SearchIndexIncomplete: entry<{ siteId: string; expected: number; indexed: number }>({
    ruleId: 'SEARCH-INDEX-INCOMPLETE',
    severity: 'error',
    locked: true,
    title: '搜索索引缺少页面',
    source: SOURCE,
    message: (p) => `站点 ${p.siteId} 发布了 ${p.expected} 篇文章和单页，搜索索引中却有 ${p.indexed} 篇`,
    hint: () => '正文页的 <article> 必须带 data-pagefind-body（src/views/EntryView.astro），其他页面不能带；主题和组件不要删除或增加这个属性。',
  }),
} as const;
