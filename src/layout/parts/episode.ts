/** One episode: opener, interview, notes; it starts on a recto. */
import type { Episode } from '../../model/types.js';
import { FlowBuilder } from '../flow.js';
import type { PartContext } from './context.js';
import { footnotes } from './footnotes.js';
import { opener } from './opener.js';

export function episode(pc: PartContext, ep: Episode): void {
  const { words, seq } = pc;
  seq.toRecto();
  seq.bookmark(`${words.episode} ${ep.number} — ${ep.interviewee}`);
  const f = new FlowBuilder(pc.flow);
  opener(f, ep, pc);
  f.blocks(ep.blocks);
  footnotes(f, ep.footnotes, words.notes);
  seq.flow(f.els, 'opener', ep.number, ep.file);
}
