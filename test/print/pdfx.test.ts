/**
 * PDF/X-1a:2003 of the print files, checked by test/print/pdfx-verifier.ts (qpdf's object parser,
 * every page, every content stream, every image and font), on the sample booklet and on a booklet
 * with RGB, RGBA, grey+alpha and neutral images; and the verifier itself on files that break the rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tool } from '../helpers/tools.js';
import { ROOT, writeCmykProfile, writeImagesBooklet, writeTemplate } from './fixture.js';
import { tokenize, verifyPdfx } from './pdfx-verifier.js';

const OUT = path.join(ROOT, 'test', '.out', 'print-pdfx');
const IMG = path.join(OUT, 'images-src');

async function build(source: string, out: string, ...args: string[]) {
  let stderr = '';
  fs.rmSync(out, { recursive: true, force: true });
  const code = await main(['node', 'booklet', 'build', source, '--out', out, ...args], {
    cwd: ROOT,
    env: { SOURCE_DATE_EPOCH: '1790000000' },
    stdout: () => {},
    stderr: (s) => (stderr += s),
    isTTY: false,
  });
  return { code, stderr };
}

function pdfOf(dir: string, name: string) {
  return path.join(dir, name);
}

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  await writeImagesBooklet(IMG);
}, 60_000);

describe('PDF/X-1a:2003 print file', () => {
  it('the sample booklet passes every rule, with and without marks and imposition', async () => {
    const plain = await build(path.join(ROOT, 'episodes'), path.join(OUT, 'sample'));
    expect(plain.code, plain.stderr).toBe(0);
    const r = verifyPdfx(pdfOf(path.join(OUT, 'sample'), 'medinsoft-20-ans.pdf'));
    expect(r.violations).toEqual([]);
    expect(r.facts.version).toBe('1.4');
    expect(r.facts.info['/GTS_PDFXVersion']).toBe('PDF/X-1a:2003');
    expect(r.facts.info['/Trapped']).toBe('/False');
    expect(r.facts.info['/Title']).toBe('Medinsoft a 20 ans');
    expect(r.facts.outputIntent?.['/OutputConditionIdentifier']).toBe('u:FOGRA39');
    expect(r.facts.outputIntent?.['/RegistryName']).toBe('u:http://www.color.org');
    expect(r.facts.outputIntent?.['/Info']).toBe('u:Coated FOGRA39 (ISO 12647-2:2004)');
    expect(r.facts.outputIntent?.['/DestOutputProfile']).toBeUndefined();
    // Colour is set by k/K only (CMYK); no RGB, no grey operator, no colour space switch.
    expect(Object.keys(r.facts.colourOps).sort()).toEqual(['K', 'k']);
    expect(r.facts.pages % 4).toBe(0);
    expect(r.facts.fonts.length).toBeGreaterThan(0);

    const marked = await build(path.join(ROOT, 'episodes'), path.join(OUT, 'sample-marks'), '--marks', '--impose', 'saddle');
    expect(marked.code, marked.stderr).toBe(0);
    expect(verifyPdfx(pdfOf(path.join(OUT, 'sample-marks'), 'medinsoft-20-ans.pdf')).violations).toEqual([]);
    expect(verifyPdfx(pdfOf(path.join(OUT, 'sample-marks'), 'medinsoft-20-ans-imposed.pdf')).violations).toEqual([]);
  }, 60_000);

  it('a booklet with RGB, RGBA, grey+alpha and neutral images passes: images CMYK or grey, no soft mask', async () => {
    const b = await build(IMG, path.join(OUT, 'images'));
    expect(b.code, b.stderr).toBe(0);
    const pdf = pdfOf(path.join(OUT, 'images'), 'images-quadri.pdf');
    const r = verifyPdfx(pdf);
    expect(r.violations).toEqual([]);
    expect(r.facts.images).toEqual([
      '/DeviceCMYK /DCTDecode 1900x2600', // cover.jpg, RGB → CMYK
      '/DeviceCMYK /DCTDecode 700x900', // portrait.png, RGBA → flattened, CMYK
      '/DeviceCMYK /DCTDecode 1400x900', // photo.jpg, RGB → CMYK
      '/DeviceCMYK /DCTDecode 1400x500', // logo.png, RGBA → flattened, CMYK
      '/DeviceGray /FlateDecode 1400x800', // gris.png, grey + alpha → flattened, grey PNG
      '/DeviceGray /DCTDecode 1400x800', // neutre.jpg, RGB but neutral → grey JPEG
    ]);
    // The same with poppler: no rgb, no smask.
    const list = tool('pdfimages', '-list', pdf).trim().split('\n').slice(2);
    expect(list).toHaveLength(6);
    for (const row of list) {
      const c = row.trim().split(/\s+/);
      expect(c[2]).toBe('image');
      expect(['cmyk', 'gray']).toContain(c[5]);
    }
  }, 60_000);

  it('the cover file, the imposed file on a printer sheet, with marks and creep, pass too', async () => {
    const src = path.join(OUT, 'images-cover-src');
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(IMG, src, { recursive: true });
    writeTemplate(src, 'couverture', 'print:\n  coverFile: true');
    fs.appendFileSync(path.join(src, 'booklet.yaml'), 'template: couverture\n');
    const b = await build(src, path.join(OUT, 'images-cover'), '--marks', '--impose', 'saddle', '--sheet', 'SRA3', '--creep', '0.8');
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['images-quadri.pdf', 'images-quadri-cover.pdf', 'images-quadri-imposed.pdf']) {
      expect(verifyPdfx(pdfOf(path.join(OUT, 'images-cover'), f)).violations, f).toEqual([]);
    }
    // Each file has an /ID of its own.
    const ids = ['images-quadri.pdf', 'images-quadri-cover.pdf', 'images-quadri-imposed.pdf'].map(
      (f) => JSON.parse(tool('qpdf', '--json', '--json-key=qpdf', pdfOf(path.join(OUT, 'images-cover'), f))).qpdf[1].trailer.value['/ID'][0],
    );
    expect(new Set(ids).size).toBe(3);
  }, 90_000);

  it('PDF/X-4 with the template’s ICC profile: PDF 1.6, embedded profile, pdfxid in the XMP; images separated with that profile', async () => {
    const src = path.join(OUT, 'images-x4-src');
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(IMG, src, { recursive: true });
    const dir = writeTemplate(src, 'presse', 'print:\n  standard: pdfx-4\n  profile: imprimeur.icc\n  condition: Custom\n  conditionInfo: Presse de l’imprimeur');
    await writeCmykProfile(path.join(dir, 'imprimeur.icc'));
    fs.appendFileSync(path.join(src, 'booklet.yaml'), 'template: presse\n');
    const b = await build(src, path.join(OUT, 'images-x4'));
    expect(b.code, b.stderr).toBe(0);
    const pdf = pdfOf(path.join(OUT, 'images-x4'), 'images-quadri.pdf');
    const r = verifyPdfx(pdf, { version: 'PDF/X-4' });
    expect(r.violations).toEqual([]);
    expect(r.facts.version).toBe('1.6');
    expect(r.facts.outputIntent?.['/OutputConditionIdentifier']).toBe('u:Custom');
    expect(r.facts.outputIntent?.['/DestOutputProfile']).toMatch(/^\d+ 0 R$/);
    expect(r.facts.outputIntent?.['/RegistryName']).toBeUndefined();
    const report = JSON.parse(fs.readFileSync(path.join(OUT, 'images-x4', 'images-quadri.report.json'), 'utf8'));
    expect(report.print.standard).toBe('PDF/X-4');
    expect(report.print.outputIntent.embeddedProfile).toEqual({ file: 'imprimeur.icc', description: 'Chemical proof' });
    expect(report.print.imageProfile.source).toMatch(/imprimeur\.icc/);
    const xmp = JSON.parse(tool('qpdf', '--json', '--json-stream-data=inline', pdf)).qpdf[1];
    const meta = Object.values(xmp as Record<string, { stream?: { dict: Record<string, string>; data: string } }>).find((o) => o.stream?.dict['/Type'] === '/Metadata')!;
    const text = Buffer.from(meta.stream!.data, 'base64').toString('utf8');
    expect(text).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>');
    expect(text).toContain('<pdf:Trapped>False</pdf:Trapped>');
  }, 60_000);
});

describe('the verifier catches what PDF/X-1a forbids', () => {
  it('RGB colour, opacity, a soft mask, a link annotation, an unembedded font, no output intent, no PDF/X keys', async () => {
    const rgba = await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const doc = new PDFDocument({ pdfVersion: '1.4', info: { Title: 'Mauvais', CreationDate: new Date(0) } });
    doc.fillColor('red').rect(10, 10, 50, 50).fill();
    doc.fillOpacity(0.5).fillColor([0, 0, 0, 100]).rect(70, 10, 50, 50).fill();
    doc.image(rgba, 130, 10, { width: 50 });
    doc.fillOpacity(1).text('lien', 10, 100, { link: 'https://example.org' });
    doc.addContent('0 0 1 RG 10 200 m 100 200 l S');
    const file = path.join(OUT, 'bad.pdf');
    await new Promise<void>((resolve) => {
      const s = fs.createWriteStream(file);
      doc.pipe(s);
      s.on('finish', () => resolve());
      doc.end();
    });
    const v = verifyPdfx(file).violations.join('\n');
    expect(v).toMatch(/colour space \/DeviceRGB set by cs/);
    expect(v).toMatch(/RGB colour operator RG/);
    expect(v).toMatch(/image \/I1: colour space \/DeviceRGB/);
    expect(v).toMatch(/\/ca 0\.5 \(transparency\)/);
    expect(v).toMatch(/soft mask/);
    expect(v).toMatch(/annotation/);
    expect(v).toMatch(/action \/URI/);
    expect(v).toMatch(/is not embedded|no FontDescriptor/);
    expect(v).toMatch(/0 \/GTS_PDFX output intents/);
    expect(v).toMatch(/GTS_PDFXVersion/);
    expect(v).toMatch(/Trapped/);
    expect(v).toMatch(/neither TrimBox nor ArtBox/);
  }, 30_000);

  it('a CMYK JPEG without the Adobe marker under pdfkit’s inverting Decode (a negative)', async () => {
    const cmyk = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c03020' } }).toColourspace('cmyk').jpeg().toBuffer();
    // Drop the APP14 "Adobe" segment: the data stays inverted, nothing says so any more.
    let i = 2;
    let stripped = cmyk;
    while (i < cmyk.length && cmyk[i] === 0xff) {
      const len = cmyk.readUInt16BE(i + 2);
      if (cmyk[i + 1] === 0xee) {
        stripped = Buffer.concat([cmyk.subarray(0, i), cmyk.subarray(i + 2 + len)]);
        break;
      }
      i += 2 + len;
    }
    expect(stripped.length).toBeLessThan(cmyk.length);
    const doc = new PDFDocument({ pdfVersion: '1.4' });
    doc.image(stripped, 10, 10, { width: 40 });
    const file = path.join(OUT, 'negative.pdf');
    await new Promise<void>((resolve) => {
      const s = fs.createWriteStream(file);
      doc.pipe(s);
      s.on('finish', () => resolve());
      doc.end();
    });
    expect(verifyPdfx(file).violations.join('\n')).toMatch(/prints as a negative/);
  }, 30_000);

  it('tokenizes content streams: strings, hex strings, arrays, dictionaries, inline images', () => {
    const ops = [...tokenize(Buffer.from('q 1 0 0 1 5 5 cm /P <</MCID 0>> BDC (a\\)b) Tj [<00ff> -20 (c)] TJ EMC BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x00\x01\x02\x03\x04\x05 EI Q % end\n0 0 0 1 k', 'latin1'))];
    expect(ops.map((o) => o.op)).toEqual(['q', 'cm', 'BDC', 'Tj', 'TJ', 'EMC', 'EI', 'Q', 'k']);
    expect(ops[2]!.args).toEqual(['/P', { '/MCID': 0 }]);
    expect(ops[3]!.args).toEqual(['(a)b)']);
    expect(ops[6]!.inline).toEqual({ '/W': 2, '/H': 1, '/CS': '/RGB', '/BPC': 8 });
    expect(ops[8]!.args).toEqual([0, 0, 0, 1]);
  }, 30_000);
});
