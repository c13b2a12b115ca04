/**
 * Page-break markers and the page-list: each printed page of the same build gets a marker
 * (`epub:type="pagebreak"`, `role="doc-pagebreak"`, labelled with its page number) at the word
 * the page starts with, found through the layout's page map; blank pages get none.
 */
import type { Page, PagedBooklet, TextAnchor } from '../../layout/types.js';
import type { Block, Booklet, Footnote, Inline } from '../../model/types.js';
import { attrs } from './xhtml.js';

/** One printed page, as the EPUB needs to know it. */
export interface PageMapEntry {
  /** Page number in the print edition (its folio, printed on the page or not). */
  folio: number;
  /** The layout's PageKind: `cover`, `blank`, `title`, `opener`, `body`… */
  kind: string;
  /** The episode the page belongs to. */
  episode?: number;
  /** Where the page's first word is in the Booklet; null or absent: not Booklet text (a title, a kicker). */
  first?: TextAnchor | null;
  /** The source file of the first line that has a position (a contents page: the first entry's episode). */
  firstFile?: string;
}

/** The page map of the print file's pages. */
export function pageMapOf(paged: PagedBooklet): PageMapEntry[] {
  return paged.pages.map(pageMapEntry);
}

/** What the page map keeps of one page. */
export function pageMapEntry(p: Page): PageMapEntry {
  return { folio: p.folio, kind: p.kind, episode: p.episode, first: p.firstWord, firstFile: p.firstPos?.file };
}

/** The content documents a marker can be in (front matter by name, episodes by number). */
export type DocKey = string;

export const episodeDoc = (n: number): DocKey => `episode-${n}`;

/** Which document each kind of page that opens a part belongs to. */
const KIND_DOC: Partial<Record<string, DocKey>> = {
  cover: 'cover',
  title: 'title',
  contents: 'contents',
  preface: 'preface',
  colophon: 'colophon',
  back: 'back',
};

export interface PageMarker {
  folio: number;
  /** Fragment id in its document. */
  id: string;
  label: string;
  doc: DocKey;
}

export interface PagePlan {
  /** In page order. */
  markers: PageMarker[];
  /** Markers inside paragraphs, by the paragraph's inline array, in offset order. */
  inText: Map<Inline[], { offset: number; html: string }[]>;
  /** Markers at the start and at the end of a document (pages that start with no Booklet text). */
  atStart: Map<DocKey, string>;
  atEnd: Map<DocKey, string>;
  /** Markers before a contents entry (by its index), for contents pages after the first. */
  inToc: Map<number, string>;
}

/** `<span id="page-5" epub:type="pagebreak" role="doc-pagebreak" aria-label="5"/>` */
export function markerHtml(m: Pick<PageMarker, 'id' | 'label'>): string {
  return `<span${attrs({ id: m.id, 'epub:type': 'pagebreak', role: 'doc-pagebreak', 'aria-label': m.label })}></span>`;
}

/**
 * Where each page's marker goes. A page whose first word is Booklet text gets its marker before that
 * word; a page that opens a part (cover, title page, preface, episode opener…) at its document's
 * start, or no marker when the EPUB has no such document (the back cover); any other page (one that
 * starts with an image, or text the layout made) just before the next marker in text of the previous
 * marker's document, or at that document's end. Blank pages get none. `docs` are the documents the EPUB has.
 */
export function planPages(booklet: Booklet, map: PageMapEntry[], docs: Set<DocKey>, tocFiles: (string | undefined)[] = []): PagePlan {
  const home = inlineHomes(booklet);
  const plan: PagePlan = { markers: [], inText: new Map(), atStart: new Map(), atEnd: new Map(), inToc: new Map() };
  const append = (m: Map<DocKey, string>, doc: DocKey, html: string) => m.set(doc, (m.get(doc) ?? '') + html);
  let prev: DocKey | undefined;
  // Markers of pages that start with no Booklet text (a page of images), waiting in document `doc`:
  // they go just before the next marker placed in text of the same document, so that the markers
  // stay in reading order; at the document's end if none comes.
  let waiting: { doc: DocKey; html: string } | undefined;
  const flush = () => {
    if (waiting) append(plan.atEnd, waiting.doc, waiting.html);
    waiting = undefined;
  };
  for (const page of map) {
    if (page.kind === 'blank') continue;
    const m = { folio: page.folio, id: `page-${page.folio}`, label: String(page.folio) };
    const anchored = page.first ? home.get(page.first.inlines) : undefined;
    let doc: DocKey | undefined;
    if (anchored !== undefined && docs.has(anchored)) {
      doc = anchored;
      if (waiting && waiting.doc !== doc) flush();
      const list = plan.inText.get(page.first!.inlines) ?? [];
      list.push({ offset: page.first!.offset, html: (waiting?.html ?? '') + markerHtml(m) });
      waiting = undefined;
      list.sort((a, b) => a.offset - b.offset);
      plan.inText.set(page.first!.inlines, list);
    } else {
      const opens = page.kind === 'opener' && page.episode !== undefined ? episodeDoc(page.episode) : KIND_DOC[page.kind];
      if (opens !== undefined && !docs.has(opens)) continue; // a part the EPUB does not reproduce (the back cover)
      const entry = page.firstFile !== undefined ? tocFiles.indexOf(page.firstFile) : -1;
      if (opens !== undefined && opens !== prev) {
        flush();
        doc = opens;
        append(plan.atStart, doc, markerHtml(m));
      } else if (prev === 'contents' && entry >= 0 && !plan.inToc.has(entry)) {
        // A contents page after the first starts with an entry: the one of its first line's file.
        flush();
        doc = prev;
        plan.inToc.set(entry, markerHtml(m));
      } else {
        doc = prev ?? [...docs][0]!;
        if (waiting && waiting.doc !== doc) flush();
        waiting = { doc, html: (waiting?.html ?? '') + markerHtml(m) };
      }
    }
    plan.markers.push({ ...m, doc });
    prev = doc;
  }
  flush();
  return plan;
}

/** The document of every paragraph-level inline array of the Booklet. */
function inlineHomes(booklet: Booklet): Map<Inline[], DocKey> {
  const home = new Map<Inline[], DocKey>();
  const blocks = (bs: Block[], doc: DocKey) => {
    for (const b of bs) {
      switch (b.kind) {
        case 'paragraph':
        case 'question':
        case 'heading':
          home.set(b.inlines, doc);
          break;
        case 'pullquote':
          for (const p of b.paragraphs) home.set(p, doc);
          break;
        case 'list':
          for (const item of b.items) blocks(item, doc);
          break;
        case 'image':
          if (b.image.caption) home.set(b.image.caption, doc);
          break;
        case 'break':
          break;
      }
    }
  };
  const notes = (ns: Footnote[], doc: DocKey) => ns.forEach((n) => blocks(n.blocks, doc));
  if (booklet.preface) {
    blocks(booklet.preface.blocks, 'preface');
    notes(booklet.preface.footnotes, 'preface');
  }
  for (const ep of booklet.episodes) {
    const doc = episodeDoc(ep.number);
    for (const p of ep.lede) home.set(p, doc);
    if (ep.portrait?.caption) home.set(ep.portrait.caption, doc);
    blocks(ep.blocks, doc);
    notes(ep.footnotes, doc);
  }
  return home;
}

/** Length of inlines in the anchor text (see TextAnchor): text and code as written, a note number, a break as 1. */
export function anchorLength(i: Inline): number {
  switch (i.kind) {
    case 'text':
    case 'code':
      return i.text.length;
    case 'footnoteRef':
      return String(i.n).length;
    case 'break':
      return 1;
    case 'emphasis':
    case 'strong':
    case 'link':
    case 'sup':
      return i.children.reduce((n, c) => n + anchorLength(c), 0);
  }
}
