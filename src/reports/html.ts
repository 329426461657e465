/**
 * Small helpers for the self-contained HTML reports (no script, no external file: they open from
 * file:// and print well), and for CSV that spreadsheet programs read as UTF-8.
 */

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A table; cells are already-escaped HTML. */
export function table(head: string[], rows: string[][], caption?: string): string {
  if (!rows.length) return '';
  return (
    `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  );
}

const STYLE = `
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#1f2329;background:#f5f6f7;line-height:1.6}
header.top{background:#8b0000;color:#fff;padding:16px 24px}header.top h1{margin:0;font-size:22px}header.top p{margin:4px 0 0}
main{max-width:1200px;margin:0 auto;padding:16px 24px}
section.site{background:#fff;border:1px solid #dcdfe3;border-radius:6px;margin:16px 0;padding:8px 20px 16px}
h2{font-size:19px;border-bottom:2px solid #8b0000;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #dcdfe3;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f0f2f5}
.ok{color:#1a7f37;font-weight:bold}.warning{color:#9a6700;font-weight:bold}.veto,.error{color:#c00;font-weight:bold}
.muted{color:#646a73}code{font-family:monospace;font-size:13px;word-break:break-all}
nav.toc a{margin-right:12px}
@media print{body{background:#fff}section.site{border:0;page-break-inside:avoid}}
`;

export function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header class="top"><h1>${esc(title)}</h1><p>${esc(subtitle)}</p></header><main>${body}</main></body></html>
`;
}

/**
 * CSV with a byte-order mark (so spreadsheet programs read the Chinese text as UTF-8). A text
 * cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return: a column name written by a department editor, say) is written with a leading
 * `'`, so it shows as text and never runs (OWASP "CSV injection"). Numbers are written as numbers.
 */
export function csv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
