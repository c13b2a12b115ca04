/**
 * An image that goes away after the load room checked it (an editor's safe-save renaming it away
 * and back during `booklet watch`, say) and before the print, screen or EPUB writer reads it again:
 * the load room's `image-missing` error at the image's reference, never an internal error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BookletError, type Diagnostic } from '../../src/diagnostics.js';
import { build, check, type BuildOptions } from '../../src/pipeline.js';
import { runCli as cli } from '../helpers/cli.js';

afterEach(() => vi.restoreAllMocks());

/** A source folder made by `booklet init` whose example episode shows `img.png`; the cwd is its parent. */
async function source(): Promise<{ cwd: string; img: string; opts: BuildOptions }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-vanish-'));
  expect((await cli(['init', 'src'], cwd)).code).toBe(0);
  const img = path.join(cwd, 'src', 'img.png');
  await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#c33' } }).png().toFile(img);
  fs.appendFileSync(path.join(cwd, 'src', '01-prenom-nom.md'), '\n![Une image](img.png)\n');
  return { cwd, img, opts: { source: 'src', out: 'out', cwd, drafts: false, strict: false, sourceDateEpoch: 1790000000 } };
}

/** The errors of a build or check that must fail with a BookletError. */
async function errorsOf(run: Promise<unknown>): Promise<Diagnostic[]> {
  const e = await run.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BookletError);
  return (e as BookletError).diagnostics.filter((d) => d.severity === 'error');
}

/** What the load room says when the image is missing from the start. */
async function missingFromTheStart(): Promise<Diagnostic[]> {
  const { img, opts } = await source();
  fs.unlinkSync(img);
  const errors = await errorsOf(check(opts));
  expect(errors.map((d) => d.code)).toEqual(['image-missing']);
  expect(errors[0]!.line).toBeGreaterThan(0);
  return errors;
}

/** Removes `img` just before its `n`-th read (the first is the load room's check); returns the count of reads. */
function vanishOnRead(img: string, n: number): { reads: number } {
  const real = fs.promises.readFile;
  const seen = { reads: 0 };
  vi.spyOn(fs.promises, 'readFile').mockImplementation(((p: fs.PathLike, o?: unknown) => {
    if (String(p) === fs.realpathSync(img) && ++seen.reads === n) fs.unlinkSync(img);
    return real(p, o as undefined);
  }) as typeof fs.promises.readFile);
  return seen;
}

describe('an image gone after it was checked', () => {
  it('is the load room’s image-missing error at its reference when the print file reads it (build, check, --marks)', async () => {
    const expected = await missingFromTheStart();
    for (const run of [build, check]) {
      for (const marks of [false, true]) {
        const { img, opts, cwd } = await source();
        const seen = vanishOnRead(img, 2);
        const errors = await errorsOf(run({ ...opts, print: { marks } }));
        expect(errors, `${run.name} marks=${marks}`).toEqual(expected);
        expect(seen.reads).toBe(2);
        expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
        vi.restoreAllMocks();
      }
    }
  });

  it('is the same error when the screen PDF reads it', async () => {
    const expected = await missingFromTheStart();
    const { img, opts } = await source();
    // Checked, printed, then read for the screen file.
    const seen = vanishOnRead(img, 3);
    expect(await errorsOf(build({ ...opts, variants: ['screen'] }))).toEqual(expected);
    expect(seen.reads).toBe(3);
  });

  it('is the same error when the EPUB copies it', async () => {
    const expected = await missingFromTheStart();
    const { img, opts, cwd } = await source();
    // The EPUB is written after the PDF files are made.
    const errors = await errorsOf(build({ ...opts, onProgress: (stage, done) => stage === 'write' && done === 0 && fs.unlinkSync(img) }));
    expect(errors).toEqual(expected);
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
  });
});
