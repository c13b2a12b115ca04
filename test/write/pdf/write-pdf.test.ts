/**
 * The PDF writer on a hand-built three-page A5 booklet, checked with the real tools
 * (qpdf, pdfinfo, pdffonts, pdftotext, pdfimages, pdftoppm). A missing tool fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePdf } from '../../../src/write/pdf/index.js';
import { GARAMOND, OUT, bboxWords, font, save, tool, wordX } from './helpers.js';
import { META, PAGE1_LINES, sample, type Sample } from './sample.js';

let s: Sample;
let bytes: Uint8Array;
let pdf: string;

beforeAll(async () => {
  s = sample();
  bytes = await writePdf(s.paged, META);
  pdf = save('sample.pdf', bytes);
});

describe('writePdf', () => {
  it('passes qpdf --check', () => {
    const out = tool('qpdf', ['--check', pdf]);
    expect(out).toContain('No syntax or stream encoding errors found');
    expect(out).not.toMatch(/WARNING/i);
  });

  it('sets MediaBox, TrimBox and BleedBox on every page', () => {
    const out = tool('pdfinfo', ['-box', '-f', '1', '-l', '3', pdf]);
    expect(out).toMatch(/Pages:\s+3\n/);
    for (let p = 1; p <= 3; p++) {
      const label = `Page ${String(p).padStart(4)}`;
      const line = (name: string) => {
        const m = out.match(new RegExp(`${label} ${name}:\\s+(.*)`));
        expect(m, `${name} of page ${p}`).not.toBeNull();
        return m![1]!.trim().split(/\s+/).map(Number);
      };
      expect(line('MediaBox')).toEqual([0, 0, s.paged.width, s.paged.height].map((v) => Number(v.toFixed(2))));
      expect(line('TrimBox')).toEqual(s.paged.trimBox.map((v) => Number(v.toFixed(2))));
      expect(line('BleedBox')).toEqual(s.paged.bleedBox.map((v) => Number(v.toFixed(2))));
    }
  });

  it('writes TrimBox and BleedBox into each page object, and no ArtBox', () => {
    const pages = [...qdfText().matchAll(/%% Page \d+\n%% Original object ID: \d+ 0\n\d+ 0 obj\n<<([\s\S]*?)\n>>/g)].map((m) => m[1]!);
    expect(pages).toHaveLength(3);
    for (const p of pages) {
      expect(p).toMatch(/\/TrimBox \[/);
      expect(p).toMatch(/\/BleedBox \[/);
      expect(p).not.toMatch(/\/ArtBox/);
    }
  });

  it('writes the metadata, the language and the outline', () => {
    const info = tool('pdfinfo', [pdf]);
    expect(info).toMatch(/Title:\s+Entretiens & paroles/);
    expect(info).toMatch(/Author:\s+Rédaction/);
    expect(info).toMatch(/Subject:\s+Test du PDF/);
    expect(info).toMatch(/Creator:\s+booklet 0\.1\.0/);
    expect(info).toMatch(/Producer:\s+booklet 0\.1\.0/);
    expect(info).toMatch(/CreationDate:\s+Wed May\s+1 10:00:00 2024 UTC/);
    expect(info).toMatch(/ModDate:\s+Wed May\s+1 10:00:00 2024 UTC/);
    const outlines = JSON.parse(tool('qpdf', ['--json', '--json-key=outlines', pdf])).outlines as {
      title: string;
      dest: string[];
      destpageposfrom1: number;
    }[];
    expect(outlines.map((o) => [o.title, o.destpageposfrom1, o.dest[1]])).toEqual([
      ['Premier entretien', 1, '/Fit'],
      ['Deuxième entretien', 3, '/Fit'],
    ]);
    const qdf = qdfText();
    expect(qdf).toMatch(/\/Lang \(fr-FR\)/);
    // The XMP packet stays well-formed with `&` in the title.
    expect(qdf).toContain('<rdf:li xml:lang="x-default">Entretiens &amp; paroles</rdf:li>');
  });

  it('embeds and subsets every font, with ToUnicode, and never uses Helvetica', () => {
    const out = tool('pdffonts', [pdf]);
    const rows = out.trim().split('\n').slice(2);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes\s/);
    }
    expect(out).toMatch(/EBGaramond-Regular/);
    expect(out).toMatch(/EBGaramond-Italic/);
    expect(out).toMatch(/NotoEmoji-Regular/);
    expect(out).not.toMatch(/Helvetica|Times|Courier/);
  });

  it('gives the words back in reading order, ligatures as letters', () => {
    const text = tool('pdftotext', ['-f', '1', '-l', '1', pdf, '-']);
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && l !== '\f');
    expect(lines[0]).toBe('Premier entretien 💬');
    // U+202F/U+00A0 come back as spaces (extractor behaviour; the gap carries a space glyph).
    expect(lines.slice(1, 5)).toEqual(PAGE1_LINES.map((l) => l.replace(/[\u00a0\u202f]/g, ' ')));
    expect(lines[1]).toContain('efficace officielle');
    expect(lines[5]).toBe('Propos recueillis en mai.');
    const all = tool('pdftotext', [pdf, '-']);
    expect(all).toContain('Photo en quadrichromie.');
    expect(all).toContain('Figure en niveaux de gris.');
    expect(all).toContain('Deuxième entretien, efficace officielle.');
  });

  it('puts words where layout placed them (pdftotext -bbox, ±0.5 pt)', () => {
    const words = bboxWords(pdf, 1);
    const f = font(GARAMOND);
    const check = (runName: string, word: string, nth = 0) => {
      const run = s.runs[runName]!;
      const w = words.filter((x) => x.word === word)[nth];
      expect(w, word).toBeDefined();
      expect(Math.abs(w!.xMin - wordX(run, word, nth)), `${word} x`).toBeLessThan(0.5);
      // poppler's word box spans ascent..descent of the font around the baseline
      const top = run.y - (f.ascent / f.unitsPerEm) * run.size;
      const bottom = run.y - (f.descent / f.unitsPerEm) * run.size;
      expect(Math.abs(w!.yMin - top), `${word} yMin`).toBeLessThan(0.5);
      expect(Math.abs(w!.yMax - bottom), `${word} yMax`).toBeLessThan(0.5);
    };
    check('body0', 'officielle');
    check('body0', 'affinée');
    check('body1', 'Je');
    check('body1', '»');
    check('body3', 's’effacer');
    check('heading', 'entretien');
    // The emoji run starts where layout put it.
    const emoji = words.find((w) => w.word === '💬')!;
    expect(Math.abs(emoji.xMin - s.runs.emoji!.x)).toBeLessThan(0.5);
  });

  it('uses CMYK only: no RGB operator or colour space anywhere', () => {
    const qdf = qdfText();
    const contents = [...qdf.matchAll(/%% Contents for page \d+\n[\s\S]*?stream\n([\s\S]*?)endstream/g)].map(
      (m) => m[1]!,
    );
    expect(contents).toHaveLength(3);
    for (const c of contents) {
      expect(c).not.toMatch(/\s(rg|RG)\n/);
      expect(c).not.toMatch(/\/DeviceRGB/);
      expect(c).not.toMatch(/\s(sc|scn|SC|SCN|cs|CS|g|G)\n/);
      // every colour is a `k` or `K` with four operands in 0..1
      for (const m of c.matchAll(/^(.*) ([kK])$/gm)) {
        const ops = m[1]!.split(' ').map(Number);
        expect(ops).toHaveLength(4);
        for (const v of ops) expect(v >= 0 && v <= 1).toBe(true);
      }
    }
    expect(contents[0]).toContain('0 0.6 1 0 k');
    expect(qdf).not.toMatch(/\/DeviceRGB/);
    const images = tool('pdfimages', ['-list', pdf]);
    expect(images).toMatch(/image\s+48\s+32\s+cmyk\s+4\s+8\s+jpeg/);
    expect(images).toMatch(/image\s+48\s+32\s+gray\s+1\s+8\s+image/);
    expect(images).not.toMatch(/smask|rgb/);
  });

  it('draws text with one text object per stretch of runs and upright glyphs', () => {
    const page1 = qdfText().match(/%% Contents for page 1\n[\s\S]*?stream\n([\s\S]*?)endstream/)![1]!;
    expect(page1.startsWith(`1 0 0 -1 0 ${Number(s.paged.height.toFixed(6))} cm\n`)).toBe(true);
    // heading + emoji in one BT, then the rule, then the body lines in one BT
    expect(page1.match(/^BT$/gm)).toHaveLength(2);
    expect(page1.match(/^ET$/gm)).toHaveLength(2);
    expect(page1).toMatch(/^1 0 0 -1 59\.528 \d+\.\d+ Tm\[</m);
  });

  it('is deterministic: two writes give identical bytes', async () => {
    const again = await writePdf(sample().paged, META);
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
  });

  it('deflates page content at any level to the same decoded content', async () => {
    const decoded: string[] = [];
    for (const level of [0, 1, 9]) {
      const file = save(`sample-l${level}.pdf`, await writePdf(sample().paged, META, { contentLevel: level }));
      expect(tool('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
      const qdf = path.join(OUT, `sample-l${level}-qdf.pdf`);
      tool('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
      const text = fs.readFileSync(qdf, 'latin1');
      decoded.push([...text.matchAll(/%% Contents for page \d+\n[\s\S]*?stream\n([\s\S]*?)endstream/g)].map((m) => m[1]).join('|'));
    }
    expect(decoded[1]).toBe(decoded[0]);
    expect(decoded[2]).toBe(decoded[0]);
    await expect(writePdf(sample().paged, META, { contentLevel: 12 })).rejects.toThrow(/contentLevel/);
  });

  it('renders page 1 (test/.out/pdf/sample-1.png, for eyes)', () => {
    const prefix = path.join(OUT, 'sample');
    tool('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', pdf, prefix]);
    const png = fs.readdirSync(OUT).find((f) => /^sample-0*1\.png$/.test(f));
    expect(png).toBeDefined();
    expect(fs.statSync(path.join(OUT, png!)).size).toBeGreaterThan(1000);
  });
});

let qdfCache: string | undefined;
function qdfText(): string {
  if (qdfCache === undefined) {
    const qdf = path.join(OUT, 'sample-qdf.pdf');
    tool('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
    qdfCache = fs.readFileSync(qdf, 'latin1');
  }
  return qdfCache;
}
