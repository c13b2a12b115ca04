/**
 * One page's content: glyph runs, rects, rules and images, in the order layout gave them,
 * written as bytes into the writer's content buffer and handed to the page's stream (images go
 * through pdfkit's `image()`, between two hand-overs).
 * A page can be placed with an offset and a clip (crop marks, imposed sheets): it is then wrapped
 * in `q … Q` with a `cm` translation and an `re W n` clip, in the page's own coordinates.
 */
import type PDFDocument from 'pdfkit';
import type { ImageAsset } from '../../model/types.js';
import type { GlyphRun, PageItem } from '../../layout/types.js';
import type { ContentBytes } from './content.js';
import { newDrawState, type DrawState, type GlyphRunWriter } from './glyph-run.js';
import type { Paint } from './paint.js';

type Doc = InstanceType<typeof PDFDocument>;

/** What pdfkit's `image()` is given for an asset: a file path, or an image opened from prepared bytes. */
export type ImageSource = (asset: ImageAsset) => unknown;

export interface Placing {
  /** Translation of the items' coordinates (pt, y down). */
  dx?: number;
  dy?: number;
  /** Clip rectangle in the items' own coordinates: [x, y, w, h]. */
  clip?: readonly [number, number, number, number];
  /** Colour operators: CMYK (default) or RGB. */
  paint?: Paint;
  /** Marked content around the items (the screen PDF's tags, see tagged.ts). */
  marker?: ContentMarker;
}

/** Opens and closes marked content (BDC … EMC) between the items of a page. */
export interface ContentMarker {
  /** Called before each item: may end the text object (`ET`, `st.inText = false`) and push `EMC` / `BDC`. */
  before(item: PageItem, out: ContentBytes, st: DrawState): void;
  /** Called after the last item: closes what is open. */
  end(out: ContentBytes, st: DrawState): void;
  /** Writes a glyph run in its stead, when given (line ends as text for the tags). */
  glyphs?(run: GlyphRun, out: ContentBytes, st: DrawState, writer: GlyphRunWriter): void;
}

/** Hands what `out` holds to the page's content stream (a view of the buffer: pdfkit keeps it as it is). */
function handOver(doc: Doc, out: ContentBytes): void {
  if (out.pending) doc.addContent(out.take());
}

/** `out`: the writer's content buffer, cleared when the sheet began (several placements share it). */
export function drawPage(doc: Doc, items: readonly PageItem[], glyphs: GlyphRunWriter, image: ImageSource, out: ContentBytes, placing: Placing = {}): void {
  const st = newDrawState(placing.paint);
  const marker = placing.marker;
  const dx = placing.dx ?? 0;
  const dy = placing.dy ?? 0;
  const wrapped = dx !== 0 || dy !== 0 || placing.clip !== undefined;
  if (wrapped) {
    out.op('q');
    if (dx !== 0 || dy !== 0) {
      out.text('1 0 0 1 ');
      out.n3(dx);
      out.space();
      out.n3(dy);
      out.op(' cm');
    }
    if (placing.clip) {
      const [x, y, w, h] = placing.clip;
      quad(out, x, y, w, h);
      out.op(' re W n');
    }
  }
  for (const item of items) {
    marker?.before(item, out, st);
    if (item.kind === 'glyphs') {
      if (marker?.glyphs) marker.glyphs(item, out, st, glyphs);
      else glyphs.write(item, out, st);
      continue;
    }
    if (st.inText) {
      out.op('ET');
      st.inText = false;
    }
    switch (item.kind) {
      case 'rect': {
        const col = st.paint.fill(item.fill);
        if (col !== st.fill) {
          out.op(col);
          st.fill = col;
        }
        st.fillRef = item.fill;
        quad(out, item.x, item.y, item.w, item.h);
        out.op(' re f');
        break;
      }
      case 'line': {
        const col = st.paint.stroke(item.color);
        if (col !== st.stroke) {
          out.op(col);
          st.stroke = col;
        }
        if (item.width !== st.lineWidth) {
          out.n3(item.width);
          out.op(' w');
          st.lineWidth = item.width;
        }
        out.n3(item.x1);
        out.space();
        out.n3(item.y1);
        out.text(' m ');
        out.n3(item.x2);
        out.space();
        out.n3(item.y2);
        out.op(' l S');
        break;
      }
      case 'image': {
        handOver(doc, out);
        // pdfkit wraps the image in q … Q: our colour and line state survive it.
        doc.image(image(item.asset) as string, item.x, item.y, { width: item.w, height: item.h });
        break;
      }
      default: {
        const never: never = item;
        throw new Error(`PDF writer: unknown page item ${(never as { kind: string }).kind}`);
      }
    }
  }
  if (st.inText) out.op('ET');
  st.inText = false;
  marker?.end(out, st);
  if (wrapped) out.op('Q');
  handOver(doc, out);
}

/** `x y w h`, each rounded to 1/1000. */
function quad(out: ContentBytes, x: number, y: number, w: number, h: number): void {
  out.n3(x);
  out.space();
  out.n3(y);
  out.space();
  out.n3(w);
  out.space();
  out.n3(h);
}
