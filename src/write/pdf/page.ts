/**
 * One page's content: glyph runs, rects, rules and images, in the order layout gave them,
 * as one content string (images go through pdfkit's `image()`, between two flushes).
 * A page can be placed with an offset and a clip (crop marks, imposed sheets): it is then wrapped
 * in `q … Q` with a `cm` translation and an `re W n` clip, in the page's own coordinates.
 */
import type PDFDocument from 'pdfkit';
import type { ImageAsset } from '../../model/types.js';
import type { GlyphRun, PageItem } from '../../layout/types.js';
import { addContent, newDrawState, type DrawState, type GlyphRunWriter } from './glyph-run.js';
import { n3 } from './num.js';
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
  before(item: PageItem, out: string[], st: DrawState): void;
  /** Called after the last item: closes what is open. */
  end(out: string[], st: DrawState): void;
  /** Writes a glyph run in its stead, when given (line ends as text for the tags). */
  glyphs?(run: GlyphRun, out: string[], st: DrawState, writer: GlyphRunWriter): void;
}

export function drawPage(doc: Doc, items: readonly PageItem[], glyphs: GlyphRunWriter, image: ImageSource, placing: Placing = {}): void {
  const out: string[] = [];
  const st = newDrawState(placing.paint);
  const marker = placing.marker;
  const dx = placing.dx ?? 0;
  const dy = placing.dy ?? 0;
  const wrapped = dx !== 0 || dy !== 0 || placing.clip !== undefined;
  if (wrapped) {
    out.push('q');
    if (dx !== 0 || dy !== 0) out.push(`1 0 0 1 ${n3(dx)} ${n3(dy)} cm`);
    if (placing.clip) {
      const [x, y, w, h] = placing.clip;
      out.push(`${n3(x)} ${n3(y)} ${n3(w)} ${n3(h)} re W n`);
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
      out.push('ET');
      st.inText = false;
    }
    switch (item.kind) {
      case 'rect': {
        const col = st.paint.fill(item.fill);
        if (col !== st.fill) {
          out.push(col);
          st.fill = col;
        }
        st.fillRef = item.fill;
        out.push(`${n3(item.x)} ${n3(item.y)} ${n3(item.w)} ${n3(item.h)} re f`);
        break;
      }
      case 'line': {
        const col = st.paint.stroke(item.color);
        if (col !== st.stroke) {
          out.push(col);
          st.stroke = col;
        }
        if (item.width !== st.lineWidth) {
          out.push(n3(item.width) + ' w');
          st.lineWidth = item.width;
        }
        out.push(`${n3(item.x1)} ${n3(item.y1)} m ${n3(item.x2)} ${n3(item.y2)} l S`);
        break;
      }
      case 'image': {
        if (out.length > 0) {
          addContent(doc, out.join('\n') + '\n');
          out.length = 0;
        }
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
  if (st.inText) out.push('ET');
  st.inText = false;
  marker?.end(out, st);
  if (wrapped) out.push('Q');
  if (out.length > 0) addContent(doc, out.join('\n') + '\n');
}
