/**
 * The search page's script (first-party, no dependencies besides the site's own Pagefind
 * bundle). Copied to every site's assets/search.js by the search stage. It reads its settings
 * from the page (`#jiyue-search-config`, see src/search/paths.ts), normalises the query the way
 * people type Chinese, searches the bundle and renders results, facets and counts. On a 繁體 page
 * it loads the site's converter (zh-convert.js): the query goes to the 简体 index in 简体, the
 * results link to 繁體 pages and show in 繁體 (docs/traditional.md). On a 简体 page of a group
 * with 繁體 versions, a query typed in 繁體 is converted too (the converter is loaded with the
 * first query that has a Chinese character, beside Pagefind).
 *
 * Plain JavaScript on purpose: pages never use bundled scripts (docs/architecture.md), and the
 * browser runs this file as written.
 */

/** Results shown per “显示更多结果” step. */
const PAGE = 10;

/**
 * Quote marks, brackets and punctuation that people type around or inside Chinese terms. Pagefind
 * would treat quotes as an exact-phrase search and brackets as part of a word; both can zero the
 * results, so they become spaces (a space means “and”).
 */
const SEPARATORS = /["'“”‘’„‟「」『』《》〈〉〔〕［］【】〖〗()（）\[\]{}｛｝<>、，,。．.;；:：!！?？·•…—–\-_/\\|~～`^*#@$%&+=　\s]+/gu;

/**
 * The query as Pagefind should see it: NFKC (full-width letters, digits and spaces become
 * half-width), quotes and punctuation become spaces, runs of spaces collapse. “〔2024〕12号”
 * becomes “2024 12号”; “"住房公积金"” becomes “住房公积金”.
 * @param {string} raw
 * @returns {string}
 */
export function normalizeQuery(raw) {
  return String(raw ?? '')
    .normalize('NFKC')
    .replace(SEPARATORS, ' ')
    .trim()
    .slice(0, 200);
}


/**
 * The identifiers a query names, as the build's lookup keys them (src/search/ids.ts): a 文号 in
 * any bracket or none, with or without spaces, 第 and 号 (示政发〔2024〕12号, 示政发[2024]12号,
 * 示政发2024 12号), and a 索引号 (9901000002/2024-00012345). A 文号's issuer is tried from its
 * longest ending (the query may have words before it).
 * @param {string} raw
 * @returns {string[]}
 */
export function identifierKeys(raw) {
  const q = String(raw ?? '').normalize('NFKC');
  const keys = [];
  const doc = /([\p{Script=Han}A-Za-z]{1,12})\s*[〔[［(（【]?\s*((?:19|20)\d{2})\s*[〕\]］)）】]?\s*第?\s*0*(\d{1,5})\s*号?/u.exec(q);
  if (doc) for (let i = 0; i < doc[1].length; i++) keys.push(`${doc[1].slice(i)}|${doc[2]}|${doc[3]}`);
  const index = /[0-9A-Za-z]{6,}\/[0-9A-Za-z-]{6,}/.exec(q.replace(/\s+/g, ''));
  if (index) keys.push(`idx|${index[0].toUpperCase()}`);
  return keys;
}

/**
 * The queries to run for one typed query: itself, and for its first term that is or holds an
 * everyday name (社保, 发改委; 低保标准 and 失业金申领 as people type them, without spaces), the
 * query with that name replaced by each official term it stands for (at most 3): 最低生活保障标准.
 * A term that holds the official term already (住房公积金提取 holds 住房公积金) is left as it is.
 * A query that is the name alone is searched as typed first (pages that say 社保 lead); any
 * other, as the official term first.
 * @param {string} q normalised query
 * @param {Record<string, string[]>} aliases everyday name → official terms
 * @returns {string[]}
 */
export function expandQuery(q, aliases) {
  const terms = q.split(' ');
  const has = (k) => Object.prototype.hasOwnProperty.call(aliases, k);
  const names = Object.keys(aliases).filter((k) => k.length >= 2).sort((a, b) => b.length - a.length);
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    // The term itself, else the longest everyday name inside it.
    const name = has(t) ? t : names.find((k) => t.includes(k) && !aliases[k].some((official) => t.includes(official)));
    if (!name) continue;
    const official = aliases[name].slice(0, 3).map((o) => [...terms.slice(0, i), t.replace(name, o), ...terms.slice(i + 1)].join(' '));
    // Only a query that is the name alone (社保) leads with the pages that say it. With other
    // words (社保卡 补领, 社保卡补领: the name is no word of the index inside a longer term), the
    // query as typed finds pages by those other words first; the official term's search leads.
    return [...new Set(name === q ? [q, ...official] : [...official, q])];
  }
  return [q];
}

/**
 * The queries a query of pinyin initials stands for (`gjj` → 公积金, `yb jf` → 医保 缴费), from the
 * build's lookup (src/search/pinyin.ts): terms typed apart and written together as one key first
 * (`db sq` → dbsq → 低保申请, when the titles have it); then every term that is a key as its best
 * word, and each other word of each such term in its place, one query each (a wrong pair finds
 * nothing: Pagefind wants every word), at most six. Empty when no term is a key.
 * @param {string} q normalised query of Latin letters
 * @param {Record<string, string[]>} keys initials → words, best first
 * @returns {string[]}
 */
export function pinyinQueries(q, keys) {
  const terms = q.toLowerCase().split(' ');
  // Own keys only (not `constructor`); Object.hasOwn is too new for the old browsers citizens use.
  const has = (t) => Object.prototype.hasOwnProperty.call(keys, t);
  const out = terms.length > 1 && has(terms.join('')) ? [...keys[terms.join('')]] : [];
  if (terms.some(has)) {
    const best = terms.map((t) => (has(t) ? keys[t][0] : t));
    out.push(best.join(' '));
    terms.forEach((t, i) => {
      if (has(t)) for (const w of keys[t].slice(1)) out.push([...best.slice(0, i), w, ...best.slice(i + 1)].join(' '));
    });
  }
  return [...new Set(out)].slice(0, 6);
}

/** A query that may be pinyin initials: Latin letters only, the first term two to eight of them. */
const INITIALS = /^[a-z]{2,8}(?: [a-z]{1,8}){0,3}$/i;

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of Pagefind's escaped excerpt (tags dropped, entities read). */
function excerptText(html) {
  return String(html ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/\u200b/g, '')
    .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi, (_m, dec, hex, name) =>
      dec || hex ? String.fromCodePoint(Math.min(Number.parseInt(dec ?? hex, dec ? 10 : 16), 0x10ffff)) : ENTITIES[name.toLowerCase()],
    );
}

const HAN = /\p{Script=Han}/u;

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The excerpt with the words searched for marked whole (docs/search.md). Pagefind marks the index
 * words a query matched, and ICU cuts government words into single characters: 公积金 marks the
 * 公 of 公开 and 办公, or only the 公 of 公积金. Here every occurrence of a searched term (the
 * query's words and the official terms an everyday name was searched as) is marked, longest
 * first; where a term does not occur whole, its longest runs of two Chinese characters or more that
 * do (住房公积金租房提取实施细则 marks 住房公积金租房提取 and 实施细则 in “…住房公积金租房提取管理，
 * 实施细则…”); a one-character word only when one was typed. When none occurs in the excerpt
 * (the page matched by a word's start), Pagefind's marks that are two characters or more of a
 * searched term are kept. Returns HTML escaped here: only the <mark> tags are markup.
 * @param {string} html Pagefind's excerpt
 * @param {readonly string[]} terms
 * @returns {string}
 */
export function markTerms(html, terms) {
  const text = excerptText(html);
  const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const words = [...new Set(terms.map(lower).filter(Boolean))].sort((a, b) => b.length - a.length);
  const hay = lower(text);
  /** The longest run of Chinese characters (two or more) at `i` that is part of a searched term. */
  const piece = (i) => {
    let n = 0;
    while (i + n < hay.length && HAN.test(hay[i + n]) && words.some((w) => w.includes(hay.slice(i, i + n + 1)))) n++;
    return n >= 2 ? n : 0;
  };
  /** @type {[number, number][]} */
  let spans = [];
  for (let i = 0; i < hay.length; ) {
    const n = words.find((t) => hay.startsWith(t, i))?.length || piece(i);
    if (n) {
      spans.push([i, i + n]);
      i += n;
    } else i++;
  }
  if (!spans.length) {
    // Pagefind's own marks (adjacent ones joined), of two characters or more.
    let at = 0;
    let open = false;
    for (const part of String(html ?? '').split(/(<\/?mark>)/)) {
      if (part === '<mark>' || part === '</mark>') {
        open = part === '<mark>';
        continue;
      }
      const n = excerptText(part).length;
      const last = spans[spans.length - 1];
      if (open && n) {
        if (last && last[1] === at) last[1] = at + n;
        else spans.push([at, at + n]);
      }
      at += n;
    }
    // Only a part of a searched term, or a word holding one (the 公 of 公开 for 公积金 is neither).
    spans = spans.filter(([a, b]) => b - a >= 2 && words.some((w) => w.includes(hay.slice(a, b)) || hay.slice(a, b).includes(w)));
  }
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    out += `${escapeHtml(text.slice(at, a))}<mark>${escapeHtml(text.slice(a, b))}</mark>`;
    at = b;
  }
  return out + escapeHtml(text.slice(at));
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

async function main() {
  const configEl = document.getElementById('jiyue-search-config');
  if (!configEl) return;
  /** @type {import('../paths.ts').SearchPageConfig} */
  const config = JSON.parse(configEl.textContent || '{}');
  const form = /** @type {HTMLFormElement} */ (document.querySelector('.search-form'));
  const input = /** @type {HTMLInputElement} */ (document.getElementById('search-q'));
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const empty = document.getElementById('search-empty');
  const facetsBox = document.getElementById('search-facets');
  const facetList = document.getElementById('search-facet-list');
  const groupLink = document.getElementById('search-group-link');
  const baseTitle = document.title;
  // The 繁體 version of the search page (docs/traditional.md): the query is converted to 简体 and
  // searches the same index; results link to 繁體 pages and their text is shown in 繁體.
  const hant = Boolean(config.traditional) && document.documentElement.lang === 'zh-Hant';
  /** @type {{ toSimplified: (s: string) => string, toTraditional: (s: string) => string } | undefined} */
  let zh;
  if (hant) {
    try {
      zh = await import(config.traditional.script);
    } catch (error) {
      console.error(error);
    }
  }
  /** Text the script writes, in the page's script. */
  const ui = (s) => (zh ? zh.toTraditional(String(s)) : s);
  /**
   * 繁體 → 简体 for a query on a 简体 page (the group has 繁體 versions, so the site has the
   * converter): loaded once, when a query first has a Chinese character; a 简体 query stays as it is.
   */
  let toSimplified;
  const simplify = async (q) => {
    if (zh) return zh.toSimplified(q);
    if (!config.traditional || !/\p{Script=Han}/u.test(q)) return q;
    toSimplified ??= import(config.traditional.script).then((m) => m.toSimplified, () => undefined);
    const convert = await toSimplified;
    return convert ? convert(q) : q;
  };
  const sites = hant ? config.traditional.sites : config.sites;
  const groupSearchHref = hant ? config.traditional.groupSearchHref : config.groupSearchHref;

  /** @type {Record<string, Set<string>>} chosen facet values */
  const chosen = {};
  let sort = 'relevance';
  let pagefind;
  let generation = 0;
  let results = [];
  let shown = 0;
  /** @type {Promise<Record<string, Record<string, string>[]>> | undefined} the identifiers lookup, loaded once when a query names one */
  let idLookup;
  /** @type {Promise<Record<string, string[]>> | undefined} the pinyin initials lookup, loaded once when a query is made of Latin letters */
  let pinyinLookup;
  /** The queries of Chinese words a query of pinyin initials stands for (none for other queries). */
  async function initialsQueries(q) {
    if (!config.pinyin || !INITIALS.test(q)) return [];
    pinyinLookup ??= fetch(config.pinyin).then((r) => (r.ok ? r.json() : {})).then((j) => j.keys ?? {}, () => ({}));
    return pinyinQueries(q, await pinyinLookup);
  }
  /** Pages already shown as exact matches: not shown again among the full-text results. */
  let exactPages = new Set();
  /** The words of the last query and of its expansions (社保 → 社会保险), marked in the excerpts. */
  let searchedTerms = [];

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  for (const name of config.facets) {
    const values = params.getAll(`f.${name}`);
    if (values.length) chosen[name] = new Set(values);
  }

  async function load() {
    if (!pagefind) {
      pagefind = await import(`${config.bundle}pagefind.js`);
      await pagefind.options({ baseUrl: config.baseUrl, excerptLength: 36, excerptEllipsis: '…' });
      await pagefind.init();
      // Loads the filter index; without it Pagefind returns no facet counts with results. A
      // large group's filter index is loaded when someone asks for the facets (lazyFacets).
      if (!config.lazyFacets) await loadFacets();
    }
    return pagefind;
  }

  let facetsLoaded = false;
  async function loadFacets() {
    if (!facetsLoaded) await pagefind.filters();
    facetsLoaded = true;
  }

  /** The group index's sort values (sort-date.json: fragment file → dates of its pages `<file>.<n>`), loaded on first use. */
  let sortValues;
  async function dateOf() {
    sortValues ??= fetch(config.sortFile).then((r) => (r.ok ? r.json() : {}));
    const values = await sortValues;
    return (result) => {
      const dot = result.id.lastIndexOf('.');
      return values[result.id.slice(0, dot)]?.[Number(result.id.slice(dot + 1))] ?? '';
    };
  }

  function filtersOption() {
    const out = {};
    for (const [name, set] of Object.entries(chosen)) if (set.size) out[name] = { any: [...set] };
    return out;
  }

  function writeUrl(q) {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    for (const [name, set] of Object.entries(chosen)) for (const v of set) p.append(`f.${name}`, v);
    const qs = p.toString();
    history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
  }

  function hrefOf(data) {
    const m = data.meta ?? {};
    const home = m.siteId ? sites[m.siteId] : undefined;
    return home !== undefined && m.route !== undefined ? home + m.route : data.url;
  }

  /**
   * One result list from the searches of a query and its expansions: the results of the first
   * search that found any (the typed query's; for pinyin initials that find nothing as typed, the
   * best word's) first, in their order (what already works keeps its ranking), then the pages only
   * the other searches found, best score first; each page once. Facet counts of the search that
   * found the most.
   */
  function mergeSearches(list) {
    const first = list.find((s) => s.results.length) ?? list[0];
    const seen = new Set(first.results.map((r) => r.id));
    const more = list.filter((s) => s !== first).flatMap((s) => s.results).filter((r) => !seen.has(r.id) && (seen.add(r.id), true));
    more.sort((a, b) => b.score - a.score);
    const results = [...first.results, ...more];
    const richest = list.reduce((a, b) => (b.results.length > a.results.length ? b : a));
    return { ...richest, results, unfilteredResultCount: Math.max(...list.map((s) => s.unfilteredResultCount ?? 0)) };
  }

  /** The documents the query names by 文号 or 索引号, as results (first, before the full-text ones). */
  async function exactMatches(q) {
    const keys = identifierKeys(q);
    if (!keys.length || !config.ids) return [];
    idLookup ??= fetch(config.ids).then((r) => (r.ok ? r.json() : { ids: {} })).then((j) => j.ids ?? {}, () => ({}));
    const ids = await idLookup;
    const key = keys.find((k) => ids[k]);
    return key ? ids[key].map((meta) => ({ exact: true, data: async () => ({ url: '', meta, excerpt: '' }) })) : [];
  }

  function renderResult(data) {
    const m = data.meta ?? {};
    const li = el('li', { class: 'search-result' });
    if (data.exact) li.setAttribute('data-exact', '');
    const h = el('h2', { class: 'search-result-title' });
    h.append(el('a', { href: hrefOf(data) }, (hant && m.titleHant) || ui(m.title || data.url)));
    li.append(h);
    const meta = el('p', { class: 'search-result-meta' });
    if (config.scope === 'group' && m.site) meta.append(el('span', { class: 'search-result-site' }, ui(m.site)));
    if (m.column) meta.append(el('span', { class: 'search-result-column' }, ui(m.column)));
    if (m.docNumber) meta.append(el('span', { class: 'search-result-docno' }, ui(m.docNumber)));
    if (m.date) meta.append(el('time', { datetime: m.date }, m.date));
    if (m.archived) meta.append(el('span', { class: 'search-badge search-badge-archived', title: ui(`归档日期：${m.archived}`) }, ui('已归档')));
    if (m.validity) meta.append(el('span', { class: 'search-badge search-badge-invalid' }, ui(`已${m.validity}`)));
    li.append(meta);
    const excerpt = el('p', { class: 'search-result-excerpt' });
    // Escaped by markTerms, the <mark> tags its only markup (ASCII: the 繁體 conversion leaves them).
    excerpt.innerHTML = ui(markTerms(data.excerpt, searchedTerms));
    li.append(excerpt);
    return li;
  }

  async function showMore(focusFirst) {
    const gen = generation;
    const slice = results.slice(shown, shown + PAGE);
    const loaded = await Promise.all(slice.map(async (r) => ({ ...(await r.data()), exact: Boolean(r.exact) })));
    if (gen !== generation) return;
    for (const d of loaded) if (d.exact) exactPages.add(hrefOf(d));
    const data = loaded.filter((d) => d.exact || !exactPages.has(hrefOf(d)));
    const items = data.map(renderResult);
    list.append(...items);
    shown += slice.length;
    more.hidden = shown >= results.length;
    if (focusFirst && items[0]) items[0].querySelector('a')?.focus();
  }

  function renderFacets(search) {
    facetList.replaceChildren();
    let any = false;
    for (const name of config.facets) {
      const all = search.totalFilters?.[name] ?? {};
      const now = search.filters?.[name] ?? {};
      const selected = chosen[name] ?? new Set();
      const values = Object.keys(all).filter((v) => all[v] > 0 || selected.has(v));
      if (values.length < 2 && selected.size === 0) continue;
      values.sort((a, b) => (name === '年份' ? b.localeCompare(a) : (all[b] - all[a]) || a.localeCompare(b, 'zh-CN')));
      any = true;
      const fs = el('fieldset', { class: 'search-facet' });
      fs.append(el('legend', {}, ui(name)));
      const ul = el('ul');
      for (const v of values) {
        const id = `facet-${name}-${v}`.replace(/\s+/g, '-');
        const li = el('li');
        const box = el('input', { type: 'checkbox', id, name: `f.${name}`, value: v });
        box.checked = selected.has(v);
        box.addEventListener('change', () => {
          const set = (chosen[name] ??= new Set());
          if (box.checked) set.add(v);
          else set.delete(v);
          run(input.value);
        });
        const label = el('label', { for: id });
        label.append(el('span', { class: 'search-facet-value' }, ui(v)), el('span', { class: 'search-facet-count', 'aria-label': ui(`${now[v] ?? 0} 条`) }, `（${now[v] ?? 0}）`));
        li.append(box, label);
        ul.append(li);
      }
      fs.append(ul);
      facetList.append(fs);
    }
    if (!facetsLoaded && search.results.length) {
      // A large group: the facets (and their counts) load on request.
      const ask = el('button', { type: 'button', class: 'search-facets-load' }, ui('按部门、栏目、年份等筛选'));
      ask.addEventListener('click', async () => {
        ask.disabled = true;
        await loadFacets();
        await run(input.value);
        facetList.querySelector('input')?.focus();
      });
      facetList.append(ask);
      any = true;
    }
    if (any) {
      const sortBox = el('fieldset', { class: 'search-facet search-sort' });
      sortBox.append(el('legend', {}, ui('排序')));
      for (const [value, text] of [['relevance', '按相关度'], ['date', '按发布日期']]) {
        const id = `search-sort-${value}`;
        const radio = el('input', { type: 'radio', name: 'sort', id, value });
        radio.checked = sort === value;
        radio.addEventListener('change', () => {
          sort = value;
          run(input.value);
        });
        const wrap = el('div');
        wrap.append(radio, el('label', { for: id }, ui(text)));
        sortBox.append(wrap);
      }
      facetList.prepend(sortBox);
    }
    facetsBox.hidden = !any;
  }

  async function run(raw) {
    const gen = ++generation;
    const typed = normalizeQuery(raw);
    // The index holds the 简体 pages: a query typed in 繁體 is converted (a 简体 one stays as it is), on either page.
    const q = await simplify(typed);
    if (gen !== generation) return;
    writeUrl(raw.trim());
    list.replaceChildren();
    more.hidden = true;
    empty.hidden = true;
    results = [];
    shown = 0;
    exactPages = new Set();
    if (!q) {
      status.textContent = raw.trim() ? ui('请输入要搜索的文字（标点符号不参与搜索）。') : '';
      facetsBox.hidden = true;
      document.title = baseTitle;
      return;
    }
    status.textContent = ui('正在搜索…');
    list.setAttribute('aria-busy', 'true');
    let search;
    try {
      const pf = await load();
      // A site's own index sorts itself; the group index keeps its sort values in a file of their own.
      const pagefindSort = sort === 'date' && !config.sortFile ? { date: 'desc' } : undefined;
      // Without filters only: a chosen facet narrows every result, the named document included.
      const filtered = Object.keys(filtersOption()).length > 0;
      // An everyday name (社保) is searched as typed and as each official term (社会保险), pinyin
      // initials (gjj) as typed and as the words they stand for (公积金); results merged.
      const base = [q, ...(await initialsQueries(q))];
      const expanded = base.map((x) => expandQuery(x, config.aliases ?? {}));
      // The typed query's own expansions in their order (mergeSearches leads with the first that finds anything), then the pinyin ones.
      const queries = [...new Set([...expanded[0], ...base.slice(1), ...expanded.slice(1).flat()])].slice(0, 8);
      searchedTerms = queries.flatMap((x) => x.split(' '));
      const [found, exact] = await Promise.all([Promise.all(queries.map((x) => pf.search(x, { filters: filtersOption(), sort: pagefindSort }))), filtered ? [] : exactMatches(raw)]);
      search = found.length === 1 ? found[0] : mergeSearches(found);
      if (sort === 'date' && config.sortFile) {
        const date = await dateOf();
        const ranked = search.results.map((r, i) => [r, date(r), i]);
        ranked.sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : a[2] - b[2]));
        search = { ...search, results: ranked.map(([r]) => r) };
      }
      // The document a 文号 or 索引号 names comes first, whatever the order; the full-text results follow.
      if (exact.length) search = { ...search, results: [...exact, ...search.results] };
    } catch (error) {
      if (gen !== generation) return;
      console.error(error);
      status.textContent = ui('搜索暂时无法使用，请稍后再试，或通过网站地图查找信息。');
      list.removeAttribute('aria-busy');
      return;
    }
    if (gen !== generation) return;
    results = search.results;
    document.title = `${raw.trim()} - ${baseTitle}`;
    renderFacets(search);
    await showMore(false);
    if (gen !== generation) return;
    const filtered = Object.keys(filtersOption()).length > 0;
    const shownQuery = raw.trim();
    if (!results.length) {
      empty.hidden = false;
      if (groupLink && groupSearchHref) groupLink.setAttribute('href', `${groupSearchHref}?q=${encodeURIComponent(shownQuery)}`);
    }
    // Set last: the live region announces the count once the list is there.
    status.textContent = results.length
      ? `${ui('找到')} ${results.length} ${ui('条与')}“${shownQuery}”${ui('相关的结果')}${filtered ? ui(`（已筛选，共 ${search.unfilteredResultCount} 条）`) : ''}。`
      : `${ui('没有找到与')}“${shownQuery}”${ui('相关的信息')}${filtered ? ui('（已筛选，可取消筛选条件后再试）') : ''}。`;
    list.removeAttribute('aria-busy');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(input.value);
  });
  more.addEventListener('click', () => showMore(true));
  input.addEventListener('focus', () => load().catch(() => {}), { once: true });
  if (input.value) run(input.value);
}

if (typeof document !== 'undefined') main();
