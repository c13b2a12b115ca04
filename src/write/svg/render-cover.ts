/**
 * Child process of `coverPicture` (cover.ts): an SVG on stdin → a PNG on stdout, rendered by sharp.
 * In a process of its own so that a booklet without images never loads libvips (~27 MB resident for
 * the whole build) for one picture. Arguments: density (dpi given to librsvg), width (px).
 */
import sharp from 'sharp';

const [density, width] = process.argv.slice(2).map(Number);
const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const png = await sharp(Buffer.concat(chunks), { density })
  .resize({ width })
  .flatten({ background: '#ffffff' })
  .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
  .toBuffer();
process.stdout.write(png);
