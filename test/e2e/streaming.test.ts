/**
 * A build lets each page go once it is printed (src/print/run.ts): while the last episodes are laid
 * out, the pages of the first ones are garbage. Checked with a FinalizationRegistry and forced
 * collections during a 16-episode build; the crop-marks build, which needs every page at the end,
 * is the control.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/layout/types.js';
import { build, type BuildOptions } from '../../src/pipeline.js';
import { generateCorpus } from '../corpus/generate.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DIR = path.join(ROOT, 'test', '.out', 'streaming');

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Builds the corpus; at each page printed after the first 30, counts the earlier pages still alive. */
async function liveEarlierPages(extra: Partial<BuildOptions>) {
  let seen = 0;
  const collected = new Set<number>();
  const registry = new FinalizationRegistry<number>((i) => collected.add(i));
  const tick = () => new Promise((r) => setImmediate(r));
  /** At each checkpoint: pages printed so far, and how many of them are still alive. */
  const alive: [number, number][] = [];
  const result = await build({
    source: DIR,
    out: path.join(DIR, 'out'),
    cwd: DIR,
    drafts: false,
    strict: false,
    sourceDateEpoch: 1700000000,
    ...extra,
    onPage: async (p: Page) => {
      registry.register(p, seen++);
      if (seen > 30 && seen % 10 === 0) {
        // Finalizers run in tasks of their own: let them.
        await tick();
        gc();
        await tick();
        alive.push([seen, seen - collected.size]);
      }
    },
  });
  return { alive, pages: seen, result };
}

describe('streamed pages', () => {
  beforeAll(() => {
    generateCorpus(DIR, 16, { seed: 7 });
  });

  it('lets the pages already printed go while the next episodes are laid out', async () => {
    const { alive, pages } = await liveEarlierPages({});
    expect(pages).toBeGreaterThan(60);
    expect(alive.length).toBeGreaterThan(2);
    // The cover (the EPUB's cover picture is drawn from it), the contents (filled at the end) and a few
    // pages still referenced by the episode being set; never the booklet so far.
    for (const [, n] of alive) expect(n).toBeLessThanOrEqual(8);
  }, 120_000);

  it('keeps every page when crop marks need the page count at the end (the control)', async () => {
    const { alive } = await liveEarlierPages({ print: { marks: true } });
    expect(alive.length).toBeGreaterThan(2);
    for (const [printed, n] of alive) expect(n).toBe(printed);
  }, 120_000);
});
