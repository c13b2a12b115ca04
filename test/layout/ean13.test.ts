/**
 * EAN-13 encoding against the standard's tables (ISO/IEC 15420, GS1 General Specifications 5.2.1)
 * and against a barcode decoder (zbarimg) reading the bars drawn by booklet: see test/e2e/parts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CODES, PARITY, ean13Bars, ean13CheckDigit, ean13Modules } from '../../src/layout/barcode/ean13.js';
import { isbnCheckDigit } from '../../src/load/schema.js';

describe('EAN-13 tables', () => {
  it('has the L, G and R codes of the standard', () => {
    // Written out from the GS1 table, not derived: a transformation error in the module would show.
    expect(CODES.L).toEqual(['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011']);
    expect(CODES.G).toEqual(['0100111', '0110011', '0011011', '0100001', '0011101', '0111001', '0000101', '0010001', '0001001', '0010111']);
    expect(CODES.R).toEqual(['1110010', '1100110', '1101100', '1000010', '1011100', '1001110', '1010000', '1000100', '1001000', '1110100']);
    expect(PARITY).toEqual(['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL']);
  });

  it('every L and G code has odd and even parity (3 or 5 ones, 2 or 4), each code 2 bars and 2 spaces', () => {
    const ones = (s: string) => [...s].filter((c) => c === '1').length;
    const runs = (s: string) => s.replace(/(.)\1*/g, '$1').length;
    for (let d = 0; d < 10; d++) {
      expect(ones(CODES.L[d]!) % 2).toBe(1);
      expect(ones(CODES.G[d]!) % 2).toBe(0);
      expect(runs(CODES.L[d]!)).toBe(4);
      expect(runs(CODES.R[d]!)).toBe(4);
    }
  });
});

describe('ean13Modules', () => {
  it('encodes 978-2-07-036822-8 (a Folio paperback) module by module', () => {
    // First digit 9: parity LGGLGL for 7 8 2 0 7 0; right half 3 6 8 2 2 8 in R.
    const expected =
      '101' +
      ['0111011' /* 7 L */, '0001001' /* 8 G */, '0011011' /* 2 G */, '0001101' /* 0 L */, '0010001' /* 7 G */, '0001101' /* 0 L */].join('') +
      '01010' +
      ['1000010' /* 3 */, '1010000' /* 6 */, '1001000' /* 8 */, '1101100' /* 2 */, '1101100' /* 2 */, '1001000' /* 8 */].join('') +
      '101';
    expect(ean13Modules('9782070368228')).toBe(expected);
    expect(expected).toHaveLength(95);
  });

  it('encodes 4006381333931 (the EAN-13 example of the GS1 and Wikipedia pages)', () => {
    // First digit 4: LGLLGG for 0 0 6 3 8 1.
    const left = ['0001101', '0100111', '0101111', '0111101', '0001001', '0110011'];
    const right = ['1000010', '1000010', '1000010', '1110100', '1000010', '1100110'];
    expect(ean13Modules('4006381333931')).toBe('101' + left.join('') + '01010' + right.join('') + '101');
  });

  it('refuses a wrong check digit and anything but 13 digits', () => {
    expect(() => ean13Modules('9782070368227')).toThrow(/check digit/);
    expect(() => ean13Modules('978207036822')).toThrow(/13 digits/);
    expect(() => ean13Modules('978207036822X')).toThrow(/13 digits/);
  });

  it('computes the same check digit as the ISBN check of booklet.yaml', () => {
    for (const c of ['978207036822', '978295123450', '979104000000', '400638133393']) expect(ean13CheckDigit(c)).toBe(isbnCheckDigit(c));
    expect(ean13CheckDigit('978207036822')).toBe(8);
    expect(ean13CheckDigit('400638133393')).toBe(1);
  });
});

describe('ean13Bars', () => {
  it('turns the modules into 30 bars: 2 per digit and 6 guard bars, guards never merged with data bars', () => {
    const bars = ean13Bars('9782070368228');
    expect(bars).toHaveLength(30);
    expect(bars.filter((b) => b.guard)).toHaveLength(6);
    // The bars cover exactly the 1-modules.
    const m = ean13Modules('9782070368228');
    const drawn = Array.from({ length: 95 }, () => '0');
    for (const b of bars) for (let i = b.x; i < b.x + b.w; i++) drawn[i] = '1';
    expect(drawn.join('')).toBe(m);
    expect(Math.max(...bars.map((b) => b.w))).toBeLessThanOrEqual(4);
  });
});
