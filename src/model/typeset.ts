/**
 * The costly, self-contained part of the model room, done per Markdown text: parse, typographic
 * lint (on the tree as parsed, so positions are the source's), question marking, then the typography
 * transform. Pure (text in, tree and diagnostics out), so that it can run on another thread
 * (src/model/typeset-ahead.ts).
 */
import type { Root } from 'mdast';
import type { Diagnostic } from '../diagnostics.js';
import type { EpisodeFrontMatter, MarkdownSource } from '../load/types.js';
import { parseMarkdown } from '../parse/markdown.js';
import { applyTypography, lintTypography } from '../transform/french.js';
import { markQuestions } from '../transform/interview.js';

export interface Typeset {
  tree: Root;
  /** The typographic lint's findings, in the order found. */
  diagnostics: Diagnostic[];
}

/** `text` (whose first line is line `bodyLine` of `file`) parsed and typeset; questions marked when markers are given. */
export function typesetMarkdown(text: string, lang: string, file: string, bodyLine: number, questionMarkers?: string[]): Typeset {
  const tree = parseMarkdown(text);
  const diagnostics = lintTypography(tree, lang, file, bodyLine);
  if (questionMarkers) markQuestions(tree, questionMarkers);
  return { tree: applyTypography(tree, lang), diagnostics };
}

/** What typesetting an episode needs from its source: its body, and its front matter's `lede` (Markdown too). */
export interface EpisodeText {
  file: string;
  body: string;
  bodyLine: number;
  lede?: string;
  ledeLine: number;
}

export interface TypesetEpisode {
  body: Typeset;
  lede?: Typeset;
}

export function episodeText(src: MarkdownSource<EpisodeFrontMatter>): EpisodeText {
  return { file: src.file, body: src.body, bodyLine: src.bodyLine, lede: src.data.lede || undefined, ledeLine: src.keys.lede?.line ?? 1 };
}

/** The body (questions marked) and the lede of an episode, typeset. */
export function typesetEpisode(ep: EpisodeText, lang: string, questionMarkers: string[]): TypesetEpisode {
  const body = typesetMarkdown(ep.body, lang, ep.file, ep.bodyLine, questionMarkers);
  return ep.lede ? { body, lede: typesetMarkdown(ep.lede, lang, ep.file, ep.ledeLine) } : { body };
}

/** JSON.stringify's replacer for a typeset tree sent to another thread: of a node's position, the model uses where it starts (line and column), the rest is left out. */
export function startsOnly(key: string, value: unknown): unknown {
  return key === 'end' || key === 'offset' ? undefined : value;
}
