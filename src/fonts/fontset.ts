/**
 * The fonts of a template: faces opened with fontkit from real files, the fallback chain,
 * per-character coverage, and shaping with a bounded cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { BookletError } from '../diagnostics.js';
import type { FaceStyle, Template } from '../template/types.js';
import type { FaceRef } from '../layout/types.js';
import { fontFileBytes } from './font-files.js';
import { emptyMetrics, MAX_WORDS, MetricsStore, type FaceMetrics } from './metrics-cache.js';

/** Characters that are never drawn and need no glyph (Unicode Default_Ignorable code points we meet). */
export function isIgnorable(cp: number): boolean {
  return (
    cp === 0x00ad || // soft hyphen (layout decides hyphenation)
    (cp >= 0x200b && cp <= 0x200f) || // ZWSP, ZWNJ, ZWJ, LRM, RLM
    cp === 0x2060 || // word joiner
    cp === 0xfeff || // BOM / ZWNBSP
    (cp >= 0xfe00 && cp <= 0xfe0f) // variation selectors
  );
}

/** Tables every face needs: characters to glyphs, metrics, and glyph outlines (TrueType or CFF). */
const REQUIRED_TABLES = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];

/**
 * True when a font's table directory fits its `size` bytes: one TrueType or OpenType font whose
 * tables all lie inside the file and include those a face needs (WOFF, WOFF2: the length in the
 * header is the file's). Catches another format, a collection (.ttc) and a truncated file from the
 * directory alone. `read(offset, length)` gives bytes of the font, fewer at its end.
 */
export function fontDirectoryFits(read: (offset: number, length: number) => Uint8Array, size: number): boolean {
  const head = read(0, 12);
  if (head.length < 12) return false;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = String.fromCharCode(...head.subarray(0, 4));
  if (tag === 'wOFF' || tag === 'wOF2') return v.getUint32(8) === size;
  if (tag !== '\0\x01\0\0' && tag !== 'true' && tag !== 'OTTO') return false;
  const n = v.getUint16(4);
  const dir = read(12, 16 * n);
  if (dir.length < 16 * n) return false;
  const d = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const tags = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (d.getUint32(16 * i + 8) + d.getUint32(16 * i + 12) > size) return false;
    tags.add(String.fromCharCode(...dir.subarray(16 * i, 16 * i + 4)));
  }
  return REQUIRED_TABLES.every((t) => tags.has(t)) && ((tags.has('glyf') && tags.has('loca')) || tags.has('CFF ') || tags.has('CFF2'));
}

/** `fontDirectoryFits` for a file, reading only its directory; false when it is not a regular file or cannot be read. */
export function fontFileFits(file: string): boolean {
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return false;
    const f = fd;
    return fontDirectoryFits((offset, length) => {
      const b = Buffer.alloc(length);
      return b.subarray(0, fs.readSync(f, b, 0, length, offset));
    }, st.size);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The font in `bytes`, or undefined when fontkit cannot read it as one font (see
 * `fontDirectoryFits`, or a table fontkit fails on). Reads the space's glyph, as a face does.
 */
export function openFont(bytes: Buffer): fontkit.Font | undefined {
  try {
    if (!fontDirectoryFits((offset, length) => bytes.subarray(offset, offset + length), bytes.length)) return undefined;
    const font = fontkit.create(bytes);
    if (!('unitsPerEm' in font)) return undefined;
    const space = font.glyphForCodePoint(0x20);
    return font.unitsPerEm > 0 && Number.isFinite(space.advanceWidth) ? font : undefined;
  } catch {
    return undefined;
  }
}

export interface ShapedText {
  gids: number[];
  /** Glyph origin offsets from the start of the text, font units. */
  xs: number[];
  /** Each glyph's own advance, font units. */
  advances: number[];
  /** Text each glyph stands for. */
  text: string[];
  /** Total advance in font units. */
  width: number;
}

export class Face {
  readonly ref: FaceRef;
  readonly unitsPerEm: number;
  readonly spaceGid: number;
  readonly spaceAdvance: number;
  private readonly cache = new Map<string, ShapedText>();
  private readonly coverage: Map<number, boolean>;
  private readonly chars: Map<number, { gid: number; adv: number } | null>;
  private readonly pairs: Map<number, number>;
  private readonly metrics: FaceMetrics;
  private opened?: fontkit.Font;

  /**
   * @param open the fontkit font, opened when a question is not answered by `metrics` (the
   *   persistent cache, src/fonts/metrics-cache.ts) or at once when there are none
   * @param features OpenType features on top of the font's defaults (e.g. `onum`); faces of one file
   *   with different features share their `ref`, so the PDF embeds the file once.
   */
  constructor(
    id: string,
    readonly file: string,
    private readonly open: () => fontkit.Font,
    private readonly cacheSize: number,
    readonly features: string[] = [],
    metrics?: FaceMetrics,
  ) {
    this.ref = { id, path: file };
    if (!metrics) {
      const font = this.font;
      const space = font.glyphForCodePoint(0x20);
      metrics = emptyMetrics(font.unitsPerEm, space.id, space.advanceWidth);
    }
    this.metrics = metrics;
    this.unitsPerEm = metrics.unitsPerEm;
    this.spaceGid = metrics.spaceGid;
    this.spaceAdvance = metrics.spaceAdvance;
    this.coverage = metrics.coverage;
    this.chars = metrics.chars;
    this.pairs = metrics.pairs;
  }

  /** What this face learnt (and was given): for the persistent cache. */
  get learnt(): FaceMetrics {
    return this.metrics;
  }

  /** The fontkit font (opened on first use). */
  get font(): fontkit.Font {
    return (this.opened ??= this.open());
  }

  has(cp: number): boolean {
    let v = this.coverage.get(cp);
    if (v === undefined) {
      v = this.font.hasGlyphForCodePoint(cp);
      this.coverage.set(cp, v);
      this.metrics.dirty = true;
    }
    return v;
  }

  /**
   * Shape a piece of text (normally one word) with the font's default features (kern, liga…).
   * Fast path (see reference/performance.md): glyphs and advances from a per-character table and
   * kerning from a table of character pairs, each pair shaped once by fontkit. A word holding a pair
   * that shaping changes in any other way (a ligature, a contextual form) or a mark is shaped whole.
   * `shapeFull` is the reference; the tests compare both on every shipped face.
   */
  shape(text: string): ShapedText {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const shaped = this.shapeFast(text) ?? this.shapeWhole(text);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(text, shaped);
    return shaped;
  }

  /** A word the fast path cannot shape: from the persistent cache, else by fontkit (and remembered). */
  private shapeWhole(text: string): ShapedText {
    const w = this.metrics.words.get(text);
    if (w) return { gids: w[0], xs: w[1], advances: w[2], text: w[3], width: w[4] };
    const s = this.shapeFull(text);
    if (this.metrics.words.size < MAX_WORDS) {
      this.metrics.words.set(text, [s.gids, s.xs, s.advances, s.text, s.width]);
      this.metrics.dirty = true;
    }
    return s;
  }

  /** Shaping by fontkit, uncached. */
  shapeFull(text: string): ShapedText {
    const run = this.font.layout(text, this.features);
    const gids: number[] = [];
    const xs: number[] = [];
    const advances: number[] = [];
    const texts: string[] = [];
    let x = 0;
    for (let i = 0; i < run.glyphs.length; i++) {
      const g = run.glyphs[i]!;
      const p = run.positions[i]!;
      gids.push(g.id);
      xs.push(x + p.xOffset);
      advances.push(g.advanceWidth);
      texts.push(String.fromCodePoint(...g.codePoints));
      x += p.xAdvance;
    }
    return { gids, xs, advances, text: texts, width: x };
  }

  private char(cp: number): { gid: number; adv: number } | null {
    let c = this.chars.get(cp);
    if (c === undefined) {
      const run = this.font.layout(String.fromCodePoint(cp), this.features);
      const g = run.glyphs[0];
      // A character that shapes to one plain glyph of its own advance is simple.
      c = run.glyphs.length === 1 && g && g.id !== 0 && !g.isMark && run.positions[0]!.xAdvance === g.advanceWidth && run.positions[0]!.xOffset === 0 ? { gid: g.id, adv: g.advanceWidth } : null;
      this.chars.set(cp, c);
      this.metrics.dirty = true;
    }
    return c;
  }

  /** Kerning between two simple characters, or NaN when shaping the pair does more than kern. */
  private pair(a: number, b: number, ca: { gid: number; adv: number }, cb: { gid: number; adv: number }): number {
    const key = a * 0x110000 + b;
    let k = this.pairs.get(key);
    if (k === undefined) {
      const run = this.font.layout(String.fromCodePoint(a, b), this.features);
      const ok =
        run.glyphs.length === 2 &&
        run.glyphs[0]!.id === ca.gid &&
        run.glyphs[1]!.id === cb.gid &&
        run.positions[0]!.xOffset === 0 &&
        run.positions[1]!.xOffset === 0 &&
        run.positions[0]!.yOffset === 0 &&
        run.positions[1]!.yOffset === 0 &&
        run.positions[1]!.xAdvance === cb.adv;
      k = ok ? run.positions[0]!.xAdvance - ca.adv : NaN;
      this.pairs.set(key, k);
      this.metrics.dirty = true;
    }
    return k;
  }

  /**
   * Kerning to add between two pieces of one word shaped apart (cut at a break opportunity),
   * or NaN when shaping them together could give other glyphs (a ligature across the cut).
   */
  joinKern(a: number, b: number): number {
    const ca = this.char(a);
    const cb = this.char(b);
    if (!ca || !cb) return NaN;
    return this.pair(a, b, ca, cb);
  }

  private shapeFast(text: string): ShapedText | undefined {
    const gids: number[] = [];
    const xs: number[] = [];
    const advances: number[] = [];
    const texts: string[] = [];
    let x = 0;
    let prevCp = -1;
    let prev: { gid: number; adv: number } | null = null;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const c = this.char(cp);
      if (!c) return undefined;
      if (prev) {
        const k = this.pair(prevCp, cp, prev, c);
        if (Number.isNaN(k)) return undefined;
        x += prev.adv + k;
      }
      gids.push(c.gid);
      xs.push(x);
      advances.push(c.adv);
      texts.push(ch);
      prev = c;
      prevCp = cp;
    }
    if (prev) x += prev.adv;
    return { gids, xs, advances, text: texts, width: x };
  }
}

/**
 * The first face of a chain that has a glyph for a code point (memoised). An object with a method
 * rather than a closure per chain: every call site then calls one function.
 */
export class Finder {
  private readonly memo = new Map<number, Face | null>();

  constructor(private readonly chain: Face[]) {}

  find(cp: number): Face | undefined {
    let face = this.memo.get(cp);
    if (face === undefined) {
      face = this.chain.find((c) => c.has(cp)) ?? null;
      this.memo.set(cp, face);
    }
    return face ?? undefined;
  }
}

const STYLE_FALLBACK: Record<FaceStyle, FaceStyle[]> = {
  regular: ['regular'],
  italic: ['italic', 'regular'],
  bold: ['bold', 'regular'],
  boldItalic: ['boldItalic', 'bold', 'italic', 'regular'],
};

/** The faces of a template, opened lazily, with the fallback chain per family and style. */
export class FontSet {
  private readonly faces = new Map<string, Face>();
  private readonly chains = new Map<string, Face[]>();

  /**
   * @param fontDirs folders searched in order for the template's font files
   *   (the template's own `fonts/` first, then the repository's `fonts/`).
   */
  /**
   * @param cacheSize shaped words kept per face (the word plans of src/layout/text/items.ts keep the
   *   frequent ones anyway; 20,000 per face held ~40 MB at 1,000 episodes)
   * @param metrics the persistent shaping cache (none: every answer comes from fontkit)
   */
  constructor(
    readonly template: Template,
    private readonly fontDirs: string[],
    private readonly cacheSize = 4000,
    readonly metrics: MetricsStore = new MetricsStore(null),
  ) {}

  /** Absolute path of a font file named in the template. */
  resolve(rel: string): string {
    for (const dir of this.fontDirs) {
      const p = path.resolve(dir, rel);
      if (fs.existsSync(p)) return p;
    }
    throw this.fontError('template-font-missing', `font file "${rel}" not found in ${this.fontDirs.join(', ')} — put it in the template's fonts/ folder`);
  }

  /**
   * A font that went missing or bad after the template was loaded (which checks each one at its
   * key): reported at the template's file.
   */
  private fontError(code: string, message: string): BookletError {
    return new BookletError([{ file: path.join(this.template.dir, 'template.yaml'), line: 0, column: 0, severity: 'error', code, message }]);
  }

  /** The face of `family` in `style` (or the closest style the family has), with extra OpenType features. */
  face(family: string, style: FaceStyle, features: string[] = []): Face {
    const fam = this.template.fonts.families[family];
    if (!fam) throw new Error(`unknown font family ${family}`);
    for (const s of STYLE_FALLBACK[style]) {
      const rel = fam[s];
      if (rel) return this.open(`${family}-${s}`, rel, features);
    }
    return this.open(`${family}-regular`, fam.regular, features);
  }

  /** The family itself, then every other family of the chain, in the same style. */
  chain(family: string, style: FaceStyle, features: string[] = []): Face[] {
    const key = `${family}/${style}/${features.join(',')}`;
    let c = this.chains.get(key);
    if (!c) {
      const names = [family, ...this.template.fonts.chain.filter((f) => f !== family)];
      c = names.map((n) => this.face(n, style, features));
      this.chains.set(key, c);
    }
    return c;
  }

  private readonly finders = new Map<string, Finder>();

  /** For one family and style: the first face of the chain that has a glyph for a code point (memoised). */
  finder(family: string, style: FaceStyle, features: string[] = []): Finder {
    const key = `${family}/${style}/${features.join(',')}`;
    let f = this.finders.get(key);
    if (!f) {
      f = new Finder(this.chain(family, style, features));
      this.finders.set(key, f);
    }
    return f;
  }

  private readonly fonts = new Map<string, { bytes: Buffer; font?: fontkit.Font }>();

  private open(id: string, rel: string, features: string[]): Face {
    const key = features.length ? `${id}+${features.join(',')}` : id;
    let f = this.faces.get(key);
    if (!f) {
      const file = this.resolve(rel);
      const unreadable = () => this.fontError('template-font-invalid', `"${file}" is not a font file booklet can read (truncated or another format) — use a TrueType or OpenType file (.ttf, .otf)`);
      let entry = this.fonts.get(file);
      if (!entry) {
        let bytes: Buffer;
        try {
          bytes = fontFileBytes(file);
        } catch {
          throw unreadable();
        }
        entry = { bytes };
        this.fonts.set(file, entry);
      }
      const e = entry;
      const font = () => {
        e.font ??= openFont(e.bytes);
        if (!e.font) throw unreadable();
        return e.font;
      };
      const cached = this.metrics.metrics(e.bytes, features);
      f = new Face(id, file, font, this.cacheSize, features, cached.metrics);
      if (!cached.metrics) this.metrics.adopt(cached.key, f.learnt);
      this.faces.set(key, f);
    }
    return f;
  }
}
