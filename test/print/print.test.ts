/**
 * Print production through the command line, checked with the real tools: --marks (pdfinfo -box,
 * the marks and slug in the content, pdftotext), --impose saddle (page order per sheet side by
 * pdftotext on each half, A4 landscape, boxes), --creep (measured shift), --sheet SRA3 (bleed, marks),
 * the cover file, the report, `check`, --strict and the padding notice, determinism, and the colours
 * of converted images in a render (pdftoppm, read back with pngjs). Renders are kept in test/.out/print
 * for eyes: marks-1.png, imposed-1.png, sra3-1.png, cover-1.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';
import { tool } from '../helpers/tools.js';
import { ROOT, writeImagesBooklet, writeTemplate } from './fixture.js';
import { tokenize } from './pdfx-verifier.js';

const OUT = path.join(ROOT, 'test', '.out', 'print');
const SAMPLE = path.join(ROOT, 'episodes');
const IMG = path.join(OUT, 'images-src');
const MM = 72 / 25.4;
const NAME = 'medinsoft-20-ans';


async function build(source: string, out: string, ...args: string[]) {
  fs.rmSync(out, { recursive: true, force: true });
  const r = await cli(['build', source, '--out', out, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

type Box = [number, number, number, number];
function boxes(pdf: string): { media: Box; bleed: Box; trim: Box }[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', pdf))![1]);
  const info = tool('pdfinfo', '-box', '-f', '1', '-l', String(pages), pdf);
  const get = (name: string) => [...info.matchAll(new RegExp(`Page\\s+\\d+ ${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'g'))].map((m) => m.slice(1).map(Number) as Box);
  const media = get('MediaBox');
  const bleed = get('BleedBox');
  const trim = get('TrimBox');
  expect(media.length).toBe(pages);
  return media.map((m, i) => ({ media: m, bleed: bleed[i]!, trim: trim[i]! }));
}

const inside = (inner: Box, outer: Box) => inner[0] >= outer[0] - 0.01 && inner[1] >= outer[1] - 0.01 && inner[2] <= outer[2] + 0.01 && inner[3] <= outer[3] + 0.01;

/** Words of a page, or of a rectangle of it (pt, top-left origin). */
function words(pdf: string, page: number, crop?: { x: number; y: number; w: number; h: number }): string[] {
  const args = ['-f', String(page), '-l', String(page)];
  // pdftotext crops in pixels at -r 72 (1 px = 1 pt).
  if (crop) args.push('-r', '72', '-x', String(Math.round(crop.x)), '-y', String(Math.round(crop.y)), '-W', String(Math.round(crop.w)), '-H', String(Math.round(crop.h)));
  return tool('pdftotext', ...args, pdf, '-').split(/\s+/).filter(Boolean);
}

/** x of the first occurrence of `word` on a page (pdftotext -bbox). */
function wordX(pdf: string, page: number, word: string): number {
  const html = tool('pdftotext', '-bbox', '-f', String(page), '-l', String(page), pdf, '-');
  const m = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)"[^>]*>${word}</word>`).exec(html);
  if (!m) throw new Error(`${word} not on page ${page}`);
  return Number(m[1]);
}

/** Decoded content of a page, as operators (qpdf's parser decodes the stream). */
function contentOps(pdf: string, page: number) {
  const j = JSON.parse(tool('qpdf', '--json', '--json-stream-data=inline', pdf));
  const refs: string[] = j.pages[page - 1].contents;
  const data = Buffer.concat(refs.map((r) => Buffer.from(j.qpdf[1][`obj:${r}`].stream.data, 'base64')));
  return [...tokenize(data)];
}

function render(pdf: string, page: number, name: string, dpi = 50): PNG {
  const prefix = path.join(OUT, name);
  tool('pdftoppm', '-r', String(dpi), '-png', '-singlefile', '-f', String(page), '-l', String(page), pdf, prefix);
  return PNG.sync.read(fs.readFileSync(`${prefix}.png`));
}

let pages = 0;

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  await build(SAMPLE, path.join(OUT, 'plain'));
  pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', path.join(OUT, 'plain', `${NAME}.pdf`)))![1]);
  await writeImagesBooklet(IMG);
}, 60_000);

describe('saddle-stitch padding', () => {
  it('pads the print file to a multiple of 4 and says so in the summary and the report, not as a diagnostic', async () => {
    expect(pages % 4).toBe(0);
    // The sample without its colophon: 10 pages laid out, 2 blanks to add.
    const src = path.join(OUT, 'padded-src');
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(SAMPLE, src, { recursive: true });
    fs.appendFileSync(path.join(src, 'booklet.yaml'), 'parts: [cover, inside-cover, title-page, preface, contents, episodes, back-cover]\n');
    const r = await cli(['build', src, '--out', path.join(OUT, 'json'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const report = JSON.parse(fs.readFileSync(path.join(OUT, 'json', `${NAME}.report.json`), 'utf8'));
    const p = report.print.pages;
    const n = p.total;
    expect(n % 4).toBe(0);
    expect(doc.summary.pages).toBe(n);
    expect(report.pages).toBe(n);
    expect(p.signature).toBe(4);
    expect(p.blankAdded).toBeGreaterThan(0);
    expect(p.laidOut + p.blankAdded).toBe(n);
    expect(p.withoutBlanks).toBe(p.laidOut - (p.laidOut % 4));
    expect(doc.summary.notices.join('\n')).toMatch(new RegExp(`${p.blankAdded} blank pages? added before the back cover to reach ${n} pages`));
    expect(report.notices).toEqual(doc.summary.notices);
    expect(doc.diagnostics.some((d: { message: string }) => /blank page/.test(d.message))).toBe(false);
    // --strict turns warnings into errors, never the padding notice.
    const strict = await cli(['build', src, '--out', path.join(OUT, 'strict'), '--strict', '--json']);
    expect(strict.code).toBe(doc.diagnostics.length ? 1 : 0);
    // The blank pages go before the back cover, which stays the last page.
    const pdfFile = path.join(OUT, 'json', `${NAME}.pdf`);
    for (let i = 1; i <= p.blankAdded; i++) expect(words(pdfFile, n - i)).toEqual([]);
    expect(words(pdfFile, n - p.blankAdded - 1).length).toBeGreaterThan(20);
    expect(words(pdfFile, n).join(' ')).toContain('Medinsoft a 20 ans');
  }, 60_000);
});

describe('--marks', () => {
  let pdf = '';
  beforeAll(async () => {
    await build(SAMPLE, path.join(OUT, 'marks'), '--marks');
    pdf = path.join(OUT, 'marks', `${NAME}.pdf`);
  }, 60_000);

  it('grows the MediaBox to trim + 10 mm per side and keeps TrimBox and BleedBox around the trim', () => {
    const all = boxes(pdf);
    expect(all.length).toBe(pages);
    for (const b of all) {
      expect(b.media[2]).toBeCloseTo(168 * MM, 1);
      expect(b.media[3]).toBeCloseTo(230 * MM, 1);
      expect(b.trim.map((v) => +v.toFixed(2))).toEqual([28.35, 28.35, 447.87, 623.62]);
      expect(b.bleed.map((v) => +v.toFixed(2))).toEqual([19.84, 19.84, 456.38, 632.13]);
      expect(inside(b.trim, b.bleed) && inside(b.bleed, b.media)).toBe(true);
    }
  }, 30_000);

  it('moves every page by the slug offset (7 mm with 3 mm bleed)', () => {
    const plain = path.join(OUT, 'plain', `${NAME}.pdf`);
    const x0 = wordX(plain, 1, 'Medinsoft');
    expect(wordX(pdf, 1, 'Medinsoft') - x0).toBeCloseTo(7 * MM, 1);
  }, 30_000);

  it('draws eight 0.25 pt crop marks in registration (1 1 1 1 K), outside the BleedBox, 6 mm long, and a slug line', () => {
    const ops = contentOps(pdf, 2);
    // The marks come after the page (which is wrapped in q … Q with its translation and clip).
    const lastQ = ops.map((o) => o.op).lastIndexOf('Q');
    expect(ops[0]!.op).toBe('cm'); // pdfkit's flip
    expect(ops[1]!.op).toBe('q');
    expect(ops[2]).toEqual({ op: 'cm', args: [1, 0, 0, 1, +(7 * MM).toFixed(3), +(7 * MM).toFixed(3)] });
    expect(ops[3]!.op).toBe('re');
    expect(ops[4]!.op).toBe('W');
    const marks = ops.slice(lastQ + 1);
    const K = marks.find((o) => o.op === 'K');
    expect(K?.args).toEqual([1, 1, 1, 1]);
    expect(marks.find((o) => o.op === 'w')?.args).toEqual([0.25]);
    const lines: number[][] = [];
    for (let i = 0; i + 2 < marks.length; i++) if (marks[i]!.op === 'm' && marks[i + 1]!.op === 'l' && marks[i + 2]!.op === 'S') lines.push([...(marks[i]!.args as number[]), ...(marks[i + 1]!.args as number[])]);
    expect(lines).toHaveLength(8);
    const slug = 10 * MM;
    const bleedBox = { x1: slug - 3 * MM, y1: slug - 3 * MM, x2: slug + 148 * MM + 3 * MM, y2: slug + 210 * MM + 3 * MM }; // y down
    for (const [x1, y1, x2, y2] of lines) {
      expect(Math.hypot(x2! - x1!, y2! - y1!)).toBeCloseTo(6 * MM, 2);
      // Entirely outside the BleedBox (at most touching its edge), inside the MediaBox.
      const outside = Math.max(x1!, x2!) <= bleedBox.x1 + 0.01 || Math.min(x1!, x2!) >= bleedBox.x2 - 0.01 || Math.max(y1!, y2!) <= bleedBox.y1 + 0.01 || Math.min(y1!, y2!) >= bleedBox.y2 - 0.01;
      expect(outside).toBe(true);
      for (const v of [x1!, x2!]) expect(v >= 0 && v <= 168 * MM).toBe(true);
      for (const v of [y1!, y2!]) expect(v >= 0 && v <= 230 * MM).toBe(true);
    }
    const text = tool('pdftotext', '-f', '2', '-l', '2', pdf, '-');
    expect(text).toContain(`${NAME}.pdf page 2 / ${pages} 2026-09-21`);
  }, 30_000);

  it('renders with marks at the corners (test/.out/print/marks-1.png)', () => {
    const png = render(pdf, 1, 'marks-1');
    // Top-left horizontal mark: y = trim top (10 mm), x from 1 to 7 mm: dark pixels there.
    const px = (xmm: number, ymm: number) => {
      const x = Math.round((xmm / 25.4) * 50);
      const y = Math.round((ymm / 25.4) * 50);
      const i = (y * png.width + x) * 4;
      return png.data[i]! + png.data[i + 1]! + png.data[i + 2]!;
    };
    expect(Math.min(px(4, 10), px(4, 9.9), px(4, 10.1))).toBeLessThan(600);
    // The slug corner outside the marks stays white.
    expect(px(2, 2)).toBeGreaterThan(740);
  }, 30_000);
});

describe('--impose saddle', () => {
  const plain = () => path.join(OUT, 'plain', `${NAME}.pdf`);

  it('writes 2-up spreads on A4 landscape in saddle-stitch order, at the trim, without bleed or marks', async () => {
    await build(SAMPLE, path.join(OUT, 'imposed'), '--impose', 'saddle');
    const pdf = path.join(OUT, 'imposed', `${NAME}-imposed.pdf`);
    const all = boxes(pdf);
    expect(all.length).toBe(pages / 2);
    for (const b of all) {
      expect(b.media.map((v) => +v.toFixed(2))).toEqual([0, 0, 841.89, 595.28]);
      expect(b.trim).toEqual(b.bleed);
      expect(b.trim[2] - b.trim[0]).toBeCloseTo(296 * MM, 1);
    }
    const half = { w: 841.89 / 2, h: 595.28 };
    for (let s = 1; s <= pages / 4; s++) {
      const front = [pages - 2 * s + 2, 2 * s - 1];
      const back = [2 * s, pages - 2 * s + 1];
      for (const [side, [l, r]] of [
        [2 * s - 1, front],
        [2 * s, back],
      ] as [number, number[]][]) {
        expect(words(pdf, side, { x: 0, y: 0, ...half }), `sheet side ${side} left = page ${l}`).toEqual(words(plain(), l!));
        expect(words(pdf, side, { x: half.w, y: 0, ...half }), `sheet side ${side} right = page ${r}`).toEqual(words(plain(), r!));
      }
    }
    // No crop marks on an office sheet.
    expect(contentOps(pdf, 1).some((o) => o.op === 'K' && (o.args as number[]).join() === '1,1,1,1')).toBe(false);
    render(pdf, 2, 'imposed-2', 30);
    render(pdf, 1, 'imposed-1', 30);
    const report = JSON.parse(fs.readFileSync(path.join(OUT, 'imposed', `${NAME}.report.json`), 'utf8'));
    expect(report.print.imposition).toMatchObject({ kind: 'saddle', sheet: 'A4', bleedAndMarks: false, creepMm: 0 });
    expect(report.print.imposition.sides[0]).toEqual({ sheet: 1, side: 'front', left: pages, right: 1, shiftMm: 0 });
  }, 60_000);

  it('--sheet A4 is the office sheet: the same file as without --sheet', async () => {
    await build(SAMPLE, path.join(OUT, 'a4'), '--impose', 'saddle', '--sheet', 'A4');
    const a = fs.readFileSync(path.join(OUT, 'a4', `${NAME}-imposed.pdf`));
    expect(a.equals(fs.readFileSync(path.join(OUT, 'imposed', `${NAME}-imposed.pdf`)))).toBe(true);
  }, 60_000);

  it('--creep moves the pages of inner sheets toward the spine by their share', async () => {
    await build(SAMPLE, path.join(OUT, 'creep'), '--impose', 'saddle', '--creep', '1.5');
    const pdf = path.join(OUT, 'creep', `${NAME}-imposed.pdf`);
    const ref = path.join(OUT, 'imposed', `${NAME}-imposed.pdf`);
    const sheets = pages / 4;
    // The right page of each front side is page 2s−1; find a word on it.
    for (let s = 1; s <= sheets; s++) {
      const page = 2 * s - 1;
      const w = words(plain(), page).find((x) => /^[A-Za-zÀ-ÿ]{5,}$/.test(x));
      if (!w) continue;
      const shift = (1.5 * MM * (s - 1)) / (sheets - 1);
      expect(wordX(pdf, 2 * s - 1, w) - wordX(ref, 2 * s - 1, w), `sheet ${s}`).toBeCloseTo(-shift, 1);
    }
    const report = JSON.parse(fs.readFileSync(path.join(OUT, 'creep', `${NAME}.report.json`), 'utf8'));
    expect(report.print.imposition.sides.at(-1).shiftMm).toBeCloseTo(1.5, 3);
    expect(report.print.imposition.sides[0].shiftMm).toBe(0);
  }, 60_000);

  it('--sheet SRA3 keeps the bleed, draws crop marks and a slug per side', async () => {
    await build(SAMPLE, path.join(OUT, 'sra3'), '--impose', 'saddle', '--sheet', 'SRA3');
    const pdf = path.join(OUT, 'sra3', `${NAME}-imposed.pdf`);
    for (const b of boxes(pdf)) {
      expect(b.media.map((v) => +v.toFixed(1))).toEqual([0, 0, +(450 * MM).toFixed(1), +(320 * MM).toFixed(1)]);
      expect(b.trim[2] - b.trim[0]).toBeCloseTo(296 * MM, 1);
      expect(b.trim[3] - b.trim[1]).toBeCloseTo(210 * MM, 1);
      expect(b.trim[0] - b.bleed[0]).toBeCloseTo(3 * MM, 1);
      expect(inside(b.trim, b.bleed) && inside(b.bleed, b.media)).toBe(true);
    }
    const ops = contentOps(pdf, 1);
    expect(ops.filter((o) => o.op === 'S').length).toBeGreaterThanOrEqual(8);
    expect(tool('pdftotext', '-f', '1', '-l', '1', pdf, '-')).toContain(`${NAME}-imposed.pdf sheet 1 front: pages ${pages} | 1`);
    render(pdf, 1, 'sra3-1', 30);
  }, 60_000);

  it('refuses impossible or incomplete requests with exit code 2', async () => {
    const out = path.join(OUT, 'refused');
    const cases: [string[], RegExp][] = [
      [['--impose', 'saddle', '--sheet', '200x150'], /do not fit on 200×150 mm — use a larger --sheet/],
      [['--impose', 'saddle', '--sheet', 'B5'], /not a sheet size/],
      [['--sheet', 'A3'], /add --impose saddle/],
      [['--creep', '1'], /add --impose saddle/],
      [['--impose', 'saddle', '--creep', '12'], /between 0 and 10/],
      [['--impose', 'perfect'], /Allowed choices are saddle/],
    ];
    for (const [args, msg] of cases) {
      fs.rmSync(out, { recursive: true, force: true });
      const r = await cli(['build', SAMPLE, '--out', out, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(msg);
      expect(fs.existsSync(out)).toBe(false);
    }
  }, 60_000);
});

describe('cover file', () => {
  it('print.coverFile writes <name>-cover.pdf with pages 1, 2, N−1 and N', async () => {
    const src = path.join(OUT, 'cover-src');
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(SAMPLE, src, { recursive: true });
    writeTemplate(src, 'avec-couverture', 'print:\n  coverFile: true');
    await build(src, path.join(OUT, 'cover'), '--marks', '--template', 'avec-couverture');
    const pdf = path.join(OUT, 'cover', `${NAME}-cover.pdf`);
    const print = path.join(OUT, 'cover', `${NAME}.pdf`);
    const n = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', print))![1]);
    expect(Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', pdf))![1])).toBe(4);
    [1, 2, n - 1, n].forEach((p, i) => {
      const strip = (w: string[]) => w.filter((x) => !/^(page|\d+|\/|2026-09-21|medinsoft-20-ans(-cover)?\.pdf)$/.test(x));
      expect(strip(words(pdf, i + 1)), `cover page ${i + 1} = page ${p}`).toEqual(strip(words(print, p)));
    });
    expect(tool('pdftotext', '-f', '3', '-l', '3', pdf, '-')).toContain(`${NAME}-cover.pdf page ${n - 1} / ${n}`);
    render(pdf, 1, 'cover-1', 40);
  }, 60_000);
});

describe('images for print', () => {
  let pdf = '';
  beforeAll(async () => {
    await build(IMG, path.join(OUT, 'images'));
    pdf = path.join(OUT, 'images', 'images-quadri.pdf');
  }, 60_000);

  it('reports the conversion of each image and the profile used', () => {
    const report = JSON.parse(fs.readFileSync(path.join(OUT, 'images', 'images-quadri.report.json'), 'utf8'));
    expect(report.print.imageProfile.name).toBe('Chemical proof');
    expect(report.print.imageProfile.source).toMatch(/built into libvips/);
    expect(report.preflight.ok).toBe(true);
    const byFile = Object.fromEntries(report.preflight.images.map((i: { file: string }) => [i.file, i]));
    expect(byFile['photo.jpg']).toMatchObject({ from: 'RGB JPEG', to: 'CMYK JPEG', action: 'converted to CMYK', alphaFlattened: false, profile: 'Chemical proof' });
    expect(byFile['portrait.png']).toMatchObject({ from: 'RGB PNG with alpha', to: 'CMYK JPEG', alphaFlattened: true });
    expect(byFile['logo.png']).toMatchObject({ to: 'CMYK JPEG', alphaFlattened: true });
    expect(byFile['gris.png']).toMatchObject({ from: 'grey PNG with alpha', to: 'grey PNG', alphaFlattened: true });
    expect(byFile['neutre.jpg']).toMatchObject({ from: 'RGB JPEG', to: 'grey JPEG', action: 'converted to grey (neutral pixels)' });
    expect(byFile['cover.jpg'].ppi).toBeGreaterThanOrEqual(300);
    expect(report.preflight.checks.find((c: { id: string }) => c.id === 'images').summary).toMatch(/separated with Chemical proof/);
  }, 30_000);

  it('renders the CMYK photo in its colours, not as a negative (pdftoppm)', () => {
    const page = [...Array(8).keys()].map((i) => i + 1).find((p) => tool('pdftotext', '-f', String(p), '-l', String(p), pdf, '-').includes('Quatre aplats'))!;
    const png = render(pdf, page, 'photo-page', 40);
    const kinds = { red: [] as number[], green: [] as number[], blue: [] as number[], yellow: [] as number[] };
    const rows = new Set<number>();
    for (let y = 0; y < png.height; y++)
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (r > 150 && g < 90 && b < 90) rows.add(y);
      }
    for (const y of rows)
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (r > 150 && g < 90 && b < 90) kinds.red.push(x);
        else if (g > 110 && r < 110 && b < 120) kinds.green.push(x);
        else if (b > 130 && r < 90 && g < 120) kinds.blue.push(x);
        else if (r > 190 && g > 160 && b < 90) kinds.yellow.push(x);
      }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    for (const k of Object.values(kinds)) expect(k.length).toBeGreaterThan(50);
    expect(mean(kinds.red)).toBeLessThan(mean(kinds.green));
    expect(mean(kinds.green)).toBeLessThan(mean(kinds.blue));
    expect(mean(kinds.blue)).toBeLessThan(mean(kinds.yellow));
  }, 30_000);

  it('flattens the portrait’s alpha onto white (no black or grey corners)', () => {
    const page = [...Array(8).keys()].map((i) => i + 1).find((p) => tool('pdftotext', '-f', String(p), '-l', String(p), pdf, '-').includes('Fondatrice'))!;
    const png = render(pdf, page, 'portrait-page', 40);
    // The disc: runs of ≥ 6 orange pixels (text in the accent colour makes no such runs); the corners
    // of its bounding box are outside the disc, where the alpha was 0: they must be white.
    let [x1, y1, x2, y2] = [png.width, png.height, 0, 0];
    for (let y = 0; y < png.height; y++) {
      let run = 0;
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        run = png.data[i]! > 170 && png.data[i + 1]! > 70 && png.data[i + 1]! < 200 && png.data[i + 2]! < 50 ? run + 1 : 0;
        if (run >= 6) {
          x1 = Math.min(x1, x - 5);
          y1 = Math.min(y1, y);
          x2 = Math.max(x2, x);
          y2 = Math.max(y2, y);
        }
      }
    }
    expect(x2 - x1).toBeGreaterThan(20);
    for (const [x, y] of [
      [x1 + 1, y1 + 1],
      [x2 - 1, y1 + 1],
      [x1 + 1, y2 - 1],
      [x2 - 1, y2 - 1],
    ]) {
      const i = (y! * png.width + x!) * 4;
      expect(png.data[i]! + png.data[i + 1]! + png.data[i + 2]!).toBeGreaterThan(720);
    }
  }, 30_000);

  it('is byte-identical when built twice (the image conversion is deterministic)', async () => {
    await build(IMG, path.join(OUT, 'images-again'));
    for (const f of ['images-quadri.pdf', 'images-quadri.report.json']) {
      expect(fs.readFileSync(path.join(OUT, 'images-again', f)).equals(fs.readFileSync(path.join(OUT, 'images', f))), f).toBe(true);
    }
  }, 60_000);
});

describe('preflight in check and build', () => {
  it('prints the checks after a build and in `check`, and puts them in --report', async () => {
    const b = await cli(['build', SAMPLE, '--out', path.join(OUT, 'text')]);
    expect(b.stderr).toMatch(/^preflight:$/m);
    for (const id of ['boxes', 'bleed', 'fonts', 'colour', 'ink', 'transparency', 'images', 'lines', 'pages', 'standard']) expect(b.stderr).toMatch(new RegExp(`^  ok    ${id}\\b`, 'm'));
    const report = path.join(OUT, 'check-report.json');
    const c = await cli(['check', SAMPLE, '--report', report]);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/^  ok    standard +PDF\/X-1a:2003; output intent FOGRA39/m);
    const j = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(j.summary.preflight.map((x: { id: string }) => x.id)).toContain('images');
  }, 60_000);

  it('warns about an image stored on its side with an EXIF rotation (the print shows it as stored)', async () => {
    const src = path.join(OUT, 'exif-src');
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(IMG, src, { recursive: true });
    const sharp = (await import('sharp')).default;
    await sharp(path.join(IMG, 'photo.jpg')).withMetadata({ orientation: 6 }).jpeg().toFile(path.join(src, 'photo.jpg'));
    const r = await cli(['build', src, '--out', path.join(OUT, 'exif'), '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout).diagnostics.find((x: { code: string }) => x.code === 'preflight-image-orientation');
    expect(d).toMatchObject({ severity: 'warning', line: 15 });
    expect(d.message).toMatch(/`photo\.jpg` is stored on its side/);
  }, 60_000);

  it('fails the build on a preflight error, writing nothing (an image under 150 ppi)', async () => {
    const src = path.join(OUT, 'lowres-src');
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(IMG, src, { recursive: true });
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366aa' } }).jpeg().toFile(path.join(src, 'photo.jpg'));
    const out = path.join(OUT, 'lowres');
    fs.rmSync(out, { recursive: true, force: true });
    const r = await cli(['build', src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/01-ana\.md:15:1: error: `photo\.jpg` prints at \d+ ppi on page \d+ \(300×200 pixels\); under 150 ppi/);
    expect(r.stderr).toMatch(/nothing written/);
    expect(fs.existsSync(out)).toBe(false);
    // `check` reports the same error.
    expect((await cli(['check', src])).code).toBe(1);
  }, 60_000);
});
