/**
 * Preflight of the print PDF, on our own model (the PagedBooklet, the template, the prepared images
 * and the sheets the writer will draw), before anything is written:
 *
 *   boxes         TrimBox ⊆ BleedBox ⊆ MediaBox on every page (with marks: on every sheet)
 *   bleed         bleed ≥ 3 mm; anything reaching the trim edge goes on to the bleed edge
 *   fonts         every face drawn is embedded (the writer embeds all it draws) and allows embedding
 *   colour        DeviceCMYK / DeviceGray only: template colours are CMYK, images prepared to CMYK or grey;
 *                 text in 100 % K (a rich black under 36 pt is a warning, 4-colour black an error)
 *   transparency  none: no opacity in the model, alpha flattened, no soft mask
 *   images        effective resolution (pixels ÷ placed inches): < 300 ppi warning, < 150 ppi error
 *   ink           total ink of every colour used: > 300 % warning, > 330 % error
 *   lines         rule widths: < 0.25 pt warning, < 0.15 pt error
 *   pages         page count a multiple of the signature (after padding; the padding is reported)
 *
 * Errors become error diagnostics (the build fails, nothing is written); warnings become warning
 * diagnostics (errors under --strict). The padding notice is not a diagnostic.
 */
import fs from 'node:fs';
import type * as fontkit from 'fontkit';
import { openFontFile } from '../fonts/font-files.js';
import type { Diagnostic } from '../diagnostics.js';
import type { FaceRef, Page, PagedBooklet } from '../layout/types.js';
import type { Block, Booklet, ImageAsset, Pos } from '../model/types.js';
import type { Cmyk, Template } from '../template/types.js';
import type { Sheet } from '../write/pdf/index.js';
import type { ConversionProfile, PreparedImage } from './images.js';
import { MM } from './marks.js';
import type { Padding } from './saddle.js';
import type { PrintJob } from './settings.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  id: 'boxes' | 'bleed' | 'fonts' | 'colour' | 'transparency' | 'images' | 'ink' | 'lines' | 'pages' | 'standard';
  status: CheckStatus;
  /** One line for the terminal. */
  summary: string;
}

export interface ImageReport {
  file: string;
  pixels: [number, number];
  /** Lowest effective resolution over its placements (ppi). */
  ppi: number;
  from: string;
  to: string;
  action: string;
  alphaFlattened: boolean;
  profile?: string;
}

export interface PreflightResult {
  ok: boolean;
  checks: Check[];
  images: ImageReport[];
  diagnostics: Diagnostic[];
}

/** What preflight needs besides the pages (which it reads once each, through PageFacts). */
export interface PreflightContext {
  /** Every face drawn, as the layout listed them. */
  faces: readonly FaceRef[];
  booklet: Booklet;
  template: Template;
  job: PrintJob;
  /** The profile RGB images are separated with (job.conversion's). */
  conversion: ConversionProfile;
  images: ReadonlyMap<string, PreparedImage>;
  padding: Omit<Padding, 'paged'>;
  /** booklet.yaml as shown to the user (where the cover image is named). */
  configFile: string;
  /** template.yaml as shown to the user. */
  templateFile: string;
  /** Shows an absolute path the way diagnostics do. */
  show: (p: string) => string;
}

export interface PreflightInput extends Omit<PreflightContext, 'faces'> {
  paged: PagedBooklet;
  sheets: Sheet[];
}

const EPS = 0.01;
export const PPI_WARN = 300;
export const PPI_FAIL = 150;
export const TAC_WARN = 300;
export const TAC_FAIL = 330;
export const LINE_WARN = 0.25;
export const LINE_FAIL = 0.15;

export function totalInk(c: Cmyk): number {
  return c[0] + c[1] + c[2] + c[3];
}

/** Preflight of a whole booklet and its sheets. */
export function preflight(input: PreflightInput): PreflightResult {
  const { paged, sheets, ...rest } = input;
  const facts = new PageFacts(paged, rest.template);
  for (const s of sheets) facts.sheet(s);
  for (const p of paged.pages) facts.page(p);
  return preflightOf(facts, { ...rest, faces: paged.faces });
}

/** What the checks need from each page and sheet, gathered one at a time (pages may then be let go). */
export class PageFacts {
  sheets = 0;
  badBoxes: number[] = [];
  firstSheet?: { width: number; height: number; trimBox: readonly number[] };
  pages = 0;
  readonly bleed: number;
  private readonly trim: { left: number; top: number; right: number; bottom: number };
  private readonly edge: { left: number; top: number; right: number; bottom: number };
  touching = 0;
  /** Areas reaching the trim that stop short of the bleed edge: page folio, kind, sides. */
  short: { folio: number; image: boolean; sides: string[] }[] = [];
  readonly drawn = new Set<string>();
  readonly colours = new Map<string, { colour: Cmyk; where: string }>();
  /** Lowest effective resolution of each image, by path. */
  readonly lowest = new Map<string, { ppi: number; page: number; asset: ImageAsset; pos: Pos | undefined }>();
  thinnest = Infinity;
  /** Each rule width under the warning limit, first page it is on. */
  readonly thin = new Map<number, number>();

  constructor(geometry: { width: number; height: number; trimBox: readonly number[]; bleedBox: readonly number[] }, t: Template) {
    const [tx1, ty1, tx2, ty2] = geometry.trimBox as [number, number, number, number];
    this.trim = { left: tx1, top: geometry.height - ty2, right: tx2, bottom: geometry.height - ty1 };
    this.bleed = tx1 - geometry.bleedBox[0]!;
    const b = this.bleed;
    this.edge = { left: this.trim.left - b, top: this.trim.top - b, right: this.trim.right + b, bottom: this.trim.bottom + b };
    const add = (c: Cmyk, where: string) => this.colour(c, where);
    add(t.colors.text, 'colors.text');
    add(t.colors.accent, 'colors.accent');
    add(t.colors.rule, 'colors.rule');
    add(t.question.markerColor, 'question.markerColor');
    for (const [name, s] of Object.entries(t.styles)) add(s.color, `styles.${name}.color`);
  }

  private colour(c: Cmyk, where: string): void {
    const k = c.join(',');
    if (!this.colours.has(k)) this.colours.set(k, { colour: c, where });
  }

  sheet(s: { width: number; height: number; trimBox: readonly number[]; bleedBox: readonly number[] }): void {
    this.firstSheet ??= s;
    const media: [number, number, number, number] = [0, 0, s.width, s.height];
    if (!inside(s.trimBox, s.bleedBox) || !inside(s.bleedBox, media)) this.badBoxes.push(this.sheets + 1);
    this.sheets++;
  }

  page(page: Page): void {
    this.pages++;
    const { trim, edge } = this;
    for (const it of page.items) {
      if (it.kind === 'glyphs') {
        this.drawn.add(it.face.path);
        this.colour(it.color, `text on page ${page.folio}`);
      } else if (it.kind === 'line') {
        this.colour(it.color, `a rule on page ${page.folio}`);
        this.thinnest = Math.min(this.thinnest, it.width);
        if (it.width < LINE_WARN && !this.thin.has(it.width)) this.thin.set(it.width, page.folio);
      } else {
        if (it.kind === 'rect') this.colour(it.fill, `a coloured area on page ${page.folio}`);
        else {
          const ppi = Math.min(it.asset.width / (it.w / 72), it.asset.height / (it.h / 72));
          const cur = this.lowest.get(it.asset.path);
          if (!cur || ppi < cur.ppi) this.lowest.set(it.asset.path, { ppi, page: page.folio, asset: it.asset, pos: it.pos });
        }
        const r = { left: it.x, top: it.y, right: it.x + it.w, bottom: it.y + it.h };
        const sides: string[] = [];
        if (r.left <= trim.left + EPS && r.right > trim.left) sides.push(r.left <= edge.left + EPS ? '' : 'left');
        if (r.right >= trim.right - EPS && r.left < trim.right) sides.push(r.right >= edge.right - EPS ? '' : 'right');
        if (r.top <= trim.top + EPS && r.bottom > trim.top) sides.push(r.top <= edge.top + EPS ? '' : 'top');
        if (r.bottom >= trim.bottom - EPS && r.top < trim.bottom) sides.push(r.bottom >= edge.bottom - EPS ? '' : 'bottom');
        if (sides.length) this.touching++;
        const stops = sides.filter(Boolean);
        if (stops.length && this.bleed > 0) this.short.push({ folio: page.folio, image: it.kind === 'image', sides: stops });
      }
    }
  }
}

/** The checks, from the facts gathered page by page. */
export function preflightOf(facts: PageFacts, input: PreflightContext): PreflightResult {
  const { template, job, images, padding } = input;
  const diags: Diagnostic[] = [];
  const checks: Check[] = [];
  const tfile = input.templateFile;
  const diag = (file: string, line: number, severity: 'error' | 'warning', code: string, message: string) =>
    diags.push({ file, line, column: line > 0 ? 1 : 0, severity, code, message });
  // A template key's diagnostic, at its line (the command line's for `--bleed`).
  const keyDiag = (key: string, severity: 'error' | 'warning', code: string, message: string) => {
    const at = template.keyLines?.[key];
    if (at === '--bleed') diag('--bleed', 0, severity, code, message);
    else diag(tfile, at ?? 0, severity, code, message);
  };
  const worst = (a: CheckStatus, b: CheckStatus): CheckStatus => (a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'pass');

  // --- boxes -------------------------------------------------------------------------------------
  {
    const bad = facts.badBoxes.length;
    for (const i of facts.badBoxes) {
      diag(tfile, 0, 'error', 'preflight-boxes', `page ${i}: the TrimBox must lie inside the BleedBox and the BleedBox inside the MediaBox — this is a bug in booklet; please report it`);
    }
    const s0 = facts.firstSheet;
    const n = facts.sheets;
    const size = s0 ? `MediaBox ${mm(s0.width)}×${mm(s0.height)} mm, TrimBox ${mm(s0.trimBox[2]! - s0.trimBox[0]!)}×${mm(s0.trimBox[3]! - s0.trimBox[1]!)} mm` : 'no page';
    checks.push({ id: 'boxes', status: bad ? 'fail' : 'pass', summary: `${size}; MediaBox ⊇ BleedBox ⊇ TrimBox on ${bad ? `${n - bad} of ` : 'all '}${n} pages` });
  }

  // --- bleed -------------------------------------------------------------------------------------
  {
    const bleed = facts.bleed;
    let status: CheckStatus = 'pass';
    const short = facts.short.length;
    const touching = facts.touching;
    for (const sh of facts.short) {
      diag(tfile, 0, 'error', 'preflight-bleed', `page ${sh.folio}: ${sh.image ? 'an image' : 'a coloured area'} reaches the ${sh.sides.join(' and ')} trim edge but stops before the bleed edge — it must go on ${mm(bleed)} mm past the trim (this is a bug in the layout or the template; please report it)`);
    }
    if (short) status = 'fail';
    else if (bleed < 3 * MM - EPS) {
      status = 'warn';
      keyDiag('page.bleed', 'warning', 'preflight-bleed-small', `the bleed is ${mm(bleed)} mm; printers ask for 3 mm — build without --bleed (or with --bleed 3), unless the printer said otherwise`);
    }
    checks.push({ id: 'bleed', status, summary: `${mm(bleed)} mm on every side; ${touching} area${touching === 1 ? '' : 's'} reaching the trim edge${short ? `, ${short} stopping short of the bleed edge` : ', all running into the bleed'}` });
  }

  // --- fonts -------------------------------------------------------------------------------------
  {
    const names: string[] = [];
    let status: CheckStatus = 'pass';
    const drawn = facts.drawn;
    for (const face of input.faces) {
      if (!fs.existsSync(face.path)) {
        status = 'fail';
        diag(tfile, 0, 'error', 'preflight-font', `font file ${input.show(face.path)} is missing — reinstall booklet or fix the template's fonts`);
        continue;
      }
      const f = openFontFile(face.path) as fontkit.Font & { 'OS/2'?: { fsType?: Record<string, boolean> } };
      names.push(f.postscriptName);
      const fsType = f['OS/2']?.fsType;
      if (fsType?.noEmbedding) {
        status = 'fail';
        diag(tfile, 0, 'error', 'preflight-font-licence', `${f.postscriptName} (${input.show(face.path)}) does not allow embedding (OS/2 fsType: restricted licence) — use another font in the template`);
      } else if (fsType?.bitmapOnly) {
        status = 'fail';
        diag(tfile, 0, 'error', 'preflight-font-licence', `${f.postscriptName} allows embedding its bitmaps only — use another font in the template`);
      }
    }
    const missing = [...drawn].filter((p) => !input.faces.some((f) => f.path === p));
    if (missing.length) {
      status = 'fail';
      diag(tfile, 0, 'error', 'preflight-font', `faces drawn but not listed for embedding: ${missing.map(input.show).join(', ')} — this is a bug in booklet; please report it`);
    }
    checks.push({ id: 'fonts', status, summary: `${names.length} face${names.length === 1 ? '' : 's'} embedded and subset${names.length ? ` (${names.join(', ')})` : ''}` });
  }

  // --- colour and ink ----------------------------------------------------------------------------
  const colours = [...facts.colours.values()];
  {
    let status: CheckStatus = 'pass';
    const notes: string[] = [];
    const text = template.colors.text;
    if (!(text[0] === 0 && text[1] === 0 && text[2] === 0 && text[3] === 100)) {
      status = 'warn';
      keyDiag('colors.text', 'warning', 'preflight-text-black', `colors.text is [${text.join(', ')}]: body text prints best in black ink alone — set colors.text: [0, 0, 0, 100]`);
    }
    for (const [name, s] of Object.entries(template.styles)) {
      const c = s.color;
      const cmy = c[0] + c[1] + c[2];
      if (c[0] >= 90 && c[1] >= 90 && c[2] >= 90 && c[3] >= 90) {
        status = 'fail';
        keyDiag(`styles.${name}.color`, 'error', 'preflight-registration-text', `styles.${name}.color [${c.join(', ')}] is registration black (all four inks): text in it smears and never registers — use [0, 0, 0, 100]`);
      } else if (c[3] >= 80 && cmy > 0 && s.size < 36) {
        status = worst(status, 'warn');
        keyDiag(`styles.${name}.color`, 'warning', 'preflight-rich-black-text', `styles.${name}.color [${c.join(', ')}] is a rich black on ${s.size} pt text: under 36 pt, four inks never register exactly — use [0, 0, 0, 100]`);
      }
    }
    let cmyk = 0;
    let gray = 0;
    for (const im of images.values()) {
      if (im.colour === 'cmyk') cmyk++;
      else gray++;
    }
    notes.push(`${colours.length} CMYK colour${colours.length === 1 ? '' : 's'}`, `images: ${cmyk} CMYK, ${gray} grey`);
    checks.push({ id: 'colour', status, summary: `DeviceCMYK and DeviceGray only (${notes.join('; ')}); text ${status === 'pass' ? 'in 100 % K' : 'see warnings'}` });

    let inkStatus: CheckStatus = 'pass';
    let max = 0;
    for (const { colour, where } of colours) {
      const t = totalInk(colour);
      max = Math.max(max, t);
      if (t > TAC_FAIL) {
        inkStatus = 'fail';
        keyDiag(where, 'error', 'preflight-ink', `${where} [${colour.join(', ')}] has ${t} % total ink; the press limit is ${TAC_FAIL} % (${TAC_WARN} % is safe) — take some cyan, magenta or yellow out`);
      } else if (t > TAC_WARN) {
        inkStatus = worst(inkStatus, 'warn');
        keyDiag(where, 'warning', 'preflight-ink', `${where} [${colour.join(', ')}] has ${t} % total ink, over the ${TAC_WARN} % most presses want — take some cyan, magenta or yellow out`);
      }
    }
    checks.push({ id: 'ink', status: inkStatus, summary: `highest total ink of the colours used: ${max} % (limit ${TAC_WARN} %)` });
  }

  // --- transparency ------------------------------------------------------------------------------
  {
    const flattened = [...images.values()].filter((i) => i.flattened).length;
    checks.push({ id: 'transparency', status: 'pass', summary: `none: no opacity, no soft mask${flattened ? `; ${flattened} image${flattened === 1 ? '' : 's'} with alpha flattened onto white` : ''}` });
  }

  // --- images ------------------------------------------------------------------------------------
  const reports: ImageReport[] = [];
  {
    const refs = imageRefs(input.booklet, input.configFile);
    const lowest = facts.lowest;
    let status: CheckStatus = 'pass';
    let min = Infinity;
    for (const [p, { ppi, page, asset, pos }] of lowest) {
      const im = images.get(p);
      const rel = asset.rel;
      const px: [number, number] = [asset.width, asset.height];
      // The reference of the placement with the lowest resolution (the page named), else the first one.
      const at = pos ?? refs.get(p) ?? { file: input.show(p), line: 0, column: 0 };
      const r = Math.floor(ppi);
      const shown = r < 1 ? 'under 1' : String(r);
      min = Math.min(min, r);
      const need = (target: number) => `${Math.ceil((px[0] * target) / ppi)}×${Math.ceil((px[1] * target) / ppi)} pixels`;
      if (ppi < PPI_FAIL) {
        status = 'fail';
        diag(at.file, at.line, 'error', 'preflight-image-resolution', `\`${rel}\` prints at ${shown} ppi on page ${page} (${px[0]}×${px[1]} pixels); under ${PPI_FAIL} ppi it prints visibly blurred or blocky — use a larger original (${need(PPI_WARN)} for ${PPI_WARN} ppi)`);
      } else if (ppi < PPI_WARN) {
        status = worst(status, 'warn');
        diag(at.file, at.line, 'warning', 'preflight-image-resolution', `\`${rel}\` prints at ${shown} ppi on page ${page} (${px[0]}×${px[1]} pixels); print wants ${PPI_WARN} ppi — use a larger original (${need(PPI_WARN)})`);
      }
      if (im && im.orientation > 1) {
        status = worst(status, 'warn');
        diag(at.file, at.line, 'warning', 'preflight-image-orientation', `\`${rel}\` is stored ${im.orientation >= 5 ? 'on its side' : 'upside down or mirrored'} with an EXIF tag saying how to turn it; the print shows it as stored — open it, rotate it and save it again (most editors apply the tag when saving)`);
      }
      reports.push({
        file: rel,
        pixels: px,
        ppi: r,
        from: im?.from ?? '?',
        to: im ? `${im.colour === 'cmyk' ? 'CMYK' : 'grey'} ${im.format === 'jpeg' ? 'JPEG' : 'PNG'}` : '?',
        action: im?.action ?? '?',
        alphaFlattened: im?.flattened ?? false,
        ...(im?.profile ? { profile: im.profile } : {}),
      });
    }
    const n = lowest.size;
    checks.push({
      id: 'images',
      status,
      summary: n ? `${n} image${n === 1 ? '' : 's'}, lowest effective resolution ${min} ppi (warning under ${PPI_WARN}, error under ${PPI_FAIL}); RGB separated with ${input.conversion.name}` : 'no image',
    });
  }

  // --- lines -------------------------------------------------------------------------------------
  {
    let status: CheckStatus = 'pass';
    const thinnest = facts.thinnest;
    for (const [width, folio] of facts.thin) {
      if (width < LINE_FAIL) {
        status = 'fail';
        diag(tfile, 0, 'error', 'preflight-hairline', `a ${width} pt rule on page ${folio} is too thin to print (under ${LINE_FAIL} pt it breaks up or vanishes) — make it ${LINE_WARN} pt or more`);
      } else {
        status = worst(status, 'warn');
        diag(tfile, 0, 'warning', 'preflight-hairline', `a ${width} pt rule on page ${folio} is thinner than ${LINE_WARN} pt and may break up on press — make it ${LINE_WARN} pt or more`);
      }
    }
    checks.push({ id: 'lines', status, summary: Number.isFinite(thinnest) ? `thinnest rule ${thinnest} pt (minimum ${LINE_WARN} pt)` : 'no rule' });
  }

  // --- pages -------------------------------------------------------------------------------------
  {
    const n = facts.pages;
    const sig = padding.signature;
    const ok = n % sig === 0;
    if (!ok) diag(tfile, 0, 'error', 'preflight-pages', `${n} pages is not a multiple of ${sig} — this is a bug in booklet; please report it`);
    const pad = padding.added
      ? `; ${padding.added} blank page${padding.added === 1 ? '' : 's'} added before the back cover (${padding.before} laid out; ${padding.fewer} pages would need none)`
      : '';
    checks.push({ id: 'pages', status: ok ? 'pass' : 'fail', summary: sig > 1 ? `${n} pages, a multiple of ${sig}${pad}` : `${n} pages (no signature padding)` });
  }

  // --- standard ----------------------------------------------------------------------------------
  {
    const i = job.intent;
    const how = i.profile ? `ICC profile "${i.profile.description}" embedded` : `registered characterization (${i.registry ?? 'no registry'}), no profile embedded`;
    checks.push({ id: 'standard', status: 'pass', summary: `${job.pdfxVersion}; output intent ${i.identifier} — ${i.condition}; ${how}; no annotations, no actions` });
  }

  return { ok: !diags.some((d) => d.severity === 'error'), checks, images: reports, diagnostics: diags };
}

function inside(inner: readonly number[], outer: readonly number[]): boolean {
  return inner[0]! >= outer[0]! - EPS && inner[1]! >= outer[1]! - EPS && inner[2]! <= outer[2]! + EPS && inner[3]! <= outer[3]! + EPS && inner[0]! < inner[2]! && inner[1]! < inner[3]!;
}

function mm(pt: number): string {
  const v = Math.round((pt / MM) * 10) / 10;
  return String(v);
}

/** Where each image is first referenced (file and line), by absolute path. */
function imageRefs(b: Booklet, configFile: string): Map<string, Pos> {
  const m = new Map<string, Pos>();
  const set = (p: string, pos: Pos) => {
    if (!m.has(p)) m.set(p, pos);
  };
  // The cover image and portraits are reported at their key (`cover_image:`, `portrait:`).
  if (b.cover) set(b.cover.asset.path, b.meta.at?.cover_image ?? { file: configFile, line: 0, column: 0 });
  const walk = (blocks: Block[]) => {
    for (const bl of blocks) {
      if (bl.kind === 'image') set(bl.image.asset.path, bl.pos);
      else if (bl.kind === 'list') for (const item of bl.items) walk(item);
    }
  };
  if (b.preface) walk(b.preface.blocks);
  for (const ep of b.episodes) {
    if (ep.portrait) set(ep.portrait.asset.path, ep.at?.portrait ?? { file: ep.file, line: 0, column: 0 });
    walk(ep.blocks);
    for (const n of ep.footnotes) walk(n.blocks);
  }
  return m;
}
