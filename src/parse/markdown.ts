/**
 * Markdown → mdast, with unified + remark-parse and GitHub-flavoured Markdown (footnotes, literal
 * autolinks, strikethrough, tables, task list items) from its micromark and mdast parts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Extension as SyntaxExtension } from 'micromark-util-types';
import type { Extension as MdastExtension } from 'mdast-util-from-markdown';
import type { Root } from 'mdast';

/**
 * GFM's parts in remark-gfm's order, each with what a text must hold for the part to find anything.
 * A part is tried at many characters (literal autolinks at every letter, tables on every paragraph's
 * first line): a text is parsed with only the parts it can use, for the same tree that remark-gfm
 * gives (test/parse/markdown.test.ts compares them). Literal autolinks were half of the parsing.
 */
const GFM_PARTS: { needs: RegExp; syntax: () => SyntaxExtension; mdast: () => MdastExtension }[] = [
  // Bare `www.`/`http(s)://` addresses and e-mail addresses (matched case-insensitively).
  { needs: /www\.|https?:\/\/|@/i, syntax: gfmAutolinkLiteral, mdast: gfmAutolinkLiteralFromMarkdown },
  { needs: /\[\^/, syntax: gfmFootnote, mdast: gfmFootnoteFromMarkdown },
  { needs: /~/, syntax: () => gfmStrikethrough(), mdast: gfmStrikethroughFromMarkdown },
  { needs: /\|/, syntax: gfmTable, mdast: gfmTableFromMarkdown },
  { needs: /\[/, syntax: gfmTaskListItem, mdast: gfmTaskListItemFromMarkdown },
];

type MarkdownParser = Processor<Root, Root, Root>;
const parsers = new Map<number, MarkdownParser>();

/** The parser for `text`: remark-parse with the GFM parts the text can use (made once per set). */
export function processorFor(text: string): MarkdownParser {
  let key = 0;
  for (let i = 0; i < GFM_PARTS.length; i++) if (GFM_PARTS[i]!.needs.test(text)) key |= 1 << i;
  let p = parsers.get(key);
  if (!p) {
    const parts = GFM_PARTS.filter((_, i) => key & (1 << i));
    p = unified()
      .use(remarkParse)
      .use(function gfmParts(this: Processor) {
        const data = this.data();
        (data.micromarkExtensions ??= []).push(...parts.map((x) => x.syntax()));
        (data.fromMarkdownExtensions ??= []).push(parts.map((x) => x.mdast()));
      })
      .freeze() as unknown as MarkdownParser;
    parsers.set(key, p);
  }
  return p;
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
