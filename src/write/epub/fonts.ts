/**
 * Font embedding: which faces of the template the text needs, each subset to the characters
 * it draws (or embedded whole), plus the @font-face rules.
 *
 * A character set in style S (family F, face X) is drawn, as a browser would, from the first
 * family of [F, ...fonts.chain] whose best face for X has a glyph for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as fontkit from 'fontkit';
import { fontFileBytes, openFontFile } from '../../fonts/font-files.js';
import type { FaceStyle, FontFamily, StyleName, Template } from '../../template/types.js';
import { subsetTrueType } from './font-subset.js';
import { asciiSlug, NameAllocator } from './names.js';

const FACES: FaceStyle[] = ['regular', 'italic', 'bold', 'boldItalic'];

/** Hyphens a reader may add with `hyphens: auto`, and the space every text needs. */
const ALWAYS = [0x20, 0x2d, 0x2010];

/** Code points drawn per (family, face) of the template, as the text asks for them. */
export class TextUsage {
  /** key `family\u0000face` → code points */
  readonly used = new Map<string, Set<number>>();
  /** Per key, the BMP code points already in its set (most characters come again and again). */
  private readonly seen = new Map<string, Uint8Array>();

  constructor(
    private readonly template: Template,
    private readonly lang: string,
  ) {}

  add(style: StyleName, face: FaceStyle, text: string): void {
    const st = this.template.styles[style];
    const key = `${st.family}\u0000${face}`;
    let set = this.used.get(key);
    if (set === undefined) this.used.set(key, (set = new Set(ALWAYS)));
    let seen = this.seen.get(key);
    if (seen === undefined) this.seen.set(key, (seen = new Uint8Array(0x10000)));
    const all = st.uppercase ? text + text.toLocaleUpperCase(this.lang) : text;
    // The code points in order, as `for (const ch of all)` gives them (a lone surrogate as itself).
    for (let i = 0; i < all.length; i++) {
      const cp = all.codePointAt(i)!;
      if (cp > 0xffff) i++;
      else {
        if (seen[cp] === 1) continue;
        seen[cp] = 1;
      }
      set.add(cp);
    }
  }
}

export interface EmbeddedFont {
  /** CSS family name (the template's family key). */
  family: string;
  face: FaceStyle;
  /** Path inside the package folder, e.g. `fonts/ebgaramond-regular.ttf`. */
  href: string;
  bytes: Uint8Array;
  /** Size of the file on disk. */
  originalSize: number;
  subset: boolean;
  /** Why the font was embedded whole although subsetting was asked for. */
  subsetError?: string;
}

export interface FontEmbedding {
  fonts: EmbeddedFont[];
  /** Characters no family of the chain has a glyph for (left to the reading system's fonts). */
  uncovered: string[];
}

/** The face a browser picks in a family for a wanted face (italic matters more than weight). */
export function matchFace(family: FontFamily, want: FaceStyle): FaceStyle {
  const order: Record<FaceStyle, FaceStyle[]> = {
    regular: ['regular', 'bold', 'italic', 'boldItalic'],
    bold: ['bold', 'regular', 'boldItalic', 'italic'],
    italic: ['italic', 'boldItalic', 'regular', 'bold'],
    boldItalic: ['boldItalic', 'italic', 'bold', 'regular'],
  };
  return order[want].find((f) => family[f] !== undefined) ?? 'regular';
}

const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Cc}]$/u;

/** The font file on disk: `file` in the first of `dirs` that has it. */
export function resolveFontFile(dirs: string | string[], file: string): string {
  const list = typeof dirs === 'string' ? [dirs] : dirs;
  for (const dir of list) {
    const p = path.resolve(dir, file);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`font file ${file} not found in ${list.join(', ')}`);
}

export function embedFonts(template: Template, fontsDir: string | string[], usage: TextUsage, subset: boolean): FontEmbedding {
  const families = template.fonts.families;
  // Each file is read once (src/fonts/font-files.ts): to see which characters it has, then to subset it.
  const read = new Map<string, Buffer>();
  const bytesOf = (file: string): Buffer => {
    let b = read.get(file);
    if (b === undefined) read.set(file, (b = fontFileBytes(resolveFontFile(fontsDir, file))));
    return b;
  };
  const opened = new Map<string, fontkit.Font>();
  const open = (file: string): fontkit.Font => {
    let f = opened.get(file);
    if (f === undefined) {
      const font = openFontFile(resolveFontFile(fontsDir, file));
      if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file}: a font collection, not a single font`);
      opened.set(file, (f = font));
    }
    return f;
  };

  // family key → face → code points
  const need = new Map<string, Map<FaceStyle, Set<number>>>();
  const uncovered = new Set<number>();
  for (const [key, cps] of [...usage.used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [familyKey, want] = key.split('\u0000') as [string, FaceStyle];
    const chain = [familyKey, ...template.fonts.chain.filter((f) => f !== familyKey)].filter((f) => families[f] !== undefined);
    for (const cp of [...cps].sort((a, b) => a - b)) {
      if (IGNORABLE.test(String.fromCodePoint(cp))) continue;
      const hit = chain.find((f) => open(families[f]![matchFace(families[f]!, want)]!).hasGlyphForCodePoint(cp));
      if (hit === undefined) {
        if (!ALWAYS.includes(cp)) uncovered.add(cp);
        continue;
      }
      const face = matchFace(families[hit]!, want);
      let faces = need.get(hit);
      if (faces === undefined) need.set(hit, (faces = new Map()));
      let set = faces.get(face);
      if (set === undefined) faces.set(face, (set = new Set()));
      set.add(cp);
    }
  }

  // Families in chain order, then any other used family by name; faces in a fixed order.
  const order = [...template.fonts.chain, ...[...need.keys()].filter((k) => !template.fonts.chain.includes(k)).sort()];
  const names = new NameAllocator();
  const fonts: EmbeddedFont[] = [];
  for (const familyKey of order) {
    const faces = need.get(familyKey);
    if (faces === undefined) continue;
    for (const face of FACES) {
      const cps = faces.get(face);
      if (cps === undefined) continue;
      const file = families[familyKey]![face]!;
      const bytes: Uint8Array = new Uint8Array(bytesOf(file));
      const ext = fontExtension(bytes);
      const href = `fonts/${names.take(asciiSlug(path.basename(file, path.extname(file)), 'font'), ext)}`;
      let out = bytes;
      let subsetError: string | undefined;
      if (subset) {
        try {
          out = subsetTrueType(bytes, [...ALWAYS, ...cps]);
        } catch (e) {
          subsetError = e instanceof Error ? e.message : String(e);
        }
      }
      fonts.push({ family: familyKey, face, href, bytes: out, originalSize: bytes.length, subset: out !== bytes, subsetError });
    }
  }
  return { fonts, uncovered: [...uncovered].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp)) };
}

const FONT_TYPES: Record<string, { mediaType: string; format: string }> = {
  '.ttf': { mediaType: 'font/ttf', format: 'truetype' },
  '.otf': { mediaType: 'font/otf', format: 'opentype' },
  '.woff': { mediaType: 'font/woff', format: 'woff' },
  '.woff2': { mediaType: 'font/woff2', format: 'woff2' },
};

/** The file extension from the font's signature (what the bytes are, whatever the file is called). */
function fontExtension(bytes: Uint8Array): string {
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  if (tag === 'OTTO') return '.otf';
  if (tag === 'wOFF') return '.woff';
  if (tag === 'wOF2') return '.woff2';
  return '.ttf';
}

export function fontMediaType(href: string): string {
  return FONT_TYPES[path.extname(href)]?.mediaType ?? 'font/ttf';
}

/** A CSS string literal. */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

/** @font-face rules; `fromCss` is the path from the stylesheet to the package folder. */
export function fontFaceRules(fonts: EmbeddedFont[], fromCss: string): string {
  return fonts
    .map((f) => {
      const bold = f.face === 'bold' || f.face === 'boldItalic';
      const italic = f.face === 'italic' || f.face === 'boldItalic';
      const format = FONT_TYPES[path.extname(f.href)]?.format ?? 'truetype';
      return (
        '@font-face {\n' +
        `  font-family: ${cssString(f.family)};\n` +
        `  src: url(${cssString(fromCss + f.href)}) format("${format}");\n` +
        `  font-weight: ${bold ? 700 : 400};\n` +
        `  font-style: ${italic ? 'italic' : 'normal'};\n` +
        '}\n'
      );
    })
    .join('');
}
