/**
 * Loads the themes a group uses from `themes/<name>/` and enforces the theme limits of the page
 * spec (§4): assets exist, slots are known and cannot stand in for a mandated block, at most
 * three colour families, and every text/background pair the skeleton paints reaches 4.5:1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { didYouMean } from '../config/did-you-mean.ts';
import { parseAndValidate, positionOf, type ParsedYaml } from '../config/parse.ts';
import { ThemeSchema, type ThemeConfig } from '../config/theme.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { colourFamilies, contrastRatio, cssColours, parseHex } from '../pagespec/colour.ts';
import { CONTRAST_PAIRS, FORBIDDEN_SLOT_NAMES, MAX_COLOURS, MIN_CONTRAST, THEME_SLOTS, type ThemeSlot } from '../pagespec/page-spec.ts';
import { extensionOf, svgProblems } from './attachments.ts';
import type { ThemeModel } from './types.ts';

/**
 * A file of a theme, when it is a regular file whose real location (symlinks followed) is inside
 * the theme's folder: a theme can never publish a file from elsewhere on the build machine.
 */
export function themeFile(dir: string, rel: string): string | undefined {
  try {
    const root = fs.realpathSync(dir);
    const real = fs.realpathSync(path.resolve(dir, rel));
    return real.startsWith(root + path.sep) && fs.statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export function loadThemes(themesDir: string, wanted: Set<string>, report: (d: Diagnostic) => void): Map<string, ThemeModel> {
  const out = new Map<string, ThemeModel>();
  const available = fs.existsSync(themesDir) ? fs.readdirSync(themesDir).filter((n) => fs.existsSync(path.join(themesDir, n, 'theme.yaml'))) : [];
  for (const id of wanted) {
    const dir = path.join(themesDir, id);
    const file = `themes/${id}/theme.yaml`;
    if (!available.includes(id)) {
      report(diagnostic('UnknownTheme', { theme: id, known: available }));
      continue;
    }
    const yamlFile = themeFile(dir, 'theme.yaml');
    if (!yamlFile) {
      report(diagnostic('ThemeAssetMissing', { key: 'theme.yaml', file: 'theme.yaml', theme: id }, { file }));
      continue;
    }
    const r = parseAndValidate(ThemeSchema, fs.readFileSync(yamlFile, 'utf8'), { file });
    r.diagnostics.forEach(report);
    if (!r.value || !r.parsed) continue;
    const theme = validateTheme(id, dir, r.value, r.parsed, report);
    // Only a missing logo or banner drops the theme (the layout copies them). Other findings keep
    // it: a group may lower their severity, and a lowered rule must not drop a site silently.
    if (theme) out.set(id, theme);
  }
  return out;
}

/** Checks one parsed theme and reads its slot fragments and CSS. */
export function validateTheme(id: string, dir: string, config: ThemeConfig, parsed: ParsedYaml, report: (d: Diagnostic) => void): ThemeModel | undefined {
  const file = `themes/${id}/theme.yaml`;
  const at = (keyPath: string[]) => ({ file, ...positionOf(parsed, keyPath, { file }) });

  // Assets named in theme.yaml must exist inside the theme folder.
  const assetOk = (key: string, rel: string, keyPath: string[]) => {
    const abs = themeFile(dir, rel);
    if (!abs) {
      report(diagnostic('ThemeAssetMissing', { key, file: rel, theme: id }, at(keyPath)));
      return false;
    }
    // A theme's SVG is served from every site's own origin: drawing only (src/model/attachments.ts).
    if (extensionOf(rel) === 'svg') {
      const problems = svgProblems(fs.readFileSync(abs, 'utf8'));
      if (problems.length) {
        report(diagnostic('ThemeAssetUnsafe', { file: rel, theme: id, detail: problems.join('；') }, at(keyPath)));
        return false;
      }
    }
    return true;
  };
  const imagesOk = [assetOk('logo', config.logo, ['logo']), !config.banner || assetOk('banner', config.banner, ['banner'])].every(Boolean);

  // Slots: known names only, never a mandated block, no markup that replaces or hides one.
  const slots: Partial<Record<ThemeSlot, string>> = {};
  const known = Object.keys(THEME_SLOTS);
  for (const [name, rel] of Object.entries(config.slots)) {
    if (FORBIDDEN_SLOT_NAMES.some((f) => f.toLowerCase() === name.toLowerCase())) {
      report(diagnostic('ThemeSlotForbidden', { slot: name, detail: '的名称是规范要求的页面区块，插槽不能替换它' }, at(['slots', name])));
      continue;
    }
    if (!known.includes(name)) {
      const suggestion = didYouMean(name, known);
      report(diagnostic('ThemeSlotUnknown', { slot: name, known: suggestion ? [suggestion, ...known.filter((k) => k !== suggestion)] : known }, at(['slots', name])));
      continue;
    }
    if (!assetOk(`slots.${name}`, rel, ['slots', name])) continue;
    const html = fs.readFileSync(themeFile(dir, rel)!, 'utf8');
    const problems = slotProblems(html);
    for (const p of problems) {
      report(diagnostic('ThemeSlotForbidden', { slot: name, detail: p.detail }, { file: `themes/${id}/${rel}`, line: p.line }));
    }
    if (!problems.length) slots[name as ThemeSlot] = html;
  }

  // theme.css: read once; its colours count towards the limit.
  const cssPath = path.join(dir, 'theme.css');
  const cssFile = fs.existsSync(cssPath) ? themeFile(dir, 'theme.css') : undefined;
  if (fs.existsSync(cssPath) && !cssFile) report(diagnostic('ThemeAssetMissing', { key: 'theme.css', file: 'theme.css', theme: id }, { file: `themes/${id}/theme.css` }));
  const css = cssFile ? fs.readFileSync(cssFile, 'utf8') : undefined;

  const c = config.colors;
  const tokens = { primary: c.primary, secondary: c.secondary ?? c.primary, accent: c.accent ?? c.secondary ?? c.primary, text: c.text, link: c.link, background: c.background };
  const all = [c.primary, c.secondary, c.accent, c.text, c.link, c.background].filter((x): x is string => Boolean(x));
  const fromCss = css ? cssColours(css) : [];
  const families = colourFamilies([...all, ...fromCss.map((x) => x.colour)]);
  if (families.length > MAX_COLOURS) {
    const extra = fromCss.find((x) => colourFamilies([...all, x.colour]).length > colourFamilies(all).length);
    const where = extra && colourFamilies(all).length <= MAX_COLOURS ? { file: `themes/${id}/theme.css`, line: extra.line } : at(['colors']);
    report(diagnostic('ThemeTooManyColours', { count: families.length, max: MAX_COLOURS, colours: families.join('、') }, where));
  }

  for (const pair of CONTRAST_PAIRS) {
    const fg = pair.fg.startsWith('#') ? pair.fg : tokens[pair.fg as keyof typeof tokens];
    const bg = pair.bg.startsWith('#') ? pair.bg : tokens[pair.bg as keyof typeof tokens];
    const ratio = contrastRatio(parseHex(fg)!, parseHex(bg)!);
    if (ratio < MIN_CONTRAST) {
      const key = pair.bg.startsWith('#') ? String(pair.fg) : pair.fg.startsWith('#') ? String(pair.bg) : String(pair.fg);
      report(diagnostic('ThemeContrast', { pair: pair.what, fg, bg, ratio: (Math.floor(ratio * 100) / 100).toFixed(2), min: MIN_CONTRAST.toFixed(1) }, at(['colors', key])));
    }
  }

  return imagesOk ? { ...config, id, dir, slotHtml: slots, css } : undefined;
}

/** Elements a slot may never contain: landmarks of the skeleton, a second h1, code and styles. */
const FORBIDDEN_TAGS: Record<string, string> = {
  header: '含有 <header>：页头只能由页面骨架生成',
  footer: '含有 <footer>：页脚只能由页面骨架生成',
  main: '含有 <main>：主要内容区域只能由页面骨架生成',
  h1: '含有 <h1>：每页只能有一个一级标题',
  script: '含有 <script>：主题插槽不能运行脚本',
  style: '含有 <style>：样式写在主题的 theme.css 中（它位于页面骨架之下的层）',
  link: '含有 <link>：样式写在主题的 theme.css 中',
  meta: '含有 <meta>',
  base: '含有 <base>',
  iframe: '含有 <iframe>',
  object: '含有 <object>',
  embed: '含有 <embed>',
  template: '含有 <template>',
};

/** What is wrong with a slot fragment (empty when it is fine), with 1-based lines. */
export function slotProblems(html: string): { detail: string; line: number }[] {
  const out: { detail: string; line: number }[] = [];
  const lineAt = (index: number) => html.slice(0, index).split('\n').length;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const line = lineAt(parser.startIndex);
        if (FORBIDDEN_TAGS[name]) out.push({ detail: FORBIDDEN_TAGS[name], line });
        for (const [k, v] of Object.entries(attrs)) {
          if (k === 'data-jiyue') out.push({ detail: `含有 data-jiyue="${v}"：规范区块的标记只能由页面骨架生成`, line });
          else if (k.startsWith('on')) out.push({ detail: `含有事件属性 ${k}：主题插槽不能运行脚本`, line });
          else if ((k === 'href' || k === 'src' || k === 'action') && /^\s*javascript:/i.test(v)) out.push({ detail: `含有 javascript: 链接`, line });
          else if (k === 'role' && ['banner', 'contentinfo', 'main'].includes(v)) out.push({ detail: `含有 role="${v}"：这个地标只能由页面骨架生成`, line });
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

/**
 * The theme's style sheet as served: tokens in the `theme` layer, and the theme's own CSS (in
 * `ownFile`, next to it) imported into that layer. File names are the assets' (src/plan/assets.ts).
 */
export function themeStylesheet(theme: ThemeModel, bannerFile?: string, ownFile?: string): string {
  const c = theme.colors;
  const tokens = [
    `--jy-primary: ${c.primary};`,
    `--jy-secondary: ${c.secondary ?? c.primary};`,
    `--jy-accent: ${c.accent ?? c.secondary ?? c.primary};`,
    `--jy-text: ${c.text};`,
    `--jy-link: ${c.link};`,
    `--jy-background: ${c.background};`,
    `--jy-font: ${theme.fontStack};`,
    bannerFile ? `--jy-banner: url("${bannerFile}");` : '',
  ].filter(Boolean);
  // @import … layer(theme) keeps the theme's own CSS inside its layer whatever it contains
  // (a stray "}" cannot close the layer the way it could if the text were pasted into it).
  const importOwn = ownFile ? `@import url("${ownFile}") layer(theme);\n` : '';
  return `${importOwn}/* 主题：${theme.name}（themes/${theme.id}） */\n@layer theme {\n:root {\n  ${tokens.join('\n  ')}\n}\n}\n`;
}
