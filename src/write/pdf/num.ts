/**
 * Number and colour formatting for content streams. Plain decimal notation only (PDF has no
 * exponents); values are rounded so that the same input always gives the same bytes.
 */
import type { Cmyk } from '../../template/types.js';

/** A coordinate or length, rounded to 1/1000 pt. */
export function n3(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`PDF writer: not a finite number: ${v}`);
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? '0' : String(r);
}

/** A TJ adjustment (thousandths of text space), rounded to 1/100. */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Operands of `k` / `K`: CMYK percentages (0–100) as 0–1 values, clamped. */
export function cmykOperands(c: Cmyk): string {
  return `${unit(c[0])} ${unit(c[1])} ${unit(c[2])} ${unit(c[3])}`;
}

function unit(pct: number): string {
  if (!Number.isFinite(pct)) throw new Error(`PDF writer: bad CMYK value: ${pct}`);
  const v = pct <= 0 ? 0 : pct >= 100 ? 1 : pct / 100;
  return String(Math.round(v * 10000) / 10000);
}
