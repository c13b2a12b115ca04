/**
 * An image rewritten while the EPUB copies it (it ends before the size it had when opened) is an
 * error about that image at its reference, like one that cannot be read — not an internal error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../../src/pipeline.js';
import { BookletError } from '../../../src/diagnostics.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an image that shrinks while the EPUB copies it', () => {
  it('is image-unreadable at its reference, nothing written', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-shrink-'));
    fs.cpSync(path.join(ROOT, 'episodes'), src, { recursive: true });
    const png = path.join(src, 'photo.png');
    const sharp = (await import('sharp')).default;
    // Large enough to print sharp (the preflight passes it).
    await sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#3366cc' } }).png().toFile(png);
    const lines = fs.readFileSync(path.join(src, '03-andre-jeannerot.md'), 'utf8').split('\n').length;
    fs.appendFileSync(path.join(src, '03-andre-jeannerot.md'), '\n![Une photo](photo.png)\n');
    // The EPUB's copy reads the file by descriptor: its reads end at once, as if the file had been cut.
    const readSync = fs.readSync;
    let fd = -1;
    const openSync = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      const r = (openSync as (...a: unknown[]) => number)(p, ...rest);
      if (String(p) === png && rest[0] === 'r') fd = r;
      return r;
    }) as typeof fs.openSync);
    vi.spyOn(fs, 'readSync').mockImplementation(((f: number, ...rest: unknown[]) => (f === fd ? 0 : (readSync as (...a: unknown[]) => number)(f, ...rest))) as typeof fs.readSync);
    const out = path.join(src, 'out');
    const err = await build({ source: src, out, cwd: src, drafts: false, strict: false, sourceDateEpoch: 1700000000 }).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const d = (err as BookletError).diagnostics.find((x) => x.code === "image-unreadable")!;
    if (!d) throw new Error(JSON.stringify((err as BookletError).diagnostics ?? String(err)));
    expect(`${path.basename(d.file)}:${d.line}:${d.column}`).toBe(`03-andre-jeannerot.md:${lines + 1}:1`);
    expect(d.message).toMatch(/^`photo\.png` cannot be read — /);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    fs.rmSync(src, { recursive: true, force: true });
  }, 60_000);
});
