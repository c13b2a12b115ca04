/**
 * The typographic lint: what the layout could not avoid, reported with the page and the source
 * position — widows, orphans, stranded questions, overfull or very loose lines, hyphen ladders,
 * a page ending on a hyphen, a line starting with punctuation, a page of running text that ends above
 * the last baseline of the text block (short page). Also the figures the README and the
 * benchmark report (hyphenated lines, adjustment ratios).
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { LineEl } from './flow.js';
import type { PlacedEl } from './paginate.js';
import { MAX_HYPHEN_LADDER } from './text/lines.js';

export interface LayoutStats {
  lines: number;
  /** Justified lines that are not the last of their paragraph. */
  justifiedLines: number;
  hyphenated: number;
  /** |adjustment ratio| of every justified line (not the last of a paragraph). */
  ratios: number[];
  overfull: number;
  loose: number;
  punctuationStarts: number;
  widows: number;
  orphans: number;
  strandedQuestions: number;
  hyphenPageEnds: number;
  hyphenLadders: number;
  /** Pages of running text followed by more of the same part that end above the last baseline. */
  shortPages: number;
}

export function emptyStats(): LayoutStats {
  return {
    lines: 0,
    justifiedLines: 0,
    hyphenated: 0,
    ratios: [],
    overfull: 0,
    loose: 0,
    punctuationStarts: 0,
    widows: 0,
    orphans: 0,
    strandedQuestions: 0,
    hyphenPageEnds: 0,
    hyphenLadders: 0,
    shortPages: 0,
  };
}

const LEADING_PUNCTUATION = /^[;:!?»\u203A]/;

/**
 * Lint the pages of one part (an episode or the preface), in order.
 * @param folios printed page number of each chunk
 * @param tolerance the template's largest adjustment ratio
 * @param block height of the text block (a whole number of grid lines) and the grid step
 */
export function lintPages(chunks: PlacedEl[][], folios: number[], tolerance: number, block: { height: number; grid: number }, bag: DiagnosticBag, stats?: LayoutStats, file = ''): void {
  // A line without a source position (an opener's title, a generated label) is reported at the
  // nearest line of its page that has one, before it or else after it; on a page with none (an
  // opener), at the first line of the pages after it, the text that did not come onto it.
  let page = 0;
  const posOf = (c: PlacedEl) => (c.el.kind === 'line' ? (c.el as LineEl).pos : undefined);
  const near = (el: LineEl) => {
    if (el.pos) return el.pos;
    const chunk = chunks[page]!;
    const at = chunk.findIndex((c) => c.el === el);
    for (let i = at - 1; i >= 0; i--) if (posOf(chunk[i]!)) return posOf(chunk[i]!);
    for (let i = at + 1; i < chunk.length; i++) if (posOf(chunk[i]!)) return posOf(chunk[i]!);
    for (let p = page + 1; p < chunks.length; p++) for (const c of chunks[p]!) if (posOf(c)) return posOf(c);
    return undefined;
  };
  const warn = (el: LineEl, folio: number, code: string, what: string, todo: string) => {
    const pos = near(el);
    bag.warn(pos?.file ?? file, pos?.line ?? 0, pos?.column ?? 0, code, `page ${folio}: ${what} — ${todo}`);
  };
  // Hyphen ladders are counted in the text and in the notes apart.
  const ladders = { text: 0, foot: 0 };
  chunks.forEach((chunk, p) => {
    page = p;
    const folio = folios[p]!;
    const isLine = (c: PlacedEl): c is PlacedEl & { el: LineEl } => c.el.kind === 'line';
    // The text of the page; the notes at its foot are only checked line by line.
    const lines = chunk.filter((c) => !c.foot && isLine(c)).map((c) => c.el as LineEl);
    for (const { el: l, foot } of chunk.filter(isLine)) {
      const text = l.runs.map((r) => r.text.join('')).join('');
      if (stats) {
        stats.lines++;
        if (l.hyphenated) stats.hyphenated++;
        if (l.justified) {
          stats.justifiedLines++;
          stats.ratios.push(Math.abs(l.ratio));
        }
      }
      if (l.overfull) {
        if (stats) stats.overfull++;
        warn(l, folio, 'lint-overfull', `a line is wider than the text block ("${text.slice(0, 40)}…")`, 'shorten a long word or add a break opportunity');
      } else if (l.justified && l.ratio > tolerance) {
        if (stats) stats.loose++;
        warn(l, folio, 'lint-loose', `a very loose line (spaces stretched ${l.ratio.toFixed(1)}× beyond their natural width)`, 'rephrase the sentence or allow hyphenation of a nearby long word');
      }
      if (LEADING_PUNCTUATION.test(text.trimStart())) {
        if (stats) stats.punctuationStarts++;
        warn(l, folio, 'lint-punctuation-start', `a line starts with "${text.trimStart()[0]}"`, 'put a no-break space before the punctuation mark');
      }
      const ladder = (ladders[foot ? 'foot' : 'text'] = l.hyphenated ? ladders[foot ? 'foot' : 'text'] + 1 : 0);
      if (ladder === MAX_HYPHEN_LADDER + 1) {
        if (stats) stats.hyphenLadders++;
        warn(l, folio, 'lint-hyphen-ladder', `more than ${MAX_HYPHEN_LADDER} hyphenated lines in a row`, 'rephrase one of the lines');
      }
    }
    const first = lines[0];
    const last = lines[lines.length - 1];
    if (first && first.count > 1 && first.index === first.count - 1 && p > 0) {
      if (stats) stats.widows++;
      warn(first, folio, 'lint-widow', 'the last line of a paragraph stands alone at the top of the page (widow)', 'shorten or lengthen the paragraph by a few words');
    }
    if (last && last.count > 1 && last.index === 0 && p < chunks.length - 1) {
      if (stats) stats.orphans++;
      warn(last, folio, 'lint-orphan', 'the first line of a paragraph stands alone at the foot of the page (orphan)', 'shorten or lengthen the text before it by a few words');
    }
    if (last && (last.role === 'question' || last.role === 'heading') && p < chunks.length - 1) {
      if (stats) stats.strandedQuestions++;
      warn(last, folio, 'lint-stranded-question', `a ${last.role === 'question' ? 'question' : 'heading'} ends the page, apart from what follows`, 'shorten the text before it');
    }
    if (last && last.hyphenated && p < chunks.length - 1) {
      if (stats) stats.hyphenPageEnds++;
      warn(last, folio, 'lint-hyphen-page-end', 'the page ends on a hyphenated word', 'rephrase the last line of the page');
    }
    if (p < chunks.length - 1 && chunk.length) {
      // From the end of the text to the top of the notes' area (or the foot of the text block).
      const textEnd = Math.max(0, ...chunk.filter((c) => !c.foot).map((c) => c.y + c.el.height));
      const footTop = Math.min(block.height, ...chunk.filter((c) => c.foot).map((c) => c.y));
      const gap = footTop - textEnd;
      // On the grid, less than half a line (a tall title off the grid) is not a short page.
      if (block.grid > 0 ? Math.round(gap / block.grid) >= 1 : gap > 0.01) {
        if (stats) stats.shortPages++;
        const short = block.grid > 0 ? `${Math.round(gap / block.grid)} line(s)` : `${gap.toFixed(1)} pt`;
        if (last) warn(last, folio, 'lint-short-page', `the page ends ${short} above the foot of the text block, with more of the part to follow`, 'shorten or lengthen a paragraph of the page by a few words');
      }
    }
  });
}
