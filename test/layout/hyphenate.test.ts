import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { liangMarkers, loadHyphenator } from '../../src/layout/text/hyphenate.js';

type Sync = (t: string, o: { hyphenChar: string; minWordLength: number }) => string;

async function library(mod: string) {
  const sync = ((await import(`hyphen/${mod}/index.js`)) as { default: { hyphenateSync: Sync } }).default.hyphenateSync;
  const def = ((await import(`hyphen/patterns/${mod}.js`)) as { default: Parameters<typeof liangMarkers>[1] }).default;
  return { sync, def };
}

function markersOf(marked: string): number[] {
  const res: number[] = [];
  let at = 0;
  for (const ch of marked) {
    if (ch === '\u00AD') res.push(at);
    else at += ch.length;
  }
  return res;
}

function words(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-hyph-'));
  generateCorpus(dir, 30);
  const text = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join(' ');
  return [...new Set(text.match(/\p{L}{6,}/gu) ?? [])];
}

describe('hyphenation', () => {
  it('matches the hyphen package exactly (French and English patterns)', async () => {
    const list = [...words(), 'anticonstitutionnellement', 'développement', 'transformation', 'responsibility', 'hyphenation', 'œuvrer', 'cœur'];
    expect(list.length).toBeGreaterThan(2000);
    for (const mod of ['fr', 'en-us']) {
      const { sync, def } = await library(mod);
      for (const w of list) expect([w, liangMarkers(w, def)]).toEqual([w, markersOf(sync(w, { hyphenChar: '\u00AD', minWordLength: 1 }))]);
    }
  });

  it('applies the book rules: ≥6 letters, 2 before, 3 after, no names, numbers or capitalised words', async () => {
    const h = await loadHyphenator('fr', ['Jeannerot']);
    const split = (w: string) => {
      const p = h.points(w);
      return p.length ? [...p, w.length].map((e, i) => w.slice(i ? p[i - 1] : 0, e)).join('|') : w;
    };
    expect(split('développement')).toBe('dé|ve|lop|pe|ment');
    expect(split('anticonstitutionnellement')).toBe('an|ti|cons|ti|tu|tion|nel|le|ment');
    expect(split('éditeurs')).toBe('édi|teurs'); // never 1 letter before nor 2 after
    expect(split('tables')).toBe('tables'); // 6 letters, but no break leaves 2 before and 3 after
    expect(split('jeannerot')).toBe('jeannerot');
    expect(split('Marseille')).toBe('Marseille');
    expect(split('3000kilomètres')).toBe('3000kilomètres');
    expect(split('l’industrie')).toBe('l’in|dus|trie');
    expect(split('C’est-à-dire')).toBe('C’est-à-dire');
  });

  it('gives no hyphenation for a language without patterns', async () => {
    const h = await loadHyphenator('xx');
    expect(h.points('développement')).toEqual([]);
  });
});
