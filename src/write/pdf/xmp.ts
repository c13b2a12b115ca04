/**
 * The XMP description of a print PDF: the same title, author, subject, dates, producer and trapping
 * as the Info dictionary, document and instance IDs, and for PDF/X-4 the `pdfxid` version that
 * ISO 15930-7 requires (pdfkit's own XMP has none of xmpMM, ModifyDate, Trapped or pdfxid).
 */
import { createHash } from 'node:crypto';

export interface XmpFields {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  /** BCP 47 tag (dc:language). */
  language?: string;
  date: Date;
  producer: string;
  /** `PDF/X-1a:2003` or `PDF/X-4`. */
  pdfx: string;
  trapped: 'True' | 'False';
  /** Stable seed of xmpMM:DocumentID (e.g. the booklet's identifier). */
  documentSeed: string;
  /** Seed of xmpMM:InstanceID: differs between the files of one build. */
  instanceSeed: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function xmlEscape(s: string): string {
  // Control characters are not allowed in XML 1.0.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"]/g, (c) => ESC[c]!);
}

/** A UUID (version 4 layout, deterministic) from the MD5 of a seed. */
export function uuidFrom(seed: string): string {
  const h = createHash('md5').update(seed).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One rdf:Description for pdfkit's XMP packet. */
export function xmpDescription(f: XmpFields): string {
  const date = xmpDate(f.date);
  const lines = [
    '<rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"' + (f.pdfx === 'PDF/X-4' ? '' : '>'),
  ];
  if (f.pdfx === 'PDF/X-4') lines.push('    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">');
  lines.push('  <dc:format>application/pdf</dc:format>');
  lines.push(`  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(f.title)}</rdf:li></rdf:Alt></dc:title>`);
  if (f.author) lines.push(`  <dc:creator><rdf:Seq><rdf:li>${xmlEscape(f.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (f.subject) lines.push(`  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(f.subject)}</rdf:li></rdf:Alt></dc:description>`);
  if (f.language) lines.push(`  <dc:language><rdf:Bag><rdf:li>${xmlEscape(f.language)}</rdf:li></rdf:Bag></dc:language>`);
  if (f.keywords) {
    const words = f.keywords.split(/\s*[,;]\s*/).filter(Boolean);
    lines.push(`  <dc:subject><rdf:Bag>${words.map((w) => `<rdf:li>${xmlEscape(w)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
    lines.push(`  <pdf:Keywords>${xmlEscape(f.keywords)}</pdf:Keywords>`);
  }
  lines.push(
    `  <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `  <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `  <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `  <xmp:CreatorTool>${xmlEscape(f.producer)}</xmp:CreatorTool>`,
    `  <pdf:Producer>${xmlEscape(f.producer)}</pdf:Producer>`,
    `  <pdf:Trapped>${f.trapped}</pdf:Trapped>`,
    `  <xmpMM:DocumentID>uuid:${uuidFrom(f.documentSeed)}</xmpMM:DocumentID>`,
    `  <xmpMM:InstanceID>uuid:${uuidFrom(f.documentSeed + '\n' + f.instanceSeed)}</xmpMM:InstanceID>`,
    '  <xmpMM:VersionID>1</xmpMM:VersionID>',
    '  <xmpMM:RenditionClass>default</xmpMM:RenditionClass>',
  );
  if (f.pdfx === 'PDF/X-4') lines.push(`  <pdfxid:GTS_PDFXVersion>${f.pdfx}</pdfxid:GTS_PDFXVersion>`);
  lines.push('</rdf:Description>');
  return lines.join('\n');
}
