/**
 * The structure role of each paragraph style, for the screen PDF's tags (see `StructTag`):
 * the same elements as the EPUB — the book, preface and episode titles are H1, questions and
 * intertitles H2 (a question after an intertitle H3), captions Caption, other text P.
 * Folios and running heads have no role: they are artifacts.
 */
import type { ImageRef } from '../model/types.js';
import type { StyleName } from '../template/types.js';
import type { StructRole, StructTag } from './types.js';

export const STYLE_ROLE: Record<StyleName, StructRole | null> = {
  body: 'P',
  question: 'H2',
  heading: 'H2',
  pullquote: 'P',
  lede: 'P',
  kicker: 'P',
  title: 'H1',
  headline: 'P',
  interviewee: 'P',
  role: 'P',
  caption: 'Caption',
  footnote: 'P',
  folio: null,
  runningHead: null,
  prefaceTitle: 'H1',
  coverTitle: 'H1',
  coverSubtitle: 'P',
  openerNumber: 'P',
};

/** A new element for a paragraph in `style` (undefined for artifacts). */
export function tagFor(style: StyleName, parent?: StructTag): StructTag | undefined {
  const role = STYLE_ROLE[style];
  if (!role) return undefined;
  return parent ? { role, parent } : { role };
}

/** A Figure with the image's alt text (`fallback` when it has none); none for a decorative image (an artifact). */
export function figureTag(image: ImageRef, parent?: StructTag, fallback = ''): StructTag | undefined {
  const alt = image.alt.trim();
  if (alt.toLowerCase() === 'decorative') return undefined;
  return { role: 'Figure', parent, alt: alt || fallback };
}
