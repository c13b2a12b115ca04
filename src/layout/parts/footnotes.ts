/** The notes of a part (preface or episode), set at its end under a short rule. */
import type { Block } from '../../model/types.js';
import type { FlowBuilder } from '../flow.js';

export function footnotes(f: FlowBuilder, notes: { n: number; blocks: Block[] }[], title: string): void {
  if (!notes.length) return;
  f.space(12);
  f.rule(60);
  f.space(4, true);
  f.paragraph([{ kind: 'text', text: title }], 'footnote', { keepAll: true, keepWithNext: true, override: { style: 'italic' } });
  for (const n of notes) {
    let first = true;
    for (const b of n.blocks) {
      if (b.kind !== 'paragraph') continue;
      const label = first ? f.prefix(`${n.n}.`, 'footnote', f.style('footnote').color, f.style('footnote').size * 1.8) : undefined;
      f.paragraph(b.inlines, 'footnote', { pos: b.pos, prefix: label, hang: f.style('footnote').size * 1.8, indent: first ? 0 : f.style('footnote').size * 1.8 });
      first = false;
    }
  }
}
