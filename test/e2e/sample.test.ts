/**
 * End to end: the sample booklet built by the real command, checked with the real tools.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, tool, epubcheck } from '../helpers/tools.js';
import { missingWords, pdfWords, sourceWords } from '../helpers/words.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OUT = path.join(ROOT, 'test', '.out', 'e2e');
const BIN = path.join(ROOT, 'bin', 'booklet.js');
const MM = 72 / 25.4;

function build(out: string) {
  fs.rmSync(out, { recursive: true, force: true });
  return run('node', [BIN, 'build', 'episodes', '--out', out], { allowFail: true });
}

describe('booklet build on the sample booklet', () => {
  let pdf = '';
  let epub = '';
  let result: ReturnType<typeof build>;

  beforeAll(() => {
    process.env.SOURCE_DATE_EPOCH = '1790000000';
    result = build(path.join(OUT, 'a'));
    pdf = path.join(OUT, 'a', 'medinsoft-20-ans.pdf');
    epub = path.join(OUT, 'a', 'medinsoft-20-ans.epub');
  }, 60_000);

  it('exits 0 and writes the PDF, the EPUB and the report', () => {
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    for (const f of [pdf, epub, path.join(OUT, 'a', 'medinsoft-20-ans.report.json')]) expect(fs.existsSync(f)).toBe(true);
  });

  it('passes qpdf --check', () => {
    expect(tool('qpdf', '--check', pdf)).toMatch(/No syntax or stream encoding errors found/);
  });

  it('has an A5 TrimBox and a 3 mm BleedBox on every page', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', pdf))![1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    const info = tool('pdfinfo', '-box', '-f', '1', '-l', String(pages), pdf);
    const trims = [...info.matchAll(/Page\s+\d+ TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/g)];
    const bleeds = [...info.matchAll(/Page\s+\d+ BleedBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/g)];
    expect(trims.length).toBe(pages);
    expect(bleeds.length).toBe(pages);
    const b = 3 * MM;
    for (const t of trims) {
      const [x1, y1, x2, y2] = t.slice(1).map(Number);
      expect(x1).toBeCloseTo(b, 1);
      expect(y1).toBeCloseTo(b, 1);
      expect(x2! - x1!).toBeCloseTo(148 * MM, 1);
      expect(y2! - y1!).toBeCloseTo(210 * MM, 1);
    }
    for (const t of bleeds) {
      const [x1, y1, x2, y2] = t.slice(1).map(Number);
      expect([x1, y1]).toEqual([0, 0]);
      expect(x2).toBeCloseTo(154 * MM, 1);
      expect(y2).toBeCloseTo(216 * MM, 1);
    }
  });

  it('embeds and subsets every font, and uses no other', () => {
    const rows = tool('pdffonts', pdf).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r).toMatch(/\+/); // subset tag
      expect(r).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
      expect(r).not.toMatch(/Helvetica/);
    }
  });

  it('gives back every word of every answer, in order (pdftotext)', () => {
    const want = sourceWords(path.join(ROOT, 'episodes', '03-andre-jeannerot.md'));
    expect(missingWords(want, pdfWords(pdf))).toEqual([]);
  });

  it('makes an EPUB that EPUBCheck 4.2.6 passes with 0 errors and 0 warnings', () => {
    const r = epubcheck(epub, path.join(OUT, 'epubcheck.json'));
    expect(r.messages).toEqual([]);
    expect(r.fatal + r.errors + r.warnings).toBe(0);
  }, 60_000);

  it('is byte-identical when built twice', () => {
    const again = build(path.join(OUT, 'b'));
    expect(again.code).toBe(0);
    for (const f of ['medinsoft-20-ans.pdf', 'medinsoft-20-ans.epub', 'medinsoft-20-ans.report.json']) {
      expect(fs.readFileSync(path.join(OUT, 'b', f)).equals(fs.readFileSync(path.join(OUT, 'a', f))), f).toBe(true);
    }
  }, 60_000);
});
