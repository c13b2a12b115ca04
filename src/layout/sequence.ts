/**
 * The growing sequence of pages that the parts of the booklet are laid out into:
 * new pages, a blank to reach a recto or a verso, paginating a part's flow (onto new pages or
 * onto pages reserved earlier), and the outline entries.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { Template } from '../template/types.js';
import type { FlowEl } from './flow.js';
import type { PageGeometry } from './geometry.js';
import { lintPages, type LayoutStats } from './lint.js';
import { paginate, type FootNotes, type PlacedEl } from './paginate.js';
import { placeChunk } from './place.js';
import type { OutlineEntry, Page, PageKind, ColophonText } from './types.js';

/** Pages that print their folio: running text, not covers, blanks, the title page or openers. */
const FOLIO_KINDS: ReadonlySet<PageKind> = new Set(['body', 'preface', 'contents', 'colophon']);

export class PageSequence {
  readonly pages: Page[] = [];
  readonly outline: OutlineEntry[] = [];
  colophon?: ColophonText;

  constructor(
    private readonly geo: PageGeometry,
    private readonly template: Template,
    private readonly bag: DiagnosticBag,
    private readonly stats?: LayoutStats,
  ) {}

  newPage(kind: PageKind, episode?: number): Page {
    const index = this.pages.length;
    const page: Page = { index, folio: index + 1, showFolio: FOLIO_KINDS.has(kind), kind, episode, items: [] };
    this.pages.push(page);
    return page;
  }

  /** Add a blank page if needed so that the next page is a recto (an odd folio). */
  toRecto(): void {
    if (this.pages.length % 2 === 1) this.newPage('blank');
  }

  /** Add a blank page if needed so that the next page is a verso (an even folio). */
  toVerso(): void {
    if (this.pages.length % 2 === 0) this.newPage('blank');
  }

  /** An outline entry (PDF bookmark) pointing at the next page to be added. */
  bookmark(title: string): void {
    this.outline.push({ title, pageIndex: this.pages.length });
  }

  /** Paginate a part's flow, and its notes at the page feet, onto new pages: the first of kind `firstKind`, the others 'body'. */
  flow(els: FlowEl[], firstKind: PageKind, episode: number | undefined, file: string, notes?: FootNotes): void {
    const chunks = this.paginate(els, notes);
    this.lint(chunks, file, this.pages.length);
    chunks.forEach((chunk, i) => {
      const page = this.newPage(i === 0 ? firstKind : 'body', episode);
      placeChunk(page, chunk, this.geo);
    });
  }

  /** How many pages a flow takes (nothing is placed or reported). */
  count(els: FlowEl[]): number {
    return this.paginate(els).length;
  }

  /** `n` empty pages of one kind, to be filled later with `fill` (e.g. the contents). */
  reserve(n: number, kind: PageKind): Page[] {
    return Array.from({ length: n }, () => this.newPage(kind));
  }

  /**
   * Paginate a flow onto pages reserved earlier; false (nothing placed) if it takes another number
   * of pages. Not linted: what goes there (the contents) is not running text.
   */
  fill(pages: Page[], els: FlowEl[]): boolean {
    const chunks = this.paginate(els);
    if (chunks.length !== pages.length) return false;
    chunks.forEach((chunk, i) => placeChunk(pages[i]!, chunk, this.geo));
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
