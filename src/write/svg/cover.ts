/**
 * The EPUB's cover picture when the booklet has no cover image: the print cover (page 1 of the
 * layout, cropped to the trim) drawn as SVG, then rendered to PNG by sharp, which reading systems'
 * shelves show more reliably than SVG. sharp runs in a child process (render-cover.ts), so that a
 * booklet without images never loads libvips into the build, and a picture rendered before comes
 * from the cover cache (cover-cache.ts) without one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { PagedBooklet } from '../../layout/types.js';
import { conversionProfileOf } from '../../print/cmyk-profile.js';
import type { ConversionProfile } from '../../print/images.js';
import { PACKAGE_ROOT } from '../../template/load.js';
import { undoOnSignal } from '../../util/interrupt.js';
import { CoverCache } from './cover-cache.js';
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

/** A renderer process: Node, then sharp, then one SVG. */
interface Child {
  process: ChildProcess;
  profile: Promise<ConversionProfile | undefined>;
  exit: Promise<number | null>;
  png: Promise<Buffer>;
}

/**
 * The cover picture of one build. Its renderer process is started with it, before the cover page
 * exists, so that Node's start and sharp's loading (~0.3 s) overlap the build instead of delaying its
 * end, unless the cache (cover-cache.ts) already names the profile: then it starts only for a cover
 * not rendered before. `profile`: libvips' CMYK profile as the renderer names it
 * (cmyk-profile.ts), undefined if it could not, known before any picture.
 */
export class CoverRenderer {
  readonly profile: Promise<ConversionProfile | undefined>;
  private readonly cache: CoverCache;
  private child: Child | undefined;
  private used = false;

  /** `cacheDir`: the folder of the cover cache (null: none, every picture is rendered). */
  constructor(cacheDir: string | null = null) {
    this.cache = new CoverCache(cacheDir, DENSITY, WIDTH);
    const known = this.cache.profile();
    if (known) this.profile = Promise.resolve(known);
    else {
      const child = (this.child = startRenderer());
      this.profile = child.profile.then((p) => {
        if (p) this.cache.saveProfile(p);
        return p;
      });
    }
  }

  /** The renderer's exit code (null: killed, or it could not start; undefined: not started). */
  get exit(): Promise<number | null | undefined> {
    return this.child ? this.child.exit : Promise.resolve(undefined);
  }

  /** `svg` rendered to PNG (once per renderer); rejects with the renderer's error output if it fails. */
  render(svg: string): Promise<Buffer> {
    if (this.used) throw new Error('cover picture: a renderer renders one picture');
    this.used = true;
    const hit = this.cache.picture(svg);
    if (hit) {
      // A renderer started for the profile names it and ends without a picture.
      this.child?.process.stdin!.end();
      return Promise.resolve(hit);
    }
    const child = (this.child ??= startRenderer());
    // Its length first: the renderer starts on the SVG without waiting for the end of its stdin,
    // which is closed only when the build returns to the event loop (a long layout does not).
    const bytes = Buffer.from(svg);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(bytes.length, 0);
    child.process.stdin!.end(Buffer.concat([head, bytes]));
    return child.png.then((png) => {
      this.cache.savePicture(svg, png);
      return png;
    });
  }

  /** The cover page as a PNG, or undefined when the booklet has no cover page. */
  async picture(paged: PagedBooklet): Promise<CoverPicture | undefined> {
    const index = paged.pages.findIndex((p) => p.kind === 'cover');
    if (index < 0) {
      this.dispose();
      return undefined;
    }
    const data = await this.render(pageSvg(paged, index).svg);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    return { bytes: new Uint8Array(data), mediaType: 'image/png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }

  /**
   * Stops a renderer that has not been given a picture (a booklet with a cover image, a failed
   * build): killed, so that a build that fails early does not wait for it to load sharp.
   */
  dispose(): void {
    if (this.used) return;
    this.used = true;
    this.child?.process.kill();
  }
}

function startRenderer(): Child {
  const child = spawn(process.execPath, [RENDER_COVER, String(DENSITY), String(WIDTH)], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  // A signal that stops the build stops the renderer too.
  const forget = undoOnSignal(() => child.kill());
  child.on('exit', forget);
  child.on('error', forget);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  // A renderer that is not used, or fails, must not stop the build on its own (EPIPE, error events).
  child.stdin!.on('error', () => {});
  const profile = new Promise<ConversionProfile | undefined>((resolve) => {
    const told: Buffer[] = [];
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (c: Buffer) => told.push(c));
    fd3.on('end', () => resolve(parsed(Buffer.concat(told).toString())));
    fd3.on('error', () => resolve(undefined));
    child.on('error', () => resolve(undefined));
  });
  let failed: Error | undefined;
  const exit = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', (e) => {
      failed = e;
      resolve(null);
    });
  });
  const png = exit.then((code) => {
    if (failed) throw failed;
    const png = Buffer.concat(out);
    if (code === 0 && png.length > 24) return png;
    throw new Error(`cover picture: the renderer (${path.relative(PACKAGE_ROOT, RENDER_COVER)}) failed with code ${code}: ${Buffer.concat(err).toString().trim()}`);
  });
  // Awaited only when a picture is asked for.
  png.catch(() => {});
  return { process: child, profile, exit, png };
}

function parsed(json: string): ConversionProfile | undefined {
  try {
    return conversionProfileOf(JSON.parse(json));
  } catch {
    return undefined;
  }
}
