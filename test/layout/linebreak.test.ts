import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedy } from '../../src/layout/linebreak/greedy.js';
import { knuthPlass, knuthPlassByCount } from '../../src/layout/linebreak/knuth-plass.js';
import { INFINITY, adjustmentRatio, type Item } from '../../src/layout/linebreak/types.js';

/** Words of given widths separated by glue 3 (stretch 1.5, shrink 1), ended like a paragraph. */
function para(widths: number[]): Item<string>[] {
  const items: Item<string>[] = [];
  widths.forEach((w, i) => {
    if (i) items.push({ type: 'glue', width: 3, stretch: 1.5, shrink: 1 });
    items.push({ type: 'box', width: w, content: `w${i}` });
  });
  items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0 });
  items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
  return items;
}

const params = { tolerance: 2, consecutiveFlaggedDemerits: 3000, fitnessDemerits: 100 };

function lineContents(items: Item<string>[], breaks: { position: number }[]): string[][] {
  const lines: string[][] = [];
  let cur: string[] = [];
  let b = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.type === 'box') cur.push(it.content);
    if (breaks[b]?.position === i) {
      lines.push(cur);
      cur = [];
      b++;
    }
  }
  return lines;
}

describe('line breakers', () => {
  it('greedy fills each line as far as it goes', () => {
    const items = para([10, 10, 10, 10, 10]);
    const lines = lineContents(items, greedy(items, () => 36));
    // 10+3+10+3+10 = 36 fits exactly
    expect(lines).toEqual([['w0', 'w1', 'w2'], ['w3', 'w4']]);
  });

  it('Knuth–Plass never has more total demerits than greedy on the same paragraph', () => {
    const widths = Array.from({ length: 60 }, (_, i) => 6 + ((i * 53) % 17));
    const items = para(widths);
    const width = 70;
    const loose = { ...params, tolerance: 1000, fitnessDemerits: 0 };
    const demerits = (bs: { position: number }[]) => {
      let start = 0;
      let d = 0;
      for (const [n, b] of bs.entries()) {
        const r = n === bs.length - 1 ? 0 : adjustmentRatio(items, start, b.position, width);
        d += (10 + 100 * Math.abs(r) ** 3) ** 2;
        start = b.position + 1;
      }
      return d;
    };
    const kp = knuthPlass(items, () => width, loose)!;
    const gr = greedy(items, () => width);
    expect(kp).not.toBeNull();
    expect(demerits(kp)).toBeLessThanOrEqual(demerits(gr));
    expect(kp.map((b) => b.position)).not.toEqual(gr.map((b) => b.position));
  });

  it('every Knuth–Plass line stays within the tolerance and never overfills', () => {
    const widths = Array.from({ length: 120 }, (_, i) => 8 + ((i * 37) % 23));
    const items = para(widths);
    const bs = knuthPlass(items, () => 150, params)!;
    expect(bs).not.toBeNull();
    let start = 0;
    for (const [n, b] of bs.entries()) {
      const r = adjustmentRatio(items, start, b.position, 150);
      expect(r).toBeGreaterThanOrEqual(-1);
      if (n < bs.length - 1) expect(r).toBeLessThanOrEqual(params.tolerance);
      start = b.position + 1;
    }
  });

  it('returns null when a word is wider than the measure, and greedy still breaks', () => {
    const items = para([10, 200, 10]);
    expect(knuthPlass(items, () => 50, params)).toBeNull();
    const g = greedy(items, () => 50);
    expect(lineContents(items, g).flat()).toEqual(['w0', 'w1', 'w2']);
  });

  it('honours forced breaks', () => {
    const items: Item<string>[] = [
      { type: 'box', width: 5, content: 'a' },
      { type: 'glue', width: 0, stretch: INFINITY, shrink: 0 },
      { type: 'penalty', width: 0, penalty: -INFINITY, flagged: false },
      { type: 'box', width: 5, content: 'b' },
      { type: 'glue', width: 0, stretch: INFINITY, shrink: 0 },
      { type: 'penalty', width: 0, penalty: -INFINITY, flagged: false },
    ];
    expect(lineContents(items, knuthPlass(items, () => 100, params)!)).toEqual([['a'], ['b']]);
    expect(lineContents(items, greedy(items, () => 100))).toEqual([['a'], ['b']]);
  });
});

describe('Knuth–Plass with an exact line count and plain first lines', () => {
  /** Words with a hyphenation point inside every word of width 20 (two halves of 10). */
  function hyphenated(widths: number[]): Item<string>[] {
    const items: Item<string>[] = [];
    widths.forEach((w, i) => {
      if (i) items.push({ type: 'glue', width: 3, stretch: 1.5, shrink: 1 });
      if (w === 20) {
        items.push({ type: 'box', width: 10, content: `w${i}a` });
        items.push({ type: 'penalty', width: 2, penalty: 50, flagged: true });
        items.push({ type: 'box', width: 10, content: `w${i}b` });
      } else items.push({ type: 'box', width: w, content: `w${i}` });
    });
    items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0 });
    items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
    return items;
  }

  it('sets a paragraph in exactly the number of lines asked, or returns null', () => {
    const items = para(Array.from({ length: 30 }, (_, i) => 8 + ((i * 5) % 7)));
    const natural = knuthPlass(items, () => 60, { ...params, tolerance: 10 })!;
    const more = knuthPlass(items, () => 60, { ...params, tolerance: 10, lines: natural.length + 1 });
    expect(more?.length).toBe(natural.length + 1);
    expect(knuthPlass(items, () => 60, { ...params, lines: 1 })).toBeNull();
  });

  it('ends none of the first plainLines lines with a hyphen', () => {
    const items = hyphenated([12, 20, 20, 9, 20, 20, 11, 20, 20, 20, 8, 20, 20, 20]);
    const isHyphen = (b: { position: number }) => items[b.position]!.type === 'penalty' && (items[b.position] as { width: number }).width > 0;
    const free = knuthPlass(items, () => 50, { ...params, tolerance: 10 })!;
    expect(free.some(isHyphen)).toBe(true);
    const first = free.findIndex(isHyphen);
    const plain = knuthPlass(items, () => 50, { ...params, tolerance: 10, plainLines: first + 1 })!;
    expect(plain.slice(0, first + 1).some(isHyphen)).toBe(false);
  });
});

describe('Knuth–Plass for every line count from one run', () => {
  /** Integer widths (ties between sets of breaks happen), hyphen points in some words, a hanging first line. */
  const paragraph = fc.record({
    words: fc.array(fc.record({ w: fc.integer({ min: 2, max: 24 }), cut: fc.boolean() }), { minLength: 1, maxLength: 45 }),
    width: fc.integer({ min: 30, max: 90 }),
    hang: fc.integer({ min: -10, max: 10 }),
    tolerance: fc.constantFrom(1, 2, 3, 10),
    plain: fc.integer({ min: 0, max: 4 }),
    to: fc.integer({ min: 1, max: 16 }),
    from: fc.integer({ min: 1, max: 16 }),
  });

  it('gives for each count m the breaks that a run asked for exactly m lines gives', () => {
    fc.assert(
      fc.property(paragraph, ({ words, width, hang, tolerance, plain, to, from }) => {
        const items: Item<string>[] = [];
        words.forEach(({ w, cut }, i) => {
          if (i) items.push({ type: 'glue', width: 3, stretch: 1.5, shrink: 1 });
          if (cut && w > 4) {
            items.push({ type: 'box', width: w >> 1, content: `w${i}a` });
            items.push({ type: 'penalty', width: 2, penalty: 50, flagged: true });
            items.push({ type: 'box', width: w - (w >> 1), content: `w${i}b` });
          } else items.push({ type: 'box', width: w, content: `w${i}` });
        });
        items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0 });
        items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false });
        const measure = (line: number) => (line === 0 ? width : width - hang);
        const p = { ...params, tolerance, plainLines: plain };
        const lo = Math.min(from, to);
        const all = knuthPlassByCount(items, measure, { ...p, lines: to }, lo);
        expect(all).toHaveLength(to - lo + 1);
        all.forEach((set, k) => expect(set).toEqual(knuthPlass(items, measure, { ...p, lines: lo + k })));
      }),
      { numRuns: 3000, seed: 6 },
    );
  });

  it('finds sets for several counts in one run', () => {
    const items = para(Array.from({ length: 30 }, (_, i) => 8 + ((i * 5) % 7)));
    const natural = knuthPlass(items, () => 60, { ...params, tolerance: 10 })!.length;
    const all = knuthPlassByCount(items, () => 60, { ...params, tolerance: 10, lines: natural + 1 }, 1);
    expect(all).toHaveLength(natural + 1);
    expect(all[0]).toBeNull(); // thirty words never fit on one line
    expect(all[natural - 1]).toHaveLength(natural);
    expect(all[natural]).toHaveLength(natural + 1);
  });
});
