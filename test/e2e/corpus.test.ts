/**
 * End to end on a generated corpus with portraits and body images (PNG, a JPEG, an RGBA PNG),
 * names in Greek, Cyrillic and Polish, numbers and long URLs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { epubcheck, run, tool } from '../helpers/tools.js';
import { missingWords, pdfWords, sourceWords } from '../helpers/words.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const WORK = path.join(ROOT, 'test', '.out', 'e2e-corpus');
const SRC = path.join(WORK, 'src');
const OUT = path.join(WORK, 'out');

describe('booklet build on a corpus with images', () => {
  let code = -1;
  let stderr = '';
  let pdf = '';

  beforeAll(async () => {
    fs.rmSync(WORK, { recursive: true, force: true });
    generateCorpus(SRC, 8, { images: true });
    // A JPEG (also the full-bleed cover) and a PNG with transparency as body images of episode 1,
    // large enough for the print preflight (≥ 150 ppi at their printed size, else the build fails).
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 1300, height: 1800, channels: 3, background: { r: 40, g: 90, b: 160 } } }).jpeg().toFile(path.join(SRC, 'images', 'photo.jpg'));
    await sharp({ create: { width: 1340, height: 900, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } }).png().toFile(path.join(SRC, 'images', 'alpha.png'));
    fs.appendFileSync(path.join(SRC, 'booklet.yaml'), 'cover_image: images/photo.jpg\n');
    const first = fs.readdirSync(SRC).find((f) => f.startsWith('0001-'))!;
    fs.appendFileSync(path.join(SRC, first), '\n![Une photo en JPEG](images/photo.jpg "Une légende sous la photo")\n\n![decorative](images/alpha.png)\n');
    const r = run('node', [path.join(ROOT, 'bin', 'booklet.js'), 'build', SRC, '--out', OUT], { allowFail: true });
    code = r.code;
    stderr = r.stderr;
    pdf = path.join(OUT, fs.readdirSync(OUT).find((f) => f.endsWith('.pdf'))!);
  }, 120_000);

  it('builds', () => {
    expect(code, stderr).toBe(0);
  });

  it('fills the cover to the bleed edges with the cover image', () => {
    const list = tool('pdfimages', '-list', '-f', '1', '-l', '1', pdf).trim().split('\n').slice(2);
    expect(list.length).toBe(1);
    expect(list[0]).toMatch(/jpeg/);
  });

  it('places and embeds every image (JPEG and PNG)', () => {
    const list = tool('pdfimages', '-list', pdf).trim().split('\n').slice(2);
    const kinds = list.map((l) => l.trim().split(/\s+/));
    expect(kinds.some((k) => k[2] === 'image' && k[8] === 'jpeg')).toBe(true);
    expect(kinds.filter((k) => k[2] === 'image').length).toBeGreaterThanOrEqual(8 + 2);
  });

  it('passes qpdf and embeds every font', () => {
    expect(tool('qpdf', '--check', pdf)).toMatch(/No syntax or stream encoding errors found/);
    for (const r of tool('pdffonts', pdf).trim().split('\n').slice(2)) expect(r).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it('gives back every word of every episode, in order', () => {
    const got = pdfWords(pdf);
    const files = fs.readdirSync(SRC).filter((f) => /^\d{4}-.*\.md$/.test(f)).sort();
    const want = files.flatMap((f) => sourceWords(path.join(SRC, f)));
    expect(missingWords(want, got)).toEqual([]);
  });

  it('makes an EPUB that EPUBCheck passes with 0 errors and 0 warnings', () => {
    const epub = path.join(OUT, fs.readdirSync(OUT).find((f) => f.endsWith('.epub'))!);
    const r = epubcheck(epub, path.join(WORK, 'epubcheck.json'));
    expect(r.messages).toEqual([]);
  }, 60_000);
});
