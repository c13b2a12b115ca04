/**
 * The fixed words of a booklet, per language. Unknown languages fall back to English.
 */
export interface Words {
  episode: string;
  preface: string;
  contents: string;
  notes: string;
  /** Opening and closing quotation marks with their inner spaces (French: « + U+202F). */
  quoteOpen: string;
  quoteClose: string;
}

const WORDS: Record<string, Words> = {
  fr: { episode: 'Épisode', preface: 'Préface', contents: 'Sommaire', notes: 'Notes', quoteOpen: '«\u202F', quoteClose: '\u202F»' },
  en: { episode: 'Episode', preface: 'Preface', contents: 'Contents', notes: 'Notes', quoteOpen: '“', quoteClose: '”' },
};

export function wordsFor(lang: string): Words {
  const base = lang.toLowerCase().split('-')[0]!;
  return WORDS[base] ?? WORDS.en!;
}

/** A headline between quotation marks, unless the author already put some. */
export function quoteHeadline(headline: string, open: string, close: string): { text: string; added: boolean } {
  const h = headline.trim();
  if (/^[«“„‹‘"']/.test(h)) return { text: h, added: false };
  return { text: `${open}${h}${close}`, added: true };
}
