import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCmap, readTables, subsetTrueType, verifySubset, writeSfnt } from '../../../src/write/epub/font-subset.js';
import { matchFace } from '../../../src/write/epub/fonts.js';
import { buildEpub } from '../../../src/write/epub/index.js';
import { anniversaireTemplate, FONTS_DIR, sampleBooklet } from './fixture.js';
import { buildSampleEpub, sampleEpub, unzip, unzipText, writeOut } from './helpers.js';

beforeAll(buildSampleEpub, 120_000);

const open = (bytes: Uint8Array) => fontkit.create(Buffer.from(bytes)) as fontkit.Font;

/** Every character of the visible text of the sample's content documents. */
function visibleText(): string {
  let s = '';
  for (const [name, text] of Object.entries(unzipText(sampleEpub().bytes))) {
    if (!name.endsWith('.xhtml')) continue;
    const body = text.slice(text.indexOf('<body'));
    s += body
      .replace(/<nav epub:type="landmarks"[\s\S]*?<\/nav>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  }
  return s;
}

describe('font embedding', () => {
  it('embeds only the faces the text uses, each as a valid TrueType subset', () => {
    const { fonts, uncovered } = sampleEpub();
    expect(fonts.map((f) => `${f.family}/${f.face}`)).toEqual([
      'garamond/regular',
      'garamond/italic',
      'garamond/bold',
      // EB Garamond has no U+202F: that space comes from Noto Serif, in each face it is met in.
      'noto/regular',
      'noto/italic',
      'noto/bold',
      // 💬 and 🎉 in episode 2.
      'emoji/regular',
    ]);
    expect(uncovered).toEqual([]);
    const zip = unzip(sampleEpub().bytes);
    for (const f of fonts) {
      expect(f.subset, f.href).toBe(true);
      const bytes = zip[`EPUB/${f.href}`]!;
      expect(bytes.length).toBe(f.size);
      expect(f.size).toBeLessThan(f.originalSize / 10);
      const font = open(bytes);
      expect(Object.keys((font as unknown as { directory: { tables: object } }).directory.tables).sort()).toEqual(
        expect.arrayContaining(['OS/2', 'cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post']),
      );
      expect(String(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0)), 'sfnt version 1.0').toBe(String(0x00010000));
    }
  });

  it('covers every visible character of the text with the faces embedded', () => {
    const zip = unzip(sampleEpub().bytes);
    const faces = sampleEpub().fonts.map((f) => open(zip[`EPUB/${f.href}`]!));
    const missing = [...new Set(visibleText())].filter(
      (ch) => !/\s/.test(ch) && !faces.some((f) => f.hasGlyphForCodePoint(ch.codePointAt(0)!)),
    );
    expect(missing).toEqual([]);
    // Upper-cased kicker text (text-transform) is there too.
    const garamondRegular = faces[0]!;
    expect('ÉPISODE'.split('').every((c) => garamondRegular.hasGlyphForCodePoint(c.codePointAt(0)!))).toBe(true);
  });

  it('keeps advances and outlines of the original glyphs, and valid checksums', () => {
    const file = path.join(FONTS_DIR, 'eb-garamond/EBGaramond-Regular.ttf');
    const original = new Uint8Array(fs.readFileSync(file));
    const text = 'Épisode « œuvre » fi 1 000 € — ’';
    const sub = subsetTrueType(original, [...text].map((c) => c.codePointAt(0)!));
    const a = open(original);
    const b = open(sub);
    expect(b.numGlyphs).toBeLessThan(40);
    for (const ch of new Set(text)) {
      const cp = ch.codePointAt(0)!;
      expect(b.glyphForCodePoint(cp).advanceWidth, ch).toBe(a.glyphForCodePoint(cp).advanceWidth);
      expect(b.glyphForCodePoint(cp).path.toSVG(), ch).toBe(a.glyphForCodePoint(cp).path.toSVG());
    }
    // Whole-file checksum: the sum of all 32-bit words is 0xB1B0AFBA.
    const v = new DataView(sub.buffer, sub.byteOffset, sub.byteLength);
    let sum = 0;
    for (let i = 0; i < sub.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
    expect(sum.toString(16)).toBe('b1b0afba');
    // Tables sorted by tag, each 4-byte aligned.
    const tags = [...readTables(sub).keys()];
    expect(tags).toEqual([...tags].sort());
  });

  it('checks each subset: a glyph with another advance or outline, or a damaged one, is refused', () => {
    const original = new Uint8Array(fs.readFileSync(path.join(FONTS_DIR, 'eb-garamond/EBGaramond-Regular.ttf')));
    const font = open(original);
    const glyf = readTables(original).get('glyf')!;
    const cps = [...'AVé'].map((c) => c.codePointAt(0)!);
    const sub = subsetTrueType(original, cps);
    const check = (bytes: Uint8Array) => () => verifySubset(font, glyf, bytes, cps);
    expect(check(sub)).not.toThrow();
    const s = open(sub);
    const id = (ch: string) => s.glyphForCodePoint(ch.codePointAt(0)!).id;
    // 'A' mapped to the glyph of 'V'.
    const tables = readTables(sub);
    tables.set('cmap', buildCmap(new Map([[0x41, id('V')], [0x56, id('V')], [0xe9, id('é')]])));
    expect(check(writeSfnt(tables))).toThrow(/U\+0041/);
    // 'A' with another advance (its hmtx entry), the same outline.
    const metrics = readTables(sub);
    const hmtx = metrics.get('hmtx')!.slice();
    const a = id('A');
    expect(4 * a + 2).toBeLessThanOrEqual(hmtx.length); // 'A' has a long metric of its own
    const adv = ((hmtx[4 * a]! << 8) | hmtx[4 * a + 1]!) + 7;
    hmtx[4 * a] = adv >> 8;
    hmtx[4 * a + 1] = adv & 0xff;
    metrics.set('hmtx', hmtx);
    expect(open(writeSfnt(metrics)).glyphForCodePoint(0x41).advanceWidth).toBe(font.glyphForCodePoint(0x41).advanceWidth + 7);
    expect(check(writeSfnt(metrics))).toThrow(/U\+0041/);
    // The last coordinate byte of 'V' (a simple glyph) changed: same advance, another outline.
    const offsets = (s as unknown as { loca: { offsets: number[] } }).loca.offsets;
    const damaged = readTables(sub);
    const g = damaged.get('glyf')!.slice();
    const v = id('V');
    expect(g[offsets[v]!]! & 0x80).toBe(0); // a simple glyph (contour count ≥ 0)
    g[offsets[v + 1]! - 1] ^= 0x10;
    damaged.set('glyf', g);
    const bad = writeSfnt(damaged);
    expect(open(bad).glyphForCodePoint(0x56).path.toSVG()).not.toBe(font.glyphForCodePoint(0x56).path.toSVG());
    expect(check(bad)).toThrow(/U\+0056/);
    // 'é' (a composite glyph: e + acute) with its first component swapped for 'V'.
    const swapped = readTables(sub);
    const g2 = swapped.get('glyf')!.slice();
    const e = offsets[id('é')]!;
    expect(g2[e]! & 0x80).toBe(0x80);
    g2[e + 12] = v >> 8;
    g2[e + 13] = v & 0xff;
    swapped.set('glyf', g2);
    expect(check(writeSfnt(swapped))).toThrow(/U\+00E9/);
  });

  it('writes a cmap with a format 12 subtable for code points beyond the BMP', () => {
    const emoji = new Uint8Array(fs.readFileSync(path.join(FONTS_DIR, 'noto-emoji/NotoEmoji-Regular.ttf')));
    const sub = open(subsetTrueType(emoji, [0x1f4ac, 0x1f389, 0x21a9]));
    expect(sub.hasGlyphForCodePoint(0x1f4ac)).toBe(true);
    expect(sub.hasGlyphForCodePoint(0x1f389)).toBe(true);
    expect(sub.hasGlyphForCodePoint(0x21a9)).toBe(true);
    expect(sub.hasGlyphForCodePoint(0x41)).toBe(false);
    const cmap = buildCmap(new Map([[0x41, 1], [0x42, 2], [0x1f600, 3]]));
    const v = new DataView(cmap.buffer);
    expect(v.getUint16(2)).toBe(4); // (0,3) (0,4) (3,1) (3,10)
    expect(writeSfnt(new Map([['cmap', cmap]])).length % 4).toBe(0);
  });

  it('refuses to subset anything but an uncompressed TrueType file (the writer then embeds it whole)', () => {
    const otto = new Uint8Array(64);
    otto.set([0x4f, 0x54, 0x54, 0x4f]);
    expect(() => subsetTrueType(otto, [0x41])).toThrow(/not an uncompressed TrueType file/);
  });

  it('picks faces as a browser would when a family lacks one', () => {
    const fam = { name: 'x', regular: 'r.ttf', italic: 'i.ttf' };
    expect(matchFace(fam, 'boldItalic')).toBe('italic');
    expect(matchFace(fam, 'bold')).toBe('regular');
    expect(matchFace({ name: 'e', regular: 'e.ttf' }, 'italic')).toBe('regular');
  });

  it('can embed whole fonts; the subset EPUB is much smaller (sizes printed)', async () => {
    const whole = await buildEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR, subsetFonts: false });
    expect(whole.fonts.every((f) => !f.subset && f.size === f.originalSize)).toBe(true);
    writeOut('sample-whole-fonts.epub', whole.bytes);
    const subset = sampleEpub();
    console.log(
      `EPUB size: subset fonts ${subset.bytes.length} bytes (fonts ${subset.fonts.reduce((n, f) => n + f.size, 0)}), ` +
        `whole fonts ${whole.bytes.length} bytes (fonts ${whole.fonts.reduce((n, f) => n + f.size, 0)})`,
    );
    expect(subset.bytes.length * 10).toBeLessThan(whole.bytes.length);
  });
});
