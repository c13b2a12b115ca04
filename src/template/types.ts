/**
 * The Template: the whole look of a booklet as data, read from `templates/<name>/template.yaml`
 * and validated (see schema.ts). Lengths in the YAML are millimetres (page geometry) or points
 * (type sizes); this typed object carries them converted to points.
 */

import type { PartName } from '../model/parts.js';

/** CMYK in percent, 0–100 each. */
export type Cmyk = [number, number, number, number];

export type FaceStyle = 'regular' | 'italic' | 'bold' | 'boldItalic';

/** A font family: one file per style, paths relative to the repository's or the template's `fonts/`. */
export interface FontFamily {
  name: string;
  regular: string;
  italic?: string;
  bold?: string;
  boldItalic?: string;
}

export interface TextStyle {
  /** Key of `fonts.families` tried first; missing characters fall back along `fonts.chain`. */
  family: string;
  style: FaceStyle;
  size: number; // pt
  leading: number; // pt, baseline to baseline
  color: Cmyk;
  align: 'justify' | 'left' | 'center' | 'right';
  /** First-line indent, pt. */
  indent: number;
  spaceBefore: number; // pt
  spaceAfter: number; // pt
  /** Letter case transform (for kickers, running heads). */
  uppercase: boolean;
  /** Extra tracking, in thousandths of an em. */
  tracking: number;
  /** OpenType features on top of the font's defaults (kern, liga…), e.g. `onum`, `smcp`. */
  features: string[];
}

export type StyleName =
  | 'body'
  | 'question'
  | 'heading'
  | 'pullquote'
  | 'lede'
  | 'kicker'
  | 'title'
  | 'headline'
  | 'interviewee'
  | 'role'
  | 'caption'
  | 'footnote'
  | 'folio'
  | 'runningHead'
  | 'prefaceTitle'
  | 'coverTitle'
  | 'coverSubtitle'
  /** The big episode number of the magazine opener (optional in template.yaml: derived from `title`). */
  | 'openerNumber';

/** What a running head shows: the booklet's title, or the episode's title, interviewee or headline. */
export type RunningHeadSource = 'series' | 'title' | 'interviewee' | 'headline' | 'none';

export interface Template {
  name: string;
  description: string;
  /** Folder the template was read from. */
  dir: string;
  /** Page geometry in pt. */
  page: {
    trimWidth: number;
    trimHeight: number;
    bleed: number;
    margins: { top: number; bottom: number; inner: number; outer: number };
  };
  fonts: {
    families: Record<string, FontFamily>;
    /** Fallback order: a character missing from a style's family is taken from the next family here. */
    chain: string[];
  };
  styles: Record<StyleName, TextStyle>;
  colors: { text: Cmyk; accent: Cmyk; rule: Cmyk };
  /**
   * How a question is marked. `ornament`: `marker` drawn before it in `markerColor`; `color`: the
   * question set in `markerColor`, no glyph; `initials`: the interviewer's initials (the booklet's
   * publisher) before each question and the interviewee's before each answer, in small capitals.
   */
  question: { kind: 'ornament' | 'color' | 'initials'; marker: string; markerColor: Cmyk };
  /** The episode opener: `classic` (text block from the top) or `magazine` (accent band with a big number). */
  opener: { layout: 'classic' | 'magazine'; band: number };
  /** Running heads: what versos and rectos show, where, and how they sit. */
  runningHeads: { verso: RunningHeadSource; recto: RunningHeadSource; position: 'top' | 'bottom'; align: 'center' | 'inner' | 'outer'; rule: boolean };
  /** Folios: top or bottom, on the outer corners or centred; `format` holds `{n}`. */
  folio: { position: 'top' | 'bottom'; align: 'outer' | 'center'; format: string };
  /** Paragraph source markers that make a paragraph a question. */
  questionMarkers: string[];
  /** Which parts appear when booklet.yaml does not say (`parts:`); undefined: all of them. */
  parts?: PartName[];
  linebreak: {
    /** `knuth-plass` (total fit) or `greedy` (first fit). */
    algorithm: 'knuth-plass' | 'greedy';
    tolerance: number;
    /** Largest adjustment ratio accepted without hyphenation (first pass); 0 always hyphenates. */
    pretolerance: number;
    hyphenPenalty: number;
    consecutiveHyphenDemerits: number;
    /** Word space stretch and shrink, as fractions of the space width. */
    spaceStretch: number;
    spaceShrink: number;
    /** Width of U+202F, in em. */
    thinSpace: number;
  };
  /** Extra CSS appended to the generated EPUB stylesheet (optional file in the template folder). */
  epubCss: string;
  /** Print production settings (`print:` in template.yaml); absent means the defaults (src/print/settings.ts). */
  print?: PrintTemplate;
  /**
   * Where the preflight's keys are in template.yaml (`page.bleed`, `colors.text`,
   * `styles.body.color`…: line numbers; a colour a style inherits points at the key it comes from),
   * or `--bleed` when the command line set the bleed.
   */
  keyLines?: Record<string, number | '--bleed'>;
  /** template.yaml as the user would type its path (for diagnostics about the template itself). */
  file?: string;
}

/** `print:` of template.yaml: the PDF/X flavour, the printing condition and the binding. */
export interface PrintTemplate {
  standard: 'pdfx-1a' | 'pdfx-4';
  /** OutputConditionIdentifier, e.g. `FOGRA39`; default FOGRA39, or `Custom` with a profile. */
  condition?: string;
  /** OutputCondition / Info text, e.g. `Coated FOGRA39 (ISO 12647-2:2004)`; derived from `condition` when absent. */
  conditionInfo?: string;
  /** RegistryName of the characterization, e.g. `http://www.color.org`. */
  registry: string;
  /** Absolute path of the printer's ICC output profile (CMYK, class prtr), if the template gives one. */
  profile?: string;
  /** Pages are padded to a multiple of this (4 for saddle stitch; 1 for none). */
  signature: number;
  /** Also write `<name>-cover.pdf` (pages 1, 2, N−1, N). */
  coverFile: boolean;
}
