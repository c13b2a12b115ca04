import { beforeAll, describe, expect, it } from 'vitest';
import { buildEpub, writeEpub } from '../../../src/write/epub/index.js';
import { zipEpub } from '../../../src/write/epub/zip.js';
import { anniversaireTemplate, FONTS_DIR, minimalEnglishBooklet, sampleBooklet } from './fixture.js';
import { buildSampleEpub, centralEntries, localHeaders, sampleEpub, unzip, unzipText } from './helpers.js';

beforeAll(buildSampleEpub, 120_000);

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

  it('writes the entries as they are made, with a fixed timestamp, no extra field, no data descriptor, no zip64', () => {
    const { bytes, files } = sampleEpub();
    const headers = localHeaders(bytes);
    const names = headers.map((h) => h.name);
    expect(names).toEqual(files);
    expect(centralEntries(bytes).map((e) => e.name)).toEqual(names);
    // The images, container.xml, the documents in reading order, nav and NCX, fonts and stylesheet, and
    // the package document, which lists them all, last.
    const opf = unzipText(bytes)['EPUB/package.opf']!;
    const hrefOf = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, `EPUB/${m[2]!}`]));
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefOf.get(m[1]!)!).filter((h) => h !== 'EPUB/nav.xhtml');
    const kind = (n: string) => (n.includes('/images/') ? 'image' : n.includes('/fonts/') ? 'font' : n);
    const kinds = names.map(kind).filter((k, i, all) => k !== all[i - 1]);
    expect(kinds).toEqual(['mimetype', 'image', 'META-INF/container.xml', ...spine, 'EPUB/nav.xhtml', 'EPUB/toc.ncx', 'font', 'EPUB/css/booklet.css', 'EPUB/package.opf']);
    for (const h of headers) {
      expect(h.extraLength, h.name).toBe(0);
      expect(h.dosDate, h.name).toBe(DOS_DATE_1980);
      expect(h.dosTime, h.name).toBe(0);
      expect([0, 8], h.name).toContain(h.method);
      expect(h.name, 'safe ASCII name').toMatch(/^[A-Za-z0-9._\/-]+$/);
    }
    for (const e of centralEntries(bytes)) expect([e.name, e.extraLength, e.dosDate, e.dosTime]).toEqual([e.name, 0, DOS_DATE_1980, 0]);
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

  it('gives byte-identical output for the same input', async () => {
    const a = await writeEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
    const b = await writeEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(sampleEpub().bytes))).toBe(0);
  });

  it('gives the same bytes in any time zone', async () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const east = await writeEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
      process.env.TZ = 'America/Los_Angeles';
      const west = await writeEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
      expect(Buffer.compare(Buffer.from(east), Buffer.from(west))).toBe(0);
      expect(localHeaders(west).every((h) => h.dosDate === DOS_DATE_1980 && h.dosTime === 0)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('takes dcterms:modified from meta.date (UTC, no milliseconds)', async () => {
    const booklet = sampleBooklet();
    booklet.meta.date = new Date(Date.UTC(2030, 11, 31, 23, 59, 58, 999));
    const opf = unzipText((await buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR })).bytes)['EPUB/package.opf']!;
    expect(opf).toContain('<meta property="dcterms:modified">2030-12-31T23:59:58Z</meta>');
  });

  it('writes the entries in the order given, after `mimetype`, and refuses a name given twice', async () => {
    const bytes = await zipEpub([
      ['b/x', new Uint8Array(1)],
      ['123', 'text'],
      ['a/y', new Uint8Array(2)],
    ]);
    expect(localHeaders(bytes).map((h) => h.name)).toEqual(['mimetype', 'b/x', '123', 'a/y']);
    expect(centralEntries(bytes).map((e) => e.name)).toEqual(['mimetype', 'b/x', '123', 'a/y']);
    expect(new TextDecoder().decode(unzip(bytes)['123'])).toBe('text');
    await expect(zipEpub([['a', 'x'], ['a', 'y']])).rejects.toThrow(/written twice/);
  });
});
