/**
 * The EPUBs pass EPUBCheck 4.2.6 (Java, the reference here) with 0 errors and 0 warnings, and
 * epubcheck-ts with 0 errors. Java or the jar missing makes the test fail, never skip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEpub } from '../../../src/write/epub/index.js';
import { anniversaireTemplate, asset, FONTS_DIR, minimalEnglishBooklet, sampleBooklet } from './fixture.js';
import { runEpubcheckJava, runEpubcheckTs, buildSampleEpub, sampleEpub, writeOut } from './helpers.js';

beforeAll(buildSampleEpub, 120_000);

async function books(): Promise<Record<string, Uint8Array>> {
  return {
    'sample.epub': sampleEpub().bytes,
    'sample-whole-fonts.epub': (await buildEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR, subsetFonts: false })).bytes,
    'minimal-en-cover.epub': (await buildEpub(minimalEnglishBooklet(), anniversaireTemplate(), {
      fontsDir: FONTS_DIR,
      cover: asset('portrait.jpg', 40, 50),
    })).bytes,
  };
}

describe('validators', () => {
  let paths: string[] = [];
  beforeAll(async () => {
    paths = Object.entries(await books()).map(([name, bytes]) => writeOut(name, bytes));
  }, 120_000);

  it('EPUBCheck 4.2.6: 0 fatals, 0 errors, 0 warnings', async () => {
    const results = await Promise.all(paths.map((p) => runEpubcheckJava(p)));
    results.forEach((r, i) => {
      console.log(`${paths[i]}: ${r.summary}`);
      expect(r.messages, paths[i]).toEqual([]);
      expect([r.fatal, r.errors, r.warnings], paths[i]).toEqual([0, 0, 0]);
    });
  }, 180_000);

  it('epubcheck-ts: 0 fatals, 0 errors, 0 warnings', () => {
    for (const p of paths) {
      const r = runEpubcheckTs(p);
      console.log(`${p}: ${r.summary}`);
      expect(r.messages, p).toEqual([]);
      expect([r.fatal, r.errors, r.warnings], p).toEqual([0, 0, 0]);
    }
  }, 60_000);
});
