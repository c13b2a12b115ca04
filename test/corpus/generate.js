// Deterministic synthetic corpus of "3 questions à …" interviews, for tests and the benchmark.
//
// Plain ESM JavaScript (typed by ./generate.d.ts) so that `npm run bench` can import it without a
// compile step and vitest tests can import it from TypeScript.
//
// Everything comes from a seeded PRNG (mulberry32); Math.random is never used. Each episode has its
// own PRNG derived from (seed, episode number), so the first 20 episodes of a 200-episode corpus are
// the same files as a 20-episode corpus with the same seed. The text mixes the sentences of the real
// seed interview (copied below: nothing is read outside this file at run time) with invented
// French-looking words (about 20 % of the words), which gives a large vocabulary (~20k distinct
// words over 200 episodes), like a real series would.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

/** Default seed of `generateCorpus`. */
export const DEFAULT_SEED = 20;

/**
 * mulberry32: a tiny, fast 32-bit PRNG. Returns floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mix a seed and a stream number into a new 32-bit seed (so streams are independent).
 * @param {number} seed
 * @param {number} stream
 */
function mixSeed(seed, stream) {
  let h = (seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Source text: the sentences of the real episode (shared/seeds/000_8c4431885dda3a2d.txt), split.
// ---------------------------------------------------------------------------------------------

/** Sentences of the answers and standfirst of the seed episode, verbatim. */
export const SEED_SENTENCES = [
  'Parce que Medinsoft a 20 ans, nous souhaitons revenir sur son histoire et donner la parole à ceux qui ont construit, développé, assuré la pérennité de notre association.',
  'Nous avons hâte de souffler avec vous, nos bougies lors du Grand Opening le 19 Septembre prochain, à 19h Gare de la Major, lors une soirée qui s’annonce mémorable.',
  'André Jeannerot, anciennement DSI et responsable des Services Généraux de Talentia Software, une entreprise européenne de 300 personnes créée initialement à Marseille avant d’être transférée à Paris, a été, de longue date, président Medinsoft.',
  'Retour sur un engagement !',
  'Dans le cadre du CIP, nous étions de nombreux éditeurs de logiciels à souhaiter nous regrouper.',
  'La CCIAMP nous a alors conseillés de nous regrouper en cluster pour donner de la visibilité aux éditeurs de logiciels.',
  'C’est de cette façon que Medinsoft a été lancé.',
  'J’ai d’abord été secrétaire du Bureau avant de prendre la présidence après le départ de Gerard Boulen en 2006.',
  'On a ensuite décidé de passer à la vitesse supérieure.',
  'On a demandé à la CCIAMP de faire une étude sur le poids de l’industrie numérique qui représentait à l’époque, en 2006, 15 000 emplois et générait un CA de 2 milliards d’euros de CA.',
  'L’équipe s’est également renforcée.',
  'Avec l’arrivée de Stéphane Soto, alors directeur commercial de Digitech.',
  'Décidé à changer de cap, il a pris en charge, à ma demande, l’animation et la direction de Medinsoft.',
  'Cela été le début d’une grande aventure.',
  'En 2014, on a candidaté pour que le territoire obtienne le label french tech qui a été obtenu en 2015.',
  'On a élargi le territoire et, petit à petit, au regard des axes de développement économique de la région, l’industrie du digital est devenue une des forces vives de la région.',
  'Un regard pragmatique !',
  'Nous nous sommes aperçus que les éditeurs de logiciels sont plus techniciens que communicants.',
  'La première action mise en oeuvre a été de les soutenir dans leur démarche de commercialisation.',
  'Nos objectifs étaient clairs et simples : aider nos adhérents à grandir, à élargir leur perspective et les encourager à aller chercher leurs clients à l’extérieur du territoire.',
  'Nous avons de belles réussites qui témoignent du succès de ces initiatives que l’on pense à Softway Médical, Digitech.',
  'Cela a démontré la croissance des éditeurs.',
  'Cela a été un cheval de bataille, il a fallu prouver la qualité de vie et ses atouts intrinsèques de la métropole d’Aix à Marseille.',
  'Nous avons accompagné des start up au CES de Las Vegas.',
  'Voyage privé, Interxion, Jaguar Network ont bien compris le potentiel et les intérêts à s’implanter ici.',
  'On a ensuite, soutenu les entreprises sur les questions d’emploi et de recrutement, à partir de 2012.',
  'J’ai toujours pensé que les éditeurs ont besoin qu’on leur apporte du business, nous avons créé des conditions optimums.',
  'Nous avons été le premier territoire labellisé.',
  'Ce qui a consisté à faire éclore le maximum de start up.',
  'Nous l’avons opéré pendant 3 ans, après nous nous sommes recentrés sur les PME innovantes, dans toutes leurs composantes.',
  'Ce sont elles qui portent réellement l’emploi et l’activité locale et irriguent l’économie.',
  'A ce titre, nous avons créée de nouvelles commissions, sur le financement, la smart city, conscients que le numérique allait se décliner dans de nombreux secteurs d’activité.',
  'Les grands groupes ont montré leur intérêt pour des start up.',
  'Les entreprises de plus petite taille se sont aussi engouffrées dans cette voie.',
  'En 2015 nous avons lancé le Grand Opening qui a connu le succès que l’on connait…',
  'On a réussi à avoir des lieux de plus en plus magiques.',
  'On a été les premiers à faire cette soirée au J1 et à revisiter ce qui était, alors, considéré comme un hangar.',
  'On le voit l’économie digitale rayonne dans tous les secteurs et est présente partout.',
  'De mon côté j’ai pris ma retraite en 2020.',
  'C’est Stéphanie Ragu qui a pris la relève.',
  'Le bilan est très positif.',
  'On est parti d’une économie qui n’existait pas et on a réussi à montrer que c’était une des filières d’excellence du territoire.',
  'Le numérique est une filière, fructueuse, qui recrute.',
  'C’est un levier essentiel de déploiement et cela a été le vecteur de ma présidence.',
  'La compétition est aujourd’hui internationale.',
  'On se doit, à Aix Marseille, d’avoir le même potentiel dont dispose Nice avec Sophia-Antipolis.',
  'D’autant que nous sommes passés à la vitesse supérieure sur le territoire, avec la multiplication des datas center, la montée en puissance de l’esport, des nouvelles technologies au service des utilisateurs.',
  'Ce qui ouvre de nouveaux horizons.',
];

/** The questions of the seed episode (without the 💬 marker), plus a few more in the same voice. */
export const SEED_QUESTIONS = [
  'Comment vous êtes-vous engagé dans l’aventure Medinsoft ?',
  'C’est-à-dire ?',
  'Qu’est ce qui générait un tel succès ?',
  'Et en termes d’attractivité du territoire ?',
  'Après 2014, la donne a changé ?',
  'Et aujourd’hui ?',
  'Quel souvenir gardez-vous de vos débuts dans l’association ?',
  'Qu’est-ce qui vous a le plus surpris pendant ces années ?',
  'Comment voyez-vous la place du numérique dans la région ?',
  'Quel conseil donneriez-vous à une jeune entreprise ?',
  'Quels ont été les moments les plus difficiles ?',
  'Et demain, quels sont les défis à relever ?',
  'Pourquoi avoir choisi de rester sur le territoire ?',
  'Qu’avez-vous appris des autres adhérents ?',
];

const FIRST_NAMES = [
  'Claire', 'Julien', 'Sophie', 'Karim', 'Nadia', 'Thomas', 'Élodie', 'Mehdi', 'Hélène', 'François',
  'Anaïs', 'Jérôme', 'Céline', 'Yannick', 'Maëlle', 'Loïc', 'Inès', 'Benoît', 'Amélie', 'Rémi',
  'Léa', 'Grégoire', 'Chloé', 'Samir', 'Aurélie', 'Noël', 'Béatrice', 'Cédric', 'Zoé', 'Jérémie',
];
const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Roux', 'Garnier', 'Chevalier', 'Benali', 'Nguyen',
  'Fontaine', 'Mercier', 'Rousseau', 'Blanchard', 'Giraud', 'Perrin', 'Morel', 'Féraud', 'Castellane',
  'Ollivier', 'Baudoin', 'Ménard', 'Aubert', 'Barthélemy', 'Laurent', 'Pagès', 'Orsini',
];
/** Rare names in other scripts or with letters outside Latin-1 (fonts and fallback chains). */
const RARE_NAMES = [
  'Łukasz Wróblewski', 'Małgorzata Żak', 'Grzegorz Łęcki', 'Σοφία Παπαδοπούλου', 'Νίκος Αλεξίου',
  'Мария Иванова', 'Дмитрий Соколов', 'Şükrü Öztürk', 'Dagný Þórsdóttir', 'Jiří Dvořák',
];
const ROLES = [
  'Ancien DSI de {C}, président de Medinsoft', 'Directrice générale de {C}', 'Fondateur de {C}',
  'Cofondatrice de {C} et membre du Bureau', 'Président de {C}', 'Responsable des partenariats chez {C}',
  'Ancienne secrétaire du Bureau, dirigeante de {C}', 'Directeur technique de {C}',
  'Chargée de mission numérique à la CCIAMP', 'Trésorier de Medinsoft, associé chez {C}',
];
const COMPANY_SUFFIXES = [' Software', ' SAS', ' Technologies', ' Conseil', ' Digital', ' Systèmes', ''];
const MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];
const CITIES = ['Marseille', 'Aix-en-Provence', 'Toulon', 'Nice', 'Avignon', 'Gdańsk', 'Thessalonique', 'Łódź', 'Sophia-Antipolis'];

// ---------------------------------------------------------------------------------------------
// Invented words
// ---------------------------------------------------------------------------------------------

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'b', 'd', 'l', 'm', 'p', 'r', 's', 't', 'ch', 'br', 'cr', 'dr', 'fr', 'gr', 'pl', 'tr', 'qu', 'gu', 'bl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'é', 'é', 'è', 'ou', 'ai', 'on', 'an', 'in', 'eu', 'oi', 'au'];
const INITIAL_VOWELS = ['a', 'é', 'i', 'o', 'en', 'im', 'au', 'ex', 'a', 'in'];
const CODAS = ['', '', '', '', '', '', 'r', 'l', 's', 'n'];
const ENDINGS = ['', '', '', '', 's', 'ment', 'tion', 'age', 'ité', 'eur', 'ière', 'isme', 'ance', 'ette', 'ique', 'ée', 'aire', 'er', 'ent', 'elle'];

/** Size of the invented lexicon: about 20k of its words appear in a 200-episode corpus. */
const LEXICON_SIZE = 45000;

/**
 * @param {() => number} rnd
 * @param {number} size
 * @returns {{ all: string[], vowel: string[] }}
 */
function buildLexicon(rnd, size) {
  const pick = (/** @type {readonly string[]} */ a) => a[Math.floor(rnd() * a.length)];
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {string[]} */
  const all = [];
  /** @type {string[]} */
  const vowel = [];
  while (all.length < size) {
    const syllables = 1 + Math.floor(rnd() * 3);
    let w = rnd() < 0.2 ? pick(INITIAL_VOWELS) : '';
    for (let s = 0; s < syllables; s++) w += pick(ONSETS) + pick(VOWELS) + (s === syllables - 1 ? '' : pick(CODAS));
    w += pick(ENDINGS);
    if (w.length < 4 || w.length > 13 || seen.has(w)) continue;
    seen.add(w);
    all.push(w);
    if (/^[aeiouéèêâh]/.test(w)) vowel.push(w);
  }
  return { all, vowel };
}

// ---------------------------------------------------------------------------------------------
// Episode text
// ---------------------------------------------------------------------------------------------

/** Replace about `rate` of the lower-case words of a sentence by invented words. */
const WORD = /\p{L}+/gu;
const LOWER_WORD = /^\p{Ll}{3,}$/u;

/**
 * @param {string} text
 * @param {() => number} rnd
 * @param {{ all: string[], vowel: string[] }} lex
 * @param {number} rate
 */
function mixWords(text, rnd, lex, rate) {
  return text.replace(WORD, (word, offset) => {
    if (!LOWER_WORD.test(word) || rnd() >= rate) return word;
    // keep words glued by an apostrophe whole ("aujourd’hui"); elided articles (l’, d’, qu’) are fine
    if (text[offset + word.length] === '’') return word;
    const afterElision = offset > 0 && text[offset - 1] === '’';
    if (afterElision && !/(?:^|[^\p{L}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)’$/iu.test(text.slice(Math.max(0, offset - 9), offset))) return word;
    const pool = afterElision ? lex.vowel : lex.all;
    return pool[Math.floor(rnd() * pool.length)];
  });
}

/** 15000 → "15 000" (the way authors type it; the tool's French transform fixes the space). */
function frenchNumber(/** @type {number} */ n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function capitalize(/** @type {string} */ s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** ASCII slug for a file name. */
export function slugify(/** @type {string} */ s) {
  return s
    .replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ø/g, 'o').replace(/þ/g, 'th').replace(/Þ/g, 'Th')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A YAML scalar: plain when safe, otherwise double-quoted (JSON strings are valid YAML). */
function yamlStr(/** @type {string} */ s) {
  if (/^[\p{L}\d]/u.test(s) && !/[:#]/.test(s) && !/\s$/.test(s)) return s;
  return JSON.stringify(s);
}

/**
 * @typedef {object} Ctx
 * @property {() => number} rnd
 * @property {{ all: string[], vowel: string[] }} lex
 * @property {<T>(a: readonly T[]) => T} pick
 * @property {(lo: number, hi: number) => number} int
 */

/** @param {Ctx} c */
function personName(c) {
  if (c.rnd() < 0.04) return c.pick(RARE_NAMES);
  const last = c.rnd() < 0.2 ? capitalize(c.pick(c.lex.all)) : c.pick(LAST_NAMES);
  return `${c.pick(FIRST_NAMES)} ${last}`;
}

/** @param {Ctx} c */
function companyName(c) {
  return capitalize(c.pick(c.lex.all)) + c.pick(COMPANY_SUFFIXES);
}

/** @param {Ctx} c */
function dateText(c) {
  const day = c.int(1, 28);
  return `le ${day === 1 ? '1er' : day} ${c.pick(MONTHS)} ${c.int(2004, 2026)}`;
}

/** Extra sentences with numbers, dates, names, percentages. @param {Ctx} c */
function extraSentence(c) {
  switch (c.int(0, 6)) {
    case 0:
      return `En ${c.int(2004, 2025)}, nous comptions ${frenchNumber(c.int(40, 2500))} adhérents et près de ${frenchNumber(c.int(2, 60) * 1000)} emplois sur le territoire.`;
    case 1:
      return `Tout a commencé ${dateText(c)}, lors d’une réunion à ${c.pick(CITIES)}.`;
    case 2:
      return `Avec ${personName(c)}, nous avons monté un programme qui a réuni ${frenchNumber(c.int(120, 18000))} participants.`;
    case 3:
      return `Le chiffre d’affaires a progressé de ${c.int(3, 48)} % en ${c.int(2, 6)} ans, pour atteindre ${frenchNumber(c.int(1, 950) * 100000)} euros.`;
    case 4:
      return `Je me souviens d’un déplacement à ${c.pick(CITIES)} avec ${personName(c)}, ${dateText(c)}.`;
    case 5:
      return `Nous avons organisé ${c.int(2, 40)} rencontres entre ${c.int(2008, 2016)} et ${c.int(2017, 2025)}, de 9 h à 19 h.`;
    default:
      return `C’est ${personName(c)} qui a pris la relève ${dateText(c)}.`;
  }
}

/** @param {Ctx} c */
function longUrl(c) {
  const w = () => slugify(c.pick(c.lex.all));
  return `https://www.${w()}-${w()}.fr/archives/${c.int(2005, 2026)}/${String(c.int(1, 12)).padStart(2, '0')}/${w()}-${w()}-${w()}-${w()}-${w()}?utm_source=newsletter&utm_medium=email&utm_campaign=${w()}-${c.int(1, 99)}`;
}

/** @param {Ctx} c */
function sentence(c) {
  return mixWords(c.pick(SEED_SENTENCES), c.rnd, c.lex, 0.32);
}

/** A paragraph of about `target` characters. @param {Ctx} c @param {number} target */
function paragraph(c, target) {
  /** @type {string[]} */
  const parts = [];
  let len = 0;
  while (len < target || parts.length === 0) {
    const s = c.rnd() < 0.1 ? extraSentence(c) : sentence(c);
    parts.push(s);
    len += s.length + 1;
  }
  if (c.rnd() < 0.012) parts.push(`Le programme complet est en ligne : ${longUrl(c)}`);
  return parts.join(' ');
}

/**
 * @typedef {object} ImageSet
 * @property {string[]} portraits
 * @property {string[]} scenes
 */

/**
 * One episode as Markdown text.
 * @param {number} number
 * @param {number} seed
 * @param {{ all: string[], vowel: string[] }} lex
 * @param {ImageSet | null} images
 * @param {{ notes?: boolean, quotes?: boolean }} [extra] footnotes and pull quotes, from a PRNG stream
 *   of their own (the text around them is the same as without them)
 * @returns {{ fileName: string, text: string }}
 */
function episode(number, seed, lex, images, extra = {}) {
  const rnd = mulberry32(mixSeed(seed, number));
  /** @type {Ctx} */
  const c = {
    rnd,
    lex,
    pick: (a) => a[Math.floor(rnd() * a.length)],
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
  };
  const name = personName(c);
  const role = c.pick(ROLES).replace('{C}', companyName(c));
  const nQuestions = c.int(3, 4);
  const headlineWords = mixWords(c.pick(SEED_SENTENCES), rnd, lex, 0.2)
    .replace(/[.!?…:;,]+$/u, '')
    .split(/\s+/);
  const start = c.int(0, Math.max(0, headlineWords.length - 5));
  const headline = capitalize(headlineWords.slice(start, start + c.int(3, 7)).join(' ').replace(/[,;:]$/u, ''));

  /** @type {string[]} */
  const fm = [
    '---',
    `episode: ${number}`,
    `title: ${yamlStr(`${nQuestions} questions à ${name}`)}`,
    `interviewee: ${yamlStr(name)}`,
    `headline: ${yamlStr(headline)}`,
    `role: ${yamlStr(role)}`,
  ];
  if (images) {
    fm.push(`portrait: ${images.portraits[number % images.portraits.length]}`);
    fm.push(`portrait_alt: ${yamlStr(`Portrait de ${name}`)}`);
  }
  fm.push('---', '');

  // Answer layout first, so the byte budget can be shared between paragraphs.
  const answers = Array.from({ length: nQuestions }, () => c.int(1, 3));
  const nParagraphs = answers.reduce((a, b) => a + b, 0) + 1;
  const budget = c.int(3700, 4300); // characters of prose (≈ 5 KB of UTF-8 with the front matter)
  const per = budget / nParagraphs;

  // Footnotes and pull quotes draw from their own stream, so the interview text stays the same.
  const xr = mulberry32(mixSeed(seed, number + 0x7000));
  /** @type {Ctx} */
  const xc = { rnd: xr, lex, pick: (a) => a[Math.floor(xr() * a.length)], int: (lo, hi) => lo + Math.floor(xr() * (hi - lo + 1)) };
  /** @type {string[]} */
  const notes = [];
  /** A paragraph with a footnote call after one of its sentences (about one answer in three). */
  const withNote = (/** @type {string} */ text) => {
    if (!extra.notes || xr() >= 0.35) return text;
    const ends = [...text.matchAll(/[.!?](?= )/g)].map((m) => m.index + 1);
    const at = ends.length ? ends[Math.floor(xr() * ends.length)] : text.length;
    // Most notes are a sentence or two; one in six runs to ten lines or more (it may continue on the next page).
    const long = xr() < 1 / 6;
    notes.push(paragraph(xc, long ? xc.int(700, 1100) : xc.int(60, 260)));
    return `${text.slice(0, at)}[^${notes.length}]${text.slice(at)}`;
  };

  /** @type {string[]} */
  const body = [];
  body.push(`${name}, ${role.charAt(0).toLowerCase()}${role.slice(1)}. ${paragraph(c, per * 0.7)}`);
  /** @type {string[]} */
  const questions = SEED_QUESTIONS.slice();
  for (let q = 0; q < nQuestions; q++) {
    const qi = Math.floor(rnd() * questions.length);
    const question = questions.splice(qi, 1)[0];
    body.push(`💬 ${rnd() < 0.3 ? mixWords(question, rnd, lex, 0.3) : question}`);
    for (let a = 0; a < answers[q]; a++) {
      body.push(withNote(paragraph(c, per * (0.6 + rnd() * 0.8))));
      // A pull quote after about one answer paragraph in four.
      if (extra.quotes && xr() < 0.25) body.push(`> ${capitalize(sentence(xc).replace(/[.!?…]+$/u, ''))}.`);
      if (images && a === 0 && q === 1 && number % 4 === 0) {
        const scene = images.scenes[number % images.scenes.length];
        body.push(`![Vue de la soirée à ${c.pick(CITIES)}](${scene} "Le Grand Opening, ${dateText(c)}")`);
      }
    }
  }
  for (const [i, n] of notes.entries()) body.push(`[^${i + 1}]: ${n}`);
  const slug = slugify(name) || 'entretien';
  return {
    fileName: `${String(number).padStart(4, '0')}-${slug}.md`,
    text: fm.join('\n') + '\n' + body.join('\n\n') + '\n',
  };
}

// ---------------------------------------------------------------------------------------------
// Images: tiny deterministic PNGs (no dependency)
// ---------------------------------------------------------------------------------------------

/** @type {Uint32Array | undefined} */
let crcTable;
function crc32(/** @type {Buffer} */ buf) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(/** @type {string} */ type, /** @type {Buffer} */ data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * An RGB gradient PNG, width × height, colours from the PRNG.
 * @param {() => number} rnd
 * @param {number} width
 * @param {number} height
 */
function gradientPng(rnd, width, height) {
  const c0 = [rnd(), rnd(), rnd()].map((v) => Math.floor(v * 256));
  const c1 = [rnd(), rnd(), rnd()].map((v) => Math.floor(v * 256));
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      for (let k = 0; k < 3; k++) raw[o++] = Math.round(c0[k] + (c1[k] - c0[k]) * t);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * @param {string} dir
 * @param {number} seed
 * @returns {ImageSet}
 */
function writeImages(dir, seed) {
  const rnd = mulberry32(mixSeed(seed, 0x1ae5));
  mkdirSync(join(dir, 'images'), { recursive: true });
  /** @type {ImageSet} */
  const set = { portraits: [], scenes: [] };
  for (let i = 1; i <= 6; i++) {
    const p = `images/portrait-${i}.png`;
    writeFileSync(join(dir, p), gradientPng(rnd, 480, 640));
    set.portraits.push(p);
  }
  for (let i = 1; i <= 3; i++) {
    const p = `images/scene-${i}.png`;
    writeFileSync(join(dir, p), gradientPng(rnd, 1360, 850));
    set.scenes.push(p);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------------------------

const EPISODE_FILE = /^\d{4}-.*\.md$/;

/**
 * Write a source folder with `booklet.yaml` and `n` episodes `NNNN-slug.md` (~5 KB each) into `dir`
 * (created if missing). Episode files left there by an earlier run (`NNNN-*.md`) are removed first,
 * so the folder holds exactly `n` episodes. Same `seed` ⇒ byte-identical files.
 *
 * @param {string} dir
 * @param {number} n
 * @param {{ seed?: number, images?: boolean, notes?: boolean, quotes?: boolean }} [opts]
 * @returns {void}
 */
export function generateCorpus(dir, n, opts = {}) {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`generateCorpus: n must be a positive integer, got ${n}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (EPISODE_FILE.test(f)) rmSync(join(dir, f));

  const lex = buildLexicon(mulberry32(mixSeed(seed, 0x1e)), LEXICON_SIZE);
  const images = opts.images ? writeImages(dir, seed) : null;

  writeFileSync(
    join(dir, 'booklet.yaml'),
    [
      `title: Corpus ${n} épisodes`,
      'subtitle: Un corpus synthétique de « 3 questions à … »',
      'publisher: Association Corpus',
      'year: 2026',
      'language: fr',
      'template: anniversaire',
      '',
    ].join('\n'),
  );
  for (let i = 1; i <= n; i++) {
    const ep = episode(i, seed, lex, images, { notes: opts.notes, quotes: opts.quotes });
    writeFileSync(join(dir, ep.fileName), ep.text);
  }
}

// Command line: node test/corpus/generate.js <dir> <n> [--images] [--notes] [--quotes] [--seed N]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.length < 2) {
    console.log('usage: node test/corpus/generate.js <dir> <n> [--images] [--notes] [--quotes] [--seed N]');
    console.log('  writes booklet.yaml and n synthetic "3 questions à …" episodes into <dir>');
    console.log('  --images  portraits and a figure with a caption in every 4th episode');
    console.log('  --notes   footnotes in about one answer paragraph in three (some of ten lines or more)');
    console.log('  --quotes  a pull quote after about one answer paragraph in four');
    process.exit(args.includes('--help') ? 0 : 2);
  }
  const seedAt = args.indexOf('--seed');
  generateCorpus(args[0], Number(args[1]), {
    images: args.includes('--images'),
    notes: args.includes('--notes'),
    quotes: args.includes('--quotes'),
    seed: seedAt >= 0 ? Number(args[seedAt + 1]) : undefined,
  });
}
