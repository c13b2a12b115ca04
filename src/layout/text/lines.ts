/**
 * Paragraph → lines: break the items (Knuth–Plass or greedy) and place every glyph of each line.
 */
import type { Cmyk } from '../../template/types.js';
import type { FaceRef, GlyphRun, LinkTarget } from '../types.js';
import { greedy, skipDiscardable } from '../linebreak/greedy.js';
import { knuthPlass } from '../linebreak/knuth-plass.js';
import { INFINITY, type BreakParams, type LineBreak } from '../linebreak/types.js';
import { Segment, type BoxContent, type TextItem } from './items.js';

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

/**
 * Place one line. Boxes not separated by glue are one word cut at break opportunities
 * (hyphenation points, hard hyphens, URL breaks): on the line they are joined again and re-shaped,
 * so kerning and ligatures across an unused break point come back. The glue is then set from the
 * real widths, so a justified line ends exactly on the measure.
 * The words, glues and glyphs of a line go into scratch arrays (`line`, `scratch`): segments are
 * shared by the settings of a paragraph and never changed.
 */
function placeLine(items: TextItem[], from: number, to: number, lineWidth: number, align: Align, mode: 'fill' | 'last' | 'natural'): SetLine {
  const L = line;
  let nSegs = 0;
  let nWords = 0;
  let nGlues = 0;
  let start: number | undefined;
  /** Inside a word (its segments are the last ones added). */
  let open = false;
  const addSegs = (segs: Segment[]) => {
    if (nSegs + segs.length > L.segs.length) growLine(nSegs + segs.length, nWords + 1, nGlues + 1);
    for (const seg of segs) L.segs[nSegs++] = seg;
  };
  const newWord = (blank: boolean, width = 0) => {
    if (nWords + 1 > L.wordFirst.length) growLine(nSegs, nWords + 1, nGlues + 1);
    L.wordFirst[nWords] = nSegs;
    L.wordBlank[nWords] = blank ? 1 : 0;
    L.wordWidth[nWords] = width;
    nWords++;
  };
  for (let i = from; i < to; i++) {
    const it = items[i]!;
    if (it.type === 'box' && (it.content as BoxContent).segs.length === 0) {
      // An empty box (a first-line indent) keeps its own width.
      newWord(true, it.width);
      open = false;
    } else if (it.type === 'box') {
      start ??= (it.content as BoxContent).at;
      if (!open) {
        newWord(false);
        open = true;
      }
      addSegs((it.content as BoxContent).segs);
    } else if (it.type === 'glue') {
      if (open && nWords) {
        if (nGlues + 1 > L.glueAfter.length) growLine(nSegs, nWords, nGlues + 1);
        L.glueWidth[nGlues] = it.width;
        L.glueStretch[nGlues] = it.stretch;
        L.glueShrink[nGlues] = it.shrink;
        L.glueAfter[nGlues] = nWords - 1;
        L.glueFace[nGlues] = L.segs[nSegs - 1]!;
        nGlues++;
      }
      open = false;
    }
  }
  const end = items[to];
  const hyphenated = !!(end && end.type === 'penalty' && end.width > 0 && end.content);
  if (hyphenated && end.type === 'penalty' && end.content) {
    if (!open) newWord(false);
    addSegs(end.content.segs);
  }
  // A glue after the last word (a trailing space) is not part of the line.
  while (nGlues && L.glueAfter[nGlues - 1]! >= nWords - 1) nGlues--;

  // Each word's pieces joined again (in place), their x offsets, and the word's width.
  let natural = 0;
  for (let w = 0; w < nWords; w++) {
    if (L.wordBlank[w]) {
      natural += L.wordWidth[w]!;
      continue;
    }
    const first = L.wordFirst[w]!;
    const last = w + 1 < nWords ? L.wordFirst[w + 1]! : nSegs;
    const endAt = rejoin(first, last);
    let x = 0;
    for (let k = first; k < endAt; k++) {
      const seg = L.segs[k]!;
      x += L.segX[k]!; // kerning across a cut, set by rejoin
      L.segX[k] = x;
      x += segWidth(seg);
    }
    L.wordEnd[w] = endAt;
    L.wordWidth[w] = x;
    natural += x;
  }
  let stretch = 0;
  let shrink = 0;
  for (let g = 0; g < nGlues; g++) {
    natural += L.glueWidth[g]!;
    stretch += L.glueStretch[g]!;
    shrink += L.glueShrink[g]!;
  }
  let ratio = 0;
  if (mode !== 'natural') {
    const gap = lineWidth - natural;
    if (gap > 0 && mode === 'fill') ratio = stretch > 0 ? gap / stretch : 0;
    else if (gap < 0) ratio = shrink > 0 ? Math.max(gap / shrink, -1) : 0;
  }

  // Glyphs go into scratch arrays first; each run gets typed arrays of its exact length at the end.
  runCount = 0;
  glyphCount = 0;
  runSeg = undefined;
  let x = 0;
  let g = 0;
  for (let w = 0; w < nWords; w++) {
    if (!L.wordBlank[w]) for (let k = L.wordFirst[w]!; k < L.wordEnd[w]!; k++) emit(L.segs[k]!, x + L.segX[k]!);
    x += L.wordWidth[w]!;
    while (g < nGlues && L.glueAfter[g] === w) {
      const gw = L.glueWidth[g]!;
      const width = gw + (ratio >= 0 ? ratio * L.glueStretch[g]! : ratio * L.glueShrink[g]!);
      // A real space glyph keeps word boundaries in extracted text; the TJ adjustment sets its width.
      const last = L.glueFace[g];
      if (last && gw > 0) {
        // The space is part of a link only between two words of the link.
        const next = w + 1 < nWords && !L.wordBlank[w + 1] && L.wordFirst[w + 1]! < L.wordEnd[w + 1]! ? L.segs[L.wordFirst[w + 1]!] : undefined;
        const inLink = !last.link || next?.link === last.link;
        emitSpace(inLink ? last : withoutLink(last), x);
      }
      x += width;
      g++;
    }
  }
  const shift = align === 'center' ? (lineWidth - x) / 2 : align === 'right' ? lineWidth - x : 0;
  const at = keep(shift);
  const B = block;
  const runs: GlyphRun[] = [];
  for (let r = 0; r < runCount; r++) {
    const seg = runSegs[r]!;
    const a = at + runStarts[r]!;
    const b = at + (r + 1 < runCount ? runStarts[r + 1]! : glyphCount);
    runs.push(glyphRun(seg.face.ref, seg.size, seg.color, 0, -seg.rise, B.gids.subarray(a, b), B.dx.subarray(a, b), B.advances.subarray(a, b), scratch.text.slice(a - at, b - at), seg.link));
  }
  // Let the line's segments go (the scratch arrays outlive it).
  L.segs.fill(undefined, 0, nSegs);
  L.glueFace.fill(undefined, 0, nGlues);
  runSegs.fill(undefined, 0, runCount);
  runSeg = undefined;
  const overfull = natural - shrink > lineWidth + 0.1;
  return setLine(runs, natural, ratio, hyphenated, overfull, start);
}

function setLine(runs: GlyphRun[], width: number, ratio: number, hyphenated: boolean, overfull: boolean, start: number | undefined): SetLine {
  return { runs, width, ratio, hyphenated, overfull, atSpace: false, start };
}

/** A run of glyphs, with every field (one object shape for the loops that read runs). */
function glyphRun(face: FaceRef, size: number, color: Cmyk, x: number, y: number, gids: Uint16Array, dx: Float64Array, advances: Float32Array, text: string[], link: LinkTarget | undefined): GlyphRun {
  return { kind: 'glyphs', face, size, color, x, y, gids, dx, advances, text, tag: undefined, artifact: undefined, link, lineEnd: undefined };
}

// Fractions first, so that these shapes keep double fields (see primeShapes in items.ts).
setLine([], 0.5, 0.5, false, false, undefined).start = 1;
glyphRun({ id: '', path: '' }, 0.5, [0.5, 0.5, 0.5, 0.5], 0.5, 0.5, new Uint16Array(0), new Float64Array(0), new Float32Array(0), [], undefined).link = { uri: '' };

/** Scratch of `placeLine`: the line's segments with their x offsets, its words and its glues. */
const line = {
  segs: new Array<Segment | undefined>(64),
  segX: new Float64Array(64),
  wordFirst: new Int32Array(32),
  wordEnd: new Int32Array(32),
  /** 1 for an empty box (its width is its own). */
  wordBlank: new Uint8Array(32),
  wordWidth: new Float64Array(32),
  glueWidth: new Float64Array(32),
  glueStretch: new Float64Array(32),
  glueShrink: new Float64Array(32),
  glueAfter: new Int32Array(32),
  glueFace: new Array<Segment | undefined>(32),
};

function growLine(segs: number, words: number, glues: number): void {
  const more = <A extends Float64Array | Int32Array | Uint8Array>(a: A, n: number, make: (n: number) => A): A => {
    if (n <= a.length) return a;
    const b = make(Math.max(n, a.length * 2));
    b.set(a);
    return b;
  };
  const f64 = (n: number) => new Float64Array(n);
  const i32 = (n: number) => new Int32Array(n);
  if (segs > line.segs.length) line.segs.length = Math.max(segs, line.segs.length * 2);
  line.segX = more(line.segX, segs, f64);
  line.wordFirst = more(line.wordFirst, words, i32);
  line.wordEnd = more(line.wordEnd, words, i32);
  line.wordBlank = more(line.wordBlank, words, (n) => new Uint8Array(n));
  line.wordWidth = more(line.wordWidth, words, f64);
  line.glueWidth = more(line.glueWidth, glues, f64);
  line.glueStretch = more(line.glueStretch, glues, f64);
  line.glueShrink = more(line.glueShrink, glues, f64);
  line.glueAfter = more(line.glueAfter, glues, i32);
  if (glues > line.glueFace.length) line.glueFace.length = Math.max(glues, line.glueFace.length * 2);
}

/** Scratch arrays of `placeLine`'s glyphs, grown as needed (a line is set at a time), and its runs. */
const scratch = { gids: new Uint16Array(256), dx: new Float64Array(256), advances: new Float32Array(256), text: new Array<string>(256) };
let glyphCount = 0;
/**
 * The glyphs of set lines, in blocks: each run's arrays are views of a block, not arrays of their
 * own, since a typed array with its own memory costs an allocation outside V8's heap and work for
 * the garbage collector (three per run). Lines set one after the other share a block; a block is
 * freed when no line set in it is kept.
 */
const BLOCK = 8192;
let block = { gids: new Uint16Array(BLOCK), dx: new Float64Array(BLOCK), advances: new Float32Array(BLOCK), used: 0 };

/** The line's glyphs (scratch[0, glyphCount)) copied into a block, x shifted by `shift`; returns where they start. */
function keep(shift: number): number {
  const n = glyphCount;
  if (block.used + n > block.gids.length) {
    const size = Math.max(BLOCK, n);
    block = { gids: new Uint16Array(size), dx: new Float64Array(size), advances: new Float32Array(size), used: 0 };
  }
  const B = block;
  const at = B.used;
  B.used = at + n;
  const { gids, dx, advances } = scratch;
  for (let k = 0; k < n; k++) {
    B.gids[at + k] = gids[k]!;
    B.dx[at + k] = dx[k]! + shift;
    B.advances[at + k] = advances[k]!;
  }
  return at;
}

const runStarts: number[] = [];
const runSegs: (Segment | undefined)[] = [];
let runCount = 0;
let runSeg: Segment | undefined;

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

/** A new run starts where the segment cannot share the current one. */
function openRun(seg: Segment): void {
  if (!runSeg || !sameRun(seg, runSeg)) {
    runStarts[runCount] = glyphCount;
    runSegs[runCount] = seg;
    runCount++;
    runSeg = seg;
  }
}

/** The glyphs of a segment whose origin is at `at`. */
function emit(seg: Segment, at: number): void {
  openRun(seg);
  const scale = seg.size / seg.face.unitsPerEm;
  const s = seg.shaped;
  const count = s.gids.length;
  if (glyphCount + count > scratch.gids.length) grow(glyphCount + count);
  let n = glyphCount;
  for (let k = 0; k < count; k++) {
    scratch.gids[n] = s.gids[k]!;
    scratch.dx[n] = at + s.xs[k]! * scale + seg.tracking * k;
    scratch.advances[n] = s.advances[k]! * scale;
    scratch.text[n] = s.text[k]!;
    n++;
  }
  glyphCount = n;
}

/** A space glyph of the face of `seg` at `at`. */
function emitSpace(seg: Segment, at: number): void {
  openRun(seg);
  if (glyphCount + 1 > scratch.gids.length) grow(glyphCount + 1);
  const f = seg.face;
  scratch.gids[glyphCount] = f.spaceGid;
  scratch.dx[glyphCount] = at;
  scratch.advances[glyphCount] = f.spaceAdvance * (seg.size / f.unitsPerEm);
  scratch.text[glyphCount] = ' ';
  glyphCount++;
}

function lastCodePoint(s: string): number {
  const lo = s.charCodeAt(s.length - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && s.length > 1 ? s.codePointAt(s.length - 2)! : lo;
}

function segWidth(seg: Segment): number {
  return (seg.shaped.width / seg.face.unitsPerEm) * seg.size + seg.tracking * seg.shaped.gids.length;
}

/**
 * The pieces of a word (line.segs[from, to)) cut at break opportunities that were not used on this
 * line, put back together in place: the kerning across each cut is restored (in line.segX, for the
 * caller to add), and a cut inside a ligature or contextual form (ef|fi) is shaped again as a whole.
 * Returns the end of the joined pieces.
 */
function rejoin(from: number, to: number): number {
  const L = line;
  let out = from;
  for (let k = from; k < to; k++) {
    const seg = L.segs[k]!;
    const prev = out > from ? L.segs[out - 1]! : undefined;
    let kern = 0;
    if (prev && !prev.fixed && !seg.fixed && sameRun(prev, seg) && prev.tracking === seg.tracking) {
      const a = prev.shaped.text[prev.shaped.text.length - 1];
      const b = seg.shaped.text[0];
      const k2 = a && b ? prev.face.joinKern(lastCodePoint(a), b.codePointAt(0)!) : NaN;
      if (Number.isNaN(k2)) {
        const joined = prev.face.shape(prev.shaped.text.join('') + seg.shaped.text.join(''));
        L.segs[out - 1] = new Segment(prev.face, prev.size, prev.color, prev.rise, joined, prev.tracking, prev.x, prev.fixed, prev.link, prev.note);
        continue;
      }
      kern = (k2 / seg.face.unitsPerEm) * seg.size;
    }
    L.segs[out] = seg;
    L.segX[out] = kern;
    out++;
  }
  return out;
}

function withoutLink(s: Segment): Segment {
  return new Segment(s.face, s.size, s.color, s.rise, s.shaped, s.tracking, s.x, s.fixed, undefined, s.note);
}

/** Two segments can share a glyph run: same face, size, baseline, colour and link. */
function sameRun(a: Segment, b: Segment): boolean {
  return a.face === b.face && a.size === b.size && a.rise === b.rise && a.link === b.link && sameColor(a.color, b.color);
}

function sameColor(a: Cmyk, b: Cmyk): boolean {
  return a === b || (a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);
}
