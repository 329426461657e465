/**
 * CommonMark's emphasis rules misread Chinese: `**办理时间：**每年…` stays literal asterisks,
 * because a closing `**` after full-width punctuation and before a Han character is not
 * "right-flanking". Editors write this all the time (a bold lead-in ending in ：or 。), and
 * citizens would see the asterisks. This adds the CJK-friendly emphasis extension
 * (micromark-extension-cjk-friendly) to the parser; everything else stays CommonMark + GFM.
 */
import { cjkFriendlyExtension } from 'micromark-extension-cjk-friendly';
import type { Processor } from 'unified';

export default function remarkCjkEmphasis(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(cjkFriendlyExtension());
}
