/**
 * Hyphenation points from TeX patterns (package `hyphen`), with the book rules on top:
 * words of 6 letters or more only, at least 2 letters before a break and 3 after, never in a word
 * with digits, a capitalised word (names: Marseille, Jeannerot), a URL, a protected name,
 * or right after an apostrophe or a hard hyphen.
 */

type HyphenateSync = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

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
  // The package's language modules are CommonJS: their exports arrive as the default export.
  const loaded = (await import(`hyphen/${mod}/index.js`)) as { default: { hyphenateSync: HyphenateSync } };
  const { hyphenateSync } = loaded.default;
  const protect = new Set([...protectedWords].map((w) => w.toLocaleLowerCase(lang)));
  const cache = new Map<string, number[]>();
  const letterRun = /\p{L}+/gu;

  const forRun = (run: string): number[] => {
    if ([...run].length < MIN_WORD) return [];
    const marked = hyphenateSync(run, { hyphenChar: '\u00AD', minWordLength: MIN_WORD });
    const pts: number[] = [];
    let at = 0;
    for (const ch of marked) {
      if (ch === '\u00AD') pts.push(at);
      else at += ch.length;
    }
    return pts.filter((p) => [...run.slice(0, p)].length >= MIN_BEFORE && [...run.slice(p)].length >= MIN_AFTER);
  };

  return {
    points(word: string): number[] {
      let pts = cache.get(word);
      if (pts) return pts;
      pts = [];
      if (!/\d/.test(word) && !protect.has(word.toLocaleLowerCase(lang))) {
        // Hyphenate each run of letters on its own: never right after an apostrophe or a hard hyphen.
        for (const m of word.matchAll(letterRun)) {
          if (protect.has(m[0].toLocaleLowerCase(lang)) || /^\p{Lu}/u.test(m[0])) continue;
          for (const p of forRun(m[0])) pts.push(m.index + p);
        }
      }
      if (cache.size > 50000) cache.clear();
      cache.set(word, pts);
      return pts;
    },
  };
}
