/** Sizes the search design depends on, decided here once (docs/search.md, docs/performance.md). */

/**
 * From this many published pages in the group, the portal's search page loads its facets on
 * request (`JIYUE_SEARCH_LAZY_FACETS_FROM` overrides it for tests and measurements: options.ts `Tuning`).
 */
export const LAZY_FACETS_FROM = 20_000;

/**
 * Pages per fragment file of the group index: a result loads its file, so fewer is fewer bytes
 * per query; more is fewer files and a smaller meta file. 4 keeps a 50,000-page group's first
 * query within its budget (docs/performance.md).
 */
export const GROUP_FRAGMENT_PAGES = 4;

/**
 * Bytes of index chunks the group merge reads ahead, while the units that changed are built
 * (merge-worker.ts): the whole of a 10,000-page group (about 70 MB), a bounded share of a larger one.
 */
export const GROUP_PREFETCH_BYTES = 256 * 1024 * 1024;
