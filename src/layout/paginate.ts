/**
 * Flow → pages: fill each page's text block top to bottom. When an element does not fit,
 * the page ends before it, moved back past every element that must stay with the next one
 * (keepWithNext); a space at the top of a page is dropped.
 */
import type { FlowEl } from './flow.js';

export interface PlacedEl {
  el: FlowEl;
  /** Top of the element from the top of the text block, pt. */
  y: number;
}

/**
 * @param firstHeight room on the first page (an opener page may have less)
 * @param height room on every following page
 */
export function paginate(els: FlowEl[], firstHeight: number, height: number): PlacedEl[][] {
  const pages: PlacedEl[][] = [];
  let start = 0;
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
