/**
 * Font files read once per process (src/fonts/font-files.ts): the same file gives the same bytes
 * and fontkit font, a file changed on disk is read again — in the store and in a second build of
 * the same process, as `booklet watch` makes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fontFileBytes, openFontFile } from '../../src/fonts/font-files.js';
import { build } from '../../src/pipeline.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FONTS = path.join(ROOT, 'fonts');
const REGULAR = path.join(FONTS, 'eb-garamond', 'EBGaramond-Regular.ttf');
const NOTO = path.join(FONTS, 'noto-serif', 'NotoSerif-Regular.ttf');

const saved = process.env.BOOKLET_CACHE;
const temps: string[] = [];
afterEach(() => {
  if (saved === undefined) delete process.env.BOOKLET_CACHE;
  else process.env.BOOKLET_CACHE = saved;
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-font-files-'));
  temps.push(d);
  return d;
}

/** Replaces `file` by a copy of `from` (a new inode, as an editor's save or a `cp` over it does). */
function replace(file: string, from: string): void {
  fs.copyFileSync(from, `${file}.new`);
  fs.renameSync(`${file}.new`, file);
}

describe('font files', () => {
  it('reads a file once and opens it once while it does not change', () => {
    const a = fontFileBytes(REGULAR);
    expect(fontFileBytes(REGULAR)).toBe(a);
    expect(a.equals(fs.readFileSync(REGULAR))).toBe(true);
    const font = openFontFile(REGULAR);
    expect(openFontFile(REGULAR)).toBe(font);
    expect(font.postscriptName).toBe('EBGaramond-Regular');
  });

  it('reads a file again once it changed on disk', () => {
    const file = path.join(tempDir(), 'face.ttf');
    fs.copyFileSync(REGULAR, file);
    const before = openFontFile(file);
    expect(before.postscriptName).toBe('EBGaramond-Regular');
    replace(file, NOTO);
    const after = openFontFile(file);
    expect(after).not.toBe(before);
    expect(after.postscriptName).toBe('NotoSerif-Regular');
    expect(fontFileBytes(file).equals(fs.readFileSync(NOTO))).toBe(true);
  });

  it('throws as reading the file would when it is missing', () => {
    expect(() => fontFileBytes(path.join(tempDir(), 'missing.ttf'))).toThrow(/ENOENT/);
  });

  it('a second build in the same process embeds the font file as it is now', async () => {
    process.env.BOOKLET_CACHE = 'off';
    const src = tempDir();
    fs.cpSync(path.join(ROOT, 'episodes'), src, { recursive: true });
    // A template of the source folder, with its own copy of the body face (looked up in its fonts/ first).
    const tdir = path.join(src, 'templates', 'anniversaire');
    fs.mkdirSync(path.join(tdir, 'fonts', 'eb-garamond'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'templates', 'anniversaire', 'template.yaml'), path.join(tdir, 'template.yaml'));
    const face = path.join(tdir, 'fonts', 'eb-garamond', 'EBGaramond-Regular.ttf');
    fs.copyFileSync(REGULAR, face);
    const baseFonts = async (): Promise<string[]> => {
      const out = path.join(src, 'dist');
      const r = await build({ source: src, out, cwd: src, drafts: false, strict: false, sourceDateEpoch: 1767225600 });
      const pdf = r.summary.files.map((f) => path.resolve(src, f.path)).find((f) => f.endsWith('.pdf'))!;
      const names = fs.readFileSync(pdf, 'latin1').match(/\/BaseFont \/[A-Z]{6}\+[\w-]+/g) ?? [];
      return [...new Set(names.map((n) => n.split('+')[1]!))].sort();
    };
    const first = await baseFonts();
    expect(first).toContain('EBGaramond-Regular');
    replace(face, NOTO);
    const second = await baseFonts();
    expect(second).not.toContain('EBGaramond-Regular');
    expect(second).toContain('NotoSerif-Regular');
  }, 60_000);
});
