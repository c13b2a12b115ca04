/**
 * The back cover (the last page, a verso): an accent band bleeding off the foot, the title,
 * subtitle, publisher and year, and with `isbn:` the ISBN as text over an EAN-13 barcode drawn as
 * rectangles (black bars on a white ground with its quiet zones), in the lower right corner.
 */
import type { Cmyk } from '../../template/types.js';
import { ean13Bars } from '../barcode/ean13.js';
import { FlowBuilder, type FlowEl } from '../flow.js';
import { place } from '../place.js';
import type { Page, PageItem } from '../types.js';
import { plain, type PartContext } from './context.js';
import { fitTexts } from './fit.js';

const MM = 72 / 25.4;
const BLACK: Cmyk = [0, 0, 0, 100];
const WHITE: Cmyk = [0, 0, 0, 0];
/** EAN-13 at 85 % of its nominal size (module 0.33 mm, bars 22.85 mm), usual on books. */
const MAGNIFICATION = 0.85;
const MODULE = 0.33 * MM * MAGNIFICATION;
const BAR_HEIGHT = 22.85 * MM * MAGNIFICATION;

export function backCover(pc: PartContext): void {
  const { booklet, template: t, geo, seq, words } = pc;
  const m = booklet.meta;
  seq.toVerso();
  seq.bookmark(words.backCover);
  const page = seq.newPage('back');
  page.label = words.backCover;
  const bandH = geo.bleed + t.page.margins.bottom * 0.6;
  page.items.push({ kind: 'rect', x: 0, y: geo.height - bandH, w: geo.width, h: bandH, fill: t.colors.accent });

  const f = new FlowBuilder({ ...pc.flow, grid: 0 });
  const height = (els: FlowEl[]) => els.reduce((h, e) => h + e.height, 0);
  // Everything follows the alignment of the template's cover title.
  const align = t.styles.coverTitle.align === 'justify' ? 'left' : t.styles.coverTitle.align;
  f.paragraph(plain([m.publisher, String(m.year)].filter(Boolean).join(' · '), m.at?.publisher), 'role', { override: { align, spaceAfter: 0 } });
  const foot = f.els.splice(0);
  // Centred on 30 % of the text block: at most 60 % of it high, or it would climb above the top margin.
  const texts = [
    { key: 'title', style: 'coverSubtitle', override: { style: 'bold', color: t.colors.text, align } },
    { key: 'subtitle', style: 'coverSubtitle', override: { size: 11, leading: 14, color: t.colors.text, align } },
  ] as const;
  fitTexts(f, pc, [...texts], geo.textHeight * 0.6 - height(foot), 'the back cover', height, { key: 'publisher', height: height(foot) });
  const head = [...f.els.splice(0), ...foot];
  place(page, head, geo, geo.textHeight * 0.3 - height(head) / 2);

  if (m.isbn) {
    const code = m.isbn.replace(/[^0-9]/g, '');
    // Lower right (by the spine, on a verso): the right quiet zone ends at the inner margin.
    const x = geo.bleed + t.page.trimWidth - t.page.margins.inner - 113 * MODULE;
    const bottom = geo.height - bandH - 6 * MM;
    barcode(page, pc, code, `${words.isbn} ${m.isbn}`, x, bottom);
  }
}

/**
 * An EAN-13 symbol with its human-readable digits and the ISBN line above. `x` is the left edge of
 * the left quiet zone (11 modules before the bars), `bottom` the lowest point of the white ground.
 */
function barcode(page: Page, pc: PartContext, code: string, isbnLine: string, x: number, bottom: number): void {
  const items: PageItem[] = [];
  const digitSize = 8.5 * MAGNIFICATION * 1.1;
  const figures = { family: pc.template.styles.folio.family, style: 'regular' as const, size: digitSize, leading: digitSize * 1.2, color: BLACK, indent: 0, spaceBefore: 0, spaceAfter: 0, tracking: 0, uppercase: false, features: [] };
  const line = (text: string, align: 'left' | 'center' | 'right', width: number) => {
    const b = new FlowBuilder({ ...pc.flow, width, grid: 0 });
    return b.paragraph(plain(text), 'folio', { override: { ...figures, align } })[0];
  };
  const bars = x + 11 * MODULE;
  const digitsH = digitSize * 1.1;
  const guardExtra = 5 * MODULE;
  const barTop = bottom - 1 * MM - digitsH - BAR_HEIGHT + guardExtra;
  const isbnH = digitSize * 1.5;
  // White ground: quiet zones (11 modules left, 7 right), the ISBN line and the digits.
  items.push({ kind: 'rect', x, y: barTop - isbnH - 1 * MM, w: 113 * MODULE, h: bottom - (barTop - isbnH - 1 * MM), fill: WHITE });
  for (const b of ean13Bars(code)) {
    items.push({ kind: 'rect', x: bars + b.x * MODULE, y: barTop, w: b.w * MODULE, h: BAR_HEIGHT - (b.guard ? 0 : guardExtra), fill: BLACK });
  }
  // The ISBN line, centred over the bars (set in a wider box: it may be wider than the bars).
  const top = line(isbnLine, 'center', 140 * MODULE);
  const runs = (l: ReturnType<typeof line>, dx: number, baseline: number) => {
    if (!l) return;
    for (const r of l.runs) items.push({ ...r, x: dx + l.x + r.x, y: baseline + r.y });
  };
  runs(top, bars + 47.5 * MODULE - 70 * MODULE, barTop - 1 * MM - digitSize * 0.25);
  // The digits: the first before the start guard, then six under each half.
  const digitsBase = barTop + BAR_HEIGHT - guardExtra + digitSize * 0.95;
  runs(line(code[0]!, 'right', 10 * MODULE), x, digitsBase);
  runs(line(code.slice(1, 7), 'center', 42 * MODULE), bars + 3 * MODULE, digitsBase);
  runs(line(code.slice(7), 'center', 42 * MODULE), bars + 50 * MODULE, digitsBase);
  page.items.push(...items);
}
