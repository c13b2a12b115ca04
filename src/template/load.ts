/**
 * Finding and reading templates: `<source>/templates/<name>/` first, then the built-in `templates/<name>/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { BookletError, type Diagnostic } from '../diagnostics.js';
import { fontFileFits } from '../fonts/fontset.js';
import { MAX_YAML_BYTES, sizeText } from '../load/limits.js';
import { firstAlias } from '../load/yaml.js';
import { cannotListReason } from '../util/atomic-write.js';
import { displayPath } from '../util/paths.js';
import { closest, isInside, specialFileKind } from '../load/util.js';
import { MIN_TEXT_LINES, MIN_TEXT_WIDTH, OPTIONAL_STYLE_NAMES, STYLE_NAMES, templateSchema } from './schema.js';
import type { Cmyk, StyleName, Template, TextStyle } from './types.js';

const MM = 72 / 25.4;

/** The repository (or installed package) root: holds `templates/` and `fonts/`. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILTIN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');
export const BUILTIN_FONTS = path.join(PACKAGE_ROOT, 'fonts');

export interface TemplateInfo {
  name: string;
  description: string;
  dir: string;
  builtin: boolean;
}

/** Every template visible from a source folder, user templates first (they win over built-ins). */
export function listTemplates(sourceDir: string | undefined, cwd: string): TemplateInfo[] {
  const found = new Map<string, TemplateInfo>();
  const scan = (root: string, builtin: boolean) => {
    for (const name of templateNames(root, cwd).sort()) {
      const file = path.join(root, name, 'template.yaml');
      if (found.has(name) || !fs.existsSync(file)) continue;
      let description = '';
      // Only a regular file within the size limit is read (a FIFO would block); loading it reports the rest.
      const st = statOf(file);
      if (st?.isFile() && st.size <= MAX_YAML_BYTES && realInside(path.join(root, name), file)) {
        try {
          const doc = parseDocument(fs.readFileSync(file, 'utf8'));
          const d = doc.get('description');
          if (typeof d === 'string') description = d;
        } catch {
          // listed anyway; loading it reports the problem
        }
      }
      found.set(name, { name, description, dir: path.join(root, name), builtin });
    }
  };
  if (sourceDir) scan(path.join(sourceDir, 'templates'), false);
  scan(BUILTIN_TEMPLATES, true);
  return [...found.values()];
}

/**
 * Load and validate a template by name.
 * @param at where the name was given (booklet.yaml's `template:` or the command line), for the unknown-name error.
 */
export function loadTemplate(name: string, sourceDir: string, at: { file: string; line: number; column: number }, cwd: string): Template {
  const dir = findTemplate(name, sourceDir, cwd);
  if (!dir) {
    const names = listTemplates(sourceDir, cwd).map((t) => t.name);
    throw new BookletError([
      {
        ...at,
        severity: 'error',
        code: 'template-unknown',
        message: `unknown template "${name}" — use one of: ${names.join(', ')} (\`booklet templates\` lists them), or create ${displayPath(path.join(sourceDir, 'templates', name, 'template.yaml'), cwd)}`,
      },
    ]);
  }
  return readTemplateFile(path.join(dir, 'template.yaml'), cwd);
}

/**
 * The folder of the template `listTemplates` would list under this name (the source folder's first,
 * then the built-in one), found without reading the other templates.
 */
function findTemplate(name: string, sourceDir: string, cwd: string): string | undefined {
  for (const root of [path.join(sourceDir, 'templates'), BUILTIN_TEMPLATES]) {
    if (!templateNames(root, cwd).includes(name)) continue;
    if (fs.existsSync(path.join(root, name, 'template.yaml'))) return path.join(root, name);
  }
  return undefined;
}

/**
 * The entries of a templates folder; none when there is no such folder. A `templates` that is not
 * a folder (a file, a named pipe) or cannot be listed is an error naming it.
 */
function templateNames(root: string, cwd: string): string[] {
  const st = statOf(root);
  if (!st) return [];
  const shown = displayPath(root, cwd);
  const refuse = (code: string, message: string) => new BookletError([{ file: shown, line: 0, column: 0, severity: 'error', code, message }]);
  if (!st.isDirectory()) {
    throw refuse('templates-not-a-folder', `templates is ${st.isFile() ? 'a file' : specialFileKind(st)}, not a folder — your own templates go in ${shown}/<name>/template.yaml: rename or remove it`);
  }
  try {
    return fs.readdirSync(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []; // removed since
    const why = cannotListReason(e);
    if (why === undefined) throw e;
    throw refuse('templates-unreadable', `this folder cannot be listed: ${why} — give yourself permission to read it (chmod u+rx ${shown}), or remove it`);
  }
}

export function readTemplateFile(file: string, cwd: string): Template {
  const shown = displayPath(file, cwd);
  const dir = path.dirname(file);
  const wholeFile = (code: string, message: string) => new BookletError([{ file: shown, line: 0, column: 0, severity: 'error', code, message }]);
  // Looked at before it is read: a folder or a FIFO (which would block) is refused, and so is a
  // file past the limit of booklet.yaml (the YAML parser is quadratic in the number of keys).
  const st = statOf(file);
  if (!st?.isFile()) {
    throw wholeFile('template-invalid', `template.yaml is ${notAFile(st)} — the template's settings go in a YAML file named template.yaml (start from a copy of templates/anniversaire/template.yaml)`);
  }
  if (st.size > MAX_YAML_BYTES) throw wholeFile('file-too-large', `template.yaml is ${sizeText(st.size)}, more than the ${sizeText(MAX_YAML_BYTES)} it may hold — keep only the keys described in "Templates" in the README (a built-in template holds under 4 KB)`);
  if (!realInside(dir, file)) throw wholeFile('template-outside', `template.yaml is a link to a file outside ${displayPath(dir, cwd)}/ — copy the file itself into the folder`);
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const diags: Diagnostic[] = [];
  const at = (offset: number) => lc.linePos(offset);
  for (const e of doc.errors) {
    const p = at(e.pos[0]);
    diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-yaml-syntax', message: `${firstLine(e.message)} — fix the YAML syntax of the template` });
  }
  if (diags.length) throw new BookletError(diags);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new BookletError([aliasError(doc, lc, shown, (e as Error).message)]);
  }
  const parsed = templateSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keyPath = issue.path.map(String);
      const key = keyPath.join('.') || '(top level)';
      if (issue.code === 'unrecognized_keys') {
        // One error per unknown key, at the key itself, with the keys that exist there.
        const known = keysAt(issue.path as (string | number)[]);
        for (const k of issue.keys) {
          const p = keyPosOf(doc, lc, issue.path as (string | number)[], k) ?? posOf(doc, lc, issue.path as (string | number)[]);
          const near = closest(k, known);
          const where = keyPath.length ? ` in \`${key}\`` : '';
          const hint = near ? `did you mean \`${near}\`? ` : '';
          diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: `unknown key \`${k}\`${where} — ${hint}the keys here are: ${known.join(', ')} (see "Templates" in the README)` });
        }
        continue;
      }
      const p = posOf(doc, lc, issue.path as (string | number)[]);
      let what = issue.message;
      const input = (issue as { input?: unknown }).input;
      if (issue.code === 'invalid_type' && input === undefined) {
        const sub = keysAt(issue.path as (string | number)[]);
        const expected = /expected (\w+)/.exec(issue.message)?.[1];
        what = sub.length ? `missing (a mapping with the keys ${sub.join(', ')} is expected)` : expected ? `missing (a ${expected} is expected)` : 'missing';
      }
      else if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean') what += `, not ${JSON.stringify(input)}`;
      diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: `${key}: ${what} — see "Templates" in the README for the keys and their values` });
    }
    diags.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new BookletError(diags);
  }
  const y = parsed.data;

  // Cross-checks the schema cannot express.
  const families = y.fonts.families;
  for (const [i, fam] of y.fonts.chain.entries()) {
    if (!families[fam]) {
      const p = posOf(doc, lc, ['fonts', 'chain', i]);
      diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: `fonts.chain: no family named "${fam}" — add it under fonts.families or remove it from the chain` });
    }
  }
  for (const n of [...STYLE_NAMES, ...OPTIONAL_STYLE_NAMES]) {
    const fam = y.styles[n]?.family;
    if (fam !== undefined && !families[fam]) {
      const p = posOf(doc, lc, ['styles', n, 'family']);
      diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: `styles.${n}.family: no family named "${fam}" — use one of ${Object.keys(families).join(', ')}` });
    }
  }
  for (const [fname, fam] of Object.entries(families)) {
    for (const s of ['regular', 'italic', 'bold', 'boldItalic'] as const) {
      const rel = fam[s];
      const problem = rel === undefined ? undefined : fontProblem(rel, dir, cwd);
      if (problem) {
        const p = posOf(doc, lc, ['fonts', 'families', fname, s]);
        diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', ...problem });
      }
    }
  }
  // The text block (trim minus margins): wide enough to justify a line, high enough for the keep
  // rules (a question with two lines, a widow and an orphan, a pull quote) and the openers.
  const { trim, margins: mg } = y.page;
  const textW = trim[0] - mg.inner - mg.outer;
  const textH = trim[1] - mg.top - mg.bottom;
  const minH = (MIN_TEXT_LINES * y.styles.body.leading) / MM;
  const mmText = (v: number) => `${Math.round(v * 10) / 10} mm`;
  if (textW < MIN_TEXT_WIDTH) {
    const p = posOf(doc, lc, ['page', 'margins', 'inner']);
    diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: `page.margins: the text block is ${mmText(textW)} wide (trim ${trim[0]} − inner ${mg.inner} − outer ${mg.outer}), under the ${MIN_TEXT_WIDTH} mm a justified line needs — make the inner and outer margins smaller, or the trim wider` });
  }
  if (textH < minH) {
    const p = posOf(doc, lc, ['page', 'margins', 'top']);
    diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: `page.margins: the text block is ${mmText(textH)} high (trim ${trim[1]} − top ${mg.top} − bottom ${mg.bottom}), under the ${mmText(minH)} of ${MIN_TEXT_LINES} body lines (leading ${y.styles.body.leading} pt) — make the top and bottom margins smaller, or the trim taller` });
  }
  // print: the ICC profile lives in the template folder; PDF/X-4 needs one.
  let profile: string | undefined;
  if (y.print.profile !== undefined) {
    const p = posOf(doc, lc, ['print', 'profile']);
    const err = (code: string, message: string) => diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code, message });
    profile = path.resolve(dir, y.print.profile);
    if (leavesFolder(y.print.profile)) {
      err('template-profile-outside', `print.profile: "${y.print.profile}" is outside the template's folder — copy the printer's .icc file into ${displayPath(dir, cwd)}/ and write its name, e.g. profile: ${path.basename(y.print.profile) || 'printer.icc'}`);
    } else if (!statOf(profile)?.isFile()) {
      err('template-profile-missing', `print.profile: ICC profile "${y.print.profile}" not found — put the printer's .icc file in ${displayPath(dir, cwd)}/ or remove the key`);
    } else if (!realInside(dir, profile)) {
      err('template-profile-outside', `print.profile: "${y.print.profile}" is a link to a file outside ${displayPath(dir, cwd)}/ — copy the .icc file itself into the folder`);
    }
  }
  if (y.print.standard === 'pdfx-4' && y.print.profile === undefined) {
    const p = posOf(doc, lc, ['print', 'standard']);
    diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: 'print.standard: pdfx-4 needs the printer\'s ICC output profile — add print.profile: printer.icc, or use pdfx-1a' });
  }
  const kind = y.question.kind ?? (y.question.marker.trim() !== '' ? 'ornament' : 'color');
  if (kind === 'ornament' && y.question.marker.trim() === '') {
    const p = posOf(doc, lc, ['question', 'kind']);
    diags.push({ file: shown, line: p.line, column: p.col, severity: 'error', code: 'template-invalid', message: 'question.kind: ornament needs a question.marker, e.g. marker: "—" — add one, or use kind: color or kind: initials' });
  }
  // epub.css: optional; read only when it is a regular file of the template's folder.
  const cssFile = path.join(dir, 'epub.css');
  const css = statOf(cssFile);
  if (css && !css.isFile()) {
    diags.push({ file: displayPath(cssFile, cwd), line: 0, column: 0, severity: 'error', code: 'template-invalid', message: `epub.css is ${notAFile(css)} — the template's EPUB stylesheet is a CSS file named epub.css: make it one, or remove it` });
  } else if (css && !realInside(dir, cssFile)) {
    diags.push({ file: displayPath(cssFile, cwd), line: 0, column: 0, severity: 'error', code: 'template-outside', message: `epub.css is a link to a file outside ${displayPath(dir, cwd)}/ — copy the file itself into the folder` });
  }
  if (diags.length) throw new BookletError(diags);

  const textColor = y.colors.text as Cmyk;
  const styles = {} as Record<StyleName, TextStyle>;
  for (const n of STYLE_NAMES) {
    const s = y.styles[n];
    styles[n] = { ...s, color: (s.color ?? textColor) as Cmyk };
  }
  // Optional styles, derived when absent: the magazine opener's number is the title, three times as big.
  const num = y.styles.openerNumber;
  styles.openerNumber = num
    ? { ...num, color: (num.color ?? textColor) as Cmyk }
    : { ...styles.title, size: styles.title.size * 3, leading: styles.title.size * 2.8, spaceBefore: 0, spaceAfter: 0, features: ['lnum'] };
  // Where the preflight's keys are, for its warnings.
  const lineOf = (p: string[]) => posOf(doc, lc, p).line;
  const keyLines: Record<string, number> = { 'page.bleed': lineOf(['page', 'bleed']), 'fonts.chain': lineOf(['fonts', 'chain']) };
  for (const k of ['text', 'accent', 'rule'] as const) keyLines[`colors.${k}`] = lineOf(['colors', k]);
  keyLines['question.markerColor'] = y.question.markerColor ? lineOf(['question', 'markerColor']) : keyLines['colors.accent']!;
  for (const n of Object.keys(styles)) keyLines[`styles.${n}.color`] = y.styles[n as StyleName]?.color ? lineOf(['styles', n, 'color']) : keyLines['colors.text']!;
  return {
    name: y.name,
    description: y.description,
    dir,
    page: {
      trimWidth: y.page.trim[0] * MM,
      trimHeight: y.page.trim[1] * MM,
      bleed: y.page.bleed * MM,
      margins: {
        top: y.page.margins.top * MM,
        bottom: y.page.margins.bottom * MM,
        inner: y.page.margins.inner * MM,
        outer: y.page.margins.outer * MM,
      },
    },
    fonts: {
      families: Object.fromEntries(Object.entries(families).map(([k, v]) => [k, { name: k, ...v }])),
      chain: y.fonts.chain,
    },
    styles,
    colors: { text: textColor, accent: y.colors.accent as Cmyk, rule: y.colors.rule as Cmyk },
    question: { kind, marker: kind === 'ornament' ? y.question.marker : '', markerColor: (y.question.markerColor ?? y.colors.accent) as Cmyk },
    questionMarkers: y.questionMarkers,
    opener: y.opener,
    runningHeads: y.runningHeads,
    folio: y.folio,
    ...(y.parts ? { parts: y.parts } : {}),
    linebreak: y.linebreak,
    epubCss: css ? fs.readFileSync(cssFile, 'utf8') : '',
    print: { ...y.print, profile },
    keyLines,
    file: shown,
  };
}

/** The font folders of a template, searched in order. */
export function templateFontDirs(t: Template): string[] {
  return [path.join(t.dir, 'fonts'), BUILTIN_FONTS];
}

/** The file's status (links followed), or undefined when there is none or it cannot be looked at. */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** What a path that is not a regular file is, for a message. */
function notAFile(st: fs.Stats | undefined): string {
  if (!st) return 'not a file that can be read';
  return st.isDirectory() ? 'a folder, not a file' : `not a regular file (${specialFileKind(st)})`;
}

/** True when `file`, links resolved, lies inside `dir`, links resolved. */
function realInside(dir: string, file: string): boolean {
  try {
    return isInside(fs.realpathSync(dir), fs.realpathSync(file));
  } catch {
    return false;
  }
}

/** True for a path that may lead out of the folder it is relative to: absolute, or with a `..`. */
function leavesFolder(rel: string): boolean {
  return path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.split(/[\\/]/).includes('..');
}

/**
 * What is wrong with a font file named in a template, if anything. It is looked up in the
 * template's `fonts/`, then the repository's `fonts/` (as FontSet does), must not lead out of them
 * (an absolute path, `..`, a link out of the template's folder) and must be a font booklet reads.
 */
function fontProblem(rel: string, dir: string, cwd: string): { code: string; message: string } | undefined {
  const own = path.join(dir, 'fonts');
  const shownOwn = displayPath(own, cwd);
  if (leavesFolder(rel)) {
    return { code: 'template-font-outside', message: `font file "${rel}" is outside the template's fonts/ folder — copy the font into ${shownOwn}/ and write its name relative to that folder, e.g. ${path.basename(rel) || 'MyFont-Regular.ttf'}` };
  }
  for (const [fontDir, root] of [
    [own, dir],
    [BUILTIN_FONTS, undefined],
  ] as const) {
    const abs = path.resolve(fontDir, rel);
    const st = statOf(abs);
    if (!st) continue;
    const shown = displayPath(abs, cwd);
    if (!st.isFile()) {
      return { code: 'template-font-invalid', message: `"${shown}" is ${notAFile(st)} — name a TrueType or OpenType file (.ttf, .otf)` };
    }
    // The repository's fonts are the package's own; a link there is the packager's choice.
    if (root && !realInside(root, abs)) {
      return { code: 'template-font-outside', message: `"${shown}" is a link to a file outside ${displayPath(root, cwd)}/ — copy the font itself into ${shownOwn}/` };
    }
    if (!fontFileFits(abs)) {
      return { code: 'template-font-invalid', message: `"${shown}" is not a font file booklet can read (truncated or another format) — use a TrueType or OpenType file (.ttf, .otf)` };
    }
    return undefined;
  }
  return { code: 'template-font-missing', message: `font file "${rel}" not found — put it in ${shownOwn}/ or use one of the fonts shipped in fonts/` };
}

/**
 * The error for a document that `toJS` refused: an alias to no anchor, or more aliases than
 * `maxAliasCount` allows (an alias bomb). At the alias named in the error, else the first alias.
 */
function aliasError(doc: Document, lc: LineCounter, file: string, message: string): Diagnostic {
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(message.split('\n')[0]!)?.[1];
  const alias = firstAlias(doc, unresolved);
  const pos = alias?.range ? lc.linePos(alias.range[0]) : { line: 0, col: 0 };
  const first = alias?.source;
  const name = `*${first ?? unresolved ?? 'name'}`;
  if (unresolved !== undefined) {
    return { file, line: pos.line, column: pos.col, severity: 'error', code: 'template-yaml-syntax', message: `\`${name}\` refers to no anchor \`&${unresolved}\` set before it — set the anchor first, or put the value in double quotes if it is meant as text: "${name}"` };
  }
  if (/alias count/i.test(message)) {
    return { file, line: pos.line, column: pos.col, severity: 'error', code: 'template-invalid', message: `the aliases of this template (\`${name}\` and the others) expand to more than 100 copies of their values — write the values out instead of repeating them through aliases` };
  }
  return { file, line: pos.line, column: pos.col, severity: 'error', code: 'template-yaml-syntax', message: `${firstLine(message)} — fix the YAML of the template` };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The keys the schema allows in the mapping at `p` (through defaults, optionals and records). */
function keysAt(p: (string | number)[]): string[] {
  type Def = { type: string; shape?: Record<string, { _zod: { def: Def } }>; innerType?: { _zod: { def: Def } }; valueType?: { _zod: { def: Def } } };
  let def = (templateSchema as unknown as { _zod: { def: Def } })._zod.def;
  const unwrap = () => {
    while (def.innerType) def = def.innerType._zod.def;
  };
  unwrap();
  for (const k of p) {
    if (def.type === 'object' && def.shape && typeof k === 'string' && def.shape[k]) def = def.shape[k]._zod.def;
    else if (def.type === 'record' && def.valueType) def = def.valueType._zod.def;
    else return [];
    unwrap();
  }
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Position of the key `key` of the mapping at `p`, if it is there. */
function keyPosOf(doc: Document, lc: LineCounter, p: (string | number)[], key: string): { line: number; col: number } | undefined {
  const map = p.length ? doc.getIn(p, true) : doc.contents;
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return lc.linePos(pair.key.range[0]);
  }
  return undefined;
}

/** Position of the deepest existing node on a path (the value, else its parent). */
function posOf(doc: Document, lc: LineCounter, p: (string | number)[]): { line: number; col: number } {
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}
