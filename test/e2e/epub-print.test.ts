/**
 * The EPUB read back against the print PDF of the same build, on the sample booklet and on the
 * 200-episode corpus with images (plus one episode with notes, lists, a pull quote, an intertitle,
 * a link and images with and without captions): every page-break marker stands before the first
 * word of its printed page, each content document has the words of the pages it stands for, in
 * order, and the validators pass (EPUBCheck 4.2.6 and epubcheck-ts on both, Ace on the sample).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageGeometry } from '../../src/layout/geometry.js';
import { loadTemplate } from '../../src/template/load.js';
import { generateCorpus } from '../corpus/generate.js';
import { missingWords } from '../helpers/words.js';
import { documentTexts, markerMismatches, pdfPages, readEpub, type EpubBook } from '../helpers/epub-print.js';
import { spawn } from 'node:child_process';
import { ace } from '../helpers/tools.js';
import { runEpubcheckJava, runEpubcheckTs } from '../write/epub/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const WORK = path.join(ROOT, 'test', '.out', 'e2e-epub-print');
const BIN = path.join(ROOT, 'bin', 'booklet.js');

interface Built {
  name: string;
  pdf: string;
  epub: string;
  book: EpubBook;
  pages: string[][];
}

/** Runs the CLI without blocking the test worker (a long synchronous run starves vitest's RPC). */
function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function build(name: string, source: string): Promise<Built> {
  const out = path.join(WORK, name);
  fs.rmSync(out, { recursive: true, force: true });
  const r = await cli(['build', source, '--out', out, '--quiet']);
  if (r.code !== 0) throw new Error(`build of ${source} failed: ${r.stderr}`);
  const file = (ext: string) => path.join(out, fs.readdirSync(out).find((f) => f.endsWith(ext) && !/-(imposed|cover)\.pdf$/.test(f))!);
  const pdf = file('.pdf');
  const epub = file('.epub');
  // The text block of the built-in template, with half a line of room: folios and running heads are outside.
  const geo = pageGeometry(loadTemplate('anniversaire', source, { file: '', line: 0, column: 0 }, ROOT));
  const pages = pdfPages(pdf, { y: geo.textTop(0) - 6, height: geo.textHeight + 10 });
  return { name, pdf, epub, book: readEpub(epub), pages };
}

describe('EPUB against the print PDF of the same build', () => {
  const built: Built[] = [];

  beforeAll(async () => {
    process.env.SOURCE_DATE_EPOCH = '1790000000';
    built.push(await build('sample', path.join(ROOT, 'episodes')));
    const src = path.join(WORK, 'corpus-src');
    generateCorpus(src, 200, { images: true });
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/epub-print/0999-rich.md'), path.join(src, '0999-rich.md'));
    fs.appendFileSync(path.join(src, 'booklet.yaml'), 'isbn: 978-2-9512345-0-5\n');
    built.push(await build('corpus', src));
  }, 600_000);

  it('has a page-list entry for every printed page with text, in page order, labelled with its number', () => {
    for (const b of built) {
      const labels = b.book.pageList.map((e) => Number(e.label));
      expect(labels.length, b.name).toBeGreaterThan(b.name === 'corpus' ? 600 : 4);
      expect(labels, b.name).toEqual([...labels].sort((x, y) => x - y));
      const withText = b.pages.flatMap((p, i) => (p.length > 0 ? [i + 1] : []));
      // A page with text but no marker is only the back cover, which the EPUB does not reproduce.
      const missing = withText.filter((n) => !labels.includes(n));
      expect(missing.filter((n) => n !== b.pages.length), b.name).toEqual([]);
      // Blank pages get no marker.
      expect(labels.filter((n) => (b.pages[n - 1] ?? []).length === 0), b.name).toEqual([]);
    }
  });

  it('puts each page-break marker before the first word of its PDF page (pdftotext -f N -l N)', () => {
    for (const b of built) {
      const bad = markerMismatches(b.book, b.pages);
      console.log(`${b.name}: ${b.book.pageList.length} markers, ${bad.length} not at their page's first word`);
      if (bad.length) console.log(JSON.stringify(bad.map((x) => [x.label, x.epub.join(' '), x.pdf.join(' ')])));
      expect(bad, b.name).toEqual([]);
    }
  });

  it('gives each content document the words of its printed pages, in order (text, then notes), French spaces included', () => {
    for (const b of built) {
      // Not compared: the cover (its text is a picture) and the contents (page numbers and dot leaders
      // exist only in print). Their markers are checked above. The colophon is compared.
      const docs = documentTexts(b.book, b.pages).filter((d) => !/\/(cover|nav)\.xhtml$/.test(d.doc));
      expect(docs.some((d) => d.doc.endsWith('colophon.xhtml')), b.name).toBe(true);
      // The running text and the notes each in order in the printed pages (the notes sit at the foot
      // of their page in print, at the end of the document in the EPUB; the "Notes" heading is the EPUB's).
      const diffs = docs.flatMap((d) => {
        const up = (ws: string[]) => ws.map((w) => w.toLocaleUpperCase('fr')); // kickers: capitals in print, CSS in the EPUB
        const missing = [...missingWords(up(d.epub), up(d.pdf)), ...missingWords(up(d.notes.filter((w) => w !== 'Notes')), up(d.pdf))];
        return missing.length === 0 ? [] : [`${d.doc}: not in print, or not in order: ${missing.slice(0, 8).join(' ')}`];
      });
      expect(docs.length, b.name).toBeGreaterThan(b.name === 'corpus' ? 200 : 1);
      expect(diffs, b.name).toEqual([]);
    }
    // U+202F and U+00A0 survive in both: the words split at them are the same.
    const sample = documentTexts(built[0]!.book, built[0]!.pages).find((d) => d.doc.includes('andre-jeannerot'))!;
    expect(sample.epub).toContain('«');
  });

  it('names the print edition as the source of the page numbers', () => {
    const [sample, corpus] = built;
    const opf = (b: Built) => b.book.files['EPUB/package.opf']!;
    expect(opf(corpus!)).toContain('<dc:source id="print-source">urn:isbn:9782951234505</dc:source>');
    expect(opf(sample!)).toMatch(/<dc:source id="print-source">Medinsoft a 20 ans \(Édition imprimée, Medinsoft, 2026, \d+ p\.\)<\/dc:source>/);
    for (const b of built) {
      expect(opf(b)).toContain('<meta refines="#print-source" property="source-of">pagination</meta>');
      expect(opf(b)).toContain('<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>');
      expect(opf(b)).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>');
      const ncx = b.book.files['EPUB/toc.ncx']!;
      expect(ncx.match(/<pageTarget /g)?.length, b.name).toBe(b.book.pageList.length);
      expect(ncx).toContain(`<meta name="dtb:totalPageCount" content="${b.book.pageList.length}"/>`);
    }
  });

  it('passes EPUBCheck 4.2.6 with 0 fatals, 0 errors, 0 warnings (sample and corpus)', async () => {
    for (const b of built) {
      const r = await runEpubcheckJava(b.epub);
      console.log(`${b.name}: ${r.summary}`);
      expect(r.messages, b.name).toEqual([]);
      expect([r.fatal, r.errors, r.warnings], b.name).toEqual([0, 0, 0]);
    }
  }, 300_000);

  it('passes epubcheck-ts with 0 fatals, 0 errors, 0 warnings (sample and corpus)', () => {
    for (const b of built) {
      const r = runEpubcheckTs(b.epub);
      console.log(`${b.name}: ${r.summary}`);
      expect(r.messages, b.name).toEqual([]);
    }
  }, 300_000);

  it('passes Ace by DAISY with no violation and complete accessibility metadata (sample)', async () => {
    const b = built[0]!;
    const r = await ace(b.epub, path.join(WORK, 'ace'));
    console.log(`${b.name}: Ace ${r.outcome}, ${r.violations.length} violations, metadata missing: ${r.missing.join(', ')}`);
    expect(r.violations).toEqual([]);
    expect(r.outcome).toBe('pass');
    // Only the certification fields, which need a real evaluation (standards.md §2.6), are absent.
    expect(r.missing.filter((m) => !/^(a11y:certifiedBy|a11y:certifierCredential|a11y:certifierReport|dcterms:conformsTo)$/.test(m))).toEqual([]);
  }, 300_000);
});
