/**
 * Loads the themes a group uses from `themes/<name>/theme.yaml`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAndValidate } from '../config/parse.ts';
import { ThemeSchema } from '../config/theme.ts';
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { ThemeModel } from './types.ts';

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
    const r = parseAndValidate(ThemeSchema, fs.readFileSync(path.join(dir, 'theme.yaml'), 'utf8'), { file });
    r.diagnostics.forEach(report);
    if (!r.value) continue;
    for (const key of ['logo', 'banner'] as const) {
      const asset = r.value[key];
      if (asset && !fs.existsSync(path.join(dir, asset))) {
        report(diagnostic('InvalidValue', { key, label: key === 'logo' ? '标志图片' : '头部背景图', detail: `文件 ${asset} 不存在`, expected: `把 ${asset} 放到 themes/${id}/ 中，或改正文件名。` }, { file }));
      }
    }
    out.set(id, { ...r.value, id, dir });
  }
  return out;
}
