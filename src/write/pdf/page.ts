/**
 * One page's content: glyph runs, rects, rules and images, in the order layout gave them,
 * as one content string (images go through pdfkit's `image()`, between two flushes).
 */
import type PDFDocument from 'pdfkit';
import type { Page } from '../../layout/types.js';
import { addContent, newDrawState, type GlyphRunWriter } from './glyph-run.js';
import { cmykOperands, n3 } from './num.js';

type Doc = InstanceType<typeof PDFDocument>;

export function drawPage(doc: Doc, page: Page, glyphs: GlyphRunWriter): void {
  const out: string[] = [];
  const st = newDrawState();
  for (const item of page.items) {
    if (item.kind === 'glyphs') {
      glyphs.write(item, out, st);
      continue;
    }
    if (st.inText) {
      out.push('ET');
      st.inText = false;
    }
    switch (item.kind) {
      case 'rect': {
        const col = cmykOperands(item.fill);
        if (col !== st.fill) {
          out.push(col + ' k');
          st.fill = col;
        }
        st.fillRef = item.fill;
        out.push(`${n3(item.x)} ${n3(item.y)} ${n3(item.w)} ${n3(item.h)} re f`);
        break;
      }
      case 'line': {
        const col = cmykOperands(item.color);
        if (col !== st.stroke) {
          out.push(col + ' K');
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
        doc.image(item.asset.path, item.x, item.y, { width: item.w, height: item.h });
        break;
      }
      default: {
        const never: never = item;
        throw new Error(`PDF writer: unknown page item ${(never as { kind: string }).kind}`);
      }
    }
  }
  if (st.inText) out.push('ET');
  if (out.length > 0) addContent(doc, out.join('\n') + '\n');
}
