/**
 * Pagination rules on a generated corpus: body text on the baseline grid, no widows or orphans,
 * no question ending a page, no page ending on a hyphen, at most two hyphenated lines in a row,
 * every page followed by more of its episode full to the last baseline.
 */
import type { PagedBooklet } from '../../src/layout/types.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { pageGeometry } from '../../src/layout/geometry.js';
import { emptyStats } from '../../src/layout/lint.js';
import { prepare } from '../../src/pipeline.js';

describe('pagination rules', () => {
  let result: Awaited<ReturnType<typeof prepare>> & { paged: PagedBooklet };
  const stats = emptyStats();

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-grid-'));
    generateCorpus(dir, 16);
    result = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const, stats });
  }, 60_000);

  it('sets every body line on the baseline grid', () => {
    const { paged, template } = result;
    const geo = pageGeometry(template);
    const body = template.styles.body;
    const first = geo.textTop(0) + body.size * 0.8 + (body.leading - body.size) / 2;
    let n = 0;
    for (const p of paged.pages) {
      if (p.kind !== 'body') continue;
      for (const it of p.items) {
        if (it.kind !== 'glyphs' || it.size !== body.size || it.y > geo.textTop(0) + geo.textHeight) continue;
        const step = (it.y - first) / geo.grid;
        expect(Math.abs(step - Math.round(step)), `page ${p.folio} y ${it.y}`).toBeLessThan(0.01);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });

  it('leaves no widow, orphan, stranded question, hyphen ladder or page-final hyphen', () => {
    expect(stats.lines).toBeGreaterThan(1000);
    expect(stats.widows).toBe(0);
    expect(stats.orphans).toBe(0);
    expect(stats.strandedQuestions).toBe(0);
    expect(stats.hyphenLadders).toBe(0);
    expect(stats.hyphenPageEnds).toBe(0);
    expect(stats.overfull).toBe(0);
    expect(stats.hyphenated).toBeGreaterThan(0);
  });

  it('ends every page of running text but a part’s last on the last baseline of the text block', () => {
    expect(stats.shortPages).toBe(0);
    const { paged, template } = result;
    const geo = pageGeometry(template);
    const bottom = geo.textTop(0) + geo.textHeight - geo.grid;
    const body = template.styles.body;
    const lastBaseline = bottom + body.size * 0.8 + (body.leading - body.size) / 2;
    let full = 0;
    paged.pages.forEach((p, i) => {
      const next = paged.pages[i + 1];
      if ((p.kind !== 'body' && p.kind !== 'opener') || !next || next.kind !== 'body') return;
      // the lowest text baseline inside the text block (folios are below it)
      const ys = p.items.flatMap((it) => (it.kind === 'glyphs' && it.y < geo.textTop(0) + geo.textHeight + 1 ? [it.y] : []));
      expect(Math.max(...ys), `page ${p.folio}`).toBeCloseTo(lastBaseline, 1);
      full++;
    });
    expect(full).toBeGreaterThan(20);
  });
});
