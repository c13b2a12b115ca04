/**
 * Total-fit paragraph breaking (Knuth & Plass 1981): every feasible breakpoint is considered and
 * the set of breaks with the fewest total demerits over the whole paragraph wins.
 */
import { INFINITY, type BreakParams, type Item, type LineBreak } from './types.js';

/**
 * The nodes of a run (feasible breaks), in columns reused by every run: a node is its index. A
 * paragraph set to an exact line count makes tens of thousands; as objects they were a tenth of a
 * build's allocations.
 */
const pool = {
  size: 0,
  position: new Int32Array(1024),
  line: new Int32Array(1024),
  fitness: new Uint8Array(1024),
  flagged: new Uint8Array(1024),
  /** The node before, -1 for none. */
  prev: new Int32Array(1024),
  /** Totals after the break. */
  width: new Float64Array(1024),
  stretch: new Float64Array(1024),
  shrink: new Float64Array(1024),
  demerits: new Float64Array(1024),
  ratio: new Float64Array(1024),
};

function newNode(position: number, line: number, fitness: number, width: number, stretch: number, shrink: number, demerits: number, ratio: number, flagged: boolean, prev: number): number {
  const p = pool;
  if (p.size === p.position.length) growPool();
  const n = p.size++;
  p.position[n] = position;
  p.line[n] = line;
  p.fitness[n] = fitness;
  p.width[n] = width;
  p.stretch[n] = stretch;
  p.shrink[n] = shrink;
  p.demerits[n] = demerits;
  p.ratio[n] = ratio;
  p.flagged[n] = flagged ? 1 : 0;
  p.prev[n] = prev;
  return n;
}

function growPool(): void {
  const p = pool;
  const size = p.position.length * 2;
  const more = <A extends Int32Array | Uint8Array | Float64Array>(a: A, make: (n: number) => A): A => {
    const b = make(size);
    b.set(a);
    return b;
  };
  const i32 = (n: number) => new Int32Array(n);
  const u8 = (n: number) => new Uint8Array(n);
  const f64 = (n: number) => new Float64Array(n);
  p.position = more(p.position, i32);
  p.line = more(p.line, i32);
  p.fitness = more(p.fitness, u8);
  p.flagged = more(p.flagged, u8);
  p.prev = more(p.prev, i32);
  p.width = more(p.width, f64);
  p.stretch = more(p.stretch, f64);
  p.shrink = more(p.shrink, f64);
  p.demerits = more(p.demerits, f64);
  p.ratio = more(p.ratio, f64);
}

/** Active lists (node indices): the current one and the next, swapped at each break. */
let lists = [new Int32Array(256), new Int32Array(256)];

const LINE_PENALTY = 10;
const NEG_INFINITY = -INFINITY;

function fitnessClass(r: number): number {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

/** Returns the breaks, or null when no set of lines fits within the tolerance. */
export function knuthPlass<T>(items: Item<T>[], lineWidth: (line: number) => number, params: BreakParams): LineBreak[] | null {
  const count = run(items, lineWidth, params);
  return count < 0 ? null : best(count, items.length - 1, params.lines);
}

/**
 * The breaks in exactly `m` lines for every m from `from` to `params.lines` (index m - from; null
 * where there is none), from one run: the nodes of the lines up to m are the same, made in the same
 * order, as in a run asked for exactly m lines (a node only leads to nodes of later lines), so each
 * set is the one `knuthPlass` gives for m lines.
 */
export function knuthPlassByCount<T>(items: Item<T>[], lineWidth: (line: number) => number, params: BreakParams & { lines: number }, from: number): (LineBreak[] | null)[] {
  const count = run(items, lineWidth, params);
  const out: (LineBreak[] | null)[] = [];
  for (let m = from; m <= params.lines; m++) out.push(count < 0 ? null : best(count, items.length - 1, m));
  return out;
}

/** The active list after a run (`run` leaves it here). */
let ended = lists[0]!;

/** Runs the breaker over `items`; returns the number of nodes left in `ended`, or -1 when no set of lines fits. */
function run<T>(items: Item<T>[], lineWidth: (line: number) => number, params: BreakParams): number {
  const P = pool;
  P.size = 0;
  let active = lists[0]!;
  let spare = lists[1]!;
  active[0] = newNode(-1, 0, 1, 0, 0, 0, 0, 0, false, -1);
  let count = 1;
  const { tolerance, plainLines, lines, consecutiveFlaggedDemerits, fitnessDemerits } = params;
  // The best candidate of a break per key (fitness class, and line with an exact count), in the
  // order the keys were first met; a node is made only for each key's winner.
  const slots = lines === undefined ? 4 : 4 * (lines + 2);
  const bestD = new Float64Array(slots);
  const bestR = new Float64Array(slots);
  const bestFc = new Uint8Array(slots);
  /** The node each key's best candidate comes from, -1 for none. */
  const bestFrom = new Int32Array(slots).fill(-1);
  const keys = new Uint32Array(slots);
  let nKeys = 0;
  // The measure of each line, asked once.
  const widths: number[] = [];
  // No closure over the running sums (numbers held in a closure's context are boxed on each change).
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
      // The next list holds at most the active nodes and one new node per key.
      if (spare.length < count + slots) {
        spare = new Int32Array(Math.max(spare.length * 2, count + slots));
        lists = [active, spare];
      }
      const next = spare;
      let n = 0;
      for (let ai = 0; ai < count; ai++) {
        const a = active[ai]!;
        const aLine = P.line[a]!;
        let target = widths[aLine];
        if (target === undefined) target = widths[aLine] = lineWidth(aLine);
        const w = sumW - P.width[a]! + penaltyWidth;
        let r: number;
        if (w < target) {
          const y = sumY - P.stretch[a]!;
          r = y > 0 ? (target - w) / y : INFINITY;
        } else if (w > target) {
          const z = sumZ - P.shrink[a]!;
          r = z > 0 ? (target - w) / z : NEG_INFINITY;
        } else r = 0;

        if (r < -1 || forced) {
          // a cannot start a line that reaches beyond i: drop it (after considering a forced break)
        } else next[n++] = a;
        if (r < -1 || r > tolerance) continue;
        if (flagged && plainLines !== undefined && aLine < plainLines) continue;

        const badness = 100 * Math.abs(r) ** 3;
        let d: number;
        if (penalty >= 0) d = (LINE_PENALTY + badness) ** 2 + penalty ** 2;
        else if (!forced) d = (LINE_PENALTY + badness) ** 2 - penalty ** 2;
        else d = (LINE_PENALTY + badness) ** 2;
        if (flagged && P.flagged[a]) d += consecutiveFlaggedDemerits;
        const fc = fitnessClass(r);
        if (Math.abs(fc - P.fitness[a]!) > 1) d += fitnessDemerits;
        d += P.demerits[a]!;
        if (lines !== undefined && aLine + 1 > lines) continue;
        const key = lines === undefined ? fc : fc + 4 * (aLine + 1);
        const cur = bestFrom[key]!;
        if (cur < 0) keys[nKeys++] = key;
        if (cur < 0 || d < bestD[key]!) {
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
          next[n++] = newNode(i, P.line[a]! + 1, bestFc[key]!, w, y, z, bestD[key]!, bestR[key]!, flagged, a);
          bestFrom[key] = -1;
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
    if (count === 0) return -1;
  }
  ended = active;
  return count;
}

/** The breaks of the best end of a run at `lastPos` (in `lines` lines when given), or null. */
function best(count: number, lastPos: number, lines: number | undefined): LineBreak[] | null {
  const P = pool;
  const active = ended;
  // The best end (the first of equals); every read below is made on each run, so that the code
  // optimised for the common case has no path that it has not seen yet.
  let end = -1;
  let endD = Infinity;
  for (let ai = 0; ai < count; ai++) {
    const a = active[ai]!;
    if (P.position[a] !== lastPos || (lines !== undefined && P.line[a] !== lines)) continue;
    const d = P.demerits[a]!;
    if (end < 0 || d < endD) {
      end = a;
      endD = d;
    }
  }
  if (end < 0) return null;
  const breaks: LineBreak[] = [];
  for (let n = end; n >= 0 && P.position[n]! >= 0; n = P.prev[n]!) breaks.push({ position: P.position[n]!, ratio: P.ratio[n]! });
  return breaks.reverse();
}
