import { describe, expect, it } from 'vitest';
import type { FlowEl } from '../../src/layout/flow.js';
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

describe('page filling', () => {
  it('sets a paragraph of a page one line longer when the keep rules leave the page one line short', () => {
    // Page of 6 lines: a (3 lines) + b (4 lines) → b's first line alone at the foot would be an orphan.
    const a = paragraph(3, 'a');
    const para = {
      looser: () => paragraph(4, 'A').map((l) => ({ ...(l as object), para: undefined }) as FlowEl),
    };
    for (const l of a) (l as { para?: unknown }).para = para;
    const els = [...a, ...paragraph(4, 'b')];
    const pages = paginate(els, 60, 60, 10);
    expect(ids(pages)[0]).toEqual(['A0', 'A1', 'A2', 'A3', 'b0', 'b1']);
    expect(ids(pages)[1]).toEqual(['b2', 'b3']);
  });

  it('leaves the page short when no paragraph can take another line', () => {
    const pages = paginate([...paragraph(3, 'a'), ...paragraph(4, 'b')], 60, 60, 10);
    expect(ids(pages)[0]).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
  });
});
