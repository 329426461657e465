/**
 * `themes/<name>/theme.yaml`: a theme's tokens. Themes brand a site; they never change the
 * page skeleton (the header, footer and layout the spec mandates).
 */
import { z } from 'zod';
import { text } from './primitives.ts';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: '应为 6 位十六进制颜色，并加引号，例如 "#b5121b"。' });

export const ThemeColorsSchema = z.strictObject({
  /** The main colour (主色): header band, navigation, headings' accents. Required. */
  primary: hexColor,
  /** A second brand colour. Default none. */
  secondary: hexColor.optional(),
  /** A third brand colour. Default none. */
  accent: hexColor.optional(),
  /** Body text colour. Default `#222222`. */
  text: hexColor.default('#222222'),
  /** Link colour. Default `#1a4f8b`. */
  link: hexColor.default('#1a4f8b'),
  /** Page background. Default `#ffffff`. */
  background: hexColor.default('#ffffff'),
});

export const ThemeSchema = z.strictObject({
  /** Display name, e.g. 庄重红. Required. */
  name: text,
  /** Colour tokens. */
  colors: ThemeColorsSchema,
  /** Logo image file in the theme folder (svg or png). Required. */
  logo: text,
  /** Header banner image in the theme folder. Default none. */
  banner: z.string().optional(),
  /**
   * HTML fragments for named slots around the mandated blocks, `{ slotName: file }` (files in
   * the theme folder). Slots: see `THEME_SLOTS` in src/pagespec/page-spec.ts. Default none.
   */
  slots: z.record(z.string(), z.string()).default({}),
  /** CSS font stack. Default a Chinese system stack. */
  fontStack: z.string().default('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'),
});

export type ThemeConfig = z.output<typeof ThemeSchema>;
