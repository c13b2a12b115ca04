/**
 * The layout room: Booklet + Template + fonts → PagedBooklet.
 * The parts of the booklet, in order, each in its own module under parts/; which parts appear
 * comes from booklet.yaml's `parts:`, else the template's, else all (src/model/parts.ts).
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { FontSet } from '../fonts/fontset.js';
import { wordsFor } from '../i18n/words.js';
import type { Booklet } from '../model/types.js';
import { PART_NAMES, type PartName } from '../model/parts.js';
import type { Template } from '../template/types.js';
import type { FlowContext } from './flow.js';
import { pageGeometry } from './geometry.js';
import type { Hyphenator } from './text/hyphenate.js';
import type { LayoutStats } from './lint.js';
import { PageSequence } from './sequence.js';
import type { PartContext } from './parts/context.js';
import { frontCover } from './parts/cover.js';
import { titlePage } from './parts/title-page.js';
import { preface } from './parts/preface.js';
import { reserveContents, type ContentsEntry } from './parts/contents.js';
import { episode } from './parts/episode.js';
import { colophon } from './parts/colophon.js';
import { backCover } from './parts/back-cover.js';
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
  const parts = new Set<PartName>(booklet.meta.parts ?? template.parts ?? PART_NAMES);
  const prefaceShown = parts.has('preface') && !!booklet.preface;

  if (parts.has('cover')) frontCover(pc);
  if (parts.has('inside-cover')) seq.newPage('blank');
  if (parts.has('title-page')) titlePage(pc);
  const prefacePage = prefaceShown ? preface(pc) : undefined;
  // Named destinations on the first page of each part: what the contents' entries link to (screen PDF).
  const anchor = (index: number | undefined, name: string) => {
    const page = index !== undefined ? seq.pages[index] : undefined;
    if (page) (page.anchors ??= []).push(name);
  };
  anchor(prefacePage, 'preface');
  // The contents' pages are reserved here and filled once the episodes are laid out.
  const entries: ContentsEntry[] = [
    ...(prefacePage !== undefined ? [{ name: booklet.preface!.title ?? pc.words.preface, nameAt: booklet.preface!.title !== undefined ? booklet.preface!.titleAt : undefined, dest: 'preface' }] : []),
    ...booklet.episodes.map((ep) => ({ number: ep.number, name: ep.interviewee, nameAt: ep.at?.interviewee, headline: ep.headline, headlineAt: ep.at?.headline, dest: `episode-${ep.number}` })),
  ];
  const contentsPage = seq.pages.length;
  const contents = parts.has('contents') ? reserveContents(pc, entries) : undefined;
  if (contents) anchor(contentsPage, 'contents');
  const starts = booklet.episodes.map((ep) => episode(pc, ep));
  booklet.episodes.forEach((ep, i) => anchor(starts[i], `episode-${ep.number}`));
  contents?.fill([...(prefacePage !== undefined ? [prefacePage] : []), ...starts].map((i) => seq.pages[i]!.folio));
  if (parts.has('colophon')) {
    const colophonPage = seq.pages.length;
    colophon(pc);
    anchor(colophonPage, 'colophon');
  }
  if (parts.has('back-cover')) backCover(pc);

  for (const p of seq.pages) if (p.showFolio) folio(p, geo, flow);
  runningHeads(seq.pages, pc);
  return { width: geo.width, height: geo.height, trimBox: geo.trimBox, bleedBox: geo.bleedBox, pages: seq.pages, faces: facesUsed(seq), outline: seq.outline, colophon: seq.colophon };
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
