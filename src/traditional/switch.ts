/**
 * The 简体 / 繁體 switch in the header (上海 第十五条): the current script as text marked
 * `aria-current`, the other as a link to the same page in that script (a link, so it works
 * with the keyboard and without script). One function writes it for both versions: the 简体
 * page renders it (SiteHeader.astro), the conversion puts the 繁體 form in its place (html.ts).
 */
import { LABELS, MARKERS } from '../pagespec/page-spec.ts';
import type { PageVersion, Script } from '../plan/plan.ts';

/** `lang` of each script: the 简体 pages' `<html lang>` and the 繁體 pages'. */
export const LANG: Record<Script, string> = { hans: 'zh-CN', hant: 'zh-Hant' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The switch as it appears on the page of `script`. `translate="no"`: the conversion leaves it alone. */
export function scriptSwitchHtml(script: Script, versions: Record<Script, PageVersion>): string {
  const item = (s: Script) =>
    s === script
      ? `<span aria-current="true" lang="${LANG[s]}">${LABELS.scriptName[s]}</span>`
      : `<a href="${esc(versions[s].href)}" hreflang="${LANG[s]}" lang="${LANG[s]}">${LABELS.scriptName[s]}</a>`;
  return `<div class="script-switch" role="group" aria-label="${LABELS.scriptSwitch[script]}" translate="no" data-jiyue="${MARKERS.scriptSwitch.marker}">${item('hans')}${item('hant')}</div>`;
}

/** `<link rel="alternate" hreflang>` for both versions, in `<head>` of both. */
export function hreflangHtml(versions: Record<Script, PageVersion>): string {
  return (['hans', 'hant'] as const).map((s) => `<link rel="alternate" hreflang="${LANG[s]}" href="${esc(versions[s].url)}" />`).join('');
}
