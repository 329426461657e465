/**
 * The one function every value goes through on its way into a generated server configuration
 * (nginx map keys and values, `_redirects` lines). It quotes what it can and refuses what it
 * cannot write safely: a refused value stops the build (an internal error names it), it is never
 * written. Values reach it validated already (redirect-paths.ts, config-checks.ts); this is the
 * last line, so a mistake upstream cannot become configuration injection.
 */

export class UnsafeConfigValue extends Error {}

/** Characters that never appear in a generated configuration value. */
const NEVER = /[\u0000-\u0020\u007f"'\\`;{}$#<>|^]/;

/** An nginx double-quoted string. `allow` lists `$` references the caller writes on purpose (`$1`). */
export function nginxQuote(value: string, allow: readonly string[] = []): string {
  let check = value;
  for (const a of allow) check = check.split(a).join('');
  if (NEVER.test(check)) throw new UnsafeConfigValue(`unsafe value for the server configuration: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** A `_redirects` field (space-separated format): the same characters refused. */
export function redirectsField(value: string, allow: readonly string[] = []): string {
  nginxQuote(value, allow);
  return value;
}

/** Escapes a decoded path for a PCRE inside an nginx string (after `nginxQuote`'s refusal rules). */
export function pcreEscape(s: string): string {
  return s.replace(/[.*+?()[\]|\\^${}]/g, (c) => `\\${c}`);
}
