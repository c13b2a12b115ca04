/**
 * Test helpers for the PDF writer: build GlyphRuns with fontkit directly (standing in for the
 * layout room), and run the poppler/qpdf tools (a missing tool fails the test).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import type { FaceRef, GlyphRun, PagedBooklet } from '../../../src/layout/types.js';
import type { Cmyk } from '../../../src/template/types.js';
import type { ImageAsset } from '../../../src/model/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const OUT = path.join(ROOT, 'test/.out/pdf');
export const MM = 72 / 25.4;

export const GARAMOND: FaceRef = { id: 'garamond-regular', path: path.join(ROOT, 'fonts/eb-garamond/EBGaramond-Regular.ttf') };
export const GARAMOND_ITALIC: FaceRef = {
  id: 'garamond-italic',
  path: path.join(ROOT, 'fonts/eb-garamond/EBGaramond-Italic.ttf'),
};
export const EMOJI: FaceRef = { id: 'noto-emoji', path: path.join(ROOT, 'fonts/noto-emoji/NotoEmoji-Regular.ttf') };

export const BLACK: Cmyk = [0, 0, 0, 100];
export const ACCENT: Cmyk = [0, 85, 80, 10];

const fonts = new Map<string, fontkit.Font>();
export function font(face: FaceRef): fontkit.Font {
  let f = fonts.get(face.path);
  if (!f) {
    f = fontkit.openSync(face.path) as fontkit.Font;
    fonts.set(face.path, f);
  }
  return f;
}

/** Width of U+202F as layout draws it: a fixed gap of 1/8 em. */
export const THIN = 0.125;

/**
 * Lay out one line of `text` from (x, baseline y), the way the layout room does it:
 * words shaped by fontkit with kern + liga, U+00A0 drawn as a space glyph of its own width,
 * U+202F as a fixed 1/8-em gap that still carries a space glyph (text '').
 */
export function line(face: FaceRef, size: number, x: number, y: number, text: string, color: Cmyk = BLACK): GlyphRun {
  const f = font(face);
  const scale = size / f.unitsPerEm;
  const space = f.glyphForCodePoint(0x20);
  const run = { gids: [] as number[], dx: [] as number[], advances: [] as number[], text: [] as string[] };
  let pen = 0;
  for (const seg of text.split(/([\u00a0\u202f])/u)) {
    if (seg === '\u00a0' || seg === '\u202f') {
      run.gids.push(space.id);
      run.dx.push(pen);
      run.advances.push(space.advanceWidth * scale);
      run.text.push(seg === '\u00a0' ? '\u00a0' : '');
      pen += seg === '\u00a0' ? space.advanceWidth * scale : THIN * size;
      continue;
    }
    if (seg === '') continue;
    const shaped = f.layout(seg, ['kern', 'liga']);
    for (let i = 0; i < shaped.glyphs.length; i++) {
      const g = shaped.glyphs[i]!;
      const p = shaped.positions[i]!;
      run.gids.push(g.id);
      run.dx.push(pen + p.xOffset * scale);
      run.advances.push(g.advanceWidth * scale);
      run.text.push(String.fromCodePoint(...g.codePoints));
      pen += p.xAdvance * scale;
    }
  }
  return glyphRun({ kind: 'glyphs', face, size, color, x, y }, run);
}

/** A glyph run from plain arrays (layout gives typed arrays). */
export function glyphRun(
  base: Omit<GlyphRun, 'gids' | 'dx' | 'advances' | 'text'>,
  a: { gids: number[]; dx: number[]; advances: number[]; text: string[] },
): GlyphRun {
  return { ...base, gids: Uint16Array.from(a.gids), dx: Float64Array.from(a.dx), advances: Float32Array.from(a.advances), text: a.text };
}

/** Total advance of a run (pt): where the next run would start. */
export function runWidth(run: GlyphRun): number {
  const n = run.gids.length;
  return n === 0 ? 0 : run.dx[n - 1]! + run.advances[n - 1]!;
}

/** dx of the first glyph of the `nth` occurrence of `word` in the run's text. */
export function wordX(run: GlyphRun, word: string, nth = 0): number {
  let joined = '';
  const starts: number[] = [];
  run.text.forEach((t, i) => {
    starts.push(joined.length);
    joined += t === '' ? ' ' : t;
  });
  let at = -1;
  for (let k = 0; k <= nth; k++) at = joined.indexOf(word, at + 1);
  if (at < 0) throw new Error(`${word} not in run`);
  const gi = starts.findIndex((s, i) => s <= at && (i === starts.length - 1 || starts[i + 1]! > at));
  return run.x + run.dx[gi]!;
}

export function image(file: string, format: 'jpeg' | 'png', width: number, height: number): ImageAsset {
  const p = path.join(ROOT, 'test/fixtures/pdf', file);
  return { path: p, rel: file, format, width, height };
}

/** A5 trim with 3 mm bleed and no slug: MediaBox = BleedBox. */
export function a5(): Pick<PagedBooklet, 'width' | 'height' | 'trimBox' | 'bleedBox'> {
  const bleed = 3 * MM;
  const width = (148 + 6) * MM;
  const height = (210 + 6) * MM;
  return {
    width,
    height,
    trimBox: [bleed, bleed, width - bleed, height - bleed],
    bleedBox: [0, 0, width, height],
  };
}

/** Run a tool; a missing tool throws (the test fails rather than skips). */
export function tool(cmd: string, args: string[], opts: { allowFail?: boolean } = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string; status?: number };
    if (err.code === 'ENOENT') throw new Error(`${cmd} is not installed (apt-get install -y poppler-utils qpdf)`);
    if (opts.allowFail) return `${err.stdout ?? ''}${err.stderr ?? ''}`;
    throw new Error(`${cmd} ${args.join(' ')} failed (${err.status}): ${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
}

export function save(name: string, bytes: Uint8Array): string {
  fs.mkdirSync(OUT, { recursive: true });
  const p = path.join(OUT, name);
  fs.writeFileSync(p, bytes);
  return p;
}

export interface BboxWord {
  word: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** `pdftotext -bbox` words of one page (1-based). */
export function bboxWords(pdf: string, page: number): BboxWord[] {
  const html = tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-']);
  const words: BboxWord[] = [];
  const re = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    words.push({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      word: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    });
  }
  return words;
}
