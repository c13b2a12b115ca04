/**
 * The content buffer writes numbers digit by digit: its bytes must be exactly those of the string
 * formatting the PDF writer used before (`n3` and `round2` below, through `String`), so that the PDF
 * bytes never change. Checked on edge values and on many values drawn from a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import { ContentBytes, putFixed, putHex4 } from '../../../src/write/pdf/content.js';

/** How coordinates were written as strings: rounded to 1/1000, `0` for zero. */
function n3(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`PDF writer: not a finite number: ${v}`);
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? '0' : String(r);
}

/** How TJ adjustments were rounded (then written with `String`). */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function viaN3(v: number): string {
  const out = new ContentBytes(8);
  out.n3(v);
  return latin1(out.take());
}

function viaRound2(v: number): string {
  const b = new Uint8Array(32);
  return latin1(b.subarray(0, putFixed(b, 0, Math.round(v * 100), 100)));
}

/** A fixed-seed generator (mulberry32): the same values on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGES = [0, -0, 0.0004, -0.0004, 0.0005, -0.0005, 0.001, -0.001, 0.01, 0.1, 0.5, 0.9995, 1, -1, 9.9995, 10, 99.999, 100.0005, 419.528, 595.276, 841.89, -12.345, 0.07, 1.005, 2.675, 1e6 + 0.123, 123456789.123, 999999999.9995, 1e9, -1e9 + 0.001, 1e12, 3.5e15, -7e20, 1e21, 2e300, Number.MAX_VALUE, Number.MIN_VALUE];

describe('content bytes', () => {
  it('writes coordinates as n3 does', () => {
    for (const v of EDGES) expect(viaN3(v), String(v)).toBe(n3(v));
    const r = random(7);
    const bad: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const scale = [1, 10, 1000, 1e5, 1e9][i % 5]!;
      const v = (r() - 0.5) * 2 * scale;
      if (viaN3(v) !== n3(v)) bad.push(`${v}: ${viaN3(v)} ≠ ${n3(v)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('writes TJ adjustments as String(round2(v)) does', () => {
    for (const v of EDGES) if (round2(v) !== 0) expect(viaRound2(v), String(v)).toBe(String(round2(v)));
    const r = random(11);
    const bad: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const scale = [1, 50, 1000, 1e6, 1e11][i % 5]!;
      const v = (r() - 0.5) * 2 * scale;
      if (round2(v) !== 0 && viaRound2(v) !== String(round2(v))) bad.push(`${v}: ${viaRound2(v)} ≠ ${round2(v)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('refuses what is not a finite number', () => {
    for (const v of [NaN, Infinity, -Infinity]) expect(() => viaN3(v)).toThrow(/not a finite number/);
  });

  it('writes cids as 4 lower-case hex digits', () => {
    const b = new Uint8Array(4);
    for (const cid of [0, 1, 0xa, 0xff, 0x1234, 0xbeef, 0xffff]) {
      putHex4(b, 0, cid);
      expect(latin1(b)).toBe((cid + 0x10000).toString(16).slice(1));
    }
  });

  it('grows, and the views taken before keep their bytes', () => {
    const out = new ContentBytes(4);
    out.op('BT');
    const first = out.take();
    out.op('/F1 12 Tf');
    out.text('1 0 0 -1 ');
    out.n3(12.5);
    const second = out.take();
    expect(out.pending).toBe(false);
    expect(latin1(first)).toBe('BT\n');
    expect(latin1(second)).toBe('/F1 12 Tf\n1 0 0 -1 12.5');
    out.clear();
    out.op('ET');
    expect(latin1(out.take())).toBe('ET\n');
  });
});
