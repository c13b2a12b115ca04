/**
 * From the laid-out booklet to the pages of each print file (see `Sheet` in the PDF writer):
 *   - the print file: one page per booklet page; with marks, the MediaBox grows to trim + slug
 *     per side and every page's content is translated by the slug offset (boxes follow);
 *   - the cover file: pages 1, 2, N−1, N, like the print file;
 *   - the imposed file: 2-up saddle-stitch spreads, each page translated and clipped onto a sheet.
 * Geometry here is in pt with the origin top-left and y down (the layout's); boxes are converted
 * to PDF coordinates (y up) at the end.
 */
import { UsageError } from '../diagnostics.js';
import type { FaceRef, PageItem, PagedBooklet } from '../layout/types.js';
import type { Sheet } from '../write/pdf/index.js';
import { MM, SLUG_SIZE, cropMarks, markOffset, slugLine, slugWidth, type Rect } from './marks.js';
import { creepShift, saddleOrder } from './saddle.js';
import { SHEETS, type SheetSpec } from './settings.js';

type Box = [number, number, number, number];

/** The trim of the booklet's pages in layout coordinates, and the bleed. */
export function pageTrim(paged: PagedBooklet): { trim: Rect; bleed: number } {
  const [x1, y1, x2, y2] = paged.trimBox;
  return { trim: { x: x1, y: paged.height - y2, w: x2 - x1, h: y2 - y1 }, bleed: x1 - paged.bleedBox[0] };
}

/** A rectangle in y-down sheet coordinates as a PDF box (y up) on a sheet of height `h`. */
function box(r: Rect, sheetHeight: number): Box {
  return [r.x, sheetHeight - r.y - r.h, r.x + r.w, sheetHeight - r.y];
}

function grow(r: Rect, d: number): Rect {
  return { x: r.x - d, y: r.y - d, w: r.w + 2 * d, h: r.h + 2 * d };
}

export interface MarksOptions {
  /** Faces for the slug text (the booklet's, in order). */
  faces: readonly FaceRef[];
  /** The slug text of output page `i` (0-based) of `count`. */
  slug: (i: number, count: number) => string;
}

/**
 * The print file's pages (`indices`: which booklet pages, default all). Without marks, the pages as
 * laid out. With marks, MediaBox = trim + slug per side (slug ≥ 10 mm), the page content moved by
 * (slug − bleed) and clipped to its own MediaBox (nothing spills into the slug), crop marks and a
 * slug line in the slug; TrimBox and BleedBox keep their place relative to the trim.
 */
export function printSheets(paged: PagedBooklet, marks: MarksOptions | undefined, indices?: number[]): Sheet[] {
  const pages = indices ? indices.map((i) => paged.pages[i]!) : paged.pages;
  if (!marks) {
    return pages.map((page) => ({ width: paged.width, height: paged.height, trimBox: paged.trimBox, bleedBox: paged.bleedBox, placements: [{ page, dx: 0, dy: 0 }], marks: [] }));
  }
  const { trim, bleed } = pageTrim(paged);
  const slug = slugWidth(bleed);
  const width = trim.w + 2 * slug;
  const height = trim.h + 2 * slug;
  const sheetTrim: Rect = { x: slug, y: slug, w: trim.w, h: trim.h };
  const trimBox = box(sheetTrim, height);
  const bleedBox = box(grow(sheetTrim, bleed), height);
  const offset = markOffset(bleed);
  return pages.map((page, i) => {
    const items: PageItem[] = cropMarks(sheetTrim, offset);
    // Slug text in the strip below the BleedBox, clear of the corner marks.
    const strip = slug - bleed;
    const run = slugLine(marks.slug(i, pages.length), marks.faces, slug + 10 * MM, slug + trim.h + bleed + strip / 2 + SLUG_SIZE * 0.35);
    if (run) items.push(run);
    return {
      width,
      height,
      trimBox,
      bleedBox,
      placements: [{ page, dx: slug - trim.x, dy: slug - trim.y, clip: [0, 0, paged.width, paged.height] }],
      marks: items,
    };
  });
}

/** The cover: pages 1, 2, N−1 and N (0-based 0, 1, N−2, N−1). */
export function coverIndices(n: number): number[] {
  if (n < 4) throw new Error(`cover file: ${n} pages`);
  return [0, 1, n - 2, n - 1];
}

/** The sheet of the office imposition: A4 landscape if the spread fits, else A3, else the spread itself. */
export function officeSheet(trim: Rect): SheetSpec {
  for (const name of ['A4', 'A3'] as const) {
    const [w, h] = SHEETS[name]!;
    if (2 * trim.w <= w * MM + 0.01 && trim.h <= h * MM + 0.01) return { name, width: w * MM, height: h * MM, printer: false };
  }
  return { name: `${Math.round((2 * trim.w) / MM)}×${Math.round(trim.h / MM)} mm`, width: 2 * trim.w, height: trim.h, printer: false };
}

export interface ImposeOptions {
  /** The sheet; undefined: the office sheet (A4 for A5). A printer's sheet keeps bleed, crop marks and slug. */
  sheet?: SheetSpec;
  /** Total creep (pt) at the innermost sheet; each sheet's pages move toward the spine by its share. */
  creep: number;
  marks: MarksOptions;
}

export interface Imposed {
  sheets: Sheet[];
  sheetName: string;
  /** Per sheet side, the booklet pages on it and the shift applied. */
  order: { sheet: number; side: 'front' | 'back'; left: number; right: number; shift: number }[];
}

/**
 * 2-up saddle-stitch spreads: sheet s front [N−2s+2 | 2s−1], back [2s | N−2s+1] (sheet 1 outermost),
 * each side one PDF page, to be printed duplex flipping on the short edge.
 */
export function imposeSaddle(paged: PagedBooklet, opts: ImposeOptions): Imposed {
  const n = paged.pages.length;
  const { trim, bleed: pageBleed } = pageTrim(paged);
  const printer = opts.sheet?.printer ?? false;
  const spec = opts.sheet ?? officeSheet(trim);
  const bleed = printer ? pageBleed : 0;
  const offset = markOffset(bleed);
  const spread: Rect = { x: (spec.width - 2 * trim.w) / 2, y: (spec.height - trim.h) / 2, w: 2 * trim.w, h: trim.h };
  if (printer) {
    const need = grow(spread, offset + 6 * MM);
    if (need.x < 0 || need.y < 0) {
      throw new UsageError(
        `the spreads with bleed and crop marks need ${Math.ceil(need.w / MM)}×${Math.ceil(need.h / MM)} mm and do not fit on ${sheetName(spec)} — use a larger --sheet, e.g. SRA3`,
      );
    }
  } else if (spread.x < -0.01 || spread.y < -0.01) {
    throw new UsageError(`the spreads (${Math.round(spread.w / MM)}×${Math.round(spread.h / MM)} mm) do not fit on ${sheetName(spec)} — give a larger --sheet`);
  }
  const sheetsCount = n / 4;
  const trimBox = box(spread, spec.height);
  const bleedBox = box(grow(spread, bleed), spec.height);
  const order = saddleOrder(n).map((side) => ({ ...side, shift: creepShift(side.sheet, sheetsCount, opts.creep) }));
  const sheets: Sheet[] = order.map((side, i) => {
    const left = paged.pages[side.left - 1]!;
    const right = paged.pages[side.right - 1]!;
    const s = side.shift;
    // Each page's slot on the sheet stays put; its content moves toward the spine by `s`.
    // Clip (page coordinates): the trim, plus the bleed on the three outer sides on a printer's sheet.
    const leftClip: [number, number, number, number] = [trim.x - bleed - s, trim.y - bleed, trim.w + bleed, trim.h + 2 * bleed];
    const rightClip: [number, number, number, number] = [trim.x + s, trim.y - bleed, trim.w + bleed, trim.h + 2 * bleed];
    const marks: PageItem[] = [];
    if (printer) {
      marks.push(...cropMarks(spread, offset));
      const run = slugLine(opts.marks.slug(i, order.length), opts.marks.faces, spread.x + 10 * MM, spread.y + spread.h + offset + 3 * MM + SLUG_SIZE * 0.35);
      if (run) marks.push(run);
    }
    return {
      width: spec.width,
      height: spec.height,
      trimBox,
      bleedBox,
      placements: [
        { page: left, dx: spread.x - trim.x + s, dy: spread.y - trim.y, clip: leftClip },
        { page: right, dx: spread.x + trim.w - trim.x - s, dy: spread.y - trim.y, clip: rightClip },
      ],
      marks,
    };
  });
  return { sheets, sheetName: spec.name, order };
}

/** `A3 (297×420 mm)`; a sheet given as WxH is its size alone. */
function sheetName(spec: { name: string; width: number; height: number }): string {
  const size = `${Math.round(spec.width / MM)}×${Math.round(spec.height / MM)} mm`;
  return spec.name === size ? size : `${spec.name} (${size})`;
}
