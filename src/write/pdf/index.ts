/**
 * PDF writer: PagedBooklet → print PDF bytes. pdfkit only serialises what layout placed
 * (no measuring, no wrapping); glyphs go through our own TJ writer (glyph-run.ts).
 */
import PDFDocument from 'pdfkit';
import type { PagedBooklet } from '../../layout/types.js';
import { GlyphRunWriter, escapeXmpMetadata, precompressPage, setPageBoxes } from './glyph-run.js';
import { drawPage } from './page.js';

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  /** BCP 47 tag for the catalog's /Lang, e.g. `fr-FR`. */
  language: string;
  /** CreationDate and ModDate (never the wall clock: outputs must be reproducible). */
  date: Date;
  /** Producer and Creator, e.g. `booklet 0.1.0`. */
  producer: string;
}

export interface PdfOptions {
  /**
   * zlib level for page content streams (0 = store uncompressed). pdfkit's own default is 6;
   * 2 is about as small for our text-only streams and much faster.
   */
  contentLevel?: number;
}

const DEFAULT_CONTENT_LEVEL = 2;

export async function writePdf(paged: PagedBooklet, meta: PdfMeta, options: PdfOptions = {}): Promise<Uint8Array> {
  const level = options.contentLevel ?? DEFAULT_CONTENT_LEVEL;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`PDF writer: bad contentLevel ${level}`);
  if (!(meta.date instanceof Date) || Number.isNaN(meta.date.getTime())) {
    throw new Error('PDF writer: meta.date must be a valid Date');
  }

  // Info entries in a fixed order: pdfkit's /ID is an MD5 of them, so the bytes depend on it.
  const info: Record<string, string | Date> = { Title: meta.title };
  if (meta.author) info.Author = meta.author;
  if (meta.subject) info.Subject = meta.subject;
  info.Producer = meta.producer;
  info.Creator = meta.producer;
  info.CreationDate = meta.date;
  info.ModDate = meta.date;

  const size = [paged.width, paged.height];
  const doc = new PDFDocument({
    size,
    autoFirstPage: false,
    bufferPages: false,
    pdfVersion: '1.4',
    lang: meta.language,
    info: info as PDFKit.DocumentInfo,
    // No default font: pdfkit would load Helvetica (never embedded). Every face comes from a run.
    font: null as unknown as string,
  });
  escapeXmpMetadata(doc);

  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      const b = Buffer.concat(chunks);
      resolve(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    });
    doc.on('error', reject);
  });

  const glyphs = new GlyphRunWriter(doc);
  // Fonts are embedded in `paged.faces` order (faces never drawn are not embedded).
  glyphs.register(paged.faces);
  const pageOptions = { size, margin: 0 };
  for (const page of paged.pages) {
    doc.addPage(pageOptions);
    glyphs.beginPage();
    setPageBoxes(doc, paged.trimBox, paged.bleedBox);
    drawPage(doc, page, glyphs);
    precompressPage(doc, level);
  }

  for (const entry of paged.outline) {
    if (!(entry.pageIndex >= 0 && entry.pageIndex < paged.pages.length)) {
      throw new Error(`PDF writer: outline entry "${entry.title}" points at page ${entry.pageIndex}`);
    }
    // fit: true — without it pdfkit writes an XYZ destination scrolled to the page's right edge.
    doc.outline.addItem(entry.title, { pageNumber: entry.pageIndex, fit: true } as { expanded?: boolean });
  }

  glyphs.finish();
  doc.end();
  return done;
}
