/**
 * Time is an input: no build goes from passing to failing by the passage of time alone (issue:
 * the demo failed on every fresh machine once its closed site reopened). The demo group is
 * checked with the content rules (no rendering) at every lifecycle boundary it has and on the
 * first and last day of every month, from its newest content to five years later: never an
 * error. And every date rule that can become an error says so, with the date, in an earlier run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/check/check.ts';
import type { ScanOutput } from '../src/check/scan-files.ts';
import { shanghaiParts, type JiyueDate } from '../src/config/primitives.ts';
import { parseNow } from '../src/pipeline/options.ts';
import { loadGroup, type FrontMatterRecord } from '../src/model/load.ts';
import { toRuntime } from '../src/model/runtime.ts';
import { addDays } from '../src/lifecycle/status.ts';
import { importantItems, REPRINT_HOURS } from '../src/model/important.ts';
import { allEntries } from '../src/errors/catalogue.ts';
import { REPO_ROOT, THEMES_DIR, copyFixture } from './helpers.ts';

const DEMO = path.join(REPO_ROOT, 'content');
const at = (value: string) => parseNow(value) as JiyueDate;
const instant = (epoch: number) => {
  const { day, time } = shanghaiParts(epoch);
  return `${day}T${time}`;
};

/**
 * The build's own caches, kept in memory across dates: the files do not change between dates,
 * only `now` does, so front matter and body scans are read once (as an incremental build does).
 */
function memoryStore() {
  const keep = <T,>() => {
    let kept = new Map<string, T>();
    return { read: () => kept, write: (m: ReadonlyMap<string, T>) => void (kept = new Map(m)) };
  };
  return {
    frontMatter: { store: keep<FrontMatterRecord>(), generator: 'time-test', reuse: true },
    scans: { store: keep<{ key: string; output: ScanOutput }>(), generator: 'time-test', reuse: true },
  };
}

async function checkAt(contentDir: string, now: string, caches = memoryStore()) {
  const { model, diagnostics, configs } = loadGroup({ contentDir, themesDir: THEMES_DIR, now: at(now), frontMatter: caches.frontMatter });
  expect(model, diagnostics.map((d) => d.message).join('\n')).toBeDefined();
  const result = await checkContent(toRuntime(model!, configs), { workers: 1, scans: caches.scans });
  return { model: model!, all: [...diagnostics, ...result.diagnostics] };
}

/** The instants at which something in the demo changes with time, plus each month's first and last day. */
function boundaries(model: Awaited<ReturnType<typeof checkAt>>['model']): string[] {
  const out = new Set<string>();
  const day = (d: string) => {
    out.add(d);
    out.add(`${d}T23:59`);
  };
  for (const site of model.sites) {
    for (const c of [...site.config.closures, ...(site.config.closure ? [site.config.closure] : [])]) {
      day(addDays(c.from.day, -1));
      day(c.from.day);
      day(c.to.day);
      day(addDays(c.to.day, 1));
      out.add(`${addDays(c.to.day, 1)}T11:59`);
      out.add(`${addDays(c.to.day, 1)}T12:00`);
    }
    const archive = site.config.archive?.date.day;
    if (archive) for (const d of [archive, addDays(archive, 30), addDays(archive, 31)]) day(d);
  }
  for (const item of importantItems(model.entries, model.group.portal)) {
    for (const h of [REPRINT_HOURS - 0.5, REPRINT_HOURS, REPRINT_HOURS + 0.5]) out.add(instant(item.data.date.epoch + h * 3_600_000));
  }
  const newest = model.entries.map((e) => e.data.date.day).sort().at(-1)!;
  const end = `${Number(newest.slice(0, 4)) + 5}${newest.slice(4)}`;
  day(newest);
  for (let month = newest.slice(0, 7); `${month}-01` <= end; ) {
    day(`${month}-01`);
    const next = addDays(`${month}-28`, 4).slice(0, 7);
    day(addDays(`${next}-01`, -1));
    month = next;
  }
  return [...out].filter((d) => d.slice(0, 10) >= newest && d.slice(0, 10) <= end).sort();
}

/** The mini group: fgw closed 2026-11-16..2026-11-25 with no importantInto; the portal's item marked important. */
function closedGroup(itemDate: string): string {
  const content = copyFixture('mini');
  const article = path.join(content, 'www', 'news', 'a.md');
  fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('disclosure: 主动公开', 'disclosure: 主动公开\nimportant: true').replace('date: 2026-11-10T09:30+08:00', `date: ${itemDate}`));
  const site = path.join(content, 'fgw', 'site.yaml');
  fs.writeFileSync(site, fs.readFileSync(site, 'utf8').replace(/^columns:$/m, 'status: closed\nclosure:\n  from: 2026-11-16\n  to: 2026-11-25\n  reason: 系统升级\ncolumns:'));
  return content;
}

/** The demo checked at every instant of `boundaries`: its findings by instant (computed once, for the tests below). */
let sweep: Promise<Map<string, Awaited<ReturnType<typeof checkAt>>['all']>> | undefined;
function demoSweep() {
  sweep ??= (async () => {
    const caches = memoryStore();
    const first = await checkAt(DEMO, '2026-11-20', caches);
    const out = new Map<string, typeof first.all>();
    for (const now of boundaries(first.model)) out.set(now, (await checkAt(DEMO, now, caches)).all);
    return out;
  })();
  return sweep;
}

describe('time alone never turns the demo red', () => {
  it('the demo group has no error at any lifecycle boundary or month end, from its newest content to five years on', async () => {
    const found = await demoSweep();
    const dates = [...found.keys()];
    // The sweep covers the closure, the reopening, the archive notice and five years of months.
    expect(dates.length).toBeGreaterThan(120);
    expect(dates).toContain('2026-12-06T12:00');
    const failing: string[] = [];
    for (const [now, all] of found) {
      const errors = all.filter((d) => d.severity === 'error');
      if (errors.length) failing.push(`${now}: ${errors.map((d) => `${d.file ?? ''} ${d.ruleId} ${d.message}`).join(' | ')}`);
    }
    expect(failing).toEqual([]);
  }, 300_000);
});

describe('within a day, only the findings that count hours change', () => {
  // A build is up to date for the whole day of its --now unless it printed one of these (src/pipeline/unchanged.ts).
  const byTime = new Set(allEntries().filter((e) => e.readsTimeOfDay).map((e) => e.ruleId));
  const line = (d: { file?: string; line?: number; ruleId: string; severity: string; message: string }) => `${d.file ?? ''}:${d.line ?? ''} ${d.ruleId} ${d.severity} ${d.message}`;

  it('every rule but those marked readsTimeOfDay finds the same at every instant of a day (the demo, swept as above)', async () => {
    const byDay = new Map<string, string[][]>();
    const timed = new Map<string, Set<string>>();
    for (const [now, all] of await demoSweep()) {
      const day = now.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), all.filter((d) => !byTime.has(d.ruleId)).map(line).sort()]);
      timed.set(day, (timed.get(day) ?? new Set()).add(all.filter((d) => byTime.has(d.ruleId)).map(line).join('\n')));
    }
    const days = [...byDay].filter(([, lists]) => lists.length > 1);
    expect(days.length).toBeGreaterThan(60);
    for (const [day, [first, ...rest]] of days) for (const other of rest) expect(other, day).toEqual(first);
    // The demo's departments all have a place for the portal's important items: nothing timed in it.
    expect([...timed.values()].every((variants) => variants.size === 1)).toBe(true);
  }, 300_000);

  it('the marked ones do move within a day: an important item due, then late, 12 hours after a site reopens', async () => {
    const content = closedGroup('2026-11-10T09:30+08:00');
    const [morning, noon, evening] = await Promise.all(['2026-11-26T11:00', '2026-11-26T12:00', '2026-11-26T23:59'].map(async (now) => (await checkAt(content, now)).all));
    const timed = (all: typeof morning) => all.filter((d) => byTime.has(d.ruleId)).map(line);
    expect(timed(morning)).toHaveLength(1);
    expect(timed(morning)[0]).toContain('IMPORTANT-REPRINT-DUE warning');
    expect(timed(noon)[0]).toContain('IMPORTANT-REPRINT-LATE error');
    expect(timed(evening)[0]).not.toBe(timed(noon)[0]);
    const untimed = (all: typeof morning) => all.filter((d) => !byTime.has(d.ruleId)).map(line).sort();
    expect(untimed(noon)).toEqual(untimed(morning));
    expect(untimed(evening)).toEqual(untimed(morning));
  });
});

describe('a closed site that will owe reprints is warned before it reopens', () => {
  const rules = (all: { ruleId: string; severity: string; message: string }[]) => all.filter((d) => d.ruleId.startsWith('IMPORTANT-')).map((d) => `${d.ruleId} ${d.severity} ${d.message}`);

  it('an item published before the closure: a warning throughout the closure naming the reopening, 12 hours after it, then the error', async () => {
    const content = closedGroup('2026-11-10T09:30+08:00');
    const during = rules((await checkAt(content, '2026-11-20')).all);
    expect(during).toEqual([
      'IMPORTANT-REPRINT-REOPENING warning fgw 将于 2026-11-26 恢复运行，届时须在 12 小时内转载门户网站的重要政策信息《门户要闻一》共 1 条，但该站点现在无法转载（没有设置转载栏目，或转载栏目中已有同名文章）；2026-11-26 12:00 起构建将报错',
    ]);
    const reopened = rules((await checkAt(content, '2026-11-26T11:00')).all);
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toContain('IMPORTANT-REPRINT-DUE warning');
    expect(reopened[0]).toContain('自站点 2026-11-26 00:00 恢复运行已过 11.0 小时');
    expect(reopened[0]).toContain('2026-11-26 12:00 起构建将报错');
    const late = rules((await checkAt(content, '2026-11-26T12:00')).all);
    expect(late).toHaveLength(1);
    expect(late[0]).toContain('IMPORTANT-REPRINT-LATE error');
    expect(late[0]).toContain('应在 2026-11-26 12:00 前转载到 fgw');
  });

  it('an item published while the site was closed is not owed, before or after it reopens', async () => {
    const content = closedGroup('2026-11-18T09:30+08:00');
    for (const now of ['2026-11-20', '2026-11-26T13:00', '2027-03-01']) expect(rules((await checkAt(content, now)).all), now).toEqual([]);
  });
});

describe('a group that raises a staleness rule to an error is told the day, before it', () => {
  it('COLUMN-STALE: error in group.yaml: STALE-ERROR-SOON in the last 7 days with the day, then the error on that day', async () => {
    const content = copyFixture('mini');
    fs.appendFileSync(path.join(content, 'group.yaml'), 'rules:\n  COLUMN-STALE: error\n');
    // fgw's 工作动态 (news, weekly) last published 2026-11-12: stale from 2026-11-20.
    const fgw = async (now: string) =>
      (await checkAt(content, now)).all.filter((d) => d.siteId === 'fgw' && /STALE/.test(d.ruleId) && d.message.includes('gzdt')).map((d) => `${d.ruleId} ${d.severity} ${d.message}`);
    expect(await fgw('2026-11-12')).toEqual([]);
    expect(await fgw('2026-11-13')).toEqual(['STALE-ERROR-SOON warning 栏目 gzdt（工作动态）将于 2026-11-20 超过更新周期；group.yaml 的 rules 把 COLUMN-STALE 设为错误，2026-11-20 起构建将报错']);
    expect(await fgw('2026-11-19')).toHaveLength(1);
    const on = await fgw('2026-11-20');
    expect(on).toHaveLength(1);
    expect(on[0]).toMatch(/^COLUMN-STALE error 栏目 gzdt/);
  });

  it('with the default severities nothing about staleness is ever an error', async () => {
    const content = copyFixture('mini');
    for (const now of ['2026-11-19', '2026-12-31', '2028-02-29']) {
      const errors = (await checkAt(content, now)).all.filter((d) => /STALE/.test(d.ruleId) && d.severity === 'error');
      expect(errors, now).toEqual([]);
    }
  });
});
