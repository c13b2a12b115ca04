/**
 * The Booklet: our own closed, format-neutral tree. Built from mdast by the model room,
 * read by both writers (through layout for the PDF, directly for the EPUB).
 */

import type { PartName } from './parts.js';

/** A position in a source file (1-based), for diagnostics. */
export interface Pos {
  file: string;
  line: number;
  column: number;
}

/** Where texts of the front matter or booklet.yaml were written (their values), by key, for diagnostics. */
export type FieldPositions = Partial<Record<string, Pos>>;

export interface BookletMeta {
  /** Positions of `title`, `subtitle`, `publisher`, `edition`, `colophon`, `cover_image` in booklet.yaml. */
  at?: FieldPositions;
  title: string;
  subtitle?: string;
  publisher?: string;
  edition?: string;
  colophon?: string;
  year: number;
  /** BCP 47 tag, e.g. `fr`. */
  language: string;
  isbn?: string;
  /** `urn:uuid:…` or `urn:isbn:…` or the user's own URN. */
  identifier: string;
  template: string;
  /** Output file base name (no extension). */
  output: string;
  /** Build date: from SOURCE_DATE_EPOCH, else a fixed rule (never the wall clock). */
  date: Date;
  /** `parts:` of booklet.yaml (which parts appear); undefined: the template's, else all. */
  parts?: PartName[];
}

export type Inline =
  | { kind: 'text'; text: string; pos?: Pos }
  | { kind: 'emphasis'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'link'; url: string; children: Inline[] }
  | { kind: 'code'; text: string; pos?: Pos }
  | { kind: 'footnoteRef'; /** 1-based number within its episode */ n: number }
  /** Superscript letters of an ordinal (`1er`, `XXe`), from the typography transform. */
  | { kind: 'sup'; children: Inline[] }
  | { kind: 'break' };

export interface ImageAsset {
  /** Absolute path on disk. */
  path: string;
  /** Path relative to the source folder, with forward slashes. */
  rel: string;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
}

export interface ImageRef {
  asset: ImageAsset;
  /** Alt text; `decorative` marks a purely decorative image. */
  alt: string;
  caption?: Inline[];
  credit?: string;
}

export type Block =
  /** A question to the interviewee (a 💬 paragraph or a `##` heading). */
  | { kind: 'question'; inlines: Inline[]; pos: Pos }
  /** A paragraph of running text (an answer, or preface text). */
  | { kind: 'paragraph'; inlines: Inline[]; pos: Pos }
  /** A section heading inside an episode (`###`, intertitre). */
  | { kind: 'heading'; inlines: Inline[]; pos: Pos }
  /** A `>` blockquote, set as a pull quote. */
  | { kind: 'pullquote'; paragraphs: Inline[][]; pos: Pos }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][]; pos: Pos }
  | { kind: 'image'; image: ImageRef; pos: Pos }
  | { kind: 'break'; pos: Pos };

export interface Footnote {
  n: number;
  blocks: Block[];
}

/** What an episode's front matter alone tells (known before its Markdown is parsed). */
export interface EpisodeHead {
  number: number;
  title: string;
  interviewee: string;
  headline?: string;
  role?: string;
  /** ISO date YYYY-MM-DD. */
  date?: string;
  /** Source file (as shown in diagnostics). */
  file: string;
  /** Positions of `title`, `interviewee`, `headline`, `role`, `portrait`, `portrait_credit` in the front matter. */
  at?: FieldPositions;
  /** Safe ASCII slug, unique in the booklet (used for EPUB file names and anchors). */
  slug: string;
}

export interface Episode extends EpisodeHead {
  /** The standfirst (chapô): front matter `lede`, else the paragraphs before the first question. */
  lede: Inline[][];
  portrait?: ImageRef;
  blocks: Block[];
  footnotes: Footnote[];
}

/** A part that is not an episode: the preface (the file named by `preface:`). */
export interface Section {
  title?: string;
  /** Position of the title in the front matter. */
  titleAt?: Pos;
  blocks: Block[];
  footnotes: Footnote[];
  file: string;
}

export interface Booklet {
  meta: BookletMeta;
  /** The cover image (`cover_image:` in booklet.yaml). */
  cover?: ImageRef;
  preface?: Section;
  /** Every episode's head, in order. */
  heads: EpisodeHead[];
  /**
   * The episodes, in order. A build streams them into the layout (src/model/build.ts,
   * BookletBuilder): until the last is made, this holds the first ones only; `heads` holds them all.
   */
  episodes: Episode[];
  /** Every image the booklet uses, once each, in order of first use (complete with the last episode). */
  images: ImageAsset[];
}

/** Plain text of inlines (for titles, alt text, search). */
export function inlineText(inlines: Inline[]): string {
  let s = '';
  for (const i of inlines) {
    switch (i.kind) {
      case 'text':
      case 'code':
        s += i.text;
        break;
      case 'emphasis':
      case 'strong':
      case 'link':
      case 'sup':
        s += inlineText(i.children);
        break;
      case 'break':
        s += ' ';
        break;
      case 'footnoteRef':
        break;
    }
  }
  return s;
}
