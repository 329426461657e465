/**
 * The serious-wording list (天津城管委 art. 12(1): 不得出现严重错别字): a group file
 * `wording.yaml` at the root of the content directory, validated like every config file, plus
 * a built-in starter list of common errors in official names and fixed political phrases.
 *
 *   starter: true          # include the starter list below (default true)
 *   errors:
 *     - { wrong: 示例市人民政府办公室, right: 示例市人民政府办公厅, note: 机构名称 }
 */
import { z } from 'zod';
import { text } from '../config/primitives.ts';
import { yamlBoolean } from '../config/primitives.ts';

export const WordingEntrySchema = z.strictObject({
  /** The wrong form, exactly as it would appear in text. Required. */
  wrong: text,
  /** The right form, shown in the fix hint. Required. */
  right: text,
  /** Why (e.g. 机构名称、固定提法). Default none. */
  note: z.string().optional(),
});
export type WordingEntry = z.output<typeof WordingEntrySchema>;

export const WordingFileSchema = z.strictObject({
  /** Include the built-in starter list. Default `true`. */
  starter: yamlBoolean.default(true),
  /** The group's own wrong → right forms. Default `[]`. */
  errors: z.array(WordingEntrySchema).default([]),
});
export type WordingFile = z.output<typeof WordingFileSchema>;

/** The file name, at the root of the content directory. */
export const WORDING_FILE = 'wording.yaml';

/**
 * Common errors in official names and fixed phrases (sources: the official names of the
 * institutions; 新华社《新闻信息报道中的禁用词和慎用词》 for the Taiwan wording). Only forms
 * that are wrong in every context are listed: the check is a plain text match.
 */
export const STARTER_WORDING: readonly WordingEntry[] = [
  { wrong: '国务院办公室', right: '国务院办公厅', note: '机构名称' },
  { wrong: '中共中央办公室', right: '中共中央办公厅', note: '机构名称' },
  { wrong: '国家发展改革委员会', right: '国家发展和改革委员会', note: '机构全称；简称为“国家发展改革委”' },
  { wrong: '人力资源与社会保障', right: '人力资源和社会保障', note: '机构名称' },
  { wrong: '住房与城乡建设', right: '住房和城乡建设', note: '机构名称' },
  { wrong: '生态环保局', right: '生态环境局', note: '机构名称' },
  { wrong: '中国人民政治协商会上', right: '中国人民政治协商会议上', note: '机构名称' },
  { wrong: '中国共产党第二十届全国代表大会', right: '中国共产党第二十次全国代表大会', note: '会议名称：代表大会用“次”，中央委员会用“届”' },
  { wrong: '二十大三中全会', right: '二十届三中全会', note: '会议名称' },
  { wrong: '十九大五中全会', right: '十九届五中全会', note: '会议名称' },
  { wrong: '台湾总统', right: '台湾地区领导人', note: '涉台表述' },
  { wrong: '台湾政府', right: '台湾当局', note: '涉台表述' },
  { wrong: '中华民国', right: '（删除，或按涉台规范表述）', note: '涉台表述' },
  { wrong: '全面从严冶党', right: '全面从严治党', note: '固定提法' },
  { wrong: '国家冶理', right: '国家治理', note: '固定提法' },
  { wrong: '社会冶理', right: '社会治理', note: '固定提法' },
  { wrong: '贯切落实', right: '贯彻落实', note: '错别字' },
  { wrong: '再接再励', right: '再接再厉', note: '错别字' },
  { wrong: '按步就班', right: '按部就班', note: '错别字' },
  { wrong: '一如继往', right: '一如既往', note: '错别字' },
  { wrong: '既往开来', right: '继往开来', note: '错别字' },
  { wrong: '截止目前', right: '截至目前', note: '“截至”后接时间点' },
];

/** The list in force for a group: its own entries, and the starter list unless turned off. */
export function wordingList(file: WordingFile | undefined): WordingEntry[] {
  const own = file?.errors ?? [];
  return file?.starter === false ? [...own] : [...own, ...STARTER_WORDING.filter((s) => !own.some((o) => o.wrong === s.wrong))];
}

/** A compiled matcher: one regular expression for the whole list. */
export interface WordingMatcher {
  find(line: string): { index: number; entry: WordingEntry }[];
}

export function compileWording(list: readonly WordingEntry[]): WordingMatcher {
  if (!list.length) return { find: () => [] };
  const byWrong = new Map(list.map((e) => [e.wrong, e]));
  // Longest first, so a longer wrong form wins over a shorter one it contains.
  const re = new RegExp([...byWrong.keys()].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  return {
    find(line) {
      const out: { index: number; entry: WordingEntry }[] = [];
      for (const m of line.matchAll(re)) {
        const entry = byWrong.get(m[0])!;
        // The wrong form inside the right one (e.g. a right form that contains it) is no error.
        const j = entry.right.indexOf(entry.wrong);
        if (j !== -1 && line.startsWith(entry.right, m.index - j)) continue;
        out.push({ index: m.index, entry });
      }
      return out;
    },
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
