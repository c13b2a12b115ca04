/**
 * Openers, running heads and folios, with both built-in templates, on test/fixtures/openers
 * (a long series title, a long episode title, a long name, role and credit, a three-digit
 * episode number, portraits and none): nothing leaves the trim, no text runs over a portrait,
 * running heads only where they belong and saying what the template asks, folios in the outer corners.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/pipeline.js';
import { marginBaseline } from '../../src/layout/parts/folio.js';
import { pageGeometry } from '../../src/layout/geometry.js';
import type { GlyphRun, Page } from '../../src/layout/types.js';

const SRC = path.resolve(import.meta.dirname, '../fixtures/openers');

const text = (runs: GlyphRun[]) => runs.map((r) => r.text.join('')).join('');
const left = (r: GlyphRun) => r.x + r.dx[0]!;
const right = (r: GlyphRun) => r.x + r.dx[r.gids.length - 1]! + r.advances[r.gids.length - 1]!;
const runs = (p: Page) => p.items.filter((i): i is GlyphRun => i.kind === 'glyphs' && i.gids.length > 0);

for (const name of ['anniversaire', 'magazine']) {
  describe(`openers and page furniture: ${name}`, async () => {
    const { paged, template: t, booklet } = await prepare({ source: SRC, out: path.join(SRC, 'out'), cwd: SRC, drafts: false, strict: false, keepPages: true as const, template: name });
    const geo = pageGeometry(t);
    const [tx1, , tx2] = geo.trimBox;
    const trimTop = geo.height - geo.trimBox[3];
    const trimBottom = geo.height - geo.trimBox[1];
    const headY = marginBaseline(t.runningHeads.position, geo, { template: t } as never);
    const folioY = marginBaseline(t.folio.position, geo, { template: t } as never);
    const at = (p: Page, y: number) => runs(p).filter((r) => Math.abs(r.y - y) < 0.01);

    it('keeps every glyph inside the trim, covers included', () => {
      let n = 0;
      for (const p of paged.pages) {
        for (const r of runs(p)) {
          expect(left(r), `page ${p.folio}: ${text([r])}`).toBeGreaterThanOrEqual(tx1);
          expect(right(r), `page ${p.folio}: ${text([r])}`).toBeLessThanOrEqual(tx2);
          expect(r.y - r.size * 0.8, `page ${p.folio}: ${text([r])}`).toBeGreaterThanOrEqual(trimTop);
          expect(r.y, `page ${p.folio}: ${text([r])}`).toBeLessThanOrEqual(trimBottom);
          n++;
        }
      }
      expect(n).toBeGreaterThan(100);
    });

    it('shrinks a long cover title to fit inside its band', () => {
      const cover = paged.pages.find((p) => p.kind === 'cover')!;
      const band = cover.items.find((i) => i.kind === 'rect')!;
      if (band.kind !== 'rect') throw new Error('no band');
      const white = runs(cover).filter((r) => r.color.every((c) => c === 0));
      expect(white.length).toBeGreaterThan(3);
      for (const r of white) {
        expect(r.y - r.size * 0.8, text([r])).toBeGreaterThanOrEqual(Math.max(band.y, trimTop));
        expect(r.y, text([r])).toBeLessThanOrEqual(band.y + band.h);
      }
      expect(white[0]!.size).toBeLessThan(t.styles.coverTitle.size);
    });

    it('sets no text over a portrait, and wraps the long title instead of overflowing', () => {
      const openers = paged.pages.filter((p) => p.kind === 'opener');
      expect(openers.map((p) => p.episode)).toEqual([1, 4, 123]);
      for (const p of openers) {
        for (const im of p.items.filter((i) => i.kind === 'image')) {
          for (const r of runs(p)) {
            const inside = right(r) > im.x + 0.5 && left(r) < im.x + im.w - 0.5 && r.y > im.y + 0.5 && r.y - r.size * 0.7 < im.y + im.h - 0.5;
            expect(inside, `page ${p.folio}: "${text([r])}" over the portrait`).toBe(false);
          }
        }
      }
      const long = openers.find((p) => p.episode === 4)!;
      const titleSize = t.styles.title.size;
      const titleLines = new Set(runs(long).filter((r) => r.size === titleSize).map((r) => r.y));
      expect(titleLines.size).toBeGreaterThanOrEqual(3);
    });

    it('puts running heads on the pages that continue a part, and only there', () => {
      let heads = 0;
      for (const p of paged.pages) {
        const head = text(at(p, headY).filter((r) => r.size === t.styles.runningHead.size && r.face && !(p.showFolio && t.folio.position === t.runningHeads.position && text([r]) === String(p.folio))));
        if (p.kind !== 'body') {
          expect(head, `page ${p.folio} (${p.kind})`).toBe('');
          continue;
        }
        const recto = p.index % 2 === 0;
        const ep = booklet.episodes.find((e) => e.number === p.episode)!;
        const want = recto ? ep.interviewee : booklet.meta.title;
        const shown = t.styles.runningHead.uppercase ? want.toLocaleUpperCase('fr') : want;
        if (head.endsWith('…')) expect(shown.startsWith(head.slice(0, -1).trimEnd()), `page ${p.folio}: "${head}"`).toBe(true);
        else expect(head, `page ${p.folio}`).toBe(shown);
        heads++;
      }
      expect(heads).toBeGreaterThanOrEqual(4);
      // The series title is too long for one line: it is shortened with an ellipsis.
      const verso = paged.pages.find((p) => p.kind === 'body' && p.index % 2 === 1)!;
      expect(text(at(verso, headY))).toMatch(/…/);
    });

    it('puts folios in the outer corners of the pages that show one', () => {
      let n = 0;
      for (const p of paged.pages) {
        const f = at(p, folioY).filter((r) => text([r]) === String(p.folio));
        if (!p.showFolio) {
          expect(f, `page ${p.folio} (${p.kind})`).toHaveLength(0);
          continue;
        }
        expect(f, `page ${p.folio}`).toHaveLength(1);
        const recto = p.index % 2 === 0;
        if (recto) expect(right(f[0]!)).toBeCloseTo(geo.textLeft(p.index) + geo.textWidth, 0);
        else expect(left(f[0]!)).toBeCloseTo(geo.textLeft(p.index), 0);
        n++;
      }
      expect(n).toBeGreaterThanOrEqual(5);
    });
  });
}
