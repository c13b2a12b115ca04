/**
 * The load room's output: the source folder read, decoded and validated, before any Markdown parsing.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { PartName } from '../model/parts.js';

/** Validated `booklet.yaml` (see schema.ts for the rules). */
export interface BookletConfig {
  title: string;
  subtitle?: string;
  publisher?: string;
  edition?: string;
  colophon?: string;
  year?: number;
  language: string;
  /** ISBN-13 as written (hyphens and spaces kept; check digit verified). */
  isbn?: string;
  identifier?: string;
  template: string;
  preface?: string;
  cover_image?: string;
  output?: string;
  /** Which parts of the booklet appear (src/model/parts.ts). */
  parts?: PartName[];
}

/** Validated episode front matter. */
export interface EpisodeFrontMatter {
  episode: number;
  title: string;
  interviewee: string;
  headline?: string;
  role?: string;
  lede?: string;
  /** YYYY-MM-DD (YAML dates are converted). */
  date?: string;
  portrait?: string;
  portrait_alt?: string;
  portrait_credit?: string;
  draft?: boolean;
}

/** Where a key was written, to point diagnostics at it. */
export interface KeyPos {
  line: number;
  column: number;
}

/** A Markdown file of the source folder, decoded (BOM removed, CRLF → LF). */
export interface MarkdownSource<T> {
  /** Path as shown to the user (relative to the current folder). */
  file: string;
  absPath: string;
  /** Front matter, validated. */
  data: T;
  /** Position of each front-matter key (value position), by key name. */
  keys: Record<string, KeyPos>;
  /** Markdown body after the front matter. */
  body: string;
  /** 1-based line of the file on which `body` starts (add `bodyLine - 1` to mdast lines). */
  bodyLine: number;
}

export interface PrefaceFrontMatter {
  title?: string;
}

export interface SourceSet {
  /** Absolute path of the source folder. */
  dir: string;
  /** The folder as shown to the user. */
  displayDir: string;
  config: BookletConfig;
  /** `booklet.yaml` as shown to the user, and where each of its keys is. */
  configFile: string;
  configKeys: Record<string, KeyPos>;
  /** Episodes sorted by episode number (drafts removed unless asked for). */
  episodes: MarkdownSource<EpisodeFrontMatter>[];
  preface?: MarkdownSource<PrefaceFrontMatter>;
  /** Warnings found while loading (errors are thrown as a BookletError). */
  diagnostics: Diagnostic[];
}
