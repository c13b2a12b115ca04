/**
 * PagedBooklet: the layout room's output. Every glyph, rule and image is placed, in points,
 * in page coordinates with the origin at the top-left corner of the MediaBox and y going down.
 * The PDF writer only serialises this; it never measures or wraps text.
 */
import type { Cmyk } from '../template/types.js';
import type { ImageAsset, Inline, Pos } from '../model/types.js';

/**
 * A place in the Booklet's text: the paragraph's inline array (the model's own object, shared with
 * the EPUB writer) and an offset in its text. The text of inlines is read in order: text and code as
 * written, a footnote reference as its number, a line break as one character (what the layout sets).
 */
export interface TextAnchor {
  inlines: Inline[];
  offset: number;
}

/** A font face used by the layout: one file. `id` is stable within a build. */
export interface FaceRef {
  id: string;
  /** Absolute path of the font file. */
  path: string;
}

/**
 * A run of glyphs of one face, size and colour on one baseline.
 * `gids[i]` is drawn with its origin at `x + dx[i]`; `text[i]` is the Unicode text
 * the glyph stands for (for extraction; several characters for a ligature, '' for none).
 * The per-glyph numbers are typed arrays of exactly the run's length: a long booklet holds
 * millions of glyphs until the PDF is written, and number arrays cost twice the memory.
 */
export interface GlyphRun {
  kind: 'glyphs';
  face: FaceRef;
  size: number;
  color: Cmyk;
  x: number;
  /** Baseline. */
  y: number;
  gids: Uint16Array;
  dx: Float64Array;
  /**
   * Advance of each glyph in the font's own metrics, in pt at this size. Geometry only (what a
   * glyph covers): the writer takes the advances from the embedded font, so single precision is enough.
   */
  advances: Float32Array;
  text: string[];
  /** The structure element the run belongs to (the screen PDF's tags); none: an artifact. */
  tag?: StructTag;
  /** Not content (folio, running head, slug): marked as an artifact in the screen PDF. */
  artifact?: true;
  /** The run is (part of) a link: active in the screen PDF only. */
  link?: LinkTarget;
  /**
   * The last run of a line that does not end its paragraph: the line was broken at a word space
   * (the screen PDF's tags give a reader a space there) or after an added hyphen (not text there).
   */
  lineEnd?: 'space' | 'hyphen';
}

/**
 * Structure roles of the screen PDF (PDF 1.7 standard structure types), as the EPUB's elements:
 * H1 book, preface and episode titles; H2/H3 questions and intertitles; P paragraphs; L/LI/LBody
 * lists; BlockQuote pull quotes; Figure images (with their alternative text); Caption captions.
 */
export type StructRole = 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'LBody' | 'BlockQuote' | 'Figure' | 'Caption' | 'TOC' | 'TOCI';

/**
 * One structure element: every run (or image) that carries the same object belongs to it.
 * Elements come in the order their first content is placed (reading order).
 */
export interface StructTag {
  role: StructRole;
  /** The enclosing element (a list item's list, a pull quote's block); none: the document. */
  parent?: StructTag;
  /** Alternative text (figures). */
  alt?: string;
}

/** A link target: an absolute URI, or a named destination (`Page.anchors`) in the same file. */
export type LinkTarget = { uri: string } | { dest: string };

export interface RectItem {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: Cmyk;
}

export interface LineItem {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: Cmyk;
}

export interface ImageItem {
  kind: 'image';
  asset: ImageAsset;
  x: number;
  y: number;
  w: number;
  h: number;
  /** A Figure element (with its alt text) in the screen PDF; none: a decorative image (artifact). */
  tag?: StructTag;
  /** The reference that placed it (`![…](…)`, `portrait:`, `cover_image:`): the preflight's findings name it. */
  pos?: Pos;
}

export type PageItem = GlyphRun | RectItem | LineItem | ImageItem;

export type PageKind = 'cover' | 'blank' | 'title' | 'preface' | 'contents' | 'opener' | 'body' | 'colophon' | 'back';

export interface Page {
  /** 0-based index in the document. */
  index: number;
  /** The page number in the book's sequence (1-based); whether it is printed is `showFolio`. */
  folio: number;
  showFolio: boolean;
  /** A name that viewers show instead of the number (PDF page label), e.g. « Couverture ». */
  label?: string;
  kind: PageKind;
  /** The episode (by number) the page belongs to, if any. */
  episode?: number;
  items: PageItem[];
  /** Where the page's text starts in the source, for the EPUB page map. */
  firstPos?: Pos;
  /** Named destinations on this page (targets of `{ dest }` links in the screen PDF). */
  anchors?: string[];
  /**
   * The first word set in the page's text block (folios and running heads aside): where it is in
   * the Booklet, or null when that line is not Booklet text (a kicker, a title); for the EPUB page-list.
   */
  firstWord?: TextAnchor | null;
}

export interface OutlineEntry {
  title: string;
  pageIndex: number;
}

export interface PagedBooklet {
  /** MediaBox size in pt (trim + 2 × bleed). */
  width: number;
  height: number;
  /** Boxes in PDF coordinates (origin bottom-left): [x1, y1, x2, y2]. */
  trimBox: [number, number, number, number];
  bleedBox: [number, number, number, number];
  pages: Page[];
  /** Every face used, in first-use order (the PDF embeds them in this order). */
  faces: FaceRef[];
  outline: OutlineEntry[];
  /** The colophon's text as printed, line by line (the EPUB's colophon repeats it). */
  colophon?: ColophonText;
}

export interface ColophonText {
  lines: string[];
  /** The printing line(s): `colophon:` of booklet.yaml or « Achevé d’imprimer … ». */
  printed: string[];
}
