/**
 * Print settings: the template's `print:` keys and the command line's print options, resolved
 * into one PrintJob (PDF/X flavour, output intent, the profile images are separated with, marks,
 * imposition).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BookletError, UsageError } from '../diagnostics.js';
import type { PrintTemplate, Template } from '../template/types.js';
import { readIcc } from './icc.js';
import { builtinCmykProfile, type ConversionProfile } from './images.js';
import { MM } from './marks.js';

export const DEFAULT_PRINT: PrintTemplate = {
  standard: 'pdfx-1a',
  registry: 'http://www.color.org',
  signature: 4,
  coverFile: false,
};

/** OutputCondition texts of the registered characterizations we name by default. */
const KNOWN_CONDITIONS: Record<string, string> = {
  FOGRA39: 'Coated FOGRA39 (ISO 12647-2:2004)',
};

/** What the command line asks for. */
export interface PrintRequest {
  marks?: boolean;
  impose?: string;
  sheet?: string;
  /** Total creep at the innermost sheet, mm. */
  creep?: number;
}

export interface SheetSpec {
  /** `A4`, `A3`, `SRA3` or `W×H mm`. */
  name: string;
  /** Landscape: width ≥ height, pt. */
  width: number;
  height: number;
  /** A printer's sheet: the spreads keep their bleed, with crop marks and a slug. A4 is the office sheet: cut at the trim. */
  printer: boolean;
}

export interface PrintJob {
  standard: 'pdfx-1a' | 'pdfx-4';
  pdfxVersion: 'PDF/X-1a:2003' | 'PDF/X-4';
  intent: {
    identifier: string;
    condition: string;
    registry?: string;
    /** The printer's ICC profile, embedded as DestOutputProfile. */
    profile?: { path: string; bytes: Uint8Array; description: string };
  };
  /**
   * The profile RGB images are separated with. Asked for when needed: libvips' own profile is read
   * through sharp, which a booklet without images then loads only for the report, at the end.
   */
  conversion: () => Promise<ConversionProfile>;
  signature: number;
  coverFile: boolean;
  marks: boolean;
  /** `--impose saddle`: the sheet (undefined: office sheet, trim size, no bleed or marks) and the creep in pt. */
  impose?: { sheet?: SheetSpec; creep: number };
}

export const SHEETS: Record<string, [number, number]> = {
  A4: [297, 210],
  A3: [420, 297],
  SRA3: [450, 320],
};

/** `A4` (office: pages cut at the trim), `A3`, `SRA3` or `WxH` in mm (e.g. `330x487`: printer's sheets); always landscape. */
export function parseSheet(v: string): SheetSpec {
  const named = SHEETS[v.toUpperCase()];
  let w: number;
  let h: number;
  let name: string;
  if (named) {
    [w, h] = named;
    name = v.toUpperCase();
  } else {
    const m = /^(\d+(?:\.\d+)?)\s*[x×X*]\s*(\d+(?:\.\d+)?)$/.exec(v.trim());
    if (!m) throw new UsageError(`--sheet "${v}" is not a sheet size — give A4, A3, SRA3 or width×height in mm, e.g. --sheet 330x487`);
    w = Number(m[1]);
    h = Number(m[2]);
    if (!(w >= 50 && h >= 50 && w <= 2000 && h <= 2000)) throw new UsageError(`--sheet "${v}": give each side in millimetres between 50 and 2000`);
    name = `${w}×${h} mm`;
  }
  return { name, width: Math.max(w, h) * MM, height: Math.min(w, h) * MM, printer: name !== 'A4' };
}

/** Resolves the template's print settings and the command line's options; reads the ICC profile. */
export async function resolvePrintJob(template: Template, req: PrintRequest, cwd: string): Promise<PrintJob> {
  const t = template.print ?? DEFAULT_PRINT;
  const file = path.join(template.dir, 'template.yaml');
  const shown = path.relative(cwd, file) || file;
  const error = (message: string) => new BookletError([{ file: shown, line: 0, column: 0, severity: 'error', code: 'template-profile', message }]);

  let profile: PrintJob['intent']['profile'];
  let conversion: () => Promise<ConversionProfile>;
  if (t.profile) {
    const bytes = new Uint8Array(fs.readFileSync(t.profile));
    let icc;
    try {
      icc = readIcc(bytes);
    } catch (e) {
      throw error(`print.profile: ${path.basename(t.profile)} is not an ICC profile (${(e as Error).message}) — use the printer's .icc file`);
    }
    if (icc.colorSpace !== 'CMYK' || icc.deviceClass !== 'prtr') {
      throw error(`print.profile: ${path.basename(t.profile)} is a ${icc.colorSpace.trim()} ${icc.deviceClass} profile, not a CMYK output (printer) profile — ask the printer for their CMYK profile`);
    }
    const description = icc.description || path.basename(t.profile);
    profile = { path: t.profile, bytes, description };
    const own: ConversionProfile = { use: t.profile, name: description, source: `the template's profile ${path.basename(t.profile)}` };
    conversion = () => Promise.resolve(own);
  } else {
    conversion = builtinCmykProfile;
  }
  // Without a profile the condition is a registered characterization (FOGRA39 unless named); with the
  // printer's profile and no name, it is that profile's own condition (`Custom`, described by the profile).
  const identifier = t.condition ?? (profile ? 'Custom' : 'FOGRA39');
  const condition = t.conditionInfo ?? KNOWN_CONDITIONS[identifier] ?? (profile?.description || identifier);
  const registered = !profile || KNOWN_CONDITIONS[identifier] !== undefined;

  let impose: PrintJob['impose'];
  if (req.impose !== undefined) {
    if (req.impose !== 'saddle') throw new UsageError(`--impose ${req.impose}: the only imposition is "saddle" (2-up spreads for saddle stitching)`);
    impose = { sheet: req.sheet !== undefined ? parseSheet(req.sheet) : undefined, creep: (req.creep ?? 0) * MM };
  } else {
    if (req.sheet !== undefined) throw new UsageError('--sheet is the sheet size of imposed spreads — add --impose saddle');
    if (req.creep !== undefined) throw new UsageError('--creep shifts the pages of imposed spreads — add --impose saddle');
  }

  if (impose && t.signature % 4 !== 0) {
    throw new UsageError(`--impose saddle needs the page count padded to a multiple of 4, but the template sets print.signature: ${t.signature} — set print.signature: 4 in ${shown}`);
  }
  if (t.coverFile && t.signature % 4 !== 0) {
    throw error(`print.coverFile needs the page count padded to a multiple of 4 (pages 1, 2, N−1 and N), but print.signature is ${t.signature} — set print.signature: 4`);
  }

  return {
    standard: t.standard,
    pdfxVersion: t.standard === 'pdfx-4' ? 'PDF/X-4' : 'PDF/X-1a:2003',
    intent: { identifier, condition, registry: registered ? t.registry : undefined, profile },
    conversion,
    signature: t.signature,
    coverFile: t.coverFile,
    marks: !!req.marks,
    impose,
  };
}
