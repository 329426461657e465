/**
 * Lifecycle checks on the configuration, run by the loader once every site.yaml is parsed (so
 * each message points at its line): closure limits (Tianjin 2016 art. 5, 聊城 art. 10(3)),
 * closures that ended or have not started (the site then builds normally), the portal's own
 * status, migration targets and the syntax of declared redirects.
 *
 * A closure outside its period changes the site's effective status to `active` here, once, so
 * everything downstream (pages, links, portal lists, manifest) sees one consistent state.
 */
import type { GroupConfig } from '../config/group.ts';
import { positionOf, writtenIndex, type ParsedYaml } from '../config/parse.ts';
import { ID_PATTERN, type JiyueDate } from '../config/primitives.ts';
import type { SiteConfig } from '../config/site.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { inDomain } from '../rules/commercial.ts';

const DAY_MS = 86_400_000;

/** Inclusive length of a closure in days (2026-11-01 to 2026-11-30 is 30 days). */
export function closureDays(from: JiyueDate, to: JiyueDate): number {
  return Math.round((Date.parse(`${to.day}T00:00:00Z`) - Date.parse(`${from.day}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Characters that would change the meaning of a web-server rule (nginx variables, quoting). */
const UNSAFE_IN_URL = /[\s"'\\;{}$<>`]/;

export function checkLifecycleConfig(
  group: GroupConfig,
  sites: ReadonlyMap<string, { config: SiteConfig; parsed: ParsedYaml }>,
  now: JiyueDate,
  report: (d: Diagnostic) => void,
): void {
  for (const [id, { config, parsed }] of sites) {
    const src = { file: `${id}/site.yaml`, siteId: id };
    const at = (keyPath: (string | number)[]) => ({ ...src, ...positionOf(parsed, keyPath, src) });

    if (id === group.portal && (config.status === 'closed' || config.status === 'archived')) {
      report(diagnostic('PortalStatus', { status: config.status }, at(['status'])));
    }

    const closure = config.closure;
    if (config.status === 'closed' && closure) {
      if (closure.to.epoch < closure.from.epoch) {
        report(diagnostic('ClosureDates', { from: closure.from.day, to: closure.to.day }, at(['closure', 'to'])));
      } else {
        const days = closureDays(closure.from, closure.to);
        if (days > group.closureMaxDays) report(diagnostic('ClosureTooLong', { days, limit: group.closureMaxDays }, at(['closure', 'to'])));
        if (days > 60) report(diagnostic('ClosureOver60Days', { days }, at(['closure', 'to'])));
      }
      const year = closure.from.day.slice(0, 4);
      const earlier = config.closures.find((c) => c.from.day.slice(0, 4) === year && c.from.day !== closure.from.day);
      if (earlier) {
        report(diagnostic('ClosureTwiceAYear', { year, previous: `${earlier.from.day} 至 ${earlier.to.day}：${earlier.reason}` }, at(['closure', 'from'])));
      }
      // Outside its period the site is simply active: it builds normally, and the build says so.
      if (now.day > closure.to.day) {
        report(diagnostic('ClosureEnded', { to: closure.to.day }, at(['status'])));
        config.status = 'active';
      } else if (now.day < closure.from.day) {
        report(diagnostic('ClosureNotStarted', { from: closure.from.day }, at(['status'])));
        config.status = 'active';
      }
    }

    const to = config.migration?.to;
    if (to !== undefined) {
      const known = ID_PATTERN.test(to) && sites.has(to);
      const url = /^https?:\/\//.test(to) && !UNSAFE_IN_URL.test(to) && URL.canParse(to);
      if (!known && !url) report(diagnostic('MigrationTarget', { to }, at(['migration', 'to'])));
    }

    // Paths were decoded and normalised by the schema (redirect-paths.ts): compare those.
    const seen = new Set<string>();
    config.redirects.forEach((r) => {
      // Found by what it says, not by index: a recovered file may have dropped items before it.
      const i = writtenIndex(parsed, ['redirects'], (item) => item.from === r.from.raw);
      const from = r.from.decoded + (r.from.prefix ? '*' : '');
      if (seen.has(from)) report(diagnostic('RedirectDuplicate', { from: from }, at(['redirects', i, 'from'])));
      seen.add(from);
      const folderTo = r.to.kind === 'path' && r.to.path.prefix;
      if (r.from.prefix !== folderTo) {
        report(diagnostic('RedirectBadTarget', { to: r.to.raw, detail: 'from 和 to 要么都以 /* 结尾（整个目录），要么都不以 * 结尾' }, at(['redirects', i, 'to'])));
      }
      if (r.to.kind === 'url') {
        const host = new URL(r.to.url).hostname;
        const inGroup = [...sites.values()].some((s) => s.config.domain === host);
        if (!inGroup && !group.externalLinks.some((d) => inDomain(host, d))) report(diagnostic('RedirectExternal', { to: r.to.raw, domain: host }, at(['redirects', i, 'to'])));
      }
    });
  }
}
