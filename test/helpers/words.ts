/** Word lists for "every word comes back, in order" checks. */
import fs from 'node:fs';
import { typographyText } from '../../src/transform/french.js';
import { tool } from './tools.js';

/**
 * Words of the episode's Markdown body as a reader sees them: front matter and 💬 markers removed,
 * an image replaced by its caption (its alt text is not printed), each paragraph set with the
 * booklet's typography (`"Aider` is printed `«` + U+202F + `Aider`: two words once extracted).
 */
export function sourceWords(file: string, lang = 'fr'): string[] {
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/^---[\s\S]*?\n---\n/, '')
    .replace(/💬/g, '')
    .replace(/!\[[^\]]*\]\([^)\s]*(?:\s+"([^"]*)")?\)/g, (_m, caption: string | undefined) => caption ?? '')
    .split(/\n{2,}/)
    .map((p) => p.replace(/^(\s*(?:[-*+]|\d+[.)])\s+)?([\s\S]*)$/, (_m, mark: string | undefined, rest: string) => (mark ?? '') + typographyText(rest, lang)))
    .join('\n\n');
  return text.split(/[\s\u00a0\u202f]+/).filter(Boolean);
}

/** pdftotext output as a word list (a word broken after a hyphen at a line end is rejoined). */
export function pdfWords(pdf: string): string[] {
  const text = tool('pdftotext', '-enc', 'UTF-8', pdf, '-').replace(/(\S)-\n(\S)/gu, '$1-$2');
  return text.split(/[\s\u00a0\u202f]+/).filter(Boolean);
}

/**
 * Words of `want` not found in `got` in the same order. Hyphens are ignored in the comparison:
 * after extraction a hyphen at a line end cannot be told from a hyphenation point. A word broken
 * across lines without a hyphen (a URL) may match several extracted words in a row.
 */
export function missingWords(want: string[], got: string[]): string[] {
  const norm = (w: string) => w.replace(/[-\u00ad]/g, '');
  const g = got.map(norm);
  let at = 0;
  const missing: string[] = [];
  for (const w of want) {
    const n = norm(w);
    const i = g.indexOf(n, at);
    if (i >= 0) {
      at = i + 1;
      continue;
    }
    const split = splitMatch(g, n, at);
    if (split >= 0) at = split;
    else missing.push(w);
  }
  return missing;
}

/** Index after the run of words starting within the next 20 that concatenate to `w`, or -1. */
function splitMatch(g: string[], w: string, from: number): number {
  for (let i = from; i < Math.min(g.length, from + 20); i++) {
    if (!w.startsWith(g[i]!) || g[i] === '') continue;
    let s = g[i]!;
    for (let j = i + 1; j < g.length && s.length < w.length; j++) {
      s += g[j];
      if (s === w) return j + 1;
      if (!w.startsWith(s)) break;
    }
  }
  return -1;
}
