/**
 * The front cover. Without an image: an accent band bleeding off three edges, the title reversed
 * out of it, the subtitle below. With `cover_image`: the image fills the page to the bleed edges and
 * an opaque accent band at the foot holds the title, subtitle, publisher and year (no transparency).
 */
import type { Cmyk } from '../../template/types.js';
import { FlowBuilder, type FlowEl } from '../flow.js';
import { place } from '../place.js';
import { plain, type PartContext } from './context.js';
import { fitTexts } from './fit.js';

const WHITE: Cmyk = [0, 0, 0, 0];

export function frontCover(pc: PartContext): void {
  const { booklet, template: t, geo } = pc;
  pc.seq.bookmark(pc.words.cover);
  const cover = pc.seq.newPage('cover');
  cover.label = pc.words.cover;
  const m = booklet.meta;
  const f = new FlowBuilder({ ...pc.flow, grid: 0 });
  const stack = (els: FlowEl[]) => els.reduce((h, e) => h + e.height, 0);
  const lines = (els: FlowEl[]) => stack(els.filter((e) => e.kind === 'line'));
  const foot = [m.publisher, String(m.year)].filter(Boolean).join(' · ');
  const top = geo.textTop(cover.index);
  if (booklet.cover) {
    const a = booklet.cover.asset;
    const scale = Math.max(geo.width / a.width, geo.height / a.height);
    const w = a.width * scale;
    const h = a.height * scale;
    cover.items.push({ kind: 'image', asset: a, x: (geo.width - w) / 2, y: (geo.height - h) / 2, w, h, ...(booklet.meta.at?.cover_image ? { pos: booklet.meta.at.cover_image } : {}) });
    fitTexts(f, pc, [{ key: 'title', style: 'coverTitle', override: { color: WHITE } }], t.page.trimHeight * 0.5, 'the cover', lines);
    // The band (title, subtitle, publisher) keeps below the top margin.
    const footEls = new FlowBuilder({ ...pc.flow, grid: 0 }).paragraph(plain(foot), 'coverSubtitle', { override: { size: 11, leading: 14, spaceAfter: 0 } });
    const free = t.page.trimHeight - t.page.margins.top - t.page.margins.bottom - 24 - stack(f.els) - stack(footEls);
    fitTexts(f, pc, [{ key: 'subtitle', style: 'coverSubtitle', override: { color: WHITE } }], free, 'the cover', stack);
    f.paragraph(plain(foot, m.at?.publisher), 'coverSubtitle', { override: { color: WHITE, size: 11, leading: 14, spaceAfter: 0 } });
    const els = f.els.splice(0);
    const bandTop = geo.height - geo.bleed - t.page.margins.bottom - stack(els) - 24;
    cover.items.push({ kind: 'rect', x: 0, y: bandTop, w: geo.width, h: geo.height - bandTop, fill: t.colors.accent });
    place(cover, els, geo, bandTop + 24 - top);
    return;
  }
  const bandH = geo.bleed + t.page.trimHeight * 0.46;
  cover.items.push({ kind: 'rect', x: 0, y: 0, w: geo.width, h: bandH, fill: t.colors.accent });
  fitTexts(f, pc, [{ key: 'title', style: 'coverTitle', override: { color: WHITE, spaceAfter: 0 } }], bandH - top - 36, 'the cover', lines);
  const title = f.els.splice(0);
  place(cover, title, geo, bandH - stack(title) - 24 - top);
  // The subtitle, under the band, keeps 8 pt above the publisher's line.
  fitTexts(f, pc, [{ key: 'subtitle', style: 'coverSubtitle', override: {} }], geo.textHeight - 14 - 8 - (bandH - top + 24), 'the cover', lines);
  place(cover, f.els.splice(0), geo, bandH - top + 24);
  f.paragraph(plain(foot, m.at?.publisher), 'coverSubtitle', { override: { size: 11, leading: 14 } });
  place(cover, f.els.splice(0), geo, geo.textHeight - 14);
}
