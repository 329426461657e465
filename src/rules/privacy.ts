/**
 * PRIVACY-ID-NUMBER, PRIVACY-MOBILE, PRIVACY-BANK-CARD: personal information in published text
 * and text attachments (聊城 art. 18). Each hit names the masked form to publish. A mobile number
 * introduced as an office's contact in its own sentence (联系电话：…) is PRIVACY-MOBILE-OFFICE, a
 * warning asking to confirm it is a work number: offices publish their 政务热线 mobiles. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { findPii } from './pii.ts';
import type { TextFile } from './types.ts';

const NAMES = { id: 'PrivacyIdNumber', mobile: 'PrivacyMobile', card: 'PrivacyBankCard' } as const;

export function checkPrivacy(file: TextFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const where = file.kind === 'attachment' ? '附件中' : file.kind === 'config' ? '配置中（页面上会显示）' : '';
  for (const { line, text, column: at, where: inside } of file.lines) {
    const column = at ?? 1;
    // Only in running text (a body, a text attachment): a front-matter or configuration value is never an office's hotline.
    const prose = at === undefined && file.kind !== 'config';
    for (const hit of findPii(text)) {
      const name = hit.office && prose ? 'PrivacyMobileOffice' : NAMES[hit.kind];
      // In a Word or Excel attachment: the paragraph or cell, not a line of the file.
      const place = inside ? { file: file.source, siteId: file.siteId } : { file: file.source, line, column: column + hit.index, siteId: file.siteId };
      out.push(diagnostic(name, { masked: hit.masked, where: inside ? `附件的${inside}中` : where }, place));
    }
  }
  return out;
}
