/**
 * The glyph-run writer touches pdfkit internals, so it is checked against pdfkit's own `text()`
 * (DESIGN.md §3): same words, same places, same extraction. Plus exact placement over long runs
 * and the ToUnicode rules for glyphs with empty text.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { GlyphRun, PageItem, PagedBooklet } from '../../../src/layout/types.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { GARAMOND, a5, bboxWords, font, glyphRun, line, save, tool, wordX } from './helpers.js';
import { META } from './sample.js';

function booklet(items: PageItem[]): PagedBooklet {
  return {
    ...a5(),
    pages: [{ index: 0, folio: 1, showFolio: false, kind: 'body', items }],
    faces: [GARAMOND],
    outline: [],
  };
}

function pdfkitText(text: string, size: number, x: number, baseline: number): Promise<Uint8Array> {
  const geo = a5();
  const doc = new PDFDocument({
    size: [geo.width, geo.height],
    autoFirstPage: false,
    font: GARAMOND.path,
    info: { CreationDate: META.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  doc.addPage({ size: [geo.width, geo.height], margin: 0 });
  doc.fontSize(size).text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
  doc.end();
  return done;
}

describe('glyph-run writer', () => {
  it('matches pdfkit text() for a line: same words, same boxes (±0.5 pt)', async () => {
    const text = 'Une démarche efficace officielle et affinée, les fiefs, l’affluence.';
    const size = 12;
    const x = 40.25;
    const y = 100.5;
    const ours = save('glyph-run-ours.pdf', await writePdf(booklet([line(GARAMOND, size, x, y, text)]), META));
    const theirs = save('glyph-run-pdfkit.pdf', await pdfkitText(text, size, x, y));

    const a = bboxWords(ours, 1);
    const b = bboxWords(theirs, 1);
    expect(a.map((w) => w.word)).toEqual(text.split(' '));
    expect(a.map((w) => w.word)).toEqual(b.map((w) => w.word));
    for (let i = 0; i < a.length; i++) {
      for (const k of ['xMin', 'xMax', 'yMin', 'yMax'] as const) {
        expect(Math.abs(a[i]![k] - b[i]![k]), `${a[i]!.word} ${k}`).toBeLessThan(0.5);
      }
    }
    expect(tool('pdftotext', [ours, '-'])).toBe(tool('pdftotext', [theirs, '-']));
    // same embedding as pdfkit's own path
    const fontsOf = (p: string) => tool('pdffonts', [p]).split('\n')[2]!.replace(/\s+\d+\s+\d+\s*$/, '');
    expect(fontsOf(ours)).toBe(fontsOf(theirs));
  });

  it('lands every glyph on x + dx over a long, irregularly spaced run (no drift)', async () => {
    const base = line(GARAMOND, 9.7, 30.3, 200.1, 'mot '.repeat(16).trim());
    // Stretch every gap by an odd amount, like justification or tracking would.
    let extra = 0;
    const run: GlyphRun = { ...base, dx: base.dx.map((d, i) => d + (extra += base.text[i] === ' ' ? 0.731 : 0.013)) };
    const pdf = save('glyph-run-drift.pdf', await writePdf(booklet([run]), META));
    const words = bboxWords(pdf, 1);
    expect(words).toHaveLength(16);
    words.forEach((w, n) => {
      expect(Math.abs(w.xMin - wordX(run, 'mot', n)), `word ${n}`).toBeLessThan(0.05);
    });
  });

  it('maps glyphs with empty text: the space glyph to U+0020, others to their first real text', async () => {
    const f = font(GARAMOND);
    const g = (ch: string) => f.glyphForCodePoint(ch.codePointAt(0)!).id;
    const adv = (ch: string) => (f.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / f.unitsPerEm) * 10;
    const glyphs: [string, string][] = [
      ['a', ''], // drawn first without text…
      ['b', 'b'],
      [' ', ''], // a space glyph standing for a U+202F gap
      ['a', 'a'], // …then with its text: that one wins
      ['z', ''], // never given text: falls back to the font's cmap
    ];
    let pen = 0;
    const a = { gids: [] as number[], dx: [] as number[], advances: [] as number[], text: [] as string[] };
    for (const [ch, t] of glyphs) {
      a.gids.push(g(ch));
      a.dx.push(pen);
      a.advances.push(adv(ch));
      a.text.push(t);
      pen += adv(ch);
    }
    const run: GlyphRun = glyphRun({ kind: 'glyphs', face: GARAMOND, size: 10, color: [0, 0, 0, 100], x: 50, y: 50 }, a);
    const pdf = save('glyph-run-unicode.pdf', await writePdf(booklet([run]), META));
    expect(tool('pdftotext', [pdf, '-']).trim()).toBe('ab az');
  });

  it('embeds only the faces that are drawn, in the order of paged.faces', async () => {
    const serif = { id: 'noto-serif', path: GARAMOND.path.replace('eb-garamond/EBGaramond', 'noto-serif/NotoSerif') };
    const italic = { id: 'garamond-italic', path: GARAMOND.path.replace('Regular', 'Italic') };
    const paged = {
      ...booklet([line(GARAMOND, 10, 20, 40, 'romain'), line(italic, 10, 20, 60, 'italique')]),
      faces: [italic, serif, GARAMOND],
    };
    const out = tool('pdffonts', [save('glyph-run-faces.pdf', await writePdf(paged, META))]);
    const names = out.trim().split('\n').slice(2).map((r) => r.split(/\s+/)[0]!).sort();
    // pdfkit's subset tag comes from the resource name: F1 → BZZZZZ, F2 → CZZZZZ, F3 → DZZZZZ.
    expect(names).toEqual(['BZZZZZ+EBGaramond-Italic', 'DZZZZZ+EBGaramond-Regular']);
  });

  it('rejects runs layout could not have made', async () => {
    const run = line(GARAMOND, 10, 10, 10, 'abc');
    await expect(writePdf(booklet([{ ...run, gids: Uint16Array.of(1, 2, 65535) }]), META)).rejects.toThrow(/glyph id 65535/);
    await expect(writePdf(booklet([{ ...run, dx: Float64Array.of(0) }]), META)).rejects.toThrow(/3 gids, 1 dx/);
    await expect(writePdf(booklet([{ ...run, size: 0 }]), META)).rejects.toThrow(/font size/);
    await expect(writePdf(booklet([{ ...run, x: Number.NaN }]), META)).rejects.toThrow(/finite/);
    await expect(writePdf(booklet([{ ...run, dx: Float64Array.of(0, Number.NaN, 2) }]), META)).rejects.toThrow(/finite/);
  });
});
