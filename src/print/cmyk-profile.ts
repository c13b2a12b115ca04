/**
 * The CMYK profile libvips (inside sharp) carries and uses for `cmyk`, named for the report: read from
 * a one-pixel conversion with the profile attached, so the report names the profile actually used.
 * Run in the build (src/print/images.ts) or, for a booklet without images, by the process that renders
 * the EPUB's cover picture (src/write/svg/render-cover.ts), which loads sharp anyway.
 */
import type sharpFn from 'sharp';
import type { ConversionProfile } from './images.js';
import { readIcc } from './icc.js';

export async function describeBuiltinCmyk(sharp: typeof sharpFn): Promise<ConversionProfile> {
  const jpeg = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } }).withIccProfile('cmyk').jpeg().toBuffer();
  const icc = (await sharp(jpeg).metadata()).icc;
  const name = icc ? readIcc(icc).description || 'unnamed' : 'unknown';
  return { use: 'cmyk', name, source: `the CMYK profile built into libvips ${sharp.versions.vips} (sharp ${sharp.versions.sharp ?? '?'})` };
}

/** A ConversionProfile read back from JSON (the renderer process's report), or undefined if it is not one. */
export function conversionProfileOf(v: unknown): ConversionProfile | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { use, name, source } = v as Record<string, unknown>;
  return use === 'cmyk' && typeof name === 'string' && typeof source === 'string' ? { use, name, source } : undefined;
}
