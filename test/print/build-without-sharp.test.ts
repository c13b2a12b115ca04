/**
 * A booklet without images never loads sharp (libvips, ~20 MB resident) into the build: `build` has the
 * name of libvips' CMYK profile for the report from the process that renders the EPUB's cover picture
 * (src/write/svg/render-cover.ts). Its own file: vitest gives each file fresh modules, so nothing else
 * has loaded sharp.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline.js';
import { sharpRequested } from '../../src/util/sharp.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('a build without images', () => {
  it('does not load sharp, and its report still names the CMYK profile', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-no-sharp-'));
    try {
      const r = await build({ source: path.join(ROOT, 'episodes'), out, cwd: ROOT, drafts: false, strict: false, sourceDateEpoch: 1700000000 });
      expect(sharpRequested()).toBe(false);
      const report = r.summary.files.find((f) => f.path.endsWith('.report.json'))!;
      const { print } = JSON.parse(fs.readFileSync(path.resolve(ROOT, report.path), 'utf8'));
      expect(print.imageProfile).toEqual({ name: 'Chemical proof', source: expect.stringMatching(/^the CMYK profile built into libvips \d+\.\d+\.\d+ \(sharp \d/) });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
