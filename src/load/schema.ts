/**
 * The rules for episode front matter and booklet.yaml: which keys exist, their types, their
 * checks, and the plain-words messages when something is wrong. Checks that need the disk
 * (preface and cover image files) are in source.ts.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { BookletConfig, EpisodeFrontMatter, KeyPos, PrefaceFrontMatter } from './types.js';
import { isPartName, PART_NAMES } from '../model/parts.js';
import { closest } from './util.js';
import type { YamlDoc } from './yaml.js';

type Kind = 'text' | 'positive-integer' | 'year' | 'boolean' | 'date' | 'list';

interface Field {
  kind: Kind;
  required?: boolean;
  /** A correct line, shown in messages: `episode: 3`. */
  example: string;
  /** Further check of a well-typed value: a message ("what — what to do") and its code, or undefined. */
  check?: (value: never) => { code: string; message: string } | undefined;
}

type Spec = Record<string, Field>;

export const EPISODE_FIELDS: Spec = {
  episode: { kind: 'positive-integer', required: true, example: 'episode: 3' },
  title: { kind: 'text', required: true, example: 'title: 3 questions à André Jeannerot' },
  interviewee: { kind: 'text', required: true, example: 'interviewee: André Jeannerot' },
  headline: { kind: 'text', example: 'headline: Aider nos adhérents à grandir' },
  role: { kind: 'text', example: 'role: Président de Medinsoft' },
  lede: { kind: 'text', example: 'lede: Retour sur un engagement.' },
  date: { kind: 'date', example: 'date: 2024-03-05' },
  portrait: { kind: 'text', example: 'portrait: jeannerot.jpg' },
  portrait_alt: { kind: 'text', example: 'portrait_alt: André Jeannerot, souriant, devant une bibliothèque' },
  portrait_credit: { kind: 'text', example: 'portrait_credit: Photo Jeanne Martin' },
  draft: { kind: 'boolean', example: 'draft: true' },
};

export const PREFACE_FIELDS: Spec = {
  title: { kind: 'text', example: 'title: Préface' },
};

export const CONFIG_FIELDS: Spec = {
  title: { kind: 'text', required: true, example: 'title: Medinsoft a 20 ans' },
  subtitle: { kind: 'text', example: 'subtitle: 3 questions à celles et ceux qui ont construit l’association' },
  publisher: { kind: 'text', example: 'publisher: Medinsoft' },
  edition: { kind: 'text', example: 'edition: Édition anniversaire' },
  colophon: { kind: 'text', example: 'colophon: Achevé d’imprimer en septembre 2026' },
  year: { kind: 'year', example: 'year: 2026' },
  language: { kind: 'text', example: 'language: fr', check: checkLanguage },
  isbn: { kind: 'text', example: 'isbn: 978-2-9512345-0-5', check: checkIsbn },
  identifier: { kind: 'text', example: 'identifier: urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e' },
  template: { kind: 'text', example: 'template: anniversaire' },
  preface: { kind: 'text', example: 'preface: _preface.md' },
  cover_image: { kind: 'text', example: 'cover_image: couverture.jpg' },
  output: { kind: 'text', example: 'output: medinsoft-20-ans', check: checkOutput },
  parts: { kind: 'list', example: `parts: [${PART_NAMES.join(', ')}]` },
};

const CONFIG_DEFAULTS: Record<string, unknown> = { language: 'fr', template: 'anniversaire' };

interface Context {
  file: string;
  bag: DiagnosticBag;
  doc: YamlDoc;
  /** `frontmatter` or `config`: the first part of every code. */
  prefix: string;
  /** How messages name the YAML: `the front matter`, `booklet.yaml`. */
  name: string;
  /** Where to report a missing key. */
  missingAt: KeyPos;
  /** Where a missing line should go, for the message. */
  addHint: string;
}

/**
 * Checks the parsed YAML against `spec`: wrong types and missing keys are errors, unknown keys
 * warnings. Returns the converted values of the keys that passed, or undefined if the YAML is
 * not a mapping at all.
 */
function validate(spec: Spec, ctx: Context): Record<string, unknown> | undefined {
  const { doc, bag, file, prefix, name } = ctx;
  const raw = doc.value ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Date) {
    bag.error(
      file,
      doc.start.line,
      doc.start.column,
      `${prefix}-not-mapping`,
      `${name} should be a list of \`key: value\` lines, but here it is ${describe(raw)} — write one key per line, e.g. ${firstExample(spec)}`,
    );
    return undefined;
  }
  const data = raw as Record<string, unknown>;
  const known = Object.keys(spec);
  for (const [key, field] of Object.entries(spec)) {
    if (field.required && !Object.hasOwn(data, key)) {
      bag.error(
        file,
        ctx.missingAt.line,
        ctx.missingAt.column,
        `${prefix}-missing-field`,
        `${name} has no \`${key}\` — add a line such as \`${exampleFor(key, field, file)}\` ${ctx.addHint}`,
      );
    }
  }

  // The keys that are there, in the order they are written.
  const present = Object.keys(data)
    .map((key) => ({ key, at: doc.keyPosOf([key]) }))
    .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
  const out: Record<string, unknown> = {};
  for (const { key, at } of present) {
    const field = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!field) {
      const near = closest(key, known);
      bag.warn(
        file,
        at.line,
        at.column,
        `${prefix}-unknown-key`,
        near
          ? `unknown key \`${key}\` is ignored — did you mean \`${near}\`?`
          : `unknown key \`${key}\` is ignored — remove it or check its spelling (known keys: ${known.join(', ')})`,
      );
      continue;
    }
    const pos = doc.posOf([key]);
    const value = data[key];
    const empty = value === null || (typeof value === 'string' && value.trim() === '');
    if (empty) {
      if (field.required) {
        bag.error(file, pos.line, pos.column, `${prefix}-missing-field`, `\`${key}\` is empty — write its value after the colon, e.g. ${field.example}`);
      }
      continue;
    }
    const converted = convert(field.kind, value, doc.sourceOf([key]));
    if ('problem' in converted) {
      const code = converted.problem === 'type' ? `${prefix}-wrong-type` : `${prefix}-invalid-value`;
      const example = converted.example === undefined ? exampleFor(key, field, file) : `${key}: ${converted.example}`;
      bag.error(file, pos.line, pos.column, code, `${converted.message(key)} — write it like this: ${example}`);
      continue;
    }
    if (field.check) {
      const bad = field.check(converted.value as never);
      if (bad) {
        bag.error(file, pos.line, pos.column, bad.code === 'invalid-value' ? `${prefix}-invalid-value` : bad.code, bad.message);
        continue;
      }
    }
    if (field.kind === 'text') {
      const comment = doc.inlineCommentOf([key]);
      if (comment !== undefined) {
        bag.warn(
          file,
          pos.line,
          pos.column,
          'yaml-inline-comment',
          `the text after \` #\` is read as a comment and left out, so \`${key}\` is “${String(converted.value)}” — if “#${comment}” belongs to it, put the whole value in double quotes: ${key}: ${JSON.stringify(`${String(converted.value)} #${comment}`)}`,
        );
      }
    }
    out[key] = converted.value;
  }
  return out;
}

/** The field's example; for `episode`, the number the file name starts with, when it does (`02-x.md` → `episode: 2`). */
function exampleFor(key: string, field: { example: string }, file: string): string {
  const n = key === 'episode' ? /^0*(\d{1,5})[-_ .]/.exec(file.split(/[\\/]/).pop() ?? '') : null;
  return n && Number(n[1]) >= 1 ? `episode: ${Number(n[1])}` : field.example;
}

type Converted =
  | { value: unknown }
  /** `example`: the value to suggest after `key: `, when the one written tells it. */
  | { problem: 'type' | 'value'; message: (key: string) => string; example?: string };

function convert(kind: Kind, value: unknown, source: string | undefined): Converted {
  const wrong = (expected: string): Converted => ({
    problem: 'type',
    message: (key) => `\`${key}\` should be ${expected}, but here it is ${describe(value)}`,
  });
  switch (kind) {
    case 'text':
      if (typeof value === 'string') return { value };
      // `title: 1984`, `isbn: 9782951234505`: keep the text as written.
      if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
        return { value: source ?? String(value) };
      }
      return wrong('text on one line');
    case 'positive-integer':
    case 'year': {
      const n =
        typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
      const expected = kind === 'year' ? 'a year in four digits' : 'a whole number written in digits';
      // The numbers taken: years in four digits (the dates of PDF and EPUB), episodes up to 99999.
      const [min, max] = kind === 'year' ? [1000, 9999] : [1, 99999];
      if (!Number.isInteger(n)) return wrong(expected);
      // YAML also reads 0x10, 0o17, 1e1, 1.0 and +3 as whole numbers: only digits are taken.
      if (typeof value === 'number' && !/^\d+$/.test(source ?? '')) {
        const fits = n >= min && n <= max;
        return {
          problem: 'type',
          message: (key) => `\`${key}\` should be ${expected}, but here it is “${source ?? n}”`,
          example: fits ? String(n) : undefined,
        };
      }
      if (kind === 'positive-integer' && n < min) {
        return { problem: 'value', message: (key) => `\`${key}\` should be ${min} or more, but here it is ${n}` };
      }
      if (kind === 'positive-integer' && n > max) {
        return { problem: 'value', message: (key) => `\`${key}\` should be at most ${max}, but here it is ${String(value).trim()}` };
      }
      if (kind === 'year' && (n < min || n > max)) {
        return { problem: 'value', message: (key) => `\`${key}\` should be a year in four digits, but here it is ${n}` };
      }
      return { value: n };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      return wrong('true or false');
    case 'list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { value };
      return wrong('a list of words in [ ]');
    case 'date': {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) return wrong('a date written YYYY-MM-DD');
        return { value: value.toISOString().slice(0, 10) };
      }
      if (typeof value !== 'string') return wrong('a date written YYYY-MM-DD');
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
      if (!m) return wrong('a date written YYYY-MM-DD (year, month, day)');
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
      const date = new Date(0);
      date.setUTCFullYear(y, mo - 1, d);
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
        return { problem: 'value', message: (key) => `\`${key}\` ${value.trim()} is not a real date (check the month and the day)` };
      }
      // As `year` in booklet.yaml: a date before the year 1000 is a typing slip (and EPUB readers flag the year 0000).
      if (y < 1000) return { problem: 'value', message: (key) => `\`${key}\` ${value.trim()} is in the year ${y}; dates start at the year 1000 (check the year)` };
      return { value: value.trim() };
    }
  }
}

/** What a YAML value is, in plain words. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a group of `key: value` lines';
  if (typeof value === 'boolean') return `${value} (a yes/no value)`;
  if (typeof value === 'number') return `the number ${value}`;
  const s = String(value);
  return `“${s.length > 40 ? s.slice(0, 40) + '…' : s}”`;
}

function firstExample(spec: Spec): string {
  return Object.values(spec)[0]!.example;
}

function checkLanguage(tag: string): { code: string; message: string } | undefined {
  if (/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(tag.trim())) return undefined;
  return {
    code: 'invalid-value',
    message: `\`language\` should be a language code such as fr, en or fr-CA, but here it is “${tag}” — write it like this: language: fr`,
  };
}

/** ISBN-13, hyphens and spaces allowed; the check digit is verified. */
export function checkIsbn(isbn: string): { code: string; message: string } | undefined {
  const digits = isbn.replace(/[\s-]/g, '');
  const example = 'isbn: 978-2-9512345-0-5';
  if (/^\d{9}[\dXx]$/.test(digits)) {
    // The same book's ISBN-13 is 978, the first nine digits and a new check digit.
    const sum = [...digits].reduce((s, c, i) => s + (10 - i) * (c === 'X' || c === 'x' ? 10 : Number(c)), 0);
    if (sum % 11 !== 0) {
      return {
        code: 'invalid-value',
        message: `\`isbn\` is a 10-digit ISBN, and its last digit (the check digit) does not match the others — copy the 13-digit ISBN (it starts with 978 or 979) from your publisher`,
      };
    }
    const written = isbn.trim().replace(/[\dXx]$/, '');
    const isbn13 = `978${/[\s-]/.exec(written)?.[0] ?? ''}${written}${isbnCheckDigit(`978${digits.slice(0, 9)}`)}`;
    return {
      code: 'invalid-value',
      message: `\`isbn\` is a 10-digit ISBN — write the same book's 13-digit ISBN: isbn: ${isbn13}`,
    };
  }
  if (!/^\d{13}$/.test(digits)) {
    return {
      code: 'invalid-value',
      message: `\`isbn\` should be 13 digits (hyphens and spaces allowed), but “${isbn}” is not — write it like this: ${example}`,
    };
  }
  if (!digits.startsWith('978') && !digits.startsWith('979')) {
    return {
      code: 'invalid-value',
      message: `\`isbn\` should start with 978 or 979, but “${isbn}” does not — copy the ISBN again from your publisher`,
    };
  }
  const expected = isbnCheckDigit(digits.slice(0, 12));
  if (Number(digits[12]) !== expected) {
    return {
      code: 'isbn-check-digit',
      message: `the ISBN ${isbn} is not valid: its last digit (the check digit) should be ${expected}, not ${digits[12]} — copy the ISBN again from your publisher; one wrong digit anywhere gives this error`,
    };
  }
  return undefined;
}

/** The 13th digit of an ISBN-13 from its first 12 digits. */
export function isbnCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function checkOutput(name: string): { code: string; message: string } | undefined {
  const example = 'output: medinsoft-20-ans';
  if (/[/\\]/.test(name)) {
    return {
      code: 'invalid-value',
      message: `\`output\` is a file name, not a path, but “${name}” contains a slash — write only the name, e.g. ${example} (the folder is chosen with --out)`,
    };
  }
  if (/\.(pdf|epub)$/i.test(name)) {
    return {
      code: 'invalid-value',
      message: `\`output\` is the name without extension — write ${name.replace(/\.(pdf|epub)$/i, '')} (.pdf and .epub are added)`,
    };
  }
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name)) {
    return {
      code: 'invalid-value',
      message: `\`output\` may only use letters without accents, digits, \`-\`, \`_\` and \`.\`, but here it is “${name}” — write it like this: ${example}`,
    };
  }
  return undefined;
}

const FM_HINT = 'between the two `---` lines at the top of the file';

/** Validates episode front matter; undefined when an error was reported. */
export function validateEpisode(doc: YamlDoc, file: string, bag: DiagnosticBag): EpisodeFrontMatter | undefined {
  const before = bag.errors.length;
  const ctx: Context = { file, bag, doc, prefix: 'frontmatter', name: 'the front matter', missingAt: { line: 1, column: 1 }, addHint: FM_HINT };
  const data = validate(EPISODE_FIELDS, ctx);
  if (data && data.portrait !== undefined && data.portrait_alt === undefined) {
    const pos = doc.posOf(['portrait']);
    bag.error(
      file,
      pos.line,
      pos.column,
      'frontmatter-missing-field',
      `\`portrait\` is given without \`portrait_alt\` — describe the photo for readers who cannot see it, e.g. ${EPISODE_FIELDS.portrait_alt!.example}`,
    );
  }
  if (!data || bag.errors.length > before) return undefined;
  return data as unknown as EpisodeFrontMatter;
}

/** Validates a preface's front matter; undefined when an error was reported. */
export function validatePreface(doc: YamlDoc, file: string, bag: DiagnosticBag): PrefaceFrontMatter | undefined {
  const before = bag.errors.length;
  const ctx: Context = { file, bag, doc, prefix: 'frontmatter', name: 'the front matter', missingAt: { line: 1, column: 1 }, addHint: FM_HINT };
  const data = validate(PREFACE_FIELDS, ctx);
  if (!data || bag.errors.length > before) return undefined;
  return data as PrefaceFrontMatter;
}

/** Validates booklet.yaml (except the files it names); undefined when an error was reported. */
export function validateConfig(doc: YamlDoc, file: string, bag: DiagnosticBag): BookletConfig | undefined {
  const before = bag.errors.length;
  const ctx: Context = { file, bag, doc, prefix: 'config', name: 'booklet.yaml', missingAt: { line: 1, column: 1 }, addHint: 'at the start of booklet.yaml' };
  const data = validate(CONFIG_FIELDS, ctx);
  if (data?.parts) checkParts(data.parts as string[], doc, file, bag);
  if (!data || bag.errors.length > before) return undefined;
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_FIELDS)) {
    const v = data[key] ?? CONFIG_DEFAULTS[key];
    if (v !== undefined) config[key] = v;
  }
  return config as unknown as BookletConfig;
}

/** `parts:` names known parts, each once, in the booklet's order (the order is fixed: a warning). */
function checkParts(parts: string[], doc: YamlDoc, file: string, bag: DiagnosticBag): void {
  const seen = new Set<string>();
  let last = -1;
  parts.forEach((name, i) => {
    const pos = doc.posOf(['parts', i]);
    if (!isPartName(name)) {
      const near = closest(name, [...PART_NAMES]);
      bag.error(
        file,
        pos.line,
        pos.column,
        'config-invalid-value',
        `\`parts\` names a part “${name}” that does not exist — ${near ? `did you mean \`${near}\`? ` : ''}the parts are ${PART_NAMES.join(', ')}`,
      );
      return;
    }
    if (seen.has(name)) {
      bag.error(file, pos.line, pos.column, 'config-invalid-value', `\`parts\` names ${name} twice — keep one`);
      return;
    }
    seen.add(name);
    const at = PART_NAMES.indexOf(name);
    if (at < last) {
      bag.warn(
        file,
        pos.line,
        pos.column,
        'config-parts-order',
        `\`parts\` lists ${name} after ${PART_NAMES[last]}, but the parts are always printed in this order: ${PART_NAMES.join(', ')} — write them in that order`,
      );
    }
    last = Math.max(last, at);
  });
  if (!seen.has('episodes')) {
    const pos = doc.posOf(['parts']);
    bag.warn(file, pos.line, pos.column, 'config-parts-episodes', '`parts` has no `episodes`, but the episodes are always printed — add episodes to the list');
  }
}
