/**
 * Flow → pages: fill each page's text block top to bottom. When an element does not fit, the page
 * ends before it, moved back past every element that must stay with the next one (keepWithNext,
 * and the second-to-last line of the part: no page holds only the last line); a space at the top of
 * a page is dropped.
 *
 * Footnotes go to the foot of the page that calls them, under a short rule, in whole grid lines
 * (so the text above still ends on the grid): a line goes on a page only with its notes, or with
 * the first two lines of a note whose rest continues at the foot of the next page.
 *
 * On a baseline grid, a page that these rules leave short while more of the part follows is made
 * full, as a compositor would: the cheapest of up to three changes — a paragraph of the page (or
 * the one that did not fit) set a line or two tighter or looser, or without a hyphen near the foot
 * (Knuth–Plass with an exact line count, within tolerance), a flexible space one grid line taller or
 * dropped; failing that, the previous page is set again so that it ends elsewhere.
 */
import type { FlowEl, ImageEl, LineEl, Reflowable, SpaceEl } from './flow.js';

export interface PlacedEl {
  el: FlowEl;
  /** Top of the element from the top of the text block, pt. */
  y: number;
  /** In the notes at the page foot (the first one, a space, is the top of the area they take). */
  foot?: boolean;
}

/** The notes of a part, set at the foot of the page that calls them. */
export interface FootNotes {
  /** The lines of each note, by number. */
  lines: Map<number, FlowEl[]>;
  /** White above the rule (at least) and between the rule and the first note, pt. */
  above: number;
  below: number;
  /** Length of the rule, pt. */
  rule: number;
}

interface Part {
  els: FlowEl[];
  grid: number;
  notes?: FootNotes;
}

interface PageEnd {
  /** First element of the next page. */
  end: number;
  /** Height used by the page's text and notes (trailing spaces left out), pt. */
  used: number;
  /** First element that did not fit (els.length when everything did). */
  overflow: number;
  /** Height of the text (without the notes). */
  body: number;
  /** Note lines at the foot of this page, and those that continue at the foot of the next. */
  foot: FlowEl[];
  carry: FlowEl[];
}

/**
 * @param firstHeight room on the first page (an opener page may have less)
 * @param height room on every following page
 * @param grid baseline grid step, or 0: when given, short pages are filled by setting paragraphs
 *   and spaces again, and `els` is modified in place.
 * @param notes the part's footnotes, set at the foot of the page of their call
 */
export function paginate(els: FlowEl[], firstHeight: number, height: number, grid = 0, notes?: FootNotes): PlacedEl[][] {
  const part: Part = { els, grid, notes };
  const pages: PlacedEl[][] = [];
  const starts: number[] = [];
  const carries: FlowEl[][] = [];
  const reworked = new Set<number>();
  let start = 0;
  let carry: FlowEl[] = [];
  while (start < els.length || carry.length) {
    const room = pages.length === 0 ? firstHeight : height;
    start = skipSpaces(els, start);
    let r = pageEnd(part, start, room, carry);
    if (grid > 0 && isShort(part, r, room)) {
      const changes = fillChanges(part, start, room, carry);
      if (changes) {
        for (const c of changes) apply(els, c);
        r = pageEnd(part, start, room, carry);
      } else if (pages.length > 0 && !reworked.has(pages.length)) {
        // No change on this page fills it: set the previous page again so that it ends elsewhere.
        reworked.add(pages.length);
        const prev = starts[pages.length - 1]!;
        const prevRoom = pages.length === 1 ? firstHeight : height;
        const again = rework(part, prev, prevRoom, height, carries[pages.length - 1]!);
        if (again) {
          for (const c of again) apply(els, c);
          pages.pop();
          starts.pop();
          carry = carries.pop()!;
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
    if (notes && r.foot.length) page.push(...placeFoot(notes, r.foot, room, grid, r.carry.length > 0 ? room - r.body : 0));
    pages.push(page);
    starts.push(start);
    carries.push(carry);
    if (r.end === start && !r.foot.length) break; // nothing placed: never loop
    start = r.end;
    carry = r.carry;
  }
  return pages;
}

/** Spaces at the top of a page are dropped (not the padding that puts the block below on the grid). */
function skipSpaces(els: FlowEl[], start: number): number {
  while (start < els.length && els[start]!.kind === 'space' && (!(els[start] as SpaceEl).sticky || (els[start] as SpaceEl).closes)) start++;
  return start;
}

/** A page that ends above its last baseline while more of the part follows. */
function isShort(part: Part, r: PageEnd, room: number): boolean {
  return r.end < part.els.length && room - r.used > part.grid / 2;
}

/** Height the notes take at the foot: their lines, the rule and its white, in whole grid lines. */
function footHeight(part: Part, lines: number): number {
  if (lines <= 0 || !part.notes) return 0;
  const h = part.notes.above + part.notes.below + lines;
  return part.grid > 0 ? Math.ceil(h / part.grid - 1e-6) * part.grid : h;
}

/** The notes called on an element that were not called before `start` nor already counted in `seen`. */
function newNotes(part: Part, el: FlowEl, before: Set<number>, seen: Set<number>): number[] {
  if (!part.notes || el.kind !== 'line' || !el.notes) return [];
  return el.notes.filter((n) => !before.has(n) && !seen.has(n) && part.notes!.lines.has(n));
}

/** Where the page starting at `start`, with `carry` note lines from the page before, ends. */
function pageEnd(part: Part, start: number, room: number, carry: FlowEl[]): PageEnd {
  const { els, notes } = part;
  const before = new Set<number>();
  if (notes) for (let k = 0; k < start; k++) for (const n of (els[k] as LineEl).notes ?? []) before.add(n);
  const heightOf = (lines: FlowEl[]) => lines.reduce((a, l) => a + l.height, 0);
  const noteLines = (n: number) => notes!.lines.get(n)!;

  // What the notes need at the foot: all of them (`full`), or with the last one cut after its
  // second line (`least`), its rest continuing on the next page. Once a note is cut, a line that
  // calls another note ends the page (notes keep their order).
  const first2 = (lines: FlowEl[]) => heightOf(lines.slice(0, 2));
  let full = heightOf(carry);
  let least = carry.length ? first2(carry) : 0;
  let cut = false;
  let y = 0;
  const seen = new Set<number>();
  let i = start;
  while (i < els.length) {
    const el = els[i]!;
    const add = newNotes(part, el, before, seen);
    if (cut && add.length) break;
    const addH = add.reduce((a, n) => a + heightOf(noteLines(n)), 0);
    const fits = (foot: number) => y + el.height + footHeight(part, foot) <= room + 0.01;
    if (!cut && fits(full + addH)) {
      if (add.length) least = full + addH - heightOf(noteLines(add[add.length - 1]!)) + first2(noteLines(add[add.length - 1]!));
      full += addH;
    } else if (add.length === 1 && fits(full + first2(noteLines(add[0]!)))) {
      least = full + first2(noteLines(add[0]!));
      full += addH;
      cut = true;
    } else if (!add.length && fits(least)) cut = true;
    else break;
    y += el.height;
    for (const n of add) seen.add(n);
    i++;
  }
  let end = i;
  if (i < els.length) {
    // The second-to-last line of the part keeps with the last one.
    let lastTwo = -1;
    for (let k = els.length - 1, lines = 0; k >= 0; k--)
      if (els[k]!.kind === 'line' && ++lines === 2) {
        lastTwo = k;
        break;
      }
    const keeps = (k: number) => els[k]!.keepWithNext || k === lastTwo;
    // Move the break back past elements that keep with the next one.
    let b = i;
    while (b > start + 1 && (keeps(b - 1) || els[b - 1]!.kind === 'space')) b--;
    if (b > start + 1 || (b === start + 1 && !keeps(start))) end = b;
    // An element taller than a page is placed alone (not on a page that only continues notes).
    if (end === start && !(carry.length && start > 0)) end = Math.max(i, start + 1);
    end = Math.min(end, els.length);
  }
  let body = 0;
  for (let k = start; k < end; k++) body += els[k]!.height;
  // The padding that completes the page's last block to whole grid lines ends the page with it.
  while (end < els.length && els[end]!.kind === 'space' && (els[end] as SpaceEl).closes && body + els[end]!.height <= room + 0.01) body += els[end++]!.height;
  body = 0;
  let last = start;
  for (let k = start; k < end; k++) if (els[k]!.kind !== 'space' || (els[k] as SpaceEl).sticky) last = k + 1;
  for (let k = start; k < last; k++) body += els[k]!.height;
  if (!notes) return { end, used: body, overflow: i, body, foot: [], carry: [] };

  // The notes of this page after those that continue from the page before, as far as they fit.
  const all = [...carry];
  seen.clear();
  for (let k = start; k < end; k++) for (const n of newNotes(part, els[k]!, before, seen)) {
    seen.add(n);
    all.push(...noteLines(n));
  }
  let h = 0;
  let k = 0;
  while (k < all.length && body + footHeight(part, h + all[k]!.height) <= room + 0.01) h += all[k++]!.height;
  const foot = all.slice(0, k);
  const rest = all.slice(k);
  return { end, used: rest.length ? room : body + footHeight(part, h), overflow: i, body, foot, carry: rest };
}

/**
 * The foot of a page: the top of the area the notes take (a space), the rule, the note lines,
 * the last one on the last line of the text block.
 * @param area the height of the area when the notes continue on the next page (they fill it)
 */
function placeFoot(notes: FootNotes, lines: FlowEl[], room: number, grid: number, area: number): PlacedEl[] {
  const h = lines.reduce((a, l) => a + l.height, 0);
  const content = notes.above + notes.below + h;
  const taken = area || (grid > 0 ? Math.ceil(content / grid - 1e-6) * grid : content);
  const top = room - taken;
  const ruleY = room - h - notes.below;
  const placed: PlacedEl[] = [
    { el: { kind: 'space', height: ruleY - top, keepWithNext: false, sticky: true }, y: top, foot: true },
    { el: { kind: 'rule', height: 0, width: notes.rule, keepWithNext: false }, y: ruleY, foot: true },
  ];
  let y = ruleY + notes.below;
  for (const l of lines) {
    placed.push({ el: l, y, foot: true });
    y += l.height;
  }
  return placed;
}

/** A paragraph set in another number of lines, or a flexible space set to another height. */
type Change =
  | { para: Reflowable; lines: number; plain: number; cost: number }
  | { space: SpaceEl; height: number; cost: number }
  | { image: ImageEl; height: number; cost: number };

/** What a space one grid line taller, or dropped, costs, against the growth of Σr² of a paragraph set again. */
const SPACE_GROWN = 4;
const SPACE_DROPPED = 8;
/** What an image one grid line shorter costs (two lines: twice that). */
const IMAGE_SHRUNK = 3;

/**
 * Changes that could fill the page starting at `start`: a paragraph that begins on the page or just
 * after it set in one or two lines fewer or more, or without a hyphen near the page foot; a flexible
 * space (before a question, around a pull quote, after the standfirst) one line taller or dropped;
 * an image on or just after the page one or two grid lines shorter.
 */
function candidates(part: Part, start: number, now: PageEnd): Change[] {
  const { els, grid } = part;
  const singles: Change[] = [];
  const seen = new Set<Reflowable>();
  const reach = Math.min(els.length, now.overflow + 4);
  for (let k = start; k < reach; k++) {
    const el = els[k]!;
    if (el.kind === 'space' && el.flex && k < now.overflow) {
      singles.push({ space: el, height: el.height + grid, cost: SPACE_GROWN });
      if (el.height > 0) singles.push({ space: el, height: 0, cost: SPACE_DROPPED });
    }
    if (el.kind === 'image' && el.flex && k < now.overflow + 1)
      for (const d of [1, 2]) if (el.height - d * grid >= el.flex.min) singles.push({ image: el, height: el.height - d * grid, cost: d * IMAGE_SHRUNK });
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
  const target = (c: Change) => ('para' in c ? c.para : 'space' in c ? c.space : c.image);
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
function fillChanges(part: Part, start: number, room: number, carry: FlowEl[]): Change[] | null {
  const singles = candidates(part, start, pageEnd(part, start, room, carry));
  return cheapest(part.els, singles, 3, () => !isShort(part, pageEnd(part, start, room, carry), room));
}

/**
 * Changes on the full page at `prev` that keep it full but end it elsewhere, so that the page after
 * it can be filled; or null.
 */
function rework(part: Part, prev: number, prevRoom: number, room: number, carry: FlowEl[]): Change[] | null {
  const now = pageEnd(part, prev, prevRoom, carry);
  const singles = candidates(part, prev, now);
  return cheapest(part.els, singles, 2, () => {
    const r = pageEnd(part, prev, prevRoom, carry);
    if (isShort(part, r, prevRoom) || r.end === now.end) return false;
    const next = skipSpaces(part.els, r.end);
    if (next >= part.els.length || !isShort(part, pageEnd(part, next, room, r.carry), room)) return true;
    return fillChanges(part, next, room, r.carry) !== null;
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
  if ('image' in c) {
    const { image } = c;
    const old = { height: image.height, width: image.width, x: image.x };
    image.width = (image.width * c.height) / image.height;
    if (image.flex?.align === 'center') image.x = old.x + (old.width - image.width) / 2;
    image.height = c.height;
    return () => Object.assign(image, old);
  }
  const lines = c.para.setIn(c.lines, c.plain)!;
  const from = els.findIndex((e) => e.kind === 'line' && e.para === c.para);
  const count = (els[from] as LineEl).count;
  const old = els.splice(from, count, ...lines);
  return () => {
    els.splice(from, lines.length, ...old);
  };
}
