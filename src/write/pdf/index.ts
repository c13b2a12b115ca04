/**
 * PDF writer: PagedBooklet → PDF bytes. pdfkit only serialises what layout placed
 * (no measuring, no wrapping); glyphs go through our own TJ writer (glyph-run.ts).
 *
 * By default each page of the booklet is one PDF page, as laid out. Print production passes
 * `sheets`: PDF pages that hold one or more booklet pages, each translated (and clipped) onto
 * the sheet, plus marks drawn in sheet coordinates — crop marks and a slug (MediaBox grown around
 * the trim), imposed 2-up spreads, the cover file. With `pdfx`, the file carries the PDF/X
 * identification: version header, Info keys, one output intent, XMP, a file ID of its own.
 * With `screen`, the file is the screen variant: RGB colour operators, tags (tagged.ts), link
 * annotations and named destinations, the document title shown by viewers.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { ImageAsset } from '../../model/types.js';
import type { OutlineEntry, Page, PageItem, PagedBooklet } from '../../layout/types.js';
import {
  GlyphRunWriter,
  escapeXmpMetadata,
  openImage,
  embedNow,
  precompressPage,
  setFileId,
  setInfoAndXmp,
  setOutputIntent,
  setNavigation,
  setPageBoxes,
  type InfoValue,
  type PageLabelRange,
  type OutputIntentSpec,
} from './glyph-run.js';
import { drawPage } from './page.js';
import { CMYK_PAINT, RGB_PAINT } from './paint.js';
import { TagWriter } from './tagged.js';
import { xmpDescription } from './xmp.js';

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  /** Info /Keywords and XMP pdf:Keywords, e.g. the interviewees' names. */
  keywords?: string;
  /** BCP 47 tag for the catalog's /Lang, e.g. `fr-FR`. */
  language: string;
  /** CreationDate and ModDate (never the wall clock: outputs must be reproducible). */
  date: Date;
  /** Producer and Creator, e.g. `booklet 0.1.0`. */
  producer: string;
  /** The booklet's identifier (seeds the XMP document ID of print files). */
  identifier?: string;
}

/** A booklet page placed on a sheet. */
export interface Placement {
  page: Page;
  /** Translation of the page's coordinates on the sheet (pt, origin top-left, y down). */
  dx: number;
  dy: number;
  /** Clip in the page's own coordinates: [x, y, w, h]. */
  clip?: [number, number, number, number];
}

/** One PDF page of the output. Boxes in PDF coordinates (origin bottom-left), like PagedBooklet's. */
export interface Sheet {
  width: number;
  height: number;
  trimBox: [number, number, number, number];
  bleedBox: [number, number, number, number];
  placements: Placement[];
  /** Drawn over the pages, in sheet coordinates (crop marks, slug line). */
  marks: PageItem[];
}

export interface PdfxOptions {
  version: 'PDF/X-1a:2003' | 'PDF/X-4';
  intent: OutputIntentSpec;
  /** Distinguishes the files of one build (the print file, the cover, the imposed sheets). */
  variant: string;
}

export interface PdfOptions {
  /**
   * zlib level for page content streams (0 = store uncompressed). pdfkit's own default is 6;
   * 2 is about as small for our text-only streams and much faster.
   */
  contentLevel?: number;
  /** Print-ready bytes of each image, by asset path. Without it, image files are embedded as they are. */
  images?: ReadonlyMap<string, { data: Uint8Array }>;
  /** The output pages; default: one per booklet page, as laid out. */
  sheets?: Sheet[];
  /** Bookmarks (indices into the output pages); default: the booklet's outline. */
  outline?: OutlineEntry[];
  /** Page labels (for output pages that are the booklet's pages, one each); default: from the pages, unless `sheets` are given. */
  pageLabels?: PageLabelRange[];
  /** Write a PDF/X file. */
  pdfx?: PdfxOptions;
  /** Write the screen file: RGB, tagged, links active (never together with `pdfx`). */
  screen?: boolean;
}

const DEFAULT_CONTENT_LEVEL = 2;

/** One sheet per page, as laid out. */
export function pageSheets(paged: PagedBooklet): Sheet[] {
  return paged.pages.map((page) => ({
    width: paged.width,
    height: paged.height,
    trimBox: paged.trimBox,
    bleedBox: paged.bleedBox,
    placements: [{ page, dx: 0, dy: 0 }],
    marks: [],
  }));
}

/**
 * Page labels that show each page's folio (the printed number, also on pages that do not print it)
 * and its name instead for pages that have one (« Couverture »).
 */
export function pageLabels(pages: readonly Page[]): PageLabelRange[] {
  const out: PageLabelRange[] = [];
  pages.forEach((p, i) => {
    const prev = pages[i - 1];
    if (p.label !== undefined) out.push({ start: i, prefix: p.label });
    else if (!prev || prev.label !== undefined || prev.folio + 1 !== p.folio) out.push({ start: i, decimal: true, first: p.folio });
  });
  return out;
}

export async function writePdf(paged: PagedBooklet, meta: PdfMeta, options: PdfOptions = {}): Promise<Uint8Array> {
  const level = options.contentLevel ?? DEFAULT_CONTENT_LEVEL;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`PDF writer: bad contentLevel ${level}`);
  if (!(meta.date instanceof Date) || Number.isNaN(meta.date.getTime())) {
    throw new Error('PDF writer: meta.date must be a valid Date');
  }
  const sheets = options.sheets ?? pageSheets(paged);
  const outline = options.outline ?? (options.sheets ? [] : paged.outline);
  const pdfx = options.pdfx;
  const screen = !!options.screen;
  if (pdfx && screen) throw new Error('PDF writer: a file is either PDF/X or the screen variant');

  // Info entries in a fixed order: pdfkit's /ID is an MD5 of them, so the bytes depend on it.
  const info: Record<string, string | Date> = { Title: meta.title };
  if (meta.author) info.Author = meta.author;
  if (meta.subject) info.Subject = meta.subject;
  if (meta.keywords) info.Keywords = meta.keywords;
  info.Producer = meta.producer;
  info.Creator = meta.producer;
  info.CreationDate = meta.date;
  info.ModDate = meta.date;

  const first = sheets[0] ?? { width: paged.width, height: paged.height };
  const doc = new PDFDocument({
    size: [first.width, first.height],
    autoFirstPage: false,
    bufferPages: false,
    pdfVersion: screen ? '1.7' : pdfx?.version === 'PDF/X-4' ? '1.6' : '1.4',
    lang: meta.language,
    displayTitle: screen,
    info: info as PDFKit.DocumentInfo,
    // No default font: pdfkit would load Helvetica (never embedded). Every face comes from a run.
    font: null as unknown as string,
  });
  if (pdfx) {
    const entries: [string, InfoValue][] = Object.entries(info);
    entries.push(['GTS_PDFXVersion', pdfx.version], ['Trapped', { name: 'False' }]);
    const seed = meta.identifier ?? meta.title;
    setInfoAndXmp(
      doc,
      entries,
      xmpDescription({
        title: meta.title,
        author: meta.author,
        subject: meta.subject,
        keywords: meta.keywords,
        language: meta.language,
        date: meta.date,
        producer: meta.producer,
        pdfx: pdfx.version,
        trapped: 'False',
        documentSeed: seed,
        instanceSeed: `${pdfx.variant}\n${meta.date.toISOString()}\n${sheets.length}`,
      }),
    );
    setOutputIntent(doc, pdfx.intent);
    // Files of one build must not share an ID: the variant and the page count go into it.
    setFileId(doc, createHash('md5').update(JSON.stringify([seed, meta.title, meta.date.toISOString(), pdfx.variant, sheets.length])).digest());
  } else {
    escapeXmpMetadata(doc);
    // pdfkit's own /ID is not reproducible: the screen file gets one from the same inputs.
    setFileId(doc, createHash('md5').update(JSON.stringify([meta.identifier ?? meta.title, meta.title, meta.date.toISOString(), 'screen', sheets.length])).digest());
  }

  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      const b = Buffer.concat(chunks);
      resolve(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    });
    doc.on('error', reject);
  });

  const opened = new Map<string, unknown>();
  const images = options.images;
  const image = (asset: ImageAsset): unknown => {
    if (!images) return asset.path;
    let im = opened.get(asset.path);
    if (im === undefined) {
      const prepared = images.get(asset.path);
      if (!prepared) throw new Error(`PDF writer: no print-ready bytes for image ${asset.rel}`);
      im = openImage(doc, prepared.data);
      opened.set(asset.path, im);
    }
    return im;
  };
  if (options.screen && images) {
    // PNGs that keep their alpha (screen file only) are decoded by pdfkit asynchronously, and it
    // numbers each soft mask when its decoding ends: embed them one at a time, in page order.
    for (const p of paged.pages)
      for (const it of p.items)
        if (it.kind === 'image' && !opened.has(it.asset.path)) await embedNow(doc, image(it.asset));
  }

  const glyphs = new GlyphRunWriter(doc);
  // Fonts are embedded in `paged.faces` order (faces never drawn are not embedded).
  glyphs.register(paged.faces);
  const tags = screen ? new TagWriter(doc) : undefined;
  const paint = screen ? RGB_PAINT : CMYK_PAINT;
  for (const sheet of sheets) {
    doc.addPage({ size: [sheet.width, sheet.height], margin: 0 });
    glyphs.beginPage();
    tags?.beginPage(sheet.height);
    setPageBoxes(doc, sheet.trimBox, sheet.bleedBox);
    for (const p of sheet.placements) {
      if (tags) {
        tags.placing(p.dx, p.dy);
        for (const a of p.page.anchors ?? []) tags.anchor(a);
      }
      drawPage(doc, p.page.items, glyphs, image, { dx: p.dx, dy: p.dy, clip: p.clip, paint, marker: tags });
    }
    if (tags) tags.placing(0, 0);
    if (sheet.marks.length) drawPage(doc, sheet.marks, glyphs, image, { paint, marker: tags });
    tags?.endPage();
    precompressPage(doc, level);
  }

  for (const entry of outline) {
    if (!(entry.pageIndex >= 0 && entry.pageIndex < sheets.length)) {
      throw new Error(`PDF writer: outline entry "${entry.title}" points at page ${entry.pageIndex}`);
    }
    // fit: true — without it pdfkit writes an XYZ destination scrolled to the page's right edge.
    doc.outline.addItem(entry.title, { pageNumber: entry.pageIndex, fit: true } as { expanded?: boolean });
  }

  setNavigation(doc, options.pageLabels ?? (options.sheets ? [] : pageLabels(paged.pages)), outline.length > 0);
  tags?.finish();
  glyphs.finish();
  doc.end();
  return done;
}
