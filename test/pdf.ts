/**
 * Small real PDF files for tests, written here byte by byte (no PDF library): pages of text lines,
 * ASCII in Helvetica and Chinese in the standard STSong-Light font (Adobe-GB1, UCS-2 codes, as a
 * PDF made without embedded fonts has them), or pages that are only an image, as a scan is.
 */

export type PdfPage = { lines: string[] } | { image: true };

export function makePdf(pages: readonly PdfPage[]): Buffer {
  const objects: (string | { dict: string; stream: Buffer })[] = [];
  const add = (o: string | { dict: string; stream: Buffer }) => objects.push(o);
  add(''); // 1: catalog, written last
  add(''); // 2: page tree, written last
  const helvetica = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const song = add(
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>',
  );
  const kids: number[] = [];
  for (const page of pages) {
    let resources = `/Font << /F1 ${helvetica} 0 R /F2 ${song} 0 R >>`;
    let content = '';
    if ('image' in page) {
      const image = add({ dict: '/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8', stream: Buffer.alloc(256, 0x80) });
      resources += ` /XObject << /Im1 ${image} 0 R >>`;
      content = 'q 495 0 0 742 50 50 cm /Im1 Do Q';
    } else {
      page.lines.forEach((line, i) => {
        const ascii = /^[\x20-\x7e]*$/.test(line);
        const text = ascii ? `(${line.replace(/[()\\]/g, (c) => `\\${c}`)})` : `<${[...line].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('')}>`;
        content += `BT /${ascii ? 'F1' : 'F2'} 12 Tf 50 ${780 - 20 * i} Td ${text} Tj ET\n`;
      });
    }
    const stream = add({ dict: '', stream: Buffer.from(content, 'latin1') });
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << ${resources} >> /Contents ${stream} 0 R >>`));
  }
  objects[0] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0].length;
  objects.forEach((o, i) => {
    const body =
      typeof o === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')
        : Buffer.concat([Buffer.from(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.stream.length} >>\nstream\n`, 'latin1'), o.stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    offsets.push(at);
    parts.push(body);
    at += body.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
