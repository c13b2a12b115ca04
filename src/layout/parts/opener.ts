/**
 * The episode opener, at the top of the episode's first page: kicker (« Épisode 3 »), title,
 * headline in quotation marks, a short rule, interviewee and role, the portrait with its credit,
 * the standfirst.
 */
import { quoteHeadline } from '../../i18n/words.js';
import type { Episode } from '../../model/types.js';
import type { FlowBuilder } from '../flow.js';
import { figureTag } from '../tags.js';
import { plain, type PartContext } from './context.js';

export function opener(f: FlowBuilder, ep: Episode, pc: PartContext): void {
  const { template: t, geo, words } = pc;
  f.space(geo.textHeight * 0.12, true);
  f.paragraph(plain(`${words.episode} ${ep.number}`), 'kicker', { keepAll: true, keepWithNext: true });
  f.paragraph(plain(ep.title, ep.at?.title), 'title', { keepAll: true, keepWithNext: true });
  // The headline's position is moved back by the opening quote, so that columns fall on the source.
  const hAt = ep.at?.headline;
  if (ep.headline) {
    const q = quoteHeadline(ep.headline, words.quoteOpen, words.quoteClose);
    f.paragraph(plain(q.text, hAt && { ...hAt, column: hAt.column - (q.added ? [...words.quoteOpen].length : 0) }), 'headline', { keepAll: true, keepWithNext: true });
  }
  f.rule(geo.textWidth * 0.18);
  f.space(t.styles.interviewee.leading * 0.6, true);
  f.paragraph(plain(ep.interviewee, ep.at?.interviewee), 'interviewee', { keepAll: true, keepWithNext: true });
  if (ep.role) f.paragraph(plain(ep.role, ep.at?.role), 'role', { keepAll: true, keepWithNext: true });
  if (ep.portrait) {
    f.image(ep.portrait.asset, geo.textWidth * 0.5, geo.textHeight * 0.32, undefined, true, 'left', figureTag(ep.portrait, undefined, ep.interviewee));
    if (ep.portrait.credit) f.paragraph(plain(ep.portrait.credit, ep.at?.portrait_credit), 'caption', { keepAll: true, keepWithNext: true });
    else f.space(t.styles.caption.spaceAfter, true);
  }
  for (const p of ep.lede) f.paragraph(p, 'lede');
}
