/**
 * Markdown → mdast, with unified + remark-parse + remark-gfm (footnotes, autolinks, strikethrough).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * GFM without its literal autolinks (bare `www.`/`http(s)://` addresses and e-mail addresses), in
 * remark-gfm's order. That extension is tried at every letter and costs about half of the parsing;
 * a text without `www.`, `http://`, `https://` or `@` cannot hold one, so it gets the same tree
 * from this processor (test/parse/markdown.test.ts compares the two).
 */
function gfmWithoutLiteralAutolinks(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push([gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()]);
}
const lean = unified().use(remarkParse).use(gfmWithoutLiteralAutolinks);

/** What a literal autolink needs somewhere in the text (GFM matches them case-insensitively). */
export const AUTOLINK_LITERAL_TRIGGER = /www\.|https?:\/\/|@/i;

/** The parser a text needs: GFM in full, or without literal autolinks when it can hold none. */
export function processorFor(text: string): typeof processor {
  return AUTOLINK_LITERAL_TRIGGER.test(text) ? processor : (lean as unknown as typeof processor);
}

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
  const p = processorFor(text);
  if (!m) return p.runSync(p.parse(text)) as Root;
  let tree = m.get(text);
  if (!tree) {
    tree = p.runSync(p.parse(text)) as Root;
    m.set(text, tree);
  }
  return structuredClone(tree);
}
