/**
 * Sharded builds: `build --shard K/N --out DIR` builds the units of shard K into DIR; `merge`
 * assembles the shard folders into the output a single build would have written.
 *
 * Sites are assigned to shards by a stable rule, balanced by page count (run-units.ts
 * `balance`): the same content always gives the same assignment on every machine. A shard
 * folder holds `shard.json`, and per unit its folder (`units/<id>/`) and record
 * (`units/<id>.json`, with the findings of its bodies). The merge refuses a set with a shard
 * missing or repeated, or built from other content, another generator, another `--now` or
 * another previous manifest (`digest`); then every unit record's fingerprint is computed again
 * from the content the merge loaded (build.ts `takeShards`), so a copied digest proves nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { FileIds, UnitRecord } from './cache.ts';
import type { PlannedUnit } from '../plan/plan.ts';
import { balance } from './run-units.ts';

export const SHARD_FILE = 'shard.json';

const ShardSchema = z.object({
  format: z.literal('jiyue-shard'),
  version: z.literal(1),
  generator: z.string(),
  /** Digest of everything the build read (shardDigest). */
  digest: z.string(),
  now: z.string(),
  /** The content folder the shard was built from (absolute), to name it when a merge reads another. */
  content: z.string().optional(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }),
  units: z.array(z.string()),
});
export type ShardInfo = z.output<typeof ShardSchema>;

/** A unit as a shard folder holds it. */
export interface ShardUnit {
  record: UnitRecord;
  /** Findings of the unit's Markdown bodies (the merge does not render bodies). */
  bodies: Diagnostic[];
  /** The unit's folder. */
  dir: string;
  /** Its files' identities, when the cache has just checked them (cache.ts `reusable`). */
  inodes?: FileIds;
}

/** The units of shard `index` (1-based) of `count`. */
export function shardUnits(units: readonly PlannedUnit[], index: number, count: number): Set<string> {
  const bins = balance(units, count, (u) => u.pages.length, (u) => u.id);
  return new Set(bins[index - 1].map((u) => u.id));
}

/**
 * Digest of what a build reads: the generator, the date, the previous manifest, the search
 * settings, and every file of the content and themes folders (symlinks by their target).
 */
export function shardDigest(parts: { generator: string; now: string; previousManifest?: string; contentDir: string; themesDir: string; maxFragments: number }): string {
  const h = createHash('sha256');
  h.update(`${parts.generator}\0${parts.now}\0${parts.maxFragments}\0`);
  h.update(parts.previousManifest && fs.existsSync(parts.previousManifest) ? createHash('sha256').update(fs.readFileSync(parts.previousManifest)).digest('hex') : 'none');
  for (const [name, dir] of [
    ['content', parts.contentDir],
    ['themes', parts.themesDir],
  ] as const) {
    const walk = (abs: string, rel: string) => {
      for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const r = `${rel}/${e.name}`;
        const p = path.join(abs, e.name);
        if (e.isSymbolicLink()) h.update(`L${name}${r}\0${fs.readlinkSync(p)}\0`);
        else if (e.isDirectory()) walk(p, r);
        else if (e.isFile()) h.update(`F${name}${r}\0${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}\0`);
      }
    };
    if (fs.existsSync(dir)) walk(dir, '');
  }
  return h.digest('hex');
}

/** Writes the shard folder's description (the units are written by the caller). */
export function writeShardInfo(dir: string, info: ShardInfo): void {
  fs.writeFileSync(path.join(dir, SHARD_FILE), JSON.stringify(info, null, 2) + '\n');
}

/**
 * Reads the shard folders for a merge and checks they form one complete set built like this
 * merge (`expect`). Returns the units by id, or the problems.
 */
export function readShards(dirs: readonly string[], expect: { generator: string; digest: string; now: string; contentDir: string }): { units?: Map<string, ShardUnit>; info?: ShardInfo[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const infos: { dir: string; info: ShardInfo }[] = [];
  for (const dir of dirs) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.join(dir, SHARD_FILE), 'utf8'));
    } catch (error) {
      diagnostics.push(diagnostic('ShardNotFound', { dir, detail: fs.existsSync(path.join(dir, SHARD_FILE)) ? `${SHARD_FILE} 不是有效的 JSON（${(error as Error).message}）` : `没有 ${SHARD_FILE}` }));
      continue;
    }
    const r = ShardSchema.safeParse(json);
    if (!r.success) {
      diagnostics.push(diagnostic('ShardNotFound', { dir, detail: `${SHARD_FILE} 格式不对（${r.error.issues[0].path.join('.') || '顶层'}：${r.error.issues[0].message}）` }));
      continue;
    }
    infos.push({ dir, info: r.data });
  }
  if (diagnostics.length) return { diagnostics };
  const counts = new Set(infos.map((i) => i.info.shard.count));
  if (counts.size > 1) {
    return { diagnostics: infos.map(({ dir, info }) => diagnostic('ShardMismatch', { dir, what: `分片总数（这个分片说共 ${info.shard.count} 个，其他分片说 ${[...counts].filter((c) => c !== info.shard.count).join('、')} 个）` })) };
  }
  for (const { dir, info } of infos) {
    if (info.generator !== expect.generator) diagnostics.push(diagnostic('ShardMismatch', { dir, what: `生成器版本（分片：${info.generator}；合并：${expect.generator}）` }));
    else if (info.now !== expect.now) diagnostics.push(diagnostic('ShardMismatch', { dir, what: `构建日期 --now（分片：${info.now}；合并：${expect.now}）` }));
    else if (info.digest !== expect.digest) {
      const merged = path.resolve(expect.contentDir);
      const what =
        info.content && info.content !== merged
          ? `内容目录（分片由 ${info.content} 构建，本次合并读取 ${merged}：合并时用 --content ${info.content}）`
          : '内容、主题、生成器代码或 --previous-manifest';
      diagnostics.push(diagnostic('ShardMismatch', { dir, what }));
    }
  }
  const count = [...counts][0];
  const byIndex = new Map<number, string[]>();
  for (const { dir, info } of infos) byIndex.set(info.shard.index, [...(byIndex.get(info.shard.index) ?? []), dir]);
  for (const [index, list] of byIndex) if (list.length > 1) diagnostics.push(diagnostic('ShardRepeated', { shard: `${index}/${count}`, dirs: list.join('、') }));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) diagnostics.push(diagnostic('ShardMissing', { missing: missing.join('、'), total: count }));
  if (diagnostics.length) return { diagnostics };

  const units = new Map<string, ShardUnit>();
  for (const { dir, info } of infos) {
    for (const id of info.units) {
      try {
        const stored = JSON.parse(fs.readFileSync(path.join(dir, 'units', `${id}.json`), 'utf8')) as UnitRecord & { bodies: Diagnostic[] };
        const { bodies, ...record } = stored;
        const unitDir = path.join(dir, 'units', id);
        if (!fs.existsSync(unitDir)) throw new Error(`units/${id}/ 不存在`);
        // Every file the merge will link into the output: a plain file inside the unit's folder, with the bytes its record names.
        for (const [file, hash] of record.files) {
          if (typeof file !== 'string' || file.startsWith('/') || file.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new Error(`记录中的路径 ${JSON.stringify(file)} 不在站点目录之内`);
          const abs = path.join(unitDir, ...file.split('/'));
          const st = fs.lstatSync(abs, { throwIfNoEntry: false });
          if (!st?.isFile()) throw new Error(`units/${id}/${file} ${st?.isSymbolicLink() ? '是符号链接' : '不是普通文件或不存在'}`);
          if (createHash('sha256').update(fs.readFileSync(abs)).digest('hex') !== hash) throw new Error(`units/${id}/${file} 的内容与记录不符`);
        }
        units.set(id, { record, bodies, dir: unitDir });
      } catch (error) {
        diagnostics.push(diagnostic('ShardNotFound', { dir, detail: `站点 ${id} 的记录不完整（${(error as Error).message}）` }));
      }
    }
  }
  return diagnostics.length ? { diagnostics } : { units, info: infos.map((i) => i.info), diagnostics };
}
