/** The few fixed words the EPUB prints itself, per language (primary subtag of meta.language). */

export interface Words {
  /** Kicker before the episode number: "Épisode 3". */
  episode: string;
  preface: string;
  contents: string;
  landmarks: string;
  titlePage: string;
  cover: string;
  notes: string;
  /** Accessible name of a footnote's back link. */
  backToText: string;
  /** Opening and closing quotation marks around a headline (with their spaces). */
  quotes: [string, string];
  /** One-sentence accessibility summary for the package metadata. */
  accessibilitySummary: string;
}

const NNBSP = '\u202F';

const WORDS: Record<string, Words> = {
  fr: {
    episode: 'Épisode',
    preface: 'Préface',
    contents: 'Sommaire',
    landmarks: 'Repères',
    titlePage: 'Page de titre',
    cover: 'Couverture',
    notes: 'Notes',
    backToText: 'Retour au texte',
    quotes: [`«${NNBSP}`, `${NNBSP}»`],
    accessibilitySummary:
      'Texte structuré par des titres (une question est un titre), sommaire navigable, images décrites, notes reliées au texte.',
  },
  en: {
    episode: 'Episode',
    preface: 'Preface',
    contents: 'Contents',
    landmarks: 'Landmarks',
    titlePage: 'Title page',
    cover: 'Cover',
    notes: 'Notes',
    backToText: 'Back to text',
    quotes: ['\u201C', '\u201D'],
    accessibilitySummary:
      'Text structured with headings (each question is a heading), navigable table of contents, described images, linked notes.',
  },
  de: {
    episode: 'Folge',
    preface: 'Vorwort',
    contents: 'Inhalt',
    landmarks: 'Orientierungspunkte',
    titlePage: 'Titelseite',
    cover: 'Umschlag',
    notes: 'Anmerkungen',
    backToText: 'Zurück zum Text',
    quotes: ['\u201E', '\u201C'],
    accessibilitySummary:
      'Text mit Überschriften gegliedert (jede Frage ist eine Überschrift), navigierbares Inhaltsverzeichnis, beschriebene Bilder, verlinkte Anmerkungen.',
  },
  es: {
    episode: 'Episodio',
    preface: 'Prefacio',
    contents: 'Índice',
    landmarks: 'Puntos de referencia',
    titlePage: 'Portadilla',
    cover: 'Cubierta',
    notes: 'Notas',
    backToText: 'Volver al texto',
    quotes: ['\u00AB', '\u00BB'],
    accessibilitySummary:
      'Texto estructurado con encabezados (cada pregunta es un encabezado), índice navegable, imágenes descritas, notas enlazadas.',
  },
  it: {
    episode: 'Episodio',
    preface: 'Prefazione',
    contents: 'Indice',
    landmarks: 'Punti di riferimento',
    titlePage: 'Frontespizio',
    cover: 'Copertina',
    notes: 'Note',
    backToText: 'Torna al testo',
    quotes: ['\u00AB', '\u00BB'],
    accessibilitySummary:
      'Testo strutturato con titoli (ogni domanda è un titolo), indice navigabile, immagini descritte, note collegate.',
  },
};

/** Words for a BCP 47 tag; English when the language is not in the table. */
export function wordsFor(language: string): Words {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  return WORDS[primary] ?? WORDS.en!;
}
