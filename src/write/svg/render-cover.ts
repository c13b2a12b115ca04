/**
 * Child process of `CoverRenderer` (cover.ts): an SVG on stdin → a PNG on stdout, rendered by sharp.
 * In a process of its own so that a booklet without images never loads libvips (~27 MB resident for
 * the whole build) for one picture. Started with the build, before the cover page exists, so that
 * Node's start and sharp's loading overlap the build. Arguments: density (dpi given to librsvg),
 * width (px). Having sharp loaded, it first names libvips' CMYK profile for the print report, as JSON
 * on file descriptor 3 (src/print/cmyk-profile.ts), so that the build need not load sharp for that
 * either. Its stdin closed without an SVG (the build did not need the picture) ends it without one.
 */
import fs from 'node:fs';
import sharp from 'sharp';
import { describeBuiltinCmyk } from '../../print/cmyk-profile.js';

const [density, width] = process.argv.slice(2).map(Number);
// Not knowing the profile is no reason to fail the picture: the build then asks sharp itself.
const told = await describeBuiltinCmyk(sharp).catch(() => undefined);
try {
  if (told) fs.writeSync(3, JSON.stringify(told));
  fs.closeSync(3);
} catch {
  // Run without a descriptor 3 (by hand): the picture is all there is to give.
}
// The SVG comes after its length (4 bytes, big-endian), not until the end of stdin: the build may
// not return to its event loop, which would close the pipe, before its end.
let input = Buffer.alloc(0);
let svg: Buffer | undefined;
for await (const c of process.stdin) {
  input = Buffer.concat([input, c as Buffer]);
  if (input.length >= 4 && input.length >= 4 + input.readUInt32BE(0)) {
    svg = input.subarray(4, 4 + input.readUInt32BE(0));
    break;
  }
}
if (svg) {
  const png = await sharp(svg, { density })
    .resize({ width })
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer();
  process.stdout.write(png);
}
