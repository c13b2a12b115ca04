/**
 * The whole chain in one screen:
 *   load → parse/transform/model → layout → write (PDF, EPUB) → files written atomically.
 */
import path from 'node:path';
import type { BuildCache } from './cache.js';
import { BookletError, DiagnosticBag, UsageError, type Diagnostic } from './diagnostics.js';
import { FontSet } from './fonts/fontset.js';
import { cacheDirFromEnv, MetricsStore } from './fonts/metrics-cache.js';
import { EPISODE_WANTED, layoutPages, pagedOf, type LayoutEnd } from './layout/index.js';
import type { Page, PagedBooklet } from './layout/types.js';
import { loadHyphenator } from './layout/text/hyphenate.js';
import type { LayoutStats } from './layout/lint.js';
import { ImageResolver } from './load/images.js';
import { loadSource } from './load/source.js';
import type { PrintRequest } from './print/index.js';
import { offerBuiltinCmykProfile } from './print/images.js';
import { PrintRun, type PrintResult, type PrintRunInput } from './print/run.js';
import type { Check } from './print/preflight.js';
import type { SourceSet } from './load/types.js';
import { BookletBuilder } from './model/build.js';
import { TYPESET_AHEAD_MIN_EPISODES, TypesetAhead, type TypesetWorkerMode } from './model/typeset-ahead.js';
import { episodeText } from './model/typeset.js';
import { withParseMemo } from './parse/markdown.js';
import type { Booklet } from './model/types.js';
import { loadTemplate, templateFontDirs } from './template/load.js';
import type { Template } from './template/types.js';
import { checkOutputFolder, Spools, sizeOf, writeFilesAtomically, type FileToWrite } from './util/atomic-write.js';
import { displayPath } from './util/paths.js';
import { VERSION } from './version.js';
import { streamEpub } from './write/epub/index.js';
import { CoverRenderer, type CoverPicture } from './write/svg/cover.js';
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
   * Keep every laid-out page and return them (`paged`): for tests and tools that look at all pages.
   * A build lets each page go once printed, so that memory does not grow with the booklet.
   */
  keepPages?: boolean;
  /** Called with each laid-out page once it is printed (the page is let go afterwards unless kept). */
  onPage?: (page: Page) => void | Promise<void>;
  /**
   * Called at the start (`done` 0) and end of each stage, and as files are written: `load` and
   * `model` count episodes, `layout` and `print` pages (0 while unknown), `write` files.
   */
  onProgress?: (stage: 'load' | 'model' | 'layout' | 'print' | 'write', done: number, total: number) => void;
  /**
   * Typeset the episodes' Markdown ahead of the layout on a worker thread (src/model/typeset-ahead.ts):
   * `auto` (the default) from TYPESET_AHEAD_MIN_EPISODES episodes on and never with a `cache`; `on`/`off`
   * force it (BOOKLET_TYPESET_WORKER). The same outputs either way.
   */
  typesetWorker?: TypesetWorkerMode;
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
  template: Template;
  booklet: Booklet;
  bag: DiagnosticBag;
  /** Print production's result: pages, preflight, and for `build` the PDF files' bytes. */
  print: PrintResult;
  /** The laid-out booklet (before signature padding), with `keepPages` only. */
  paged?: PagedBooklet;
  /** The build's image resolver (for the error of an image gone since it was checked). */
  images: ImageResolver;
}

/** A read of an image that failed after it was checked (moved away since) as a content error at its reference; another error as it is. */
function imageReadError(e: unknown, images: ImageResolver, bag: DiagnosticBag): unknown {
  const d = images.readFailure(e);
  if (!d) return e;
  bag.add(d);
  return new BookletError(bag.items);
}

/**
 * Load, model, lay out and print page by page (src/print/run.ts): each page is checked and, for
 * `build` (`write`), drawn into the PDF files as soon as the layout hands it on, then let go.
 * Throws BookletError when the content has errors (or warnings under --strict).
 */
export async function prepare(opts: BuildOptions & { keepPages: true }, write?: (booklet: Booklet) => PrintRunInput['write'], loaded?: (src: SourceSet) => void): Promise<Prepared & { paged: PagedBooklet }>;
export async function prepare(opts: BuildOptions, write?: (booklet: Booklet) => PrintRunInput['write'], loaded?: (src: SourceSet) => void): Promise<Prepared>;
/** `loaded`: told of the sources once they are read without an error. */
export async function prepare(opts: BuildOptions, write?: (booklet: Booklet) => PrintRunInput['write'], loaded?: (src: SourceSet) => void): Promise<Prepared> {
  const progress = opts.onProgress ?? (() => {});
  opts.cache?.startBuild();
  progress('load', 0, 0);
  let src: SourceSet | undefined = await loadSource(opts.source, { cwd: opts.cwd, drafts: opts.drafts, cache: opts.cache?.files });
  progress('load', src.episodes.length, src.episodes.length);
  if (!src.diagnostics.some((d) => d.severity === 'error')) loaded?.(src);
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
  if (opts.bleed !== undefined) template = { ...template, page: { ...template.page, bleed: (opts.bleed * 72) / 25.4 }, keyLines: { ...template.keyLines, 'page.bleed': '--bleed' } };
  if (opts.linebreak) template = { ...template, linebreak: { ...template.linebreak, algorithm: opts.linebreak } };

  const images = new ImageResolver(src.dir, opts.cwd, opts.cache?.images);
  progress('model', 0, src.episodes.length);
  // The episodes' Markdown is typeset ahead of the layout on a worker thread (src/model/typeset-ahead.ts),
  // but for a few episodes, and in watch, whose cache keeps parsed trees on this thread.
  const mode = opts.typesetWorker ?? 'auto';
  const ahead =
    !opts.cache && (mode === 'on' || (mode === 'auto' && src.episodes.length >= TYPESET_AHEAD_MIN_EPISODES))
      ? new TypesetAhead(src.episodes.map(episodeText), src.config.language, template.questionMarkers)
      : undefined;
  // The sources are let go as the model no longer needs them (a long booklet's memory).
  const held = { src: src as SourceSet | undefined };
  src = undefined;
  try {
    return { ...(await modelAndLayout(opts, held, template, images, bag, ahead, write)), images };
  } catch (e) {
    throw imageReadError(e, images, bag);
  } finally {
    void ahead?.dispose();
  }
}

/**
 * The model streamed into the layout and print production: the booklet is made with every
 * episode's head, then each episode is made when the layout comes to it (BookletBuilder). An error
 * in the model stops the layout; every episode is still made, so that all the model's errors are
 * reported, as they are when nothing was laid out. The diagnostics come in the order of a model
 * made before the layout: the sources', the model's, the layout's, the preflight's.
 */
async function modelAndLayout(
  opts: BuildOptions,
  held: { src?: SourceSet },
  template: Template,
  images: ImageResolver,
  bag: DiagnosticBag,
  ahead: TypesetAhead | undefined,
  write?: (booklet: Booklet) => PrintRunInput['write'],
): Promise<Omit<Prepared, 'images'>> {
  const progress = opts.onProgress ?? (() => {});
  const modelOpts = { questionMarkers: template.questionMarkers, sourceDateEpoch: opts.sourceDateEpoch, templateName: template.name };
  const { configFile, episodes: { length: episodes } } = held.src!;
  const builder = new BookletBuilder(held.src!, modelOpts, (ref, pos, b) => images.resolve(ref, pos, b), ahead?.typesetter);
  // From here, the builder holds what the model still needs of the sources (each episode's until it is made).
  held.src = undefined;
  const memo = opts.cache?.parsed;
  const makeRest = () =>
    withParseMemo(memo, async () => {
      while (await builder.next());
    });
  const made = () => {
    for (const d of builder.diagnostics()) bag.add(d);
    progress('model', episodes, episodes);
  };
  await withParseMemo(memo, () => builder.start());
  // The sources' errors too (they are reported with the model's). With an error in the model, every
  // episode is made for its diagnostics, and nothing more.
  if (builder.hasErrors || bag.hasErrors) {
    await makeRest();
    made();
    throw new BookletError(bag.items);
  }
  const booklet = builder.booklet;

  const fonts = opts.cache?.fontSet(template, templateFontDirs(template)) ?? new FontSet(template, templateFontDirs(template), undefined, new MetricsStore(cacheDirFromEnv()));
  progress('layout', 0, 0);
  // Names of the interviewees are never hyphenated.
  const names = booklet.heads.flatMap((e) => e.interviewee.split(/[\s\u00a0-]+/));
  const hyphenator = await loadHyphenator(booklet.meta.language, names);
  // Print production: signature padding, images to CMYK or grey, marks and imposition, preflight.
  const run = await PrintRun.open({ booklet, template, request: opts.print ?? {}, cwd: opts.cwd, configFile, show: (p) => displayPath(p, opts.cwd), write: write?.(booklet) });
  // The layout's diagnostics come after the model's: kept aside until the model is made.
  const layoutBag = new DiagnosticBag();
  const pages = layoutPages(booklet, template, fonts, layoutBag, { hyphenator, stats: opts.stats });
  let done = 0;
  let end: LayoutEnd | undefined;
  const kept: Page[] | undefined = opts.keepPages ? [] : undefined;
  for (;;) {
    const r = pages.next();
    if (r.done) {
      end = r.value;
      break;
    }
    if (r.value === EPISODE_WANTED) {
      await withParseMemo(memo, () => builder.next());
      // An error in the model stops the layout.
      if (builder.hasErrors) break;
      continue;
    }
    kept?.push(r.value);
    await run.page(r.value);
    await opts.onPage?.(r.value);
    progress('layout', ++done, 0);
  }
  // After an error in the model, the episodes left are made for their diagnostics.
  await makeRest();
  // What shaping learnt goes to the persistent cache (src/fonts/metrics-cache.ts), errors or not.
  fonts.metrics.save();
  made();
  if (builder.hasErrors || !end) throw new BookletError(bag.items);
  for (const d of layoutBag.items) bag.add(d);
  bag.throwIfErrors();
  progress('layout', end.pageCount, end.pageCount);
  progress('print', 0, end.pageCount);
  const print = await run.finish(end);
  for (const d of print.preflight.diagnostics) bag.add(d);
  bag.throwIfErrors();
  progress('print', print.pageCount, print.pageCount);
  if (opts.strict && bag.warnings.length) {
    throw new BookletError(bag.items.map((d) => ({ ...d, severity: 'error' as const })));
  }
  return { template, booklet, bag, print, paged: kept && pagedOf(end, kept) };
}

/** `booklet build`: PDF + EPUB + report into the output folder, all or nothing. */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const screen = opts.variants?.includes('screen') ?? false;
  const steps = screen ? 4 : 3;
  const out = path.resolve(opts.cwd, opts.out);
  // The PDFs and the EPUB are written to temporary files as they are made; removed at the end, whatever happens.
  const spools = new Spools();
  const cover: { renderer?: CoverRenderer } = {};
  try {
    return await buildInto(opts, out, screen, steps, t0, spools, cover);
  } finally {
    cover.renderer?.dispose();
    spools.dispose();
  }
}

async function buildInto(opts: BuildOptions, out: string, screen: boolean, steps: number, t0: number, spools: Spools, cover: { renderer?: CoverRenderer }): Promise<BuildResult> {
  // An output folder that cannot be written stops the build before its work, not after.
  checkOutputFolder(out);
  let base = '';
  let coverArt: Promise<CoverPicture | undefined> | undefined;
  // Without a cover image, the EPUB's cover is a picture of the print cover, drawn by sharp in a
  // process started as soon as the sources are read: its start overlaps the model and the layout.
  // It loads sharp, so it also names libvips' CMYK profile for the print report. A cover and a
  // profile met before come from the cache folder, without a process (cover-cache.ts).
  const sourcesRead = (src: SourceSet) => {
    if (src.config.cover_image) return;
    cover.renderer = new CoverRenderer(cacheDirFromEnv());
    offerBuiltinCmykProfile(cover.renderer.profile);
  };
  const { template, booklet, bag, print, images } = await prepare(
    opts,
    (b) => {
      base = path.join(out, b.meta.output);
      const draw = (page: PagedBooklet) => {
        // Started when the sources were read (a build whose sources have errors stops before the layout).
        coverArt = (cover.renderer ??= new CoverRenderer(cacheDirFromEnv())).picture(page);
        // Awaited below; a build that fails first must not leave an unhandled rejection.
        coverArt.catch(() => {});
      };
      return { meta: pdfMetaOf(b), base, screen, spools, cover: b.cover ? undefined : draw };
    },
    sourcesRead,
  );
  const meta = booklet.meta;
  opts.onProgress?.('write', 0, steps);
  opts.onProgress?.('write', screen ? 2 : 1, steps);
  // The EPUB's page-list points at the pages of the print file.
  // Written to a temporary file as its entries are made, like the PDFs.
  const epub = spools.open('book.epub');
  try {
    await streamEpub(booklet, template, { fontsDir: templateFontDirs(template), cover: booklet.cover?.asset, coverArt: await coverArt, pageMap: print.pageMap, colophon: print.colophon }, (c) => epub.write(c));
  } catch (e) {
    throw imageReadError(e, images, bag);
  }
  opts.onProgress?.('write', steps - 1, steps);

  const report = {
    booklet: meta.title,
    template: template.name,
    pages: print.pageCount,
    diagnostics: bag.items,
    notices: print.notices,
    ...print.report,
  };
  const files: FileToWrite[] = [
    ...print.files,
    { path: `${base}.epub`, spool: epub },
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
      pages: print.pageCount,
      template: template.name,
      files: files.map((f) => ({ path: displayPath(f.path, opts.cwd), bytes: sizeOf(f) })),
      ms: Math.round(performance.now() - t0),
      notices: print.notices,
      preflight: print.preflight.checks,
    },
  };
}

/** Metadata of the PDF files: title, publisher as author, subtitle as subject, the interviewees as keywords. */
function pdfMetaOf(booklet: Booklet): PdfMeta {
  const meta = booklet.meta;
  const keywords = [...new Set(booklet.heads.map((e) => e.interviewee.trim()))].join(', ');
  return { title: meta.title, author: meta.publisher, subject: meta.subtitle, keywords: keywords || undefined, language: meta.language, date: meta.date, producer: `booklet ${VERSION}`, identifier: meta.identifier };
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
      pages: print.pageCount,
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
  const n = Number(v);
  // 9999-12-31T23:59:59Z: later dates have no four-digit year, which PDF and EPUB dates need.
  const MAX_SOURCE_DATE_EPOCH = 253402300799;
  if (n > MAX_SOURCE_DATE_EPOCH) {
    const got = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, at most ${MAX_SOURCE_DATE_EPOCH} (the end of the year 9999), got "${got}" — e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`);
  }
  return n;
}
