/**
 * `booklet init` and `booklet new`: the text of a new source folder and of a new episode.
 *
 * Everything written here must build at once without a warning (test/cli/scaffold.test.ts builds it):
 * comments go on their own lines (a ` #` after a text value would be read as a comment and warned
 * about), and the example text only uses characters the built-in template's fonts have.
 */
import { slugify } from '../util/slug.js';
import { cannotWriteReason } from '../util/atomic-write.js';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../diagnostics.js';
import { unlistableSource } from '../load/source.js';

export type ScaffoldLanguage = 'fr' | 'en';
export const SCAFFOLD_LANGUAGES: readonly ScaffoldLanguage[] = ['fr', 'en'];

/** Name of the example episode written by `booklet init`. */
export const EXAMPLE_EPISODE = '01-prenom-nom.md';
export const PREFACE_FILE = '_preface.md';

export interface ScaffoldFile {
  name: string;
  text: string;
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function bookletYaml(lang: ScaffoldLanguage, now: Date): string {
  const year = now.getUTCFullYear();
  if (lang === 'en') {
    return `# booklet.yaml: what the booklet is. Each key is explained above it; the full reference is
# in booklet's README ("booklet.yaml reference"). Build with: booklet build <this folder>

# The title (required), printed on the cover.
title: Our first twenty years
# The subtitle (optional), under the title.
subtitle: 3 questions for the people who built the association
# Who publishes the booklet (optional).
publisher: My association
# The edition (optional), printed on the title page.
edition: Anniversary edition
# The year (optional, a whole number). Without it: the year of SOURCE_DATE_EPOCH, else of the newest episode date.
year: ${year}
# The language of the text (en, en-GB, fr…): hyphenation, quotation marks, fixed words ("Contents").
language: en
# The layout template; \`booklet templates\` lists them.
template: anniversaire
# The preface: a Markdown file of this folder (files whose name starts with _ are not episodes).
preface: ${PREFACE_FILE}
# The base name of the files written (optional; default: the title in lower case, without accents).
output: our-first-twenty-years

# Optional keys, remove the # to use them:
# the printing line of the colophon (default: “Printed in <month year>”):
# colophon: Printed in ${year}
# the ISBN-13 (the check digit is verified), printed in the colophon and as a barcode on the back cover:
# isbn: 978-2-9512345-0-5
# the parts of the booklet to print (default: all of them, in this order):
# parts: [cover, inside-cover, title-page, preface, contents, episodes, colophon, back-cover]
# the identifier of the EPUB (default: a stable UUID made from the title, publisher and year):
# identifier: urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e
# a JPEG or PNG of this folder printed full-bleed on the cover:
# cover_image: cover.jpg
`;
  }
  return `# booklet.yaml : ce qu’est le livret. Chaque clé est expliquée au-dessus d’elle ; la référence
# complète est dans le README de booklet (« booklet.yaml reference »).
# Pour fabriquer le livret : booklet build <ce dossier>

# Le titre (obligatoire), imprimé sur la couverture.
title: Nos vingt ans
# Le sous-titre (facultatif), sous le titre.
subtitle: 3 questions à celles et ceux qui ont construit l’association
# L’éditeur (facultatif) : l’association ou l’entreprise qui publie le livret.
publisher: Mon association
# L’édition (facultatif), imprimée sur la page de titre.
edition: Édition anniversaire
# L’année (facultatif, un nombre entier). Sans elle : l’année de SOURCE_DATE_EPOCH, sinon celle de la date d’épisode la plus récente.
year: ${year}
# La langue du texte (fr, fr-FR, en…) : césure, guillemets, mots fixes (« Sommaire »).
language: fr
# Le modèle de mise en page ; \`booklet templates\` en donne la liste.
template: anniversaire
# La préface : un fichier Markdown de ce dossier (les fichiers dont le nom commence par _ ne sont pas des épisodes).
preface: ${PREFACE_FILE}
# Le nom des fichiers produits, sans extension (facultatif ; par défaut : le titre en minuscules, sans accents).
output: nos-vingt-ans

# Clés facultatives, enlevez le # pour les utiliser :
# l’achevé d’imprimer du colophon (par défaut : « Achevé d’imprimer en <mois année> ») :
# colophon: Achevé d’imprimer en ${year}
# l’ISBN-13 (la clé de contrôle est vérifiée), imprimé dans le colophon et en code-barres en quatrième de couverture :
# isbn: 978-2-9512345-0-5
# les parties du livret à imprimer (par défaut : toutes, dans cet ordre) :
# parts: [cover, inside-cover, title-page, preface, contents, episodes, colophon, back-cover]
# l’identifiant de l’EPUB (par défaut : un UUID stable tiré du titre, de l’éditeur et de l’année) :
# identifier: urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e
# une image JPEG ou PNG de ce dossier, imprimée à fond perdu sur la couverture :
# cover_image: couverture.jpg
`;
}

function exampleEpisode(lang: ScaffoldLanguage, now: Date): string {
  if (lang === 'en') {
    return `---
# The front matter: the lines between the two --- describe the episode.
# The number of the episode (required): a whole number, one per episode; episodes are printed in this order.
episode: 1
# The title (required).
title: 3 questions for First Last
# Who is interviewed (required); names are never hyphenated.
interviewee: First Last
# The quote title (optional), printed between quotation marks.
headline: Write like you speak, then cut
# What the person does (optional), printed under the name.
role: Founder, Example Ltd
# The date of the interview (optional), YYYY-MM-DD.
date: ${today(now)}
# The standfirst (optional). Without it, the paragraphs before the first question are the standfirst.
# lede: Two or three sentences that introduce the interview.
# A portrait (optional): a JPEG or PNG of this folder, described for readers who cannot see it.
# portrait: portrait.jpg
# portrait_alt: First Last, smiling, in front of a bookcase
# portrait_credit: Photo Jane Doe
# true: left out of the booklet unless you build with --drafts.
draft: false
# In the text, a picture is written on a line of its own:
#   ![Description of the picture, required](photo.jpg "Optional caption")
---

This paragraph comes before the first question, so it is the standfirst: two or three sentences that introduce First Last and the interview. Copy this file for each interview, or run \`booklet new jane-doe\`.

💬 How do I write a question?

Start the paragraph with the speech balloon. The balloon is not printed: the template draws its own mark before each question. The paragraphs that follow are the answer.

> A paragraph that starts with > is a pull quote, set apart from the answer.

💬 And the formatting?

Write *italics* between single stars and **bold** between double stars, links like [this one](https://example.org), and footnotes like this.[^1]

- Lists work too,
- one item per line.

### A section heading

Three hash signs start a section heading inside an answer.

💬 And pictures?

Put a JPEG or PNG file in this folder, then write on a line of its own an exclamation mark, the description of the picture in square brackets and the file name in parentheses, followed by the caption in straight double quotes (there is an example at the top of this file). The description is required: it is read aloud to readers who cannot see the picture.

[^1]: In the PDF a note is printed at the foot of the page that calls it; in the EPUB, at the end of the episode.
`;
  }
  return `---
# Le « front matter » : les lignes entre les deux --- décrivent l’épisode.
# Le numéro de l’épisode (obligatoire) : un nombre entier, différent pour chaque épisode ; les épisodes sont imprimés dans cet ordre.
episode: 1
# Le titre (obligatoire).
title: 3 questions à Prénom Nom
# La personne interrogée (obligatoire) ; les noms ne sont jamais coupés en fin de ligne.
interviewee: Prénom Nom
# Le titre-citation (facultatif), imprimé entre guillemets.
headline: Écrire comme on parle, puis couper
# Sa fonction (facultatif), imprimée sous le nom.
role: Fondatrice de l’entreprise Exemple
# La date de l’entretien (facultatif), AAAA-MM-JJ.
date: ${today(now)}
# Le chapeau (facultatif). Sans lui, les paragraphes avant la première question forment le chapeau.
# lede: Deux ou trois phrases qui présentent l’entretien.
# Un portrait (facultatif) : une image JPEG ou PNG de ce dossier, décrite pour qui ne peut pas la voir.
# portrait: portrait.jpg
# portrait_alt: Prénom Nom, souriante, devant une bibliothèque
# portrait_credit: Photo Jeanne Martin
# true : l’épisode est laissé de côté, sauf avec booklet build --drafts.
draft: false
# Dans le texte, une image s’écrit sur une ligne à part :
#   ![Description de l’image, obligatoire](photo.jpg "Légende facultative")
---

Ce paragraphe vient avant la première question : c’est le chapeau, deux ou trois phrases qui présentent Prénom Nom et l’entretien. Copiez ce fichier pour chaque entretien, ou lancez \`booklet new marie-durand\`.

💬 Comment écrire une question ?

Commencez le paragraphe par la bulle. La bulle n’est pas imprimée : le modèle dessine sa propre marque devant chaque question. Les paragraphes qui suivent forment la réponse.

> Un paragraphe qui commence par > est une citation mise en avant, détachée de la réponse.

💬 Et la mise en forme ?

Écrivez l’*italique* entre deux étoiles simples et le **gras** entre deux étoiles doubles, les liens [comme celui-ci](https://example.org) et les notes comme celle-ci.[^1]

- Les listes fonctionnent aussi,
- un élément par ligne.

### Un intertitre

Trois dièses commencent un intertitre dans une réponse.

💬 Et les images ?

Placez un fichier JPEG ou PNG dans ce dossier, puis écrivez sur une ligne à part un point d’exclamation, la description de l’image entre crochets et le nom du fichier entre parenthèses, suivi de la légende entre guillemets droits (un exemple est en tête de ce fichier). La description est obligatoire : elle est lue à voix haute à qui ne peut pas voir l’image.

[^1]: Dans le PDF, une note est imprimée au pied de la page qui l’appelle ; dans l’EPUB, à la fin de l’épisode.
`;
}

function preface(lang: ScaffoldLanguage): string {
  if (lang === 'en') {
    return `---
title: Preface
---

This is the preface. It is printed before the first episode, and \`preface:\` in booklet.yaml names its file. Its name starts with _, so it is not an episode. Write it like an episode, without questions.
`;
  }
  return `---
title: Préface
---

Voici la préface. Elle est imprimée avant le premier épisode, et la clé \`preface:\` de booklet.yaml nomme son fichier. Son nom commence par _ : ce n’est pas un épisode. Elle s’écrit comme un épisode, sans questions.
`;
}

/** The files of a new source folder. */
export function initFiles(lang: ScaffoldLanguage, now: Date = new Date()): ScaffoldFile[] {
  return [
    { name: 'booklet.yaml', text: bookletYaml(lang, now) },
    { name: PREFACE_FILE, text: preface(lang) },
    { name: EXAMPLE_EPISODE, text: exampleEpisode(lang, now) },
  ];
}

/**
 * `booklet init`: writes a new source folder. Refuses an existing file, or a folder that holds
 * anything, so nothing is ever overwritten. Returns the paths written.
 */
export function initSource(dir: string, shown: string, lang: ScaffoldLanguage, now: Date = new Date()): string[] {
  try {
    return makeSource(dir, shown, lang, now);
  } catch (e) {
    const why = cannotWriteReason(e);
    if (why !== undefined) throw new UsageError(`${shown} cannot be made: ${why} — give the name of a new folder where you can write, e.g. \`booklet init mon-livret\``);
    throw e;
  }
}

function makeSource(dir: string, shown: string, lang: ScaffoldLanguage, now: Date): string[] {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) {
    throw new UsageError(`${shown} is a file — give the name of a new folder, e.g. \`booklet init mon-livret\``);
  }
  if (st && fs.readdirSync(dir).length > 0) {
    throw new UsageError(
      `${shown} already exists and is not empty, and booklet init never overwrites anything — give the name of a new folder (e.g. \`booklet init mon-livret\`), or empty ${shown} first`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const f of initFiles(lang, now)) {
    const p = path.join(dir, f.name);
    // `wx`: never replace a file that appeared in the meantime.
    fs.writeFileSync(p, f.text, { flag: 'wx' });
    written.push(p);
  }
  return written;
}

/** A slug is lower-case ASCII letters and digits in words joined by single hyphens. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `slug` cannot name an episode file, or undefined when it can. */
export function slugProblem(slug: string, source?: string): string | undefined {
  const suggestion = slugify(slug.replace(/^\d+[-_ ]+/, '').replace(/\.md$/i, ''));
  const tryIt = suggestion ? ` — try \`booklet new ${suggestion}${sourceOption(source)}\`` : ` — e.g. \`booklet new marie-durand${sourceOption(source)}\``;
  if (slug === '') return `give the slug of the episode, the interviewee's name in lower case with hyphens${tryIt}`;
  if (/^\d+[-_ ]/.test(slug)) return `“${slug}” starts with a number, but the number is chosen for you (the next free one)${tryIt}`;
  if (slug.length > 60) return `“${slug.slice(0, 20)}…” is ${slug.length} characters long; a slug has at most 60${tryIt}`;
  if (!SLUG.test(slug)) {
    return `“${slug}” is not a slug: use only lower-case letters without accents, digits and single hyphens between words (it becomes a file name)${tryIt}`;
  }
  return undefined;
}

/** ` --source <folder>` for a command suggested about `source`, nothing for the default folder. */
function sourceOption(source: string | undefined): string {
  if (source === undefined || source === 'episodes') return '';
  return ` --source ${/^[\w./-]+$/.test(source) ? source : JSON.stringify(source)}`;
}

/** `marie-durand` → `Marie Durand`. */
export function nameFromSlug(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

const NOT_EPISODE = (n: string) => !/\.md$/i.test(n) || n.startsWith('_') || n.startsWith('.') || n.toLowerCase() === 'readme.md';

/**
 * The next free episode number of a source folder (one more than the largest number found in a
 * file name or an `episode:` line) and the width of the numbers in the file names (at least 2).
 */
export function nextEpisodeNumber(dir: string): { number: number; width: number } {
  let max = 0;
  let width = 2;
  for (const name of fs.readdirSync(dir)) {
    if (NOT_EPISODE(name)) continue;
    const m = /^(\d+)(?=[-_ .])/.exec(name);
    if (m) {
      max = Math.max(max, Number(m[1]));
      width = Math.max(width, m[1]!.length);
    }
    let head = '';
    try {
      // Only regular files are opened: reading a named pipe would wait forever.
      if (!fs.statSync(path.join(dir, name)).isFile()) continue;
      const fd = fs.openSync(path.join(dir, name), 'r');
      try {
        const buf = Buffer.alloc(4096);
        head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      continue; // unreadable: the build reports it
    }
    const fm = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(head)?.[1] ?? '';
    // Digits, quoted or not: the forms the build accepts (src/load/schema.ts).
    const e = /^episode:[ \t]*(["']?)(\d{1,9})\1[ \t]*(?:#.*)?$/m.exec(fm);
    if (e) max = Math.max(max, Number(e[2]));
  }
  return { number: max + 1, width };
}

/** The language of the booklet.yaml in `dir` (`fr` unless it says English). */
function folderLanguage(dir: string): ScaffoldLanguage {
  try {
    if (!fs.statSync(path.join(dir, 'booklet.yaml')).isFile()) return 'fr';
    const yaml = fs.readFileSync(path.join(dir, 'booklet.yaml'), 'utf8');
    const m = /^language:[ \t]*["']?([A-Za-z]{2,3})/m.exec(yaml);
    return m?.[1]?.toLowerCase() === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

/** The text of a new episode: a front-matter skeleton and three empty questions. */
export function episodeSkeleton(n: number, slug: string, lang: ScaffoldLanguage, now: Date = new Date()): string {
  const name = nameFromSlug(slug);
  if (lang === 'en') {
    return `---
episode: ${n}
title: 3 questions for ${name}
interviewee: ${name}
# Optional keys, remove the # to use them (the README describes each one):
# headline: A strong sentence of the interview, printed between quotation marks
# role: What ${name} does
# date: ${today(now)}
# lede: Two or three sentences that introduce the interview.
# portrait: ${slug}.jpg
# portrait_alt: ${name}, smiling
# portrait_credit: Photo …
# draft: true
---

Two or three sentences that introduce ${name}.

💬 First question?

Answer.

💬 Second question?

Answer.

💬 Third question?

Answer.
`;
  }
  return `---
episode: ${n}
title: 3 questions à ${name}
interviewee: ${name}
# Clés facultatives, enlevez le # pour les utiliser (le README les décrit toutes) :
# headline: Une phrase forte de l’entretien, imprimée entre guillemets
# role: Fonction de ${name}
# date: ${today(now)}
# lede: Deux ou trois phrases qui présentent l’entretien.
# portrait: ${slug}.jpg
# portrait_alt: ${name}, souriant
# portrait_credit: Photo …
# draft: true
---

Deux ou trois phrases qui présentent ${name}.

💬 Première question ?

Réponse.

💬 Deuxième question ?

Réponse.

💬 Troisième question ?

Réponse.
`;
}

/**
 * `booklet new`: writes `NN-<slug>.md` with the next free number into `dir`. Refuses an unsafe
 * slug and a slug that an episode file already uses. Returns the path written.
 */
export function newEpisode(dir: string, shownDir: string, slug: string, now: Date = new Date()): string {
  const problem = slugProblem(slug, shownDir);
  if (problem) throw new UsageError(problem);
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) {
    throw new UsageError(`source folder ${shownDir} not found — give it with --source <folder>, or create one with \`booklet init ${shownDir}\``);
  }
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw unlistableSource(e, shownDir);
  }
  const same = names.find((n) => new RegExp(`^(\\d+[-_ ])?${slug}\\.md$`, 'i').test(n));
  if (same) {
    throw new UsageError(`${shownDir}/${same} already exists — open it, or choose another slug (e.g. \`booklet new ${slug}-2${sourceOption(shownDir)}\`)`);
  }
  const { number, width } = nextEpisodeNumber(dir);
  if (number > 99999) {
    throw new UsageError(`${shownDir} already has episode 99999, the largest number an episode may have — number the episodes again from 1, or start another source folder`);
  }
  const file = path.join(dir, `${String(number).padStart(width, '0')}-${slug}.md`);
  try {
    fs.writeFileSync(file, episodeSkeleton(number, slug, folderLanguage(dir), now), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${shownDir}/${path.basename(file)} already exists — open it, or run the command again`);
    throw e;
  }
  return file;
}
