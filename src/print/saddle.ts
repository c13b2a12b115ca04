/**
 * Saddle stitch: padding the page count to a multiple of the signature (4 pages per folded sheet),
 * the 2-up order of the pages on the sheets, and creep.
 */
import type { Page, PagedBooklet } from '../layout/types.js';

export interface Padding {
  /** The booklet with its blank pages (the same object when none were needed). */
  paged: PagedBooklet;
  /** Page count before padding. */
  before: number;
  /** Blank pages added. */
  added: number;
  /** The largest page count ≤ `before` that needs no blank page (0 if none). */
  fewer: number;
  signature: number;
}

/**
 * Pads the page count to a multiple of `n` with blank pages. The blanks go before the back page when
 * the booklet ends with one (`kind: 'back'`), else at the end: after the last episode, never inside
 * one. Pages after the insertion point get their `index` and `folio` renumbered (folio = index + 1);
 * outline entries pointing there move with them.
 */
export function padToSignature(paged: PagedBooklet, n: number): Padding {
  const { before, added, fewer } = padCount(paged.pages.length, n);
  if (added === 0) return { paged, before, added, fewer, signature: n };
  const last = paged.pages[before - 1];
  const at = last && last.kind === 'back' ? before - 1 : before;
  const blanks: Page[] = Array.from({ length: added }, () => ({ index: 0, folio: 0, showFolio: false, kind: 'blank', items: [] }));
  const pages = [...paged.pages.slice(0, at), ...blanks, ...paged.pages.slice(at)].map((p, index) =>
    p.index === index && p.folio === index + 1 ? p : { ...p, index, folio: index + 1 },
  );
  const outline = paged.outline.map((o) => (o.pageIndex >= at ? { ...o, pageIndex: o.pageIndex + added } : o));
  return { paged: { ...paged, pages, outline }, before, added, fewer, signature: n };
}

/** How many blank pages `before` pages need to reach a multiple of the signature `n`. */
export function padCount(before: number, n: number): Omit<Padding, 'paged'> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`padToSignature: bad signature ${n}`);
  return { before, added: (n - (before % n)) % n, fewer: before - (before % n), signature: n };
}

/** The summary's line about the blanks added for the signature (none when none were added). */
export function padNotice(padding: Omit<Padding, 'paged'>): string[] {
  if (!padding.added) return [];
  const n = padding.before + padding.added;
  return [
    `${padding.added} blank page${padding.added === 1 ? '' : 's'} added before the back cover to reach ${n} pages, a multiple of ${padding.signature} for saddle stitching; ` +
      `${padding.fewer} pages (${padding.before - padding.fewer} fewer) would need none`,
  ];
}

/** One side of a folded sheet: the page numbers (1-based) on its left and right halves. */
export interface SheetSide {
  /** 1-based sheet number, 1 = outermost. */
  sheet: number;
  side: 'front' | 'back';
  left: number;
  right: number;
}

/**
 * The 2-up order for saddle stitching `n` pages (n a multiple of 4), sheet 1 outermost:
 * sheet s front [n−2s+2 | 2s−1], back [2s | n−2s+1]. Each pair adds up to n+1.
 */
export function saddleOrder(n: number): SheetSide[] {
  if (!Number.isInteger(n) || n < 4 || n % 4 !== 0) throw new Error(`saddleOrder: ${n} pages is not a multiple of 4`);
  const out: SheetSide[] = [];
  for (let s = 1; s <= n / 4; s++) {
    out.push({ sheet: s, side: 'front', left: n - 2 * s + 2, right: 2 * s - 1 });
    out.push({ sheet: s, side: 'back', left: 2 * s, right: n - 2 * s + 1 });
  }
  return out;
}

/**
 * Creep: how far the pages of sheet `s` (1 = outermost) move toward the spine, for a total shift
 * `total` at the innermost sheet: total·(s−1)/(sheets−1). The outermost sheet (the cover) does not move.
 */
export function creepShift(s: number, sheets: number, total: number): number {
  if (sheets <= 1 || total === 0) return 0;
  return (total * (s - 1)) / (sheets - 1);
}

