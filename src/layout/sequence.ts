/**
 * The growing sequence of pages that the parts of the booklet are laid out into:
 * new pages, a blank to reach a recto, paginating a part's flow, and the outline entries.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { Template } from '../template/types.js';
import type { FlowEl } from './flow.js';
import type { PageGeometry } from './geometry.js';
import { lintPages, type LayoutStats } from './lint.js';
import { paginate, type FootNotes } from './paginate.js';
import { placeChunk } from './place.js';
import type { OutlineEntry, Page, PageKind } from './types.js';

export class PageSequence {
  readonly pages: Page[] = [];
  readonly outline: OutlineEntry[] = [];

  constructor(
    private readonly geo: PageGeometry,
    private readonly template: Template,
    private readonly bag: DiagnosticBag,
    private readonly stats?: LayoutStats,
  ) {}

  newPage(kind: PageKind, episode?: number): Page {
    const index = this.pages.length;
    const page: Page = { index, folio: index + 1, showFolio: kind === 'body' || kind === 'preface', kind, episode, items: [] };
    this.pages.push(page);
    return page;
  }

  /** Add a blank page if needed so that the next page is a recto (an odd folio). */
  toRecto(): void {
    if (this.pages.length % 2 === 1) this.newPage('blank');
  }

  /** An outline entry (PDF bookmark) pointing at the next page to be added. */
  bookmark(title: string): void {
    this.outline.push({ title, pageIndex: this.pages.length });
  }

  /** Paginate a part's flow, and its notes at the page feet, onto new pages: the first of kind `firstKind`, the others 'body'. */
  flow(els: FlowEl[], firstKind: PageKind, episode: number | undefined, file: string, notes?: FootNotes): void {
    const geo = this.geo;
    const chunks = paginate(els, geo.textHeight, geo.textHeight, geo.grid, notes);
    lintPages(chunks, chunks.map((_, i) => this.pages.length + i + 1), this.template.linebreak.tolerance, { height: geo.textHeight, grid: geo.grid }, this.bag, this.stats, file);
    chunks.forEach((chunk, i) => {
      const page = this.newPage(i === 0 ? firstKind : 'body', episode);
      placeChunk(page, chunk, geo);
    });
  }
}
