/** Small Booklets and a Template built in code, for the EPUB writer tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block, Booklet, Episode, ImageAsset, Inline, Pos } from '../../../src/model/types.js';
import type { Cmyk, StyleName, Template, TextStyle } from '../../../src/template/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const FONTS_DIR = path.join(REPO, 'fonts');
export const IMAGES_DIR = path.join(REPO, 'test/fixtures/epub');

const NNBSP = '\u202F';
const NBSP = '\u00A0';
const BLACK: Cmyk = [0, 0, 0, 100];
const ACCENT: Cmyk = [0, 75, 100, 20];

function pos(line: number, file = 'episodes/01.md'): Pos {
  return { file, line, column: 1 };
}

function style(s: Partial<TextStyle> & Pick<TextStyle, 'size' | 'leading'>): TextStyle {
  return {
    family: 'garamond',
    style: 'regular',
    color: BLACK,
    align: 'left',
    indent: 0,
    spaceBefore: 0,
    spaceAfter: 0,
    uppercase: false,
    tracking: 0,
    features: [],
    ...s,
  };
}

/** The `anniversaire` template's values, as the template loader would hand them over (pt). */
export function anniversaireTemplate(): Template {
  const styles: Record<StyleName, TextStyle> = {
    body: style({ size: 10.5, leading: 13.5, align: 'justify', spaceAfter: 4 }),
    question: style({ style: 'bold', size: 10.5, leading: 13.5, spaceBefore: 9, spaceAfter: 4, color: ACCENT }),
    heading: style({ style: 'bold', size: 12, leading: 15, spaceBefore: 12, spaceAfter: 4 }),
    pullquote: style({ style: 'italic', size: 14, leading: 17, align: 'center', spaceBefore: 10, spaceAfter: 10, color: ACCENT }),
    lede: style({ style: 'italic', size: 12.5, leading: 16, spaceAfter: 12 }),
    kicker: style({ size: 10, leading: 13, uppercase: true, tracking: 120, color: ACCENT, spaceAfter: 6 }),
    title: style({ style: 'bold', size: 22, leading: 26, spaceAfter: 8 }),
    headline: style({ style: 'italic', size: 15, leading: 19, spaceAfter: 10 }),
    interviewee: style({ style: 'bold', size: 11, leading: 14 }),
    role: style({ style: 'italic', size: 10, leading: 13, spaceAfter: 14 }),
    caption: style({ style: 'italic', size: 9, leading: 11, spaceBefore: 3, spaceAfter: 8 }),
    footnote: style({ size: 8.5, leading: 10.5, align: 'justify' }),
    folio: style({ size: 9.5, leading: 12, align: 'center' }),
    runningHead: style({ style: 'italic', size: 9, leading: 12, align: 'center' }),
    prefaceTitle: style({ style: 'bold', size: 18, leading: 22, spaceAfter: 14 }),
    coverTitle: style({ style: 'bold', size: 30, leading: 34, align: 'center', spaceAfter: 12 }),
    coverSubtitle: style({ style: 'italic', size: 14, leading: 18, align: 'center', spaceAfter: 8 }),
    openerNumber: style({ style: 'bold', size: 66, leading: 61.6, features: ['lnum'] }),
  };
  return {
    name: 'anniversaire',
    description: 'A5 portrait, EB Garamond',
    dir: path.join(REPO, 'templates/anniversaire'),
    page: { trimWidth: 419.53, trimHeight: 595.28, bleed: 8.5, margins: { top: 51, bottom: 62.4, inner: 56.7, outer: 42.5 } },
    fonts: {
      families: {
        garamond: {
          name: 'garamond',
          regular: 'eb-garamond/EBGaramond-Regular.ttf',
          italic: 'eb-garamond/EBGaramond-Italic.ttf',
          bold: 'eb-garamond/EBGaramond-Bold.ttf',
          boldItalic: 'eb-garamond/EBGaramond-BoldItalic.ttf',
        },
        noto: {
          name: 'noto',
          regular: 'noto-serif/NotoSerif-Regular.ttf',
          italic: 'noto-serif/NotoSerif-Italic.ttf',
          bold: 'noto-serif/NotoSerif-Bold.ttf',
          boldItalic: 'noto-serif/NotoSerif-BoldItalic.ttf',
        },
        emoji: { name: 'emoji', regular: 'noto-emoji/NotoEmoji-Regular.ttf' },
      },
      chain: ['garamond', 'noto', 'emoji'],
    },
    styles,
    colors: { text: BLACK, accent: ACCENT, rule: [0, 0, 0, 60] },
    question: { kind: 'ornament', marker: '—', markerColor: ACCENT },
    questionMarkers: ['💬'],
    opener: { layout: 'classic', band: 0.4 },
    runningHeads: { verso: 'series', recto: 'interviewee', position: 'top', align: 'center', rule: false },
    folio: { position: 'bottom', align: 'outer', format: '{n}' },
    linebreak: {
      algorithm: 'knuth-plass',
      tolerance: 2,
      pretolerance: 1,
      hyphenPenalty: 50,
      consecutiveHyphenDemerits: 3000,
      spaceStretch: 0.5,
      spaceShrink: 0.33,
      thinSpace: 0.125,
    },
    epubCss: '',
  };
}

export function asset(file: string, width: number, height: number): ImageAsset {
  return {
    path: path.join(IMAGES_DIR, file),
    rel: `images/${file}`,
    format: file.endsWith('.png') ? 'png' : 'jpeg',
    width,
    height,
  };
}

const t = (text: string): Inline => ({ kind: 'text', text });
const p = (line: number, ...inlines: Inline[]): Block => ({ kind: 'paragraph', inlines, pos: pos(line) });
const q = (line: number, text: string): Block => ({ kind: 'question', inlines: [t(text)], pos: pos(line) });

export const PORTRAIT = asset('portrait.jpg', 40, 50);
export const PHOTO = asset('photo été.png', 60, 40);
export const PHOTO_SAME_SLUG = asset('Photo_Ete.png', 48, 32);
export const ORNAMENT = asset('ornament.png', 16, 16);

function episodeOne(): Episode {
  return {
    number: 1,
    title: 'Trois questions à Élise Durand',
    interviewee: 'Élise Durand',
    headline: `Le logiciel, c’est d’abord des gens${NNBSP}!`,
    role: 'Présidente & fondatrice',
    date: '2024-03-01',
    lede: [[t(`Vingt ans après, elle revient sur l’aventure${NBSP}: `), { kind: 'emphasis', children: [t('souvenirs')] }, t('.')]],
    portrait: { asset: PORTRAIT, alt: 'Élise Durand, souriante, devant une bibliothèque', credit: '© Jean Photographe' },
    blocks: [
      q(10, `Comment tout a commencé${NNBSP}?`),
      p(
        12,
        t('Avec une idée simple et un '),
        { kind: 'strong', children: [t('budget')] },
        t(' de 1 000 € '),
        { kind: 'footnoteRef', n: 1 },
        t(`. Nous étions « petits » mais ambitieux${NNBSP}; la suite l’a montré.`),
      ),
      { kind: 'pullquote', paragraphs: [[t(`«${NNBSP}Nous étions petits mais ambitieux.${NNBSP}»`)]], pos: pos(14) },
      { kind: 'heading', inlines: [t('Les débuts')], pos: pos(16) },
      q(18, 'Quelles étaient vos priorités ?'),
      {
        kind: 'list',
        ordered: true,
        start: 3,
        items: [[p(20, t('Recruter'))], [p(21, t('Former')), p(22, t('et garder '), { kind: 'footnoteRef', n: 1 })]],
        pos: pos(20),
      },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [[p(24, t('Le code')), { kind: 'list', ordered: false, start: 1, items: [[p(25, t('les tests'))]], pos: pos(25) }], [p(26, t('Les gens'))]],
        pos: pos(24),
      },
      { kind: 'image', image: { asset: PHOTO, alt: 'Le premier bureau, rue des Lilas', caption: [t('Le premier bureau, en '), { kind: 'emphasis', children: [t('2004')] }], credit: '© Archives' }, pos: pos(28) },
      { kind: 'break', pos: pos(30) },
      { kind: 'image', image: { asset: ORNAMENT, alt: 'decorative' }, pos: pos(31) },
      p(32, t('Voir '), { kind: 'link', url: 'https://example.org/a b?x=1&y=2', children: [t('notre site')] }, t(' ou '), { kind: 'link', url: 'mailto:contact@example.org', children: [t('écrire')] }, t('.')),
    ],
    footnotes: [{ n: 1, blocks: [p(40, t('En euros de '), { kind: 'emphasis', children: [t('2004')] }, t('.'))] }],
    file: 'episodes/01-elise-durand.md',
    slug: '01-élise-durand',
  };
}

function episodeTwo(): Episode {
  return {
    number: 2,
    title: 'Trois questions à Bob <script>alert("x")</script> & Cie',
    interviewee: 'Bob & Cie',
    headline: 'Un titre avec <b>balise</b> & "guillemets" \'simples\'',
    lede: [[t('Un chapô avec <script>alert(1)</script> & un esperluette.')]],
    blocks: [
      q(5, 'Première question <i>brute</i> & 💬 directe ?'),
      p(7, t('Réponse avec '), { kind: 'code', text: 'a < b && c > d' }, t(' et '), { kind: 'link', url: 'javascript:alert(1)', children: [t('un lien piégé')] }, t('.')),
      p(8, t('Un lien '), { kind: 'link', url: 'data:text/html,<script>', children: [t('data')] }, t(' et un '), { kind: 'link', url: '../autre.xhtml', children: [t('lien relatif')] }, { kind: 'break' }, t('après un saut de ligne. Emoji 🎉 et caractère de contrôle \u0007 ici.')),
      q(9, 'Seconde question ?'),
      p(10, t('Une autre image au même nom :')),
      { kind: 'image', image: { asset: PHOTO_SAME_SLUG, alt: 'Une image "entre guillemets" & <chevrons>' }, pos: pos(11) },
      p(12, t('Fin.'), { kind: 'footnoteRef', n: 1 }, { kind: 'footnoteRef', n: 2 }),
    ],
    footnotes: [
      { n: 1, blocks: [p(20, t('Première note.')), p(21, t('Sur deux paragraphes.'))] },
      { n: 2, blocks: [{ kind: 'list', ordered: false, start: 1, items: [[p(22, t('Une note en liste'))]], pos: pos(22) }] },
    ],
    file: 'episodes/02-bob.md',
    slug: '02-bob-&-cie',
  };
}

/** Preface + two episodes: questions, pull quote, lists, notes, emphasis, links, images, escaping. */
export function sampleBooklet(): Booklet {
  const e1 = episodeOne();
  const e2 = episodeTwo();
  return {
    meta: {
      title: 'Vingt ans & plus',
      subtitle: 'Entretiens',
      publisher: 'Association <Logiciel> & Cie',
      edition: 'Première édition',
      colophon: 'Achevé d’imprimer en mars 2024.\nTous droits réservés.\n\nComposé en EB Garamond.',
      year: 2024,
      language: 'fr',
      identifier: 'urn:uuid:6f1f6a7e-2f61-5b7a-9c1d-0e5a3a1c2b3d',
      template: 'anniversaire',
      output: 'vingt-ans',
      date: new Date(Date.UTC(2024, 2, 15, 10, 30, 0)),
    },
    preface: {
      title: 'Préface',
      blocks: [p(1, t(`Bienvenue${NNBSP}! Ce livret rassemble nos entretiens`), { kind: 'footnoteRef', n: 1 }, t('.'))],
      footnotes: [{ n: 1, blocks: [p(3, t('Publiés de 2004 à 2024.'))] }],
      file: 'episodes/_preface.md',
    },
    heads: [e1, e2],
    episodes: [e1, e2],
    images: [PORTRAIT, PHOTO, ORNAMENT, PHOTO_SAME_SLUG],
  };
}

/** An English booklet with one episode and nothing optional. */
export function minimalEnglishBooklet(): Booklet {
  const episodes: Booklet['episodes'] = [
    {
      number: 7,
      title: 'Three questions for Ann',
      interviewee: 'Ann',
      headline: 'Ship it',
      lede: [],
      blocks: [q(3, 'Why?'), p(4, t('Because.'))],
      footnotes: [],
      file: 'episodes/07-ann.md',
      slug: 'ann',
    },
  ];
  return {
    meta: {
      title: 'Minimal',
      year: 2025,
      language: 'en-GB',
      identifier: 'urn:isbn:9780306406157',
      isbn: '978-0-306-40615-7',
      template: 'anniversaire',
      output: 'minimal',
      date: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    },
    heads: episodes,
    episodes,
    images: [],
  };
}
