/**
 * resolveImage / ImageResolver, called directly on the files of test/fixtures/load/_images/
 * (made by test/fixtures/load/_tools/make-images.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, promises as fs, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { ImageResolver, resolveImage, sniffImageFormat } from '../../src/load/images.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/load');
const DIR = path.join(FIXTURES, '_images');
const from = { dir: '_images', file: '_images/01-x.md', line: 7, column: 3, cwd: FIXTURES };

async function one(ref: string, resolver?: ImageResolver) {
  const bag = new DiagnosticBag();
  const asset = await resolveImage(ref, from, bag, resolver);
  return { asset, diags: bag.items, codes: bag.items.map((d) => `${d.severity}:${d.code}`) };
}

describe('resolveImage: accepted images', () => {
  it('returns the real path, the path in the folder, the format and the stored size', async () => {
    expect(await one('ok.jpg')).toEqual({
      asset: { path: realpathSync(path.join(DIR, 'ok.jpg')), rel: 'ok.jpg', format: 'jpeg', width: 8, height: 6 },
      diags: [],
      codes: [],
    });
    expect((await one('ok.png')).asset).toMatchObject({ rel: 'ok.png', format: 'png', width: 6, height: 4 });
    expect((await one('./sub/nested.png')).asset).toMatchObject({ rel: 'sub/nested.png', format: 'png' });
  });

  it('does not apply EXIF orientation to width and height', async () => {
    // Stored 8 × 6 with orientation 6 (a quarter turn when shown).
    expect((await one('rotated.jpg')).asset).toMatchObject({ width: 8, height: 6 });
  });

  it('follows a link that stays inside the folder to its real file', async () => {
    const r = await one('link-inside.jpg');
    expect(r.asset).toMatchObject({ path: realpathSync(path.join(DIR, 'ok.jpg')), rel: 'ok.jpg' });
  });

  it('reads percent-encoded names as Markdown links write them', async () => {
    expect((await one('my%20photo.png')).asset).toMatchObject({ rel: 'my photo.png' });
    expect((await one('my photo.png')).asset).toMatchObject({ rel: 'my photo.png' });
  });

  it('accepts damaged JPEG data that still decodes, with a warning', async () => {
    const r = await one('damaged.jpg');
    expect(r.asset).toMatchObject({ format: 'jpeg', width: 32, height: 24 });
    expect(r.codes).toEqual(['warning:image-damaged']);
  });

  it('works with the default folder and current folder of the resolver', async () => {
    const bag = new DiagnosticBag();
    const asset = await new ImageResolver(DIR, '/').resolve('ok.png', { file: 'x.md', line: 1, column: 1 }, bag);
    expect(asset?.rel).toBe('ok.png');
    expect(bag.items).toEqual([]);
  });
});

describe('resolveImage: refused references', () => {
  it.each([
    ['https://example.org/a.jpg', 'image-remote', /remote images are not fetched/],
    ['HTTP://example.org/a.jpg', 'image-remote', /remote images are not fetched/],
    ['//example.org/a.jpg', 'image-remote', /remote images are not fetched/],
    ['data:image/png;base64,AAAA', 'image-remote', /`data:`/],
    ['/etc/passwd', 'image-absolute', /full path on this computer/],
    ['C:\\photos\\a.jpg', 'image-absolute', /full path/],
    ['sub\\nested.png', 'image-backslash', /forward slashes: sub\/nested.png/],
    ['../_outside/x.jpg', 'image-outside', /outside the source folder _images/],
    ['sub/../../valid/portrait.jpg', 'image-outside', /outside the source folder/],
    ['link-outside.jpg', 'image-outside', /a link to a file outside the source folder/],
    ['sub', 'image-not-a-file', /is a folder/],
    ['', 'image-missing-path', /no file name/],
  ])('%s → %s', async (ref, code, message) => {
    const r = await one(ref);
    expect(r.asset).toBeUndefined();
    expect(r.diags).toHaveLength(1);
    expect(r.diags[0]).toMatchObject({ file: '_images/01-x.md', line: 7, column: 3, severity: 'error', code });
    expect(r.diags[0]!.message).toMatch(message);
  });

  it.each([
    ['okk.jpg', 'ok.jpg'],
    ['capital.jpg', 'Capital.JPG'],
    ['nested.png', 'sub/nested.png'],
    ['ok.jpeg', 'ok.jpg'],
  ])('missing %s suggests %s', async (ref, near) => {
    const r = await one(ref);
    expect(r.codes).toEqual(['error:image-missing']);
    expect(r.diags[0]!.message).toContain(`did you mean \`${near}\`?`);
  });

  it('names nothing when no file is near', async () => {
    const r = await one('completely-different-name.jpg');
    expect(r.diags[0]!.message).toMatch(/not found in _images — copy the image into the folder/);
  });
});

describe('resolveImage: refused files', () => {
  it.each([
    ['photo.heic', /HEIC photo.*convert it to JPEG.*magick photo\.heic photo\.jpg/],
    ['photo.avif', /AVIF image/],
    ['anim.gif', /GIF image.*convert it to PNG/],
    ['scan.tiff', /TIFF image/],
    ['logo.svg', /SVG drawing.*300 dpi/],
    ['notes.jpg', /not a JPEG or PNG image/],
    ['empty.jpg', /is empty \(0 bytes\)/],
  ])('%s: wrong format', async (ref, message) => {
    const r = await one(ref);
    expect(r.asset).toBeUndefined();
    expect(r.codes).toEqual(['error:image-format']);
    expect(r.diags[0]!.message).toMatch(message);
  });

  it.each([
    ['truncated.png', /stops before the end/],
    ['end-missing.jpg', /stops before the end/],
    ['bad-checksum.png', /checksum/],
  ])('%s: damaged', async (ref, message) => {
    const r = await one(ref);
    expect(r.asset).toBeUndefined();
    expect(r.codes).toEqual(['error:image-corrupt']);
    expect(r.diags[0]!.message).toMatch(message);
  });
});

describe('resolveImage: accented names', () => {
  it('finds a file stored decomposed (NFD) from a name typed composed (NFC), and the other way round', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'booklet-nfd-'));
    const png = await fs.readFile(path.join(DIR, 'ok.png'));
    await fs.writeFile(path.join(dir, 'e\u0301te\u0301.png'), png); // NFD on disk
    await fs.writeFile(path.join(dir, '\u00e9cole.png'), png); // NFC on disk
    for (const [name, rel] of [['\u00e9t\u00e9.png', 'e\u0301te\u0301.png'], ['e\u0301cole.png', '\u00e9cole.png']]) {
      const bag = new DiagnosticBag();
      const asset = await new ImageResolver(dir, '/').resolve(name!, { file: 'x.md', line: 1, column: 1 }, bag);
      expect(bag.items).toEqual([]);
      expect(asset?.rel).toBe(rel);
    }
  });
});

describe('resolveImage: special files', () => {
  it('names a named pipe as such, and never opens it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'booklet-fifo-image-'));
    spawnSync('mkfifo', [path.join(dir, 'p.jpg')]);
    const bag = new DiagnosticBag();
    expect(await new ImageResolver(dir, '/').resolve('p.jpg', { file: 'x.md', line: 3, column: 1 }, bag)).toBeUndefined();
    expect(bag.items).toEqual([expect.objectContaining({ code: 'image-not-a-file', line: 3, message: expect.stringMatching(/is not a regular file \(a named pipe\)/) })]);
  });
});

describe('ImageResolver cache', () => {
  it('checks an image once per resolver, and reports a bad one at every reference', async () => {
    const resolver = new ImageResolver();
    const spy = vi.spyOn(fs, 'readFile');
    try {
      const a = await one('ok.jpg', resolver);
      const b = await one('link-inside.jpg', resolver);
      expect(b.asset).toBe(a.asset);
      const reads = spy.mock.calls.filter((c) => String(c[0]).endsWith('ok.jpg')).length;
      expect(reads).toBe(1);

      const bag = new DiagnosticBag();
      await resolver.resolve('photo.heic', { ...from, line: 1 }, bag);
      await resolver.resolve('photo.heic', { ...from, line: 9 }, bag);
      expect(bag.items.map((d) => `${d.line} ${d.code}`)).toEqual(['1 image-format', '9 image-format']);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('an image that goes away while it is checked (an editor renaming it away and back)', () => {
  const at = { file: 'x.md', line: 4, column: 2 };
  const missing = { file: 'x.md', line: 4, column: 2, severity: 'error', code: 'image-missing', message: expect.stringMatching(/^image `ok.jpg` not found in .* — copy the image into the folder/) };
  const copy = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'booklet-img-'));
    return { dir, file: path.join(dir, 'ok.jpg'), put: () => fs.copyFile(path.join(DIR, 'ok.jpg'), path.join(dir, 'ok.jpg')) };
  };

  it('between its stat and its real path is missing, not a thrown ENOENT', async () => {
    const { dir, file, put } = copy();
    await put();
    const real = fs.realpath;
    const spy = vi.spyOn(fs, 'realpath').mockImplementation((async (p: string) => {
      if (p === file) throw Object.assign(new Error(`ENOENT: no such file or directory, realpath '${p}'`), { code: 'ENOENT', path: p });
      return real(p);
    }) as typeof fs.realpath);
    try {
      const bag = new DiagnosticBag();
      expect(await new ImageResolver(dir, '/').resolve('ok.jpg', at, bag)).toBeUndefined();
      expect(bag.items).toEqual([missing]);
    } finally {
      spy.mockRestore();
    }
  });

  it('before it is read is missing, and is checked again by the next build when it is back', async () => {
    const { dir, file, put } = copy();
    await put();
    const shared = new Map();
    const real = fs.readFile;
    const spy = vi.spyOn(fs, 'readFile').mockImplementationOnce((async (p: string) => {
      await fs.rename(file, `${file}.x`);
      return real(p);
    }) as typeof fs.readFile);
    try {
      const bag = new DiagnosticBag();
      expect(await new ImageResolver(dir, '/', shared).resolve('ok.jpg', at, bag)).toBeUndefined();
      expect(bag.items).toEqual([missing]);
      // Back with the same modification time and size: not the failed check kept for it.
      await fs.rename(`${file}.x`, file);
      const again = new DiagnosticBag();
      expect(await new ImageResolver(dir, '/', shared).resolve('ok.jpg', at, again)).toMatchObject({ rel: 'ok.jpg', format: 'jpeg' });
      expect(again.items).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('sniffImageFormat', () => {
  it('reads the format from the first bytes', () => {
    const b = (...parts: (string | number[])[]) =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
    expect(sniffImageFormat(b([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(b('\x89PNG\r\n\x1a\n'))).toBe('png');
    expect(sniffImageFormat(b('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(b([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'))).toBe('heic');
    expect(sniffImageFormat(b([0, 0, 0, 0x14], 'ftypmif1', [0, 0, 0, 0], 'mif1'))).toBe('heif');
    expect(sniffImageFormat(b([0, 0, 0, 0x18], 'ftypavif', [0, 0, 0, 0], 'mif1avif'))).toBe('avif');
    expect(sniffImageFormat(b('GIF89a'))).toBe('gif');
    expect(sniffImageFormat(b('II*\0'))).toBe('tiff');
    expect(sniffImageFormat(b('BM'))).toBe('bmp');
    expect(sniffImageFormat(b('%PDF-1.7'))).toBe('pdf');
    expect(sniffImageFormat(b('\ufeff  <!-- logo --><svg xmlns="x">'))).toBe('unknown'); // latin1 BOM bytes are not UTF-8's
    expect(sniffImageFormat(Buffer.from('\ufeff<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="x">', 'utf8'))).toBe('svg');
    expect(sniffImageFormat(b(''))).toBe('empty');
    expect(sniffImageFormat(b('hello'))).toBe('unknown');
  });
});
