/**
 * MDX-UNTRUSTED-FILE: an `.mdx` file outside the `trustedMdx` folders is published as plain
 * Markdown only (code in it is MDX-UNTRUSTED-CODE, an error from the loader): editors are told
 * so they rename it `.md`. Pure.
 */
import { diagnostic } from '../errors/catalogue.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { GroupRuleInput } from './types.ts';

export function checkUntrustedMdx({ model }: GroupRuleInput): Diagnostic[] {
  const trusted = new Set(model.group.trustedMdx);
  return model.entries
    .filter((e) => e.format === 'mdx' && !trusted.has(e.siteId) && !trusted.has(`${e.siteId}/${e.columnId}`))
    .map((e) => diagnostic('MdxUntrustedFile', { folder: `${e.siteId}/${e.columnId}` }, { file: e.source, line: 1, siteId: e.siteId }));
}
