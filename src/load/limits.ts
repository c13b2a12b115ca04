/**
 * Limits on what a source file may hold, so that no input makes a build run for minutes, run out
 * of memory or overflow the stack (measured in test/hostile/; see the README, "Limits"):
 *
 * - a Markdown file (episode, preface) of at most 1 MiB, about 350 printed A5 pages: a 5 MB answer
 *   took 14 s and 0.9 GB laid out as paragraphs, 36 s and 2.2 GB as one paragraph;
 * - a YAML text (front matter, booklet.yaml) of at most 32 KiB: the YAML parser checks duplicate keys
 *   in quadratic time (20,000 keys: two minutes);
 * - quotes and lists nested at most 32 deep: the Markdown parser is cubic in the depth of nested lists
 *   (1,000 levels: 70 s) and recursive (deep nesting overflows the stack);
 * - at most 2,000 emphasis, link or code delimiters (`* _ ~ [ ] \``) in one paragraph: the Markdown
 *   parser is quadratic in them (50,000 `[`: 30 s; 5,000 nested `*`: a stack overflow).
 *
 * A real interview is far below every limit.
 */
import type { DiagnosticBag } from '../diagnostics.js';

export const MAX_MARKDOWN_BYTES = 1024 * 1024;
export const MAX_YAML_BYTES = 32 * 1024;
export const MAX_DEPTH = 32;
export const MAX_DELIMITERS = 2000;

/** A size for a message: `40 KB`, `1.2 MB`. */
export function sizeText(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** The error for a file over `max` bytes (checked before reading it). */
export function tooLargeMessage(bytes: number, max: number, what: 'episode' | 'preface' | 'booklet.yaml'): string {
  if (what === 'booklet.yaml') {
    return `booklet.yaml is ${sizeText(bytes)}, more than the ${sizeText(max)} it may hold — it only describes the booklet: keep the keys of the reference and move long texts into the preface`;
  }
  return `this file is ${sizeText(bytes)}, more than the ${sizeText(max)} (about 350 printed pages) a Markdown file may hold — split it into several ${what === 'preface' ? 'files' : 'episodes'}`;
}

/** Checks the size of a YAML text (front matter or booklet.yaml); false (reported) when too large. */
export function checkYamlSize(yaml: string, file: string, line: number, bag: DiagnosticBag): boolean {
  const bytes = Buffer.byteLength(yaml);
  if (bytes <= MAX_YAML_BYTES) return true;
  bag.error(file, line, 1, 'yaml-too-large', `this YAML is ${sizeText(bytes)}, more than the ${sizeText(MAX_YAML_BYTES)} it may hold — keep only the keys of the reference; long texts belong in the body`);
  return false;
}

/**
 * Most blocks (paragraphs, list items, quotes, headings…) in one Markdown file: each is kept until
 * its episode is paginated (~9 KB), so 330,000 one-letter paragraphs in 1 MB took 84 s and 3 GB;
 * 20,000 take ~6 s and ~300 MB. A real interview has a few hundred.
 */
export const MAX_BLOCKS = 20_000;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** One container marker at the start of what is left of a line: a quote `>`, a list item marker or a footnote definition's label. */
const CONTAINER = /^[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|\[\^[^\]\n]{1,999}\]:)[ \t]?/;
const DELIMITER = /[*_~[\]`]/g;
/** A line that starts a new paragraph of inline content: a list item, a quote, a heading, a table row. */
const BLOCK_START = /^[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t]|\|)/;

function indentColumns(s: string): number {
  let col = 0;
  for (const ch of s) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/**
 * Nesting depth, delimiter density and number of blocks of a Markdown text, checked on the raw
 * lines before parsing. Reports at most one error of each kind, at the first offending line (`firstLine`: the file line
 * of the text's first line). Fenced code blocks are skipped.
 */
export function checkMarkdownLimits(text: string, file: string, firstLine: number, bag: DiagnosticBag): boolean {
  const lines = text.split('\n');
  let fence: string | undefined;
  let deep = false;
  let dense = false;
  let chunkStart = 0;
  let chunkDelims = 0;
  let blocks = 0;
  let many = false;
  let afterBlank = true;
  const flush = () => {
    if (!dense && chunkDelims > MAX_DELIMITERS) {
      dense = true;
      bag.error(
        file,
        firstLine + chunkStart,
        1,
        'markdown-too-dense',
        `this paragraph holds ${chunkDelims} emphasis, link or code marks (* _ ~ [ ] \`), more than the ${MAX_DELIMITERS} a paragraph may hold — it is probably not meant as Markdown: split it into paragraphs, or remove the marks`,
      );
    }
    chunkDelims = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence)) fence = undefined;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      flush();
      fence = f[1]!.slice(0, 3);
      chunkStart = i + 1;
      continue;
    }
    const blank = line.trim() === '';
    const starts = !blank && BLOCK_START.test(line);
    if (blank || starts) {
      flush();
      chunkStart = blank ? i + 1 : i;
    }
    if ((starts || (!blank && afterBlank)) && ++blocks > MAX_BLOCKS && !many) {
      many = true;
      bag.error(
        file,
        firstLine + i,
        1,
        'markdown-too-many-blocks',
        `this file holds more than ${MAX_BLOCKS.toLocaleString('en')} paragraphs, list items or other blocks (the first one past that starts here) — split it into several episodes`,
      );
    }
    afterBlank = blank;
    if (!deep) {
      let rest = line;
      let depth = 0;
      let spaces = 0;
      for (let m = CONTAINER.exec(rest); m && depth <= MAX_DEPTH * 2; m = CONTAINER.exec(rest)) {
        spaces += indentColumns(rest);
        depth++;
        rest = rest.slice(m[0].length);
      }
      spaces += indentColumns(rest);
      // Nested lists are written with indentation: count about one level per two columns.
      const level = Math.max(depth, Math.floor(spaces / 2));
      if (level > MAX_DEPTH) {
        deep = true;
        bag.error(
          file,
          firstLine + i,
          1,
          'markdown-too-deep',
          `this line is nested about ${level} levels deep (quotes, lists or indentation), more than the ${MAX_DEPTH} a page can show — flatten the quotes or lists, or remove the indentation`,
        );
      }
    }
    chunkDelims += line.match(DELIMITER)?.length ?? 0;
  }
  flush();
  return !deep && !dense && !many;
}
