/**
 * Which files a site may publish from the content tree (attachments, images, shared files), and
 * the check that makes an SVG safe to serve from a government origin.
 *
 * A file is served from the site's own domain, so anything a browser would run there (HTML,
 * XHTML, XML, JavaScript, CSS, Flash…) would be script injection by a department editor. Only
 * the types on the allow-list below are published; anything else is ATTACHMENT-TYPE. An SVG is
 * an image but also a document that can carry script: it is published only when it contains
 * nothing but drawing (ATTACHMENT-SVG-UNSAFE otherwise). docs/security.md lists the types.
 */
import { Parser } from 'htmlparser2';

/** Published file types by extension (lowercase, without the dot), grouped for docs and messages. */
export const ATTACHMENT_TYPES = {
  文档: ['pdf', 'ofd', 'doc', 'docx', 'wps', 'rtf', 'odt', 'txt', 'xls', 'xlsx', 'et', 'ods', 'csv', 'tsv', 'ppt', 'pptx', 'dps', 'odp', 'json'],
  图片: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'svg'],
  压缩包: ['zip', 'rar', '7z', 'gz', 'tgz', 'tar'],
  音视频: ['mp3', 'mp4', 'm4a', 'wav', 'webm'],
} as const;

const ALLOWED = new Set<string>(Object.values(ATTACHMENT_TYPES).flat());

/** The lowercase extension of a path, '' when it has none. */
export function extensionOf(p: string): string {
  const name = p.slice(p.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isAllowedAttachment(p: string): boolean {
  return ALLOWED.has(extensionOf(p));
}

/** A readable list of the allowed types, for hints. */
export function allowedTypesText(): string {
  return Object.entries(ATTACHMENT_TYPES)
    .map(([group, exts]) => `${group}（${exts.join('、')}）`)
    .join('；');
}

/** SVG elements that only draw. Anything else (script, foreignObject, iframe, use of external files…) is refused. */
const SVG_ELEMENTS = new Set(
  [
    'svg', 'g', 'defs', 'title', 'desc', 'metadata', 'symbol', 'use', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
    'text', 'tspan', 'textpath', 'lineargradient', 'radialgradient', 'stop', 'pattern', 'clippath', 'mask', 'marker', 'filter', 'image',
    'feblend', 'fecolormatrix', 'fecomponenttransfer', 'fecomposite', 'feconvolvematrix', 'fediffuselighting', 'fedisplacementmap',
    'feflood', 'fefunca', 'fefuncb', 'fefuncg', 'fefuncr', 'fegaussianblur', 'femerge', 'femergenode', 'femorphology', 'feoffset',
    'fespecularlighting', 'fetile', 'feturbulence', 'fedistantlight', 'fepointlight', 'fespotlight', 'fedropshadow', 'style',
    // Editors' tools write these: harmless containers of metadata.
    'rdf:rdf', 'cc:work', 'dc:format', 'dc:type', 'dc:title', 'sodipodi:namedview', 'inkscape:grid', 'inkscape:perspective',
  ],
);

/**
 * What makes an SVG unsafe to serve, in Chinese (empty when it is safe): elements other than
 * drawing, event handlers, links or references that leave the file (`href` other than `#id`,
 * `url()` other than `url(#id)`), `@import` and `javascript:` anywhere, a DOCTYPE (entities).
 */
export function svgProblems(svg: string): string[] {
  const out = new Set<string>();
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) out.add('含有 DOCTYPE 或实体声明');
  if (/javascript:|vbscript:|data:text\/html/i.test(svg)) out.add('含有 javascript: 等脚本链接');
  let inStyle = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!SVG_ELEMENTS.has(name)) out.add(`含有 <${name}> 元素`);
        inStyle = name === 'style';
        for (const [k, v] of Object.entries(attrs)) {
          if (k.startsWith('on')) out.add(`含有事件属性 ${k}`);
          else if ((k === 'href' || k === 'xlink:href') && !/^#[\w.:-]*$/.test(v.trim()) && !(name === 'image' && /^data:image\/(png|jpe?g|gif|webp);base64,/i.test(v.trim()))) {
            out.add(`含有指向文件之外的链接 ${k}="${v.slice(0, 40)}"`);
          } else if (/url\(\s*['"]?(?!#)/i.test(v)) out.add(`属性 ${k} 引用了文件之外的资源`);
        }
      },
      ontext(text) {
        if (inStyle && (/@import/i.test(text) || /url\(\s*['"]?(?!#)/i.test(text))) out.add('<style> 中引用了文件之外的资源');
      },
      onclosetag() {
        inStyle = false;
      },
      onprocessinginstruction(name) {
        if (name.toLowerCase() === '?xml-stylesheet') out.add('含有 xml-stylesheet 指令');
      },
    },
    { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(svg);
  parser.end();
  return [...out];
}
