/**
 * Every bad-input fixture of the load room, through the real command: exit 1, each expected
 * error printed as `file:line:col: error: …`, no stack trace, and nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'load');

const cases = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => ({ name: d.name, expected: fs.readFileSync(path.join(FIXTURES, d.name, 'expected.txt'), 'utf8') }))
  .filter((c) => /: error: /.test(c.expected));

describe('bad input through `booklet build`', () => {
  it('covers the bad inputs the contract lists', () => {
    const names = cases.map((c) => c.name);
    for (const n of ['yaml-syntax-error', 'no-front-matter', 'missing-required-field', 'wrong-type', 'duplicate-episode', 'bad-booklet-yaml', 'missing-image', 'corrupt-image', 'heic-image', 'webp-image', 'image-outside-folder', 'remote-image-url', 'not-utf8', 'empty-file', 'no-episode']) {
      expect(names).toContain(n);
    }
  });

  for (const c of cases) {
    it(c.name, async () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-bad-'));
      fs.rmSync(out, { recursive: true });
      let stderr = '';
      const code = await main(['node', 'booklet', 'build', c.name, '--out', out], { cwd: FIXTURES, env: {}, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
      expect(code, stderr).toBe(1);
      const errors = c.expected
        .split('\n')
        .filter((l) => / error: /.test(l))
        .map((l) => l.replace(/ \[[a-z0-9-]+\]$/, ''));
      for (const e of errors) expect(stderr).toContain(e);
      expect(stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
      expect(fs.existsSync(out)).toBe(false);
    });
  }
});

describe('an image without alt text (the EPUB needs one for every image)', () => {
  it('is an error at its file, line and column, exit 1, nothing written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-alt-'));
    fs.writeFileSync(path.join(dir, 'booklet.yaml'), 'title: Sans texte\nlanguage: fr\n');
    fs.copyFileSync(path.join(FIXTURES, '_images', 'ok.png'), path.join(dir, 'photo.png'));
    fs.writeFileSync(path.join(dir, '01-a.md'), '---\nepisode: 1\ntitle: 3 questions à A\ninterviewee: A\n---\n\n💬 Une question ?\n\nUne réponse.\n\n![](photo.png)\n');
    const out = path.join(dir, 'out');
    let stderr = '';
    const code = await main(['node', 'booklet', 'build', '.', '--out', out], { cwd: dir, env: {}, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/^01-a\.md:11:1: error: the image "photo\.png" has no alt text — .*!\[decorative\]\(photo\.png\)/m);
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('a damaged image that still decodes', () => {
  it('is printed, with its warning (the print step decodes it as the check did)', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-damaged-'));
    fs.cpSync(path.resolve(import.meta.dirname, '..', '..', 'episodes'), src, { recursive: true });
    // A photo large enough to print sharp, with damaged Huffman data: libvips warns and still decodes it.
    const sharp = (await import('sharp')).default;
    const jpeg = Buffer.from(await sharp({ create: { width: 1400, height: 1000, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer());
    for (let i = 600; i < jpeg.length - 10; i += 37) jpeg[i] = (jpeg[i]! * 7 + 13) & 255;
    fs.writeFileSync(path.join(src, 'damaged.jpg'), jpeg);
    fs.appendFileSync(path.join(src, '03-andre-jeannerot.md'), '\n![Une photo abîmée](damaged.jpg)\n');
    const out = path.join(src, 'out');
    let stderr = '';
    const code = await main(['node', 'booklet', 'build', src, '--out', out], { cwd: src, env: {}, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/03-andre-jeannerot\.md:\d+:1: warning: `damaged\.jpg` has damaged image data/);
    expect(fs.readdirSync(out).sort()).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);
  }, 60_000);
});
