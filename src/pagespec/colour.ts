/**
 * Colour arithmetic for theme limits: WCAG 2.1 relative luminance and contrast ratio, and the
 * "colour family" count behind the one-main-colour, at-most-three rule.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** `#rgb` or `#rrggbb` → channels 0–255; undefined for anything else. */
export function parseHex(hex: string): Rgb | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return undefined;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
}

/** WCAG 2.1 relative luminance. */
export function luminance({ r, g, b }: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.1 contrast ratio, 1–21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Hue in degrees and chroma 0–1. */
function hueChroma({ r, g, b }: Rgb): { hue: number; chroma: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (d === 0) return { hue: 0, chroma: 0 };
  let hue: number;
  if (max === r) hue = ((g - b) / d) % 6;
  else if (max === g) hue = (b - r) / d + 2;
  else hue = (r - g) / d + 4;
  hue = (hue * 60 + 360) % 360;
  return { hue, chroma: d / 255 };
}

/** Below this chroma a colour counts as a neutral (black, white, greys), not a brand colour. */
const NEUTRAL_CHROMA = 0.1;
/** Hues closer than this are shades of one colour (a darker red is still the main red). */
const SAME_FAMILY_DEGREES = 25;

/**
 * Groups colours into families: neutrals are dropped, shades and tints of one hue are one
 * family. Returns each family's first colour (in the order given: list the main colour first).
 */
export function colourFamilies(colours: string[]): string[] {
  const families: { hue: number; colour: string }[] = [];
  for (const c of colours) {
    const rgb = parseHex(c);
    if (!rgb) continue;
    const { hue, chroma } = hueChroma(rgb);
    if (chroma < NEUTRAL_CHROMA) continue;
    const near = families.some((f) => {
      const diff = Math.abs(f.hue - hue);
      return Math.min(diff, 360 - diff) < SAME_FAMILY_DEGREES;
    });
    if (!near) families.push({ hue, colour: c.toLowerCase() });
  }
  return families.map((f) => f.colour);
}

/** Colours written in CSS text (hex and rgb()/rgba()), as hex, with their 1-based line. */
export function cssColours(css: string): { colour: string; line: number }[] {
  const out: { colour: string; line: number }[] = [];
  const lines = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).split('\n');
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b/g)) out.push({ colour: m[0], line: i + 1 });
    for (const m of text.matchAll(/rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})/gi)) {
      const hex = '#' + [m[1], m[2], m[3]].map((v) => Math.min(255, Number(v)).toString(16).padStart(2, '0')).join('');
      out.push({ colour: hex, line: i + 1 });
    }
  });
  return out;
}
