/**
 * Folios: the page number in the outer corner of the foot margin (right on a recto, left on a verso).
 * `marginLine` sets any one-line text in a margin; running heads can use it too.
 */
import type { StyleName } from '../../template/types.js';
import { FlowBuilder, type FlowContext } from '../flow.js';
import type { PageGeometry } from '../geometry.js';
import type { Page, PageItem } from '../types.js';

/** Width of the box a folio is aligned in, pt. */
const FOLIO_BOX = 60;

/**
 * Set `text` on one line in `style` and place it on `page` with its box's left edge at `x` and its
 * baseline at `baseline` (page coordinates), aligned in a box `width` wide. Returns false if the
 * text gave no line.
 */
export function marginLine(page: Page, text: string, style: StyleName, align: 'left' | 'right' | 'center', x: number, baseline: number, width: number, ctx: FlowContext): boolean {
  const f = new FlowBuilder({ ...ctx, width, grid: 0 });
  f.paragraph([{ kind: 'text', text }], style, { override: { align, spaceAfter: 0, spaceBefore: 0 } });
  const line = f.els.find((e) => e.kind === 'line');
  if (!line || line.kind !== 'line') return false;
  // Margin text (folios, running heads) is not content: an artifact in the screen PDF.
  for (const r of line.runs) page.items.push({ ...r, x: x + r.x, y: baseline + r.y, tag: undefined, artifact: true } as PageItem);
  return true;
}

export function folio(page: Page, geo: PageGeometry, ctx: FlowContext): void {
  const t = ctx.template;
  const recto = page.index % 2 === 0;
  const x = recto ? geo.bleed + t.page.trimWidth - t.page.margins.outer - FOLIO_BOX : geo.bleed + t.page.margins.outer;
  const baseline = geo.bleed + t.page.trimHeight - t.page.margins.bottom / 2;
  marginLine(page, String(page.folio), 'folio', recto ? 'right' : 'left', x, baseline, FOLIO_BOX, ctx);
}
