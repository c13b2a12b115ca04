/** A three-page A5 PagedBooklet built by hand (fontkit shaping), for the PDF writer's tests. */
import type { GlyphRun, Page, PageItem, PagedBooklet } from '../../../src/layout/types.js';
import type { PdfMeta } from '../../../src/write/pdf/index.js';
import { ACCENT, BLACK, EMOJI, GARAMOND, GARAMOND_ITALIC, MM, a5, image, line, runWidth } from './helpers.js';

export const META: PdfMeta = {
  title: 'Entretiens & paroles',
  author: 'Rédaction',
  subject: 'Test du PDF',
  language: 'fr-FR',
  date: new Date('2024-05-01T10:00:00Z'),
  producer: 'booklet 0.1.0',
};

export const BODY = 10.5;
export const LEAD = 13;

/** The lines of page 1 (x = left margin, baselines every LEAD). */
export const PAGE1_LINES = [
  'Une démarche efficace officielle et affinée\u202f:',
  '«\u202fJe suis arrivé en 1962, n°\u00a012\u202f!\u202f» dit-elle.',
  'Les fiefs, la flamme et l’affluence du soir',
  'ont fini par s’effacer ; la suite est ailleurs.',
];

export interface Sample {
  paged: PagedBooklet;
  /** Runs worth checking, by name. */
  runs: Record<string, GlyphRun>;
}

export function sample(): Sample {
  const geo = a5();
  const bleed = 3 * MM;
  const left = bleed + 18 * MM;
  const top = bleed + 20 * MM;
  const runs: Record<string, GlyphRun> = {};

  // Page 1: a full-bleed band at the top, a heading, an emoji, body lines with ligatures and
  // French spaces, a rule.
  const p1: PageItem[] = [];
  p1.push({ kind: 'rect', x: 0, y: 0, w: geo.width, h: bleed + 12 * MM, fill: [0, 60, 100, 0] });
  const heading = line(GARAMOND, 20, left, top + 14, 'Premier entretien', ACCENT);
  runs.heading = heading;
  p1.push(heading);
  const emoji = line(EMOJI, 14, left + runWidth(heading) + 6, top + 14, '💬', ACCENT);
  runs.emoji = emoji;
  p1.push(emoji);
  p1.push({ kind: 'line', x1: left, y1: top + 22, x2: geo.width - left, y2: top + 22, width: 0.5, color: ACCENT });
  PAGE1_LINES.forEach((t, i) => {
    const r = line(GARAMOND, BODY, left, top + 44 + i * LEAD, t, BLACK);
    runs[`body${i}`] = r;
    p1.push(r);
  });
  const ital = line(GARAMOND_ITALIC, BODY, left, top + 44 + 5 * LEAD, 'Propos recueillis en mai.', BLACK);
  runs.italic = ital;
  p1.push(ital);

  // Page 2: two images and captions.
  const p2: PageItem[] = [];
  p2.push({ kind: 'image', asset: image('photo-cmyk.jpg', 'jpeg', 48, 32), x: left, y: top, w: 48 * 3, h: 32 * 3 });
  const cap1 = line(GARAMOND_ITALIC, 9, left, top + 96 + 12, 'Photo en quadrichromie.', BLACK);
  p2.push(cap1);
  p2.push({ kind: 'image', asset: image('figure-gray.png', 'png', 48, 32), x: left, y: top + 140, w: 48 * 2, h: 32 * 2 });
  const cap2 = line(GARAMOND_ITALIC, 9, left, top + 140 + 64 + 12, 'Figure en niveaux de gris.', BLACK);
  p2.push(cap2);
  runs.cap1 = cap1;

  // Page 3: a tinted box behind text, folio.
  const p3: PageItem[] = [];
  p3.push({ kind: 'rect', x: left - 6, y: top - 12, w: geo.width - 2 * left + 12, h: 40, fill: [10, 0, 0, 0] });
  const q = line(GARAMOND, BODY, left, top + 4, 'Deuxième entretien, efficace officielle.', BLACK);
  runs.page3 = q;
  p3.push(q);
  const folio = line(GARAMOND, 9, geo.width / 2 - 3, geo.height - bleed - 12 * MM, '3', BLACK);
  p3.push(folio);

  const pages: Page[] = [p1, p2, p3].map((items, index) => ({
    index,
    folio: index + 1,
    showFolio: index === 2,
    kind: 'body',
    items,
  }));
  return {
    paged: {
      ...geo,
      pages,
      faces: [GARAMOND, EMOJI, GARAMOND_ITALIC],
      outline: [
        { title: 'Premier entretien', pageIndex: 0 },
        { title: 'Deuxième entretien', pageIndex: 2 },
      ],
    },
    runs,
  };
}
