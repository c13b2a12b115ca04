/**
 * Image references: `![alt](photo.jpg)`, `portrait:`, `cover_image:`. An image must be a JPEG or
 * PNG file inside the source folder; its format is read from its bytes and it is decoded in full
 * once, so a damaged file is caught before the build.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadSharp } from '../util/sharp.js';
import type { Diagnostic, DiagnosticBag, Severity } from '../diagnostics.js';
import type { ImageAsset } from '../model/types.js';
import { closest, displayPath, isInside, specialFileKind } from './util.js';

/** Where an image is referenced: the source folder, and the file and position of the reference. */
export interface ImageFrom {
  /** Source folder (absolute, or relative to `cwd`); references are relative to it. */
  dir: string;
  /** File holding the reference, as shown to the user. */
  file: string;
  line: number;
  column: number;
  /** The user's current folder (for folder names in messages). */
  cwd: string;
}

/** A reference position; `dir` and `cwd` default to the resolver's. */
export type ImageAt = Omit<ImageFrom, 'dir' | 'cwd'> & Partial<Pick<ImageFrom, 'dir' | 'cwd'>>;

interface Problem {
  severity: Severity;
  code: string;
  message: string;
}

interface Checked {
  asset?: ImageAsset;
  problems: Problem[];
  /** The file could not be read (`gone`: it was not there any more): checked again next build. */
  unread?: 'gone' | 'refused';
}

/** Image checks kept across builds, by real path, with the `mtimeMs:size:rel` they were made for. */
export type ImageCheckCache = Map<string, { stamp: string; pending: Promise<unknown> }>;

/**
 * Resolves image references and keeps what it found per file, so an image used twice in a build
 * is read and decoded once. Use one resolver per build.
 */
export class ImageResolver {
  private readonly checked = new Map<string, Promise<Checked>>();
  private readonly realDirs = new Map<string, Promise<string>>();
  /** By the real path of an image: its first reference, for an error when a later read fails. */
  private readonly uses = new Map<string, { at: ImageAt; written: string; shownDir: string }>();

  /**
   * `dir` and `cwd`: defaults for references that do not give their own.
   * `shared`: kept across builds (`booklet watch`): an image whose modification time and size are
   * unchanged is not read and decoded again.
   */
  constructor(
    private readonly dir?: string,
    private readonly cwd: string = process.cwd(),
    private readonly shared?: ImageCheckCache,
  ) {}

  async resolve(ref: string, at: ImageAt, bag: DiagnosticBag): Promise<ImageAsset | undefined> {
    const report = (p: Problem) => bag.add({ file: at.file, line: at.line, column: at.column, ...p });
    const error = (code: string, message: string) => report({ severity: 'error', code, message });
    const cwd = at.cwd ?? this.cwd;
    const dirGiven = at.dir ?? this.dir;
    if (dirGiven === undefined) throw new Error('ImageResolver: no source folder given');
    const dir = path.resolve(cwd, dirGiven);
    const shownDir = displayPath(dir, cwd);
    const written = ref.trim();

    if (written === '') {
      error('image-missing-path', 'the image has no file name — write the image file name in the parentheses: ![description](photo.jpg)');
      return undefined;
    }
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(written)?.[1]?.toLowerCase();
    const drive = /^[a-zA-Z]:[\\/]/.test(written);
    if (!drive && (scheme !== undefined || written.startsWith('//'))) {
      error(
        'image-remote',
        scheme === 'data'
          ? 'an image written into the text (`data:`) is not accepted — save the image as a file in the source folder and link it by its relative path, e.g. photo.jpg'
          : scheme === 'file'
            ? `a \`file:\` link points outside the source folder — copy the image into ${shownDir} and link it by its relative path, e.g. photo.jpg`
            : `remote images are not fetched (no network during a build): \`${written}\` — download the image into the source folder and link it by its relative path`,
      );
      return undefined;
    }
    if (drive || path.isAbsolute(written) || written.startsWith('/') || written.startsWith('\\')) {
      error(
        'image-absolute',
        `\`${written}\` is a full path on this computer — copy the image into the source folder ${shownDir} and link it by its relative path, e.g. ${path.basename(written.replace(/\\/g, '/'))}`,
      );
      return undefined;
    }
    if (written.includes('\\')) {
      error('image-backslash', `\`${written}\` uses backslashes — write the path with forward slashes: ${written.replace(/\\/g, '/')}`);
      return undefined;
    }

    // `my%20photo.jpg` as a Markdown link may mean `my photo.jpg`.
    const names = [written];
    if (/%[0-9a-fA-F]{2}/.test(written)) {
      try {
        names.push(decodeURIComponent(written));
      } catch {
        // not valid percent-encoding: keep the name as written
      }
    }
    // An accented name may be stored decomposed (NFD, as macOS writes it) and typed composed (NFC), or the other way round.
    for (const n of [...names]) for (const form of ['NFC', 'NFD'] as const) if (!names.includes(n.normalize(form))) names.push(n.normalize(form));
    let target = '';
    let stat: import('node:fs').Stats | undefined;
    for (const name of names) {
      target = path.resolve(dir, name);
      if (!isInside(dir, target)) {
        error(
          'image-outside',
          `\`${written}\` is outside the source folder ${shownDir} — copy the image into the folder and link it as ${path.basename(target)}`,
        );
        return undefined;
      }
      stat = await fs.stat(target).catch(() => undefined);
      if (stat) break;
    }
    if (!stat) {
      const realDir = await this.realDir(dir);
      const near = await suggest(realDir, path.relative(dir, path.resolve(dir, names[names.length - 1]!)));
      error('image-missing', notFoundMessage(written, shownDir, near));
      return undefined;
    }
    if (stat.isDirectory()) {
      error('image-not-a-file', `\`${written}\` is a folder, not an image — link the image file inside it, e.g. ${written.replace(/\/$/, '')}/photo.jpg`);
      return undefined;
    }
    if (!stat.isFile()) {
      error('image-not-a-file', `\`${written}\` is not a regular file (${specialFileKind(stat)}), so it is not read — put the image file (JPEG or PNG) in its place`);
      return undefined;
    }
    const realDir = await this.realDir(dir);
    // Gone since the stat (renamed away by an editor's safe-save, say): as if missing.
    const real = await fs.realpath(target).catch(() => undefined);
    if (real === undefined) {
      error('image-missing', notFoundMessage(written, shownDir));
      return undefined;
    }
    if (!isInside(realDir, real)) {
      error(
        'image-outside',
        `\`${written}\` is a link to a file outside the source folder ${shownDir} — copy the image itself into the folder`,
      );
      return undefined;
    }
    const base = path.basename(target);
    const listed = await fs.readdir(path.dirname(target)).catch(() => [] as string[]);
    if (!listed.includes(base)) {
      const actual = listed.find((n) => n.toLowerCase() === base.toLowerCase());
      if (actual) {
        error(
          'image-name-case',
          `\`${written}\` is named \`${actual}\` on disk — write the name with the same capital letters (other computers tell them apart)`,
        );
        return undefined;
      }
    }

    const rel = path.relative(realDir, real).split(path.sep).join('/');
    const key = `${realDir}\0${real}`;
    let pending = this.checked.get(key);
    if (!pending) {
      const stamp = `${stat.mtimeMs}:${stat.size}:${rel}`;
      const hit = this.shared?.get(key);
      pending = hit && hit.stamp === stamp ? (hit.pending as Promise<Checked>) : checkImage(real, rel);
      this.shared?.set(key, { stamp, pending });
      this.checked.set(key, pending);
    }
    const result = await pending;
    if (result.unread && this.shared?.get(key)?.pending === pending) this.shared.delete(key);
    if (result.unread === 'gone') {
      error('image-missing', notFoundMessage(written, shownDir));
      return undefined;
    }
    for (const p of result.problems) report(p);
    if (result.asset && !this.uses.has(result.asset.path)) this.uses.set(result.asset.path, { at, written, shownDir });
    return result.asset;
  }

  /**
   * An image checked here that a later read could not open (moved or renamed away since, say by an
   * editor's safe-save during `booklet watch`): the error at its first reference, as when it was
   * missing from the start. Undefined for any other error.
   */
  readFailure(e: unknown): Diagnostic | undefined {
    const { code, path: file } = (e ?? {}) as NodeJS.ErrnoException;
    const use = typeof code === 'string' && file !== undefined ? this.uses.get(file) : undefined;
    if (!use) return undefined;
    const at = { file: use.at.file, line: use.at.line, column: use.at.column, severity: 'error' as const };
    if (code === 'ENOENT') return { ...at, code: 'image-missing', message: notFoundMessage(use.written, use.shownDir) };
    return { ...at, code: 'image-unreadable', message: unreadableMessage(use.written) };
  }

  private realDir(dir: string): Promise<string> {
    let r = this.realDirs.get(dir);
    if (!r) {
      r = fs.realpath(dir);
      this.realDirs.set(dir, r);
    }
    return r;
  }
}

/**
 * Resolves one image reference (see ImageResolver). Without a resolver, nothing is cached:
 * pass the build's resolver to check each image once.
 */
export function resolveImage(
  ref: string,
  from: ImageFrom,
  bag: DiagnosticBag,
  resolver: ImageResolver = new ImageResolver(),
): Promise<ImageAsset | undefined> {
  return resolver.resolve(ref, from, bag);
}

export type SniffedFormat =
  | 'jpeg'
  | 'png'
  | 'heic'
  | 'heif'
  | 'avif'
  | 'webp'
  | 'gif'
  | 'tiff'
  | 'bmp'
  | 'svg'
  | 'pdf'
  | 'jxl'
  | 'psd'
  | 'ico'
  | 'empty'
  | 'unknown';

/** The format of an image from its first bytes (the file name is not looked at). */
export function sniffImageFormat(b: Uint8Array): SniffedFormat {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length === 0) return 'empty';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  if (ascii(0, 2) === 'BM') return 'bmp';
  if (ascii(0, 4) === '%PDF') return 'pdf';
  if (ascii(0, 4) === '8BPS') return 'psd';
  if ((b[0] === 0xff && b[1] === 0x0a) || ascii(4, 12) === 'JXL \r\n\x87\n') return 'jxl';
  if (ascii(0, 4) === '\0\0\x01\0') return 'ico';
  if (ascii(4, 8) === 'ftyp') {
    const size = Math.min(b.length, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
    const brands = [ascii(8, 12)];
    for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(i, i + 4));
    if (brands.some((x) => x === 'avif' || x === 'avis')) return 'avif';
    if (brands.some((x) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(x))) return 'heic';
    if (brands.some((x) => x === 'mif1' || x === 'msf1')) return 'heif';
    return 'unknown';
  }
  const head = new TextDecoder('utf-8').decode(b.subarray(0, 1024)).replace(/^\ufeff/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return 'unknown';
}

/** What a refused format is, and how to turn it into JPEG or PNG. */
function conversionAdvice(format: SniffedFormat, rel: string): string {
  const stem = rel.replace(/\.[^./]*$/, '');
  const toJpeg = `convert it to JPEG: open it and export it as JPEG (on a Mac, Preview: File › Export), or run \`magick ${rel} ${stem}.jpg\` (ImageMagick), then link ${stem}.jpg`;
  const toPng = `convert it to PNG: open it and export it as PNG, or run \`magick ${rel} ${stem}.png\` (ImageMagick), then link ${stem}.png`;
  const either = `convert it to JPEG (photos) or PNG (drawings, logos): open it and export it, or run \`magick ${rel} ${stem}.jpg\` (ImageMagick), then link the new file`;
  switch (format) {
    case 'heic':
      return `\`${rel}\` is a HEIC photo (the iPhone format), and only JPEG and PNG are accepted — ${toJpeg}`;
    case 'heif':
      return `\`${rel}\` is a HEIF image, and only JPEG and PNG are accepted — ${toJpeg}`;
    case 'avif':
      return `\`${rel}\` is an AVIF image, and only JPEG and PNG are accepted — ${either}`;
    case 'webp':
      return `\`${rel}\` is a WebP image, and only JPEG and PNG are accepted — ${either}`;
    case 'jxl':
      return `\`${rel}\` is a JPEG XL image, and only JPEG and PNG are accepted — ${toJpeg}`;
    case 'gif':
      return `\`${rel}\` is a GIF image, and only JPEG and PNG are accepted — ${toPng}`;
    case 'bmp':
      return `\`${rel}\` is a BMP image, and only JPEG and PNG are accepted — ${toPng}`;
    case 'ico':
      return `\`${rel}\` is an icon file, and only JPEG and PNG are accepted — ${toPng}`;
    case 'tiff':
      return `\`${rel}\` is a TIFF image, and only JPEG and PNG are accepted — ${either}`;
    case 'psd':
      return `\`${rel}\` is a Photoshop file, and only JPEG and PNG are accepted — open it in Photoshop and export it as JPEG or PNG, then link the new file`;
    case 'svg':
      return `\`${rel}\` is an SVG drawing, and only JPEG and PNG are accepted — export it as PNG at 300 dpi for its printed size (e.g. with Inkscape, or \`magick -density 300 ${rel} ${stem}.png\`), then link ${stem}.png`;
    case 'pdf':
      return `\`${rel}\` is a PDF document, not an image — export the page as PNG or JPEG at 300 dpi, then link the new file`;
    case 'empty':
      return `\`${rel}\` is empty (0 bytes) — copy the image into the folder again`;
    default:
      return `\`${rel}\` is not a JPEG or PNG image (its content is not a known image format) — open it in an image editor and export it as JPEG or PNG`;
  }
}

function notFoundMessage(written: string, shownDir: string, near?: string): string {
  return near
    ? `image \`${written}\` not found in ${shownDir} — did you mean \`${near}\`?`
    : `image \`${written}\` not found in ${shownDir} — copy the image into the folder, or check the spelling of its name`;
}

function unreadableMessage(rel: string): string {
  return `\`${rel}\` cannot be read — check that the file is not locked or protected, then try again`;
}

/** Reads, identifies and fully decodes one image. */
async function checkImage(real: string, rel: string): Promise<Checked> {
  const corrupt = (why: string): Checked => ({
    problems: [
      {
        severity: 'error',
        code: 'image-corrupt',
        message: `\`${rel}\` is damaged or incomplete (${why}) — copy it again from the original, or open it and export it again as ${/\.png$/i.test(rel) ? 'PNG' : 'JPEG'}`,
      },
    ],
  });
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(real);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { problems: [], unread: 'gone' };
    return { problems: [{ severity: 'error', code: 'image-unreadable', message: unreadableMessage(rel) }], unread: 'refused' };
  }
  const format = sniffImageFormat(bytes);
  if (format !== 'jpeg' && format !== 'png') {
    return { problems: [{ severity: 'error', code: 'image-format', message: conversionAdvice(format, rel) }] };
  }
  if (format === 'png') {
    const bad = checkPngChunks(bytes);
    if (bad) return corrupt(bad);
  }
  let width: number | undefined;
  let height: number | undefined;
  const problems: Problem[] = [];
  const sharp = await loadSharp();
  try {
    // Stored size: EXIF orientation is not applied (a portrait photo shot sideways keeps its stored width and height).
    const meta = await sharp(bytes).metadata();
    width = meta.width;
    height = meta.height;
    if (width && height && width * height > MAX_IMAGE_PIXELS) {
      // Decoding it whole (here, then for print) would take gigabytes of memory.
      return {
        problems: [
          {
            severity: 'error',
            code: 'image-too-large',
            message: `\`${rel}\` is ${width} × ${height} pixels (${Math.round((width * height) / 1e6)} million), more than the ${MAX_IMAGE_PIXELS / 1e6} million booklet processes — make it smaller: 300 dpi at its printed size is enough (about 1,800 × 2,500 pixels for a whole A5 page)`,
          },
        ],
      };
    }
    try {
      await sharp(bytes, { failOn: 'warning' }).raw().toBuffer();
    } catch {
      // Decodes when warnings are tolerated: damaged data that still gives a picture.
      await sharp(bytes, { failOn: 'error' }).raw().toBuffer();
      problems.push({
        severity: 'warning',
        code: 'image-damaged',
        message: `\`${rel}\` has damaged image data; parts of it may print as grey or garbled areas — open it and export it again, or use the original file`,
      });
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    if (/pixel limit/i.test(msg)) {
      return { problems: [{ severity: 'error', code: 'image-too-large', message: `\`${rel}\` is too large to process (over 268 million pixels) — make it smaller: 300 dpi at its printed size is enough` }] };
    }
    return corrupt(/premature end|end of stream|truncated|unexpected end/i.test(msg) ? 'the file stops before the end of the image' : 'its image data cannot be read');
  }
  if (!width || !height) return corrupt('its size cannot be read');
  return { asset: { path: real, rel, format, width, height }, problems };
}

/** Largest image accepted, in pixels: a 61-megapixel camera's photo; a 16,000 × 16,000 one took 4–5 GB to check and print. */
export const MAX_IMAGE_PIXELS = 64_000_000;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Walks the PNG chunks: the decoder ignores checksums, so a damaged PNG whose pixels still
 * decode would pass unnoticed. Returns why the file is bad, or undefined.
 */
function checkPngChunks(b: Buffer): string | undefined {
  let i = 8;
  while (i + 8 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (i + 12 + len > b.length) return 'the file stops before the end of the image';
    if (crc32(b.subarray(i + 4, i + 8 + len)) !== b.readUInt32BE(i + 8 + len)) return 'a checksum inside the file does not match';
    if (type === 'IEND') return undefined;
    i += 12 + len;
  }
  return 'the file stops before the end of the image';
}

/** A file of the source folder whose path is close to `wanted` (relative), as a relative path with `/`. */
async function suggest(realDir: string, wanted: string): Promise<string | undefined> {
  let files: string[];
  try {
    files = (await fs.readdir(realDir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => path.relative(realDir, path.join(d.parentPath ?? d.path, d.name)).split(path.sep).join('/'))
      .filter((f) => !f.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
      .sort()
      .slice(0, 5000);
  } catch {
    return undefined;
  }
  const w = wanted.split(path.sep).join('/');
  const lower = w.toLowerCase();
  const stem = (f: string) => f.toLowerCase().replace(/\.[^./]*$/, '');
  const base = (f: string) => f.slice(f.lastIndexOf('/') + 1).toLowerCase();
  return (
    files.find((f) => f.toLowerCase() === lower) ??
    files.find((f) => base(f) === base(w)) ??
    files.find((f) => stem(f) === stem(w) && /\.(jpe?g|png)$/i.test(f)) ??
    closest(w, files)
  );
}
