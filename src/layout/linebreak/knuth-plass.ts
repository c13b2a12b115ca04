/**
 * Total-fit paragraph breaking (Knuth & Plass 1981): every feasible breakpoint is considered and
 * the set of breaks with the fewest total demerits over the whole paragraph wins.
 */
import { INFINITY, type BreakParams, type Item, type LineBreak } from './types.js';

interface Node {
  position: number;
  line: number;
  fitness: number;
  width: number;
  stretch: number;
  shrink: number;
  demerits: number;
  ratio: number;
  flagged: boolean;
  prev: Node | null;
}

const LINE_PENALTY = 10;

function fitnessClass(r: number): number {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

/** Returns the breaks, or null when no set of lines fits within the tolerance. */
export function knuthPlass<T>(items: Item<T>[], lineWidth: (line: number) => number, params: BreakParams): LineBreak[] | null {
  let active: Node[] = [{ position: -1, line: 0, fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, flagged: false, prev: null }];
  let sumW = 0;
  let sumY = 0;
  let sumZ = 0;

  const tryBreak = (i: number, penalty: number, penaltyWidth: number, flagged: boolean) => {
    const forced = penalty <= -INFINITY;
    // Best candidate per fitness class (and per line number when an exact count is asked for).
    const best = new Map<number, Node>();
    const next: Node[] = [];
    for (const a of active) {
      const target = lineWidth(a.line);
      const w = sumW - a.width + penaltyWidth;
      let r: number;
      if (w < target) {
        const y = sumY - a.stretch;
        r = y > 0 ? (target - w) / y : INFINITY;
      } else if (w > target) {
        const z = sumZ - a.shrink;
        r = z > 0 ? (target - w) / z : -INFINITY;
      } else r = 0;

      if (r < -1 || forced) {
        // a cannot start a line that reaches beyond i: drop it (after considering a forced break)
      } else next.push(a);
      if (r < -1 || r > params.tolerance) continue;
      if (flagged && params.plainLines !== undefined && a.line < params.plainLines) continue;

      const badness = 100 * Math.abs(r) ** 3;
      let d: number;
      if (penalty >= 0) d = (LINE_PENALTY + badness) ** 2 + penalty ** 2;
      else if (!forced) d = (LINE_PENALTY + badness) ** 2 - penalty ** 2;
      else d = (LINE_PENALTY + badness) ** 2;
      if (flagged && a.flagged) d += params.consecutiveFlaggedDemerits;
      const fc = fitnessClass(r);
      if (Math.abs(fc - a.fitness) > 1) d += params.fitnessDemerits;
      d += a.demerits;
      if (params.lines !== undefined && a.line + 1 > params.lines) continue;
      const key = params.lines === undefined ? fc : fc + 4 * (a.line + 1);
      const cur = best.get(key);
      if (!cur || d < cur.demerits) {
        best.set(key, { position: i, line: a.line + 1, fitness: fc, width: 0, stretch: 0, shrink: 0, demerits: d, ratio: r, flagged, prev: a });
      }
    }
    // Totals after the break: discardable items that follow are skipped.
    let w = sumW;
    let y = sumY;
    let z = sumZ;
    for (let j = i; j < items.length; j++) {
      const it = items[j]!;
      if (it.type === 'box') break;
      if (it.type === 'glue') {
        w += it.width;
        y += it.stretch;
        z += it.shrink;
      } else if (it.penalty <= -INFINITY && j > i) break;
    }
    for (const b of best.values()) {
      b.width = w;
      b.stretch = y;
      b.shrink = z;
      next.push(b);
    }
    active = next;
  };

  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.type === 'box') sumW += it.width;
    else if (it.type === 'glue') {
      if (i > 0 && items[i - 1]!.type === 'box') tryBreak(i, 0, 0, false);
      sumW += it.width;
      sumY += it.stretch;
      sumZ += it.shrink;
    } else if (it.penalty < INFINITY) {
      tryBreak(i, it.penalty, it.width, it.flagged);
    }
    if (active.length === 0) return null;
  }

  let end: Node | null = null;
  for (const a of active) if (a.position === items.length - 1 && (params.lines === undefined || a.line === params.lines) && (!end || a.demerits < end.demerits)) end = a;
  if (!end) return null;
  const breaks: LineBreak[] = [];
  for (let n: Node | null = end; n && n.position >= 0; n = n.prev) breaks.push({ position: n.position, ratio: n.ratio });
  return breaks.reverse();
}
