/**
 * The screen PDF, `<name>-screen.pdf` (`--variant screen`): the booklet as laid out, for e-mail
 * and the website. Pages at the trim size (MediaBox = TrimBox, no bleed: what bled is cut off),
 * the booklet's pages without the blanks added for saddle stitching, RGB colour (src/write/pdf/paint.ts),
 * images in RGB or grey, tagged for accessibility, links and bookmarks active (src/write/pdf/tagged.ts).
 */
import type { PagedBooklet } from '../layout/types.js';
import { pageTrim } from '../print/sheets.js';
import { pageLabels, writePdf, type PdfMeta, type Sheet } from '../write/pdf/index.js';
import { prepareScreenImages } from './images.js';

/** One sheet per booklet page at trim size: the page moved by −bleed and clipped to its trim. */
export function screenSheets(paged: PagedBooklet): Sheet[] {
  const { trim } = pageTrim(paged);
  const box: [number, number, number, number] = [0, 0, trim.w, trim.h];
  return paged.pages.map((page) => ({
    width: trim.w,
    height: trim.h,
    trimBox: box,
    bleedBox: box,
    placements: [{ page, dx: -trim.x, dy: -trim.y, clip: [trim.x, trim.y, trim.w, trim.h] }],
    marks: [],
  }));
}

/** `<base>-screen.pdf` from the laid-out booklet (before signature padding). */
export async function writeScreenFile(paged: PagedBooklet, meta: PdfMeta, base: string): Promise<{ path: string; data: Uint8Array }> {
  const assets = paged.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'image' ? [i.asset] : [])));
  const images = await prepareScreenImages(assets);
  const data = await writePdf(paged, meta, { images, sheets: screenSheets(paged), outline: paged.outline, pageLabels: pageLabels(paged.pages), screen: true });
  return { path: `${base}-screen.pdf`, data };
}
