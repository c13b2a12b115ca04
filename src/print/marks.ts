/**
 * Printer's marks, as page items in sheet coordinates (pt, origin top-left, y down): crop marks
 * (0.25 pt, registration colour = 100 % of all four inks, outside the BleedBox, offset from the trim
 * by at least the bleed, 6 mm long) and a slug line of text.
 */
import type * as fontkit from 'fontkit';
import { openFontFile } from '../fonts/font-files.js';
import type { FaceRef, GlyphRun, LineItem } from '../layout/types.js';
import type { Cmyk } from '../template/types.js';

export const MM = 72 / 25.4;
/** Registration: every plate. */
export const REGISTRATION: Cmyk = [100, 100, 100, 100];
export const MARK_WIDTH = 0.25;
export const MARK_LENGTH = 6 * MM;
/** Smallest distance from the trim to a mark (when the bleed is smaller). */
export const MIN_MARK_OFFSET = 3 * MM;
/** Room between a mark's end and the MediaBox edge. */
const MARK_MARGIN = 1 * MM;
/** MediaBox edge to trim with marks: at least 10 mm (3 offset + 6 mark + 1). */
export const MIN_SLUG = 10 * MM;
export const SLUG_SIZE = 6;

/** Distance from the trim at which marks start. */
export function markOffset(bleed: number): number {
  return Math.max(bleed, MIN_MARK_OFFSET);
}

/** Distance from the MediaBox edge to the trim when marks are drawn. */
export function slugWidth(bleed: number): number {
  return Math.max(MIN_SLUG, markOffset(bleed) + MARK_LENGTH + MARK_MARGIN);
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Eight crop marks at the corners of `trim`, each starting `offset` away from the trim and pointing outwards. */
export function cropMarks(trim: Rect, offset: number): LineItem[] {
  const { x, y, w, h } = trim;
  const L = MARK_LENGTH;
  const line = (x1: number, y1: number, x2: number, y2: number): LineItem => ({ kind: 'line', x1, y1, x2, y2, width: MARK_WIDTH, color: REGISTRATION });
  const right = x + w;
  const bottom = y + h;
  return [
    // top-left: horizontal (along the top edge, to the left), vertical (along the left edge, upwards)
    line(x - offset - L, y, x - offset, y),
    line(x, y - offset - L, x, y - offset),
    // top-right
    line(right + offset, y, right + offset + L, y),
    line(right, y - offset - L, right, y - offset),
    // bottom-left
    line(x - offset - L, bottom, x - offset, bottom),
    line(x, bottom + offset, x, bottom + offset + L),
    // bottom-right
    line(right + offset, bottom, right + offset + L, bottom),
    line(right, bottom + offset, right, bottom + offset + L),
  ];
}

function open(face: FaceRef): fontkit.Font {
  return openFontFile(face.path);
}

/**
 * The slug line: `text` set in the first face of `faces` that has every character (characters no
 * face has become `?`), left-aligned at (x, baseline).
 */
export function slugLine(text: string, faces: readonly FaceRef[], x: number, baseline: number, size = SLUG_SIZE, color: Cmyk = REGISTRATION): GlyphRun | undefined {
  if (faces.length === 0 || text === '') return undefined;
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const face = faces.find((f) => cps.every((cp) => open(f).hasGlyphForCodePoint(cp))) ?? faces[0]!;
  const font = open(face);
  const safe = [...text].map((c) => (font.hasGlyphForCodePoint(c.codePointAt(0)!) ? c : '?')).join('');
  const shaped = font.layout(safe, ['kern']);
  const scale = size / font.unitsPerEm;
  const n = shaped.glyphs.length;
  const run: GlyphRun = { kind: 'glyphs', face, size, color, x, y: baseline, gids: new Uint16Array(n), dx: new Float64Array(n), advances: new Float32Array(n), text: [] };
  let pen = 0;
  shaped.glyphs.forEach((g, i) => {
    const p = shaped.positions[i]!;
    run.gids[i] = g.id;
    run.dx[i] = pen + p.xOffset * scale;
    run.advances[i] = g.advanceWidth * scale;
    run.text.push(String.fromCodePoint(...g.codePoints));
    pen += p.xAdvance * scale;
  });
  return run;
}
