/** Saddle stitch: padding to the signature, the 2-up order, creep. */
import { describe, expect, it } from 'vitest';
import type { Page, PagedBooklet } from '../../src/layout/types.js';
import { creepShift, padToSignature, saddleOrder } from '../../src/print/saddle.js';

function booklet(kinds: Page['kind'][], episodeOf: (i: number) => number | undefined = () => undefined): PagedBooklet {
  const pages: Page[] = kinds.map((kind, index) => ({ index, folio: index + 1, showFolio: kind === 'body', kind, episode: episodeOf(index), items: [] }));
  return { width: 100, height: 100, trimBox: [0, 0, 100, 100], bleedBox: [0, 0, 100, 100], pages, faces: [], outline: [{ title: 'Un', pageIndex: 2 }] };
}

describe('padToSignature', () => {
  it('adds blank pages at the end, after the last episode, to the next multiple of 4', () => {
    const b = booklet(['cover', 'blank', 'opener', 'body', 'body', 'opener', 'body'], (i) => (i >= 2 ? (i >= 5 ? 2 : 1) : undefined));
    const r = padToSignature(b, 4);
    expect(r.added).toBe(1);
    expect(r.before).toBe(7);
    expect(r.fewer).toBe(4);
    expect(r.paged.pages.map((p) => p.kind)).toEqual(['cover', 'blank', 'opener', 'body', 'body', 'opener', 'body', 'blank']);
    const last = r.paged.pages[7]!;
    expect(last).toEqual({ index: 7, folio: 8, showFolio: false, kind: 'blank', items: [] });
    // Every episode's pages stay together.
    expect(r.paged.pages.map((p) => p.episode)).toEqual([undefined, undefined, 1, 1, 1, 2, 2, undefined]);
    expect(r.paged.pages.map((p) => p.folio)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('puts the blanks before a back page, renumbering it and moving outline entries', () => {
    const b = booklet(['cover', 'blank', 'opener', 'body', 'body', 'back']);
    b.outline.push({ title: 'Dos', pageIndex: 5 });
    const r = padToSignature(b, 4);
    expect(r.added).toBe(2);
    expect(r.paged.pages.map((p) => p.kind)).toEqual(['cover', 'blank', 'opener', 'body', 'body', 'blank', 'blank', 'back']);
    expect(r.paged.pages.map((p) => [p.index, p.folio])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, i + 1]));
    expect(r.paged.outline).toEqual([
      { title: 'Un', pageIndex: 2 },
      { title: 'Dos', pageIndex: 7 },
    ]);
  });

  it('leaves a booklet that is already a multiple alone, and signature 1 never pads', () => {
    const b = booklet(['cover', 'blank', 'body', 'body']);
    expect(padToSignature(b, 4)).toMatchObject({ paged: b, added: 0, fewer: 4 });
    const odd = booklet(['cover', 'blank', 'body']);
    expect(padToSignature(odd, 1)).toMatchObject({ paged: odd, added: 0 });
    expect(padToSignature(odd, 8).added).toBe(5);
    expect(() => padToSignature(odd, 0)).toThrow(/signature/);
  });
});

describe('saddleOrder', () => {
  it('gives the 8-page and 12-page orders of standards.md §1.5', () => {
    expect(saddleOrder(8).map((s) => `${s.sheet}${s.side[0]} ${s.left}|${s.right}`)).toEqual(['1f 8|1', '1b 2|7', '2f 6|3', '2b 4|5']);
    expect(saddleOrder(12).map((s) => `${s.left}|${s.right}`)).toEqual(['12|1', '2|11', '10|3', '4|9', '8|5', '6|7']);
  });

  it('puts every page once, each pair summing to N+1, the odd page on the right of the front', () => {
    for (const n of [4, 16, 32, 64]) {
      const o = saddleOrder(n);
      expect(o).toHaveLength(n / 2);
      expect(o.flatMap((s) => [s.left, s.right]).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      for (const s of o) {
        expect(s.left + s.right).toBe(n + 1);
        if (s.side === 'front') expect(s.right % 2).toBe(1);
      }
    }
    expect(() => saddleOrder(10)).toThrow(/multiple of 4/);
  });
});

describe('creepShift', () => {
  it('moves sheet s by H·(s−1)/(sheets−1): the cover not at all, the innermost sheet by H', () => {
    expect([1, 2, 3, 4, 5].map((s) => creepShift(s, 5, 2))).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(creepShift(1, 1, 2)).toBe(0);
    expect(creepShift(3, 8, 0)).toBe(0);
  });
});
