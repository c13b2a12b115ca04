/** The EPUB 3 navigation document (also the visible contents page) and the EPUB 2 NCX. */
import { attrs, escapeText, plain, text, xhtmlDocument, type RenderContext } from './xhtml.js';

export interface TocEntry {
  label: string;
  /** Relative to the package document folder (where nav.xhtml and toc.ncx live). */
  href: string;
}

export interface Landmark {
  /** epub:type of the landmark: `toc`, `bodymatter`, `cover`, `titlepage`… */
  type: string;
  label: string;
  href: string;
}

/** A page of the print edition: its label and the href of its marker. */
export interface PageTarget {
  label: string;
  href: string;
}

export function navDocument(ctx: RenderContext, toc: TocEntry[], landmarks: Landmark[], pageList: PageTarget[] = [], tocMarks: Map<number, string> = new Map()): string {
  const w = ctx.words;
  let b = `<nav${attrs({ 'epub:type': 'toc', role: 'doc-toc', id: 'toc', 'aria-labelledby': 'toc-title' })}>\n`;
  b += `<h1 class="toc-title" id="toc-title">${text(ctx, plain('prefaceTitle'), w.contents)}</h1>\n<ol class="toc">\n`;
  // A contents page's marker goes inside its first entry's link: a nav `li` holds one `a` and nothing before it.
  toc.forEach((e, i) => (b += `<li><a${attrs({ href: e.href })}>${tocMarks.get(i) ?? ''}${text(ctx, plain('body'), e.label)}</a></li>\n`));
  b += '</ol>\n</nav>\n';
  // Landmarks are for reading systems only: hidden, so their words need no glyphs.
  b += `<nav${attrs({ 'epub:type': 'landmarks', id: 'landmarks', 'aria-labelledby': 'landmarks-title', hidden: 'hidden' })}>\n`;
  b += `<h2 id="landmarks-title">${escapeText(w.landmarks)}</h2>\n<ol>\n`;
  for (const l of landmarks) b += `<li><a${attrs({ 'epub:type': l.type, href: l.href })}>${escapeText(l.label)}</a></li>\n`;
  b += '</ol>\n</nav>\n';
  // The print edition's pages, for "go to page": hidden from the reading flow like the landmarks.
  if (pageList.length > 0) {
    b += `<nav${attrs({ 'epub:type': 'page-list', role: 'doc-pagelist', id: 'page-list', 'aria-labelledby': 'page-list-title', hidden: 'hidden' })}>\n`;
    b += `<h2 id="page-list-title">${escapeText(w.pages)}</h2>\n<ol>\n`;
    for (const p of pageList) b += `<li><a${attrs({ href: p.href })}>${escapeText(p.label)}</a></li>\n`;
    b += '</ol>\n</nav>\n';
  }
  return xhtmlDocument({ lang: ctx.lang, title: w.contents, cssHref: 'css/booklet.css', bodyClass: 'contents', body: b, ctx });
}

/**
 * NCX for EPUB 2 reading systems: the same entries as the toc nav, flat, and the page list.
 * `playOrder` follows the reading order of the targets (`spine`: document hrefs in order); one
 * target always has one number.
 */
export function ncxDocument(o: { identifier: string; title: string; lang: string; toc: TocEntry[]; pageList?: PageTarget[]; pagesLabel?: string; spine?: string[] }): string {
  const pages = o.pageList ?? [];
  const order = playOrder([...o.toc.map((e) => e.href), ...pages.map((p) => p.href)], o.spine ?? []);
  let points = '';
  o.toc.forEach((e, i) => {
    points +=
      `<navPoint${attrs({ id: `navpoint-${i + 1}`, playOrder: order.get(e.href) })}>` +
      `<navLabel><text>${escapeText(e.label)}</text></navLabel><content${attrs({ src: e.href })}/></navPoint>\n`;
  });
  let targets = '';
  pages.forEach((p, i) => {
    targets +=
      `<pageTarget${attrs({ id: `pagetarget-${i + 1}`, type: 'normal', value: /^\d+$/.test(p.label) ? p.label : undefined, playOrder: order.get(p.href) })}>` +
      `<navLabel><text>${escapeText(p.label)}</text></navLabel><content${attrs({ src: p.href })}/></pageTarget>\n`;
  });
  const pageList = pages.length === 0 ? '' : `<pageList>\n<navLabel><text>${escapeText(o.pagesLabel ?? 'Pages')}</text></navLabel>\n${targets}</pageList>\n`;
  const maxPage = Math.max(0, ...pages.map((p) => Number(p.label)).filter((n) => Number.isInteger(n)));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"${attrs({ 'xml:lang': o.lang })}>\n` +
    '<head>\n' +
    `<meta name="dtb:uid"${attrs({ content: o.identifier })}/>\n` +
    '<meta name="dtb:depth" content="1"/>\n' +
    `<meta name="dtb:totalPageCount"${attrs({ content: pages.length })}/>\n<meta name="dtb:maxPageNumber"${attrs({ content: maxPage })}/>\n` +
    '</head>\n' +
    `<docTitle><text>${escapeText(o.title)}</text></docTitle>\n` +
    `<navMap>\n${points}</navMap>\n${pageList}</ncx>\n`
  );
}

/**
 * 1-based play order of hrefs: by document in spine order, a whole document before its fragments,
 * fragments in the order given (markers are listed in reading order).
 */
function playOrder(hrefs: string[], spine: string[]): Map<string, number> {
  const seen = new Map<string, { doc: number; frag: number }>();
  hrefs.forEach((h, i) => {
    if (seen.has(h)) return;
    const [file, frag] = h.split('#') as [string, string | undefined];
    const doc = spine.indexOf(file);
    seen.set(h, { doc: doc < 0 ? spine.length : doc, frag: frag === undefined ? -1 : i });
  });
  const sorted = [...seen.entries()].sort((a, b) => a[1].doc - b[1].doc || a[1].frag - b[1].frag);
  return new Map(sorted.map(([h], i) => [h, i + 1]));
}
