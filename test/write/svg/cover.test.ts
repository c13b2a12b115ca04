/**
 * The EPUB's cover picture, rendered from the print cover by sharp in a child process
 * (src/write/svg/render-cover.ts, run from lib/: `npm run build` after changing it).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../../src/pipeline.js';
import { describeBuiltinCmyk } from '../../../src/print/cmyk-profile.js';
import { loadSharp } from '../../../src/util/sharp.js';
import { CoverRenderer } from '../../../src/write/svg/cover.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('cover picture', () => {
  it('is a 900 px wide PNG of the print cover, in its proportions, with its colours', async () => {
    const src = path.join(ROOT, 'episodes');
    const { paged } = await prepare({ source: src, out: path.join(ROOT, 'test', '.out', 'cover-picture'), cwd: ROOT, drafts: false, strict: false, keepPages: true as const });
    const pic = (await new CoverRenderer().picture(paged))!;
    expect(pic.mediaType).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(pic.bytes));
    expect([png.width, png.height]).toEqual([pic.width, pic.height]);
    expect(pic.width).toBe(900);
    // A5: 148 × 210 mm (the trim: the bleed is cropped).
    expect(pic.height / pic.width).toBeCloseTo(210 / 148, 2);
    // Not a blank picture: the cover has dark and light areas.
    const lum = (x: number, y: number) => {
      const i = (png.width * y + x) * 4;
      return (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
    };
    const samples: number[] = [];
    for (let y = 10; y < png.height; y += 40) for (let x = 10; x < png.width; x += 40) samples.push(lum(x, y));
    expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(100);
  }, 60_000);

  it("names libvips' CMYK profile as the build itself would (the print report's conversion)", async () => {
    const r = new CoverRenderer();
    const png = await r.render('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="30"><rect width="20" height="10" fill="#123"/></svg>');
    const told = await r.profile;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(told).toEqual(await describeBuiltinCmyk(await loadSharp()));
    expect(told!.name).toBe('Chemical proof');
  }, 30_000);

  it('names the profile before any picture, and is stopped at once when it is not needed', async () => {
    const r = new CoverRenderer();
    expect(await r.profile).toEqual(await describeBuiltinCmyk(await loadSharp()));
    r.dispose();
    // Killed: no exit code (a renderer left waiting for its SVG would never exit).
    expect(await r.exit).toBe(null);
    expect(() => r.render('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')).toThrow(/one picture/);
    // Stopped before it could name the profile: the build is told nothing and asks sharp itself.
    const early = new CoverRenderer();
    early.dispose();
    expect(await early.exit).toBe(null);
    expect(await early.profile).toBe(undefined);
  }, 30_000);

  it('renders the SVG that follows its length without waiting for the end of its input', async () => {
    // A long layout does not return to the event loop that would close the renderer's stdin.
    const child = spawn(process.execPath, [path.join(ROOT, 'lib', 'write', 'svg', 'render-cover.js'), '72', '40'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="30"><rect width="20" height="10" fill="#123"/></svg>');
    const head = Buffer.alloc(4);
    head.writeUInt32BE(svg.length, 0);
    child.stdin.write(Buffer.concat([head, svg]));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(0);
    const png = PNG.sync.read(Buffer.concat(out));
    expect([png.width, png.height]).toEqual([40, 60]);
  }, 30_000);

  it('reports a failure of the renderer with its error output', async () => {
    await expect(new CoverRenderer().render('<svg this is not SVG')).rejects.toThrow(/cover picture: the renderer \(lib\/write\/svg\/render-cover\.js\) failed with code 1: .*\S/);
  }, 30_000);
});
