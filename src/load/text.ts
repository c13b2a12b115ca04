/**
 * Text decoding for source files: strict UTF-8, BOM removed, line ends made `\n`.
 */
import type { DiagnosticBag } from '../diagnostics.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `bytes` as UTF-8. Removes a leading BOM and turns CRLF and lone CR into LF, so lines
 * and columns stay those an editor shows. On bytes that are not UTF-8, reports an error
 * (code `not-utf8`) at the first bad byte and returns undefined.
 */
export function decodeText(bytes: Uint8Array, file: string, bag: DiagnosticBag): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksLikeUtf16(bytes)) {
    bag.error(file, 0, 0, 'not-utf8', 'this file is saved as UTF-16, not UTF-8 — open it in your editor and save it as UTF-8');
    return undefined;
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = positionOf(bytes, bad);
    const guess = looksLikeLatin1(bytes, bad) ? ' (it looks like Latin-1 or Windows-1252)' : '';
    bag.error(
      file,
      line,
      column,
      'not-utf8',
      `this file is not in UTF-8${guess}: the character here cannot be read — open the file in your editor and save it as UTF-8`,
    );
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/\r\n?/g, '\n');
}

/**
 * UTF-16 saved without a byte-order mark: in its first 200 bytes, at least half of the odd bytes
 * (little-endian) or of the even bytes (big-endian) are zero — the high bytes of Latin letters —
 * and almost none of the others. Text in UTF-8 has no zero bytes.
 */
function looksLikeUtf16(b: Uint8Array): boolean {
  const n = Math.min(b.length, 200) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  return (odd >= pairs / 2 && even <= pairs / 8) || (even >= pairs / 2 && odd <= pairs / 8);
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

/** 1-based line and column (in characters) of byte `offset`, counting the valid text before it. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  let prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  if (line === 1 && prefix.charCodeAt(0) === 0xfeff) prefix = prefix.slice(1);
  return { line, column: [...prefix].length + 1 };
}

/** Bad byte is a lone high byte, as Latin-1 and Windows-1252 accented letters are. */
function looksLikeLatin1(b: Uint8Array, at: number): boolean {
  const c = b[at]!;
  return c >= 0x80 && (b[at + 1] === undefined || b[at + 1]! < 0x80 || (b[at + 1]! & 0xc0) !== 0x80);
}
