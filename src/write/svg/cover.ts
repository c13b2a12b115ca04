/**
 * The EPUB's cover picture when the booklet has no cover image: the print cover (page 1 of the
 * layout, cropped to the trim) drawn as SVG, then rendered to PNG by sharp, which reading systems'
 * shelves show more reliably than SVG. sharp runs in a child process (render-cover.ts), so that a
 * booklet without images never loads libvips into the build.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PagedBooklet } from '../../layout/types.js';
import { conversionProfileOf } from '../../print/cmyk-profile.js';
import type { ConversionProfile } from '../../print/images.js';
import { PACKAGE_ROOT } from '../../template/load.js';
import { pageSvg } from './page.js';

/** The child's script, compiled (`npm ci`, `npm run build`): the tests run src/, the CLI the bundle. */
const RENDER_COVER = path.join(PACKAGE_ROOT, 'lib', 'write', 'svg', 'render-cover.js');

/** Density given to librsvg (sharp), then the width the picture is scaled to (px). */
const DENSITY = 144;
const WIDTH = 900;

export interface CoverPicture {
  bytes: Uint8Array;
  mediaType: 'image/png';
  width: number;
  height: number;
}

/**
 * The cover page as a PNG, or undefined when the booklet has no cover page. `onProfile` receives
 * libvips' CMYK profile as the renderer names it (cmyk-profile.ts), unless it could not.
 */
export async function coverPicture(paged: PagedBooklet, onProfile?: (p: ConversionProfile) => void): Promise<CoverPicture | undefined> {
  const index = paged.pages.findIndex((p) => p.kind === 'cover');
  if (index < 0) return undefined;
  const { svg } = pageSvg(paged, index);
  const data = await renderPng(svg, onProfile);
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  const info = { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  return { bytes: new Uint8Array(data), mediaType: 'image/png', width: info.width, height: info.height };
}

/** The SVG rendered by the child process; rejects with its error output if it fails. */
export function renderPng(svg: string, onProfile?: (p: ConversionProfile) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RENDER_COVER, String(DENSITY), String(WIDTH)], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const told: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => told.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const png = Buffer.concat(out);
      if (code === 0 && png.length > 24) {
        const profile = onProfile && parsed(Buffer.concat(told).toString());
        if (profile) onProfile!(profile);
        resolve(png);
      } else reject(new Error(`cover picture: the renderer (${path.relative(PACKAGE_ROOT, RENDER_COVER)}) failed with code ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
    child.stdin!.end(svg);
  });
}

function parsed(json: string): ConversionProfile | undefined {
  try {
    return conversionProfileOf(JSON.parse(json));
  } catch {
    return undefined;
  }
}
