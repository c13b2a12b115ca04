/**
 * Reading an EPUB back against the print PDF of the same build: its page-list, the word after each
 * page-break marker, the words of each content document and those of the PDF pages the page-list maps
 * to it (pdftotext, cropped to the text block so that folios and running heads are left out).
 */
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import { tool } from './tools.js';

export interface EpubBook {
  files: Record<string, string>;
  /** Content documents in spine order (paths inside the zip). */
  spine: string[];
  /** The nav's page-list: label and target, in order. */
  pageList: { label: string; doc: string; id: string }[];
}

export function readEpub(file: string): EpubBook {
  const files: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(new Uint8Array(fs.readFileSync(file))))) {
    if (/\.(xhtml|opf|ncx|xml)$/.test(name)) files[name] = new TextDecoder().decode(data);
  }
  const opf = files['EPUB/package.opf']!;
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, `EPUB/${m[2]}`]));
  const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!)!);
  const nav = files['EPUB/nav.xhtml']!;
  const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? '';
  const pageList = [...list.matchAll(/<a href="([^"#]+)#([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ label: m[3]!, doc: `EPUB/${m[1]}`, id: m[2]! }));
  return { files, spine, pageList };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * The text a reader gets from XHTML markup: tags removed, hidden navs, back links and the head left
 * out, a line break as a space; images left out, or replaced by their alt text with `alt`.
 */
export function xhtmlText(markup: string, alt = false): string {
  return markup
    .replace(/<head>[\s\S]*?<\/head>/, ' ')
    .replace(/<nav [^>]*hidden="hidden"[\s\S]*?<\/nav>/g, ' ')
    .replace(/<a [^>]*role="doc-backlink"[^>]*>[\s\S]*?<\/a>/g, ' ')
    .replace(/<img [^>]*alt="([^"]*)"[^>]*\/>/g, (_m, a: string) => (alt ? ` ${a} ` : ' '))
    .replace(/<br\/>/g, ' ')
    .replace(/<\/(p|h\d|li|figcaption|aside|section|header|figure|div)>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}

export const words = (s: string): string[] => s.split(/[\s\u00a0\u202f\u2009]+/).filter(Boolean);

/** Words after the page-break marker `id`, in its document and then in the next ones of the spine. */
export function wordsAfterMarker(book: EpubBook, doc: string, id: string, count = 3): string[] {
  const markup = book.files[doc]!;
  const at = markup.indexOf(`id="${id}"`);
  if (at < 0) throw new Error(`${doc}: no element with id="${id}"`);
  const after = markup.slice(markup.indexOf('>', at) + 1);
  // The cover's marker is followed by the cover picture: its alt text is the printed title.
  let out = words(xhtmlText(after, true));
  for (let i = book.spine.indexOf(doc) + 1; out.length < count && i < book.spine.length; i++) out = out.concat(words(xhtmlText(book.files[book.spine[i]!]!)));
  return out.slice(0, count);
}

/** The region of a page where its text is set (pt, from the top-left of the MediaBox). */
export interface TextArea {
  y: number;
  height: number;
}

/**
 * Words of every page of a PDF (index 0 = page 1), in reading order, a word cut by a hyphen at a
 * line end joined again. Only what lies in `area` (no folio, no running head), but the whole of
 * page 1 (the cover). Two pdftotext runs in all.
 */
export function pdfPages(pdf: string, area: TextArea): string[][] {
  const split = (text: string) => text.replace(/\f$/, '').split('\f').map((p) => words(p.replace(/(\S)-\n(\S)/gu, '$1$2')));
  const crop = ['-x', '0', '-y', String(Math.floor(area.y)), '-W', '100000', '-H', String(Math.ceil(area.height))];
  const pages = split(tool('pdftotext', '-enc', 'UTF-8', ...crop, pdf, '-'));
  pages[0] = split(tool('pdftotext', '-enc', 'UTF-8', '-f', '1', '-l', '1', pdf, '-'))[0] ?? [];
  return pages;
}

/**
 * A word as compared: case aside (kickers are capitals in print, by CSS in the EPUB), hyphens aside
 * (a hyphen at a line end cannot be told from a hyphenation point once extracted), a number's
 * trailing `.` aside (contents entries: « 3. » in the EPUB, « 3 » in its column in print).
 */
const norm = (w: string) => w.toLocaleUpperCase('fr').replace(/[-\u00ad]/g, '').replace(/^(\d+)[.)]$/, '$1');

/** A list item's bullet or number: drawn by the layout in print, by the reading system in the EPUB. */
export const LIST_MARK = /^(?:[•◦▪]|\d+[.)]?)$/;
const GLUED_MARK = /^([•◦▪]|\d+[.)])(.+)$/u;

/**
 * Where the EPUB's words and the PDF's part ways: the index of the first EPUB word that does not
 * come next in the PDF, or -1 when all of `epub` is found in order at the start of `pdf` (and `pdf`
 * has nothing more, with `whole`). A word the PDF broke across lines without a hyphen (a URL) is
 * matched by the PDF words that join up to it; a list mark the EPUB leaves to the reading system is
 * skipped.
 */
export function divergence(epub: string[], pdf: string[], whole = true): number {
  const rest = pdf.map(norm);
  let j = 0;
  let cur: string | undefined;
  const take = () => (cur = j < rest.length ? rest[j++] : undefined);
  take();
  for (let i = 0; i < epub.length; i++) {
    const w = norm(epub[i]!);
    if (cur !== undefined && cur !== w && LIST_MARK.test(cur)) take();
    if (cur === undefined) return i;
    if (cur === w) {
      take();
      continue;
    }
    // pdftotext glues a list number, a bullet or a note number to the word after it ("3.publier",
    // "1.Une"): the layout draws no space glyph between a label and its text.
    const glued = GLUED_MARK.exec(cur);
    if (glued && glued[2] === w) {
      take();
      continue;
    }
    if (/^(?:[•◦▪]|\d+)$/.test(w) && cur.startsWith(w)) {
      cur = cur.slice(w.length).replace(/^[.)]/, '');
      continue;
    }
    let joined = cur;
    while (joined !== w && w.startsWith(joined) && j < rest.length) joined += rest[j++];
    if (joined !== w) return i;
    take();
  }
  return whole && cur !== undefined ? epub.length : -1;
}

export interface MarkerCheck {
  label: string;
  epub: string[];
  pdf: string[];
}

/**
 * For every entry of the page-list, the two words after its marker and the first words of that PDF
 * page; returns the entries where they differ (empty when every page starts where its marker is).
 */
export function markerMismatches(book: EpubBook, pages: string[][]): MarkerCheck[] {
  const bad: MarkerCheck[] = [];
  for (const e of book.pageList) {
    const printed = (pages[Number(e.label) - 1] ?? []).slice(0, 6);
    if (e.doc.endsWith('nav.xhtml') && e.id !== 'page-' + firstNavPage(book)) {
      // A contents page after the first starts with an entry: « 13 Noël Ménard » in print,
      // « Épisode 13 — Noël Ménard » in the nav. The marker must stand before that entry.
      const entry = wordsAfterMarker(book, e.doc, e.id, 4).join(' ').match(/\d+/)?.[0];
      const number = printed.join(' ').replace(/(\d) (?=\d)/g, '$1').match(/^\d+/)?.[0];
      if (entry === undefined || entry !== number) bad.push({ label: e.label, epub: wordsAfterMarker(book, e.doc, e.id, 4), pdf: printed });
      continue;
    }
    const epub = wordsAfterMarker(book, e.doc, e.id, 2);
    // A page that holds only the end of a part (one word, maybe a URL cut in two) matches on that word.
    const ok = divergence(epub, printed, false) < 0 || (epub.length > 0 && divergence(epub.slice(0, 1), printed) < 0);
    if (epub.length < 2 || !ok) bad.push({ label: e.label, epub, pdf: printed });
  }
  return bad;
}

/**
 * Each content document's words next to the words of the PDF pages its markers stand for (from a
 * marker to the next one), for the documents that have a marker.
 */
export function documentTexts(book: EpubBook, pages: string[][]): { doc: string; epub: string[]; notes: string[]; pdf: string[] }[] {
  const byDoc = new Map<string, string[]>();
  book.pageList.forEach((e, i) => {
    const next = book.pageList[i + 1];
    const last = next ? Number(next.label) - 1 : pages.length;
    const list = byDoc.get(e.doc) ?? [];
    for (let p = Number(e.label); p <= last; p++) list.push(...(pages[p - 1] ?? []));
    byDoc.set(e.doc, list);
  });
  // The notes: at the end of the document in the EPUB, at the foot of their page in print.
  return [...byDoc].map(([doc, pdf]) => {
    const markup = book.files[doc]!;
    const notes = /<section class="notes"[\s\S]*?<\/section>\n/.exec(markup)?.[0] ?? '';
    return { doc, pdf, epub: words(xhtmlText(markup.replace(notes, ''))), notes: words(xhtmlText(notes)) };
  });
}

/** The page number of the first marker in the nav document (the contents' first page). */
function firstNavPage(book: EpubBook): string | undefined {
  return book.pageList.find((e) => e.doc.endsWith('nav.xhtml'))?.label;
}
