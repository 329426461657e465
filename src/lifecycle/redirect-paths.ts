/**
 * Paths written in `site.yaml` `redirects:`, decoded and normalised before anything is checked:
 * a path is validated in the form the web server will compare (nginx matches the decoded
 * `$uri`), so no percent-encoding can smuggle a quote, a `;`, a newline or a `..` past the
 * checks into a server configuration or out of the site.
 *
 * A valid path starts with `/`, has no empty, `.` or `..` segment once decoded, no query or
 * fragment, and only letters and digits of any script and `. _ ~ - ! & ( ) * + , = : @`; a
 * folder rule ends in `/*`.
 */

export interface RedirectPath {
  /** As written in site.yaml (for messages and to find the item again). */
  raw: string;
  /** The decoded path, as nginx compares it (`$uri`), without the trailing `*` of a folder rule. */
  decoded: string;
  /** The same path percent-encoded as in URLs. */
  encoded: string;
  /** A folder rule (`/dir/*`). */
  prefix: boolean;
}

/** Characters a decoded redirect path may contain besides `/` (and a final `*`). */
const SAFE = /^[\p{L}\p{N}._~!&()*+,=:@-]*$/u;

/** Normalises a path of a redirect, or says in Chinese what is wrong with it. */
export function normalizeRedirectPath(written: string): { path?: RedirectPath; problem?: string } {
  const raw = written.trim();
  if (!raw.startsWith('/')) return { problem: '路径要以 / 开头' };
  if (/[?#\\]/.test(raw)) return { problem: '路径中不能有 ?、# 或 \\（只写路径，不带查询参数）' };
  const prefix = raw.endsWith('/*');
  if (raw.includes('*') && !prefix) return { problem: '* 只能作为最后一段写成 /目录/*' };
  const body = prefix ? raw.slice(0, -1) : raw;
  const segments = body.split('/').slice(1);
  const decodedSegments: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    let seg: string;
    try {
      seg = decodeURIComponent(segments[i]);
    } catch {
      return { problem: `“${segments[i]}” 中的百分号编码不完整` };
    }
    const last = i === segments.length - 1;
    if (seg === '' && !last) return { problem: '路径中不能有空的一段（//）' };
    if (seg === '.' || seg === '..') return { problem: '路径中不能有 . 或 ..（解码后也不能有）' };
    if (seg.includes('/')) return { problem: '路径的一段中不能有编码的 /（%2F）' };
    if (!SAFE.test(seg)) {
      const bad = [...seg].find((c) => !SAFE.test(c))!;
      return { problem: `路径中不能有字符 ${JSON.stringify(bad)}（U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}）` };
    }
    decodedSegments.push(seg);
  }
  const decoded = `/${decodedSegments.join('/')}`;
  const encoded = `/${decodedSegments.map((s) => encodeURIComponent(s)).join('/')}`;
  return { path: { raw: written, decoded, encoded, prefix } };
}
