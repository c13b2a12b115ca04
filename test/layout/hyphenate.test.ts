import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { liangMarkers, loadHyphenator, MIN_AFTER, MIN_BEFORE, MIN_WORD, PATTERN_MODULES, readTrieFile, trieFileText } from '../../src/layout/text/hyphenate.js';

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

  it('reads each trie that `npm run build` writes as the package module gives it, and only for the module installed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-tries-'));
    const list = words().slice(0, 500);
    expect(PATTERN_MODULES).toContain('fr');
    for (const mod of PATTERN_MODULES) {
      const def = ((await import(`hyphen/patterns/${mod}.js`)) as { default: Parameters<typeof liangMarkers>[1] }).default;
      const text = trieFileText(mod, def);
      fs.writeFileSync(path.join(dir, `${mod}.json`), text);
      const read = readTrieFile(mod, dir);
      expect(read, mod).toBeDefined();
      // Levels, exceptions and every array of the compiled trie, as compiled from the module.
      expect(trieFileText(mod, read!), mod).toBe(text);
      for (const w of [...list, 'anticonstitutionnellement', 'hyphenation']) expect([mod, w, liangMarkers(w, read!)]).toEqual([mod, w, liangMarkers(w, def)]);
    }
    // Made from another text of the module (the package updated since the build), or absent: not used.
    const fr = JSON.parse(fs.readFileSync(path.join(dir, 'fr.json'), 'utf8')) as { source: string };
    fs.writeFileSync(path.join(dir, 'fr.json'), JSON.stringify({ ...fr, source: '0'.repeat(64) }));
    expect(readTrieFile('fr', dir)).toBeUndefined();
    expect(readTrieFile('fr', path.join(dir, 'none'))).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'fr.json'), '{');
    expect(readTrieFile('fr', dir)).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
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

  it('finds the points of the book rules written plainly (runs of \\p{L} by regular expression, locale lowercasing)', async () => {
    // The rules as first written: what the faster scan in loadHyphenator must give, word for word.
    const plain = async (lang: string, names: string[]) => {
      const def = ((await import(`hyphen/patterns/${lang === 'en' ? 'en-us' : lang === 'el' ? 'el-monoton' : lang === 'de' ? 'de-1996' : lang}.js`)) as { default: Parameters<typeof liangMarkers>[1] }).default;
      const protect = new Set(names.map((w) => w.toLocaleLowerCase(lang)));
      const letters = (s: string) => [...s].length;
      return (word: string) => {
        const pts: number[] = [];
        if (/\d/.test(word) || protect.has(word.toLocaleLowerCase(lang))) return pts;
        for (const m of word.matchAll(/\p{L}+/gu)) {
          if (protect.has(m[0].toLocaleLowerCase(lang)) || /^\p{Lu}/u.test(m[0]) || letters(m[0]) < MIN_WORD) continue;
          for (const p of liangMarkers(m[0], def)) if (letters(m[0].slice(0, p)) >= MIN_BEFORE && letters(m[0].slice(p)) >= MIN_AFTER) pts.push(m.index + p);
        }
        return pts;
      };
    };
    const odd = [
      'L’ÉCOLE',
      'extraOrdinaire',
      'l’extraordinaire',
      'Jeannerot’s',
      'd’anticonstitutionnellement',
      'jean-philippe-développement',
      'dé🚀veloppement',
      '𝒜𝒷développement',
      'développement𝒜𝒷𝒸𝒹𝒺𝒻',
      '\uD800développement',
      'développement\uDC00',
      'œuvre,',
      '«développement»',
      'ÉVÉNEMENTIEL',
      'φιλοσοφία',
      'ΦΙΛΟΣΟΦΙΑ',
      'развитие',
      'Entwicklungsländer',
      'responsibility',
      'x2développement',
    ];
    const list = [...words().slice(0, 3000), ...odd];
    for (const lang of ['fr', 'en', 'el', 'ru', 'de']) {
      const h = await loadHyphenator(lang, ['Jeannerot', 'Philippe']);
      const want = await plain(lang, ['Jeannerot', 'Philippe']);
      for (const w of list) expect([lang, w, h.points(w)]).toEqual([lang, w, want(w)]);
    }
  });

  it('gives no hyphenation for a language without patterns', async () => {
    const h = await loadHyphenator('xx');
    expect(h.points('développement')).toEqual([]);
  });
});
