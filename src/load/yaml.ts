/**
 * YAML with positions: parse a YAML text with the `yaml` package, report syntax errors in plain
 * words at their real line and column, and give the position of any value for later diagnostics.
 * Used for episode front matter and booklet.yaml, and reusable for template.yaml.
 */
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
} from 'yaml';
import type { DiagnosticBag } from '../diagnostics.js';
import type { KeyPos } from './types.js';

export type YamlPath = readonly (string | number)[];

export interface YamlOptions {
  /** Lines of the file before the YAML text (1 for front matter, which starts after its `---` line). */
  lineOffset?: number;
  /** Always read with the `yaml` package, never by the fast path for simple front matter (for tests comparing them). */
  general?: boolean;
}

export interface YamlDoc {
  /** The plain JS value (mappings are objects); undefined when the text could not be read. */
  value: unknown;
  /** False when a syntax error was reported (then `value` is undefined). */
  ok: boolean;
  /** Position of the first line of the YAML text in its file. */
  start: KeyPos;
  /** Position of the value of each top-level key (empty unless the top level is a mapping). */
  keys: Record<string, KeyPos>;
  /**
   * Position of the value at `path` (e.g. `['fonts', 'families', 0]`); for a block mapping or
   * list under a key, the key. When the path does not exist, the position of its closest
   * existing parent's key (or `start`).
   */
  posOf(path: YamlPath): KeyPos;
  /** Position of the key at `path` (for a sequence item: the item). Falls back like `posOf`. */
  keyPosOf(path: YamlPath): KeyPos;
  /** The value at `path` exactly as written, for a scalar (e.g. `0012`), else undefined. */
  sourceOf(path: YamlPath): string | undefined;
  /** The comment written after the scalar at `path` on the same line (`title: A #1` → `1`). */
  inlineCommentOf(path: YamlPath): string | undefined;
}

const SYNTAX = 'yaml-syntax';

/**
 * Parses `text` (YAML 1.2, so `no` stays text and dates stay `YYYY-MM-DD` strings unless tagged).
 * Syntax errors go into `bag` as errors with code `yaml-syntax`, at most one per line.
 */
export function parseYamlWithPositions(
  text: string,
  file: string,
  bag: DiagnosticBag,
  options: YamlOptions = {},
): YamlDoc {
  const lineOffset = options.lineOffset ?? 0;
  const simple = options.general ? undefined : simpleMapping(text, lineOffset);
  if (simple) return simple;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lines = text.split('\n');
  const at = (offset: number): KeyPos => {
    const p = lc.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line + lineOffset, column: p.col };
  };
  const start: KeyPos = { line: lineOffset + 1, column: 1 };

  // One mistake often gives several errors: keep one per line, and the general advice only
  // when nothing more precise was found.
  let ok = doc.errors.length === 0;
  const explained = doc.errors.map((err) => explainError(err, lines, lc));
  const precise = explained.filter((e) => !e.generic);
  const reportedLines = new Set<number>();
  for (const e of precise.length ? precise : explained.slice(0, 1)) {
    if (reportedLines.has(e.line)) continue;
    reportedLines.add(e.line);
    bag.error(file, e.line + lineOffset, e.column, SYNTAX, e.message);
  }
  for (const w of doc.warnings) {
    const p = lc.linePos(w.pos[0]);
    const word = text.slice(w.pos[0], w.pos[1]).trim() || '!';
    const message =
      w.code === 'TAG_RESOLVE_FAILED'
        ? `\`${word}\` is read as a YAML tag, not as text, and is left out — put the whole value in double quotes`
        : `YAML: ${w.message} — check this line`;
    bag.warn(file, p.line + lineOffset, p.col, 'yaml-warning', message);
  }

  let value: unknown;
  if (ok) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      // An alias (`*name`) that points nowhere, or too many of them.
      ok = false;
      const alias = firstAlias(doc);
      const pos = alias?.range ? at(alias.range[0]) : start;
      const name = alias ? `*${alias.source}` : '*';
      bag.error(
        file,
        pos.line,
        pos.column,
        SYNTAX,
        `\`${name}\` is read as a YAML reference to a value defined elsewhere — put the whole value in double quotes: "${name}…"`,
      );
    }
  }

  interface Found {
    node?: Node;
    pair?: Pair;
    /** Offset of the closest parent that exists: its key, or the item of a sequence. */
    best: number | undefined;
    found: boolean;
  }
  const contentsStart = doc.contents?.range?.[0];
  // The pairs of each mapping by key (the first one of a key), so that a lookup is not a scan.
  const pairIndex = new WeakMap<object, Map<string, Pair>>();
  const pairOf = (map: { items: Pair[] }, key: string): Pair | undefined => {
    let index = pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
      pairIndex.set(map, index);
    }
    return index.get(key);
  };
  const walk = (path: YamlPath): Found => {
    let cur: unknown = doc.contents;
    let best = contentsStart;
    let pair: Pair | undefined;
    for (const step of path) {
      pair = undefined;
      if (isMap(cur)) {
        pair = pairOf(cur as { items: Pair[] }, String(step));
        if (!pair) return { best, found: false };
        cur = pair.value;
        const k = pair.key as Node | null;
        if (k?.range) best = k.range[0];
      } else if (isSeq(cur) && typeof step === 'number' && step >= 0 && step < cur.items.length) {
        cur = cur.items[step];
        const n = cur as Node | null;
        if (n?.range) best = n.range[0];
      } else {
        return { best, found: false };
      }
    }
    return { node: (cur as Node | null) ?? undefined, pair, best, found: true };
  };

  const posOf = (path: YamlPath): KeyPos => {
    const f = walk(path);
    // A block mapping or list under a key starts on the next line: point at its key instead.
    const block = (isMap(f.node) || isSeq(f.node)) && !f.node.flow && f.pair;
    if (f.found && f.node?.range && !block) return at(f.node.range[0]);
    return f.best === undefined ? start : at(f.best);
  };
  const keyPosOf = (path: YamlPath): KeyPos => {
    const f = walk(path);
    const k = f.pair?.key as Node | null | undefined;
    if (f.found && k?.range) return at(k.range[0]);
    return posOf(path);
  };
  const sourceOf = (path: YamlPath): string | undefined => {
    const f = walk(path);
    if (!f.found || !isScalar(f.node) || !f.node.range) return undefined;
    if (f.node.type === 'PLAIN') return text.slice(f.node.range[0], f.node.range[1]);
    return typeof f.node.source === 'string' ? f.node.source : undefined;
  };
  const inlineCommentOf = (path: YamlPath): string | undefined => {
    const f = walk(path);
    if (!f.found || !isScalar(f.node) || !f.node.range || !f.node.comment) return undefined;
    const [, end, nodeEnd] = f.node.range;
    const after = text.slice(end, nodeEnd);
    return /^[ \t]+#/.test(after) ? f.node.comment.trim() : undefined;
  };

  const keys: Record<string, KeyPos> = {};
  if (isMap(doc.contents)) {
    for (const p of doc.contents.items) {
      if (isScalar(p.key)) keys[String(p.key.value)] = posOf([String(p.key.value)]);
    }
  }

  return { value: ok ? value : undefined, ok, start, keys, posOf, keyPosOf, sourceOf, inlineCommentOf };
}

/** Text the fast path reads: printable characters and newlines only (no tab, CR, BOM, surrogate, line or paragraph separator). */
const SIMPLE_TEXT = /^[\n\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]*$/;
/** `key: value` at the start of a line: a plain key, spaces, a value without spaces at its ends. */
const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_]*):( +)([^ ](?:.*[^ ])?)$/;
/** Keys that are not plain text in YAML 1.2 (null, booleans), or not an ordinary object key. */
const NOT_TEXT_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|__proto__)$/;
/** A first character that makes a value something else than plain text (an indicator, a quote). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** The core schema's scalars that are not text, as yaml 2 tests them (null, bool, int, float). */
const NOT_TEXT_VALUE = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/**
 * The usual front matter without the `yaml` package: lines `key: value` at the left margin (or
 * empty), each value plain text on its line, text in double quotes without `\\` or `"` inside, or
 * a whole number written with digits only; no comment, no key twice. Anything else (quotes, lists, comments, other numbers, null, true…) gives undefined
 * and is read by the `yaml` package; so is text that does not fit these lines. What it returns is
 * what `parseYamlWithPositions` gives for the same text (test/load/yaml.test.ts compares them).
 */
function simpleMapping(text: string, lineOffset: number): YamlDoc | undefined {
  if (text === '' || !SIMPLE_TEXT.test(text)) return undefined;
  const value: Record<string, string | number> = {};
  const entries = new Map<string, { keyAt: KeyPos; valueAt: KeyPos; source: string }>();
  let line = lineOffset;
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    line++;
    if (to > from) {
      const m = SIMPLE_LINE.exec(text.slice(from, to));
      if (!m) return undefined;
      const [, key, spaces, v] = m as unknown as [string, string, string, string];
      if (NOT_TEXT_KEY.test(key) || entries.has(key)) return undefined;
      let source = v;
      if (v.length >= 2 && v[0] === '"' && v.endsWith('"') && !/["\\]/.test(v.slice(1, -1))) {
        // text in double quotes with no escape: the text itself (also as its source)
        source = v.slice(1, -1);
        value[key] = source;
      } else if (INDICATOR.test(v) || v.includes(': ') || v.endsWith(':') || v.includes(' #')) return undefined;
      else if (/^[0-9]+$/.test(v)) value[key] = Number.parseInt(v, 10);
      else if (NOT_TEXT_VALUE.some((re) => re.test(v))) return undefined;
      else value[key] = v;
      entries.set(key, { keyAt: { line, column: 1 }, valueAt: { line, column: key.length + spaces.length + 2 }, source });
    }
    from = to + 1;
  }
  const first = entries.values().next().value;
  if (!first) return undefined;
  const start: KeyPos = { line: lineOffset + 1, column: 1 };
  const keys: Record<string, KeyPos> = {};
  for (const [k, e] of entries) keys[k] = e.valueAt;
  const entryOf = (path: YamlPath) => (path.length > 0 ? entries.get(String(path[0])) : undefined);
  // As the general path: a missing key points at the mapping (its first key), a path below a value at the value's key.
  const posOf = (path: YamlPath): KeyPos => {
    const e = entryOf(path);
    if (!e) return first.keyAt;
    return path.length === 1 ? e.valueAt : e.keyAt;
  };
  return {
    value,
    ok: true,
    start,
    keys,
    posOf,
    keyPosOf: (path) => (path.length === 1 ? entryOf(path)?.keyAt : undefined) ?? posOf(path),
    sourceOf: (path) => (path.length === 1 ? entryOf(path)?.source : undefined),
    inlineCommentOf: () => undefined,
  };
}

/** `key: value` on one line (key unquoted). */
const KEY_VALUE = /^(\s*)(?:-\s+)?([^\s:#'"\-?][^:]*?):(?:[ \t]+(.*))?$/;
/** `key:value` with no space after the colon. */
const NO_SPACE = /^(\s*)([A-Za-z_][\w-]*):([^\s/].*)$/;

const QUOTE_ADVICE =
  'each line is `key: value` with a space after the colon; a value that contains `: ` or ` #`, or starts with a quote, `@`, `*`, `&`, `!`, `[`, `{` or `` ` ``, must be put in double quotes';

/** Turns a `yaml` error into a position and a message for someone who does not know YAML. */
function explainError(
  err: YAMLError,
  lines: string[],
  lc: LineCounter,
): { line: number; column: number; message: string; generic?: boolean } {
  const p = lc.linePos(err.pos[0]);
  const here = { line: p.line, column: p.col };
  const lineText = (n: number) => lines[n - 1] ?? '';

  switch (err.code) {
    case 'TAB_AS_INDENT':
      return { ...here, message: 'this line is indented with a tab — use spaces instead (YAML does not accept tabs here)' };
    case 'DUPLICATE_KEY': {
      const key = lineText(p.line).slice(p.col - 1).split(':')[0]!.trim();
      return { ...here, message: `\`${key}\` is written twice — keep only one \`${key}:\` line` };
    }
    case 'MULTIPLE_DOCS':
      return { ...here, message: 'a line `---` (or `...`) ends the YAML here — remove it' };
    case 'BAD_DQ_ESCAPE':
      return {
        ...here,
        message: 'a backslash `\\` inside double quotes starts a special code that YAML does not know — write `\\\\` for a backslash, or use single quotes around the value',
      };
    case 'MISSING_CHAR': {
      const q = /closing (["'])/.exec(err.message)?.[1];
      if (q) {
        const opener = findUnclosedQuote(lines, q, p.line);
        const where = opener ?? here;
        return {
          ...where,
          message: `the quote ${q} opened here is never closed — end the value with ${q} on the same line, or remove the opening ${q}`,
        };
      }
      break;
    }
    case 'BAD_SCALAR_START': {
      const ch = err.message.slice(-1);
      const m = KEY_VALUE.exec(lineText(p.line));
      const example = m?.[3] ? ` ${m[2]}: ${JSON.stringify(m[3].trim())}` : '';
      return {
        ...here,
        message: `a value cannot start with “${ch}” in YAML — put the whole value in double quotes${example ? ':' + example : ''}`,
      };
    }
    default:
      break;
  }

  // Look at the lines involved for the usual mistakes.
  const last = Math.min(Math.max(lc.linePos(err.pos[1]).line, p.line + 1), p.line + 2, lines.length);
  for (let n = p.line; n <= last; n++) {
    const t = lineText(n);
    if (/^\s*(#|$)/.test(t)) continue;
    const ns = NO_SPACE.exec(t);
    if (ns) {
      return {
        line: n,
        column: ns[1]!.length + ns[2]!.length + 2,
        message: `a colon must be followed by a space — write \`${ns[2]}: ${ns[3]}\``,
      };
    }
    const kv = KEY_VALUE.exec(t);
    const v = kv?.[3]?.trim();
    if (kv && v && !/^["']/.test(v) && (/:\s/.test(v) || v.endsWith(':'))) {
      return {
        line: n,
        column: t.indexOf(v) + 1,
        message: `the value of \`${kv[2]}\` contains a colon followed by a space, which YAML reads as a new key — put the whole value in double quotes: ${kv[2]}: ${JSON.stringify(v)}`,
      };
    }
    const indent = /^\s*/.exec(t)![0].length;
    if (indent > 0 && n > 1) {
      const before = previousContentLine(lines, n);
      if (before !== undefined && !/:\s*(#.*)?$/.test(before) && !/^\s*-/.test(t)) {
        return {
          line: n,
          column: 1,
          message: 'this line starts with spaces but the line before does not open a group — remove the spaces at the start of the line',
        };
      }
    }
    if (!kv && !t.includes(':') && !/^\s*-/.test(t)) {
      return {
        line: n,
        column: indent + 1,
        message: 'this line is not a `key: value` line — write it as `key: value`, or put it after the value of the line before, on the same line',
      };
    }
  }
  return { ...here, generic: true, message: `YAML cannot read this line — check it: ${QUOTE_ADVICE}` };
}

function previousContentLine(lines: string[], n: number): string | undefined {
  for (let i = n - 2; i >= 0; i--) {
    if (!/^\s*(#|$)/.test(lines[i]!)) return lines[i];
  }
  return undefined;
}

/** The first line up to `upTo` whose value opens quote `q` without closing it. */
function findUnclosedQuote(lines: string[], q: string, upTo: number): { line: number; column: number } | undefined {
  for (let n = 1; n <= Math.min(upTo, lines.length); n++) {
    const t = lines[n - 1]!;
    const m = /^(\s*(?:-\s+)?(?:[^\s:#'"][^:]*?:[ \t]+)?)(["'])(.*)$/.exec(t);
    if (!m || m[2] !== q) continue;
    const rest = m[3]!.replace(/\s+(#.*)?$/, '');
    const closed = q === '"' ? /(^|[^\\])(\\\\)*"$/.test(rest) : /'$/.test(rest.replace(/''/g, ''));
    if (!closed) return { line: n, column: m[1]!.length + 1 };
  }
  return undefined;
}

/** The first alias (`*name`) of `doc`, or the first one that names `source`; undefined when there is none. */
export function firstAlias(doc: Document, source?: string): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (source !== undefined && node.source !== source) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}
