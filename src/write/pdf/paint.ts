/**
 * How template colours (CMYK percentages) become colour operators: as they are for print
 * (`k`/`K`, DeviceCMYK), or converted to RGB for the screen PDF (`rg`/`RG`, DeviceRGB).
 *
 * The screen conversion is the plain device formula, without a profile:
 *   R = (1 − C)(1 − K),  G = (1 − M)(1 − K),  B = (1 − Y)(1 − K)   (each 0–1)
 * so 100 % K is pure black (best contrast on screen) and white stays white; a press profile
 * would make 100 % K a dark grey. Values are rounded to 1/1000 so the bytes never vary.
 */
import type { Cmyk } from '../../template/types.js';
import { cmykOperands } from './num.js';

/** The operator that sets the fill or stroke colour, with its operands, e.g. `0 0 0 1 k`. */
export interface Paint {
  fill(c: Cmyk): string;
  stroke(c: Cmyk): string;
}

export const CMYK_PAINT: Paint = {
  fill: (c) => cmykOperands(c) + ' k',
  stroke: (c) => cmykOperands(c) + ' K',
};

/** A CMYK colour (percentages) as RGB values 0–1, by the formula above. */
export function cmykToRgb(c: Cmyk): [number, number, number] {
  const u = (pct: number) => {
    if (!Number.isFinite(pct)) throw new Error(`PDF writer: bad CMYK value: ${pct}`);
    return pct <= 0 ? 0 : pct >= 100 ? 1 : pct / 100;
  };
  const k = 1 - u(c[3]);
  return [(1 - u(c[0])) * k, (1 - u(c[1])) * k, (1 - u(c[2])) * k];
}

function rgbOperands(c: Cmyk): string {
  return cmykToRgb(c)
    .map((v) => String(Math.round(v * 1000) / 1000))
    .join(' ');
}

export const RGB_PAINT: Paint = {
  fill: (c) => rgbOperands(c) + ' rg',
  stroke: (c) => rgbOperands(c) + ' RG',
};
