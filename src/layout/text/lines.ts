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
  /** Wider than the measure even with its spaces shrunk as far as allowed. */
  overfull: boolean;
  /** Broken at a word space (set by `setLines`). */
  atSpace?: boolean;
  /** Offset in the paragraph's text of the line's first character (BoxContent.at of its first text box). */
  start?: number;
}

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface BreakOptions {
  algorithm: 'knuth-plass' | 'greedy';
  params: BreakParams;
}

/** At most this many hyphenated lines in a row. */
export const MAX_HYPHEN_LADDER = 2;

export function breakItems(items: TextItem[], measure: (line: number) => number, opts: BreakOptions, align: Align): LineBreak[] {
  if (align === 'justify' && opts.algorithm === 'knuth-plass') {
    let ladder: LineBreak[] | undefined;
    for (const tolerance of [opts.params.tolerance, opts.params.tolerance * 2, 10]) {
      let b = knuthPlass(items, measure, { ...opts.params, tolerance });
      // A ladder of hyphens: try again with prohibitive demerits for consecutive hyphens,
      // then with a looser tolerance: a looser line is better than a third hyphen in a row.
      if (b && hyphenLadder(items, b) > MAX_HYPHEN_LADDER) {
        b = knuthPlass(items, measure, { ...opts.params, tolerance, consecutiveFlaggedDemerits: 1e9 }) ?? b;
        if (hyphenLadder(items, b) > MAX_HYPHEN_LADDER) {
          ladder ??= b;
          continue;
        }
      }
      if (b) return b;
    }
    if (ladder) return ladder;
  }
  return greedy(items, measure);
}

/** Longest run of consecutive lines ending with an added hyphen. */
export function hyphenLadder(items: TextItem[], breaks: LineBreak[]): number {
  let run = 0;
  let max = 0;
  for (const b of breaks) {
    const it = items[b.position];
    run = it && it.type === 'penalty' && it.width > 0 ? run + 1 : 0;
    max = Math.max(max, run);
  }
  return max;
}

/** Place the glyphs of every line. */
export function setLines(items: TextItem[], breaks: LineBreak[], measure: (line: number) => number, align: Align): SetLine[] {
  const lines: SetLine[] = [];
  let start = 0;
  for (const [n, b] of breaks.entries()) {
    const end = items[b.position];
    const forced = end?.type === 'penalty' && end.penalty <= -INFINITY;
    // Justified lines fill the measure; the last line of a paragraph (or before a forced break) only shrinks.
    const mode = align === 'justify' ? (n === breaks.length - 1 || forced ? 'last' : 'fill') : 'natural';
    const line = placeLine(items, start, b.position, measure(n), align, mode);
    line.atSpace = end?.type === 'glue';
    lines.push(line);
    start = skipDiscardable(items, b.position);
  }
  return lines;
}

interface Word {
  segs: Segment[];
  width: number;
  /** An empty box (a first-line indent) keeps its own width. */
  blank?: boolean;
}

/**
 * Place one line. Boxes not separated by glue are one word cut at break opportunities
 * (hyphenation points, hard hyphens, URL breaks): on the line they are joined again and re-shaped,
 * so kerning and ligatures across an unused break point come back. The glue is then set from the
 * real widths, so a justified line ends exactly on the measure.
 */
function placeLine(items: TextItem[], from: number, to: number, lineWidth: number, align: Align, mode: 'fill' | 'last' | 'natural'): SetLine {
  const words: Word[] = [];
  let start: number | undefined;
  const glues: { width: number; stretch: number; shrink: number; after: number; face: Segment | undefined }[] = [];
  let cur: Segment[] | undefined;
  for (let i = from; i < to; i++) {
    const it = items[i]!;
    if (it.type === 'box' && (it.content as BoxContent).segs.length === 0) {
      words.push({ segs: [], width: it.width, blank: true });
      cur = undefined;
    } else if (it.type === 'box') {
      start ??= (it.content as BoxContent).at;
      if (!cur) {
        cur = [];
        words.push({ segs: cur, width: 0 });
      }
      cur.push(...(it.content as BoxContent).segs);
    } else if (it.type === 'glue') {
      if (cur && words.length) glues.push({ width: it.width, stretch: it.stretch, shrink: it.shrink, after: words.length - 1, face: cur[cur.length - 1] });
      cur = undefined;
    }
  }
  const end = items[to];
  const hyphenated = !!(end && end.type === 'penalty' && end.width > 0 && end.content);
  if (hyphenated && end.type === 'penalty' && end.content) {
    if (!cur) words.push({ segs: (cur = []), width: 0 });
    cur.push(...end.content.segs);
  }
  // A glue after the last word (a trailing space) is not part of the line.
  while (glues.length && glues[glues.length - 1]!.after >= words.length - 1) glues.pop();

  let natural = 0;
  for (const w of words) {
    if (w.blank) {
      natural += w.width;
      continue;
    }
    w.segs = rejoin(w.segs);
    let x = 0;
    for (const seg of w.segs) {
      x += seg.x; // kerning across a cut, set by rejoin
      seg.x = x;
      x += segWidth(seg);
    }
    w.width = x;
    natural += x;
  }
  let stretch = 0;
  let shrink = 0;
  for (const g of glues) {
    natural += g.width;
    stretch += g.stretch;
    shrink += g.shrink;
  }
  let ratio = 0;
  if (mode !== 'natural') {
    const gap = lineWidth - natural;
    if (gap > 0 && mode === 'fill') ratio = stretch > 0 ? gap / stretch : 0;
    else if (gap < 0) ratio = shrink > 0 ? Math.max(gap / shrink, -1) : 0;
  }

  // Glyphs go into scratch arrays first; each run gets typed arrays of its exact length at the end.
  const starts: number[] = [];
  const runSegs: Segment[] = [];
  let n = 0;
  let runSeg: Segment | undefined;
  const open = (seg: Segment) => {
    if (!runSeg || !sameRun(seg, runSeg)) {
      starts.push(n);
      runSegs.push(seg);
      runSeg = seg;
    }
  };
  const emit = (seg: Segment, at: number) => {
    open(seg);
    const scale = seg.size / seg.face.unitsPerEm;
    const s = seg.shaped;
    const count = s.gids.length;
    if (n + count > scratch.gids.length) grow(n + count);
    for (let k = 0; k < count; k++) {
      scratch.gids[n] = s.gids[k]!;
      scratch.dx[n] = at + seg.x + s.xs[k]! * scale + seg.tracking * k;
      scratch.advances[n] = s.advances[k]! * scale;
      scratch.text[n] = s.text[k]!;
      n++;
    }
  };
  /** A space glyph of the face of `seg` at `at`. */
  const emitSpace = (seg: Segment, at: number) => {
    open(seg);
    if (n + 1 > scratch.gids.length) grow(n + 1);
    const f = seg.face;
    scratch.gids[n] = f.spaceGid;
    scratch.dx[n] = at;
    scratch.advances[n] = f.spaceAdvance * (seg.size / f.unitsPerEm);
    scratch.text[n] = ' ';
    n++;
  };

  let x = 0;
  let g = 0;
  for (const [wi, w] of words.entries()) {
    for (const seg of w.segs) emit(seg, x);
    x += w.width;
    while (g < glues.length && glues[g]!.after === wi) {
      const glue = glues[g]!;
      const width = glue.width + (ratio >= 0 ? ratio * glue.stretch : ratio * glue.shrink);
      // A real space glyph keeps word boundaries in extracted text; the TJ adjustment sets its width.
      const last = glue.face;
      if (last && glue.width > 0) {
        // The space is part of a link only between two words of the link.
        const inLink = !last.link || words[wi + 1]?.segs[0]?.link === last.link;
        emitSpace(inLink ? last : { ...last, link: undefined }, x);
      }
      x += width;
      g++;
    }
  }
  const shift = align === 'center' ? (lineWidth - x) / 2 : align === 'right' ? lineWidth - x : 0;
  const runs: GlyphRun[] = [];
  for (let r = 0; r < starts.length; r++) {
    const seg = runSegs[r]!;
    const a = starts[r]!;
    const b = r + 1 < starts.length ? starts[r + 1]! : n;
    const dx = scratch.dx.slice(a, b);
    if (shift) for (let k = 0; k < dx.length; k++) dx[k] = dx[k]! + shift;
    runs.push({
      kind: 'glyphs',
      face: seg.face.ref,
      size: seg.size,
      color: seg.color,
      x: 0,
      y: -seg.rise,
      gids: scratch.gids.slice(a, b),
      dx,
      advances: scratch.advances.slice(a, b),
      text: scratch.text.slice(a, b),
      ...(seg.link ? { link: seg.link } : {}),
    });
  }
  const overfull = natural - shrink > lineWidth + 0.1;
  return { runs, width: natural, ratio, hyphenated, overfull, start };
}

/** Scratch arrays of `placeLine`, grown as needed (a line is set at a time). */
const scratch = { gids: new Uint16Array(256), dx: new Float64Array(256), advances: new Float32Array(256), text: new Array<string>(256) };

function grow(min: number): void {
  let size = scratch.gids.length * 2;
  while (size < min) size *= 2;
  const gids = new Uint16Array(size);
  gids.set(scratch.gids);
  const dx = new Float64Array(size);
  dx.set(scratch.dx);
  const advances = new Float32Array(size);
  advances.set(scratch.advances);
  scratch.gids = gids;
  scratch.dx = dx;
  scratch.advances = advances;
  scratch.text.length = size;
}

function lastCodePoint(s: string): number {
  const lo = s.charCodeAt(s.length - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && s.length > 1 ? s.codePointAt(s.length - 2)! : lo;
}

function segWidth(seg: Segment): number {
  return (seg.shaped.width / seg.face.unitsPerEm) * seg.size + seg.tracking * seg.shaped.gids.length;
}

/**
 * The pieces of a word cut at break opportunities that were not used on this line, put back
 * together: the kerning across each cut is restored (left in `x` for the caller to add), and a cut
 * inside a ligature or contextual form (ef|fi) is shaped again as a whole.
 */
function rejoin(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segs) {
    const prev = out[out.length - 1];
    seg.x = 0;
    if (prev && !prev.fixed && !seg.fixed && sameRun(prev, seg) && prev.tracking === seg.tracking) {
      const a = prev.shaped.text[prev.shaped.text.length - 1];
      const b = seg.shaped.text[0];
      const k = a && b ? prev.face.joinKern(lastCodePoint(a), b.codePointAt(0)!) : NaN;
      if (Number.isNaN(k)) {
        out[out.length - 1] = { ...prev, shaped: prev.face.shape(prev.shaped.text.join('') + seg.shaped.text.join('')) };
        continue;
      }
      seg.x = (k / seg.face.unitsPerEm) * seg.size;
    }
    out.push(seg);
  }
  return out;
}

/** Two segments can share a glyph run: same face, size, baseline, colour and link. */
function sameRun(a: Segment, b: Segment): boolean {
  return a.face === b.face && a.size === b.size && a.rise === b.rise && a.link === b.link && sameColor(a.color, b.color);
}

function sameColor(a: Cmyk, b: Cmyk): boolean {
  return a === b || (a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);
}
