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
  // No closure over the running sums (numbers held in a closure's context are boxed on each change).
  let active: Node[] = [{ position: -1, line: 0, fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, flagged: false, prev: null }];
  let count = 1;
  // The next active list, reused by every break (with its own count: emptying an array frees its storage).
  let spare: Node[] = [];
  const { tolerance, plainLines, lines, consecutiveFlaggedDemerits, fitnessDemerits } = params;
  // The best candidate of a break per key (fitness class, and line with an exact count), in the
  // order the keys were first met; a node is made only for each key's winner.
  const slots = lines === undefined ? 4 : 4 * (lines + 2);
  const bestD = new Float64Array(slots);
  const bestR = new Float64Array(slots);
  const bestFc = new Uint8Array(slots);
  const bestFrom: (Node | undefined)[] = new Array(slots).fill(undefined);
  const keys = new Uint32Array(slots);
  let nKeys = 0;
  // The measure of each line, asked once.
  const widths: number[] = [];
  let sumW = 0;
  let sumY = 0;
  let sumZ = 0;

  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    let penalty = 0;
    let penaltyWidth = 0;
    let flagged = false;
    let feasible = false;
    if (it.type === 'box') sumW += it.width;
    else if (it.type === 'glue') feasible = i > 0 && items[i - 1]!.type === 'box';
    else if (it.penalty < INFINITY) {
      feasible = true;
      penalty = it.penalty;
      penaltyWidth = it.width;
      flagged = it.flagged;
    }
    if (feasible) {
      // Try a break at i.
      const forced = penalty <= -INFINITY;
      nKeys = 0;
      const next = spare;
      let n = 0;
      for (let ai = 0; ai < count; ai++) {
        const a = active[ai]!;
        let target = widths[a.line];
        if (target === undefined) target = widths[a.line] = lineWidth(a.line);
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
        } else next[n++] = a;
        if (r < -1 || r > tolerance) continue;
        if (flagged && plainLines !== undefined && a.line < plainLines) continue;

        const badness = 100 * Math.abs(r) ** 3;
        let d: number;
        if (penalty >= 0) d = (LINE_PENALTY + badness) ** 2 + penalty ** 2;
        else if (!forced) d = (LINE_PENALTY + badness) ** 2 - penalty ** 2;
        else d = (LINE_PENALTY + badness) ** 2;
        if (flagged && a.flagged) d += consecutiveFlaggedDemerits;
        const fc = fitnessClass(r);
        if (Math.abs(fc - a.fitness) > 1) d += fitnessDemerits;
        d += a.demerits;
        if (lines !== undefined && a.line + 1 > lines) continue;
        const key = lines === undefined ? fc : fc + 4 * (a.line + 1);
        const cur = bestFrom[key];
        if (!cur) keys[nKeys++] = key;
        if (!cur || d < bestD[key]!) {
          bestD[key] = d;
          bestR[key] = r;
          bestFc[key] = fc;
          bestFrom[key] = a;
        }
      }
      if (nKeys) {
        // Totals after the break: discardable items that follow are skipped.
        let w = sumW;
        let y = sumY;
        let z = sumZ;
        for (let j = i; j < items.length; j++) {
          const jt = items[j]!;
          if (jt.type === 'box') break;
          if (jt.type === 'glue') {
            w += jt.width;
            y += jt.stretch;
            z += jt.shrink;
          } else if (jt.penalty <= -INFINITY && j > i) break;
        }
        for (let k = 0; k < nKeys; k++) {
          const key = keys[k]!;
          const a = bestFrom[key]!;
          next[n++] = { position: i, line: a.line + 1, fitness: bestFc[key]!, width: w, stretch: y, shrink: z, demerits: bestD[key]!, ratio: bestR[key]!, flagged, prev: a };
          bestFrom[key] = undefined;
        }
      }
      spare = active;
      active = next;
      count = n;
    }
    if (it.type === 'glue') {
      sumW += it.width;
      sumY += it.stretch;
      sumZ += it.shrink;
    }
    if (count === 0) return null;
  }

  let end: Node | null = null;
  for (let ai = 0; ai < count; ai++) {
    const a = active[ai]!;
    if (a.position === items.length - 1 && (lines === undefined || a.line === lines) && (!end || a.demerits < end.demerits)) end = a;
  }
  if (!end) return null;
  const breaks: LineBreak[] = [];
  for (let n: Node | null = end; n && n.position >= 0; n = n.prev) breaks.push({ position: n.position, ratio: n.ratio });
  return breaks.reverse();
}
