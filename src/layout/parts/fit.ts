/**
 * The booklet's title and subtitle on the cover, the title page and the back cover: set at their
 * sizes, or smaller (× 0.9 a step, down to half) until their lines fit the height they have and the
 * text block's width; without hyphens first, then with them. What fits in no way is an error at its
 * key in booklet.yaml: no title runs off the page or over its neighbours unseen.
 */
import type { StyleName, TextStyle } from '../../template/types.js';
import type { FlowBuilder, FlowEl, LineEl } from '../flow.js';
import { errorAtKey, plain, type PartContext } from './context.js';

export interface FitText {
  key: 'title' | 'subtitle';
  style: StyleName;
  /** The overrides at full size; the size and leading are scaled. */
  override: Partial<TextStyle>;
}

/** What shares the page below the texts (publisher, year…): blamed when it leaves them too little room. */
export interface Foot {
  key: 'publisher' | 'edition';
  height: number;
}

/** The scales tried: those the cover always tried (1, 0.9, 0.81 …) while above half, then half. */
const SCALES = (() => {
  const ks: number[] = [];
  for (let k = 1; k >= 0.5; k *= 0.9) ks.push(k);
  return [...ks, 0.5];
})();

/**
 * Sets `texts` (those of the booklet that it has) into `f` at the largest scale where `height` of
 * their elements is at most `room` pt and no line is wider than the text block (a text too wide
 * alone is made smaller alone). When none fits,
 * they are left set at half size and the error names `where` («the cover»).
 */
export function fitTexts(f: FlowBuilder, pc: PartContext, texts: FitText[], room: number, where: string, height: (els: FlowEl[]) => number, foot?: Foot): void {
  const m = pc.booklet.meta;
  const present = texts.filter((t) => m[t.key]);
  const from = f.els.length;
  const one = (t: FitText, k: number, hyphenate: boolean): FlowEl[] => {
    const s = { ...pc.template.styles[t.style], ...t.override };
    const at = f.els.length;
    f.paragraph(plain(m[t.key]!, m.at?.[t.key]), t.style, { override: { ...t.override, size: s.size * k, leading: s.leading * k }, hyphenate });
    return f.els.slice(at);
  };
  const wide = (els: FlowEl[]) => els.some((e) => e.kind === 'line' && e.overfull);
  // Each text at `k`, or smaller when it alone needs to be for its width (`caps`): a long title
  // does not make its subtitle smaller unless their height does.
  const set = (k: number, hyphenate: boolean, caps?: number[]) => {
    f.els.splice(from);
    return present.map((t, i) => one(t, Math.min(k, caps?.[i] ?? 1), hyphenate));
  };
  const capOf = (t: FitText, hyphenate: boolean) => {
    for (const k of SCALES) {
      f.els.splice(from);
      if (!wide(one(t, k, hyphenate))) return k;
    }
    return 0.5;
  };
  const fits = (parts: FlowEl[][]) => height(parts.flat()) <= room && !parts.some(wide);
  for (const hyphenate of pc.flow.hyphenator ? [false, true] : [false]) {
    const caps = present.map((t) => capOf(t, hyphenate));
    for (const k of SCALES) if (fits(set(k, hyphenate, caps))) return;
  }
  // At half size still: the errors, at the key of what is too wide, else of what makes it too tall.
  const parts = set(0.5, !!pc.flow.hyphenator);
  const blamed = present.map((t, i) => ({ t, wide: parts[i]!.find((e): e is LineEl => e.kind === 'line' && e.overfull) })).filter((b) => b.wide);
  if (!blamed.length && foot && foot.height > room) {
    // The foot takes more than what it leaves: it is the one too long.
    errorAtKey(pc, foot.key, 'title-too-long', `the ${foot.key} does not leave room for the title on ${where} (it takes ${Math.ceil(foot.height)} pt of height, the title needs ${Math.ceil(height(parts.flat()))} pt where ${Math.floor(Math.max(room, 0))} pt are left) — shorten \`${foot.key}:\``);
    return;
  }
  if (!blamed.length) blamed.push({ t: height(parts[0]!) > room || present.length === 1 ? present[0]! : present[present.length - 1]!, wide: undefined });
  for (const { t, wide } of blamed) {
    const why = wide
      ? `"${wide.runs.map((r) => r.text.join('')).join('').trim().slice(0, 40)}" is wider than the text block`
      : `it needs ${Math.ceil(height(parts.flat()))} pt of height where ${Math.floor(Math.max(room, 0))} pt are free`;
    const todo = wide ? 'shorten it, or put a hyphen or a space in its long word' : 'shorten it';
    errorAtKey(pc, t.key, 'title-too-long', `the ${t.key} does not fit ${where} even at half size (${why}) — ${todo}`);
  }
}
