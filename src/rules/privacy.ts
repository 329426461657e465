/**
 * PRIVACY-ID-NUMBER, PRIVACY-MOBILE, PRIVACY-BANK-CARD: personal information in published text
 * and text attachments (聊城 art. 18). Each hit names the masked form to publish. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { findPii } from './pii.ts';
import type { TextFile } from './types.ts';

const NAMES = { id: 'PrivacyIdNumber', mobile: 'PrivacyMobile', card: 'PrivacyBankCard' } as const;

export function checkPrivacy(file: TextFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const where = file.kind === 'attachment' ? '附件中' : file.kind === 'config' ? '配置中（页面上会显示）' : '';
  for (const { line, text, column = 1 } of file.lines) {
    for (const hit of findPii(text)) {
      out.push(diagnostic(NAMES[hit.kind], { masked: hit.masked, where }, { file: file.source, line, column: column + hit.index, siteId: file.siteId }));
    }
  }
  return out;
}
