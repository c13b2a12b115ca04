import { describe, expect, it } from 'vitest';
import { buildEpub, writeEpub } from '../../../src/write/epub/index.js';
import { zipEpub } from '../../../src/write/epub/zip.js';
import { anniversaireTemplate, FONTS_DIR, minimalEnglishBooklet, sampleBooklet } from './fixture.js';
import { localHeaders, sampleEpub, unzip, unzipText } from './helpers.js';

/** DOS date of 1980-01-01 (year 0, month 1, day 1) and time 00:00:00. */
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;

describe('EPUB container', () => {
  it('starts with a stored `mimetype` entry with no extra field and the exact content', () => {
    const { bytes } = sampleEpub();
    const first = localHeaders(bytes)[0]!;
    expect(first.name).toBe('mimetype');
    expect(first.method).toBe(0);
    expect(first.extraLength).toBe(0);
    // Byte-level: signature, name at offset 30, content right after it.
    expect(Buffer.from(bytes.subarray(0, 4)).toString('hex')).toBe('504b0304');
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint16(28, true)).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(30, 38))).toBe('mimetype');
    expect(new TextDecoder().decode(bytes.subarray(38, 58))).toBe('application/epub+zip');
  });

  it('writes the other entries sorted by path, with a fixed timestamp and no extra fields', () => {
    const { bytes, files } = sampleEpub();
    const headers = localHeaders(bytes);
    const names = headers.map((h) => h.name);
    expect(names).toEqual(files);
    const rest = names.slice(1);
    expect(rest).toEqual([...rest].sort());
    expect(names).toContain('META-INF/container.xml');
    for (const h of headers) {
      expect(h.extraLength, h.name).toBe(0);
      expect(h.dosDate, h.name).toBe(DOS_DATE_1980);
      expect(h.dosTime, h.name).toBe(0);
      expect([0, 8], h.name).toContain(h.method);
      expect(h.name, 'safe ASCII name').toMatch(/^[A-Za-z0-9._\/-]+$/);
    }
    // Images are stored as they are, text is deflated.
    expect(headers.find((h) => h.name.endsWith('.jpg'))!.method).toBe(0);
    expect(headers.find((h) => h.name.endsWith('.xhtml'))!.method).toBe(8);
  });

  it('points container.xml at the package document', () => {
    const files = unzipText(sampleEpub().bytes);
    expect(files['META-INF/container.xml']).toContain(
      '<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>',
    );
    expect(files['EPUB/package.opf']).toBeDefined();
  });

  it('gives byte-identical output for the same input', () => {
    const a = writeEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
    const b = writeEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(sampleEpub().bytes))).toBe(0);
  });

  it('gives the same bytes in any time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const east = writeEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
      process.env.TZ = 'America/Los_Angeles';
      const west = writeEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
      expect(Buffer.compare(Buffer.from(east), Buffer.from(west))).toBe(0);
      expect(localHeaders(west).every((h) => h.dosDate === DOS_DATE_1980 && h.dosTime === 0)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('takes dcterms:modified from meta.date (UTC, no milliseconds)', () => {
    const booklet = sampleBooklet();
    booklet.meta.date = new Date(Date.UTC(2030, 11, 31, 23, 59, 58, 999));
    const opf = unzipText(buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR }).bytes)['EPUB/package.opf']!;
    expect(opf).toContain('<meta property="dcterms:modified">2030-12-31T23:59:58Z</meta>');
  });

  it('refuses a bare-number entry name (the zip writer would reorder it)', () => {
    expect(() => zipEpub(new Map([['123', new Uint8Array(1)]]))).toThrow(/bare number/);
    expect(Object.keys(unzip(zipEpub(new Map([['b/x', new Uint8Array(1)], ['a/y', new Uint8Array(2)]]))))).toEqual([
      'mimetype',
      'a/y',
      'b/x',
    ]);
  });
});
