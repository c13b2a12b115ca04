/** One episode: opener, interview, notes; it starts on a recto. Returns the index of its first page. */
import type { Episode } from '../../model/types.js';
import { FlowBuilder } from '../flow.js';
import type { PartContext } from './context.js';
import { footnotes } from './footnotes.js';
import { openChain, opener } from './opener.js';

export function episode(pc: PartContext, ep: Episode): number {
  const { words, seq } = pc;
  seq.toRecto();
  seq.bookmark(`${words.episode} ${ep.number} — ${ep.interviewee}`);
  const f = new FlowBuilder({ ...pc.flow, speakers: { interviewer: pc.booklet.meta.publisher, interviewee: ep.interviewee } });
  const decorate = opener(f, ep, pc);
  f.blocks(ep.blocks);
  openChain(f.els, pc.geo.textHeight);
  const first = seq.length;
  const pages = seq.flow(f.els, 'opener', ep.number, ep.file, footnotes(pc, ep.footnotes));
  if (decorate && pages[0]) decorate(pages[0]);
  return first;
}
