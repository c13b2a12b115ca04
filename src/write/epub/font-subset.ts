/**
 * A standalone TrueType subset. fontkit's `createSubset()` writes only the tables a PDF needs
 * (glyf, loca, head, hhea, hmtx, maxp, cvt, fpgm, prep); a reading system also needs cmap, name,
 * OS/2 and post. We add those, sort the table directory and set every checksum.
 * Layout tables (GSUB, GPOS, GDEF: ligatures and kerning) are not carried over.
 */
import * as fontkit from 'fontkit';

type Font = fontkit.Font;

/** Raw tables of an sfnt file, by tag. */
export function readTables(bytes: Uint8Array): Map<string, Uint8Array> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = v.getUint16(4);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[rec]!, bytes[rec + 1]!, bytes[rec + 2]!, bytes[rec + 3]!);
    const offset = v.getUint32(rec + 8);
    const length = v.getUint32(rec + 12);
    if (offset + length > bytes.length) throw new Error(`font table ${tag} runs past the end of the file`);
    tables.set(tag, bytes.subarray(offset, offset + length));
  }
  return tables;
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : concat([data, new Uint8Array(4 - (data.length % 4))]);
  const v = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A TrueType file from tables: directory sorted by tag, 4-byte aligned, checksums and head.checkSumAdjustment set. */
export function writeSfnt(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  const header = new Uint8Array(12 + 16 * n);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0x00010000);
  hv.setUint16(4, n);
  hv.setUint16(6, pow * 16);
  hv.setUint16(8, Math.log2(pow));
  hv.setUint16(10, n * 16 - pow * 16);
  const bodies: Uint8Array[] = [];
  let offset = header.length;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    let data = tables.get(tag)!;
    if (tag === 'head') {
      data = data.slice();
      new DataView(data.buffer).setUint32(8, 0); // checkSumAdjustment, computed below
      headOffset = offset;
    }
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) header[rec + k] = tag.charCodeAt(k);
    hv.setUint32(rec + 4, checksum(data));
    hv.setUint32(rec + 8, offset);
    hv.setUint32(rec + 12, data.length);
    const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
    padded.set(data);
    bodies.push(padded);
    offset += padded.length;
  });
  const file = concat([header, ...bodies]);
  if (headOffset >= 0) {
    new DataView(file.buffer).setUint32(headOffset + 8, (0xb1b0afba - checksum(file)) >>> 0);
  }
  return file;
}

/** cmap with a format 4 subtable (BMP) and, when needed, a format 12 subtable (all planes). */
export function buildCmap(map: Map<number, number>): Uint8Array {
  const entries = [...map.entries()].filter(([, g]) => g !== 0).sort((a, b) => a[0] - b[0]);
  const bmp = entries.filter(([cp]) => cp <= 0xffff);
  const needs12 = entries.some(([cp]) => cp > 0xffff);

  // Format 4: runs where code point and glyph id both go up by one share a segment (idDelta).
  const segs: { start: number; end: number; delta: number }[] = [];
  for (const [cp, g] of bmp) {
    const last = segs[segs.length - 1];
    if (last !== undefined && cp === last.end + 1 && ((g - cp) & 0xffff) === last.delta) last.end = cp;
    else segs.push({ start: cp, end: cp, delta: (g - cp) & 0xffff });
  }
  segs.push({ start: 0xffff, end: 0xffff, delta: 1 });
  const segCount = segs.length;
  const f4 = new DataView(new ArrayBuffer(16 + 8 * segCount));
  const pow = 2 ** Math.floor(Math.log2(segCount));
  f4.setUint16(0, 4);
  f4.setUint16(2, f4.byteLength);
  f4.setUint16(4, 0);
  f4.setUint16(6, segCount * 2);
  f4.setUint16(8, pow * 2);
  f4.setUint16(10, Math.log2(pow));
  f4.setUint16(12, segCount * 2 - pow * 2);
  segs.forEach((s, i) => {
    f4.setUint16(14 + 2 * i, s.end);
    f4.setUint16(16 + 2 * segCount + 2 * i, s.start);
    f4.setUint16(16 + 4 * segCount + 2 * i, s.delta);
    f4.setUint16(16 + 6 * segCount + 2 * i, 0); // idRangeOffset
  });
  // reservedPad at 14 + 2 * segCount is already 0.

  const subtables: { platform: number; encoding: number; data: Uint8Array }[] = [];
  const f4bytes = new Uint8Array(f4.buffer);
  subtables.push({ platform: 0, encoding: 3, data: f4bytes }, { platform: 3, encoding: 1, data: f4bytes });
  if (needs12) {
    const groups: { start: number; end: number; glyph: number }[] = [];
    for (const [cp, g] of entries) {
      const last = groups[groups.length - 1];
      if (last !== undefined && cp === last.end + 1 && g === last.glyph + (cp - last.start)) last.end = cp;
      else groups.push({ start: cp, end: cp, glyph: g });
    }
    const f12 = new DataView(new ArrayBuffer(16 + 12 * groups.length));
    f12.setUint16(0, 12);
    f12.setUint32(4, f12.byteLength);
    f12.setUint32(12, groups.length);
    groups.forEach((gr, i) => {
      f12.setUint32(16 + 12 * i, gr.start);
      f12.setUint32(20 + 12 * i, gr.end);
      f12.setUint32(24 + 12 * i, gr.glyph);
    });
    const f12bytes = new Uint8Array(f12.buffer);
    subtables.push({ platform: 0, encoding: 4, data: f12bytes }, { platform: 3, encoding: 10, data: f12bytes });
    subtables.sort((a, b) => a.platform - b.platform || a.encoding - b.encoding);
  }
  // Encoding records point at shared subtable data when the bytes are the same object.
  const header = new DataView(new ArrayBuffer(4 + 8 * subtables.length));
  header.setUint16(2, subtables.length);
  const blobs: Uint8Array[] = [];
  const offsets = new Map<Uint8Array, number>();
  let offset = header.byteLength;
  subtables.forEach((st, i) => {
    let at = offsets.get(st.data);
    if (at === undefined) {
      at = offset;
      offsets.set(st.data, at);
      blobs.push(st.data);
      offset += st.data.length;
    }
    header.setUint16(4 + 8 * i, st.platform);
    header.setUint16(6 + 8 * i, st.encoding);
    header.setUint32(8 + 8 * i, at);
  });
  return concat([new Uint8Array(header.buffer), ...blobs]);
}

/** post table version 3 (no glyph names), keeping the original's italic angle and underline. */
function buildPost(original: Uint8Array): Uint8Array {
  const post = new Uint8Array(32);
  post.set(original.subarray(0, 32));
  new DataView(post.buffer).setUint32(0, 0x00030000);
  return post;
}

/** OS/2 copied, with the first and last character index set to the subset's range. */
function patchOs2(original: Uint8Array, codePoints: number[]): Uint8Array {
  const os2 = original.slice();
  if (os2.length >= 68 && codePoints.length > 0) {
    const v = new DataView(os2.buffer);
    v.setUint16(64, Math.min(codePoints[0]!, 0xffff));
    v.setUint16(66, Math.min(codePoints[codePoints.length - 1]!, 0xffff));
  }
  return os2;
}

/** True when fontkit can subset this font into TrueType outlines (glyf, not CFF, not variable). */
export function canSubset(font: Font): boolean {
  const tables = (font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables;
  return 'glyf' in tables && 'loca' in tables && !('fvar' in tables) && 'OS/2' in tables && 'name' in tables && 'post' in tables;
}

/**
 * Subset `bytes` to the given code points. Throws when the font cannot be subset or when the
 * result, opened again with fontkit, does not map every code point to a glyph of the same advance.
 */
export function subsetTrueType(bytes: Uint8Array, codePoints: Iterable<number>): Uint8Array {
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565 /* 'true' */) throw new Error('not an uncompressed TrueType file');
  const font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as Font;
  if (!('createSubset' in font) || !canSubset(font)) throw new Error('not a static TrueType font');
  const cps = [...new Set(codePoints)].filter((cp) => font.hasGlyphForCodePoint(cp)).sort((a, b) => a - b);
  const subset = font.createSubset();
  const map = new Map<number, number>();
  // fontkit's includeGlyph returns the new glyph id (its typings say boolean).
  for (const cp of cps) map.set(cp, subset.includeGlyph(font.glyphForCodePoint(cp)) as unknown as number);
  const tables = readTables(subset.encode());
  const original = readTables(bytes);
  tables.set('cmap', buildCmap(map));
  tables.set('name', original.get('name')!.slice());
  tables.set('OS/2', patchOs2(original.get('OS/2')!, cps));
  tables.set('post', buildPost(original.get('post')!));
  const gasp = original.get('gasp');
  if (gasp !== undefined) tables.set('gasp', gasp.slice());
  for (const [tag, data] of tables) if (data.length === 0) tables.delete(tag); // e.g. absent cvt/fpgm/prep
  const out = writeSfnt(tables);
  verifySubset(font, original.get('glyf')!, out, cps);
  return out;
}

/** A glyph's bytes in the glyf table, where the font's loca (as fontkit reads it) puts them. */
function glyphBytes(font: Font, glyf: Uint8Array): (id: number) => Uint8Array {
  const offsets = (font as unknown as { loca: { offsets: number[] } }).loca.offsets;
  return (id) => glyf.subarray(offsets[id], offsets[id + 1]);
}

/** Where the component glyph ids of a composite glyph are (byte offsets), from its flags. */
function componentIdOffsets(g: Uint8Array): number[] {
  const at: number[] = [];
  let i = 10;
  for (;;) {
    if (i + 4 > g.length) return at;
    const flags = (g[i]! << 8) | g[i + 1]!;
    at.push(i + 2);
    i += 4 + (flags & 0x0001 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
    i += flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0; // a scale, x and y scales, a 2×2 matrix
    if (!(flags & 0x0020)) return at; // MORE_COMPONENTS
  }
}

/**
 * Glyph `o` of the original and glyph `g` of the subset have the same outline: the same bytes, found
 * through each font's loca; for a composite glyph, except for the ids of its components (the subset
 * renumbers glyphs), which must be the same glyphs in turn.
 */
function sameGlyph(was: (id: number) => Uint8Array, now: (id: number) => Uint8Array, o: number, g: number, depth = 0): boolean {
  const a = was(o);
  const b = now(g);
  if (a.length !== b.length || depth > 8) return false;
  const ids = a.length > 0 && (a[0]! & 0x80) !== 0 ? componentIdOffsets(a) : [];
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (i === ids[k]) {
      if (!sameGlyph(was, now, (a[i]! << 8) | a[i + 1]!, (b[i]! << 8) | b[i + 1]!, depth + 1)) return false;
      i++;
      k++;
    } else if (a[i] !== b[i]) return false;
  }
  return true;
}

/**
 * A glyph's advance width from the font's hmtx table, as fontkit's `advanceWidth` reads it for a
 * static font, without the vertical metrics it works out too (which decode the glyph's outline).
 */
function advanceOf(font: Font, id: number): number {
  const metrics = (font as unknown as { hmtx: { metrics: { length: number; get(i: number): { advance: number } | undefined } } }).hmtx.metrics;
  return metrics.get(Math.min(id, metrics.length - 1))?.advance ?? 0;
}

/** Throws unless every code point of `cps` has, in the subset `out`, a glyph with the advance and the outline it has in `original`. */
export function verifySubset(original: Font, originalGlyf: Uint8Array, out: Uint8Array, cps: number[]): void {
  const sub = fontkit.create(Buffer.from(out.buffer, out.byteOffset, out.byteLength)) as Font;
  const was = glyphBytes(original, originalGlyf);
  const now = glyphBytes(sub, readTables(out).get('glyf') ?? new Uint8Array(0));
  for (const cp of cps) {
    const g = sub.glyphForCodePoint(cp);
    const o = original.glyphForCodePoint(cp);
    // Same advance and the same outline: the same glyph data, or else the same outline drawn
    // (decoding it also catches a broken glyf/loca).
    if (g.id === 0 || advanceOf(sub, g.id) !== advanceOf(original, o.id) || !(sameGlyph(was, now, o.id, g.id) || g.path.toSVG() === o.path.toSVG())) {
      throw new Error(`subset check failed for U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  }
  if (sub.unitsPerEm !== original.unitsPerEm) throw new Error('subset check failed: unitsPerEm');
}
