/**
 * The schema of `template.yaml`. Lengths: page geometry in mm, type in pt, colours in CMYK percent.
 */
import { z } from 'zod';
import { PART_NAMES } from '../model/parts.js';

const cmyk = z
  .tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)], {
    error: 'a CMYK colour is four percentages, e.g. [0, 75, 100, 20]',
  });

const positive = z.number({ error: 'a number is expected' }).positive({ error: 'a number above 0 is expected' });
const nonNegative = z.number({ error: 'a number is expected' }).min(0, { error: 'a number of 0 or more is expected' });

/** Limits of the page geometry, mm (see "Templates" in the README); `--bleed` has the same range. */
export const MAX_BLEED = 20;
export const TRIM_RANGE = [50, 1000] as const;
/** The smallest text block (trim minus margins): a width in mm, a height in body lines. */
export const MIN_TEXT_WIDTH = 40;
export const MIN_TEXT_LINES = 10;

const trimSide = z
  .number({ error: 'a number is expected' })
  .min(TRIM_RANGE[0], { error: `a side of ${TRIM_RANGE[0]} to ${TRIM_RANGE[1]} mm is expected` })
  .max(TRIM_RANGE[1], { error: `a side of ${TRIM_RANGE[0]} to ${TRIM_RANGE[1]} mm is expected` });

const style = z.strictObject({
  family: z.string({ error: 'the name of a family of `fonts.families` is expected' }),
  style: z.enum(['regular', 'italic', 'bold', 'boldItalic']).default('regular'),
  size: positive,
  leading: positive,
  color: cmyk.optional(),
  align: z.enum(['justify', 'left', 'center', 'right']).default('left'),
  indent: nonNegative.default(0),
  spaceBefore: nonNegative.default(0),
  spaceAfter: nonNegative.default(0),
  uppercase: z.boolean().default(false),
  tracking: z.number().default(0),
  features: z.array(z.string().regex(/^[a-z0-9]{4}$/, { error: 'an OpenType feature tag is four letters or digits, e.g. onum' })).default([]),
});

const family = z.strictObject({
  regular: z.string(),
  italic: z.string().optional(),
  bold: z.string().optional(),
  boldItalic: z.string().optional(),
});

export const STYLE_NAMES = [
  'body',
  'question',
  'heading',
  'pullquote',
  'lede',
  'kicker',
  'title',
  'headline',
  'interviewee',
  'role',
  'caption',
  'footnote',
  'folio',
  'runningHead',
  'prefaceTitle',
  'coverTitle',
  'coverSubtitle',
] as const;

/** Styles a template may leave out: each is derived from another style (see load.ts). */
export const OPTIONAL_STYLE_NAMES = ['openerNumber'] as const;

const RUNNING_HEAD_SOURCES = ['series', 'title', 'interviewee', 'headline', 'none'] as const;

export const templateSchema = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  page: z.strictObject({
    // 50 mm: under it no margins leave a text block; 1000 mm: no press prints a bigger page.
    trim: z.tuple([trimSide, trimSide], { error: 'the trim size is [width, height] in mm, e.g. [148, 210]' }),
    // As `--bleed`: 0 to 20 mm (3 to 5 are usual).
    bleed: nonNegative.max(MAX_BLEED, { error: `a bleed from 0 to ${MAX_BLEED} mm is expected, e.g. 3` }).default(3),
    margins: z.strictObject({ top: positive, bottom: positive, inner: positive, outer: positive }),
  }),
  fonts: z.strictObject({
    families: z.record(z.string(), family),
    chain: z.array(z.string()).min(1),
  }),
  colors: z.strictObject({ text: cmyk, accent: cmyk, rule: cmyk }),
  question: z.strictObject({
    // ornament: `marker` before each question; color: the question in `markerColor`, no glyph;
    // initials: the interviewer's initials before each question and the interviewee's before each answer.
    kind: z.enum(['ornament', 'color', 'initials'], { error: 'one of ornament, color, initials is expected' }).optional(),
    marker: z.string().default(''),
    markerColor: cmyk.optional(),
  }),
  questionMarkers: z.array(z.string().min(1)).default(['💬']),
  // Which parts of the booklet appear when booklet.yaml has no `parts:` (default: all, src/model/parts.ts).
  parts: z.array(z.enum(PART_NAMES, { error: `a part is one of ${PART_NAMES.join(', ')}` })).optional(),
  styles: z.strictObject({
    ...(Object.fromEntries(STYLE_NAMES.map((n) => [n, style])) as Record<(typeof STYLE_NAMES)[number], typeof style>),
    ...(Object.fromEntries(OPTIONAL_STYLE_NAMES.map((n) => [n, style.optional()])) as Record<(typeof OPTIONAL_STYLE_NAMES)[number], z.ZodOptional<typeof style>>),
  }),
  opener: z
    .strictObject({
      layout: z.enum(['classic', 'magazine'], { error: 'one of classic, magazine is expected' }).default('classic'),
      // magazine: the smallest height of the accent band, as a fraction of the trim height
      band: z.number({ error: 'a fraction of the page height is expected, e.g. 0.4' }).min(0.15, { error: 'a fraction from 0.15 to 0.7 is expected' }).max(0.7, { error: 'a fraction from 0.15 to 0.7 is expected' }).default(0.4),
    })
    .prefault({}),
  runningHeads: z
    .strictObject({
      verso: z.enum(RUNNING_HEAD_SOURCES, { error: `one of ${RUNNING_HEAD_SOURCES.join(', ')} is expected` }).default('series'),
      recto: z.enum(RUNNING_HEAD_SOURCES, { error: `one of ${RUNNING_HEAD_SOURCES.join(', ')} is expected` }).default('interviewee'),
      position: z.enum(['top', 'bottom'], { error: 'top or bottom is expected' }).default('top'),
      align: z.enum(['center', 'inner', 'outer'], { error: 'one of center, inner, outer is expected' }).default('center'),
      rule: z.boolean({ error: 'true or false is expected' }).default(false),
    })
    .prefault({}),
  folio: z
    .strictObject({
      position: z.enum(['top', 'bottom'], { error: 'top or bottom is expected' }).default('bottom'),
      align: z.enum(['outer', 'center'], { error: 'outer or center is expected' }).default('outer'),
      format: z.string().regex(/\{n\}/, { error: 'a text holding {n} where the number goes is expected, e.g. "— {n} —"' }).default('{n}'),
    })
    .prefault({}),
  linebreak: z
    .strictObject({
      algorithm: z.enum(['knuth-plass', 'greedy']).default('knuth-plass'),
      tolerance: positive.default(2),
      pretolerance: nonNegative.default(1),
      hyphenPenalty: z.number().default(50),
      consecutiveHyphenDemerits: nonNegative.default(3000),
      spaceStretch: nonNegative.default(0.5),
      spaceShrink: nonNegative.max(1).default(0.33),
      thinSpace: positive.default(0.125),
    })
    .prefault({}),
  // Print production (PDF/X, output intent, saddle stitch). See "Print production" in the README.
  print: z
    .strictObject({
      standard: z.enum(['pdfx-1a', 'pdfx-4']).default('pdfx-1a'),
      condition: z.string().min(1).optional(),
      conditionInfo: z.string().min(1).optional(),
      registry: z.string().min(1).default('http://www.color.org'),
      profile: z.string().min(1).optional(),
      signature: z.number().int().min(1).max(64).default(4),
      coverFile: z.boolean().default(false),
    })
    .prefault({}),
});

export type TemplateYaml = z.infer<typeof templateSchema>;
