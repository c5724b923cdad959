/**
 * @module A minimal, valid PDF 1.4 writer for the file host's fictional "magazine": Helvetica
 * text lines and a diagonal watermark on every page (R23). Deterministic bytes: no dates, no IDs.
 */

export interface PdfPage {
  title: string;
  lines: string[];
}

/** PDF literal strings escape \, ( and ) (ISO 32000-1 §7.3.4.2); WinAnsi encodes the em dash as 0x97. */
function pdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`;
    else if (ch === '—') out += '\\227';
    else if (ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) < 127) out += ch;
    else out += '?';
  }
  return `(${out})`;
}

/**
 * A PDF with one page per entry, each carrying `watermark` diagonally in light grey.
 *
 * @example
 * writePdf([{ title: 'Issue 1', lines: ['…'] }], 'SYNTHETIC — VIGIL TRAINING RANGE')
 */
export function writePdf(pages: PdfPage[], watermark: string): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  const pageIds = pages.map((_, i) => 4 + i * 2);
  add(
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  );
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (const [index, page] of pages.entries()) {
    const content = [
      'q 0.85 g BT /F1 34 Tf 0.7071 0.7071 -0.7071 0.7071 90 180 Tm',
      `${pdfString(watermark)} Tj ET Q`,
      `BT /F1 22 Tf 60 780 Td ${pdfString(page.title)} Tj ET`,
      `BT /F1 9 Tf 60 40 Td ${pdfString(`${watermark} — page ${index + 1}`)} Tj ET`,
      ...page.lines.map((line, i) => `BT /F1 12 Tf 60 ${740 - i * 18} Td ${pdfString(line)} Tj ET`),
    ].join('\n');
    const contentId = (pageIds[index] ?? 0) + 1;
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }
  // ISO 32000-1 §7.5: header, numbered objects, cross-reference table with 20-byte entries, trailer.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(Buffer.from(out, 'latin1'));
}
