/**
 * The notes of a part (preface or episode), set in the footnote style with their number hung in
 * the margin of the note; the paginator puts each at the foot of the page that calls it.
 */
import type { Footnote } from '../../model/types.js';
import { FlowBuilder, type FlowEl } from '../flow.js';
import type { FootNotes } from '../paginate.js';
import type { PartContext } from './context.js';

export function footnotes(pc: PartContext, notes: Footnote[]): FootNotes | undefined {
  if (!notes.length) return undefined;
  // Off the grid: the notes take whole grid lines together, not each line.
  const f = new FlowBuilder({ ...pc.flow, grid: 0 });
  const s = f.style('footnote');
  const hang = s.size * 1.8;
  const lines = new Map<number, FlowEl[]>();
  for (const n of notes) {
    const from = f.els.length;
    let first = true;
    for (const b of n.blocks) {
      if (b.kind !== 'paragraph') continue;
      const label = first ? f.prefix(`${n.n}.`, 'footnote', s.color, hang) : undefined;
      f.paragraph(b.inlines, 'footnote', { pos: b.pos, prefix: label, hang, indent: first ? 0 : hang });
      first = false;
    }
    lines.set(n.n, f.els.slice(from).filter((e) => e.kind === 'line'));
  }
  return { lines, above: s.leading * 0.6, below: s.leading * 0.4, rule: pc.geo.textWidth * 0.25 };
}
