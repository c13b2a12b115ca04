/**
 * Hyphenation points from TeX patterns (package `hyphen`), with the book rules on top:
 * words of 6 letters or more only, at least 2 letters before a break and 3 after, never in a word
 * with digits, a capitalised word (names: Marseille, Jeannerot), a URL, a protected name,
 * or right after an apostrophe or a hard hyphen.
 */

/** The `hyphen` package's compiled patterns: levels, a trie of letters, and exceptions. */
type Trie = { [letter: string]: Trie | [Trie, number] | number };
type PatternSet = [number[][], Trie, Record<string, number[]>?];

/**
 * Liang's pattern matching over the package's compiled trie: the same result as its
 * `hyphenateSync` (tested on thousands of words), without its per-call set-up, which made it the
 * slowest step of the layout. Returns the offsets before which a hyphen may go.
 */
export function liangMarkers(word: string, def: PatternSet): number[] {
  const [levelsTable, trie, exceptions] = def;
  const lowered = (defaultLowercaseIsRoot ??= rootLowercase()) ? word.toLowerCase() : word.toLocaleLowerCase();
  if (exceptions && Object.prototype.hasOwnProperty.call(exceptions, lowered)) return exceptions[lowered]!;
  const s = `.${lowered}.`;
  const levels: number[] = new Array(word.length + 1).fill(0);
  for (let j = 0; s.length - j >= 3; j++) {
    const at = j === 0 ? 0 : j - 1;
    let ptr: Trie | undefined = trie;
    for (let c = j; c < s.length && ptr; c++) {
      const node: Trie | [Trie, number] | number | undefined = ptr[s[c]!];
      if (node === undefined) break;
      let idx = -1;
      if (Array.isArray(node)) {
        ptr = node[0];
        idx = node[1];
      } else if (typeof node === 'number') {
        ptr = undefined;
        idx = node;
      } else ptr = node;
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

export const MIN_WORD = 6;
export const MIN_BEFORE = 2;
export const MIN_AFTER = 3;

export interface Hyphenator {
  /** UTF-16 offsets inside `word` after which a break with a hyphen is allowed. */
  points(word: string): number[];
}

const NONE: Hyphenator = { points: () => [] };

/** Load the patterns of a language; languages without patterns get no hyphenation. */
export async function loadHyphenator(lang: string, protectedWords: Iterable<string> = []): Promise<Hyphenator> {
  const tag = lang.toLowerCase();
  const mod = MODULES[tag] ?? MODULES[tag.split('-')[0]!];
  if (!mod) return NONE;
  // The package's pattern modules are CommonJS: their exports arrive as the default export.
  const def = ((await import(`hyphen/patterns/${mod}.js`)) as { default: PatternSet }).default;
  const lower = rootLowercase(lang) ? (s: string) => s.toLowerCase() : (s: string) => s.toLocaleLowerCase(lang);
  const protect = new Set([...protectedWords].map((w) => lower(w)));
  const cache = new Map<string, number[]>();

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
      if (cache.size > 10000) cache.clear();
      cache.set(word, pts);
      return pts;
    },
  };
}
