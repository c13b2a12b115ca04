/**
 * The box/glue/penalty model of Knuth & Plass, shared by every line breaker.
 * Widths in pt. A breaker only reads widths; `content` is carried for the line setter.
 */

export interface BoxItem<T> {
  type: 'box';
  width: number;
  content: T;
}

export interface GlueItem {
  type: 'glue';
  width: number;
  stretch: number;
  shrink: number;
}

export interface PenaltyItem<T> {
  type: 'penalty';
  /** Width added to the line when the break is taken here (a hyphen). */
  width: number;
  /** Cost of breaking here; ≥ INFINITY forbids, ≤ -INFINITY forces. */
  penalty: number;
  /** A flagged break (hyphen): two in a row cost extra demerits. */
  flagged: boolean;
  /** Drawn at the end of the line when the break is taken here (the hyphen). */
  content?: T;
}

export type Item<T> = BoxItem<T> | GlueItem | PenaltyItem<T>;

export const INFINITY = 10000;

export interface BreakParams {
  /** Largest adjustment ratio accepted (TeX's tolerance is 100·r³; here r itself). */
  tolerance: number;
  /** Extra demerits for two flagged breaks in a row. */
  consecutiveFlaggedDemerits: number;
  /** Extra demerits for lines of very different tightness next to each other. */
  fitnessDemerits: number;
  /** Ask for exactly this many lines (TeX's looseness): the best such set of breaks, or none. */
  lines?: number;
  /** The first this many lines do not end with a flagged break (no hyphen where a page may end). */
  plainLines?: number;
}

export interface LineBreak {
  /** Index of the item where the line ends (a glue or penalty). */
  position: number;
  /** Adjustment ratio of the line that ends here (negative: shrunk). */
  ratio: number;
}

/** Adjustment ratio of items[from..to) ending at break `to`. */
export function adjustmentRatio<T>(items: Item<T>[], from: number, to: number, width: number): number {
  let w = 0;
  let stretch = 0;
  let shrink = 0;
  for (let i = from; i < to; i++) {
    const it = items[i]!;
    if (it.type === 'box') w += it.width;
    else if (it.type === 'glue') {
      w += it.width;
      stretch += it.stretch;
      shrink += it.shrink;
    }
  }
  const end = items[to];
  if (end && end.type === 'penalty') w += end.width;
  if (w < width) return stretch > 0 ? (width - w) / stretch : INFINITY;
  if (w > width) return shrink > 0 ? (width - w) / shrink : -INFINITY;
  return 0;
}
