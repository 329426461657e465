/**
 * Reading a Pagefind bundle as Pagefind 1.6 writes it: its entry file and meta file, and any
 * of its gzip-compressed CBOR files. Shared by the group merge (merge-bundles.ts) and each
 * unit's part of the group index (group-part.ts); a file in another format is a
 * BundleFormatError naming it.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { decodeCbor, type CborValue } from './cbor.ts';

export const PAGEFIND_FORMAT = '1.6.0';
export const PREFIX = Buffer.from('pagefind_dcd');

export class BundleFormatError extends Error {}


export interface Fragment {
  url: string;
  meta: Record<string, string>;
  [key: string]: unknown;
}

export interface Entry {
  version: string;
  languages: Record<string, { hash: string; wasm: string | null; page_count: number }>;
  include_characters?: string[];
}

export interface SourceMeta {
  source: { dir: string };
  /** The hash in the meta file's name: it changes with any page of the bundle. */
  metaHash: string;
  language: string;
  pages: [string, number, string][];
  chunks: [string, string, string][];
  filters: [string, string][];
  sorts: [string, number[]][];
  fields: string[];
  entry: Entry;
}

export const read = (file: string): Buffer => {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  if (!raw.subarray(0, PREFIX.length).equals(PREFIX)) throw new BundleFormatError(`${file}: not a Pagefind file`);
  return raw.subarray(PREFIX.length);
};

export const fail = (where: string, what: string): never => {
  throw new BundleFormatError(`${where}: ${what} (Pagefind ${PAGEFIND_FORMAT} format expected; see src/search/merge-bundles.ts)`);
};

export const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number';

export function readSource<S extends { dir: string }>(source: S): SourceMeta & { source: S } {
  const entry = JSON.parse(fs.readFileSync(path.join(source.dir, 'pagefind-entry.json'), 'utf8')) as Entry;
  if (entry.version !== PAGEFIND_FORMAT) fail(source.dir, `version ${entry.version}`);
  const languages = Object.entries(entry.languages);
  if (languages.length !== 1) fail(source.dir, `${languages.length} languages`);
  const [language, info] = languages[0];
  const meta = decodeCbor(read(path.join(source.dir, `pagefind.${info.hash}.pf_meta`)));
  const where = `${source.dir} meta`;
  if (!Array.isArray(meta) || meta.length !== 6 || meta[0] !== PAGEFIND_FORMAT) fail(where, 'unexpected structure');
  const [, pages, chunks, filters, sorts, fields] = meta as CborValue[][];
  for (const p of pages) if (!Array.isArray(p) || p.length !== 3 || !isStr(p[0]) || !isInt(p[1]) || !isStr(p[2])) fail(where, 'unexpected page');
  for (const c of chunks) if (!Array.isArray(c) || c.length !== 3 || !c.every(isStr)) fail(where, 'unexpected chunk');
  for (const f of filters) if (!Array.isArray(f) || f.length !== 2 || !f.every(isStr)) fail(where, 'unexpected filter');
  for (const s of sorts) if (!Array.isArray(s) || s.length !== 2 || !isStr(s[0]) || !Array.isArray(s[1])) fail(where, 'unexpected sort');
  if (!fields.every(isStr)) fail(where, 'unexpected meta fields');
  if (pages.length !== info.page_count) fail(where, `${pages.length} pages, entry says ${info.page_count}`);
  return {
    source,
    metaHash: info.hash,
    language,
    pages: pages as [string, number, string][],
    chunks: chunks as [string, string, string][],
    filters: filters as [string, string][],
    sorts: sorts as [string, number[]][],
    fields: fields as string[],
    entry,
  };
}

