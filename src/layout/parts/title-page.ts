/**
 * The title page (a recto): title and subtitle in the upper third, a short accent rule, and at the
 * foot the edition, the publisher and the year. No folio.
 */
import { FlowBuilder, type FlowEl } from '../flow.js';
import { place } from '../place.js';
import { plain, type PartContext } from './context.js';
import { fitTexts } from './fit.js';

export function titlePage(pc: PartContext): void {
  const { booklet, template: t, geo, seq, words } = pc;
  const m = booklet.meta;
  seq.toRecto();
  seq.bookmark(words.titlePage);
  const page = seq.newPage('title');
  const f = new FlowBuilder({ ...pc.flow, grid: 0 });
  const height = (els: FlowEl[]) => els.reduce((h, e) => h + e.height, 0);
  const text = t.colors.text;
  // Everything follows the alignment of the template's cover title.
  const align = t.styles.coverTitle.align === 'justify' ? 'left' : t.styles.coverTitle.align;

  if (m.edition) f.paragraph(plain(m.edition, m.at?.edition), 'role', { override: { align, spaceAfter: 6 } });
  if (m.publisher) f.paragraph(plain(m.publisher, m.at?.publisher), 'interviewee', { override: { align } });
  f.paragraph(plain(String(m.year)), 'role', { override: { align, spaceAfter: 0 } });
  const foot = f.els.splice(0);
  // Title and subtitle, smaller together when they would not keep 24 pt clear of the foot.
  const texts = [
    { key: 'title', style: 'coverTitle', override: { color: text, align } },
    { key: 'subtitle', style: 'coverSubtitle', override: { color: text, align } },
  ] as const;
  const footKey = (m.edition?.length ?? 0) > (m.publisher?.length ?? 0) ? 'edition' : 'publisher';
  fitTexts(f, pc, [...texts], geo.textHeight - height(foot) - 24, 'the title page', height, { key: footKey, height: height(foot) });
  const head = f.els.splice(0);
  // A long title moves up so that it keeps clear of the foot.
  const top = Math.max(0, Math.min(geo.textHeight * 0.22, geo.textHeight - height(foot) - height(head) - 24));
  place(page, head, geo, top);
  // The accent rule under the subtitle.
  const ruleW = geo.textWidth * 0.18;
  const x = geo.textLeft(page.index) + (align === 'center' ? (geo.textWidth - ruleW) / 2 : align === 'right' ? geo.textWidth - ruleW : 0);
  const y = geo.textTop(page.index) + top + height(head) + 6;
  page.items.push({ kind: 'line', x1: x, y1: y, x2: x + ruleW, y2: y, width: 0.75, color: t.colors.accent });

  place(page, foot, geo, geo.textHeight - height(foot));
}
