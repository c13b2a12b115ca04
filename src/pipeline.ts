/**
 * The whole chain in one screen:
 *   load → parse/transform/model → layout → write (PDF, EPUB) → files written atomically.
 */
import path from 'node:path';
import { BookletError, DiagnosticBag, UsageError, type Diagnostic } from './diagnostics.js';
import { FontSet } from './fonts/fontset.js';
import { layoutBooklet } from './layout/index.js';
import { loadHyphenator } from './layout/text/hyphenate.js';
import type { LayoutStats } from './layout/lint.js';
import type { PagedBooklet } from './layout/types.js';
import { ImageResolver } from './load/images.js';
import { loadSource } from './load/source.js';
import type { SourceSet } from './load/types.js';
import { buildBooklet } from './model/build.js';
import type { Booklet } from './model/types.js';
import { loadTemplate, templateFontDirs } from './template/load.js';
import type { Template } from './template/types.js';
import { writeFilesAtomically } from './util/atomic-write.js';
import { displayPath } from './util/paths.js';
import { VERSION } from './version.js';
import { writeEpub } from './write/epub/index.js';
import { writePdf } from './write/pdf/index.js';

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
}

/** Load, model and lay out; throws BookletError when the content has errors (or warnings under --strict). */
export async function prepare(opts: BuildOptions): Promise<Prepared> {
  const src = await loadSource(opts.source, { cwd: opts.cwd, drafts: opts.drafts });
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

  const images = new ImageResolver(src.dir, opts.cwd);
  const booklet = await buildBooklet(
    src,
    { questionMarkers: template.questionMarkers, sourceDateEpoch: opts.sourceDateEpoch, templateName: template.name },
    (ref, pos) => images.resolve(ref, pos, bag),
    bag,
  );
  bag.throwIfErrors();

  const fonts = new FontSet(template, templateFontDirs(template));
  // Names of the interviewees are never hyphenated.
  const names = booklet.episodes.flatMap((e) => e.interviewee.split(/[\s\u00a0-]+/));
  const hyphenator = await loadHyphenator(booklet.meta.language, names);
  const paged = layoutBooklet(booklet, template, fonts, bag, { hyphenator, stats: opts.stats });
  bag.throwIfErrors();
  if (opts.strict && bag.warnings.length) {
    throw new BookletError(bag.items.map((d) => ({ ...d, severity: 'error' as const })));
  }
  return { src, template, booklet, paged, bag };
}

/** `booklet build`: PDF + EPUB + report into the output folder, all or nothing. */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const { template, booklet, paged, bag } = await prepare(opts);
  const meta = booklet.meta;
  const pdf = await writePdf(paged, {
    title: meta.title,
    author: meta.publisher,
    subject: meta.subtitle,
    language: meta.language,
    date: meta.date,
    producer: `booklet ${VERSION}`,
  });
  const epub = await writeEpub(booklet, template, { fontsDir: templateFontDirs(template), cover: booklet.cover?.asset });

  const out = path.resolve(opts.cwd, opts.out);
  const base = path.join(out, meta.output);
  const report = {
    booklet: meta.title,
    template: template.name,
    pages: paged.pages.length,
    diagnostics: bag.items,
  };
  const files = [
    { path: `${base}.pdf`, data: pdf },
    { path: `${base}.epub`, data: epub },
    { path: `${base}.report.json`, data: JSON.stringify(report, null, 2) + '\n' },
  ];
  writeFilesAtomically(files);
  return {
    ok: true,
    diagnostics: bag.items,
    summary: {
      title: meta.title,
      episodes: booklet.episodes.length,
      pages: paged.pages.length,
      template: template.name,
      files: files.map((f) => ({ path: displayPath(f.path, opts.cwd), bytes: typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength })),
      ms: Math.round(performance.now() - t0),
    },
  };
}

/** `booklet check`: everything `build` checks, nothing written. */
export async function check(opts: BuildOptions): Promise<{ ok: true; diagnostics: Diagnostic[]; summary: Omit<BuildSummary, 'files'> }> {
  const t0 = performance.now();
  const { booklet, paged, bag, template } = await prepare(opts);
  return {
    ok: true,
    diagnostics: bag.items,
    summary: { title: booklet.meta.title, episodes: booklet.episodes.length, pages: paged.pages.length, template: template.name, ms: Math.round(performance.now() - t0) },
  };
}

/** SOURCE_DATE_EPOCH from the environment, validated. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got "${v}" — e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`);
  return Number(v);
}
