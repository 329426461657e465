/**
 * The in-browser half of "hiding counts as removing": the HTML checker cannot see external CSS,
 * so a browser run (test/themes-browser.test.ts, or any ops script with Chromium) evaluates
 * `probeMandatedVisibility` in the page. Every mandated block present in the HTML must be
 * rendered: displayed, visible, not transparent, with a box of real size, not clipped away by
 * an ancestor, and inside the page horizontally. Findings use MANDATED-HIDDEN.
 */
import { mandatedMarkers } from './page-spec.ts';

export interface VisibilityFinding {
  marker: string;
  what: string;
  /** Why it counts as hidden (English, for the test output and ops logs). */
  why: string;
}

/** The markers to probe, with their Chinese names (passed into the page). */
export function visibilityTargets(): { marker: string; what: string }[] {
  return mandatedMarkers().map(({ marker, what }) => ({ marker, what }));
}

/**
 * Runs IN THE BROWSER (page.evaluate): self-contained, no imports. Returns one finding per
 * mandated element that is present in the DOM but not visible.
 */
export function probeMandatedVisibility(targets: { marker: string; what: string }[]): VisibilityFinding[] {
  const out: VisibilityFinding[] = [];
  const docWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  for (const t of targets) {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`[data-jiyue="${t.marker}"]`))) {
      const hide = (why: string) => out.push({ marker: t.marker, what: t.what, why });
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
        hide('not rendered (display/visibility/opacity)');
        continue;
      }
      const r = el.getBoundingClientRect();
      const sx = window.scrollX;
      const sy = window.scrollY;
      if (r.width < 1 || r.height < 1) {
        hide(`zero-size box ${r.width}x${r.height}`);
        continue;
      }
      if (r.right + sx <= 0 || r.left + sx >= docWidth || r.bottom + sy <= 0) {
        hide(`box outside the page at (${Math.round(r.left + sx)}, ${Math.round(r.top + sy)})`);
        continue;
      }
      const style = getComputedStyle(el);
      if (parseFloat(style.fontSize) < 6 && (el.textContent ?? '').trim()) {
        hide(`font-size ${style.fontSize}`);
        continue;
      }
      if (style.clipPath && style.clipPath !== 'none') {
        hide(`clip-path ${style.clipPath}`);
        continue;
      }
      // An ancestor that clips its overflow must leave part of the element showing.
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible' && s.clipPath === 'none') continue;
        const ar = a.getBoundingClientRect();
        const w = Math.min(r.right, ar.right) - Math.max(r.left, ar.left);
        const h = Math.min(r.bottom, ar.bottom) - Math.max(r.top, ar.top);
        if (w < 1 || h < 1 || (s.clipPath !== 'none' && s.clipPath !== '')) {
          hide(`clipped by an ancestor <${a.tagName.toLowerCase()} class="${a.className}">`);
          break;
        }
      }
    }
  }
  return out;
}
