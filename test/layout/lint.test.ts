import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import type { FlowEl, LineEl } from '../../src/layout/flow.js';
import { emptyStats, lintPages } from '../../src/layout/lint.js';
import type { PlacedEl } from '../../src/layout/paginate.js';

function line(text: string, o: Partial<LineEl> = {}): LineEl {
  return {
    kind: 'line',
    height: 10,
    baseline: 8,
    x: 0,
    runs: [{ kind: 'glyphs', face: { id: 'f', path: 'f' }, size: 10, color: [0, 0, 0, 100], x: 0, y: 0, gids: new Uint16Array(0), dx: new Float64Array(0), advances: new Float32Array(0), text: [...text] }],
    ratio: 0,
    hyphenated: false,
    overfull: false,
    justified: true,
    index: 1,
    count: 3,
    role: 'body',
    keepWithNext: false,
    pos: { file: 'ep.md', line: 7, column: 1 },
    ...o,
  };
}
const page = (...els: FlowEl[]): PlacedEl[] => els.map((el, i) => ({ el, y: i * 10 }));

function lint(chunks: PlacedEl[][]) {
  const bag = new DiagnosticBag();
  const stats = emptyStats();
  lintPages(chunks, chunks.map((_, i) => i + 5), 2, { height: 40, grid: 10 }, bag, stats);
  return { codes: bag.items.map((d) => d.code), bag, stats };
}

describe('typographic lint', () => {
  it('finds nothing on a clean page', () => {
    expect(lint([page(line('a'), line('b'), line('c'), line('d'))]).codes).toEqual([]);
  });

  it('reports widows, orphans and stranded questions with page and source line', () => {
    const { codes, bag } = lint([
      page(line('a'), line('b'), line('c'), line('q', { role: 'question', index: 0, count: 1 })),
      page(line('z', { index: 2, count: 3 }), line('y'), line('x'), line('o', { index: 0, count: 4 })),
      page(line('n')),
    ]);
    expect(codes).toEqual(['lint-stranded-question', 'lint-widow', 'lint-orphan']);
    expect(bag.items[1]).toMatchObject({ file: 'ep.md', line: 7, severity: 'warning' });
    expect(bag.items[1]!.message).toMatch(/^page 6: /);
  });

  it('reports overfull and loose lines, hyphen ladders, hyphens at a page end, punctuation at a line start', () => {
    const h = { hyphenated: true };
    const { codes, stats } = lint([
      page(line('wide', { overfull: true }), line('loose', { ratio: 3.5 }), line('a', h), line('b', h), line('c', h), line('d', h)),
      page(line('! non'), line('e')),
    ]);
    expect(codes).toEqual(['lint-overfull', 'lint-loose', 'lint-hyphen-ladder', 'lint-hyphen-page-end', 'lint-punctuation-start']);
    expect(stats.hyphenated).toBe(4);
    expect(stats.lines).toBe(8);
  });

  it('reports a page that ends above the last baseline while the part goes on (not its last page)', () => {
    const { codes, stats, bag } = lint([page(line('a'), line('b')), page(line('c'), line('d'), line('e')), page(line('f'))]);
    expect(codes).toEqual(['lint-short-page', 'lint-short-page']);
    expect(stats.shortPages).toBe(2);
    expect(bag.items[0]!.message).toMatch(/^page 5: the page ends 2 line\(s\) above/);
  });
});
