/**
 * The EPUB's cover picture when the booklet has no cover image: the print cover (page 1 of the
 * layout, cropped to the trim) drawn as SVG, then rendered to PNG by sharp, which reading systems'
 * shelves show more reliably than SVG.
 */
import { loadSharp } from '../../util/sharp.js';
import type { PagedBooklet } from '../../layout/types.js';
import { pageSvg } from './page.js';

/** Density given to librsvg (sharp), then the width the picture is scaled to (px). */
const DENSITY = 144;
const WIDTH = 900;

export interface CoverPicture {
  bytes: Uint8Array;
  mediaType: 'image/png';
  width: number;
  height: number;
}

/** The cover page as a PNG, or undefined when the booklet has no cover page. */
export async function coverPicture(paged: PagedBooklet): Promise<CoverPicture | undefined> {
  const index = paged.pages.findIndex((p) => p.kind === 'cover');
  if (index < 0) return undefined;
  const { svg } = pageSvg(paged, index);
  const sharp = await loadSharp();
  const { data, info } = await sharp(Buffer.from(svg), { density: DENSITY })
    .resize({ width: WIDTH })
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data), mediaType: 'image/png', width: info.width, height: info.height };
}
