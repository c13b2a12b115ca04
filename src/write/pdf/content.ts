/**
 * A page's content stream as it is written: ASCII operators straight into one growing byte buffer,
 * numbers formatted digit by digit (no intermediate strings). A number rounded to 1/1000 (or 1/100)
 * is written exactly as `String(Math.round(v * 1000) / 1000)` would write it, so the bytes are those
 * the writer made when it built strings: checked in test/write/pdf/content.test.ts.
 *
 * One buffer serves every page of a writer: `clear()` when a page starts; `take()` hands the bytes
 * written since the last take to pdfkit as a view (no copy), valid until the next `clear()`.
 */

/** Lower-case hex digits (as `Number.prototype.toString(16)` writes them). */
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

const NL = 0x0a;
const SPACE = 0x20;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Largest |value × scale| formatted digit by digit. Below it, a value rounded to 1/scale has exactly
 * the digits `String()` gives (the doubles are much closer together than 1/1000); above, `String()` is used.
 */
const DIGITS_MAX = 1e12;

export class ContentBytes {
  bytes: Uint8Array;
  pos = 0;
  /** Start of the bytes not taken yet. */
  private mark = 0;

  constructor(size = 1 << 16) {
    this.bytes = new Uint8Array(size);
  }

  /** Forget everything written (the views handed out before become invalid). */
  clear(): void {
    this.pos = 0;
    this.mark = 0;
  }

  /** Whether bytes were written since the last take. */
  get pending(): boolean {
    return this.pos > this.mark;
  }

  /** The bytes written since the last take, as a view of the buffer. */
  take(): Uint8Array {
    const view = this.bytes.subarray(this.mark, this.pos);
    this.mark = this.pos;
    return view;
  }

  /** Make room for `n` more bytes; returns the buffer to write into (from `pos`). */
  room(n: number): Uint8Array {
    const need = this.pos + n;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.pos));
      // Views taken before still point into the old buffer: their bytes stay as they were.
      this.bytes = grown;
    }
    return this.bytes;
  }

  /** ASCII text (the caller's strings are operators, names and numbers). */
  text(s: string): void {
    const n = s.length;
    const b = this.room(n);
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** One operator line: `s` and a newline. */
  op(s: string): void {
    const n = s.length;
    const b = this.room(n + 1);
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    b[p++] = NL;
    this.pos = p;
  }

  byte(c: number): void {
    this.room(1)[this.pos++] = c;
  }

  space(): void {
    this.room(1)[this.pos++] = SPACE;
  }

  newline(): void {
    this.room(1)[this.pos++] = NL;
  }

  /** A coordinate or length rounded to 1/1000 pt (`0` for zero, plain decimals). */
  n3(v: number): void {
    if (!Number.isFinite(v)) throw new Error(`PDF writer: not a finite number: ${v}`);
    this.pos = putFixed(this.room(24), this.pos, Math.round(v * 1000), 1000);
  }

  /** 4 hex digits of a cid (0…0xffff). */
  hex4(cid: number): void {
    this.pos = putHex4(this.room(4), this.pos, cid);
  }
}

/** Writes 4 lower-case hex digits of `v` (0…0xffff) at `p`; returns the position after them. */
export function putHex4(b: Uint8Array, p: number, v: number): number {
  b[p] = HEX[(v >> 12) & 15]!;
  b[p + 1] = HEX[(v >> 8) & 15]!;
  b[p + 2] = HEX[(v >> 4) & 15]!;
  b[p + 3] = HEX[v & 15]!;
  return p + 4;
}

/**
 * Writes `k / scale` (k an integer, scale 100 or 1000) as `String(k / scale)` does, at `p`, with room
 * for at least 24 bytes; returns the position after it. -0 is written `0`.
 */
export function putFixed(b: Uint8Array, p: number, k: number, scale: 100 | 1000): number {
  if (k === 0) {
    b[p] = ZERO;
    return p + 1;
  }
  if (!(k > -DIGITS_MAX && k < DIGITS_MAX)) {
    const s = String(k / scale);
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    return p;
  }
  if (k < 0) {
    b[p++] = MINUS;
    k = -k;
  }
  const whole = Math.floor(k / scale);
  let frac = k - whole * scale;
  p = putInt(b, p, whole);
  if (frac !== 0) {
    b[p++] = DOT;
    let unit = scale / 10;
    while (frac !== 0) {
      const d = Math.floor(frac / unit);
      b[p++] = ZERO + d;
      frac -= d * unit;
      unit /= 10;
    }
  }
  return p;
}

/** Writes a non-negative integer below 1e12 in decimal at `p`; returns the position after it. */
function putInt(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = ZERO + v;
    return p + 1;
  }
  let digits = 1;
  for (let t = 10; t <= v; t *= 10) digits++;
  let q = p + digits;
  while (v >= 10) {
    const next = Math.floor(v / 10);
    b[--q] = ZERO + (v - next * 10);
    v = next;
  }
  b[--q] = ZERO + v;
  return p + digits;
}
