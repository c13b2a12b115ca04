/** The preface (édito): its title, its text and its notes, starting on a recto. Returns the index of its first page. */
import { FlowBuilder } from '../flow.js';
import { plain, type PartContext } from './context.js';
import { footnotes } from './footnotes.js';

export function preface(pc: PartContext): number | undefined {
  const { booklet, words, seq } = pc;
  const p = booklet.preface;
  if (!p) return undefined;
  seq.toRecto();
  const first = seq.length;
  const f = new FlowBuilder(pc.flow);
  const title = p.title ?? words.preface;
  f.paragraph(plain(title, p.title !== undefined ? p.titleAt : undefined), 'prefaceTitle', { keepAll: true, keepWithNext: true });
  f.blocks(p.blocks);
  seq.bookmark(title);
  seq.flow(f.els, 'preface', undefined, p.file, footnotes(pc, p.footnotes));
  return first;
}
