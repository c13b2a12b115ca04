/**
 * Page-break markers from a page map, on the fixture booklet: inside paragraphs at the offset the
 * layout gives (across emphasis, note references and line breaks), before a question's ornament and a
 * note's number, at the start of a part's document, never for blank pages or parts the EPUB lacks.
 */
import { describe, expect, it } from 'vitest';
import type { Block, Inline } from '../../../src/model/types.js';
import { buildEpub } from '../../../src/write/epub/index.js';
import type { PageMapEntry } from '../../../src/write/epub/page-list.js';
import { anniversaireTemplate, FONTS_DIR, sampleBooklet } from './fixture.js';
import { unzipText } from './helpers.js';

const marker = (n: number) => `<span id="page-${n}" epub:type="pagebreak" role="doc-pagebreak" aria-label="${n}"></span>`;
const inlinesOf = (b: Block | undefined): Inline[] => {
  if (b === undefined || !('inlines' in b)) throw new Error('not a paragraph');
  return b.inlines;
};

async function build() {
  const booklet = sampleBooklet();
  const [e1, e2] = booklet.episodes as [(typeof booklet.episodes)[0], (typeof booklet.episodes)[0]];
  const map: PageMapEntry[] = [
    { folio: 1, kind: 'cover', first: null },
    { folio: 2, kind: 'blank' },
    { folio: 3, kind: 'title', first: null },
    { folio: 4, kind: 'blank' },
    { folio: 5, kind: 'preface', first: null },
    // "Bienvenue\u202F! Ce livret…": the page starts at "Ce" (offset 12)
    { folio: 6, kind: 'body', first: { inlines: inlinesOf(booklet.preface!.blocks[0]), offset: 12 } },
    { folio: 7, kind: 'opener', episode: 1, first: null },
    // the question "Comment tout a commencé ?" opens the page: before its ornament
    { folio: 8, kind: 'body', episode: 1, first: { inlines: inlinesOf(e1.blocks[0]), offset: 0 } },
    // "Avec une idée simple et un budget de 1 000 € 1. Nous…": at "budget" (in <strong>), then after the note number
    { folio: 9, kind: 'body', episode: 1, first: { inlines: inlinesOf(e1.blocks[1]), offset: 27 } },
    { folio: 10, kind: 'body', episode: 1, first: { inlines: inlinesOf(e1.blocks[1]), offset: 46 } },
    // the note "En euros de 2004." opens a page: before its number
    { folio: 11, kind: 'body', episode: 1, first: { inlines: inlinesOf(e1.footnotes[0]!.blocks[0]), offset: 0 } },
    { folio: 12, kind: 'opener', episode: 2, first: null },
    // after the line break of "… lien relatif\u2028après un saut de ligne"
    { folio: 13, kind: 'body', episode: 2, first: { inlines: inlinesOf(e2.blocks[2]), offset: 32 } },
    // a page starting with text the layout made (a continued title): at the end of the document
    { folio: 14, kind: 'body', episode: 2, first: null },
    { folio: 15, kind: 'colophon', first: null },
    { folio: 16, kind: 'back', first: null },
  ];
  const report = await buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR, pageMap: map });
  return { report, files: unzipText(report.bytes) };
}

const { report, files } = await build();

describe('page-break markers', () => {

  it('lists every page but blank ones and the parts the EPUB lacks, in order, with its document', () => {
    // No cover image nor cover picture given here: the EPUB has no cover, so page 1 gets no marker.
    expect(report.pageList.map((p) => p.label)).toEqual(['3', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
    expect(report.pageList[0]!.href).toBe('title.xhtml#page-3');
    expect(report.pageList.find((p) => p.label === '13')!.href).toBe('02-bob-cie.xhtml#page-13');
  });

  it('places a marker inside the text at the offset of the page’s first word', () => {
    expect(files['EPUB/preface.xhtml']).toContain(`Bienvenue\u202F! ${marker(6)}Ce livret`);
    const ep1 = files['EPUB/01-elise-durand.xhtml']!;
    expect(ep1).toContain(`et un <strong>${marker(9)}budget</strong>`);
    expect(ep1).toContain(`<a epub:type="noteref" role="doc-noteref" href="#fn-1" id="fnref-1">1</a></sup>${marker(10)}. Nous`);
    expect(files['EPUB/02-bob-cie.xhtml']).toContain(`lien relatif<br/>${marker(13)}après un saut`);
  });

  it('puts the marker of a page that opens with a question or a note before its ornament or number', () => {
    const ep1 = files['EPUB/01-elise-durand.xhtml']!;
    expect(ep1).toContain(`<h2 class="question">${marker(8)}<span class="marker" aria-hidden="true">—</span> Comment`);
    expect(ep1).toMatch(new RegExp(`<p>${marker(11)}<span class="note-label">1\\.</span> En euros`));
  });

  it('puts the marker of a page that opens a part at the start of its document', () => {
    expect(files['EPUB/title.xhtml']).toContain(`<body>\n${marker(3)}<section class="titlepage"`);
    expect(files['EPUB/preface.xhtml']).toContain(`<body>\n${marker(5)}<section class="preface"`);
    expect(files['EPUB/01-elise-durand.xhtml']).toContain(`<body>\n${marker(7)}<section class="episode"`);
    expect(files['EPUB/colophon.xhtml']).toContain(`<body>\n${marker(15)}<section class="colophon"`);
    expect(files['EPUB/02-bob-cie.xhtml']).toContain(`</section>\n${marker(14)}</body>`);
  });

  it('writes the page-list nav, the NCX page list and the pagination source', () => {
    const nav = files['EPUB/nav.xhtml']!;
    expect(nav).toContain('<nav epub:type="page-list" role="doc-pagelist" id="page-list" aria-labelledby="page-list-title" hidden="hidden">');
    expect(nav).toContain('<li><a href="01-elise-durand.xhtml#page-9">9</a></li>');
    const ncx = files['EPUB/toc.ncx']!;
    expect(ncx.match(/<pageTarget /g)).toHaveLength(12);
    expect(ncx).toContain('<meta name="dtb:totalPageCount" content="12"/>');
    expect(ncx).toContain('<meta name="dtb:maxPageNumber" content="15"/>');
    // play order: a document before the markers inside it, markers in reading order
    const order = (src: string) => Number(new RegExp(`playOrder="(\\d+)"><navLabel><text>[^<]*</text></navLabel><content src="${src}"`).exec(ncx)![1]);
    expect(order('01-elise-durand.xhtml')).toBeLessThan(order('01-elise-durand.xhtml#page-7'));
    expect(order('01-elise-durand.xhtml#page-7')).toBeLessThan(order('01-elise-durand.xhtml#page-8'));
    expect(order('preface.xhtml#page-6')).toBeLessThan(order('01-elise-durand.xhtml'));
    const opf = files['EPUB/package.opf']!;
    expect(opf).toContain('<dc:source id="print-source">Vingt ans &amp; plus (Édition imprimée, Association &lt;Logiciel&gt; &amp; Cie, 2024, 16 p.)</dc:source>');
    expect(opf).toContain('<meta refines="#print-source" property="source-of">pagination</meta>');
  });

  it('keeps the markers in reading order when a page starts with no text (a page of images): before the next page’s marker', async () => {
    const booklet = sampleBooklet();
    const e1 = booklet.episodes[0]!;
    const map: PageMapEntry[] = [
      { folio: 7, kind: 'opener', episode: 1, first: null },
      { folio: 8, kind: 'body', episode: 1, first: { inlines: inlinesOf(e1.blocks[0]), offset: 0 } },
      { folio: 9, kind: 'body', episode: 1, first: null },
      { folio: 10, kind: 'body', episode: 1, first: { inlines: inlinesOf(e1.blocks[1]), offset: 46 } },
      { folio: 11, kind: 'body', episode: 1, first: null },
    ];
    const ep1 = unzipText((await buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR, pageMap: map })).bytes)['EPUB/01-elise-durand.xhtml']!;
    expect(ep1).toContain(`${marker(9)}${marker(10)}. Nous`);
    const at = (n: number) => ep1.indexOf(marker(n));
    expect([7, 8, 9, 10, 11].map(at).every((x, i, a) => x >= 0 && (i === 0 || x > a[i - 1]!))).toBe(true);
    expect(ep1).toContain(`</section>\n${marker(11)}</body>`);
  });

  it('puts the marker of a contents page after the first before the entry its first line belongs to', async () => {
    const booklet = sampleBooklet();
    const map: PageMapEntry[] = [
      { folio: 1, kind: 'contents', first: null, firstFile: booklet.preface!.file },
      { folio: 2, kind: 'contents', first: null, firstFile: booklet.episodes[1]!.file },
    ];
    const nav = unzipText((await buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR, pageMap: map })).bytes)['EPUB/nav.xhtml']!;
    expect(nav).toContain(`<body class="contents">\n${marker(1)}<nav epub:type="toc"`);
    expect(nav).toContain(`<li><a href="02-bob-cie.xhtml">${marker(2)}2. Bob`);
  });

  it('writes no page-list, source or page features without a page map', async () => {
    const plain = unzipText((await buildEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR })).bytes);
    expect(plain['EPUB/nav.xhtml']).not.toContain('page-list');
    expect(plain['EPUB/package.opf']).not.toMatch(/dc:source|pageBreakMarkers/);
  });
});
