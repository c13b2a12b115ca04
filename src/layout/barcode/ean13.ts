/**
 * EAN-13 (ISO/IEC 15420): 13 digits → 95 modules (1 = bar, 0 = space) and bars placed as rectangles.
 * The first digit is not drawn as bars: it chooses the parity pattern (L or G) of the next six.
 */

/** L-code (odd parity) of each digit; R = L complemented; G = R reversed. */
const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const R = L.map((c) => [...c].map((b) => (b === '0' ? '1' : '0')).join(''));
const G = R.map((c) => [...c].reverse().join(''));
/** Parity of digits 2–7 for each first digit. */
export const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

export const CODES = { L, G, R } as const;

/** Check digit of the first 12 digits (weights 1, 3, 1, 3…). */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13: 12 digits expected, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** The 95 modules of a 13-digit code (check digit verified). */
export function ean13Modules(code: string): string {
  if (!/^\d{13}$/.test(code)) throw new Error(`EAN-13: 13 digits expected, got "${code}"`);
  if (ean13CheckDigit(code.slice(0, 12)) !== Number(code[12])) throw new Error(`EAN-13: wrong check digit in ${code}`);
  const parity = PARITY[Number(code[0])]!;
  let m = '101';
  for (let i = 1; i <= 6; i++) m += (parity[i - 1] === 'L' ? L : G)[Number(code[i])]!;
  m += '01010';
  for (let i = 7; i <= 12; i++) m += R[Number(code[i])]!;
  return m + '101';
}

/** Which modules are guard bars (start, centre, end): drawn longer than the others. */
export function isGuard(module: number): boolean {
  return module < 3 || (module >= 45 && module < 50) || module >= 92;
}

export interface Bar {
  /** Offset of the bar's left edge from the first module, in modules. */
  x: number;
  /** Width in modules. */
  w: number;
  guard: boolean;
}

/** The bars: runs of 1-modules (a guard bar is never merged with a data bar). */
export function ean13Bars(code: string): Bar[] {
  const m = ean13Modules(code);
  const bars: Bar[] = [];
  for (let i = 0; i < m.length; i++) {
    if (m[i] !== '1') continue;
    const last = bars.at(-1);
    if (last && last.x + last.w === i && last.guard === isGuard(i)) last.w++;
    else bars.push({ x: i, w: 1, guard: isGuard(i) });
  }
  return bars;
}
