/**
 * Exact identifiers first (docs/search.md): a 文号 or 索引号 typed in any common form finds its
 * document as result 1. At build time each searchable page's identifiers are written, normalised,
 * into a small lookup beside the index (`ids.json`: the site's own pages beside its search page,
 * the whole group's beside the group index); the search page loads it only when a query looks
 * like an identifier (src/search/client/search.js, which normalises queries the same way).
 */
import type { SharedModel } from '../model/runtime.ts';
import type { EntryModel } from '../model/types.ts';
import { searchRecordOf } from './record.ts';

/** The lookup's file name. */
export const ID_LOOKUP = 'ids.json';

/**
 * 示政发〔2024〕12号, 示政发[2024]12号, 示政发（2024） 第12号, 示政发2024 12号 → `示政发|2024|12`:
 * NFKC, no spaces, any bracket or none, 第 and 号 optional, leading zeros dropped.
 */
export function docNumberKey(s: string): string | undefined {
  const m = /^([\p{Script=Han}A-Za-z]{1,12}?)[〔[［(（【]?((?:19|20)\d{2})[〕\]］)）】]?第?0*(\d{1,5})号?$/u.exec(s.normalize('NFKC').replace(/\s+/g, ''));
  return m ? `${m[1]}|${m[2]}|${m[3]}` : undefined;
}

/** 索引号 as typed (NFKC, no spaces, upper case), e.g. `idx|9901000002/2024-00012345`. */
export function indexNumberKey(s: string): string {
  return `idx|${s.normalize('NFKC').replace(/\s+/g, '').toUpperCase()}`;
}

export interface IdLookup {
  v: 1;
  /** Key → the search records' meta of the documents it names (as the page's search record has it). */
  ids: Record<string, Record<string, string>[]>;
}

/** The lookup of `entries` (searchable pages), keys sorted, documents in entry order. */
export function idLookup(model: SharedModel, entries: readonly EntryModel[]): IdLookup {
  const ids = new Map<string, Record<string, string>[]>();
  const add = (key: string | undefined, meta: Record<string, string>) => {
    if (!key) return;
    const list = ids.get(key) ?? [];
    if (!list.some((m) => m.siteId === meta.siteId && m.route === meta.route)) list.push(meta);
    ids.set(key, list);
  };
  for (const e of entries) {
    if (!e.data.docNumber && !e.indexNumber) continue;
    const { meta } = searchRecordOf(model, e);
    if (e.data.docNumber) add(docNumberKey(e.data.docNumber), meta);
    if (e.indexNumber) add(indexNumberKey(e.indexNumber), meta);
  }
  return { v: 1, ids: Object.fromEntries([...ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
