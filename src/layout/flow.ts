/**
 * Blocks → a vertical flow of elements (lines, spaces, images) for one column width,
 * with the keep rules the paginator obeys: no orphans or widows (2 lines each side),
 * a question or heading stays with the first two lines of what follows, a pull quote is never split.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { FontSet } from '../fonts/fontset.js';
import type { Block, ImageAsset, Inline, Pos } from '../model/types.js';
import type { StyleName, Template, TextStyle } from '../template/types.js';
import type { GlyphRun, StructTag, TextAnchor } from './types.js';
import { figureTag, tagFor } from './tags.js';
import { box, buildItems, glueItem, runStyle, type ItemContext, type TextItem } from './text/items.js';
import { breakItems, hyphenLadder, MAX_HYPHEN_LADDER, setLines, type Align, type SetLine } from './text/lines.js';
import { knuthPlass, knuthPlassByCount } from './linebreak/knuth-plass.js';
import { initials } from '../util/initials.js';
import type { LineBreak } from './linebreak/types.js';

export interface LineEl {
  kind: 'line';
  height: number;
  /** Adjustment ratio of the line (0 for natural spacing). */
  ratio: number;
  /** The line ends with an added hyphen. */
  hyphenated: boolean;
  overfull: boolean;
  /** The line of a justified paragraph that is not its last (its spacing is judged by the lint). */
  justified: boolean;
  /** Which line of its paragraph: for the lint (widows, orphans, stranded questions). */
  index: number;
  count: number;
  role: StyleName;
  /** The paragraph, when it can be set in another number of lines to fill a page (see paginate). */
  para?: Reflowable;
  /** Footnotes called on this line (their numbers): they go to the foot of its page. */
  notes?: number[];
  /** Baseline distance from the top of the element. */
  baseline: number;
  /** x offset within the column. */
  x: number;
  runs: GlyphRun[];
  keepWithNext: boolean;
  pos?: Pos;
  /** Where the line's first word is in the Booklet's text. */
  from?: TextAnchor;
}

/**
 * A body paragraph that can be set again in another number of lines, tighter or looser, within the
 * template's tolerance and without a hyphen ladder (TeX's looseness): the paginator's way of making
 * a page end on its last baseline.
 */
export interface Reflowable {
  /**
   * The paragraph set in exactly `n` lines, the first `plain` of them not hyphenated (so that a page
   * may end after them), or null when it cannot be; the same objects on each call.
   */
  setIn(n: number, plain?: number): LineEl[] | null;
  /** How much worse that setting looks than the natural one: the growth of Σr² over its justified lines. */
  cost(n: number, plain?: number): number;
}

export interface SpaceEl {
  kind: 'space';
  height: number;
  keepWithNext: boolean;
  /** Kept at the top of a page (padding that keeps a block on the baseline grid). */
  sticky?: boolean;
  /** Padding that completes the block before it to whole grid lines: it ends that block's page, never starts one. */
  closes?: boolean;
  /**
   * A space between blocks (before a question or heading, around a pull quote, after the standfirst) that the paginator
   * may set one grid line taller, or drop, to make a page end on its last baseline.
   */
  flex?: boolean;
}

export interface ImageEl {
  kind: 'image';
  height: number;
  width: number;
  x: number;
  asset: ImageAsset;
  keepWithNext: boolean;
  pos?: Pos;
  /** The Figure element (with alt text); none for a decorative image. */
  tag?: StructTag;
  /**
   * On the grid: the paginator may make the image up to two grid lines shorter (not under 80 % of
   * its height, the width following) to make a page end on its last baseline.
   */
  flex?: { align: 'center' | 'left'; min: number };
}

export interface RuleEl {
  kind: 'rule';
  height: number;
  width: number;
  keepWithNext: boolean;
  /** x offset within the column (0: flush left), colour and weight (default: grey, 0.5 pt). */
  x?: number;
  color?: TextStyle['color'];
  weight?: number;
}

export type FlowEl = LineEl | SpaceEl | ImageEl | RuleEl;

export interface FlowContext extends ItemContext {
  fonts: FontSet;
  template: Template;
  bag: DiagnosticBag;
  /** Column width and the height available on a page, pt. */
  width: number;
  pageHeight: number;
  /** Baseline grid step (the body leading), or 0 for free placement (cover, folios). */
  grid: number;
  /** Who asks and who answers, for a template whose questions are marked with initials. */
  speakers?: { interviewer?: string; interviewee: string };
}

export class FlowBuilder {
  readonly els: FlowEl[] = [];
  /** The structure element new paragraphs go into (a list body); none: the document. */
  private parent?: StructTag;

  /** What the item builder reads of `ctx`, in one object shape for every builder. */
  private readonly itemCtx: ItemContext;

  constructor(private readonly ctx: FlowContext) {
    this.itemCtx = { fonts: ctx.fonts, template: ctx.template, lang: ctx.lang, bag: ctx.bag, hyphenator: ctx.hyphenator };
  }

  style(name: StyleName): TextStyle {
    return this.ctx.template.styles[name];
  }

  /** Vertical space; on a grid it is rounded to whole lines, so what follows stays on the grid. */
  space(h: number, keepWithNext = false, flex = false): void {
    const g = this.ctx.grid;
    if (g > 0) h = Math.round(h / g) * g;
    if (h > 0.001) this.els.push({ kind: 'space', height: h, keepWithNext, ...(flex && g > 0 ? { flex } : {}) });
  }

  /** Padding that completes a block of height `h` to whole grid lines; returns [above, below]. */
  private gridPad(h: number): [number, number] {
    const g = this.ctx.grid;
    if (g <= 0) return [0, 0];
    const pad = Math.ceil(h / g - 1e-6) * g - h;
    return pad > 0.001 ? [pad / 2, pad / 2] : [0, 0];
  }

  private pad(h: number, keepWithNext: boolean, closes = false): void {
    if (h > 0.001) this.els.push({ kind: 'space', height: h, keepWithNext, sticky: true, ...(closes ? { closes } : {}) });
  }

  /** Set a paragraph of `inlines` in a style; returns the line elements added. */
  paragraph(
    inlines: Inline[],
    styleName: StyleName,
    opts: { pos?: Pos; keepAll?: boolean; keepWithNext?: boolean; prefix?: TextItem[]; indent?: number; hang?: number; override?: Partial<TextStyle>; tag?: StructTag; hyphenate?: boolean } = {},
  ): LineEl[] {
    const s = { ...this.style(styleName), ...opts.override };
    // The paragraph's structure element (screen PDF tags): every run of its lines carries it.
    const tag = opts.tag ?? tagFor(styleName, this.parent);
    const align: Align = s.align;
    const indent = opts.indent ?? 0;
    const width = this.ctx.width - indent;
    const justify = align === 'justify';
    const build = (hyphenate: boolean) => {
      const it = buildItems(inlines, runStyle(s), this.itemCtx, { justify, indent: s.indent, hyphenate });
      return opts.prefix ? [...opts.prefix, ...it] : it;
    };
    // `hyphenate`: with hyphenation points from the start, also when not justified (a title that fits no other way).
    let items = build(!!opts.hyphenate);
    if (items.length <= 2) return [];
    const lb = this.ctx.template.linebreak;
    const hang = opts.hang ?? 0;
    const measure = (line: number) => (line === 0 ? width : width - hang);
    const params = { tolerance: lb.tolerance, consecutiveFlaggedDemerits: lb.consecutiveHyphenDemerits, fitnessDemerits: 100 };
    // As TeX does: a paragraph that sets well without hyphens (within the pretolerance) is not
    // hyphenated; the others are broken again with hyphenation points.
    let breaks = justify && lb.algorithm === 'knuth-plass' ? knuthPlass(items, measure, { ...params, tolerance: lb.pretolerance }) : null;
    let hyphenated = !!opts.hyphenate;
    if (!breaks) {
      if (justify && this.ctx.hyphenator && !hyphenated) {
        items = build(true);
        hyphenated = true;
      }
      breaks = breakItems(items, measure, { algorithm: lb.algorithm, params }, align);
    }
    const makeLines = (lines: SetLine[], its: TextItem[], breaks: LineBreak[]): LineEl[] => {
      const notes = lineNotes(its, breaks);
      if (tag) {
        for (const [i, l] of lines.entries()) {
          for (const r of l.runs) r.tag = tag;
          const last = l.runs[l.runs.length - 1];
          if (last && i < lines.length - 1 && (l.hyphenated || l.atSpace)) last.lineEnd = l.hyphenated ? 'hyphen' : 'space';
        }
      }
      const els: LineEl[] = lines.map((l, i) => ({
        kind: 'line',
        height: s.leading,
        baseline: s.size * 0.8 + (s.leading - s.size) / 2,
        x: i === 0 ? indent : indent + hang,
        runs: l.runs,
        ratio: l.ratio,
        hyphenated: l.hyphenated,
        overfull: l.overfull,
        justified: align === 'justify' && i < lines.length - 1,
        index: i,
        count: lines.length,
        role: styleName,
        para: undefined,
        notes: notes[i],
        // A page never ends on a hyphenated word.
        keepWithNext: l.hyphenated,
        pos: opts.pos,
        from: l.start === undefined ? undefined : { inlines, offset: l.start },
      }));
      const n = els.length;
      for (let i = 0; i < n; i++) {
        const el = els[i]!;
        // orphans: the first two lines stay together; widows: so do the last two
        if (opts.keepAll || (i === 0 && n > 1) || (i === n - 2 && n > 1)) el.keepWithNext ||= i < n - 1 || !!opts.keepWithNext;
        if (i === n - 1 && opts.keepWithNext) el.keepWithNext = true;
      }
      return els;
    };
    const lines = setLines(items, breaks, measure, align);
    this.space(s.spaceBefore, true, styleName === 'question' || styleName === 'heading');
    const [padAbove, padBelow] = this.gridPad(lines.length * s.leading);
    this.pad(padAbove, true);
    const els = makeLines(lines, items, breaks);
    // A body paragraph on the grid can be set tighter or looser to fill a page (see paginate); not
    // one of more than MAX_REFLOW_LINES, whose settings by line count cost lines × breaks each
    // (a paragraph of 200 KB: 2.8 s, of 1 MB: 110 s and 6.4 GB).
    if (align === 'justify' && lb.algorithm === 'knuth-plass' && s.leading === this.ctx.grid && !opts.keepAll && lines.length > 1 && lines.length <= MAX_REFLOW_LINES) {
      const sets = new Map<string, LineEl[] | null>([[`${lines.length}/0`, els]]);
      const square = (ls: LineEl[]) => ls.reduce((a, l) => a + (l.justified ? l.ratio * l.ratio : 0), 0);
      const natural = square(els);
      // The breaks in n lines, for the counts asked (around the first setting's) made by one run
      // per item list and `plain`: most counts asked have none (~9 in 10 at 200 episodes).
      const byCount = new Map<TextItem[], Map<number, { from: number; sets: (LineBreak[] | null)[] }>>();
      const breaksIn = (its: TextItem[], n: number, plain: number): LineBreak[] | null => {
        let byPlain = byCount.get(its);
        if (!byPlain) byCount.set(its, (byPlain = new Map()));
        let got = byPlain.get(plain);
        if (!got || n < got.from || n >= got.from + got.sets.length) {
          const from = Math.max(1, Math.min(n, lines.length - 2));
          const to = Math.max(n, lines.length + 2);
          got = { from, sets: knuthPlassByCount(its, measure, { ...params, tolerance: lb.tolerance, lines: to, plainLines: plain }, from) };
          byPlain.set(plain, got);
        }
        return got.sets[n - got.from]!;
      };
      const attempt = (its: TextItem[], n: number, plain: number): LineEl[] | null => {
        const b = breaksIn(its, n, plain);
        if (!b || hyphenLadder(its, b) > MAX_HYPHEN_LADDER) return null;
        const set = makeLines(setLines(its, b, measure, align), its, b);
        for (const l of set) l.para = para;
        return set;
      };
      let withHyphens: TextItem[] | undefined;
      const para: Reflowable = {
        setIn: (n, plain = 0) => {
          if (n < 1) return null;
          const key = `${n}/${plain}`;
          if (!sets.has(key)) {
            let set = attempt(items, n, plain);
            // Hyphenation points give the breaker more room when the first setting did without them.
            if (!set && !hyphenated && this.ctx.hyphenator) set = attempt((withHyphens ??= build(true)), n, plain);
            sets.set(key, set);
          }
          return sets.get(key)!;
        },
        cost: (n, plain) => {
          const set = para.setIn(n, plain);
          return set ? square(set) - natural : Infinity;
        },
      };
      for (const l of els) l.para = para;
    }
    this.els.push(...els);
    this.pad(padBelow, !!opts.keepWithNext, true);
    // The white below the standfirst may give or take a line too (see paginate).
    this.space(s.spaceAfter, false, styleName === 'lede');
    return els;
  }

  image(asset: ImageAsset, maxWidth: number, maxHeight: number, pos: Pos | undefined, keepWithNext: boolean, align: 'center' | 'left' = 'center', tag?: StructTag): void {
    const ratio = asset.height / asset.width;
    let w = maxWidth;
    let h = w * ratio;
    if (h > maxHeight) {
      h = maxHeight;
      w = h / ratio;
    }
    const x = align === 'center' ? (this.ctx.width - w) / 2 : 0;
    const g = this.ctx.grid;
    this.els.push({ kind: 'image', height: h, width: w, x, asset, keepWithNext, pos, tag, ...(g > 0 ? { flex: { align, min: h * 0.8 } } : {}) });
    const [a, b] = this.gridPad(h);
    this.pad(a + b, keepWithNext, true);
  }

  rule(width: number, keepWithNext = true): void {
    this.els.push({ kind: 'rule', height: 0, width, keepWithNext });
  }

  /** Items for a short prefix (a question marker, a list bullet) set in its own colour. */
  prefix(text: string, styleName: StyleName, color: TextStyle['color'], boxWidth?: number, override?: Partial<TextStyle>): TextItem[] {
    const s = { ...this.style(styleName), color, ...override };
    const items = buildItems([{ kind: 'text', text }], runStyle(s), this.itemCtx, { justify: false, indent: 0, hyphenate: false });
    const boxes = items.filter((i) => i.type === 'box');
    if (boxWidth !== undefined && boxes.length) {
      // The label, then an empty box up to `boxWidth` (the line setter keeps an empty box's width).
      const segs = boxes.flatMap((b) => (b.type === 'box' ? b.content.segs : []));
      const w = boxes.reduce((a, b) => a + b.width, 0);
      return [box(w, { segs, at: undefined }), box(Math.max(0, boxWidth - w), { segs: [], at: undefined })];
    }
    const space = this.ctx.fonts.face(s.family, s.style);
    const w = (space.spaceAdvance / space.unitsPerEm) * s.size;
    return [...boxes, glueItem(w, 0, 0)];
  }

  /** A speaker's initials in small capitals of the question style, in the marker colour. */
  private initialsPrefix(name: string): TextItem[] | undefined {
    const text = initials(name);
    if (!text) return undefined;
    const q = this.style('question');
    return this.prefix(text, 'question', this.ctx.template.question.markerColor, undefined, { features: [...q.features, 'c2sc', 'smcp'], uppercase: false, tracking: 40 });
  }

  /** Episode or preface body blocks. */
  blocks(blocks: Block[]): void {
    const t = this.ctx.template;
    // The first paragraph of an answer (or after a heading, list or image) is not indented.
    let flush = true;
    // As in the EPUB: a question after an intertitle is one level below it.
    let afterHeading = false;
    const parent = this.parent;
    let afterQuestion = false;
    for (const b of blocks) {
      const wasFlush = flush;
      const answerStart = afterQuestion && b.kind === 'paragraph';
      flush = b.kind !== 'paragraph';
      afterQuestion = b.kind === 'question';
      switch (b.kind) {
        case 'paragraph': {
          // With initials, an answer opens with the interviewee's.
          const who = answerStart && t.question.kind === 'initials' ? this.ctx.speakers?.interviewee : undefined;
          this.paragraph(b.inlines, 'body', { pos: b.pos, prefix: who ? this.initialsPrefix(who) : undefined, override: wasFlush ? { indent: 0 } : undefined });
          break;
        }
        case 'question': {
          const q = t.question;
          const who = q.kind === 'initials' ? this.ctx.speakers?.interviewer : undefined;
          const prefix = q.kind === 'ornament' && q.marker ? this.prefix(q.marker, 'question', q.markerColor) : who ? this.initialsPrefix(who) : undefined;
          const tag: StructTag | undefined = parent ? { role: 'P', parent } : { role: afterHeading ? 'H3' : 'H2' };
          this.paragraph(b.inlines, 'question', { pos: b.pos, keepAll: true, keepWithNext: true, prefix, tag, override: q.kind === 'color' ? { color: q.markerColor } : undefined });
          break;
        }
        case 'heading':
          if (!parent) afterHeading = true;
          this.paragraph(b.inlines, 'heading', { pos: b.pos, keepAll: true, keepWithNext: true, tag: parent ? { role: 'P', parent } : undefined });
          break;
        case 'pullquote': {
          // An exergue: larger italic in the accent colour, centred between two short accent rules,
          // never split.
          const s = this.style('pullquote');
          const quote: StructTag = { role: 'BlockQuote', parent };
          const rule = { width: this.ctx.width / 6, x: (this.ctx.width * 5) / 12, color: this.ctx.template.colors.accent, weight: 0.75 };
          this.space(s.spaceBefore, false, true);
          this.els.push({ kind: 'rule', height: 0, keepWithNext: true, ...rule });
          for (const p of b.paragraphs) this.paragraph(p, 'pullquote', { pos: b.pos, keepAll: true, keepWithNext: true, override: { spaceBefore: 0, spaceAfter: 0 }, tag: { role: 'P', parent: quote } });
          this.space(s.leading * 0.5, true);
          this.els.push({ kind: 'rule', height: 0, keepWithNext: false, ...rule });
          this.space(s.spaceAfter, false, true);
          break;
        }
        case 'list': {
          const body = this.style('body');
          const indent = body.size * 1.6;
          // L > LI > LBody > P (the label is drawn with the first paragraph).
          const list: StructTag = { role: 'L', parent };
          for (const [i, item] of b.items.entries()) {
            const label = b.ordered ? `${b.start + i}.` : '•';
            const lbody: StructTag = { role: 'LBody', parent: { role: 'LI', parent: list } };
            let first = true;
            for (const c of item) {
              if (c.kind === 'paragraph' || c.kind === 'question' || c.kind === 'heading') {
                const prefix = first ? this.prefix(label, 'body', body.color, indent) : undefined;
                this.paragraph(c.inlines, 'body', { pos: c.pos, prefix, indent: first ? 0 : indent, hang: first ? indent : 0, override: { spaceAfter: 1, indent: 0 }, tag: { role: 'P', parent: lbody } });
                first = false;
              } else {
                this.parent = lbody;
                this.blocks([c]);
                this.parent = parent;
              }
            }
          }
          this.space(body.spaceAfter);
          break;
        }
        case 'image': {
          const cap = b.image.caption;
          this.space(this.style('body').leading * 0.5);
          this.image(b.image.asset, this.ctx.width, this.ctx.pageHeight * 0.5, b.pos, !!cap, 'center', figureTag(b.image, parent));
          if (cap) this.paragraph(cap, 'caption', { pos: b.pos });
          else this.space(this.style('caption').spaceAfter);
          break;
        }
        case 'break':
          this.space(this.style('body').leading);
          break;
      }
    }
  }
}

/** The footnote calls of each line (undefined for a line without one). */
/** Longest paragraph (in lines) the paginator may set in another number of lines: a page and a half. */
const MAX_REFLOW_LINES = 60;

function lineNotes(items: TextItem[], breaks: LineBreak[]): (number[] | undefined)[] {
  const res: (number[] | undefined)[] = [];
  let start = 0;
  for (const b of breaks) {
    let notes: number[] | undefined;
    for (let k = start; k <= b.position && k < items.length; k++) {
      const it = items[k]!;
      if (it.type !== 'box') continue;
      for (const seg of it.content.segs) if (seg.note !== undefined && !notes?.includes(seg.note)) (notes ??= []).push(seg.note);
    }
    res.push(notes);
    start = b.position + 1;
  }
  return res;
}
