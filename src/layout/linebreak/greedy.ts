/**
 * First-fit line breaking: each line takes as many words as fit, one line at a time.
 * Kept to compare with Knuth–Plass, for ragged text, and as the last resort when no total-fit
 * solution exists (an unbreakable word wider than the measure).
 */
import { INFINITY, adjustmentRatio, type Item, type LineBreak } from './types.js';

export function greedy<T>(items: Item<T>[], lineWidth: (line: number) => number, maxHyphensInRow = 2): LineBreak[] {
  const breaks: LineBreak[] = [];
  let start = 0;
  let lastFeasible = -1;
  const isHyphen = (k: number) => {
    const p = items[k];
    return !!p && p.type === 'penalty' && p.flagged && p.width > 0;
  };
  const hyphensBefore = () => {
    let n = 0;
    for (let k = breaks.length - 1; k >= 0 && isHyphen(breaks[k]!.position); k--) n++;
    return n;
  };
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    let feasible = (it.type === 'glue' && i > 0 && items[i - 1]!.type === 'box') || (it.type === 'penalty' && it.penalty < INFINITY);
    // No more than `maxHyphensInRow` hyphenated lines in a row.
    if (feasible && isHyphen(i) && hyphensBefore() >= maxHyphensInRow) feasible = false;
    if (!feasible) continue;
    const width = lineWidth(breaks.length);
    const r = adjustmentRatio(items, start, i, width);
    const forced = it.type === 'penalty' && it.penalty <= -INFINITY;
    if (r < -1 && lastFeasible >= 0) {
      // Line too full: break at the previous opportunity, then look at this one again.
      breaks.push({ position: lastFeasible, ratio: adjustmentRatio(items, start, lastFeasible, width) });
      start = skipDiscardable(items, lastFeasible);
      lastFeasible = -1;
      i = start - 1;
      continue;
    }
    if (forced || r < -1) {
      breaks.push({ position: i, ratio: r });
      start = skipDiscardable(items, i);
      lastFeasible = -1;
      if (start > i + 1) i = start - 1;
      continue;
    }
    lastFeasible = i;
  }
  return breaks;
}

/** First item of the next line: glue and penalties after a break are dropped. */
export function skipDiscardable<T>(items: Item<T>[], brk: number): number {
  let j = brk + 1;
  while (j < items.length && items[j]!.type !== 'box' && !(items[j]!.type === 'penalty' && (items[j] as { penalty: number }).penalty <= -INFINITY)) j++;
  return j;
}
