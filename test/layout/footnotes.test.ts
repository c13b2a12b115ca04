/**
 * Footnotes at the page foot, on a generated corpus with notes (some long) and pull quotes: each
 * note starts on the page of its call, under the rule, below the text; pages stay full and on the grid.
 */
import type { PagedBooklet } from '../../src/layout/types.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { pageGeometry } from '../../src/layout/geometry.js';
import { emptyStats } from '../../src/layout/lint.js';
import type { GlyphRun } from '../../src/layout/types.js';
import { prepare } from '../../src/pipeline.js';

describe('footnotes at the page foot', () => {
  let result: Awaited<ReturnType<typeof prepare>> & { paged: PagedBooklet };
  const stats = emptyStats();

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-notes-'));
    generateCorpus(dir, 12, { notes: true, quotes: true });
    result = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const, stats });
  }, 120_000);

  const text = (r: GlyphRun) => Array.from(r.text).join('').trim();

  it('starts every note on the page of its call, below the text, inside the text block', () => {
    const { paged, template } = result;
    const geo = pageGeometry(template);
    const note = template.styles.footnote.size;
    const call = template.styles.body.size * 0.62;
    const bottom = geo.textTop(0) + geo.textHeight;
    let calls = 0;
    let continued = 0;
    for (const p of paged.pages) {
      const runs = p.items.filter((it): it is GlyphRun => it.kind === 'glyphs' && it.y < bottom + 1);
      const body = runs.filter((r) => r.size === template.styles.body.size);
      const foot = runs.filter((r) => r.size === note);
      const labels = foot.flatMap((r) => /^(\d+)\./.exec(text(r))?.[1] ?? []);
      for (const r of runs.filter((r) => Math.abs(r.size - call) < 0.01 && /^\d+$/.test(text(r)))) {
        calls++;
        expect(labels, `page ${p.folio}: note ${text(r)}`).toContain(text(r));
      }
      if (foot.length) {
        expect(Math.min(...foot.map((r) => r.y))).toBeGreaterThan(Math.max(...body.map((r) => r.y), 0));
        expect(Math.max(...foot.map((r) => r.y))).toBeLessThanOrEqual(bottom);
        // a page whose foot starts without a label continues a note of the page before
        const first = foot.reduce((a, r) => (r.y < a.y || (r.y === a.y && r.x < a.x) ? r : a));
        if (!/^\d+\./.test(text(first))) continued++;
      }
    }
    expect(calls).toBeGreaterThan(10);
    expect(continued).toBeGreaterThan(0);
  });

  it('keeps the pagination rules and fills every page but an episode’s last', () => {
    expect(stats.widows + stats.orphans + stats.strandedQuestions + stats.hyphenPageEnds + stats.overfull).toBe(0);
    expect(stats.shortPages).toBe(0);
  });
});
