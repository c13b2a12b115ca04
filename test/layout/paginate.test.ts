import { describe, expect, it } from 'vitest';
import type { FlowEl, LineEl, Reflowable } from '../../src/layout/flow.js';
import { paginate } from '../../src/layout/paginate.js';

const line = (keepWithNext = false, id = ''): FlowEl => ({ kind: 'line', height: 10, baseline: 8, x: 0, runs: [], ratio: 0, hyphenated: false, overfull: false, justified: false, index: 0, count: 1, role: 'body', keepWithNext, pos: { file: id, line: 0, column: 0 } });
const space = (h: number): FlowEl => ({ kind: 'space', height: h, keepWithNext: false });

/** A paragraph of n lines with the orphan/widow keeps the flow builder sets. */
function paragraph(n: number, id: string): FlowEl[] {
  return Array.from({ length: n }, (_, i) => ({ ...line((i === 0 && n > 1) || i === n - 2, `${id}${i}`), index: i, count: n }) as FlowEl);
}
const ids = (pages: ReturnType<typeof paginate>) => pages.map((p) => p.map((e) => (e.el.kind === 'line' ? e.el.pos!.file : e.el.kind)));

describe('paginate', () => {
  it('fills pages and drops spaces at the top of a page', () => {
    const els = [...paragraph(3, 'a'), space(10), ...paragraph(3, 'b')];
    const pages = paginate(els, 40, 40);
    expect(ids(pages)).toEqual([['a0', 'a1', 'a2'], ['b0', 'b1', 'b2']]);
  });

  it('leaves no widow: the last two lines of a paragraph go together', () => {
    // 5 lines on a 4-line page would leave one line alone on the next page.
    const pages = paginate(paragraph(5, 'p'), 40, 40);
    expect(ids(pages)).toEqual([['p0', 'p1', 'p2'], ['p3', 'p4']]);
  });

  it('leaves no orphan: a paragraph does not start with one line at a page foot', () => {
    const els = [...paragraph(3, 'a'), ...paragraph(4, 'b')];
    const pages = paginate(els, 40, 40);
    expect(ids(pages)[0]).toEqual(['a0', 'a1', 'a2']);
  });

  it('keeps a question with the start of its answer', () => {
    const q = [line(true, 'q0')];
    const els = [...paragraph(2, 'a'), q[0]!, ...paragraph(4, 'b')];
    // room for a0 a1 q0 b0: the question would end the page with one answer line
    const pages = paginate(els, 40, 40);
    expect(ids(pages)[0]).toEqual(['a0', 'a1']);
    expect(ids(pages)[1]!.slice(0, 3)).toEqual(['q0', 'b0', 'b1']);
  });

  it('places an element taller than the page alone instead of looping', () => {
    const tall: FlowEl = { kind: 'rule', height: 100, width: 10, keepWithNext: false };
    const pages = paginate([tall, line(false, 'x')], 40, 40);
    expect(pages.length).toBe(2);
  });
});

/** Give the lines of a paragraph a Reflowable that sets it in the given numbers of lines. */
function reflowable(lines: FlowEl[], id: string, settings: Record<string, number>): FlowEl[] {
  const sets = new Map<string, FlowEl[]>();
  const para: Reflowable = {
    setIn: (n, plain = 0) => {
      const key = `${n}/${plain}`;
      if (!(key in settings)) return null;
      if (!sets.has(key)) sets.set(key, paragraph(n, `${id.toUpperCase()}${n}.`).map((l) => ({ ...(l as LineEl), para })));
      return sets.get(key)! as LineEl[];
    },
    cost: (n, plain = 0) => settings[`${n}/${plain}`] ?? Infinity,
  };
  return lines.map((l) => ({ ...(l as LineEl), para }));
}

describe('page filling', () => {
  it('sets a paragraph of a page one line longer when the keep rules leave the page one line short', () => {
    // Page of 6 lines: a (3 lines) + b (4 lines) → b's first line alone at the foot would be an orphan.
    const els = [...reflowable(paragraph(3, 'a'), 'a', { '4/0': 1 }), ...paragraph(4, 'b')];
    const pages = paginate(els, 60, 60, 10);
    expect(ids(pages)[0]).toEqual(['A4.0', 'A4.1', 'A4.2', 'A4.3', 'b0', 'b1']);
    expect(ids(pages)[1]).toEqual(['b2', 'b3']);
  });

  it('sets the paragraph that did not fit one line tighter when that fills the page', () => {
    // 4-line page: a (2 lines) + b (3 lines) that cannot split; b in 2 lines fits.
    const els = [...paragraph(2, 'a'), ...reflowable(paragraph(3, 'b'), 'b', { '2/0': 1 }), ...paragraph(4, 'c')];
    const pages = paginate(els, 40, 40, 10);
    expect(ids(pages)[0]).toEqual(['a0', 'a1', 'B2.0', 'B2.1']);
  });

  it('chooses the cheapest change that fills the page', () => {
    const els = [...reflowable(paragraph(3, 'a'), 'a', { '4/0': 5 }), ...reflowable(paragraph(2, 'b'), 'b', { '3/0': 2 }), ...paragraph(4, 'c')];
    // 6-line page: a a a b b | c c c c → one line short; b in 3 lines is cheaper than a in 4.
    const pages = paginate(els, 60, 60, 10);
    expect(ids(pages)[0]).toEqual(['a0', 'a1', 'a2', 'B3.0', 'B3.1', 'B3.2']);
  });

  it('sets a flexible space one line taller when no paragraph can change', () => {
    const q: FlowEl = { ...line(true, 'q'), role: 'question' } as FlowEl;
    const flex: FlowEl = { kind: 'space', height: 10, keepWithNext: true, flex: true };
    // 6-line page: a(2) flex q b(4): b's first two lines must follow q, 1 line short without change.
    const els = [...paragraph(2, 'a'), flex, q, ...paragraph(2, 'b'), { kind: 'space', height: 10, keepWithNext: true, flex: true } as FlowEl, { ...q }, ...paragraph(4, 'c')];
    const pages = paginate(els, 60, 60, 10);
    const first = pages[0]!;
    const last = first[first.length - 1]!;
    expect(last.y + last.el.height).toBe(60);
  });

  it('never sets again a paragraph begun on an earlier page', () => {
    // p (6 lines) runs over the 4-line page; page 2 (p4 p5, then c that cannot split) is short,
    // but p's lines on page 1 are placed, so p is not set again.
    const els = [...reflowable(paragraph(6, 'p'), 'p', { '7/0': 0.1, '5/0': 0.1 }), ...paragraph(3, 'c')];
    const pages = paginate(els, 40, 40, 10);
    expect(ids(pages)).toEqual([['p0', 'p1', 'p2', 'p3'], ['p4', 'p5'], ['c0', 'c1', 'c2']]);
  });

  it('leaves the page short when nothing can change', () => {
    const pages = paginate([...paragraph(3, 'a'), ...paragraph(4, 'b')], 60, 60, 10);
    expect(ids(pages)[0]).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
  });

  it('keeps the last two lines of a part together', () => {
    // 3 one-line paragraphs on a 2-line page: the last page must not hold only the last line.
    const pages = paginate([line(false, 'x'), line(false, 'y'), line(false, 'z')], 20, 20);
    expect(ids(pages)).toEqual([['x'], ['y', 'z']]);
  });
});
