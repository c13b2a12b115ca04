/**
 * The episode opener, at the top of the episode's first page, in the template's layout
 * (`opener.layout`):
 * - `classic`: kicker (« Épisode 3 »), title, headline in quotation marks, a short rule,
 *   interviewee and role, the portrait with its credit, the standfirst, all in the text block.
 * - `magazine`: an accent band across the head of the page, bleeding off three edges, holds the
 *   kicker and the episode number set big (scaled down when it would not fit its column) and the
 *   portrait, standing on the band's foot against the outer bleed edge; the credit sits in the
 *   outer margin under it (in the text block when that margin is narrow). Title, headline,
 *   interviewee, role and standfirst follow in the text block, under the band.
 * Every text is a paragraph that wraps in its measure: a long title or name takes more lines,
 * the band grows with what it holds, and what does not fit the page moves on to the next one.
 */
import { quoteHeadline } from '../../i18n/words.js';
import type { Episode } from '../../model/types.js';
import type { Cmyk } from '../../template/types.js';
import { FlowBuilder, type FlowEl } from '../flow.js';
import { place } from '../place.js';
import { figureTag } from '../tags.js';
import type { Page, PageItem } from '../types.js';
import { plain, type PartContext } from './context.js';
import { lineWidth } from './folio.js';

const MM = 72 / 25.4;
const WHITE: Cmyk = [0, 0, 0, 0];

/** Sets the opener into `f`; returns what must be drawn on the opener's page once it exists. */
export function opener(f: FlowBuilder, ep: Episode, pc: PartContext): ((page: Page) => void) | undefined {
  if (pc.template.opener.layout === 'magazine') return magazine(f, ep, pc);
  classic(f, ep, pc);
  return undefined;
}

function classic(f: FlowBuilder, ep: Episode, pc: PartContext): void {
  const { template: t, geo, words } = pc;
  f.space(geo.textHeight * 0.12, true);
  f.paragraph(plain(`${words.episode} ${ep.number}`), 'kicker', { keepAll: true, keepWithNext: true });
  f.paragraph(plain(ep.title, ep.at?.title), 'title', { keepAll: true, keepWithNext: true });
  headline(f, ep, pc);
  f.rule(geo.textWidth * 0.18);
  f.space(t.styles.interviewee.leading * 0.6, true);
  who(f, ep);
  if (ep.portrait) {
    f.image(ep.portrait.asset, geo.textWidth * 0.5, geo.textHeight * 0.32, undefined, true, 'left', figureTag(ep.portrait, undefined, ep.interviewee));
    if (ep.portrait.credit) f.paragraph(plain(ep.portrait.credit, ep.at?.portrait_credit), 'caption', { keepAll: true, keepWithNext: true });
    else f.space(t.styles.caption.spaceAfter, true);
  }
  for (const p of ep.lede) f.paragraph(p, 'lede');
}

/** The headline in quotation marks; its position is moved back by the opening quote, so that columns fall on the source. */
function headline(f: FlowBuilder, ep: Episode, pc: PartContext): void {
  if (!ep.headline) return;
  const { words } = pc;
  const hAt = ep.at?.headline;
  const q = quoteHeadline(ep.headline, words.quoteOpen, words.quoteClose);
  f.paragraph(plain(q.text, hAt && { ...hAt, column: hAt.column - (q.added ? [...words.quoteOpen].length : 0) }), 'headline', { keepAll: true, keepWithNext: true });
}

function who(f: FlowBuilder, ep: Episode): void {
  f.paragraph(plain(ep.interviewee, ep.at?.interviewee), 'interviewee', { keepAll: true, keepWithNext: true });
  if (ep.role) f.paragraph(plain(ep.role, ep.at?.role), 'role', { keepAll: true, keepWithNext: true });
}

function magazine(f: FlowBuilder, ep: Episode, pc: PartContext): (page: Page) => void {
  const { template: t, geo, words } = pc;
  const m = t.page.margins;
  const pad = 7 * MM;
  const hasPortrait = ep.portrait !== undefined;
  // The number's column: the text block's inner part when a portrait shares the band, else all of it.
  const colWidth = hasPortrait ? geo.textWidth * 0.42 : geo.textWidth;
  const band = new FlowBuilder({ ...pc.flow, width: colWidth, grid: 0 });
  band.paragraph(plain(words.episode), 'kicker', { keepAll: true, override: { color: WHITE, spaceBefore: 0 } });
  const num = t.styles.openerNumber;
  const digits = String(ep.number);
  // The number never leaves its column: scaled down to fit it.
  const natural = lineWidth(digits, 'openerNumber', pc.flow);
  const scale = natural > colWidth ? colWidth / natural : 1;
  band.paragraph(plain(digits), 'openerNumber', { keepAll: true, override: { color: num.color, size: num.size * scale, leading: num.leading * scale, align: 'left', spaceBefore: 0, spaceAfter: 0 } });
  const bandEls = band.els.splice(0);
  const content = height(bandEls);
  const trimTop = geo.bleed;
  const bandBottom = trimTop + Math.max(t.opener.band * t.page.trimHeight, m.top * 0.5 + content + pad);

  // The text block starts under the band, on a whole grid line, one line below it.
  const top = geo.textTop(0);
  const reserve = Math.ceil((bandBottom - top) / geo.grid - 1e-6) * geo.grid + geo.grid;
  f.els.push({ kind: 'space', height: reserve, keepWithNext: true, sticky: true });

  // The credit: in the outer margin under the portrait when it is wide enough, else in the text block.
  const creditWidth = m.outer - 8 * MM;
  const credit = ep.portrait?.credit;
  const creditInMargin = credit !== undefined && creditWidth >= 28 * MM;
  if (credit !== undefined && !creditInMargin) f.paragraph(plain(credit, ep.at?.portrait_credit), 'caption', { keepAll: true, keepWithNext: true, override: { align: 'right' } });

  f.paragraph(plain(ep.title, ep.at?.title), 'title', { keepAll: true, keepWithNext: true });
  headline(f, ep, pc);
  who(f, ep);
  for (const p of ep.lede) f.paragraph(p, 'lede');

  return (page: Page) => {
    const items: PageItem[] = [{ kind: 'rect', x: 0, y: 0, w: geo.width, h: bandBottom, fill: t.colors.accent }];
    const recto = page.index % 2 === 0;
    if (ep.portrait) {
      // Standing on the band's foot, against the outer bleed edge, as tall as the band allows.
      const a = ep.portrait.asset;
      const frameW = recto ? geo.width - (geo.textLeft(page.index) + colWidth + pad) : geo.textLeft(page.index) + geo.textWidth - colWidth - pad;
      let h = bandBottom;
      let w = (h * a.width) / a.height;
      if (w > frameW) {
        w = frameW;
        h = (w * a.height) / a.width;
      }
      items.push({ kind: 'image', asset: a, x: recto ? geo.width - w : 0, y: bandBottom - h, w, h, tag: figureTag(ep.portrait, undefined, ep.interviewee), ...(ep.at?.portrait ? { pos: ep.at.portrait } : {}) });
    }
    // Kicker and number at the foot of the band, in the text block's column; all of it before the
    // page's text, so that it comes first in reading order too.
    const band: Page = { ...page, items: [] };
    place(band, bandEls, geo, bandBottom - pad * 0.6 - content - geo.textTop(page.index));
    items.push(...band.items);
    if (credit !== undefined && creditInMargin) {
      const c = new FlowBuilder({ ...pc.flow, width: creditWidth, grid: 0 });
      c.paragraph(plain(credit, ep.at?.portrait_credit), 'caption', { keepAll: true, override: { align: recto ? 'right' : 'left', spaceBefore: 0 } });
      // place() works from the text block: shift by the distance to the margin's column.
      const x = recto ? geo.width - geo.bleed - 4 * MM - creditWidth : geo.bleed + 4 * MM;
      const shifted: Page = { ...page, items: [] };
      place(shifted, c.els.splice(0), geo, bandBottom + 2 * MM - geo.textTop(page.index));
      const dx = x - geo.textLeft(page.index);
      for (const it of shifted.items) items.push(it.kind === 'glyphs' ? { ...it, x: it.x + dx } : it);
    }
    page.items.unshift(...items);
  };
}

function height(els: FlowEl[]): number {
  return els.reduce((h, e) => h + e.height, 0);
}

/**
 * An opener whose kept-together head (title, headline, names… all keep with what follows) is taller
 * than a page would be cut wherever the page ends, even inside the headline. Instead, the chain is
 * let go at the last paragraph end that fits the first page, so the page ends between two parts.
 */
export function openChain(els: FlowEl[], room: number): void {
  let y = 0;
  let lastEnd = -1;
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    if (y + el.height > room + 0.01) {
      if (lastEnd >= 0) els[lastEnd]!.keepWithNext = false;
      return;
    }
    y += el.height;
    if (!el.keepWithNext && el.kind !== 'space') return; // the chain ends on this page: nothing to do
    if (el.kind === 'line' && el.index === el.count - 1) lastEnd = i;
  }
}
