/**
 * Our own glyph-run writer on pdfkit's document, and every other use of pdfkit internals.
 *
 * This is the ONLY module that reaches into pdfkit's private state (pdfkit is pinned to 0.20.2
 * exactly; test/write/pdf/glyph-run.test.ts compares this writer with pdfkit's own `text()`).
 * Internals touched:
 *   - `doc._font` after `doc.font(fontkitFont, path)`: the EmbeddedFont of a face;
 *   - EmbeddedFont: `id` (resource name), `font` (fontkit font), `scale`, `subset.includeGlyph()`,
 *     `widths[cid]` and `unicode[cid]` (filled exactly as `EmbeddedFont.encode()` does), `ref()`;
 *   - `doc.page.fonts` (the page's /Font resources), `doc.page.dictionary.data` (page boxes),
 *     `doc.page.content` (`buffer`, `compress`, `data.Filter`: our own deflate of the page stream;
 *     the chunks `doc.addContent()` was given are kept as they are, views of our content buffer);
 *   - `doc._addInfo` (wrapped so the XMP packet gets XML-escaped metadata, or replaced by our own XMP);
 *   - for the screen file: `doc._root.data` (MarkInfo, StructTreeRoot) and the page dictionary (Annots, StructParents);
 *   - for print files: `doc._root.data.OutputIntents`, `doc.end` and `doc._info` (Info entries written
 *     as direct objects, `/Trapped` as a name), `doc._id` (the file /ID), `doc.openImage()`.
 *
 * Coordinates are pdfkit's: `addPage` starts every page with `1 0 0 -1 0 H cm`, so user space has
 * its origin top-left with y down, like the layout's. Text is drawn with `1 0 0 -1 x y Tm`, which
 * flips it back upright.
 */
import zlib from 'node:zlib';
import type PDFDocument from 'pdfkit';
import type { Font as FontkitFont } from 'fontkit';
import { openFontFile } from '../../fonts/font-files.js';
import type { FaceRef, GlyphRun } from '../../layout/types.js';
import type { Cmyk } from '../../template/types.js';
import { putFixed, putHex4, type ContentBytes } from './content.js';
import { CMYK_PAINT, type Paint } from './paint.js';

type Doc = InstanceType<typeof PDFDocument>;

/** The parts of pdfkit 0.20.2's EmbeddedFont we use. */
interface EmbeddedFont {
  id: string;
  font: FontkitFont;
  scale: number;
  subset: { includeGlyph(gid: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

interface PdfRef {
  data: Record<string, unknown>;
  buffer: Uint8Array[];
  compress: boolean;
}

interface DocInternals {
  _font: unknown;
  _addInfo: () => void;
  _root: PdfRef;
  _id: Uint8Array;
  _info: PdfRef | undefined;
  end: () => void;
  appendXML: (xml: string, newline?: boolean) => void;
  openImage: (src: Buffer) => unknown;
  info: Record<string, unknown>;
  page: {
    fonts: Record<string, unknown>;
    dictionary: PdfRef;
    content: PdfRef;
  };
}

function internals(doc: Doc): DocInternals {
  return doc as unknown as DocInternals;
}

function pdfkitChanged(what: string): Error {
  return new Error(`PDF writer: pdfkit internals changed (${what}); pdfkit must be exactly 0.20.2`);
}

interface FaceState {
  ef: EmbeddedFont;
  /** `/F1 ` — resource name with its slash and a trailing space. */
  name: string;
  /** gid → cid in the subset, -1 when not included yet. */
  cidOf: Int32Array;
  /** The EmbeddedFont's widths (thousandths of text space), indexed by cid. */
  widths: number[];
  spaceGid: number;
  /** Last page (counter) whose /Font resources hold this face. */
  page: number;
  /** cids drawn so far only with empty text: their ToUnicode entry waits for real text. */
  pending: Set<number> | null;
}

/** Graphics and text state of the current page's content stream. */
export interface DrawState {
  inText: boolean;
  face: FaceState | null;
  size: number;
  /** Current fill colour operator (`… k` or `… rg`), '' for the initial state. */
  fill: string;
  /** The Cmyk array `fill` was made from (layout shares one array per style: skips reformatting). */
  fillRef: Cmyk | null;
  stroke: string;
  lineWidth: number;
  /** CMYK for print, RGB for the screen PDF. */
  paint: Paint;
}

export function newDrawState(paint: Paint = CMYK_PAINT): DrawState {
  return { inText: false, face: null, size: 0, fill: '', fillRef: null, stroke: '', lineWidth: -1, paint };
}

export class GlyphRunWriter {
  private readonly faces = new Map<string, FaceState>();
  private pageNo = 0;

  constructor(private readonly doc: Doc) {}

  /** Register faces up front, so resource names and embedding follow this order. */
  register(faces: readonly FaceRef[]): void {
    for (const f of faces) this.face(f);
  }

  /** The glyph id of the space in a face (-1 if it has none). */
  spaceGid(ref: FaceRef): number {
    return this.face(ref).spaceGid;
  }

  /** Call right after `doc.addPage()`. */
  beginPage(): void {
    this.pageNo++;
  }

  /**
   * Append the operators that draw `run` to `out`. Opens a text object (`BT`) if none is open;
   * the caller closes it (`ET`) before drawing anything else.
   */
  write(run: GlyphRun, out: ContentBytes, st: DrawState): void {
    const { gids, dx, text } = run;
    const count = gids.length;
    if (count === 0) return;
    if (dx.length !== count || text.length !== count) {
      throw new Error(`PDF writer: glyph run with ${count} gids, ${dx.length} dx, ${text.length} texts`);
    }
    if (!(run.size > 0)) throw new Error(`PDF writer: bad font size ${run.size}`);
    const fs = this.face(run.face);
    if (fs.page !== this.pageNo) {
      internals(this.doc).page.fonts[fs.ef.id] = fs.ef.ref();
      fs.page = this.pageNo;
    }
    if (!st.inText) {
      out.op('BT');
      st.inText = true;
    }
    if (st.face !== fs || st.size !== run.size) {
      out.text(fs.name);
      out.n3(run.size);
      out.op(' Tf');
      st.face = fs;
      st.size = run.size;
    }
    if (run.color !== st.fillRef) {
      const col = st.paint.fill(run.color);
      if (col !== st.fill) {
        out.op(col);
        st.fill = col;
      }
      st.fillRef = run.color;
    }

    const k = 1000 / run.size;
    const { cidOf, widths } = fs;
    out.text('1 0 0 -1 ');
    out.n3(run.x);
    out.space();
    out.n3(run.y);
    out.text(' Tm[');
    // At most 32 bytes a glyph: `>`, an adjustment (24), `<`, 4 hex digits.
    const b = out.room(count * 32 + 4);
    let p = out.pos;
    let open = false;
    // Pen position in thousandths of text space from the run's origin, as the viewer will compute it.
    let pen = 0;
    for (let i = 0; i < count; i++) {
      const gid = gids[i]!;
      let cid = cidOf[gid];
      if (cid === undefined || cid < 0) cid = this.include(fs, gid, text[i]!);
      else if (fs.pending !== null && fs.pending.has(cid) && text[i] !== '') this.resolve(fs, cid, text[i]!);
      // round2(pen - dx[i] * k), its hundredths written as they are.
      const hundredths = Math.round((pen - dx[i]! * k) * 100);
      const adj = hundredths / 100;
      if (adj !== 0) {
        if (!Number.isFinite(adj)) throw new Error(`PDF writer: not a finite number: dx[${i}] = ${dx[i]}`);
        if (open) {
          b[p++] = 0x3e; // >
          open = false;
        }
        p = putFixed(b, p, hundredths, 100);
        pen -= adj;
      }
      if (!open) {
        b[p++] = 0x3c; // <
        open = true;
      }
      p = putHex4(b, p, cid);
      pen += widths[cid]!;
    }
    if (open) b[p++] = 0x3e;
    out.pos = p;
    out.op(']TJ');
  }

  /** Give every glyph drawn only with empty text a ToUnicode entry. Call before `doc.end()`. */
  finish(): void {
    for (const fs of this.faces.values()) {
      if (fs.pending === null || fs.pending.size === 0) continue;
      const reverse = reverseCmap(fs.ef.font);
      for (const cid of fs.pending) {
        // find the gid of this cid
        let gid = -1;
        for (let g = 0; g < fs.cidOf.length; g++) {
          if (fs.cidOf[g] === cid) {
            gid = g;
            break;
          }
        }
        const cp = reverse.get(gid);
        fs.ef.unicode[cid] = [cp ?? 0x20];
      }
      fs.pending = null;
    }
  }

  private face(ref: FaceRef): FaceState {
    let fs = this.faces.get(ref.path);
    if (fs) return fs;
    // The face's file opened once for the process (src/fonts/font-files.ts); pdfkit keys it by its path.
    this.doc.font(openFontFile(ref.path) as unknown as string, ref.path);
    const ef = internals(this.doc)._font as EmbeddedFont;
    if (
      !ef ||
      typeof ef.id !== 'string' ||
      typeof ef.subset?.includeGlyph !== 'function' ||
      !Array.isArray(ef.widths) ||
      !Array.isArray(ef.unicode) ||
      typeof ef.scale !== 'number' ||
      typeof ef.ref !== 'function'
    ) {
      throw pdfkitChanged(`EmbeddedFont for ${ref.path}`);
    }
    const cidOf = new Int32Array(ef.font.numGlyphs).fill(-1);
    fs = {
      ef,
      name: '/' + ef.id + ' ',
      cidOf,
      widths: ef.widths,
      spaceGid: ef.font.glyphForCodePoint(0x20)?.id ?? -1,
      page: -1,
      pending: null,
    };
    this.faces.set(ref.path, fs);
    return fs;
  }

  /** Put `gid` in the subset and fill widths/unicode the way `EmbeddedFont.encode()` does. */
  private include(fs: FaceState, gid: number, text: string): number {
    if (!Number.isInteger(gid) || gid < 0 || gid >= fs.cidOf.length) {
      throw new Error(`PDF writer: glyph id ${gid} is not in ${fs.ef.font.postscriptName}`);
    }
    const { ef } = fs;
    const cid = ef.subset.includeGlyph(gid);
    if (cid > 0xffff) throw new Error('PDF writer: more than 65535 glyphs in one face');
    fs.cidOf[gid] = cid;
    if (ef.widths[cid] == null) ef.widths[cid] = ef.font.getGlyph(gid).advanceWidth * ef.scale;
    if (ef.unicode[cid] == null) {
      if (gid === fs.spaceGid) ef.unicode[cid] = [0x20];
      else if (text !== '') ef.unicode[cid] = codePoints(text);
      else {
        // Placeholder so the ToUnicode array has no hole; replaced by the first real text.
        ef.unicode[cid] = [0x20];
        (fs.pending ??= new Set()).add(cid);
      }
    }
    return cid;
  }

  private resolve(fs: FaceState, cid: number, text: string): void {
    fs.ef.unicode[cid] = codePoints(text);
    fs.pending!.delete(cid);
  }
}

function codePoints(text: string): number[] {
  const cps: number[] = [];
  for (const ch of text) cps.push(ch.codePointAt(0)!);
  return cps;
}

/** gid → its smallest code point in the font's cmap. */
function reverseCmap(font: FontkitFont): Map<number, number> {
  const m = new Map<number, number>();
  const set = [...font.characterSet].sort((a, b) => a - b);
  for (const cp of set) {
    const g = font.glyphForCodePoint(cp);
    if (g && !m.has(g.id)) m.set(g.id, cp);
  }
  return m;
}

/** Set TrimBox and BleedBox (PDF coordinates, y up) on the current page. */
export function setPageBoxes(
  doc: Doc,
  trim: readonly [number, number, number, number],
  bleed: readonly [number, number, number, number],
): void {
  const page = internals(doc).page;
  const data = page?.dictionary?.data;
  if (!data || !Array.isArray(data.MediaBox)) throw pdfkitChanged('page.dictionary.data');
  data.TrimBox = [...trim];
  data.BleedBox = [...bleed];
}

/**
 * Deflate the current page's content stream ourselves at `level` (pdfkit would use zlib's default, 6);
 * level 0 leaves it uncompressed.
 * Call once the page is complete, before the next `addPage()` or `end()`.
 */
export function precompressPage(doc: Doc, level: number): void {
  const content = internals(doc).page?.content;
  if (!content || !Array.isArray(content.buffer) || typeof content.compress !== 'boolean') {
    throw pdfkitChanged('page.content');
  }
  if (level === 0) {
    content.compress = false;
    delete content.data.Filter;
    // Our chunks are views of the writer's content buffer, which the next sheet writes over.
    if (content.buffer.length > 0) content.buffer = [Buffer.concat(content.buffer)];
    return;
  }
  if (content.buffer.length === 0) return;
  const raw = content.buffer.length === 1 ? content.buffer[0]! : Buffer.concat(content.buffer);
  content.buffer = [zlib.deflateSync(raw, { level })];
  content.compress = false;
  content.data.Filter = 'FlateDecode';
}

const XML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * pdfkit 0.20 pastes Title/Author/Subject/Creator/Producer into the XMP packet unescaped
 * (`&` in a title makes it malformed XML). Wrap `_addInfo` so the XMP sees escaped copies
 * while the Info dictionary keeps the real strings.
 */
export function escapeXmpMetadata(doc: Doc): void {
  const d = internals(doc);
  const original = d._addInfo;
  if (typeof original !== 'function') throw pdfkitChanged('_addInfo');
  d._addInfo = function (this: DocInternals) {
    const saved = this.info;
    const escaped: Record<string, unknown> = {};
    for (const key of Object.keys(saved)) {
      const v = saved[key];
      escaped[key] = typeof v === 'string' ? v.replace(/[&<>]/g, (c) => XML_ESC[c]!) : v;
    }
    this.info = escaped;
    try {
      original.call(this);
    } finally {
      this.info = saved;
    }
  };
}

/** Opens an image from bytes once (pdfkit's registry only caches images given by path). */
/** Embed an opened image now and wait until pdfkit has written it (its decoding may be asynchronous). */
export async function embedNow(doc: Doc, im: unknown): Promise<void> {
  const i = im as { obj?: unknown; image: unknown; embed?: (d: Doc) => void };
  if (typeof i.embed !== 'function') throw pdfkitChanged('image.embed');
  if (!i.obj) i.embed(doc);
  while (i.image != null) await new Promise((r) => setImmediate(r));
}

export function openImage(doc: Doc, data: Uint8Array): unknown {
  const d = internals(doc);
  if (typeof d.openImage !== 'function') throw pdfkitChanged('openImage');
  return d.openImage(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** The PDF/X output intent: a registered characterization, or an embedded ICC output profile. */
export interface OutputIntentSpec {
  /** OutputConditionIdentifier, e.g. `FOGRA39`. */
  identifier: string;
  /** OutputCondition and Info, e.g. `Coated FOGRA39 (ISO 12647-2:2004)`. */
  condition: string;
  registry?: string;
  /** ICC output profile to embed as DestOutputProfile. */
  profile?: Uint8Array;
  /** Components of the profile's colour space (4 for CMYK). */
  components?: number;
}

/** Adds the one `/GTS_PDFX` OutputIntent to the Catalog. */
export function setOutputIntent(doc: Doc, spec: OutputIntentSpec): void {
  const root = internals(doc)._root;
  if (!root?.data) throw pdfkitChanged('_root');
  const data: Record<string, unknown> = {
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: new String(spec.identifier),
    OutputCondition: new String(spec.condition),
    Info: new String(spec.condition),
  };
  if (spec.registry) data.RegistryName = new String(spec.registry);
  if (spec.profile) {
    const prof = doc.ref({ N: spec.components ?? 4 });
    prof.end(Buffer.from(spec.profile.buffer, spec.profile.byteOffset, spec.profile.byteLength));
    data.DestOutputProfile = prof;
  }
  // Direct dictionary in the Catalog's array: nothing else refers to it.
  root.data.OutputIntents = [data];
}

/** A value of the Info dictionary: text, a date, or a PDF name (`{ name: 'False' }` → `/False`). */
export type InfoValue = string | Date | { name: string };

/**
 * Writes the Info dictionary with direct values in the given order (pdfkit makes each one an
 * indirect object, which some preflight profiles dislike, and cannot write names such as
 * `/Trapped /False`), and replaces pdfkit's XMP description with `xmpDescription` (one or more
 * `rdf:Description` elements; pdfkit adds the packet wrapper and stores the stream uncompressed).
 */
export function setInfoAndXmp(doc: Doc, info: [string, InfoValue][], xmpDescription: string): void {
  const d = internals(doc);
  if (typeof d._addInfo !== 'function' || typeof d.appendXML !== 'function' || typeof d.end !== 'function') throw pdfkitChanged('_addInfo/end');
  d._addInfo = function (this: DocInternals) {
    this.appendXML(xmpDescription);
  };
  const end = d.end;
  d.end = function (this: DocInternals) {
    const saved = this.info;
    this.info = {}; // pdfkit's own Info loop then writes nothing
    let box: PdfRef | undefined;
    Object.defineProperty(this, '_info', {
      configurable: true,
      enumerable: true,
      get: () => box,
      set: (ref: PdfRef) => {
        box = ref;
        for (const [key, v] of info) ref.data[key] = typeof v === 'string' ? new String(v) : v instanceof Date ? v : v.name;
      },
    });
    try {
      end.call(this);
    } finally {
      this.info = saved;
    }
  };
}

/** Sets the file identifier (trailer /ID, both halves): 16 bytes. */
export function setFileId(doc: Doc, id: Uint8Array): void {
  const d = internals(doc);
  if (!(d._id instanceof Uint8Array)) throw pdfkitChanged('_id');
  if (id.length !== 16) throw new Error('PDF writer: a file ID is 16 bytes');
  d._id = id;
}

/**
 * Put the pages in their places: `positions[i]` is the place of the i-th page added (a permutation
 * of 0…n−1). pdfkit lists pages in the order they were added; the page tree's order is the file's.
 */
export function orderPages(doc: Doc, positions: readonly number[]): void {
  const pages = internals(doc)._root?.data?.Pages as PdfRef | undefined;
  const kids = pages?.data?.Kids;
  if (!Array.isArray(kids) || kids.length !== positions.length) throw pdfkitChanged('_root.data.Pages.data.Kids');
  if (positions.every((p, i) => p === i)) return;
  const placed: unknown[] = new Array(kids.length);
  positions.forEach((p, i) => (placed[p] = kids[i]));
  kids.splice(0, kids.length, ...placed);
}

/** The Catalog's entries (the screen PDF adds MarkInfo, StructTreeRoot, PageMode there). */
export function catalogEntries(doc: Doc): Record<string, unknown> {
  const root = internals(doc)._root;
  if (!root?.data) throw pdfkitChanged('_root');
  return root.data;
}

/** The current page's dictionary (an object other objects can refer to) and its entries. */
export function currentPage(doc: Doc): { ref: unknown; data: Record<string, unknown> } {
  const dict = internals(doc).page?.dictionary;
  if (!dict?.data) throw pdfkitChanged('page.dictionary');
  return { ref: dict, data: dict.data };
}

/** One range of /PageLabels: from page `start` (0-based), a prefix and/or decimal numbers from `first`. */
export interface PageLabelRange {
  start: number;
  prefix?: string;
  decimal?: boolean;
  /** First number of the range (/St), when not 1. */
  first?: number;
}

/**
 * Catalog entries for navigation: /PageLabels (what viewers show as page numbers) and
 * /PageMode /UseOutlines when there are bookmarks (the panel opens with the file). Neither is an
 * action: both are allowed in PDF/X.
 */
export function setNavigation(doc: Doc, labels: PageLabelRange[], showOutline: boolean): void {
  const root = internals(doc)._root;
  if (!root?.data) throw pdfkitChanged('_root');
  if (labels.length) {
    const nums: unknown[] = [];
    for (const r of labels) {
      const d: Record<string, unknown> = {};
      if (r.decimal) d.S = 'D';
      if (r.prefix !== undefined) d.P = new String(r.prefix);
      if (r.first !== undefined && r.first !== 1) d.St = r.first;
      nums.push(r.start, d);
    }
    root.data.PageLabels = { Nums: nums };
  }
  if (showOutline) root.data.PageMode = 'UseOutlines';
}
