/**
 * The whole chain in one screen:
 *   load → parse/transform/model → layout → write (PDF, EPUB) → files written atomically.
 */
import path from 'node:path';
import type { BuildCache } from './cache.js';
import { BookletError, DiagnosticBag, UsageError, type Diagnostic } from './diagnostics.js';
import { FontSet } from './fonts/fontset.js';
import { cacheDirFromEnv, MetricsStore } from './fonts/metrics-cache.js';
import { layoutBooklet } from './layout/index.js';
import { loadHyphenator } from './layout/text/hyphenate.js';
import type { LayoutStats } from './layout/lint.js';
import type { PagedBooklet } from './layout/types.js';
import { ImageResolver } from './load/images.js';
import { loadSource } from './load/source.js';
import { preparePrint, printReport, writePrintFiles, type PrintPrepared, type PrintRequest } from './print/index.js';
import type { Check } from './print/preflight.js';
import type { SourceSet } from './load/types.js';
import { buildBooklet } from './model/build.js';
import { withParseMemo } from './parse/markdown.js';
import type { Booklet } from './model/types.js';
import { loadTemplate, templateFontDirs } from './template/load.js';
import type { Template } from './template/types.js';
import { writeFilesAtomically } from './util/atomic-write.js';
import { displayPath } from './util/paths.js';
import { VERSION } from './version.js';
import { writeEpub } from './write/epub/index.js';
import { writeScreenFile } from './screen/index.js';
import { pageMapOf } from './write/epub/page-list.js';
import { coverPicture } from './write/svg/cover.js';
import type { PdfMeta } from './write/pdf/index.js';

export interface BuildOptions {
  /** Source folder. */
  source: string;
  /** Output folder. */
  out: string;
  cwd: string;
  /** Template name overriding booklet.yaml's. */
  template?: string;
  drafts: boolean;
  strict: boolean;
  /** Bleed in mm overriding the template's. */
  bleed?: number;
  /** SOURCE_DATE_EPOCH, seconds. */
  sourceDateEpoch?: number;
  /** Line breaker overriding the template's (`greedy` to compare with Knuth–Plass). */
  linebreak?: 'knuth-plass' | 'greedy';
  /** Collects layout figures (lines, hyphens, ratios, widows…). */
  stats?: LayoutStats;
  /** Print production options: --marks, --impose, --sheet, --creep. */
  print?: PrintRequest;
  /** Extra PDF variants written next to the print PDF: `screen` → `<name>-screen.pdf`. */
  variants?: 'screen'[];
  /** Kept across builds by `booklet watch`: unchanged files are not read, parsed or decoded again (src/cache.ts). */
  cache?: BuildCache;
  /**
   * Called at the start (`done` 0) and end of each stage, and as files are written: `load` and
   * `model` count episodes, `layout` and `print` pages (0 while unknown), `write` files.
   */
  onProgress?: (stage: 'load' | 'model' | 'layout' | 'print' | 'write', done: number, total: number) => void;
}

export interface OutputFile {
  path: string;
  bytes: number;
}

export interface BuildSummary {
  title: string;
  episodes: number;
  pages: number;
  template: string;
  files: OutputFile[];
  ms: number;
  /** Print notices (blank pages added…): information, never a failure. */
  notices: string[];
  /** Preflight of the print PDF. */
  preflight: Check[];
}

export interface BuildResult {
  ok: true;
  diagnostics: Diagnostic[];
  summary: BuildSummary;
}

interface Prepared {
  src: SourceSet;
  template: Template;
  booklet: Booklet;
  paged: PagedBooklet;
  bag: DiagnosticBag;
  /** The print files' pages, images and preflight (src/print). */
  print: PrintPrepared;
}

/** Load, model and lay out; throws BookletError when the content has errors (or warnings under --strict). */
export async function prepare(opts: BuildOptions): Promise<Prepared> {
  const progress = opts.onProgress ?? (() => {});
  opts.cache?.startBuild();
  progress('load', 0, 0);
  const src = await loadSource(opts.source, { cwd: opts.cwd, drafts: opts.drafts, cache: opts.cache?.files });
  progress('load', src.episodes.length, src.episodes.length);
  const bag = new DiagnosticBag();
  for (const d of src.diagnostics) bag.add(d);

  const name = opts.template ?? src.config.template;
  const at = opts.template
    ? { file: '--template', line: 0, column: 0 }
    : { file: src.configFile, line: src.configKeys.template?.line ?? 0, column: src.configKeys.template?.column ?? 0 };
  let template: Template;
  try {
    template = loadTemplate(name, src.dir, at, opts.cwd);
  } catch (e) {
    if (e instanceof BookletError) throw new BookletError([...bag.items, ...e.diagnostics]);
    throw e;
  }
  if (opts.bleed !== undefined) template = { ...template, page: { ...template.page, bleed: (opts.bleed * 72) / 25.4 } };
  if (opts.linebreak) template = { ...template, linebreak: { ...template.linebreak, algorithm: opts.linebreak } };

  const images = new ImageResolver(src.dir, opts.cwd, opts.cache?.images);
  progress('model', 0, src.episodes.length);
  const booklet = await withParseMemo(opts.cache?.parsed, () =>
    buildBooklet(
      src,
      { questionMarkers: template.questionMarkers, sourceDateEpoch: opts.sourceDateEpoch, templateName: template.name },
      (ref, pos) => images.resolve(ref, pos, bag),
      bag,
    ),
  );
  bag.throwIfErrors();
  progress('model', booklet.episodes.length, booklet.episodes.length);

  const fonts = opts.cache?.fontSet(template, templateFontDirs(template)) ?? new FontSet(template, templateFontDirs(template), undefined, new MetricsStore(cacheDirFromEnv()));
  progress('layout', 0, 0);
  // Names of the interviewees are never hyphenated.
  const names = booklet.episodes.flatMap((e) => e.interviewee.split(/[\s\u00a0-]+/));
  const hyphenator = await loadHyphenator(booklet.meta.language, names);
  const paged = layoutBooklet(booklet, template, fonts, bag, { hyphenator, stats: opts.stats });
  // What shaping learnt goes to the persistent cache (src/fonts/metrics-cache.ts), errors or not.
  fonts.metrics.save();
  bag.throwIfErrors();
  progress('layout', paged.pages.length, paged.pages.length);
  progress('print', 0, paged.pages.length);

  // Print production: signature padding, images to CMYK or grey, marks and imposition, preflight.
  const print = await preparePrint({ paged, booklet, template, request: opts.print ?? {}, cwd: opts.cwd, configFile: src.configFile, show: (p) => displayPath(p, opts.cwd) });
  for (const d of print.preflight.diagnostics) bag.add(d);
  bag.throwIfErrors();
  progress('print', print.paged.pages.length, print.paged.pages.length);
  if (opts.strict && bag.warnings.length) {
    throw new BookletError(bag.items.map((d) => ({ ...d, severity: 'error' as const })));
  }
  return { src, template, booklet, paged, bag, print };
}

/** `booklet build`: PDF + EPUB + report into the output folder, all or nothing. */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const prepared: Partial<Prepared> = await prepare(opts);
  const { template, booklet, bag } = prepared as Prepared;
  const meta = booklet.meta;
  const out = path.resolve(opts.cwd, opts.out);
  const base = path.join(out, meta.output);
  const screen = opts.variants?.includes('screen') ?? false;
  const steps = screen ? 4 : 3;
  opts.onProgress?.('write', 0, steps);
  const { pdfs, pages, notices, preflight, printPart, coverArt, pageMap, colophon } = await writePdfs(prepared, base, screen, (done) => opts.onProgress?.('write', done, steps));
  const epub = writeEpub(booklet, template, { fontsDir: templateFontDirs(template), cover: booklet.cover?.asset, coverArt, pageMap, colophon });
  opts.onProgress?.('write', steps - 1, steps);

  const report = {
    booklet: meta.title,
    template: template.name,
    pages,
    diagnostics: bag.items,
    notices,
    ...printPart,
  };
  const files = [
    ...pdfs,
    { path: `${base}.epub`, data: epub },
    { path: `${base}.report.json`, data: JSON.stringify(report, null, 2) + '\n' },
  ];
  writeFilesAtomically(files);
  opts.onProgress?.('write', steps, steps);
  return {
    ok: true,
    diagnostics: bag.items,
    summary: {
      title: meta.title,
      episodes: booklet.episodes.length,
      pages,
      template: template.name,
      files: files.map((f) => ({ path: displayPath(f.path, opts.cwd), bytes: typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength })),
      ms: Math.round(performance.now() - t0),
      notices,
      preflight,
    },
  };
}

/** Metadata of the PDF files: title, publisher as author, subtitle as subject, the interviewees as keywords. */
function pdfMetaOf(booklet: Booklet): PdfMeta {
  const meta = booklet.meta;
  const keywords = [...new Set(booklet.episodes.map((e) => e.interviewee.trim()))].join(', ');
  return { title: meta.title, author: meta.publisher, subject: meta.subtitle, keywords: keywords || undefined, language: meta.language, date: meta.date, producer: `booklet ${VERSION}`, identifier: meta.identifier };
}

/**
 * <name>.pdf (PDF/X), and <name>-cover.pdf / <name>-imposed.pdf when asked, <name>-screen.pdf with
 * `screen`; then the pages and the sources are let go (the EPUB is made from the Booklet): a long
 * booklet's peak memory.
 */
async function writePdfs(prepared: Partial<Prepared>, base: string, screen: boolean, progress: (done: number) => void) {
  const print = prepared.print!;
  const pdfMeta = pdfMetaOf(prepared.booklet!);
  const pdfs = await writePrintFiles(print, pdfMeta, base);
  progress(1);
  // <name>-screen.pdf: the pages as laid out (no saddle-stitch blanks), RGB, tagged, links active.
  if (screen) {
    pdfs.push(await writeScreenFile(prepared.paged!, pdfMeta, base));
    progress(2);
  }
  // The EPUB's page-list points at the pages of the print file written above.
  // Without a cover image, the EPUB's cover is a picture of the print cover.
  const coverArt = prepared.booklet!.cover ? undefined : await coverPicture(print.paged);
  const pageMap = pageMapOf(print.paged);
  const result = { pdfs, pages: print.paged.pages.length, notices: print.notices, preflight: print.preflight.checks, printPart: printReport(print), coverArt, pageMap, colophon: print.paged.colophon };
  prepared.print = undefined;
  prepared.paged = undefined;
  prepared.src = undefined;
  return result;
}

/** `booklet check`: everything `build` checks, nothing written. */
export async function check(opts: BuildOptions): Promise<{ ok: true; diagnostics: Diagnostic[]; summary: Omit<BuildSummary, 'files'> }> {
  const t0 = performance.now();
  const { booklet, bag, template, print } = await prepare(opts);
  return {
    ok: true,
    diagnostics: bag.items,
    summary: {
      title: booklet.meta.title,
      episodes: booklet.episodes.length,
      pages: print.paged.pages.length,
      template: template.name,
      ms: Math.round(performance.now() - t0),
      notices: print.notices,
      preflight: print.preflight.checks,
    },
  };
}

/** SOURCE_DATE_EPOCH from the environment, validated. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got "${v}" — e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`);
  return Number(v);
}
