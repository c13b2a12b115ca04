/**
 * The growing sequence of pages that the parts of the booklet are laid out into:
 * new pages, a blank to reach a recto or a verso, paginating a part's flow (onto new pages or
 * onto pages reserved earlier), and the outline entries.
 *
 * Pages are handed on as soon as they are done (`take`), so that a long booklet never holds all of
 * them: every page not reserved is done once the part that made it returns; reserved pages (the
 * contents) once they are filled. `take` gives them their furniture (folio, running head) first.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { Template } from '../template/types.js';
import type { FlowEl } from './flow.js';
import type { PageGeometry } from './geometry.js';
import { lintPages, type LayoutStats } from './lint.js';
import { paginate, type FootNotes, type PlacedEl } from './paginate.js';
import { placeChunk } from './place.js';
import type { FaceRef, OutlineEntry, Page, PageKind, ColophonText } from './types.js';

/** Pages that print their folio: running text, not covers, blanks, the title page or openers. */
const FOLIO_KINDS: ReadonlySet<PageKind> = new Set(['body', 'preface', 'contents', 'colophon']);

export class PageSequence {
  readonly outline: OutlineEntry[] = [];
  colophon?: ColophonText;
  /** Pages made so far. */
  private made = 0;
  /** Pages made and not yet taken, in index order. */
  private pending: Page[] = [];
  /** Reserved pages not yet filled. */
  private readonly held = new Set<Page>();
  /** Faces of the text taken so far (furniture aside), with the index of the first page that drew each. */
  private readonly textFaces = new Map<string, { face: FaceRef; index: number; order: number }>();
  /** Every face taken so far, furniture included, likewise. */
  private readonly allFaces = new Map<string, { face: FaceRef; index: number; order: number }>();

  constructor(
    private readonly geo: PageGeometry,
    private readonly template: Template,
    private readonly bag: DiagnosticBag,
    private readonly stats?: LayoutStats,
    /** Adds a page's furniture (folio, running head) when it is taken. */
    private readonly furnish: (page: Page) => void = () => {},
  ) {}

  /** How many pages have been made: the index of the next one. */
  get length(): number {
    return this.made;
  }

  newPage(kind: PageKind, episode?: number): Page {
    const index = this.made++;
    const page: Page = { index, folio: index + 1, showFolio: FOLIO_KINDS.has(kind), kind, episode, items: [] };
    this.pending.push(page);
    return page;
  }

  /** A page made and not yet taken (undefined once taken). */
  page(index: number): Page | undefined {
    return this.pending.find((p) => p.index === index);
  }

  /**
   * The pages done since the last call, furnished, in index order (a reserved page comes once it is
   * filled, after pages with higher indices may have gone). The sequence lets them go.
   */
  take(): Page[] {
    const done = this.pending.filter((p) => !this.held.has(p));
    if (!done.length) return done;
    this.pending = this.pending.filter((p) => this.held.has(p));
    for (const p of done) {
      noteFaces(p, this.textFaces);
      this.furnish(p);
      noteFaces(p, this.allFaces);
    }
    return done;
  }

  /** Faces drawn by the text of the pages taken so far (folios and running heads aside), in page order. */
  textFacesSoFar(): FaceRef[] {
    return inPageOrder(this.textFaces);
  }

  /** Every face drawn on the pages taken so far, in the order of the first page that drew each. */
  facesSoFar(): FaceRef[] {
    return inPageOrder(this.allFaces);
  }

  /** Add a blank page if needed so that the next page is a recto (an odd folio). */
  toRecto(): void {
    if (this.made % 2 === 1) this.newPage('blank');
  }

  /** Add a blank page if needed so that the next page is a verso (an even folio). */
  toVerso(): void {
    if (this.made % 2 === 0) this.newPage('blank');
  }

  /** An outline entry (PDF bookmark) pointing at the next page to be added. */
  bookmark(title: string): void {
    this.outline.push({ title, pageIndex: this.made });
  }

  /**
   * Paginate a part's flow, and its notes at the page feet, onto new pages: the first of kind
   * `firstKind`, the others 'body'. Returns the pages.
   */
  flow(els: FlowEl[], firstKind: PageKind, episode: number | undefined, file: string, notes?: FootNotes): Page[] {
    const chunks = this.paginate(els, notes);
    this.lint(chunks, file, this.made);
    return chunks.map((chunk, i) => {
      const page = this.newPage(i === 0 ? firstKind : 'body', episode);
      placeChunk(page, chunk, this.geo);
      return page;
    });
  }

  /** How many pages a flow takes (nothing is placed or reported). */
  count(els: FlowEl[]): number {
    return this.paginate(els).length;
  }

  /** `n` empty pages of one kind, to be filled later with `fill` (e.g. the contents). */
  reserve(n: number, kind: PageKind): Page[] {
    const pages = Array.from({ length: n }, () => this.newPage(kind));
    for (const p of pages) this.held.add(p);
    return pages;
  }

  /**
   * Paginate a flow onto pages reserved earlier; false (nothing placed) if it takes another number
   * of pages. Not linted: what goes there (the contents) is not running text.
   */
  fill(pages: Page[], els: FlowEl[]): boolean {
    const chunks = this.paginate(els);
    if (chunks.length !== pages.length) return false;
    chunks.forEach((chunk, i) => placeChunk(pages[i]!, chunk, this.geo));
    for (const p of pages) this.held.delete(p);
    return true;
  }

  private paginate(els: FlowEl[], notes?: FootNotes): PlacedEl[][] {
    const geo = this.geo;
    return paginate(els, geo.textHeight, geo.textHeight, geo.grid, notes);
  }

  private lint(chunks: PlacedEl[][], file: string, firstIndex: number): void {
    const geo = this.geo;
    lintPages(chunks, chunks.map((_, i) => firstIndex + i + 1), this.template.linebreak.tolerance, { height: geo.textHeight, grid: geo.grid }, this.bag, this.stats, file);
  }
}

type FaceUses = Map<string, { face: FaceRef; index: number; order: number }>;

function noteFaces(page: Page, uses: FaceUses): void {
  let order = 0;
  for (const it of page.items) {
    if (it.kind !== 'glyphs') continue;
    const u = uses.get(it.face.id);
    if (!u || page.index < u.index) uses.set(it.face.id, { face: it.face, index: page.index, order });
    order++;
  }
}

function inPageOrder(uses: FaceUses): FaceRef[] {
  return [...uses.values()].sort((a, b) => a.index - b.index || a.order - b.order).map((u) => u.face);
}
