/**
 * 简繁 conversion for the 繁體 search page (docs/traditional.md), bundled with its tables into
 * the site's assets/zh-convert.*.js and loaded by search.js only on 繁體 pages.
 *
 * - `toSimplified`: a query typed in 繁體 becomes 简体 (OpenCC `t` → `cn`: TSPhrases, then
 *   TSCharacters), so it finds the pages in the one (简体) index.
 * - `toTraditional`: result text (excerpts, site and column names, the interface) in 繁體,
 *   character by character (STCharacters, 32 KB): the phrase table that the build converts pages
 *   with is 1 MB, too much for a search box; page titles come converted by the build (`titleHant`).
 */
import { ConverterFactory } from 'opencc-js/core';
import STCharacters from 'opencc-js/dict/STCharacters';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';

export const toSimplified = ConverterFactory([TSPhrases, TSCharacters]);
export const toTraditional = ConverterFactory([STCharacters]);
