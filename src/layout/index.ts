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
import { RunningHeads } from './parts/running-heads.js';
import type { Page, PagedBooklet } from './types.js';

export interface LayoutOptions {
  hyphenator?: Hyphenator;
  /** Collects line and page figures (for the lint report and the benchmark). */
  stats?: LayoutStats;
}

/** What the layout knows once every page is out: the booklet's geometry, faces, outline, colophon. */
export type LayoutEnd = Omit<PagedBooklet, 'pages'> & { pageCount: number };

/**
 * What layoutPages yields when the next episode is not in `booklet.episodes` yet (a build streams
 * the model into the layout, src/pipeline.ts): the caller adds it, or ends the layout, and resumes.
 */
export const EPISODE_WANTED = Symbol('episode wanted');

/**
 * The whole booklet at once, pages in index order: for tests and for the print options that need
 * every page at the end (marks, imposition, the cover file).
 */
export function layoutBooklet(booklet: Booklet, template: Template, fonts: FontSet, bag: DiagnosticBag, opts: LayoutOptions = {}): PagedBooklet {
  const gen = layoutPages(booklet, template, fonts, bag, opts);
  const pages: Page[] = [];
  for (;;) {
    const r = gen.next();
    if (r.done) return pagedOf(r.value, pages);
    if (r.value === EPISODE_WANTED) throw new Error('layoutBooklet: the booklet has fewer episodes than heads');
    pages.push(r.value);
  }
}

/** The laid-out booklet from the layout's end and its pages, which are put in index order. */
export function pagedOf(end: LayoutEnd, pages: Page[]): PagedBooklet {
  const { pageCount: _, ...rest } = end;
  return { ...rest, pages: pages.sort((a, b) => a.index - b.index) };
}

/**
 * The pages as they are done, furnished (folios, running heads): part after part, each episode's
 * pages once it is laid out, the contents' once every episode is. Pages come in index order except
 * the contents', which come after the episodes'. The generator's value is the LayoutEnd.
 * Before each episode not yet in `booklet.episodes` (only its head is known), it yields
 * EPISODE_WANTED until the caller has added it.
 */
export function* layoutPages(booklet: Booklet, template: Template, fonts: FontSet, bag: DiagnosticBag, opts: LayoutOptions = {}): Generator<Page | typeof EPISODE_WANTED, LayoutEnd> {
  const geo = pageGeometry(template);
  const flow: FlowContext = { fonts, template, bag, lang: booklet.meta.language, width: geo.textWidth, pageHeight: geo.textHeight, hyphenator: opts.hyphenator, grid: geo.grid };
  let heads: RunningHeads | undefined;
  const seq = new PageSequence(geo, template, bag, opts.stats, (p) => {
    if (p.showFolio) folio(p, geo, flow);
    heads!.apply(p);
  });
  const pc: PartContext = { booklet, template, geo, flow, words: wordsFor(booklet.meta.language), seq };
  heads = new RunningHeads(pc);
  const parts = new Set<PartName>(booklet.meta.parts ?? template.parts ?? PART_NAMES);
  const prefaceShown = parts.has('preface') && !!booklet.preface;

  // Named destinations on the first page of each part: what the contents' entries link to (screen PDF).
  const anchor = (index: number | undefined, name: string) => {
    const page = index !== undefined ? seq.page(index) : undefined;
    if (page) (page.anchors ??= []).push(name);
  };
  if (parts.has('cover')) frontCover(pc);
  if (parts.has('inside-cover')) seq.newPage('blank');
  if (parts.has('title-page')) titlePage(pc);
  const prefacePage = prefaceShown ? preface(pc) : undefined;
  anchor(prefacePage, 'preface');
  // The contents' pages are reserved here and filled once the episodes are laid out.
  const entries: ContentsEntry[] = [
    ...(prefacePage !== undefined ? [{ name: booklet.preface!.title ?? pc.words.preface, nameAt: booklet.preface!.title !== undefined ? booklet.preface!.titleAt : undefined, dest: 'preface' }] : []),
    ...booklet.heads.map((ep) => ({ number: ep.number, name: ep.interviewee, nameAt: ep.at?.interviewee, headline: ep.headline, headlineAt: ep.at?.headline, dest: `episode-${ep.number}` })),
  ];
  const contentsPage = seq.length;
  const contents = parts.has('contents') ? reserveContents(pc, entries) : undefined;
  if (contents) anchor(contentsPage, 'contents');
  yield* seq.take();
  const starts: number[] = [];
  for (let i = 0; i < booklet.heads.length; i++) {
    while (booklet.episodes.length <= i) yield EPISODE_WANTED;
    const ep = booklet.episodes[i]!;
    const start = episode(pc, ep);
    anchor(start, `episode-${ep.number}`);
    starts.push(start);
    yield* seq.take();
  }
  // A page's folio is its index + 1 until the print room pads the booklet, after the last episode.
  contents?.fill([...(prefacePage !== undefined ? [prefacePage] : []), ...starts].map((i) => i + 1));
  yield* seq.take();
  if (parts.has('colophon')) {
    const colophonPage = seq.length;
    colophon(pc);
    anchor(colophonPage, 'colophon');
  }
  if (parts.has('back-cover')) backCover(pc);
  yield* seq.take();
  return { width: geo.width, height: geo.height, trimBox: geo.trimBox, bleedBox: geo.bleedBox, faces: seq.facesSoFar(), outline: seq.outline, colophon: seq.colophon, pageCount: seq.length };
}
