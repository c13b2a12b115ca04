/**
 * Paragraph → lines: break the items (Knuth–Plass or greedy) and place every glyph of each line.
 */
import type { Cmyk } from '../../template/types.js';
import type { GlyphRun } from '../types.js';
import { greedy, skipDiscardable } from '../linebreak/greedy.js';
import { knuthPlass } from '../linebreak/knuth-plass.js';
import { INFINITY, type BreakParams, type LineBreak } from '../linebreak/types.js';
import type { BoxContent, Segment, TextItem } from './items.js';

export interface SetLine {
  /** Glyph runs with x relative to the line's left edge and y relative to its baseline. */
  runs: GlyphRun[];
  /** Natural width of the content, pt. */
  width: number;
  ratio: number;
  /** Ends with an added hyphen. */
  hyphenated: boolean;
}

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface BreakOptions {
  algorithm: 'knuth-plass' | 'greedy';
  params: BreakParams;
}

export function breakItems(items: TextItem[], measure: (line: number) => number, opts: BreakOptions, align: Align): LineBreak[] {
  if (align === 'justify' && opts.algorithm === 'knuth-plass') {
    for (const tolerance of [opts.params.tolerance, opts.params.tolerance * 2, 10]) {
      const b = knuthPlass(items, measure, { ...opts.params, tolerance });
      if (b) return b;
    }
  }
  return greedy(items, measure);
}

/** Place the glyphs of every line. */
export function setLines(items: TextItem[], breaks: LineBreak[], measure: (line: number) => number, align: Align): SetLine[] {
  const lines: SetLine[] = [];
  let start = 0;
  for (const [n, b] of breaks.entries()) {
    const last = n === breaks.length - 1;
    const lineWidth = measure(n);
    // Justified lines use the breaker's ratio (the last one is never stretched); others are natural.
    let ratio = align === 'justify' ? b.ratio : 0;
    if (last || (items[b.position]?.type === 'penalty' && (items[b.position] as { penalty: number }).penalty <= -INFINITY)) ratio = Math.min(ratio, 0);
    if (ratio >= INFINITY || ratio <= -INFINITY) ratio = 0;
    lines.push(placeLine(items, start, b.position, ratio, lineWidth, align));
    start = skipDiscardable(items, b.position);
  }
  return lines;
}

function placeLine(items: TextItem[], from: number, to: number, ratio: number, lineWidth: number, align: Align): SetLine {
  const runs: GlyphRun[] = [];
  let run: GlyphRun | undefined;
  let runSeg: Segment | undefined;
  let x = 0;
  let lastSeg: Segment | undefined;

  const emit = (seg: Segment, at: number) => {
    if (!run || !runSeg || !sameRun(seg, runSeg)) {
      run = { kind: 'glyphs', face: seg.face.ref, size: seg.size, color: seg.color, x: 0, y: -seg.rise, gids: [], dx: [], advances: [], text: [] };
      runs.push(run);
      runSeg = seg;
    }
    const scale = seg.size / seg.face.unitsPerEm;
    const s = seg.shaped;
    for (let k = 0; k < s.gids.length; k++) {
      run.gids.push(s.gids[k]!);
      run.dx.push(at + seg.x + s.xs[k]! * scale + seg.tracking * k);
      run.advances.push(s.advances[k]! * scale);
      run.text.push(s.text[k]!);
    }
    lastSeg = seg;
  };

  let natural = 0;
  for (let i = from; i < to; i++) {
    const it = items[i]!;
    if (it.type === 'box') natural += it.width;
    else if (it.type === 'glue') natural += it.width;
  }
  const end = items[to];
  const hyphenated = !!(end && end.type === 'penalty' && end.width > 0);
  if (hyphenated) natural += (end as { width: number }).width;

  for (let i = from; i < to; i++) {
    const it = items[i]!;
    if (it.type === 'box') {
      for (const seg of (it.content as BoxContent).segs) emit(seg, x);
      x += it.width;
    } else if (it.type === 'glue') {
      const w = it.width + (ratio >= 0 ? ratio * it.stretch : ratio * it.shrink);
      // A real space glyph keeps word boundaries in extracted text; its position gap is the TJ adjustment.
      if (lastSeg && it.width > 0 && i + 1 < to) {
        const f = lastSeg.face;
        const space: Segment = { ...lastSeg, shaped: { gids: [f.spaceGid], xs: [0], advances: [f.spaceAdvance], text: [' '], width: f.spaceAdvance }, x: 0, tracking: 0 };
        emit(space, x);
      }
      x += w;
    }
  }
  if (hyphenated && end && end.type === 'penalty' && end.content) {
    for (const seg of end.content.segs) emit(seg, x);
    x += end.width;
  }
  const shift = align === 'center' ? (lineWidth - x) / 2 : align === 'right' ? lineWidth - x : 0;
  if (shift) for (const r of runs) for (let k = 0; k < r.dx.length; k++) r.dx[k] = r.dx[k]! + shift;
  return { runs, width: natural, ratio, hyphenated };
}

/** Two segments can share a glyph run: same face, size, baseline and colour. */
function sameRun(a: Segment, b: Segment): boolean {
  return a.face === b.face && a.size === b.size && a.rise === b.rise && sameColor(a.color, b.color);
}

function sameColor(a: Cmyk, b: Cmyk): boolean {
  return a === b || (a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);
}
