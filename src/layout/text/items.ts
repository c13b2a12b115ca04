/**
 * Inline content → boxes, glue and penalties, measured with the template's fonts.
 * Word spaces are stretchable glue; U+00A0 and U+202F are fixed gaps inside a box (never a break);
 * every character is matched to the first face of the fallback chain that has it, and one that
 * no face has is reported with its position.
 */
import type { DiagnosticBag } from '../../diagnostics.js';
import { isIgnorable, type Face, type Finder, type FontSet, type ShapedText } from '../../fonts/fontset.js';
import type { Inline, Pos } from '../../model/types.js';
import type { Cmyk, FaceStyle, Template, TextStyle } from '../../template/types.js';
import { toUri } from '../../util/uri.js';
import { INFINITY, type Item } from '../linebreak/types.js';
import type { LinkTarget } from '../types.js';
import type { Hyphenator } from './hyphenate.js';

/**
 * Glyphs of one face, size and colour inside a box, `x` pt from the box start. A class, so that
 * every segment has the same fields in the same order (the line setter's loops read them all).
 */
export class Segment {
  // Declared only: the constructor makes the fields, so the first values made give their
  // representation (a field declared in the class would start as undefined, and hold every
  // number boxed).
  declare readonly face: Face;
  declare readonly size: number;
  declare readonly color: Cmyk;
  /** Baseline shift upwards, pt (superscripts). */
  declare readonly rise: number;
  declare readonly shaped: ShapedText;
  /** Extra space after each glyph, pt (tracking). */
  declare readonly tracking: number;
  declare readonly x: number;
  /** A fixed gap (U+00A0, U+202F): never re-shaped with its neighbours. */
  declare readonly fixed: boolean;
  /** Inside a link (active in the screen PDF). */
  declare readonly link: LinkTarget | undefined;
  /** The call of this footnote (its number), so that the note goes to the foot of its page. */
  declare readonly note: number | undefined;

  constructor(face: Face, size: number, color: Cmyk, rise: number, shaped: ShapedText, tracking: number, x: number, fixed: boolean, link: LinkTarget | undefined, note: number | undefined) {
    const self = this as { -readonly [K in keyof Segment]: Segment[K] };
    self.face = face;
    self.size = size;
    self.color = color;
    self.rise = rise;
    self.shaped = shaped;
    self.tracking = tracking;
    self.x = x;
    self.fixed = fixed;
    self.link = link;
    self.note = note;
  }
}

export interface BoxContent {
  segs: Segment[];
  /**
   * Offset of the box's first character in the paragraph's text (UTF-16, over the text of its
   * inlines in order, a footnote reference counting as its number and a line break as one
   * character: see `anchorText` in src/layout/types.ts). None for prefixes (markers, labels).
   */
  at: number | undefined;
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
  note: number | undefined;
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
  pos: Pos | undefined;
  link: LinkTarget | undefined;
}

/** A link's target in the PDF: absolute URIs only (`https:`, `mailto:`…), made valid; a relative link has none. */
export function linkTarget(url: string): LinkTarget | undefined {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? { uri: toUri(url) } : undefined;
}

export function runStyle(s: TextStyle): RunStyle {
  return withStyle(s, s.style, s.size, 0, s.color, undefined);
}

/** A run style (all fields, in one order: the item builder reads many of them). */
function withStyle(s: Omit<RunStyle, 'rise' | 'note'>, style: FaceStyle, size: number, rise: number, color: Cmyk, note: number | undefined): RunStyle {
  return { family: s.family, style, size, color, rise, uppercase: s.uppercase, tracking: s.tracking, features: s.features, note };
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
        out.push({ text: i.text, style, pos: i.pos, link });
        break;
      case 'emphasis': {
        const s = style.style === 'italic' ? 'regular' : style.style === 'boldItalic' ? 'bold' : italicOf(style.style);
        spans(i.children, withStyle(style, s, style.size, style.rise, style.color, style.note), out, linkColor, link);
        break;
      }
      case 'strong':
        spans(i.children, withStyle(style, boldOf(style.style), style.size, style.rise, style.color, style.note), out, linkColor, link);
        break;
      case 'link':
        spans(i.children, style, out, linkColor, linkTarget(i.url) ?? link);
        break;
      case 'sup':
        spans(i.children, withStyle(style, style.style, style.size * 0.62, style.size * 0.36, style.color, style.note), out, linkColor, link);
        break;
      case 'footnoteRef':
        out.push({ text: String(i.n), style: withStyle(style, style.style, style.size * 0.62, style.size * 0.36, linkColor, i.n), pos: undefined, link: undefined });
        break;
      case 'break':
        out.push({ text: '\u2028', style, pos: undefined, link: undefined });
        break;
    }
  }
}

/**
 * Build the items of a paragraph.
 * @param justify stretchable word spaces and a filled last line (else natural spaces, for ragged text)
 */
export function buildItems(inlines: Inline[], base: RunStyle, ctx: ItemContext, opts: { justify: boolean; indent?: number; hyphenate?: boolean }): TextItem[] {
  const list: Span[] = [];
  spans(inlines, base, list, ctx.template.colors.accent);
  const b = new ItemBuilder(ctx, list, opts.justify, !!(opts.hyphenate && ctx.hyphenator));
  if (opts.indent) b.items.push(box(opts.indent, { segs: [], at: undefined }));
  // Words met again (most of them) take their pieces from a cache (see `planFor`); the rest,
  // and every space, go character by character.
  const last = b.hyphenate ? lastWord(list) : undefined;
  let spanStart = 0; // offset of the span's first character in the paragraph
  for (let si = 0; si < list.length; si++) {
    const span = list[si]!;
    b.startSpan(span, si, spanStart);
    b.words(last !== undefined && last.span === si ? last.index : -1);
    spanStart += span.text.length;
  }
  return b.finish();
}

/** The breaks without an added hyphen, shared (items are never changed), for one penalty. */
let plainBreaks = { cost: NaN, flagged: undefined as unknown as TextItem, plain: undefined as unknown as TextItem };

/** The segments of the box being made (scratch: each box gets a copy of its exact length). */
const boxSegs: Segment[] = [];

/**
 * The state of one paragraph's items being made. A class rather than closures: its numbers are
 * updated in place, and each method is optimised on its own.
 */
class ItemBuilder {
  readonly items: TextItem[] = [];
  readonly fonts: FontSet;
  readonly lb: Template['linebreak'];
  nSegs = 0;
  boxX = 0;
  /** Offset of the current box's first character, -1 while it is empty. */
  boxAt = -1;
  /** Pending characters of the current segment. */
  pending = '';
  /** `pending` shaped, when it came whole from a word's plan (`pendPiece`). */
  pendShaped: ShapedText | undefined = undefined;
  pendPiece: Piece | undefined = undefined;
  pendFace: Face | undefined = undefined;
  pendStyle: RunStyle | undefined = undefined;
  pendLink: LinkTarget | undefined = undefined;
  lastFace: Face | undefined = undefined;
  /** One hyphen break per face and style (made when first needed; items are never changed). */
  hyphens: Map<Face, Map<RunStyle, TextItem>> | undefined = undefined;
  /** Hyphenation points of every span, for the words set the slow way (computed when first needed). */
  slowHyph: Set<number>[] | undefined = undefined;
  // The glue of a word space, shared by the spaces of one face and style (items are never changed).
  glue: TextItem | undefined = undefined;
  glueFace: Face | undefined = undefined;
  glueStyle: RunStyle | undefined = undefined;
  // The span being set.
  span: Span;
  spanIndex = 0;
  spanStart = 0;
  /** The span's text as set (uppercased for an uppercase style). */
  text = '';
  style: RunStyle;
  defFace: Face | undefined = undefined;
  find: Finder | undefined = undefined;
  wordMap: WordMap | undefined = undefined;
  urlBreaks: ReadonlySet<number> | undefined = undefined;

  constructor(
    readonly ctx: ItemContext,
    readonly list: Span[],
    readonly justify: boolean,
    readonly hyphenate: boolean,
  ) {
    this.fonts = ctx.fonts;
    this.lb = ctx.template.linebreak;
    this.span = list[0]!;
    this.style = this.span?.style;
  }

  startSpan(span: Span, index: number, start: number): void {
    const style = span.style;
    this.span = span;
    this.spanIndex = index;
    this.spanStart = start;
    this.style = style;
    this.text = style.uppercase ? span.text.toLocaleUpperCase(this.ctx.lang) : span.text;
    this.urlBreaks = undefined;
    this.defFace = this.fonts.face(style.family, style.style, style.features);
    this.find = this.fonts.finder(style.family, style.style, style.features);
    // Uppercase text goes the slow way: its hyphenation points are those of the text as written.
    this.wordMap = wordPlans.enabled && !style.uppercase ? wordMap(this.find) : undefined;
  }

  /** The span's text, word by word: from the plans when possible, else character by character. `lastAt`: where the paragraph's last word starts in it, -1 if not here. */
  words(lastAt: number): void {
    const text = this.text;
    const n = text.length;
    const map = this.wordMap;
    let i = 0;
    while (i < n) {
      if (map === undefined || isSeparator(text.charCodeAt(i))) {
        i = this.stepAt(i);
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
      if (this.pending && (this.style !== this.pendStyle || this.span.link !== this.pendLink)) this.flushSeg();
      const h = this.hyphenate && i !== lastAt;
      const plan = odd || this.pending ? null : planFor(map, text.slice(i, j), this.find!, h ? this.ctx.hyphenator : undefined, this.justify);
      if (plan) this.pieces(plan, i);
      else while (i < j) i = this.stepAt(i);
      i = j;
    }
  }

  /** The pieces of a word's plan, the word starting at `i` in the span. */
  pieces(plan: Plan, i: number): void {
    const style = this.style;
    for (const p of plan.pieces) {
      if (this.pending) this.flushSeg(); // pieces without a break between them are in different faces
      this.pendFace = p.face;
      this.pendStyle = style;
      this.pendLink = this.span.link;
      if (this.boxAt < 0) this.boxAt = this.spanStart + i + p.rel;
      this.pending = p.text;
      this.pendShaped = p.shaped;
      this.pendPiece = p;
      this.lastFace = p.face;
      if (p.brk === Brk.Hyphen) this.hyphenBreak(p.face, style);
      else if (p.brk !== Brk.None) this.plainBreak(p.brk === Brk.Hard);
    }
  }

  /** The character at `i` of the span, the slow way; returns the offset after it. */
  stepAt(i: number): number {
    const text = this.text;
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    this.step(len === 1 ? text[i]! : text.slice(i, i + 2), cp, i, i + len);
    return i + len;
  }

  /** One character at `i` in the span, the slow way (`at`: the offset just after it). */
  step(ch: string, cp: number, i: number, at: number): void {
    const style = this.style;
    const offset = this.spanStart + i;
    if (cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d) {
      this.wordSpace(style, this.lastFace ?? this.defFace!);
      return;
    }
    if (cp === 0x2028) {
      this.flushBox();
      this.items.push(glueItem(0, INFINITY, 0));
      this.items.push(penalty(0, -INFINITY, false, undefined));
      return;
    }
    if (cp === 0xa0 || cp === 0x202f || cp === 0x2009) {
      if (this.boxAt < 0) this.boxAt = offset;
      const face = this.lastFace ?? this.defFace!;
      const em = cp === 0xa0 ? face.spaceAdvance / face.unitsPerEm : this.lb.thinSpace;
      this.fixedGap(em * style.size, face, style, this.span.link);
      return;
    }
    if (isIgnorable(cp)) return;
    const face = this.find!.find(cp);
    if (!face) {
      this.missing(ch, cp, i);
      return;
    }
    if (face !== this.pendFace || style !== this.pendStyle || this.span.link !== this.pendLink) {
      this.flushSeg();
      this.pendFace = face;
      this.pendStyle = style;
      this.pendLink = this.span.link;
    }
    if (this.boxAt < 0) this.boxAt = offset;
    this.pending += ch;
    this.pendShaped = undefined;
    this.lastFace = face;
    // A hard hyphen between letters is a break opportunity (no hyphen is added).
    if (this.hyphenate && (this.slowHyph ??= hyphenationPoints(this.list, this.ctx.hyphenator!))[this.spanIndex]!.has(at)) {
      this.hyphenBreak(face, style);
    } else if ((this.urlBreaks ??= urlBreakPoints(this.text)).has(at)) {
      // Inside a URL or e-mail address: a break without a hyphen after / . - _ ? & =
      this.plainBreak(false);
    } else if (ch === '-' && this.justify) {
      this.plainBreak(true);
    }
  }

  /** A character no face has, at `i` in the span: reported with its line and column. */
  missing(ch: string, cp: number, i: number): void {
    const pos = this.span.pos;
    if (!pos && !isControl(cp)) {
      // A text booklet sets itself (« Sommaire », a folio, a date): the template's chain lacks it.
      const t = this.ctx.template;
      const chainLine = t.keyLines?.['fonts.chain'];
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      this.ctx.bag.error(t.file ?? '', typeof chainLine === 'number' ? chainLine : 0, typeof chainLine === 'number' ? 1 : 0, 'glyph-missing', `no font of the template's fonts.chain has the character "${ch}" (U+${hex}), which booklet prints itself (contents, running heads, folios, dates) — add a font that has it to fonts.chain`);
      return;
    }
    let line = pos?.line ?? 0;
    let col = pos?.column ?? 0;
    if (pos) {
      // Columns count code points from the span's start, or from 1 after a line feed.
      for (let k = 0; k < i; ) {
        const c = this.text.codePointAt(k)!;
        if (c === 0x0a) {
          line++;
          col = 1;
        } else col++;
        k += c > 0xffff ? 2 : 1;
      }
    }
    this.ctx.bag.error(
      pos?.file ?? '',
      pos ? line : 0,
      pos ? Math.max(col, 1) : 0,
      'glyph-missing',
      isControl(cp)
        ? `the text holds the control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}, which prints nothing — remove it (it is invisible in most editors: delete the character before this column)`
        : `no font of the template has the character "${ch}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) — replace it, or add a font that has it to the template's fonts.chain`,
    );
  }

  flushSeg(): void {
    const pendFace = this.pendFace;
    const pendStyle = this.pendStyle;
    if (!this.pending || !pendFace || !pendStyle) {
      this.pending = '';
      this.pendShaped = undefined;
      return;
    }
    const pendShaped = this.pendShaped;
    const shaped = pendShaped ?? pendFace.shape(this.pending);
    const piece = pendShaped ? this.pendPiece : undefined;
    this.pendShaped = undefined;
    const scale = pendStyle.size / pendFace.unitsPerEm;
    const track = (pendStyle.tracking / 1000) * pendStyle.size;
    const boxX = this.boxX;
    // A piece that starts its box, outside links and notes, shares one segment per style (segments are never changed).
    let seg = piece?.seg;
    const plain = boxX === 0 && !this.pendLink && pendStyle.note === undefined;
    if (!plain || !seg || seg.size !== pendStyle.size || seg.color !== pendStyle.color || seg.rise !== pendStyle.rise || seg.tracking !== track) {
      seg = new Segment(pendFace, pendStyle.size, pendStyle.color, pendStyle.rise, shaped, track, boxX, false, this.pendLink, pendStyle.note);
      if (plain && piece) piece.seg = seg;
    }
    boxSegs[this.nSegs++] = seg;
    this.boxX = boxX + (shaped.width * scale + track * shaped.gids.length);
    this.pending = '';
  }

  flushBox(): void {
    this.flushSeg();
    const n = this.nSegs;
    if (n) {
      const list = n === 1 ? [boxSegs[0]!] : boxSegs.slice(0, n);
      this.items.push(box(this.boxX, { segs: list, at: this.boxAt >= 0 ? this.boxAt : undefined }));
      boxSegs.fill(undefined!, 0, n);
      this.nSegs = 0;
    }
    this.boxX = 0;
    this.boxAt = -1;
  }

  fixedGap(width: number, face: Face, style: RunStyle, link: LinkTarget | undefined): void {
    this.flushSeg();
    const units = (width / style.size) * face.unitsPerEm;
    const shaped: ShapedText = { gids: [face.spaceGid], xs: [0], advances: [face.spaceAdvance], text: [' '], width: units };
    boxSegs[this.nSegs++] = new Segment(face, style.size, style.color, style.rise, shaped, 0, this.boxX, true, link, undefined);
    this.boxX += width;
  }

  /** A break with a hyphen drawn at the line end (one hyphen segment per face and style). */
  hyphenBreak(face: Face, style: RunStyle): void {
    this.flushBox();
    const hyphens = (this.hyphens ??= new Map());
    let byStyle = hyphens.get(face);
    if (!byStyle) hyphens.set(face, (byStyle = new Map()));
    let item = byStyle.get(style);
    if (!item) {
      const seg = new Segment(face, style.size, style.color, style.rise, face.shape('-'), 0, 0, false, undefined, undefined);
      const w = (seg.shaped.width / face.unitsPerEm) * style.size;
      item = penalty(w, this.lb.hyphenPenalty, true, { segs: [seg], at: undefined });
      byStyle.set(style, item);
    }
    this.items.push(item);
  }

  /** A break without an added hyphen: after a hard hyphen (flagged), or inside a URL or e-mail address. */
  plainBreak(flagged: boolean): void {
    this.flushBox();
    const cost = this.lb.hyphenPenalty;
    if (plainBreaks.cost !== cost) plainBreaks = { cost, flagged: penalty(0, cost, true, undefined), plain: penalty(0, cost, false, undefined) };
    this.items.push(flagged ? plainBreaks.flagged : plainBreaks.plain);
  }

  wordSpace(style: RunStyle, face: Face): void {
    this.flushBox();
    const items = this.items;
    const prev = items[items.length - 1];
    if (!prev || prev.type !== 'box') return; // no space at the start or after a break
    if (face !== this.glueFace || style !== this.glueStyle) {
      const w = (face.spaceAdvance / face.unitsPerEm) * style.size;
      const lb = this.lb;
      this.glue = this.justify ? glueItem(w, w * lb.spaceStretch, w * lb.spaceShrink) : glueItem(w, 0, 0);
      this.glueFace = face;
      this.glueStyle = style;
    }
    items.push(this.glue!);
  }

  finish(): TextItem[] {
    this.flushBox();
    const items = this.items;
    // Drop a trailing penalty left by a final hyphen, then end the paragraph.
    while (items.length && items[items.length - 1]!.type !== 'box') items.pop();
    items.push(glueItem(0, INFINITY, 0));
    items.push(penalty(0, -INFINITY, false, undefined));
    return items;
  }
}

// Items are made here only, each kind with its fields in one order.
export function box(width: number, content: BoxContent): TextItem {
  return { type: 'box', width, content };
}
export function glueItem(width: number, stretch: number, shrink: number): TextItem {
  return { type: 'glue', width, stretch, shrink };
}
function penalty(width: number, penalty: number, flagged: boolean, content: BoxContent | undefined): TextItem {
  return { type: 'penalty', width, penalty, flagged, content };
}

/** C0 and C1 controls, DEL and the noncharacters U+FFFE/U+FFFF: never echoed to a terminal as they are. */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffe || cp === 0xffff;
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
}


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

/**
 * The words of one finder in two generations: the plans made or used since the last turn, and
 * those of the generation before, which move to the current one when used again. At each turn
 * the older generation is dropped: a frequent word is kept, a rare one is made again if it comes
 * back. At most MAX_PLANS plans are held (two generations of GENERATION): a book of 200 episodes
 * has about 20,000 distinct words, and 60,000 plans cost ~35 MB more of a 1,000-episode build's
 * peak for no speed.
 */
interface WordMap {
  cur: Map<string, WordPlans>;
  old: Map<string, WordPlans> | undefined;
  /** The generation `cur` belongs to. */
  gen: number;
}

const MAX_PLANS = 15000;
const GENERATION = MAX_PLANS / 2;
let generation = 0;
/** Plans in the current generation (made, or moved from the older one). */
let plansHeld = 0;
const planStore = new WeakMap<Finder, WordMap>();

function wordMap(find: Finder): WordMap {
  let map = planStore.get(find);
  if (!map) planStore.set(find, (map = { cur: new Map(), old: undefined, gen: generation }));
  return map;
}

/** Count `n` plans in the current generation; a full generation turns every finder's. */
function held(n: number): void {
  plansHeld += n;
  if (plansHeld > GENERATION) {
    generation++;
    plansHeld = 0;
  }
}

/** The entry of `word`, in the current generation. */
function entryOf(map: WordMap, word: string): WordPlans {
  if (map.gen !== generation) turn(map);
  let e = map.cur.get(word);
  if (e) return e;
  e = map.old?.get(word);
  if (e) {
    map.old!.delete(word);
    held(plansIn(e));
    if (map.gen !== generation) turn(map);
  } else e = { ragged: undefined, justified: undefined, hyph: undefined, hragged: undefined, hjustified: undefined };
  map.cur.set(word, e);
  return e;
}

/** A finder's words after the generation turned (once, or more when the finder was not used meanwhile). */
function turn(map: WordMap): void {
  map.old = map.gen === generation - 1 ? map.cur : undefined;
  map.cur = new Map();
  map.gen = generation;
}

/** Distinct plans (or failed words) held by an entry. */
function plansIn(e: WordPlans): number {
  let n = 0;
  const { ragged: a, justified: b, hragged: c, hjustified: d } = e;
  if (a !== undefined) n++;
  if (b !== undefined && b !== a) n++;
  if (c !== undefined && c !== a && c !== b) n++;
  if (d !== undefined && d !== a && d !== b && d !== c) n++;
  return n;
}

/** The plan of `word` (no white space inside) with the points of `h` (none: not hyphenated), from the cache or made now. */
function planFor(map: WordMap, word: string, find: Finder, h: Hyphenator | undefined, justify: boolean): Plan | null {
  const e = entryOf(map, word);
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
  held(1);
  const urls = urlBreaksOf(word);
  const pieces: Piece[] = [];
  let cur: Piece | undefined;
  for (let i = 0; i < word.length; ) {
    const cp = word.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const rel = i;
    i += len;
    if (isIgnorable(cp)) continue;
    const face = find.find(cp);
    if (!face) return null;
    if (!cur || cur.face !== face) pieces.push((cur = { face, text: '', shaped: EMPTY_SHAPE, rel, brk: Brk.None, seg: undefined }));
    cur.text += word.slice(rel, i);
    if (hyph.includes(i)) cur.brk = Brk.Hyphen;
    else if (urls.points.has(i)) cur.brk = Brk.Url;
    else if (cp === 0x2d && justify) cur.brk = Brk.Hard;
    if (cur.brk !== Brk.None) cur = undefined;
  }
  for (const p of pieces) p.shaped = p.face.shape(p.text);
  return { pieces };
}

/**
 * V8 gives each field of an object shape the representation of the first value stored in it: a
 * field first given a small integer (0) and later a fraction takes a new shape, and the code
 * optimised for the old one is thrown away ("wrong map") and compiled again. So each kind of object
 * made here in numbers is made once when the module loads, with fractions, and with both kinds of
 * value in its optional fields: its shape never changes afterwards. Nothing else depends on these.
 */
function primeShapes(): void {
  const color: Cmyk = [0.5, 0.5, 0.5, 0.5];
  const shaped: ShapedText = { gids: [0], xs: [0.5], advances: [0.5], text: [' '], width: 0.5 };
  const face = null as unknown as Face;
  const segs = [new Segment(face, 0.5, color, 0.5, shaped, 0.5, 0.5, false, undefined, undefined), new Segment(face, 0.5, color, 0.5, shaped, 0.5, 0.5, true, { uri: '' }, 1)];
  const content: BoxContent = { segs, at: undefined };
  content.at = 1;
  box(0.5, content);
  glueItem(0.5, 0.5, 0.5);
  penalty(0.5, 0.5, false, undefined);
  penalty(0.5, 0.5, true, content);
  const style = withStyle({ family: '', style: 'regular', size: 0.5, color, uppercase: false, tracking: 0.5, features: [] }, 'regular', 0.5, 0.5, color, undefined);
  withStyle(style, 'regular', 0.5, 0.5, color, 1);
  const span: Span = { text: '', style, pos: undefined, link: undefined };
  span.pos = { file: '', line: 1, column: 1 };
  span.link = { uri: '' };
}
primeShapes();

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

/** The answer of `urlBreaksOf` for text without a URL, shared (never changed). */
const NO_URL: { points: ReadonlySet<number>; any: boolean } = { points: new Set<number>(), any: false };

/** Offsets (UTF-16, just after the character) where a URL may break: after / . - _ ? & = */
function urlBreakPoints(text: string): ReadonlySet<number> {
  return urlBreaksOf(text).points;
}

/** The URL break points of `text`, and whether it holds a URL or e-mail address at all. */
function urlBreaksOf(text: string): { points: ReadonlySet<number>; any: boolean } {
  // Every match holds one of these (the pattern is case-sensitive).
  if (!text.includes('@') && !text.includes('www.') && !text.includes('http')) return NO_URL;
  const points = new Set<number>();
  let any = false;
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
