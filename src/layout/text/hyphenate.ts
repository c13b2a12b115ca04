/**
 * Hyphenation points from TeX patterns (package `hyphen`), with the book rules on top:
 * words of 6 letters or more only, at least 2 letters before a break and 3 after, never in a word
 * with digits, a capitalised word (names: Marseille, Jeannerot), a URL, a protected name,
 * or right after an apostrophe or a hard hyphen.
 */

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `hyphen` package's compiled patterns: levels, a trie of letters, and exceptions. */
type Trie = { [letter: string]: Trie | [Trie, number] | number };
type PatternSet = [number[][], Trie, Record<string, number[]>?];

/**
 * Liang's pattern matching over the package's compiled trie: the same result as its
 * `hyphenateSync` (tested on thousands of words), without its per-call set-up, which made it the
 * slowest step of the layout. Returns the offsets before which a hyphen may go.
 */
export function liangMarkers(word: string, def: PatternSet): number[] {
  const [levelsTable, , exceptions] = def;
  const t = compiled.get(def) ?? compile(def);
  const lowered = (defaultLowercaseIsRoot ??= rootLowercase()) ? word.toLowerCase() : word.toLocaleLowerCase();
  if (exceptions && Object.prototype.hasOwnProperty.call(exceptions, lowered)) return exceptions[lowered]!;
  const s = `.${lowered}.`;
  const levels: number[] = new Array(word.length + 1).fill(0);
  const { first, count, chars, child, pattern } = t;
  for (let j = 0; s.length - j >= 3; j++) {
    const at = j === 0 ? 0 : j - 1;
    let node = 0;
    for (let c = j; c < s.length && node >= 0; c++) {
      // The edge of this node for the letter (a node has few; the root's are in a map).
      const ch = s.charCodeAt(c);
      let e = -1;
      if (node === 0) e = t.root.get(ch) ?? -1;
      else for (let k = first[node]!, end = k + count[node]!; k < end; k++) if (chars[k] === ch) e = k;
      if (e < 0) break;
      node = child[e]!;
      const idx = pattern[e]!;
      if (idx < 0) continue;
      const pl = levelsTable[idx]!;
      for (let k = 0; k < pl.length; k++) levels[at + k] = Math.max(pl[k]!, levels[at + k] ?? 0);
    }
  }
  const n = levels.length;
  levels[0] = levels[1] = levels[n - 1] = levels[n - 2] = 0;
  const markers: number[] = [];
  for (let i = 0; i < n; i++) if ((levels[i]! & 1) === 1) markers.push(i);
  return markers;
}

let defaultLowercaseIsRoot: boolean | undefined;

/**
 * A pattern trie in arrays: node n's edges are first[n] … first[n] + count[n] - 1, each with its
 * letter (a UTF-16 unit), the node it leads to (-1: none) and its pattern (an index in the levels
 * table, -1: none). The package's trie is an object per node: reading letters from 2,000 objects of
 * as many shapes was most of the matching's time.
 */
interface CompiledTrie {
  root: Map<number, number>;
  first: Int32Array;
  count: Int32Array;
  chars: Uint16Array;
  child: Int32Array;
  pattern: Int32Array;
}

const compiled = new WeakMap<PatternSet, CompiledTrie>();

function compile(def: PatternSet): CompiledTrie {
  const nodes: Trie[] = [def[1]];
  const edges: [number, number, number][][] = [];
  for (let n = 0; n < nodes.length; n++) {
    const list: [number, number, number][] = [];
    for (const key of Object.keys(nodes[n]!)) {
      // A key of more than one unit is never matched by a lookup of one letter.
      if (key.length !== 1) continue;
      const v = nodes[n]![key]!;
      let next: Trie | undefined;
      let idx = -1;
      if (Array.isArray(v)) {
        next = v[0];
        idx = v[1];
      } else if (typeof v === 'number') idx = v;
      else next = v;
      let to = -1;
      if (next) {
        to = nodes.length;
        nodes.push(next);
      }
      list.push([key.charCodeAt(0), to, idx]);
    }
    edges.push(list);
  }
  const total = edges.reduce((a, l) => a + l.length, 0);
  const t: CompiledTrie = {
    root: new Map(),
    first: new Int32Array(nodes.length),
    count: new Int32Array(nodes.length),
    chars: new Uint16Array(total),
    child: new Int32Array(total),
    pattern: new Int32Array(total),
  };
  let k = 0;
  edges.forEach((list, n) => {
    t.first[n] = k;
    t.count[n] = list.length;
    for (const [ch, to, idx] of list) {
      if (n === 0) t.root.set(ch, k);
      t.chars[k] = ch;
      t.child[k] = to;
      t.pattern[k] = idx;
      k++;
    }
  });
  compiled.set(def, t);
  return t;
}

/**
 * Whether `toLocaleLowerCase(locale)` is `toLowerCase()` (which is much faster) for every text:
 * ICU lowercases by the root rules in every locale but Turkish and Azeri (I, İ) and Lithuanian
 * (I, J, Į before accents; Ì, Í, Ĩ), which this probe tells apart.
 */
function rootLowercase(locale?: string): boolean {
  const probe = 'I\u0130\u00cc';
  try {
    return probe.toLocaleLowerCase(locale) === probe.toLowerCase();
  } catch {
    return false; // an invalid tag: let the real call report it
  }
}

/** Letters (\p{L}) and capitals (\p{Lu}) of the BMP, learnt as they are met: 0 not yet known, 1 not a letter, 2 a letter, 3 a capital. */
const LETTER_CLASS = new Uint8Array(0x10000);
const LETTER = /\p{L}/u;
const CAPITAL = /\p{Lu}/u;

function letterClass(cp: number): number {
  let c = cp < 0x10000 ? LETTER_CLASS[cp]! : 0;
  if (c === 0) {
    const ch = String.fromCodePoint(cp);
    c = CAPITAL.test(ch) ? 3 : LETTER.test(ch) ? 2 : 1;
    if (cp < 0x10000) LETTER_CLASS[cp] = c;
  }
  return c;
}

/** Pattern modules of the `hyphen` package by language (BCP 47 primary subtag, or full tag first). */
const MODULES: Record<string, string> = {
  fr: 'fr',
  en: 'en-us',
  'en-gb': 'en-gb',
  'en-us': 'en-us',
  de: 'de-1996',
  es: 'es',
  it: 'it',
  nl: 'nl',
  pt: 'pt',
  pl: 'pl',
  ca: 'ca',
  sv: 'sv',
  da: 'da',
  nb: 'nb',
  fi: 'fi',
  cs: 'cs',
  ru: 'ru',
  uk: 'uk',
  el: 'el-monoton',
};

/** Words of each generation of a hyphenator's cache (at most twice as many are held). */
const CACHE_GENERATION = 5000;

export const MIN_WORD = 6;
export const MIN_BEFORE = 2;
export const MIN_AFTER = 3;

export interface Hyphenator {
  /** UTF-16 offsets inside `word` after which a break with a hyphen is allowed. */
  points(word: string): number[];
}

const NONE: Hyphenator = { points: () => [] };

/** The pattern modules of `MODULES`, each once. */
export const PATTERN_MODULES: readonly string[] = [...new Set(Object.values(MODULES))];

/**
 * lib/hyphen: where `npm run build` writes each pattern module's trie as `compile` makes it
 * (scripts/hyphen-tries.js), so that a build reads it instead of importing the package's module (a
 * script of nested object literals) and compiling its trie: ~20 ms of a French build's start in a
 * profile. Seen from src/ (the tests), a folder that does not exist: the modules are imported.
 */
export const TRIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'hyphen');

/** A file of TRIES_DIR: the trie, levels and exceptions of a pattern module, and the hash of the module's text. */
interface TrieFile {
  source: string;
  levels: number[][];
  exceptions?: Record<string, number[]>;
  first: number[];
  count: number[];
  chars: number[];
  child: number[];
  pattern: number[];
}

const requireHere = createRequire(import.meta.url);
const patternsFile = (mod: string) => requireHere.resolve(`hyphen/patterns/${mod}.js`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The text of TRIES_DIR's file for the pattern module `mod`, as installed now. */
export function trieFileText(mod: string, def: PatternSet): string {
  const t = compiled.get(def) ?? compile(def);
  const data: TrieFile = {
    source: sha256(fs.readFileSync(patternsFile(mod))),
    levels: def[0],
    ...(def[2] ? { exceptions: def[2] } : {}),
    first: [...t.first],
    count: [...t.count],
    chars: [...t.chars],
    child: [...t.child],
    pattern: [...t.pattern],
  };
  return JSON.stringify(data);
}

/**
 * The patterns of `mod` from its file in `dir`, their trie compiled already; undefined when there is
 * no such file, or it was made from another text of the module than the one installed (then the
 * module is imported as without the file).
 */
export function readTrieFile(mod: string, dir = TRIES_DIR): PatternSet | undefined {
  let data: TrieFile;
  try {
    data = JSON.parse(fs.readFileSync(path.join(dir, `${mod}.json`), 'utf8')) as TrieFile;
    if (data.source !== sha256(fs.readFileSync(patternsFile(mod)))) return undefined;
  } catch {
    return undefined;
  }
  // The letter trie itself is never read once its compiled form is known (liangMarkers).
  const def: PatternSet = data.exceptions ? [data.levels, {}, data.exceptions] : [data.levels, {}];
  const t: CompiledTrie = {
    root: new Map(),
    first: Int32Array.from(data.first),
    count: Int32Array.from(data.count),
    chars: Uint16Array.from(data.chars),
    child: Int32Array.from(data.child),
    pattern: Int32Array.from(data.pattern),
  };
  for (let k = 0; k < t.count[0]!; k++) t.root.set(t.chars[t.first[0]! + k]!, t.first[0]! + k);
  compiled.set(def, t);
  return def;
}

/** Load the patterns of a language; languages without patterns get no hyphenation. */
export async function loadHyphenator(lang: string, protectedWords: Iterable<string> = []): Promise<Hyphenator> {
  const tag = lang.toLowerCase();
  const mod = MODULES[tag] ?? MODULES[tag.split('-')[0]!];
  if (!mod) return NONE;
  // The package's pattern modules are CommonJS: their exports arrive as the default export.
  const def = readTrieFile(mod) ?? ((await import(`hyphen/patterns/${mod}.js`)) as { default: PatternSet }).default;
  const lower = rootLowercase(lang) ? (s: string) => s.toLowerCase() : (s: string) => s.toLocaleLowerCase(lang);
  const protect = new Set([...protectedWords].map((w) => lower(w)));
  // Points of the words met, in two generations (see the word plans in items.ts): a word used
  // again moves to the current one, and the older one is dropped when the current one is full.
  let cache = new Map<string, number[]>();
  let older = new Map<string, number[]>();
  const remember = (word: string, pts: number[]) => {
    if (cache.size >= CACHE_GENERATION) {
      older = cache;
      cache = new Map();
    }
    cache.set(word, pts);
  };

  const letters = (s: string) => (/[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length);
  /** A run of letters; `astral`: it holds letters outside the BMP (two UTF-16 units each). */
  const forRun = (run: string, astral: boolean): number[] => {
    if (!astral) {
      const n = run.length;
      if (n < MIN_WORD) return [];
      return liangMarkers(run, def).filter((p) => p >= MIN_BEFORE && n - p >= MIN_AFTER);
    }
    if (letters(run) < MIN_WORD) return [];
    return liangMarkers(run, def).filter((p) => letters(run.slice(0, p)) >= MIN_BEFORE && letters(run.slice(p)) >= MIN_AFTER);
  };

  return {
    points(word: string): number[] {
      let pts = cache.get(word);
      if (pts) return pts;
      pts = older.get(word);
      if (pts) {
        older.delete(word);
        remember(word, pts);
        return pts;
      }
      pts = [];
      if (!/\d/.test(word) && !protect.has(lower(word))) {
        // Hyphenate each run of letters on its own: never right after an apostrophe or a hard hyphen.
        const n = word.length;
        for (let i = 0; i < n; ) {
          let cp = word.codePointAt(i)!;
          if (letterClass(cp) === 1) {
            i += cp > 0xffff ? 2 : 1;
            continue;
          }
          const start = i;
          const capital = letterClass(cp) === 3;
          let astral = false;
          do {
            if (cp > 0xffff) {
              astral = true;
              i += 2;
            } else i++;
            if (i >= n) break;
            cp = word.codePointAt(i)!;
          } while (letterClass(cp) !== 1);
          if (capital) continue;
          const run = word.slice(start, i);
          if (protect.has(lower(run))) continue;
          for (const p of forRun(run, astral)) pts.push(start + p);
        }
      }
      remember(word, pts);
      return pts;
    },
  };
}
