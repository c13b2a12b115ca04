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

export function navDocument(ctx: RenderContext, toc: TocEntry[], landmarks: Landmark[]): string {
  const w = ctx.words;
  let b = `<nav${attrs({ 'epub:type': 'toc', role: 'doc-toc', id: 'toc', 'aria-labelledby': 'toc-title' })}>\n`;
  b += `<h1 class="toc-title" id="toc-title">${text(ctx, plain('prefaceTitle'), w.contents)}</h1>\n<ol class="toc">\n`;
  for (const e of toc) b += `<li><a${attrs({ href: e.href })}>${text(ctx, plain('body'), e.label)}</a></li>\n`;
  b += '</ol>\n</nav>\n';
  // Landmarks are for reading systems only: hidden, so their words need no glyphs.
  b += `<nav${attrs({ 'epub:type': 'landmarks', id: 'landmarks', 'aria-labelledby': 'landmarks-title', hidden: 'hidden' })}>\n`;
  b += `<h2 id="landmarks-title">${escapeText(w.landmarks)}</h2>\n<ol>\n`;
  for (const l of landmarks) b += `<li><a${attrs({ 'epub:type': l.type, href: l.href })}>${escapeText(l.label)}</a></li>\n`;
  b += '</ol>\n</nav>\n';
  return xhtmlDocument({ lang: ctx.lang, title: w.contents, cssHref: 'css/booklet.css', bodyClass: 'contents', body: b });
}

/** NCX for EPUB 2 reading systems: the same entries as the toc nav, flat. */
export function ncxDocument(o: { identifier: string; title: string; lang: string; toc: TocEntry[] }): string {
  let points = '';
  o.toc.forEach((e, i) => {
    points +=
      `<navPoint${attrs({ id: `navpoint-${i + 1}`, playOrder: i + 1 })}>` +
      `<navLabel><text>${escapeText(e.label)}</text></navLabel><content${attrs({ src: e.href })}/></navPoint>\n`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"${attrs({ 'xml:lang': o.lang })}>\n` +
    '<head>\n' +
    `<meta name="dtb:uid"${attrs({ content: o.identifier })}/>\n` +
    '<meta name="dtb:depth" content="1"/>\n<meta name="dtb:totalPageCount" content="0"/>\n<meta name="dtb:maxPageNumber" content="0"/>\n' +
    '</head>\n' +
    `<docTitle><text>${escapeText(o.title)}</text></docTitle>\n` +
    `<navMap>\n${points}</navMap>\n</ncx>\n`
  );
}
