/**
 * The layout room: Booklet + Template + fonts → PagedBooklet.
 * The parts of the booklet, in order, each in its own module under parts/.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { FontSet } from '../fonts/fontset.js';
import { wordsFor } from '../i18n/words.js';
import type { Booklet } from '../model/types.js';
import type { Template } from '../template/types.js';
import type { FlowContext } from './flow.js';
import { pageGeometry } from './geometry.js';
import type { Hyphenator } from './text/hyphenate.js';
import type { LayoutStats } from './lint.js';
import { PageSequence } from './sequence.js';
import type { PartContext } from './parts/context.js';
import { frontCover } from './parts/cover.js';
import { preface } from './parts/preface.js';
import { episode } from './parts/episode.js';
import { folio } from './parts/folio.js';
import { runningHeads } from './parts/running-heads.js';
import type { FaceRef, PagedBooklet } from './types.js';

export interface LayoutOptions {
  hyphenator?: Hyphenator;
  /** Collects line and page figures (for the lint report and the benchmark). */
  stats?: LayoutStats;
}

export function layoutBooklet(booklet: Booklet, template: Template, fonts: FontSet, bag: DiagnosticBag, opts: LayoutOptions = {}): PagedBooklet {
  const geo = pageGeometry(template);
  const flow: FlowContext = { fonts, template, bag, lang: booklet.meta.language, width: geo.textWidth, pageHeight: geo.textHeight, hyphenator: opts.hyphenator, grid: geo.grid };
  const seq = new PageSequence(geo, template, bag, opts.stats);
  const pc: PartContext = { booklet, template, geo, flow, words: wordsFor(booklet.meta.language), seq };

  frontCover(pc);
  seq.newPage('blank'); // inside cover
  preface(pc);
  for (const ep of booklet.episodes) episode(pc, ep);

  for (const p of seq.pages) if (p.showFolio) folio(p, geo, flow);
  runningHeads(seq.pages, pc);
  return { width: geo.width, height: geo.height, trimBox: geo.trimBox, bleedBox: geo.bleedBox, pages: seq.pages, faces: facesUsed(seq), outline: seq.outline };
}

/** Every face drawn, in first-use order (the PDF embeds them in this order). */
function facesUsed(seq: PageSequence): FaceRef[] {
  const faces: FaceRef[] = [];
  const seen = new Set<string>();
  for (const p of seq.pages)
    for (const it of p.items)
      if (it.kind === 'glyphs' && !seen.has(it.face.id)) {
        seen.add(it.face.id);
        faces.push(it.face);
      }
  return faces;
}
