/** What every part of the booklet is laid out with. */
import type { Words } from '../../i18n/words.js';
import type { Booklet, Inline, Pos } from '../../model/types.js';
import type { Template } from '../../template/types.js';
import type { FlowContext } from '../flow.js';
import type { PageGeometry } from '../geometry.js';
import type { PageSequence } from '../sequence.js';

export interface PartContext {
  booklet: Booklet;
  template: Template;
  geo: PageGeometry;
  /** For a FlowBuilder over the text block's width, on the baseline grid. */
  flow: FlowContext;
  words: Words;
  seq: PageSequence;
}

/** An error at the value of `key` in booklet.yaml (a text too long for its page, say). */
export function errorAtKey(pc: PartContext, key: string, code: string, message: string): void {
  const pos = pc.booklet.meta.at?.[key];
  pc.flow.bag.error(pos?.file ?? 'booklet.yaml', pos?.line ?? 0, pos?.column ?? 0, code, message);
}

/** A plain text inline, with its source position when it has one. */
export function plain(s: string, pos?: Pos): Inline[] {
  return [pos ? { kind: 'text', text: s, pos } : { kind: 'text', text: s }];
}
