/**
 * Images of the screen PDF: RGB and grey files are embedded as they are (PNG alpha stays: the
 * screen file may have transparency); CMYK JPEGs are converted to sRGB with sharp, through their
 * own embedded profile or, without one, the CMYK profile libvips carries (the one the print file
 * separates RGB images with). Same bytes in, same bytes out.
 */
import { promises as fs } from 'node:fs';
import { loadSharp } from '../util/sharp.js';
import type { ImageAsset } from '../model/types.js';

export interface ScreenImage {
  data: Uint8Array;
  /** `kept` or `converted to sRGB`. */
  action: string;
}

const JPEG_QUALITY = 92;

export async function prepareScreenImages(assets: readonly ImageAsset[]): Promise<Map<string, ScreenImage>> {
  const out = new Map<string, ScreenImage>();
  for (const a of assets) {
    if (out.has(a.path)) continue;
    out.set(a.path, await prepareScreenImage(a));
  }
  return out;
}

export async function prepareScreenImage(asset: ImageAsset): Promise<ScreenImage> {
  const bytes = await fs.readFile(asset.path);
  const sharp = await loadSharp();
  const meta = await sharp(bytes).metadata();
  if (meta.space !== 'cmyk') return { data: bytes, action: 'kept' };
  const data = await sharp(bytes).toColourspace('srgb').jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' }).toBuffer();
  return { data, action: 'converted to sRGB' };
}
