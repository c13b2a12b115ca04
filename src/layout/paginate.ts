/**
 * Flow → pages: fill each page's text block top to bottom. When an element does not fit,
 * the page ends before it, moved back past every element that must stay with the next one
 * (keepWithNext); a space at the top of a page is dropped.
 */
import type { FlowEl, LineEl, Reflowable } from './flow.js';

export interface PlacedEl {
  el: FlowEl;
  /** Top of the element from the top of the text block, pt. */
  y: number;
}

/**
 * @param firstHeight room on the first page (an opener page may have less)
 * @param height room on every following page
 * @param grid baseline grid step: a page that the keep rules leave short by whole lines, with more
 *   to come, is filled by setting paragraphs of that page one line longer (within tolerance).
 *   `els` is then modified in place.
 */
export function paginate(els: FlowEl[], firstHeight: number, height: number, grid = 0): PlacedEl[][] {
  const pages: PlacedEl[][] = [];
  let start = 0;
  let refilled = -1;
  while (start < els.length) {
    const room = pages.length === 0 ? firstHeight : height;
    // Skip spaces at the top of a page (not the padding that keeps a block on the grid).
    while (start < els.length && els[start]!.kind === 'space' && !(els[start] as { sticky?: boolean }).sticky) start++;
    if (start >= els.length) break;
    let y = 0;
    let i = start;
    while (i < els.length && y + els[i]!.height <= room + 0.01) {
      y += els[i]!.height;
      i++;
    }
    let end = i;
    if (i < els.length) {
      // Move the break back past elements that keep with the next one.
      let b = i;
      while (b > start + 1 && (els[b - 1]!.keepWithNext || els[b - 1]!.kind === 'space')) b--;
      if (b > start + 1 || (b === start + 1 && !els[start]!.keepWithNext)) end = b;
      if (end === start) end = Math.max(i, start + 1); // an element taller than a page: place it alone
    }
    if (grid > 0 && end < els.length && refilled !== start && fill(els, start, end, room, grid)) {
      refilled = start;
      continue;
    }
    const page: PlacedEl[] = [];
    let yy = 0;
    for (let k = start; k < end; k++) {
      page.push({ el: els[k]!, y: yy });
      yy += els[k]!.height;
    }
    // Trailing spaces carry nothing.
    while (page.length && page[page.length - 1]!.el.kind === 'space') page.pop();
    pages.push(page);
    start = end;
  }
  return pages;
}

/** Make paragraphs lying wholly on the page [start, end) one line longer until it is full. */
function fill(els: FlowEl[], start: number, end: number, room: number, grid: number): boolean {
  let used = 0;
  let last = start;
  for (let k = start; k < end; k++) {
    used += els[k]!.height;
    if (els[k]!.kind !== 'space') last = k;
  }
  for (let k = last + 1; k < end; k++) used -= els[k]!.height;
  let short = Math.round((room - used) / grid);
  if (short < 1) return false;
  // Paragraphs whose first and last lines are both on the page, from the bottom up.
  const whole: Reflowable[] = [];
  const seen = new Set<Reflowable>();
  for (let k = end - 1; k >= start; k--) {
    const el = els[k]!;
    if (el.kind !== 'line' || !el.para || seen.has(el.para)) continue;
    if (el.index === el.count - 1) {
      const first = k - (el.count - 1);
      if (first >= start && els[first]!.kind === 'line' && (els[first] as LineEl).para === el.para) whole.push(el.para);
    }
    seen.add(el.para);
  }
  let changed = false;
  for (const para of whole) {
    if (short === 0) break;
    const more = para.looser();
    if (!more) continue;
    const from = els.findIndex((e) => e.kind === 'line' && e.para === para);
    const count = (els[from] as LineEl).count;
    els.splice(from, count, ...more);
    short--;
    changed = true;
  }
  return changed;
}
