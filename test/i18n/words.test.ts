/** One table of fixed words for both outputs. */
import { describe, expect, it } from 'vitest';
import { WORD_LANGUAGES, wordsFor } from '../../src/i18n/words.js';

describe('fixed words', () => {
  it('has fr, en, de, es and it, every word non-empty and without surrounding spaces', () => {
    expect(WORD_LANGUAGES).toEqual(expect.arrayContaining(['fr', 'en', 'de', 'es', 'it']));
    for (const lang of WORD_LANGUAGES) {
      for (const [key, value] of Object.entries(wordsFor(lang))) {
        expect(value, `${lang}.${key}`).not.toBe('');
        if (!key.startsWith('quote')) expect(value.trim(), `${lang}.${key}`).toBe(value);
      }
    }
  });

  it('takes the primary subtag and falls back to English', () => {
    expect(wordsFor('fr-CA').episode).toBe('Épisode');
    expect(wordsFor('DE-at').episode).toBe('Folge');
    expect(wordsFor('nl')).toBe(wordsFor('en'));
  });

  it('keeps U+202F inside the French quotation marks', () => {
    expect(wordsFor('fr').quoteOpen).toBe('«\u202F');
    expect(wordsFor('fr').quoteClose).toBe('\u202F»');
  });
});
