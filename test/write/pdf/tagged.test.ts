/**
 * The screen writer's tags and links on a hand-made PagedBooklet: a `{ dest }` link on page 1 to an
 * anchor on page 2 becomes a GoTo link annotation to a named destination that exists (read back with
 * qpdf and the tagged verifier); a link to an anchor no page holds is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PagedBooklet, StructTag } from '../../../src/layout/types.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { tool } from '../../helpers/tools.js';
import { verifyTagged } from '../../screen/tagged-verifier.js';
import { GARAMOND, OUT, a5, line } from './helpers.js';
import { META } from './sample.js';

function booklet(anchor: string): PagedBooklet {
  const geo = a5();
  const toc: StructTag = { role: 'TOC' };
  const entry = { ...line(GARAMOND, 12, 60, 100, 'Premier entretien'), tag: { role: 'TOCI', parent: toc } as StructTag, link: { dest: 'episode-1' } };
  const title = { ...line(GARAMOND, 20, 60, 100, 'Premier entretien'), tag: { role: 'H1' } as StructTag };
  return {
    ...geo,
    pages: [
      { index: 0, folio: 1, showFolio: false, kind: 'body', items: [entry] },
      { index: 1, folio: 2, showFolio: false, kind: 'opener', items: [title], anchors: [anchor] },
    ],
    faces: [GARAMOND],
    outline: [],
  } as PagedBooklet;
}

describe('screen writer: internal links', () => {
  it('writes a GoTo link annotation to a named destination on the target page, tied to a Link element', async () => {
    const bytes = await writePdf(booklet('episode-1'), META, { screen: true });
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'screen-dest.pdf');
    fs.writeFileSync(file, bytes);
    const r = verifyTagged(file);
    // The hand-made pages keep their bleed (no screen sheets here): only the box rule does not apply.
    expect(r.violations.filter((v) => !/TrimBox/.test(v))).toEqual([]);
    expect(r.facts.links).toEqual(['dest:episode-1']);
    expect(r.facts.roles).toEqual(['TOC', '  TOCI', '    Link', 'H1']);
    // poppler resolves the name to page 2.
    expect(tool('pdfinfo', '-dests', file)).toMatch(/^\s*2 \[ Fit\s*\]\s+"episode-1"/m);
  });

  it('refuses a link to an anchor no page holds', async () => {
    await expect(writePdf(booklet('episode-2'), META, { screen: true })).rejects.toThrow(/"episode-1", which no page holds/);
  });
});
