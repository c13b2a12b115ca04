/**
 * One laid-out page → SVG, cropped to the trim: rectangles, rules and glyphs (as outlines from the
 * same font files the PDF embeds, so no font is needed to show it). Used for the EPUB's cover
 * picture when the booklet has no cover image. CMYK is shown as RGB by the naive formula; images are
 * not drawn (a page with a cover image needs no picture: the image is the cover).
 */
import type * as fontkit from 'fontkit';
import { openFontFile } from '../../fonts/font-files.js';
import type { Cmyk } from '../../template/types.js';
import type { PagedBooklet } from '../../layout/types.js';

/** Naive CMYK (percent) → `rgb(…)`: r = 255·(1−c)(1−k), and so on. */
function rgb([c, m, y, k]: Cmyk): string {
  const ch = (v: number) => Math.round(255 * (1 - v / 100) * (1 - k / 100));
  return `rgb(${ch(c)},${ch(m)},${ch(y)})`;
}

/** A number for SVG: at most 3 decimals. */
const n = (v: number) => String(Math.round(v * 1000) / 1000);

export interface PageSvg {
  svg: string;
  /** Trim size, pt. */
  width: number;
  height: number;
}

export function pageSvg(paged: PagedBooklet, index: number): PageSvg {
  const page = paged.pages[index];
  if (page === undefined) throw new Error(`pageSvg: no page ${index}`);
  const [x1, y1, x2, y2] = paged.trimBox;
  // trimBox is in PDF coordinates (y up); the layout's y goes down from the MediaBox top.
  const top = paged.height - y2;
  const width = x2 - x1;
  const height = y2 - y1;
  const fonts = new Map<string, { font: fontkit.Font; key: number }>();
  const glyphs = new Map<string, string>();
  const fontOf = (path: string) => {
    let f = fonts.get(path);
    if (f === undefined) fonts.set(path, (f = { font: openFontFile(path), key: fonts.size + 1 }));
    return f;
  };
  /** Each glyph outline once, in <defs>, in font units (y up). */
  const glyphId = (path: string, gid: number): string => {
    const f = fontOf(path);
    const id = `g${f.key}-${gid}`;
    if (!glyphs.has(id)) glyphs.set(id, f.font.getGlyph(gid).path.toSVG());
    return id;
  };
  let body = '';
  for (const it of page.items) {
    switch (it.kind) {
      case 'rect':
        body += `<rect x="${n(it.x)}" y="${n(it.y)}" width="${n(it.w)}" height="${n(it.h)}" fill="${rgb(it.fill)}"/>\n`;
        break;
      case 'line':
        body += `<line x1="${n(it.x1)}" y1="${n(it.y1)}" x2="${n(it.x2)}" y2="${n(it.y2)}" stroke="${rgb(it.color)}" stroke-width="${n(it.width)}"/>\n`;
        break;
      case 'glyphs': {
        const s = it.size / fontOf(it.face.path).font.unitsPerEm;
        let uses = '';
        it.gids.forEach((gid, k) => {
          if (it.text[k] === ' ') return;
          uses += `<use href="#${glyphId(it.face.path, gid)}" x="${n(it.dx[k]! / s)}"/>`;
        });
        if (uses !== '') body += `<g transform="translate(${n(it.x)} ${n(it.y)}) scale(${s.toFixed(7)} ${(-s).toFixed(7)})" fill="${rgb(it.color)}">${uses}</g>\n`;
        break;
      }
      case 'image':
        break;
    }
  }
  const defs = [...glyphs].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join('\n');
  const svg =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n(width)}pt" height="${n(height)}pt" viewBox="${n(x1)} ${n(top)} ${n(width)} ${n(height)}">\n` +
    `<defs>\n${defs}\n</defs>\n<rect x="${n(x1)}" y="${n(top)}" width="${n(width)}" height="${n(height)}" fill="#fff"/>\n${body}</svg>\n`;
  return { svg, width, height };
}
