/** One table of fixed words for both outputs. */
import { describe, expect, it } from 'vitest';
import { WORD_LANGUAGES, wordsFor } from '../../src/i18n/words.js';

describe('fixed words', () => {
  it('has fr, en, de, es and it, every word non-empty and without surrounding spaces', () => {
    expect(WORD_LANGUAGES).toEqual(expect.arrayContaining(['fr', 'en', 'de', 'es', 'it']));
    for (const lang of WORD_LANGUAGES) {
      for (const [key, entry] of Object.entries(wordsFor(lang))) {
        // The colophon lines are functions of the font names or the date.
        const value: string = typeof entry === 'function' ? (entry as (a: unknown, b?: unknown) => string)(key === 'fontsLine' ? ['A', 'B'] : key === 'typesetLine' ? 'booklet' : new Date(0), new Date(0)) : entry;
        expect(value, `${lang}.${key}`).not.toBe('');
        if (!key.startsWith('quote')) expect(value.trim(), `${lang}.${key}`).toBe(value);
        expect(value, `${lang}.${key}`).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('takes the primary subtag and falls back to English', () => {
    expect(wordsFor('fr-CA').episode).toBe('Épisode');
    expect(wordsFor('DE-at').episode).toBe('Folge');
    expect(wordsFor('nl')).toBe(wordsFor('en'));
  });

  it('writes the colophon lines from the font names and the build date (UTC)', () => {
    const d = new Date(Date.UTC(2026, 8, 1, 23, 30));
    expect(wordsFor('fr').fontsLine(['EB Garamond', 'Noto Serif', 'Noto Emoji'])).toBe('Composé en EB Garamond, Noto Serif et Noto Emoji.');
    expect(wordsFor('fr').typesetLine('booklet 1.0', d)).toBe('Mis en page avec booklet 1.0 le 1er\u00A0septembre\u00A02026.');
    expect(wordsFor('fr').printedLine(d)).toBe('Achevé d’imprimer en septembre 2026.');
    expect(wordsFor('en').fontsLine(['EB Garamond'])).toBe('Set in EB Garamond.');
    expect(wordsFor('en').typesetLine('booklet 1.0', d)).toBe('Typeset with booklet 1.0 on 1 September 2026.');
  });

  it('keeps U+202F inside the French quotation marks', () => {
    expect(wordsFor('fr').quoteOpen).toBe('«\u202F');
    expect(wordsFor('fr').quoteClose).toBe('\u202F»');
  });
});
