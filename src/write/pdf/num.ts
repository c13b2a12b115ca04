/**
 * Colour operands for content streams. Plain decimal notation only (PDF has no exponents); values
 * are rounded so that the same input always gives the same bytes. Coordinates and TJ adjustments
 * are written as bytes by content.ts.
 */
import type { Cmyk } from '../../template/types.js';

/** Operands of `k` / `K`: CMYK percentages (0–100) as 0–1 values, clamped. */
export function cmykOperands(c: Cmyk): string {
  return `${unit(c[0])} ${unit(c[1])} ${unit(c[2])} ${unit(c[3])}`;
}

function unit(pct: number): string {
  if (!Number.isFinite(pct)) throw new Error(`PDF writer: bad CMYK value: ${pct}`);
  const v = pct <= 0 ? 0 : pct >= 100 ? 1 : pct / 100;
  return String(Math.round(v * 10000) / 10000);
}
