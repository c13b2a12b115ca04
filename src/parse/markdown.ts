/**
 * Markdown → mdast, with unified + remark-parse + remark-gfm (footnotes, autolinks, strikethrough).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Parsed trees by source text, kept across builds by `booklet watch` (src/cache.ts): parsing is the
 * costly part of the model step. Each call gets its own copy, since later steps change trees in place.
 */
export interface ParseMemo {
  get(text: string): Root | undefined;
  set(text: string, tree: Root): void;
}

const memo = new AsyncLocalStorage<ParseMemo>();

/** Runs `fn` with `parseMarkdown` answering from (and filling) `m`; without `m`, just runs `fn`. */
export function withParseMemo<T>(m: ParseMemo | undefined, fn: () => Promise<T>): Promise<T> {
  return m ? memo.run(m, fn) : fn();
}

export function parseMarkdown(text: string): Root {
  const m = memo.getStore();
  if (!m) return processor.runSync(processor.parse(text)) as Root;
  let tree = m.get(text);
  if (!tree) {
    tree = processor.runSync(processor.parse(text)) as Root;
    m.set(text, tree);
  }
  return structuredClone(tree);
}
