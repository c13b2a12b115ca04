/**
 * Print preparation of images, between layout and the PDF writer: every image the print PDF places
 * becomes DeviceCMYK or DeviceGray, without alpha, as bytes pdfkit embeds as they are.
 *
 *   RGB (JPEG or PNG)          → CMYK JPEG, separated with sharp through a real CMYK output profile
 *                                 (the template's ICC file, else the profile libvips carries)
 *   grey, or RGB whose pixels are all neutral → grey (JPEG stays JPEG, PNG stays PNG: lossless)
 *   alpha (PNG)                → flattened onto the page colour, white, first: no soft mask
 *   CMYK JPEG (Adobe, inverted) → kept as it is; any other CMYK JPEG is written again as Adobe CMYK
 *
 * pdfkit embeds a CMYK JPEG with `/Decode [1 0 1 0 1 0 1 0]`, i.e. it assumes Adobe's inverted CMYK;
 * libvips writes CMYK JPEGs that way (inverted, with the Adobe APP14 marker), so the two agree.
 * The conversion is deterministic: same bytes in, same libvips and profile → same bytes out.
 * EXIF orientation is not applied (the layout placed the image by its stored size) and metadata is
 * not copied (no EXIF, no embedded profile: the PDF's colour is Device CMYK/Gray under the output intent).
 */
import { promises as fs } from 'node:fs';
import { loadSharp, sharpRequested } from '../util/sharp.js';
import { describeBuiltinCmyk } from './cmyk-profile.js';
import type { ImageAsset } from '../model/types.js';

/** The CMYK profile images are separated with. */
export interface ConversionProfile {
  /** What sharp's `withIccProfile` takes: `cmyk` (libvips's built-in profile) or an absolute file path. */
  use: string;
  /** The profile's own description (its `desc` tag), e.g. `Chemical proof`. */
  name: string;
  /** Where it comes from, for the report. */
  source: string;
}

export type PreparedColour = 'cmyk' | 'gray';

export interface PreparedImage {
  /** The asset's absolute path (the map key) and its path in the source folder. */
  path: string;
  rel: string;
  /** Bytes for pdfkit: a JPEG (gray or Adobe CMYK) or a grey PNG without alpha. */
  data: Buffer;
  format: 'jpeg' | 'png';
  colour: PreparedColour;
  width: number;
  height: number;
  /** What the source was, e.g. `RGB PNG with alpha`. */
  from: string;
  /** What was done: `kept`, `converted to CMYK`, `converted to grey`, `rewritten as Adobe CMYK`. */
  action: string;
  /** The alpha channel was flattened onto white. */
  flattened: boolean;
  /** The profile that separated it (CMYK conversions only). */
  profile?: string;
  /** EXIF orientation of the source (1 = upright); the print shows the image as stored. */
  orientation: number;
}

const JPEG_QUALITY = 92;
/** Largest channel difference of a pixel still counted as neutral (JPEG chroma noise). */
const NEUTRAL = 6;
const CONCURRENCY = 4;

/** Prepares each asset once, in the order given; the map is keyed by `asset.path`. */
/** As the image check decodes them (src/load/images.ts): damaged data that still gives a picture is printed, with its warning. */
const DECODE = { failOn: 'error' } as const;

export async function prepareImages(assets: readonly ImageAsset[], profile: ConversionProfile): Promise<Map<string, PreparedImage>> {
  const unique: ImageAsset[] = [];
  const seen = new Set<string>();
  for (const a of assets) {
    if (seen.has(a.path)) continue;
    seen.add(a.path);
    unique.push(a);
  }
  const results: PreparedImage[] = new Array(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const i = next++;
      results[i] = await prepareImage(unique[i]!, profile);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return new Map(results.map((r) => [r.path, r]));
}

export async function prepareImage(asset: ImageAsset, profile: ConversionProfile): Promise<PreparedImage> {
  const bytes = await fs.readFile(asset.path);
  const sharp = await loadSharp();
  const meta = await sharp(bytes, DECODE).metadata();
  const width = meta.width ?? asset.width;
  const height = meta.height ?? asset.height;
  const isJpeg = meta.format === 'jpeg';
  const alpha = !!meta.hasAlpha;
  const orientation = meta.orientation ?? 1;
  const rotated = orientation > 1;
  const base = { path: asset.path, rel: asset.rel, width, height, orientation };
  const kind = isJpeg ? 'JPEG' : 'PNG';

  if (meta.space === 'cmyk') {
    const adobe = isJpeg && hasAdobeMarker(bytes);
    if (adobe && !rotated) return { ...base, data: bytes, format: 'jpeg', colour: 'cmyk', from: `CMYK ${kind}`, action: 'kept', flattened: false };
    // Not Adobe-inverted (pdfkit would draw a negative): write it again; libvips reads and writes CMYK.
    const data = await sharp(bytes, DECODE).pipelineColourspace('cmyk').toColourspace('cmyk').jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' }).toBuffer();
    return { ...base, data, format: 'jpeg', colour: 'cmyk', from: `CMYK ${kind}`, action: 'rewritten as Adobe CMYK', flattened: false };
  }

  const grey = meta.channels === 1 || meta.channels === 2 || meta.space === 'b-w' || meta.space === 'grey16';
  const neutral = grey || (await isNeutral(bytes));
  const from = `${grey ? 'grey' : 'RGB'} ${kind}${alpha ? ' with alpha' : ''}`;
  if (neutral) {
    if (isJpeg && grey && !rotated) return { ...base, data: bytes, format: 'jpeg', colour: 'gray', from, action: 'kept', flattened: false };
    const flat = sharp(bytes, DECODE).flatten({ background: '#ffffff' }).toColourspace('b-w');
    const data = isJpeg ? await flat.jpeg({ quality: JPEG_QUALITY }).toBuffer() : await flat.png({ compressionLevel: 6 }).toBuffer();
    return { ...base, data, format: isJpeg ? 'jpeg' : 'png', colour: 'gray', from, action: grey ? (alpha ? 'flattened' : 'rewritten') : 'converted to grey (neutral pixels)', flattened: alpha };
  }
  const data = await sharp(bytes, DECODE)
    .flatten({ background: '#ffffff' })
    .withIccProfile(profile.use, { attach: false })
    .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' })
    .toBuffer();
  const check = await sharp(data).metadata();
  if (check.space !== 'cmyk' || check.channels !== 4) {
    throw new Error(`print images: ${asset.rel} did not come out as CMYK (got ${check.space}); is ${profile.source} a CMYK profile?`);
  }
  return { ...base, data, format: 'jpeg', colour: 'cmyk', from, action: 'converted to CMYK', flattened: alpha, profile: profile.name };
}

/** Every pixel (after flattening alpha onto white) has R, G and B within NEUTRAL of each other. */
async function isNeutral(bytes: Buffer): Promise<boolean> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(bytes, DECODE).flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const c = info.channels;
  if (c < 3) return true;
  for (let i = 0; i + 2 < data.length; i += c) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.abs(r - g) > NEUTRAL || Math.abs(g - b) > NEUTRAL || Math.abs(r - b) > NEUTRAL) return false;
  }
  return true;
}

/** The JPEG has an Adobe APP14 segment (Photoshop's and libvips's inverted CMYK). */
export function hasAdobeMarker(b: Uint8Array): boolean {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker === 0xee && len >= 7 && String.fromCharCode(...b.subarray(i + 4, i + 9)) === 'Adobe') return true;
    i += 2 + len;
  }
  return false;
}

let builtin: Promise<ConversionProfile> | undefined;
let offered: Promise<ConversionProfile | undefined> | undefined;

/**
 * The CMYK profile libvips (inside sharp) carries and uses for `cmyk` (cmyk-profile.ts). A booklet
 * without images does not load sharp in the build: the process rendering the EPUB's cover picture,
 * which loads it anyway, tells the profile (`offerBuiltinCmykProfile`); asked here only when it could not.
 */
export function builtinCmykProfile(): Promise<ConversionProfile> {
  builtin ??= (async () => {
    const told = offered && !sharpRequested() ? await offered.catch(() => undefined) : undefined;
    return told ?? describeBuiltinCmyk(await loadSharp());
  })();
  return builtin;
}

/** What another process that loaded sharp says the built-in profile is (undefined: it could not tell). */
export function offerBuiltinCmykProfile(p: Promise<ConversionProfile | undefined>): void {
  offered = p;
}
