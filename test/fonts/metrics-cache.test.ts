/**
 * The persistent shaping cache (src/fonts/metrics-cache.ts): the outputs are the same bytes
 * without a cache, with a cold one, a warm one and a damaged one; it can be turned off.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { FontSet } from '../../src/fonts/fontset.js';
import { cacheDirFromEnv, MetricsStore } from '../../src/fonts/metrics-cache.js';
import { build } from '../../src/pipeline.js';
import { loadTemplate, templateFontDirs } from '../../src/template/load.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const saved = process.env.BOOKLET_CACHE;
afterEach(() => {
  if (saved === undefined) delete process.env.BOOKLET_CACHE;
  else process.env.BOOKLET_CACHE = saved;
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Builds `src` with BOOKLET_CACHE=`cache`; the hashes of the PDF and the EPUB. */
async function hashes(src: string, cache: string): Promise<string[]> {
  process.env.BOOKLET_CACHE = cache;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-mc-out-'));
  const r = await build({ source: src, out, cwd: src, drafts: false, strict: false, sourceDateEpoch: 1767225600 });
  const files = r.summary.files.map((f) => path.resolve(src, f.path)).filter((f) => /\.(pdf|epub)$/.test(f)).sort();
  expect(files).toHaveLength(2);
  return files.map(sha);
}

describe('persistent shaping cache', () => {
  it('gives the same PDF and EPUB bytes off, cold, warm and damaged', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-mc-src-'));
    generateCorpus(src, 3);
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-mc-cache-'));

    const off = await hashes(src, 'off');
    expect(fs.readdirSync(cache)).toEqual([]);

    expect(await hashes(src, cache)).toEqual(off); // cold: fontkit answers, the cache is written
    const written = fs.readdirSync(cache).filter((f) => /^font-[0-9a-f]{32}\.json$/.test(f));
    expect(written.length).toBeGreaterThan(0);
    const words = written.map((f) => (JSON.parse(fs.readFileSync(path.join(cache, f), 'utf8')) as { words: unknown[] }).words.length);
    expect(Math.max(...words)).toBeGreaterThan(0); // ligature words were kept

    expect(await hashes(src, cache)).toEqual(off); // warm

    // Damaged files (truncated, not JSON, wrong shape) are ignored.
    written.forEach((f, i) => {
      const p = path.join(cache, f);
      const text = fs.readFileSync(p, 'utf8');
      fs.writeFileSync(p, i % 3 === 0 ? text.slice(0, text.length / 2) : i % 3 === 1 ? 'garbage' : JSON.stringify({ ...JSON.parse(text), chars: [1, 2] }));
    });
    expect(await hashes(src, cache)).toEqual(off);
  }, 120_000);

  it('answers a new font set from disk as fontkit did', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-mc-unit-'));
    const template = loadTemplate('anniversaire', path.join(ROOT, 'episodes'), { file: 'x', line: 0, column: 0 }, ROOT);
    const words = ['efficace', 'officielle', 'AVAVA', 'flamme', '1789', 'Œuvre', 'Tiếng'];
    const first = new FontSet(template, templateFontDirs(template), undefined, new MetricsStore(dir));
    const a = words.map((w) => first.face('garamond', 'regular', ['onum']).shape(w));
    first.metrics.save();
    const second = new FontSet(template, templateFontDirs(template), undefined, new MetricsStore(dir));
    const face = second.face('garamond', 'regular', ['onum']);
    expect(words.map((w) => face.shape(w))).toEqual(a);
    expect(words.map((w) => face.shapeFull(w))).toEqual(a);
  });

  it('lives in BOOKLET_CACHE, XDG_CACHE_HOME or ~/.cache, and BOOKLET_CACHE=off turns it off', () => {
    expect(cacheDirFromEnv({ BOOKLET_CACHE: 'off' })).toBeNull();
    expect(cacheDirFromEnv({ BOOKLET_CACHE: '0' })).toBeNull();
    expect(cacheDirFromEnv({ BOOKLET_CACHE: '/tmp/x' })).toBe('/tmp/x');
    expect(cacheDirFromEnv({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/booklet');
    expect(cacheDirFromEnv({ XDG_CACHE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.cache', 'booklet'));
    expect(cacheDirFromEnv({})).toBe(path.join(os.homedir(), '.cache', 'booklet'));
  });
});
