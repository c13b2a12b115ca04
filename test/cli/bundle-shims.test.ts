/**
 * What scripts/bundle-cli.js puts in the bundle in place of two packages (scripts/bundle/) answers
 * as those packages do: the same bytes, the same kind of array, the same length.
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
type Brotli = (buffer: Uint8Array, outputSize?: number) => Uint8Array;
const tinyInflate = require('tiny-inflate') as Inflate;
const zlibInflate = require('../../scripts/bundle/tiny-inflate.cjs') as Inflate;
const brotliJs = require('brotli/decompress.js') as Brotli;
const brotliNode = require('../../scripts/bundle/brotli-decompress.cjs') as Brotli;

/** Bytes that compress somewhat, like a table: runs and noise from a fixed seed. */
function sample(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 97 < 60 ? (i >> 6) & 0xff : x >>> 24;
  }
  return out;
}

function same(a: Uint8Array, b: Uint8Array): void {
  expect(b.constructor).toBe(a.constructor);
  expect(b.length).toBe(a.length);
  expect(b.buffer.byteLength).toBe(a.buffer.byteLength);
  expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
}

describe('tiny-inflate replaced by zlib', () => {
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['small', sample(300, 1)],
    ['large', sample(200_000, 2)],
    // unicode-trie's tables are deflated twice
    ['deflated data', zlib.deflateRawSync(sample(50_000, 3))],
  ];
  for (const [name, data] of cases) {
    const packed = zlib.deflateRawSync(data, { level: 9 });
    for (const [size, extra] of [['exact', 0], ['larger', 100], ['smaller', -1]] as const) {
      if (data.length + extra < 0) continue;
      it(`${name}, destination ${size}`, () => {
        same(tinyInflate(packed, new Uint8Array(data.length + extra)), zlibInflate(packed, new Uint8Array(data.length + extra)));
      });
    }
  }

  it('returns the destination itself when the bytes fill it', () => {
    const dest = new Uint8Array(300);
    expect(zlibInflate(zlib.deflateRawSync(sample(300, 4)), dest)).toBe(dest);
  });
});

describe('brotli/decompress.js replaced by Node’s Brotli', () => {
  for (const [name, data] of [['small', sample(300, 5)], ['large', sample(200_000, 6)]] as const) {
    const packed = zlib.brotliCompressSync(data);
    it(`${name}, size given`, () => same(brotliJs(packed, data.length), brotliNode(packed, data.length)));
    it(`${name}, size larger than the data`, () => same(brotliJs(packed, data.length + 10), brotliNode(packed, data.length + 10)));
    it(`${name}, size smaller than the data`, () => same(brotliJs(packed, 10), brotliNode(packed, 10)));
    it(`${name}, no size`, () => same(brotliJs(packed), brotliNode(packed)));
  }
});

describe('@noble/ciphers/aes loaded on first use', () => {
  it('is not loaded with the substitute, and then encrypts and decrypts as the package does', () => {
    const pkg = require.resolve('@noble/ciphers/aes');
    const before = pkg in require.cache;
    expect(before).toBe(false);
    const lazy = require('../../scripts/bundle/noble-aes.cjs') as typeof import('@noble/ciphers/aes');
    expect(pkg in require.cache).toBe(before);
    const real = require('@noble/ciphers/aes') as typeof import('@noble/ciphers/aes');
    const key = sample(16, 8);
    const iv = sample(16, 9);
    const data = sample(1000, 10);
    const a = real.cbc(key, iv).encrypt(data);
    same(a, lazy.cbc(key, iv).encrypt(data));
    same(real.cbc(key, iv).decrypt(a), lazy.cbc(key, iv).decrypt(a));
    same(real.ecb(key).encrypt(data), lazy.ecb(key).encrypt(data));
  });
});
