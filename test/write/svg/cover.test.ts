/**
 * The EPUB's cover picture, rendered from the print cover by sharp in a child process
 * (src/write/svg/render-cover.ts, run from lib/: `npm run build` after changing it), and kept with
 * the profile's name in the cover cache (src/write/svg/cover-cache.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../../src/pipeline.js';
import { describeBuiltinCmyk } from '../../../src/print/cmyk-profile.js';
import { loadSharp } from '../../../src/util/sharp.js';
import { CoverRenderer } from '../../../src/write/svg/cover.js';
import { CoverCache, KEEP } from '../../../src/write/svg/cover-cache.js';

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

describe('cover cache', () => {
  const svg = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="30"><rect width="20" height="10" fill="${fill}"/></svg>`;
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-cover-cache-'));

  it('keeps the picture and the profile: the next renderer starts no process and gives the same bytes', async () => {
    const dir = tmp();
    const first = new CoverRenderer(dir);
    const png = await first.render(svg('#123'));
    expect(await first.exit).toBe(0);
    const profile = await first.profile;
    expect(profile?.name).toBe('Chemical proof');
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([expect.stringMatching(/^cmyk-profile-[0-9a-f]{32}\.json$/), expect.stringMatching(/^cover-[0-9a-f]{32}\.png$/)]);

    const second = new CoverRenderer(dir);
    expect(await second.profile).toEqual(profile);
    expect(await second.render(svg('#123'))).toEqual(png);
    expect(await second.exit).toBe(undefined); // never started

    // Damaged files are ignored: rendered and named again, and written again.
    for (const f of files) {
      const b = fs.readFileSync(path.join(dir, f));
      b[b.length - 1] ^= 0xff;
      fs.writeFileSync(path.join(dir, f), b);
    }
    const third = new CoverRenderer(dir);
    expect(await third.render(svg('#123'))).toEqual(png);
    expect(await third.profile).toEqual(profile);
    expect(await third.exit).toBe(0);
    const fourth = new CoverRenderer(dir);
    expect(await fourth.render(svg('#123'))).toEqual(png);
    expect(await fourth.exit).toBe(undefined);
  }, 60_000);

  it('renders a cover it has not seen, the profile known, and keeps it too', async () => {
    const dir = tmp();
    const a = await new CoverRenderer(dir).render(svg('#123'));
    const r = new CoverRenderer(dir);
    const b = await r.render(svg('#fe0'));
    expect(await r.exit).toBe(0);
    expect(b.subarray(1, 4).toString()).toBe('PNG');
    expect(b.equals(a)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('cover-'))).toHaveLength(2);
  }, 60_000);

  it('renders without keeping anything when the folder cannot be written', async () => {
    const file = path.join(tmp(), 'a-file');
    fs.writeFileSync(file, '');
    const r = new CoverRenderer(path.join(file, 'cache'));
    expect((await r.render(svg('#123'))).subarray(1, 4).toString()).toBe('PNG');
    expect((await r.profile)?.name).toBe('Chemical proof');
  }, 30_000);

  it(`keeps the ${KEEP} pictures used last`, () => {
    const dir = tmp();
    const cache = new CoverCache(dir, 144, 900);
    const names: string[] = [];
    for (let i = 0; i < KEEP + 3; i++) {
      const before = new Set(fs.readdirSync(dir));
      cache.savePicture(svg(`#${i}`), Buffer.from(`picture ${i}`));
      const made = fs.readdirSync(dir).filter((f) => !before.has(f));
      expect(made).toHaveLength(1);
      names.push(made[0]!);
      // One second apart, oldest first.
      const t = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      fs.utimesSync(path.join(dir, made[0]!), t, t);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(names.slice(names.length - KEEP).sort());
    // Reading one marks it used: it outlives pictures saved before it.
    expect(cache.picture(svg('#3'))?.toString()).toBe('picture 3');
    cache.savePicture(svg('new'), Buffer.from('new'));
    expect(fs.readdirSync(dir)).toContain(names[3]);
    expect(fs.readdirSync(dir)).not.toContain(names[4]);
    expect(new CoverCache(null, 144, 900).picture(svg('#3'))).toBe(undefined);
  });
});
