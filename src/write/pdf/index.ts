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
import type { FaceRef, OutlineEntry, Page, PageItem, PagedBooklet } from '../../layout/types.js';
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
  orderPages,
  type InfoValue,
  type PageLabelRange,
  type OutputIntentSpec,
} from './glyph-run.js';
import type { Spool } from '../../util/atomic-write.js';
import { ContentBytes } from './content.js';
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
export function pageLabels(pages: readonly { label?: string; folio: number }[]): PageLabelRange[] {
  const out: PageLabelRange[] = [];
  pages.forEach((p, i) => {
    const prev = pages[i - 1];
    if (p.label !== undefined) out.push({ start: i, prefix: p.label });
    else if (!prev || prev.label !== undefined || prev.folio + 1 !== p.folio) out.push({ start: i, decimal: true, first: p.folio });
  });
  return out;
}

/** A whole PDF at once: one sheet after another, then the navigation. */
export async function writePdf(paged: PagedBooklet, meta: PdfMeta, options: PdfOptions = {}): Promise<Uint8Array> {
  const sheets = options.sheets ?? pageSheets(paged);
  const outline = options.outline ?? (options.sheets ? [] : paged.outline);
  const w = new PdfWriter(meta, { ...options, faces: paged.faces, size: [paged.width, paged.height] });
  if (options.screen && options.images) {
    // PNGs that keep their alpha (screen file only) are decoded by pdfkit asynchronously, and it
    // numbers each soft mask when its decoding ends: embed them one at a time, in page order.
    for (const p of paged.pages) await w.embedImages(p);
  }
  for (const sheet of sheets) await w.addSheet(sheet);
  return w.finish({ outline, pageLabels: options.pageLabels ?? (options.sheets ? [] : pageLabels(paged.pages)) });
}

export interface WriterOptions {
  contentLevel?: number;
  images?: ReadonlyMap<string, { data: Uint8Array }>;
  pdfx?: PdfxOptions;
  screen?: boolean;
  /** Faces to embed first, in this order (else in the order they are first drawn). */
  faces?: readonly FaceRef[];
  /** Size of the first page, when no sheet is added. */
  size?: [number, number];
  /** Where the bytes go as they are written (then `finish` gives no bytes): a long booklet's memory. */
  spool?: Spool;
}

/**
 * A PDF written sheet by sheet, so that a long booklet never holds all its pages: each sheet is drawn
 * and compressed when it is added, and only the file's bytes are kept. A sheet may be added out of
 * order with its place in the file (the contents, filled after the episodes): pages, outline, labels
 * and the structure tree follow the places.
 */
export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly level: number;
  private readonly glyphs: GlyphRunWriter;
  /** The current sheet's content stream, as drawn (one buffer for every sheet). */
  private readonly content = new ContentBytes();
  private readonly tags?: TagWriter;
  private readonly paint: typeof CMYK_PAINT;
  private readonly opened = new Map<string, unknown>();
  private readonly info: Record<string, string | Date>;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Uint8Array>;
  /** Place in the file of each sheet added, in the order added. */
  private readonly positions: number[] = [];
  private readonly image: (asset: ImageAsset) => unknown;

  constructor(
    private readonly meta: PdfMeta,
    private readonly options: WriterOptions = {},
  ) {
    const level = options.contentLevel ?? DEFAULT_CONTENT_LEVEL;
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`PDF writer: bad contentLevel ${level}`);
    this.level = level;
    if (!(meta.date instanceof Date) || Number.isNaN(meta.date.getTime())) {
      throw new Error('PDF writer: meta.date must be a valid Date');
    }
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
    this.info = info;

    const doc = new PDFDocument({
      size: options.size ?? [595.28, 841.89],
      autoFirstPage: false,
      bufferPages: false,
      pdfVersion: screen ? '1.7' : pdfx?.version === 'PDF/X-4' ? '1.6' : '1.4',
      lang: meta.language,
      displayTitle: screen,
      info: info as PDFKit.DocumentInfo,
      // No default font: pdfkit would load Helvetica (never embedded). Every face comes from a run.
      font: null as unknown as string,
    });
    this.doc = doc;
    const spool = options.spool;
    this.done = new Promise<Uint8Array>((resolve, reject) => {
      doc.on('data', (c: Buffer) => (spool ? spool.write(c) : this.chunks.push(c)));
      doc.on('end', () => {
        if (spool) {
          spool.close();
          resolve(new Uint8Array(0));
          return;
        }
        const b = Buffer.concat(this.chunks);
        this.chunks.length = 0;
        resolve(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
      });
      doc.on('error', reject);
    });
    const images = options.images;
    this.image = (asset: ImageAsset): unknown => {
      if (!images) return asset.path;
      let im = this.opened.get(asset.path);
      if (im === undefined) {
        const prepared = images.get(asset.path);
        if (!prepared) throw new Error(`PDF writer: no print-ready bytes for image ${asset.rel}`);
        im = openImage(doc, prepared.data);
        this.opened.set(asset.path, im);
      }
      return im;
    };
    this.glyphs = new GlyphRunWriter(doc);
    // Fonts are embedded in this order (faces never drawn are not embedded).
    if (options.faces) this.glyphs.register(options.faces);
    this.tags = screen ? new TagWriter(doc) : undefined;
    this.paint = screen ? RGB_PAINT : CMYK_PAINT;
  }

  /**
   * The screen file's images of `page` not embedded yet, one at a time: pdfkit decodes PNGs that keep
   * their alpha asynchronously and numbers each soft mask when its decoding ends.
   */
  async embedImages(page: Page): Promise<void> {
    if (!this.options.images) return;
    for (const it of page.items) if (it.kind === 'image' && !this.opened.has(it.asset.path)) await embedNow(this.doc, this.image(it.asset));
  }

  /** Draw one sheet; `position`: its place in the file (default: after the sheets added so far). */
  async addSheet(sheet: Sheet, position = this.positions.length): Promise<void> {
    const { doc, glyphs, tags, paint, image, content } = this;
    if (this.options.screen) for (const p of sheet.placements) await this.embedImages(p.page);
    this.positions.push(position);
    doc.addPage({ size: [sheet.width, sheet.height], margin: 0 });
    glyphs.beginPage();
    content.clear();
    tags?.beginPage(sheet.height, position);
    setPageBoxes(doc, sheet.trimBox, sheet.bleedBox);
    for (const p of sheet.placements) {
      if (tags) {
        tags.placing(p.dx, p.dy);
        for (const a of p.page.anchors ?? []) tags.anchor(a);
      }
      drawPage(doc, p.page.items, glyphs, image, content, { dx: p.dx, dy: p.dy, clip: p.clip, paint, marker: tags });
    }
    if (tags) tags.placing(0, 0);
    if (sheet.marks.length) drawPage(doc, sheet.marks, glyphs, image, content, { paint, marker: tags });
    tags?.endPage();
    precompressPage(doc, this.level);
  }

  /** Navigation (indices are places in the file), identification, fonts; the file's bytes (none with a spool). */
  finish(nav: { outline: OutlineEntry[]; pageLabels: PageLabelRange[] }): Promise<Uint8Array> {
    const { doc, meta, info } = this;
    const count = this.positions.length;
    const sorted = [...this.positions].sort((a, b) => a - b);
    if (sorted.some((p, i) => p !== i)) throw new Error(`PDF writer: the sheets' places are not 0…${count - 1}`);
    orderPages(doc, this.positions);
    const pdfx = this.options.pdfx;
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
          instanceSeed: `${pdfx.variant}\n${meta.date.toISOString()}\n${count}`,
        }),
      );
      setOutputIntent(doc, pdfx.intent);
      // Files of one build must not share an ID: the variant and the page count go into it.
      setFileId(doc, createHash('md5').update(JSON.stringify([seed, meta.title, meta.date.toISOString(), pdfx.variant, count])).digest());
    } else {
      escapeXmpMetadata(doc);
      // pdfkit's own /ID is not reproducible: the screen file gets one from the same inputs.
      setFileId(doc, createHash('md5').update(JSON.stringify([meta.identifier ?? meta.title, meta.title, meta.date.toISOString(), 'screen', count])).digest());
    }

    for (const entry of nav.outline) {
      if (!(entry.pageIndex >= 0 && entry.pageIndex < count)) {
        throw new Error(`PDF writer: outline entry "${entry.title}" points at page ${entry.pageIndex}`);
      }
      // fit: true — without it pdfkit writes an XYZ destination scrolled to the page's right edge.
      doc.outline.addItem(entry.title, { pageNumber: entry.pageIndex, fit: true } as { expanded?: boolean });
    }
    setNavigation(doc, nav.pageLabels, nav.outline.length > 0);
    this.tags?.finish();
    this.glyphs.finish();
    doc.end();
    return this.done;
  }
}
