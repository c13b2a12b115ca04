/**
 * Flow → pages: fill each page's text block top to bottom. When an element does not fit, the page
 * ends before it, moved back past every element that must stay with the next one (keepWithNext,
 * and the second-to-last line of the part: no page holds only the last line); a space at the top of
 * a page is dropped.
 *
 * On a baseline grid, a page that these rules leave short while more of the part follows is made
 * full, as a compositor would: one or two paragraphs of the page (or the one that did not fit) are
 * set a line or two tighter or looser (Knuth–Plass with an exact line count, within tolerance),
 * choosing the change that costs the least spacing.
 */
import type { FlowEl, LineEl, Reflowable, SpaceEl } from './flow.js';

export interface PlacedEl {
  el: FlowEl;
  /** Top of the element from the top of the text block, pt. */
  y: number;
}

interface PageEnd {
  /** First element of the next page. */
  end: number;
  /** Height used by the page's content (trailing spaces left out), pt. */
  used: number;
  /** First element that did not fit (els.length when everything did). */
  overflow: number;
}

/**
 * @param firstHeight room on the first page (an opener page may have less)
 * @param height room on every following page
 * @param grid baseline grid step, or 0: when given, short pages are filled by setting paragraphs
 *   and spaces again, and `els` is modified in place.
 */
export function paginate(els: FlowEl[], firstHeight: number, height: number, grid = 0): PlacedEl[][] {
  const pages: PlacedEl[][] = [];
  const starts: number[] = [];
  const reworked = new Set<number>();
  let start = 0;
  while (start < els.length) {
    const room = pages.length === 0 ? firstHeight : height;
    start = skipSpaces(els, start);
    if (start >= els.length) break;
    let r = pageEnd(els, start, room);
    if (grid > 0 && isShort(els, r, room, grid)) {
      const changes = fillChanges(els, start, room, grid);
      if (changes) {
        for (const c of changes) apply(els, c);
        r = pageEnd(els, start, room);
      } else if (pages.length > 0 && !reworked.has(pages.length)) {
        // No change on this page fills it: set the previous page again so that it ends elsewhere.
        reworked.add(pages.length);
        const prev = starts[pages.length - 1]!;
        const prevRoom = pages.length === 1 ? firstHeight : height;
        const again = rework(els, prev, prevRoom, height, grid);
        if (again) {
          for (const c of again) apply(els, c);
          pages.pop();
          starts.pop();
          start = prev;
          continue;
        }
      }
    }
    const page: PlacedEl[] = [];
    let y = 0;
    for (let k = start; k < r.end; k++) {
      page.push({ el: els[k]!, y });
      y += els[k]!.height;
    }
    // Trailing spaces carry nothing (grid padding is kept: the page ends on the grid).
    while (page.length && page[page.length - 1]!.el.kind === 'space' && !(page[page.length - 1]!.el as SpaceEl).sticky) page.pop();
    pages.push(page);
    starts.push(start);
    start = r.end;
  }
  return pages;
}

/** Spaces at the top of a page are dropped (not the padding that keeps a block on the grid). */
function skipSpaces(els: FlowEl[], start: number): number {
  while (start < els.length && els[start]!.kind === 'space' && !(els[start] as SpaceEl).sticky) start++;
  return start;
}

/** A page that ends above its last baseline while more of the part follows. */
function isShort(els: FlowEl[], r: PageEnd, room: number, grid: number): boolean {
  return r.end < els.length && room - r.used > grid / 2;
}

/** Where the page starting at `start` ends. */
function pageEnd(els: FlowEl[], start: number, room: number): PageEnd {
  let y = 0;
  let i = start;
  while (i < els.length && y + els[i]!.height <= room + 0.01) {
    y += els[i]!.height;
    i++;
  }
  let end = i;
  if (i < els.length) {
    // The second-to-last line of the part keeps with the last one.
    let lastTwo = -1;
    for (let k = els.length - 1, seen = 0; k >= 0; k--) if (els[k]!.kind === 'line' && ++seen === 2) {
      lastTwo = k;
      break;
    }
    const keeps = (k: number) => els[k]!.keepWithNext || k === lastTwo;
    // Move the break back past elements that keep with the next one.
    let b = i;
    while (b > start + 1 && (keeps(b - 1) || els[b - 1]!.kind === 'space')) b--;
    if (b > start + 1 || (b === start + 1 && !keeps(start))) end = b;
    if (end === start) end = Math.max(i, start + 1); // an element taller than a page: place it alone
  }
  let used = 0;
  let last = start;
  for (let k = start; k < end; k++) if (els[k]!.kind !== 'space' || (els[k] as { sticky?: boolean }).sticky) last = k + 1;
  for (let k = start; k < last; k++) used += els[k]!.height;
  return { end, used, overflow: i };
}

/** A paragraph set in another number of lines, or a flexible space set to another height. */
type Change = { para: Reflowable; lines: number; plain: number; cost: number } | { space: SpaceEl; height: number; cost: number };

/** What a space one grid line taller, or dropped, costs, against the growth of Σr² of a paragraph set again. */
const SPACE_GROWN = 4;
const SPACE_DROPPED = 8;

/**
 * Changes that could fill the page starting at `start`: a paragraph that begins on the page or just
 * after it set in one or two lines fewer or more, or without a hyphen near the page foot, a flexible space (before a question, around a
 * pull quote) one line taller or dropped.
 */
function candidates(els: FlowEl[], start: number, now: PageEnd, grid: number): Change[] {
  const singles: Change[] = [];
  const seen = new Set<Reflowable>();
  const reach = Math.min(els.length, now.overflow + 4);
  for (let k = start; k < reach; k++) {
    const el = els[k]!;
    if (el.kind === 'space' && el.flex && k < now.overflow) {
      singles.push({ space: el, height: el.height + grid, cost: SPACE_GROWN });
      if (el.height > 0) singles.push({ space: el, height: 0, cost: SPACE_DROPPED });
    }
    if (el.kind !== 'line' || !el.para || seen.has(el.para)) continue;
    seen.add(el.para);
    // A paragraph begun on an earlier page is not set again: those lines are placed.
    if (k - el.index < start) continue;
    for (const d of [-1, 1, -2, 2]) {
      const n = el.count + d;
      if (n >= 1 && el.para.setIn(n)) singles.push({ para: el.para, lines: n, plain: 0, cost: el.para.cost(n) });
    }
    // The same lines without a hyphen up to just past the page foot, so the page can end there.
    const foot = now.overflow - (k - el.index);
    const plain = Math.min(el.count - 1, foot + 2);
    if (foot >= 0 && plain > 0)
      for (const n of [el.count, el.count - 1, el.count + 1]) if (el.para.setIn(n, plain)) singles.push({ para: el.para, lines: n, plain, cost: el.para.cost(n, plain) });
  }
  return singles;
}

/** The cheapest set of up to `most` changes (on different paragraphs or spaces) after which `ok()` holds. */
function cheapest(els: FlowEl[], singles: Change[], most: number, ok: () => boolean): Change[] | null {
  const target = (c: Change) => ('para' in c ? c.para : c.space);
  let best: Change[] | null = null;
  let bestCost = Infinity;
  const search = (from: number, chosen: Change[], cost: number, size: number) => {
    if (chosen.length === size) {
      const undo = chosen.map((c) => apply(els, c));
      const good = ok();
      for (let u = undo.length - 1; u >= 0; u--) undo[u]!();
      if (good) [best, bestCost] = [chosen.slice(), cost];
      return;
    }
    for (let k = from; k < singles.length; k++) {
      const c = singles[k]!;
      if (cost + c.cost >= bestCost || chosen.some((o) => target(o) === target(c))) continue;
      chosen.push(c);
      search(k + 1, chosen, cost + c.cost, size);
      chosen.pop();
    }
  };
  // Fewer changes first: one, else two, else three.
  for (let size = 1; size <= most && !best; size++) search(0, [], 0, size);
  return best;
}

/** The cheapest changes that make the short page at `start` full (or the part's last), or null. */
function fillChanges(els: FlowEl[], start: number, room: number, grid: number): Change[] | null {
  const singles = candidates(els, start, pageEnd(els, start, room), grid);
  return cheapest(els, singles, 3, () => !isShort(els, pageEnd(els, start, room), room, grid));
}

/**
 * Changes on the full page at `prev` that keep it full but end it elsewhere, so that the page after
 * it can be filled; or null.
 */
function rework(els: FlowEl[], prev: number, prevRoom: number, room: number, grid: number): Change[] | null {
  const before = pageEnd(els, prev, prevRoom).end;
  const singles = candidates(els, prev, pageEnd(els, prev, prevRoom), grid);
  return cheapest(els, singles, 2, () => {
    const r = pageEnd(els, prev, prevRoom);
    if (isShort(els, r, prevRoom, grid) || r.end === before) return false;
    const next = skipSpaces(els, r.end);
    if (next >= els.length || !isShort(els, pageEnd(els, next, room), room, grid)) return true;
    return fillChanges(els, next, room, grid) !== null;
  });
}

/** Make a change in `els`; returns the undo. */
function apply(els: FlowEl[], c: Change): () => void {
  if ('space' in c) {
    const { space } = c;
    const old = space.height;
    space.height = c.height;
    return () => {
      space.height = old;
    };
  }
  const lines = c.para.setIn(c.lines, c.plain)!;
  const from = els.findIndex((e) => e.kind === 'line' && e.para === c.para);
  const count = (els[from] as LineEl).count;
  const old = els.splice(from, count, ...lines);
  return () => {
    els.splice(from, lines.length, ...old);
  };
}
