/**
 * Print production, between layout and the PDF writer:
 *   pad to the signature → prepare images (CMYK / grey, no alpha) → the pages of each file
 *   (marks, cover, imposed spreads) → preflight; then, for `build`, write the PDF/X files.
 */
import path from 'node:path';
import type { Spool } from '../util/atomic-write.js';
import type { PagedBooklet } from '../layout/types.js';
import type { Booklet } from '../model/types.js';
import type { Template } from '../template/types.js';
import { pageLabels, writePdf, type PdfMeta, type PdfxOptions, type Sheet } from '../write/pdf/index.js';
import { prepareImages, type ConversionProfile, type PreparedImage } from './images.js';
import { MM } from './marks.js';
import { preflight, type PreflightResult } from './preflight.js';
import { creepShift, padNotice, padToSignature, saddleOrder, type Padding } from './saddle.js';
import { resolvePrintJob, type PrintJob, type PrintRequest } from './settings.js';
import { coverIndices, imposeSaddle, printSheets, type Imposed, type MarksOptions } from './sheets.js';

export type { PrintRequest } from './settings.js';

export interface PrintPrepared {
  job: PrintJob;
  /** The profile RGB images were (or would be) separated with. */
  conversion: ConversionProfile;
  /** The booklet padded to the signature: what the print files hold. */
  paged: PagedBooklet;
  padding: Padding;
  images: Map<string, PreparedImage>;
  /** Pages of `<name>.pdf`. */
  sheets: Sheet[];
  /** Pages of `<name>-cover.pdf`, when the template asks for it. */
  cover?: Sheet[];
  /** Pages of `<name>-imposed.pdf`, with `--impose saddle`. */
  imposed?: Imposed;
  preflight: PreflightResult;
  /** Lines for the summary (not diagnostics: `--strict` does not fail on them). */
  notices: string[];
  output: string;
}

export interface PrintInput {
  paged: PagedBooklet;
  booklet: Booklet;
  template: Template;
  request: PrintRequest;
  cwd: string;
  /** booklet.yaml and template.yaml as shown to the user. */
  configFile: string;
  show: (p: string) => string;
}

export async function preparePrint(input: PrintInput): Promise<PrintPrepared> {
  const { booklet, template } = input;
  const job = await resolvePrintJob(template, input.request, input.cwd);
  const padding = padToSignature(input.paged, job.signature);
  const paged = padding.paged;
  const output = booklet.meta.output;
  const date = booklet.meta.date.toISOString().slice(0, 10);
  const n = paged.pages.length;

  const assets = paged.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'image' ? [i.asset] : [])));
  const conversion = await job.conversion();
  const images = await prepareImages(assets, conversion);

  // The slug is set in the face that draws the most runs (the body text), then the others.
  const uses = new Map<string, number>();
  for (const p of paged.pages) for (const it of p.items) if (it.kind === 'glyphs') uses.set(it.face.path, (uses.get(it.face.path) ?? 0) + 1);
  const slugFaces = [...paged.faces].sort((a, b) => (uses.get(b.path) ?? 0) - (uses.get(a.path) ?? 0));
  const slugMarks = (file: string, label: (i: number, count: number) => string): MarksOptions => ({
    faces: slugFaces,
    slug: (i, count) => `${file}   ${label(i, count)}   ${date}   ${booklet.meta.title}`,
  });
  const pageLabel = (indices: number[]) => (i: number) => `page ${indices[i]! + 1} / ${n}`;
  const all = paged.pages.map((_, i) => i);
  const sheets = printSheets(paged, job.marks ? slugMarks(`${output}.pdf`, pageLabel(all)) : undefined);
  let cover: Sheet[] | undefined;
  if (job.coverFile) {
    const idx = coverIndices(n);
    cover = printSheets(paged, job.marks ? slugMarks(`${output}-cover.pdf`, pageLabel(idx)) : undefined, idx);
  }
  let imposed: Imposed | undefined;
  if (job.impose) {
    const { sheet, creep } = job.impose;
    const sides = n % 4 === 0 ? saddleOrder(n) : [];
    const label = (i: number) => {
      const o = sides[i]!;
      const shift = creepShift(o.sheet, n / 4, creep);
      return `sheet ${o.sheet} ${o.side}: pages ${o.left} | ${o.right}${shift ? `, creep ${(shift / MM).toFixed(2)} mm` : ''}`;
    };
    imposed = imposeSaddle(paged, { sheet, creep, marks: slugMarks(`${output}-imposed.pdf`, label) });
  }

  const templateFile = input.show(path.join(template.dir, 'template.yaml'));
  const result = preflight({ paged, booklet, template, job, conversion, images, sheets, padding, configFile: input.configFile, templateFile, show: input.show });

  const notices = padNotice(padding);
  return { job, conversion, paged, padding, images, sheets, cover, imposed, preflight: result, notices, output };
}

export type PrintFile = { path: string; data: Uint8Array } | { path: string; spool: Spool };

/** Writes `<name>.pdf` (PDF/X), and `<name>-cover.pdf` / `<name>-imposed.pdf` when asked. */
export async function writePrintFiles(p: PrintPrepared, meta: PdfMeta, base: string): Promise<PrintFile[]> {
  const pdfx = (variant: string) => pdfxOptions(p.job, variant);
  const files: PrintFile[] = [];
  // The print file has one PDF page per booklet page: bookmarks and page labels carry over.
  const nav = { outline: p.paged.outline, pageLabels: pageLabels(p.paged.pages) };
  files.push({ path: `${base}.pdf`, data: await writePdf(p.paged, meta, { images: p.images, sheets: p.sheets, ...nav, pdfx: pdfx('print') }) });
  if (p.cover) files.push({ path: `${base}-cover.pdf`, data: await writePdf(p.paged, meta, { images: p.images, sheets: p.cover, pdfx: pdfx('cover') }) });
  if (p.imposed) files.push({ path: `${base}-imposed.pdf`, data: await writePdf(p.paged, meta, { images: p.images, sheets: p.imposed.sheets, pdfx: pdfx('imposed') }) });
  return files;
}

/** The PDF/X identification and output intent of one file of the job (`print`, `cover`, `imposed`). */
export function pdfxOptions(job: PrintJob, variant: string): PdfxOptions {
  const i = job.intent;
  return { version: job.pdfxVersion, intent: { identifier: i.identifier, condition: i.condition, registry: i.registry, profile: i.profile?.bytes }, variant };
}

/** The `print` and `preflight` parts of `<name>.report.json`. */
export function printReport(p: { job: PrintJob; conversion: ConversionProfile; padding: Omit<Padding, 'paged'>; pageCount: number; preflight: PreflightResult; cover?: Sheet[]; imposed?: Imposed }) {
  const i = p.job.intent;
  return {
    print: {
      standard: p.job.pdfxVersion,
      outputIntent: {
        identifier: i.identifier,
        condition: i.condition,
        registry: i.registry ?? null,
        embeddedProfile: i.profile ? { file: path.basename(i.profile.path), description: i.profile.description } : null,
      },
      imageProfile: { name: p.conversion.name, source: p.conversion.source },
      pages: {
        laidOut: p.padding.before,
        blankAdded: p.padding.added,
        total: p.pageCount,
        signature: p.padding.signature,
        withoutBlanks: p.padding.fewer,
      },
      marks: p.job.marks,
      coverFile: !!p.cover,
      imposition: p.imposed
        ? {
            kind: 'saddle',
            sheet: p.imposed.sheetName,
            bleedAndMarks: !!p.job.impose?.sheet?.printer,
            creepMm: Math.round(((p.job.impose?.creep ?? 0) / MM) * 100) / 100,
            sides: p.imposed.order.map((o) => ({ sheet: o.sheet, side: o.side, left: o.left, right: o.right, shiftMm: Math.round((o.shift / MM) * 1000) / 1000 })),
          }
        : null,
    },
    preflight: { ok: p.preflight.ok, checks: p.preflight.checks, images: p.preflight.images },
  };
}
