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
  /** PDF: the back cover and the colophon, for bookmarks and page labels. */
  backCover: string;
  /** Colophon lines. */
  publishedBy: string;
  isbn: string;
  /** "Set in EB Garamond and Noto Serif." */
  fontsLine: (names: string[]) => string;
  /** "Typeset with booklet 0.1.0 on 26 November 2026." (the build date, UTC) */
  typesetLine: (tool: string, date: Date) => string;
  /** The printing line when booklet.yaml has no `colophon:`. */
  printedLine: (date: Date) => string;
}

/** "a, b and c" with the language's word for "and". */
function list(names: string[], and: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

const MONTHS: Record<string, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
};
const month = (lang: string, d: Date) => MONTHS[lang]![d.getUTCMonth()]!;
const NBSP = '\u00A0';

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
    backCover: 'Quatrième de couverture',
    publishedBy: 'Publié par',
    isbn: 'ISBN',
    fontsLine: (names) => `Composé en ${list(names, 'et')}.`,
    typesetLine: (tool, d) => `Mis en page avec ${tool} le ${d.getUTCDate() === 1 ? '1er' : d.getUTCDate()}${NBSP}${month('fr', d)}${NBSP}${d.getUTCFullYear()}.`,
    printedLine: (d) => `Achevé d’imprimer en ${month('fr', d)} ${d.getUTCFullYear()}.`,
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
    backCover: 'Back cover',
    publishedBy: 'Published by',
    isbn: 'ISBN',
    fontsLine: (names) => `Set in ${list(names, 'and')}.`,
    typesetLine: (tool, d) => `Typeset with ${tool} on ${d.getUTCDate()} ${month('en', d)} ${d.getUTCFullYear()}.`,
    printedLine: (d) => `Printed in ${month('en', d)} ${d.getUTCFullYear()}.`,
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
    backCover: 'Rückseite',
    publishedBy: 'Herausgegeben von',
    isbn: 'ISBN',
    fontsLine: (names) => `Gesetzt aus der ${list(names, 'und')}.`,
    typesetLine: (tool, d) => `Gesetzt mit ${tool} am ${d.getUTCDate()}.${NBSP}${month('de', d)} ${d.getUTCFullYear()}.`,
    printedLine: (d) => `Gedruckt im ${month('de', d)} ${d.getUTCFullYear()}.`,
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
    backCover: 'Contracubierta',
    publishedBy: 'Publicado por',
    isbn: 'ISBN',
    fontsLine: (names) => `Compuesto en ${list(names, 'y')}.`,
    typesetLine: (tool, d) => `Maquetado con ${tool} el ${d.getUTCDate()} de ${month('es', d)} de ${d.getUTCFullYear()}.`,
    printedLine: (d) => `Se terminó de imprimir en ${month('es', d)} de ${d.getUTCFullYear()}.`,
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
    backCover: 'Quarta di copertina',
    publishedBy: 'Pubblicato da',
    isbn: 'ISBN',
    fontsLine: (names) => `Composto in ${list(names, 'e')}.`,
    typesetLine: (tool, d) => `Impaginato con ${tool} il ${d.getUTCDate()} ${month('it', d)} ${d.getUTCFullYear()}.`,
    printedLine: (d) => `Finito di stampare nel mese di ${month('it', d)} ${d.getUTCFullYear()}.`,
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
