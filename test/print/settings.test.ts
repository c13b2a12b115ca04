/** Print settings: output intent defaults, the template's ICC profile, sheets, the command line's print options. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { BookletError, UsageError } from '../../src/diagnostics.js';
import { readIcc } from '../../src/print/icc.js';
import { builtinCmykProfile } from '../../src/print/images.js';
import { parseSheet, resolvePrintJob } from '../../src/print/settings.js';
import { readTemplateFile } from '../../src/template/load.js';
import type { PrintTemplate, Template } from '../../src/template/types.js';
import { ROOT, writeCmykProfile } from './fixture.js';

const MM = 72 / 25.4;
const OUT = path.join(ROOT, 'test', '.out', 'print-settings');
const CMYK = path.join(OUT, 'printer.icc');
const RGB = path.join(OUT, 'screen.icc');

function template(print: Partial<PrintTemplate> = {}): Template {
  const t = readTemplateFile(path.join(ROOT, 'templates/anniversaire/template.yaml'), ROOT);
  return { ...t, print: { ...t.print!, ...print } };
}

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  await writeCmykProfile(CMYK);
  const jpeg = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } }).withIccProfile('srgb').jpeg().toBuffer();
  fs.writeFileSync(RGB, (await sharp(jpeg).metadata()).icc!);
});

describe('resolvePrintJob', () => {
  it('defaults to PDF/X-1a:2003 on the registered FOGRA39 condition, images separated with the libvips profile', async () => {
    const j = await resolvePrintJob(template(), {}, ROOT);
    expect(j.pdfxVersion).toBe('PDF/X-1a:2003');
    expect(j.intent).toEqual({ identifier: 'FOGRA39', condition: 'Coated FOGRA39 (ISO 12647-2:2004)', registry: 'http://www.color.org', profile: undefined });
    expect(await j.conversion()).toMatchObject({ use: 'cmyk', name: 'Chemical proof' });
    expect(j.signature).toBe(4);
    expect(j.marks).toBe(false);
    expect(j.impose).toBeUndefined();
  });

  it('with the printer’s profile: embeds it, names the condition after it, separates images with it', async () => {
    const j = await resolvePrintJob(template({ profile: CMYK }), {}, ROOT);
    expect(j.intent.identifier).toBe('Custom');
    expect(j.intent.condition).toBe('Chemical proof');
    expect(j.intent.registry).toBeUndefined();
    expect(j.intent.profile?.bytes.length).toBe(fs.statSync(CMYK).size);
    expect(await j.conversion()).toEqual({ use: CMYK, name: 'Chemical proof', source: "the template's profile printer.icc" });
    const named = await resolvePrintJob(template({ profile: CMYK, condition: 'FOGRA39' }), {}, ROOT);
    expect(named.intent).toMatchObject({ identifier: 'FOGRA39', condition: 'Coated FOGRA39 (ISO 12647-2:2004)', registry: 'http://www.color.org' });
  });

  it('refuses a profile that is not a CMYK output profile, or not a profile at all', async () => {
    await expect(resolvePrintJob(template({ profile: RGB }), {}, ROOT)).rejects.toThrow(BookletError);
    await expect(resolvePrintJob(template({ profile: RGB }), {}, ROOT)).rejects.toMatchObject({ diagnostics: [{ code: 'template-profile', message: expect.stringMatching(/is a RGB mntr profile, not a CMYK output/) }] });
    const notIcc = path.join(OUT, 'not.icc');
    fs.writeFileSync(notIcc, 'hello');
    await expect(resolvePrintJob(template({ profile: notIcc }), {}, ROOT)).rejects.toMatchObject({ diagnostics: [{ message: expect.stringMatching(/not an ICC profile/) }] });
  });

  it('takes the imposition options, and refuses --sheet or --creep without --impose, and a signature that is not a multiple of 4', async () => {
    const j = await resolvePrintJob(template(), { marks: true, impose: 'saddle', sheet: 'sra3', creep: 0.8 }, ROOT);
    expect(j.marks).toBe(true);
    expect(j.impose?.sheet).toMatchObject({ name: 'SRA3' });
    expect(j.impose?.creep).toBeCloseTo(0.8 * MM, 6);
    await expect(resolvePrintJob(template(), { sheet: 'A3' }, ROOT)).rejects.toThrow(UsageError);
    await expect(resolvePrintJob(template(), { creep: 1 }, ROOT)).rejects.toThrow(/add --impose saddle/);
    await expect(resolvePrintJob(template({ signature: 2 }), { impose: 'saddle' }, ROOT)).rejects.toThrow(/multiple of 4/);
    await expect(resolvePrintJob(template({ signature: 1, coverFile: true }), {}, ROOT)).rejects.toThrow(BookletError);
  });
});

describe('parseSheet', () => {
  it('knows A4, A3, SRA3 and W×H in mm, always landscape', () => {
    expect(parseSheet('A4')).toMatchObject({ name: 'A4', printer: false });
    expect(parseSheet('A3')).toMatchObject({ printer: true });
    expect(parseSheet('a3').width).toBeCloseTo(420 * MM, 6);
    expect(parseSheet('SRA3').height).toBeCloseTo(320 * MM, 6);
    const c = parseSheet('330x487');
    expect([c.name, c.width / MM, c.height / MM].map((v) => (typeof v === 'number' ? Math.round(v) : v))).toEqual(['330×487 mm', 487, 330]);
    expect(() => parseSheet('B5')).toThrow(/not a sheet size/);
    expect(() => parseSheet('10x10')).toThrow(/between 50 and 2000/);
  });
});

describe('ICC profiles', () => {
  it('reads class, colour space, version and description; the libvips CMYK profile is "Chemical proof"', async () => {
    const cmyk = readIcc(fs.readFileSync(CMYK));
    expect(cmyk).toMatchObject({ deviceClass: 'prtr', colorSpace: 'CMYK', description: 'Chemical proof' });
    expect((await builtinCmykProfile()).name).toBe('Chemical proof');
    expect(readIcc(fs.readFileSync(RGB))).toMatchObject({ deviceClass: 'mntr', colorSpace: 'RGB ' });
    expect(() => readIcc(new Uint8Array(10))).toThrow(/too short/);
  });
});
