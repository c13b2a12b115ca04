/**
 * Folios: the page number, at the foot or the head of the page (`folio.position`), in the outer
 * corner or centred (`folio.align`), written as `folio.format` says (`{n}` is the number).
 * `marginLine` sets any one-line text in a margin; running heads use it too.
 */
import type { StyleName } from '../../template/types.js';
import { FlowBuilder, type FlowContext } from '../flow.js';
import type { PageGeometry } from '../geometry.js';
import type { GlyphRun, Page, PageItem } from '../types.js';

/**
 * Set `text` on one line in `style` and place it on `page` with its box's left edge at `x` and its
 * baseline at `baseline` (page coordinates), aligned in a box `width` wide. Returns false if the
 * text gave no line.
 */
export function marginLine(page: Page, text: string, style: StyleName, align: 'left' | 'right' | 'center', x: number, baseline: number, width: number, ctx: FlowContext): boolean {
  const runs = setLine(text, style, align, width, ctx);
  if (!runs) return false;
  // Margin text (folios, running heads) is not content: an artifact in the screen PDF.
  for (const r of runs) page.items.push({ ...r, x: x + r.x, y: baseline + r.y, tag: undefined, artifact: true } as PageItem);
  return true;
}

/** The glyph runs of `text` set on one line of a box `width` wide, or undefined if it gave none. */
function setLine(text: string, style: StyleName, align: 'left' | 'right' | 'center', width: number, ctx: FlowContext): GlyphRun[] | undefined {
  const f = new FlowBuilder({ ...ctx, width, grid: 0 });
  f.paragraph([{ kind: 'text', text }], style, { override: { align, spaceAfter: 0, spaceBefore: 0, indent: 0 } });
  const line = f.els.find((e) => e.kind === 'line');
  return line && line.kind === 'line' ? line.runs : undefined;
}

/** The natural width of `text` set on one line in `style`, pt (0 for no text). */
export function lineWidth(text: string, style: StyleName, ctx: FlowContext): number {
  const runs = setLine(text, style, 'left', 1e5, ctx) ?? [];
  let w = 0;
  for (const r of runs) {
    const n = r.gids.length;
    if (n) w = Math.max(w, r.x + r.dx[n - 1]! + r.advances[n - 1]!);
  }
  return w;
}

/** Baseline of a line set in the head or the foot margin (page coordinates). */
export function marginBaseline(position: 'top' | 'bottom', geo: PageGeometry, ctx: FlowContext): number {
  const m = ctx.template.page.margins;
  return position === 'top' ? geo.bleed + m.top * 0.55 : geo.bleed + ctx.template.page.trimHeight - m.bottom / 2;
}

export function folioText(page: Page, ctx: FlowContext): string {
  return ctx.template.folio.format.replace(/\{n\}/g, String(page.folio));
}

export function folio(page: Page, geo: PageGeometry, ctx: FlowContext): void {
  const t = ctx.template;
  const recto = page.index % 2 === 0;
  const baseline = marginBaseline(t.folio.position, geo, ctx);
  const text = folioText(page, ctx);
  if (t.folio.align === 'center') {
    marginLine(page, text, 'folio', 'center', geo.textLeft(page.index), baseline, geo.textWidth, ctx);
    return;
  }
  // Outer corner: flush with the outer edge of the text block.
  const w = Math.max(lineWidth(text, 'folio', ctx) + 1, 1);
  const x = recto ? geo.textLeft(page.index) + geo.textWidth - w : geo.textLeft(page.index);
  marginLine(page, text, 'folio', recto ? 'right' : 'left', x, baseline, w, ctx);
}
