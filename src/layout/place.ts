/**
 * Placing flow elements on a page: lines become glyph runs, images and rules page items,
 * at the page's text block (mirrored margins) plus each element's offset.
 */
import type { FlowEl } from './flow.js';
import type { PageGeometry } from './geometry.js';
import type { PlacedEl } from './paginate.js';
import type { Page } from './types.js';

/** Place flow elements one under the other from a y offset inside the text block. */
export function place(page: Page, els: FlowEl[], geo: PageGeometry, top: number): void {
  let y = top;
  const placed: PlacedEl[] = [];
  for (const el of els) {
    placed.push({ el, y });
    y += el.height;
  }
  placeChunk(page, placed, geo);
}

/** Place a paginated chunk (elements with their y inside the text block). */
export function placeChunk(page: Page, chunk: PlacedEl[], geo: PageGeometry): void {
  const x0 = geo.textLeft(page.index);
  const y0 = geo.textTop(page.index);
  for (const { el, y } of chunk) {
    switch (el.kind) {
      case 'line':
        for (const r of el.runs) page.items.push({ ...r, x: x0 + el.x + r.x, y: y0 + y + el.baseline + r.y });
        if (!page.firstPos && el.pos) page.firstPos = el.pos;
        if (page.firstWord === undefined) page.firstWord = el.from ?? null;
        break;
      case 'image':
        page.items.push({ kind: 'image', asset: el.asset, x: x0 + el.x, y: y0 + y, w: el.width, h: el.height, ...(el.tag ? { tag: el.tag } : {}), ...(el.pos ? { pos: el.pos } : {}) });
        break;
      case 'rule':
        page.items.push({ kind: 'line', x1: x0 + (el.x ?? 0), y1: y0 + y, x2: x0 + (el.x ?? 0) + el.width, y2: y0 + y, width: el.weight ?? 0.5, color: el.color ?? [0, 0, 0, 60] });
        break;
      case 'space':
        break;
    }
  }
}
