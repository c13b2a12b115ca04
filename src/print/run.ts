/**
 * Print production page by page, as the layout hands pages on: each page is checked (preflight facts),
 * its images prepared, and drawn at once into `<name>.pdf` (and `<name>-screen.pdf`), then let go.
 * At the end: the blanks for the signature (before the back cover, held until then), the preflight,
 * the files' navigation. A long booklet's memory then stays that of one episode.
 *
 * The options that need every page at the end — crop marks (their slug says « page i / n »), the
 * cover file and the imposed sheets — keep the pages and go through `preparePrint` (index.ts).
 */
import path from 'node:path';
import { pagedOf, type LayoutEnd } from '../layout/index.js';
import { pageGeometry, type PageGeometry } from '../layout/geometry.js';
import type { ColophonText, Page, PagedBooklet } from '../layout/types.js';
import type { ImageAsset } from '../model/types.js';
import { prepareScreenImages, type ScreenImage } from '../screen/images.js';
import { screenSheets, writeScreenFile } from '../screen/index.js';
import { pageMapEntry, type PageMapEntry } from '../write/epub/page-list.js';
import { PdfWriter, pageLabels, pageSheets, type PdfMeta } from '../write/pdf/index.js';
import { pdfxOptions, preparePrint, printReport, writePrintFiles, type PrintFile, type PrintInput, type PrintPrepared } from './index.js';
import { prepareImages, type ConversionProfile, type PreparedImage } from './images.js';
import { PageFacts, preflightOf, type PreflightResult } from './preflight.js';
import { padCount, padNotice, type Padding } from './saddle.js';
import { resolvePrintJob, type PrintJob } from './settings.js';
import type { Spool, Spools } from '../util/atomic-write.js';

export interface PrintRunInput extends Omit<PrintInput, 'paged'> {
  /** Write the files (build); without it, pages are only checked (check). */
  write?: {
    meta: PdfMeta;
    base: string;
    screen: boolean;
    spools: Spools;
    /** Told of the cover page as soon as it is laid out (the EPUB's cover picture is drawn from it meanwhile). */
    cover?: (cover: PagedBooklet) => void;
  };
}

/** What print production leaves once every page went through. */
export interface PrintResult {
  job: PrintJob;
  padding: Omit<Padding, 'paged'>;
  images: ReadonlyMap<string, PreparedImage>;
  preflight: PreflightResult;
  notices: string[];
  /** Pages of the print file. */
  pageCount: number;
  /** The print file's pages, as the EPUB's page-list needs them. */
  pageMap: PageMapEntry[];
  /** The cover page (the EPUB's cover picture is drawn from it), with the booklet's geometry. */
  coverPage?: PagedBooklet;
  colophon?: ColophonText;
  /** The files written (none for `check`). */
  files: PrintFile[];
  /** The `print` and `preflight` parts of the report. */
  report: ReturnType<typeof printReport>;
}

/** A page as the file's navigation needs it once the page is gone. */
interface PageNote {
  index: number;
  folio: number;
  label?: string;
  entry: PageMapEntry;
}

export class PrintRun {
  private readonly streamed: boolean;
  /** Buffered mode: every page, until the end. */
  private readonly kept: Page[] = [];
  private readonly facts: PageFacts;
  private readonly images = new Map<string, PreparedImage>();
  private readonly screenImages = new Map<string, ScreenImage>();
  private readonly print?: PdfWriter;
  private readonly screen?: PdfWriter;
  private printSpool?: Spool;
  private screenSpool?: Spool;
  private readonly notes: PageNote[] = [];
  private back?: Page;
  private cover?: Page;
  private readonly geo: PageGeometry;

  static async open(input: PrintRunInput): Promise<PrintRun> {
    return new PrintRun(input, await resolvePrintJob(input.template, input.request, input.cwd));
  }

  private constructor(
    private readonly input: PrintRunInput,
    private readonly job: PrintJob,
  ) {
    const geo = (this.geo = pageGeometry(input.template));
    this.facts = new PageFacts(geo, input.template);
    this.streamed = !job.marks && !job.coverFile && !job.impose;
    const w = input.write;
    if (this.streamed && w) {
      // The files' bytes go to temporary files as the pages are drawn.
      this.printSpool = w.spools.open('print.pdf');
      this.print = new PdfWriter(w.meta, { images: this.images, pdfx: pdfxOptions(job, 'print'), size: [geo.width, geo.height], spool: this.printSpool });
      if (w.screen) {
        this.screenSpool = w.spools.open('screen.pdf');
        this.screen = new PdfWriter(w.meta, { images: this.screenImages, screen: true, spool: this.screenSpool });
      }
    }
  }

  /** One page from the layout (in index order, but for the contents, which come after the episodes). */
  async page(p: Page): Promise<void> {
    if (p.kind === 'cover' && !this.cover) {
      this.cover = p;
      this.input.write?.cover?.(this.onePage(p));
    }
    if (!this.streamed) {
      this.kept.push(p);
      return;
    }
    if (this.back) throw new Error(`print: page ${p.index + 1} came after the back cover`);
    // The back cover waits for the blanks that go before it.
    if (p.kind === 'back') this.back = p;
    else await this.emit(p, p, true);
  }

  /** Draw `printed` into the print file, and `laidOut` (the same page, but for its place) into the screen file. */
  private async emit(printed: Page, laidOut: Page | undefined, onScreen: boolean): Promise<void> {
    const fresh = assetsOf(printed).filter((a) => !this.images.has(a.path));
    if (fresh.length) for (const [k, v] of await prepareImages(fresh, await this.job.conversion())) this.images.set(k, v);
    this.facts.page(printed);
    this.notes.push({ index: printed.index, folio: printed.folio, label: printed.label, entry: pageMapEntry(printed) });
    const [sheet] = pageSheets(this.onePage(printed));
    this.facts.sheet(sheet!);
    await this.print?.addSheet(sheet!, printed.index);
    if (this.screen && laidOut && onScreen) {
      const freshScreen = assetsOf(laidOut).filter((a) => !this.screenImages.has(a.path));
      if (freshScreen.length) for (const [k, v] of await prepareScreenImages(freshScreen)) this.screenImages.set(k, v);
      const [s] = screenSheets(this.onePage(laidOut));
      await this.screen.addSheet(s!, laidOut.index);
    }
    // The files hold this page's images now (pdfkit embeds an image once, where it is first drawn):
    // their bytes can go, the preflight only needs what was done to them. A portrait per episode
    // would otherwise keep every episode's picture until the end.
    for (const a of assetsOf(printed)) {
      const im = this.images.get(a.path);
      if (im && im.data.length) this.images.set(a.path, { ...im, data: NO_BYTES });
      const sc = this.screenImages.get(a.path);
      if (sc && sc.data.length && onScreen) this.screenImages.set(a.path, { ...sc, data: NO_BYTES });
    }
  }

  async finish(end: LayoutEnd): Promise<PrintResult> {
    const { input, job } = this;
    if (!this.streamed) return this.finishKept(end);
    const padding = padCount(end.pageCount, job.signature);
    // The blanks go before the back cover when the booklet ends with one, else at the end.
    const at = this.back ? end.pageCount - 1 : end.pageCount;
    for (let i = 0; i < padding.added; i++) {
      const index = at + i;
      await this.emit({ index, folio: index + 1, showFolio: false, kind: 'blank', items: [] }, undefined, false);
    }
    if (this.back) {
      const index = this.back.index + padding.added;
      await this.emit({ ...this.back, index, folio: index + 1 }, this.back, true);
    }
    const outline = end.outline.map((o) => (o.pageIndex >= at ? { ...o, pageIndex: o.pageIndex + padding.added } : o));
    const conversion = await job.conversion();
    const result = this.checks(end, padding, conversion);

    const files: PrintFile[] = [];
    const w = input.write;
    const notes = [...this.notes].sort((a, b) => a.index - b.index);
    if (w && this.print && result.ok) {
      await this.print.finish({ outline, pageLabels: pageLabels(notes) });
      files.push({ path: `${w.base}.pdf`, spool: this.printSpool! });
      if (this.screen) {
        // The screen file has the pages as laid out: no blanks for the signature.
        const laidOut = notes.filter((n) => n.index < at || n.index >= at + padding.added).map((n) => (n.index >= at ? { ...n, index: n.index - padding.added, folio: n.folio - padding.added } : n));
        await this.screen.finish({ outline: end.outline, pageLabels: pageLabels(laidOut) });
        files.push({ path: `${w.base}-screen.pdf`, spool: this.screenSpool! });
      }
    }
    return {
      job,
      padding,
      images: this.images,
      preflight: result,
      notices: padNotice(padding),
      pageCount: notes.length,
      pageMap: notes.map((n) => n.entry),
      coverPage: this.cover ? this.onePage(this.cover) : undefined,
      colophon: end.colophon,
      files,
      report: printReport({ job, conversion, padding, pageCount: notes.length, preflight: result }),
    };
  }

  /** One page with the booklet's geometry. */
  private onePage(page: Page): PagedBooklet {
    const geo = this.geo;
    return { width: geo.width, height: geo.height, trimBox: geo.trimBox, bleedBox: geo.bleedBox, pages: [page], faces: [], outline: [] };
  }

  private checks(end: LayoutEnd, padding: Omit<Padding, 'paged'>, conversion: ConversionProfile): PreflightResult {
    const { input, job } = this;
    const templateFile = input.show(path.join(input.template.dir, 'template.yaml'));
    return preflightOf(this.facts, { faces: end.faces, booklet: input.booklet, template: input.template, job, conversion, images: this.images, padding, configFile: input.configFile, templateFile, show: input.show });
  }

  /** The whole booklet at the end: crop marks, the cover file, imposition (index.ts). */
  private async finishKept(end: LayoutEnd): Promise<PrintResult> {
    const { input } = this;
    const laidOut = pagedOf(end, this.kept);
    const prepared: PrintPrepared = await preparePrint({ ...input, paged: laidOut });
    const files: PrintFile[] = [];
    const w = input.write;
    if (w && prepared.preflight.ok) {
      files.push(...(await writePrintFiles(prepared, w.meta, w.base)));
      if (w.screen) files.push(await writeScreenFile(laidOut, w.meta, w.base));
    }
    return {
      job: prepared.job,
      padding: prepared.padding,
      images: prepared.images,
      preflight: prepared.preflight,
      notices: prepared.notices,
      pageCount: prepared.paged.pages.length,
      pageMap: prepared.paged.pages.map(pageMapEntry),
      coverPage: this.cover ? this.onePage(this.cover) : undefined,
      colophon: end.colophon,
      files,
      report: printReport({ ...prepared, pageCount: prepared.paged.pages.length }),
    };
  }
}

const NO_BYTES = Buffer.alloc(0);

function assetsOf(p: Page): ImageAsset[] {
  const out: ImageAsset[] = [];
  for (const it of p.items) if (it.kind === 'image') out.push(it.asset);
  return out;
}
