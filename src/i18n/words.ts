/**
 * The fixed words of a booklet, per language (primary subtag of `language`), for both outputs:
 * the layout prints them in the PDF, the EPUB writer in its documents and metadata.
 * Unknown languages fall back to English.
 */
export interface Words {
  /** Kicker before the episode number: "Épisode 3". */
  episode: string;
  preface: string;
  contents: string;
  notes: string;
  /** Opening and closing quotation marks with their inner spaces (French: « + U+202F). */
  quoteOpen: string;
  quoteClose: string;
  /** EPUB: heading of the landmarks nav (hidden), and the names of the cover and title page. */
  landmarks: string;
  titlePage: string;
  cover: string;
  /** EPUB: accessible name of a footnote's back link. */
  backToText: string;
  /** EPUB: one-sentence accessibility summary for the package metadata. */
  accessibilitySummary: string;
  /** EPUB: the print edition, named as the source of the page numbers. */
  printEdition: string;
  /** EPUB: heading of the page-list nav (the print edition's pages). */
  pages: string;
  colophon: string;
}

const NNBSP = '\u202F';

const WORDS: Record<string, Words> = {
  fr: {
    episode: 'Épisode',
    preface: 'Préface',
    contents: 'Sommaire',
    notes: 'Notes',
    quoteOpen: `«${NNBSP}`,
    quoteClose: `${NNBSP}»`,
    landmarks: 'Repères',
    titlePage: 'Page de titre',
    cover: 'Couverture',
    backToText: 'Retour au texte',
    accessibilitySummary:
      'Texte structuré par des titres (une question est un titre), sommaire navigable, images décrites, notes reliées au texte.',
    printEdition: 'Édition imprimée',
    pages: 'Pages',
    colophon: 'Colophon',
  },
  en: {
    episode: 'Episode',
    preface: 'Preface',
    contents: 'Contents',
    notes: 'Notes',
    quoteOpen: '\u201C',
    quoteClose: '\u201D',
    landmarks: 'Landmarks',
    titlePage: 'Title page',
    cover: 'Cover',
    backToText: 'Back to text',
    accessibilitySummary:
      'Text structured with headings (each question is a heading), navigable table of contents, described images, linked notes.',
    printEdition: 'Print edition',
    pages: 'Pages',
    colophon: 'Colophon',
  },
  de: {
    episode: 'Folge',
    preface: 'Vorwort',
    contents: 'Inhalt',
    notes: 'Anmerkungen',
    quoteOpen: '\u201E',
    quoteClose: '\u201C',
    landmarks: 'Orientierungspunkte',
    titlePage: 'Titelseite',
    cover: 'Umschlag',
    backToText: 'Zurück zum Text',
    accessibilitySummary:
      'Text mit Überschriften gegliedert (jede Frage ist eine Überschrift), navigierbares Inhaltsverzeichnis, beschriebene Bilder, verlinkte Anmerkungen.',
    printEdition: 'Druckausgabe',
    pages: 'Seiten',
    colophon: 'Impressum',
  },
  es: {
    episode: 'Episodio',
    preface: 'Prefacio',
    contents: 'Índice',
    notes: 'Notas',
    quoteOpen: '\u00AB',
    quoteClose: '\u00BB',
    landmarks: 'Puntos de referencia',
    titlePage: 'Portadilla',
    cover: 'Cubierta',
    backToText: 'Volver al texto',
    accessibilitySummary:
      'Texto estructurado con encabezados (cada pregunta es un encabezado), índice navegable, imágenes descritas, notas enlazadas.',
    printEdition: 'Edición impresa',
    pages: 'Páginas',
    colophon: 'Colofón',
  },
  it: {
    episode: 'Episodio',
    preface: 'Prefazione',
    contents: 'Indice',
    notes: 'Note',
    quoteOpen: '\u00AB',
    quoteClose: '\u00BB',
    landmarks: 'Punti di riferimento',
    titlePage: 'Frontespizio',
    cover: 'Copertina',
    backToText: 'Torna al testo',
    accessibilitySummary:
      'Testo strutturato con titoli (ogni domanda è un titolo), indice navigabile, immagini descritte, note collegate.',
    printEdition: 'Edizione a stampa',
    pages: 'Pagine',
    colophon: 'Colophon',
  },
};

/** Words for a BCP 47 tag; English when the language is not in the table. */
export function wordsFor(lang: string): Words {
  const base = lang.toLowerCase().split('-')[0] ?? '';
  return WORDS[base] ?? WORDS.en!;
}

/** The languages the table has (primary subtags). */
export const WORD_LANGUAGES = Object.keys(WORDS);

/** A headline between quotation marks, unless the author already put some. */
export function quoteHeadline(headline: string, open: string, close: string): { text: string; added: boolean } {
  const h = headline.trim();
  if (/^[«“„‹‘"']/.test(h)) return { text: h, added: false };
  return { text: `${open}${h}${close}`, added: true };
}
