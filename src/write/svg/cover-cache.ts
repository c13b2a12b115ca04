/**
 * The EPUB's cover picture and the name of libvips' CMYK profile, kept on disk between builds, so that
 * a rebuild whose cover did not change starts no renderer process (cover.ts: Node, sharp, librsvg and
 * a PNG at level 9 cost ~0.4 CPU s on the other core, at every build).
 *
 * Next to the shaping cache (src/fonts/metrics-cache.ts: `$BOOKLET_CACHE`, `$XDG_CACHE_HOME/booklet`
 * or `~/.cache/booklet`; `BOOKLET_CACHE=off` turns both off). The key names sharp (its package.json,
 * which pins libvips), the renderer's code and the profile's code, and for a picture its density,
 * width and SVG: a changed SVG, sharp or renderer never reads an old picture. Each file starts with
 * the SHA-256 of the rest; a file that does not match is ignored. The PNG is the renderer's bytes,
 * so the EPUB is the same with or without the cache. At most KEEP pictures are kept.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { conversionProfileOf } from '../../print/cmyk-profile.js';
import type { ConversionProfile } from '../../print/images.js';
import { PACKAGE_ROOT } from '../../template/load.js';
import { hashOfFiles, replaceCacheFile } from '../../util/cache-file.js';

/** Pictures kept (the oldest used are removed beyond). */
export const KEEP = 16;
const HASH_BYTES = 32;

const sha256 = (...parts: (string | Uint8Array)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

let codeKey: string | undefined;

/** sharp (and its libvips), the renderer and the profile's code: what every answer depends on. */
function rendererKey(): string {
  if (codeKey === undefined) {
    let sharpPackage = 'sharp/package.json';
    try {
      sharpPackage = createRequire(path.join(PACKAGE_ROOT, 'package.json')).resolve('sharp/package.json');
    } catch {
      // hashed as missing
    }
    codeKey = hashOfFiles([sharpPackage, path.join(PACKAGE_ROOT, 'lib', 'write', 'svg', 'render-cover.js'), path.join(PACKAGE_ROOT, 'lib', 'print', 'cmyk-profile.js')]);
  }
  return codeKey;
}

export class CoverCache {
  /** `dir`: the cache folder (null: nothing is read or kept); `density`, `width`: the renderer's arguments. */
  constructor(
    readonly dir: string | null,
    private readonly density: number,
    private readonly width: number,
  ) {}

  /** libvips' CMYK profile as a renderer named it before, or undefined. */
  profile(): ConversionProfile | undefined {
    const data = this.read(this.profileFile());
    if (!data) return undefined;
    try {
      return conversionProfileOf(JSON.parse(data.toString()));
    } catch {
      return undefined;
    }
  }

  saveProfile(p: ConversionProfile): void {
    this.write(this.profileFile(), Buffer.from(JSON.stringify(p)));
  }

  /** The PNG rendered before from `svg`, or undefined. */
  picture(svg: string): Buffer | undefined {
    const file = this.pictureFile(svg);
    const png = this.read(file);
    if (!png) return undefined;
    // Touched, so that the pictures in use are the last removed.
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      // read-only: still a good picture
    }
    return png;
  }

  savePicture(svg: string, png: Buffer): void {
    if (!this.write(this.pictureFile(svg), png)) return;
    this.prune();
  }

  private profileFile(): string {
    return path.join(this.dir ?? '', `cmyk-profile-${rendererKey().slice(0, 32)}.json`);
  }

  private pictureFile(svg: string): string {
    const key = sha256(rendererKey(), `\0${this.density}\0${this.width}\0`, svg).toString('hex').slice(0, 32);
    return path.join(this.dir ?? '', `cover-${key}.png`);
  }

  /** The content of `file` if its hash holds; never throws. */
  private read(file: string): Buffer | undefined {
    if (this.dir === null) return undefined;
    try {
      const raw = fs.readFileSync(file);
      if (raw.length <= HASH_BYTES) return undefined;
      const data = raw.subarray(HASH_BYTES);
      return sha256(data).equals(raw.subarray(0, HASH_BYTES)) ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes `data` after its hash, atomically; false when the cache cannot be written (never an error). */
  private write(file: string, data: Buffer): boolean {
    return this.dir !== null && replaceCacheFile(file, Buffer.concat([sha256(data), data]));
  }

  /** Keeps the KEEP pictures used last. */
  private prune(): void {
    try {
      const dir = this.dir!;
      const pictures = fs
        .readdirSync(dir)
        .filter((f) => /^cover-[0-9a-f]{32}\.png$/.test(f))
        .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
        .sort((a, b) => b.t - a.t || (a.f < b.f ? -1 : 1));
      for (const { f } of pictures.slice(KEEP)) fs.rmSync(path.join(dir, f), { force: true });
    } catch {
      // another build pruning at the same time, or a read-only folder
    }
  }
}
