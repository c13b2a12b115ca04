/**
 * Inline content → boxes, glue and penalties, measured with the template's fonts.
 * Word spaces are stretchable glue; U+00A0 and U+202F are fixed gaps inside a box (never a break);
 * every character is matched to the first face of the fallback chain that has it, and one that
 * no face has is reported with its position.
 */
import type { DiagnosticBag } from '../../diagnostics.js';
import { isIgnorable, type Face, type FontSet, type ShapedText } from '../../fonts/fontset.js';
import type { Inline, Pos } from '../../model/types.js';
import type { Cmyk, FaceStyle, Template, TextStyle } from '../../template/types.js';
import { INFINITY, type Item } from '../linebreak/types.js';
import type { LinkTarget } from '../types.js';
import type { Hyphenator } from './hyphenate.js';

/** Glyphs of one face, size and colour inside a box, `x` pt from the box start. */
export interface Segment {
  face: Face;
  size: number;
  color: Cmyk;
  /** Baseline shift upwards, pt (superscripts). */
  rise: number;
  shaped: ShapedText;
  /** Extra space after each glyph, pt (tracking). */
  tracking: number;
  x: number;
  /** A fixed gap (U+00A0, U+202F): never re-shaped with its neighbours. */
  fixed?: boolean;
  /** Inside a link (active in the screen PDF). */
  link?: LinkTarget;
  /** The call of this footnote (its number), so that the note goes to the foot of its page. */
  note?: number;
}

export interface BoxContent {
  segs: Segment[];
  /**
   * Offset of the box's first character in the paragraph's text (UTF-16, over the text of its
   * inlines in order, a footnote reference counting as its number and a line break as one
   * character: see `anchorText` in src/layout/types.ts). None for prefixes (markers, labels).
   */
  at?: number;
}

export type TextItem = Item<BoxContent>;

export interface RunStyle {
  family: string;
  style: FaceStyle;
  size: number;
  color: Cmyk;
  rise: number;
  uppercase: boolean;
  tracking: number;
  features: string[];
  /** Footnote call: the note's number. */
  note?: number;
}

export interface ItemContext {
  fonts: FontSet;
  template: Template;
  lang: string;
  bag: DiagnosticBag;
  /** Hyphenation points of the booklet's language (none when absent). */
  hyphenator?: Hyphenator;
}

interface Span {
  text: string;
  style: RunStyle;
  pos?: Pos;
  link?: LinkTarget;
}

/** A link's target in the PDF: absolute URIs only (`https:`, `mailto:`…); a relative link has none. */
export function linkTarget(url: string): LinkTarget | undefined {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? { uri: url } : undefined;
}

export function runStyle(s: TextStyle): RunStyle {
  return { family: s.family, style: s.style, size: s.size, color: s.color, rise: 0, uppercase: s.uppercase, tracking: s.tracking, features: s.features };
}

function italicOf(s: FaceStyle): FaceStyle {
  return s === 'bold' || s === 'boldItalic' ? 'boldItalic' : 'italic';
}
function boldOf(s: FaceStyle): FaceStyle {
  return s === 'italic' || s === 'boldItalic' ? 'boldItalic' : 'bold';
}

/** Flatten inlines into styled spans. Emphasis inside italic text turns upright again. */
function spans(inlines: Inline[], style: RunStyle, out: Span[], linkColor: Cmyk, link?: LinkTarget): void {
  for (const i of inlines) {
    switch (i.kind) {
      case 'text':
      case 'code':
        out.push(link ? { text: i.text, style, pos: i.pos, link } : { text: i.text, style, pos: i.pos });
        break;
      case 'emphasis': {
        const s = style.style === 'italic' ? 'regular' : style.style === 'boldItalic' ? 'bold' : italicOf(style.style);
        spans(i.children, { ...style, style: s }, out, linkColor, link);
        break;
      }
      case 'strong':
        spans(i.children, { ...style, style: boldOf(style.style) }, out, linkColor, link);
        break;
      case 'link':
        spans(i.children, style, out, linkColor, linkTarget(i.url) ?? link);
        break;
      case 'sup':
        spans(i.children, { ...style, size: style.size * 0.62, rise: style.size * 0.36 }, out, linkColor, link);
        break;
      case 'footnoteRef':
        out.push({ text: String(i.n), style: { ...style, size: style.size * 0.62, rise: style.size * 0.36, color: linkColor, note: i.n } });
        break;
      case 'break':
        out.push({ text: '\u2028', style });
        break;
    }
  }
}

/**
 * Build the items of a paragraph.
 * @param justify stretchable word spaces and a filled last line (else natural spaces, for ragged text)
 */
export function buildItems(inlines: Inline[], base: RunStyle, ctx: ItemContext, opts: { justify: boolean; indent?: number; hyphenate?: boolean }): TextItem[] {
  const { fonts, template, bag } = ctx;
  const lb = template.linebreak;
  const list: Span[] = [];
  spans(inlines, base, list, template.colors.accent);

  const items: TextItem[] = [];
  if (opts.indent) items.push({ type: 'box', width: opts.indent, content: { segs: [] } });

  // The segments of the current box (a scratch list: each box gets a copy of its exact length).
  const segs: Segment[] = [];
  let nSegs = 0;
  let boxX = 0;
  /** Offset of the current box's first character, -1 while it is empty. */
  let boxAt = -1;
  // Pending characters of the current segment.
  let pending = '';
  /** `pending` shaped, when it came whole from a word's plan (`pendPiece`). */
  let pendShaped: ShapedText | undefined;
  let pendPiece: Piece | undefined;
  let pendFace: Face | undefined;
  let pendStyle: RunStyle | undefined;
  let pendLink: LinkTarget | undefined;
  let lastFace: Face | undefined;

  const flushSeg = () => {
    if (!pending || !pendFace || !pendStyle) {
      pending = '';
      pendShaped = undefined;
      return;
    }
    const shaped = pendShaped ?? pendFace.shape(pending);
    const piece = pendShaped ? pendPiece : undefined;
    pendShaped = undefined;
    const scale = pendStyle.size / pendFace.unitsPerEm;
    const track = (pendStyle.tracking / 1000) * pendStyle.size;
    // A piece that starts its box, outside links and notes, shares one segment per style (segments are never changed).
    let seg = piece?.seg;
    const plain = boxX === 0 && !pendLink && pendStyle.note === undefined;
    if (!plain || !seg || seg.size !== pendStyle.size || seg.color !== pendStyle.color || seg.rise !== pendStyle.rise || seg.tracking !== track) {
      seg = { face: pendFace, size: pendStyle.size, color: pendStyle.color, rise: pendStyle.rise, shaped, tracking: track, x: boxX };
      if (pendLink) seg.link = pendLink;
      if (pendStyle.note !== undefined) seg.note = pendStyle.note;
      if (plain && piece) piece.seg = seg;
    }
    segs[nSegs++] = seg;
    boxX += shaped.width * scale + track * shaped.gids.length;
    pending = '';
  };
  const flushBox = () => {
    flushSeg();
    if (nSegs) {
      const list = nSegs === 1 ? [segs[0]!] : segs.slice(0, nSegs);
      items.push({ type: 'box', width: boxX, content: boxAt >= 0 ? { segs: list, at: boxAt } : { segs: list } });
      segs.fill(undefined!, 0, nSegs);
      nSegs = 0;
    }
    boxX = 0;
    boxAt = -1;
  };
  const fixedGap = (width: number, face: Face, style: RunStyle, link: LinkTarget | undefined) => {
    flushSeg();
    const units = (width / style.size) * face.unitsPerEm;
    const shaped: ShapedText = { gids: [face.spaceGid], xs: [0], advances: [face.spaceAdvance], text: [' '], width: units };
    const seg: Segment = { face, size: style.size, color: style.color, rise: style.rise, shaped, tracking: 0, x: boxX, fixed: true };
    if (link) seg.link = link;
    segs[nSegs++] = seg;
    boxX += width;
  };
  /** A break with a hyphen drawn at the line end (one hyphen segment per face and style). */
  const hyphens = new Map<Face, Map<RunStyle, Segment>>();
  const hyphenBreak = (face: Face, style: RunStyle) => {
    flushBox();
    let byStyle = hyphens.get(face);
    if (!byStyle) hyphens.set(face, (byStyle = new Map()));
    let seg = byStyle.get(style);
    if (!seg) {
      seg = { face, size: style.size, color: style.color, rise: style.rise, shaped: face.shape('-'), tracking: 0, x: 0 };
      byStyle.set(style, seg);
    }
    const w = (seg.shaped.width / face.unitsPerEm) * style.size;
    items.push({ type: 'penalty', width: w, penalty: lb.hyphenPenalty, flagged: true, content: { segs: [seg] } });
  };
  const hyphenate = !!(opts.hyphenate && ctx.hyphenator);
  /** Hyphenation points of every span, for the words set the slow way (computed when first needed). */
  let slowHyph: Set<number>[] | undefined;
  // The glue of a word space, shared by the spaces of one face and style (items are never changed).
  let glue: TextItem | undefined;
  let glueFace: Face | undefined;
  let glueStyle: RunStyle | undefined;
  const wordSpace = (style: RunStyle, face: Face) => {
    flushBox();
    const prev = items[items.length - 1];
    if (!prev || prev.type !== 'box') return; // no space at the start or after a break
    if (face !== glueFace || style !== glueStyle) {
      const w = (face.spaceAdvance / face.unitsPerEm) * style.size;
      glue = opts.justify ? { type: 'glue', width: w, stretch: w * lb.spaceStretch, shrink: w * lb.spaceShrink } : { type: 'glue', width: w, stretch: 0, shrink: 0 };
      glueFace = face;
      glueStyle = style;
    }
    items.push(glue!);
  };

  // Words met again (most of them) take their pieces from a cache (see `planFor`); the rest,
  // and every space, go character by character.
  const last = hyphenate ? lastWord(list) : undefined;
  let spanStart = 0; // offset of the span's first character in the paragraph
  for (const [spanIndex, span] of list.entries()) {
    const style = span.style;
    let text = span.text;
    if (style.uppercase) text = text.toLocaleUpperCase(ctx.lang);
    let line = span.pos?.line ?? 0;
    let col = span.pos?.column ?? 0;
    let urlBreaks: Set<number> | undefined;
    const defFace = fonts.face(style.family, style.style, style.features);
    const find = fonts.finder(style.family, style.style, style.features);
    // Uppercase text goes the slow way: its hyphenation points are those of the text as written.
    const fast = wordPlans.enabled && !style.uppercase;
    const words = fast ? wordMap(find) : undefined;
    /** One character, the slow way (the `at` offset just after it). */
    const step = (ch: string, cp: number, offset: number, at: number) => {
      if (ch === '\n') {
        line++;
        col = 1;
      } else col++;
      if (cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d) {
        wordSpace(style, lastFace ?? defFace);
        return;
      }
      if (cp === 0x2028) {
        flushBox();
        items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0 });
        items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
        return;
      }
      if (cp === 0xa0 || cp === 0x202f || cp === 0x2009) {
        if (boxAt < 0) boxAt = offset;
        const face = lastFace ?? defFace;
        const em = cp === 0xa0 ? face.spaceAdvance / face.unitsPerEm : lb.thinSpace;
        fixedGap(em * style.size, face, style, span.link);
        return;
      }
      if (isIgnorable(cp)) return;
      const face = find(cp);
      if (!face) {
        const at = span.pos ? { line, col: Math.max(col - 1, 1) } : { line: 0, col: 0 };
        bag.error(
          span.pos?.file ?? '',
          at.line,
          at.col,
          'glyph-missing',
          `no font of the template has the character "${ch}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) — replace it, or add a font that has it to the template's fonts.chain`,
        );
        return;
      }
      if (face !== pendFace || style !== pendStyle || span.link !== pendLink) {
        flushSeg();
        pendFace = face;
        pendStyle = style;
        pendLink = span.link;
      }
      if (boxAt < 0) boxAt = offset;
      pending += ch;
      pendShaped = undefined;
      lastFace = face;
      // A hard hyphen between letters is a break opportunity (no hyphen is added).
      if (hyphenate && (slowHyph ??= hyphenationPoints(list, ctx.hyphenator!))[spanIndex]!.has(at)) {
        hyphenBreak(face, style);
      } else if ((urlBreaks ??= urlBreakPoints(text)).has(at)) {
        // Inside a URL or e-mail address: a break without a hyphen after / . - _ ? & =
        flushBox();
        items.push({ type: 'penalty', width: 0, penalty: lb.hyphenPenalty, flagged: false });
      } else if (ch === '-' && opts.justify) {
        flushBox();
        items.push({ type: 'penalty', width: 0, penalty: lb.hyphenPenalty, flagged: true });
      }
    };
    const slow = (from: number, to: number) => {
      for (let i = from; i < to; ) {
        const cp = text.codePointAt(i)!;
        const len = cp > 0xffff ? 2 : 1;
        step(len === 1 ? text[i]! : text.slice(i, i + 2), cp, spanStart + i, i + len);
        i += len;
      }
    };
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (!fast || isSeparator(text.charCodeAt(i))) {
        const cp = text.codePointAt(i)!;
        const len = cp > 0xffff ? 2 : 1;
        step(len === 1 ? text[i]! : text.slice(i, i + 2), cp, spanStart + i, i + len);
        i += len;
        continue;
      }
      let j = i;
      let odd = false;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (isSeparator(c)) break;
        if (c > 0x7f && isOtherSpace(c)) odd = true;
      }
      // The word joins the previous span's last piece when both have the same style: the slow way.
      if (pending && (style !== pendStyle || span.link !== pendLink)) flushSeg();
      const h = hyphenate && !(spanIndex === last?.span && i === last.index);
      const plan = odd || pending ? null : planFor(words!, text.slice(i, j), find, h ? ctx.hyphenator : undefined, opts.justify);
      if (!plan) {
        slow(i, j);
        i = j;
        continue;
      }
      col += plan.chars;
      for (const p of plan.pieces) {
        if (pending) flushSeg(); // pieces without a break between them are in different faces
        pendFace = p.face;
        pendStyle = style;
        pendLink = span.link;
        if (boxAt < 0) boxAt = spanStart + i + p.rel;
        pending = p.text;
        pendShaped = p.shaped;
        pendPiece = p;
        lastFace = p.face;
        if (p.brk === Brk.Hyphen) hyphenBreak(p.face, style);
        else if (p.brk === Brk.Url) {
          flushBox();
          items.push({ type: 'penalty', width: 0, penalty: lb.hyphenPenalty, flagged: false });
        } else if (p.brk === Brk.Hard) {
          flushBox();
          items.push({ type: 'penalty', width: 0, penalty: lb.hyphenPenalty, flagged: true });
        }
      }
      i = j;
    }
    spanStart += span.text.length;
  }
  flushBox();
  // Drop a trailing penalty left by a final hyphen, then end the paragraph.
  while (items.length && items[items.length - 1]!.type !== 'box') items.pop();
  items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0 });
  items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
  return items;
}

/** Characters that end a word in `buildItems` (spaces, a line break, the fixed gaps). */
function isSeparator(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x2028 || c === 0xa0 || c === 0x202f || c === 0x2009;
}

/** Other white space (`\s`) that ends a word for hyphenation but not for `buildItems`: such words go the slow way. */
function isOtherSpace(c: number): boolean {
  return c === 0x0b || c === 0x0c || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2029 || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Switched off by tests, to compare the cached words with the slow way. */
export const wordPlans = { enabled: true };

const enum Brk {
  None,
  Hyphen,
  Url,
  Hard,
}

/** A run of one face inside a word, shaped, and the break that may follow it. */
interface Piece {
  face: Face;
  text: string;
  shaped: ShapedText;
  /** Offset of its first character in the word. */
  rel: number;
  brk: Brk;
  /** Its segment when it starts a box, for the last style it was set in. */
  seg?: Segment;
}

/** What a word becomes with one font finder: its pieces; null when a character has no face (the slow way reports it). */
interface Plan {
  pieces: Piece[];
  /** Code points in the word (for the column of later diagnostics). */
  chars: number;
}

type Finder = (cp: number) => Face | undefined;

/**
 * The plans of one word with one finder. A plan depends on the hyphenation points and, through its
 * hard hyphens, on justification: a word without points shares its plain plan, and a word without
 * a hard hyphen shares one plan between justified and ragged text (undefined: not made yet).
 */
interface WordPlans {
  ragged: Plan | null | undefined;
  justified: Plan | null | undefined;
  /** The hyphenator of `hragged` and `hjustified`. */
  hyph: Hyphenator | undefined;
  hragged: Plan | null | undefined;
  hjustified: Plan | null | undefined;
}
type WordMap = Map<string, WordPlans>;

/**
 * Words by finder. Bounded: everything is dropped when MAX_PLANS plans are held (a book of 200
 * episodes has about 20,000 distinct words, but the frequent ones come back at once; 60,000 plans
 * cost ~35 MB more of a 1,000-episode build's peak for no speed).
 */
let planStore = new WeakMap<Finder, WordMap>();
let plansHeld = 0;
const MAX_PLANS = 15000;

function wordMap(find: Finder): WordMap {
  let map = planStore.get(find);
  if (!map) planStore.set(find, (map = new Map()));
  return map;
}

/** The plan of `word` (no white space inside) with the points of `h` (none: not hyphenated), from the cache or made now. */
function planFor(map: WordMap, word: string, find: Finder, h: Hyphenator | undefined, justify: boolean): Plan | null {
  let e = map.get(word);
  if (!e) {
    e = { ragged: undefined, justified: undefined, hyph: undefined, hragged: undefined, hjustified: undefined };
    map.set(word, e);
  }
  if (!h) {
    let plan = justify ? e.justified : e.ragged;
    if (plan !== undefined) return plan;
    const other = justify ? e.ragged : e.justified;
    plan = other !== undefined && !word.includes('-') ? other : makePlan(word, find, NO_POINTS, justify);
    if (justify) e.justified = plan;
    else e.ragged = plan;
    return plan;
  }
  if (e.hyph !== h) {
    e.hyph = h;
    e.hragged = e.hjustified = undefined;
  }
  let plan = justify ? e.hjustified : e.hragged;
  if (plan !== undefined) return plan;
  const other = justify ? e.hragged : e.hjustified;
  if (other !== undefined && !word.includes('-')) plan = other;
  else {
    // A word with a URL or e-mail address in it is not hyphenated.
    const pts = urlBreaksOf(word).any ? NO_POINTS : h.points(word);
    plan = pts.length ? makePlan(word, find, pts, justify) : planFor(map, word, find, undefined, justify);
  }
  if (justify) e.hjustified = plan;
  else e.hragged = plan;
  return plan;
}

const NO_POINTS: number[] = [];

/** The slow way's decisions for one word on its own, with hyphenation points `hyph`: same faces, breaks and offsets. */
function makePlan(word: string, find: Finder, hyph: number[], justify: boolean): Plan | null {
  if (++plansHeld > MAX_PLANS) {
    planStore = new WeakMap();
    plansHeld = 0;
  }
  const urls = urlBreaksOf(word);
  const pieces: Piece[] = [];
  let cur: Piece | undefined;
  let chars = 0;
  for (let i = 0; i < word.length; ) {
    const cp = word.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const rel = i;
    i += len;
    chars++;
    if (isIgnorable(cp)) continue;
    const face = find(cp);
    if (!face) return null;
    if (!cur || cur.face !== face) pieces.push((cur = { face, text: '', shaped: EMPTY_SHAPE, rel, brk: Brk.None, seg: undefined }));
    cur.text += word.slice(rel, i);
    if (hyph.includes(i)) cur.brk = Brk.Hyphen;
    else if (urls.points.has(i)) cur.brk = Brk.Url;
    else if (cp === 0x2d && justify) cur.brk = Brk.Hard;
    if (cur.brk !== Brk.None) cur = undefined;
  }
  for (const p of pieces) p.shaped = p.face.shape(p.text);
  return { pieces, chars };
}

const EMPTY_SHAPE: ShapedText = { gids: [], xs: [], advances: [], text: [], width: 0 };

/** Where the last word of the paragraph starts (it is never hyphenated). */
function lastWord(list: Span[]): { span: number; index: number } | undefined {
  for (let si = list.length - 1; si >= 0; si--) {
    const t = list[si]!.text;
    let e = t.length;
    while (e > 0 && SPACE.test(t[e - 1]!)) e--;
    if (e === 0) continue;
    let b = e;
    while (b > 0 && !SPACE.test(t[b - 1]!)) b--;
    return { span: si, index: b };
  }
  return undefined;
}
const SPACE = /\s/;

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Offsets (UTF-16, just after the character) where a URL may break: after / . - _ ? & = */
function urlBreakPoints(text: string): Set<number> {
  return urlBreaksOf(text).points;
}

/** The URL break points of `text`, and whether it holds a URL or e-mail address at all. */
function urlBreaksOf(text: string): { points: Set<number>; any: boolean } {
  const points = new Set<number>();
  let any = false;
  // Every match holds one of these (the pattern is case-sensitive).
  if (!text.includes('@') && !text.includes('www.') && !text.includes('http')) return { points, any };
  for (const m of text.matchAll(URL)) {
    any = true;
    const start = m.index;
    const end = start + m[0].length;
    for (let i = start; i < end - 1; i++) {
      const c = text[i]!;
      const next = text[i + 1]!;
      if ('/.-_?&='.includes(c) && !'/.-_?&='.includes(next)) points.add(i + 1);
    }
  }
  return { points, any };
}

const WORD = /[^\s\u00a0\u202f\u2009\u2028]+/g;

/**
 * Hyphenation points per span (UTF-16 offsets just after the character that takes the hyphen).
 * URLs, e-mail addresses and the last word of the paragraph are never hyphenated.
 */
function hyphenationPoints(list: Span[], h: Hyphenator): Set<number>[] {
  const res = list.map(() => new Set<number>());
  let last: { span: number; index: number } | undefined;
  list.forEach((span, si) => {
    const urls = [...span.text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length] as const);
    for (const m of span.text.matchAll(WORD)) {
      last = { span: si, index: m.index };
      if (urls.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
      for (const p of h.points(m[0])) res[si]!.add(m.index + p);
    }
  });
  if (last) {
    const text = list[last.span]!.text;
    const end = last.index + (text.slice(last.index).match(/^\S+/)?.[0].length ?? 0);
    for (const p of [...res[last.span]!]) if (p > last.index && p <= end) res[last.span]!.delete(p);
  }
  return res;
}
