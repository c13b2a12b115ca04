/**
 * The parts of the booklet and the PDF's navigation, end to end through the real command (lib/):
 * a 14-episode booklet with a preface and an ISBN, in French and in English. Checked with the real
 * tools: the contents' page numbers against where each episode starts (pdftotext -f N -l N), the
 * printed folios, the outline and page labels (qpdf --json), the metadata (pdfinfo), the colophon,
 * and the EAN-13 barcode read back by a decoder (zbarimg) from a 300 dpi render.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { run, tool } from '../helpers/tools.js';
import { verifyPdfx } from '../print/pdfx-verifier.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OUT = path.join(ROOT, 'test', '.out', 'parts');
const BIN = path.join(ROOT, 'bin', 'booklet.js');
const ISBN = '978-2-07-036822-8';

function source(dir: string, language: 'fr' | 'en'): void {
  fs.rmSync(dir, { recursive: true, force: true });
  generateCorpus(dir, 14);
  fs.writeFileSync(
    path.join(dir, 'booklet.yaml'),
    [
      'title: Vingt ans de questions',
      'subtitle: Quatorze entretiens',
      'publisher: Medinsoft',
      'edition: Première édition',
      'year: 2026',
      `language: ${language}`,
      `isbn: ${ISBN}`,
      'preface: _preface.md',
      'output: livret',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, '_preface.md'), '---\ntitle: Édito\n---\n\nUn mot avant les entretiens, assez long pour faire une ligne ou deux sur la page.\n');
}

function build(src: string, out: string) {
  fs.rmSync(out, { recursive: true, force: true });
  const r = run('node', [BIN, 'build', src, '--out', out, '--quiet'], { allowFail: true });
  expect(r.code, r.stderr).toBe(0);
}

/** The text of every page, from one pdftotext run (pages end with a form feed), by file and mode. */
const cache = new Map<string, string[]>();
function pagesText(pdf: string, mode: '' | '-layout' = ''): string[] {
  const key = `${pdf}\n${mode}`;
  let pages = cache.get(key);
  if (!pages) {
    pages = tool('pdftotext', ...(mode ? [mode] : []), pdf, '-').split('\f').slice(0, -1);
    cache.set(key, pages);
  }
  return pages;
}
/** pdftotext -f N -l N, from the one run. */
const text = (pdf: string, n: number) => pagesText(pdf)[n - 1] ?? '';
const words = (pdf: string, n: number) => text(pdf, n).split(/\s+/).filter(Boolean);
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', pdf))![1]);

interface Entry {
  number?: number;
  name: string;
  page: number;
}

/** The entries of the contents pages, read back from the PDF's text (pdftotext -layout). */
function readContents(pdf: string, pages: number[]): Entry[] {
  const out: Entry[] = [];
  for (const n of pages) {
    for (const line of pagesText(pdf, '-layout')[n - 1]!.split('\n')) {
      const m = /^\s*(?:(\d+)\s+)?(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$/.exec(line);
      if (m) out.push({ number: m[1] === undefined ? undefined : Number(m[1]), name: m[2]!.trim(), page: Number(m[3]) });
    }
  }
  return out;
}

describe.each([
  { language: 'fr' as const, contents: 'Sommaire', episode: 'Épisode', cover: 'Couverture', back: 'Quatrième de couverture', title: 'Page de titre', colophon: 'Colophon', fonts: 'Composé en EB Garamond', printed: 'Achevé d’imprimer en septembre 2026.', date: 'le 21 septembre 2026' },
  { language: 'en' as const, contents: 'Contents', episode: 'Episode', cover: 'Cover', back: 'Back cover', title: 'Title page', colophon: 'Colophon', fonts: 'Set in EB Garamond', printed: 'Printed in September 2026.', date: 'on 21 September 2026' },
])('the parts of a booklet ($language)', (w) => {
  const src = path.join(OUT, `src-${w.language}`);
  const out = path.join(OUT, w.language);
  const pdf = path.join(out, 'livret.pdf');
  let n = 0;
  let qpdf: { pagelabels: { index: number; label: Record<string, unknown> }[]; outlines: { title: string; destpageposfrom1: number }[] };

  beforeAll(() => {
    process.env.SOURCE_DATE_EPOCH = '1790000000'; // 2026-09-21
    source(src, w.language);
    build(src, out);
    n = pageCount(pdf);
    qpdf = JSON.parse(tool('qpdf', '--json', '--json-key=pagelabels', '--json-key=outlines', pdf));
  }, 120_000);

  it('prints the parts in order: cover, inside cover, title page, preface, contents, episodes, colophon, back cover', () => {
    expect(words(pdf, 1).join(' ')).toContain('Vingt ans de questions');
    expect(words(pdf, 2)).toEqual([]);
    const title = text(pdf, 3);
    for (const s of ['Vingt ans de questions', 'Quatorze entretiens', 'Première édition', 'Medinsoft', '2026']) expect(title).toContain(s);
    expect(words(pdf, 4)).toEqual([]);
    expect(text(pdf, 5)).toContain('Édito');
    expect(text(pdf, 6)).toContain(w.contents);
    expect(text(pdf, n)).toContain(ISBN);
    expect(n % 4).toBe(0);
  });

  it('gives in the contents the page where each episode starts, as printed in its folios', () => {
    // The contents start on page 6 and go on until the first episode.
    const tocPages = [6];
    while (!text(pdf, tocPages.at(-1)! + 1).includes(w.episode.toUpperCase())) tocPages.push(tocPages.at(-1)! + 1);
    const entries = readContents(pdf, tocPages);
    const eps = entries.filter((e) => e.number !== undefined);
    expect(eps.map((e) => e.number)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(entries[0]).toMatchObject({ number: undefined, name: 'Édito', page: 5 });
    let prev = 0;
    for (const e of eps) {
      const page = text(pdf, e.page);
      expect(page, `episode ${e.number} on page ${e.page}`).toContain(`${w.episode} ${e.number}`.toUpperCase());
      expect(page).toContain(e.name);
      expect(e.page % 2, 'episodes open on a recto').toBe(1);
      // The episode does not start on the page before.
      expect(text(pdf, e.page - 1)).not.toContain(`${w.episode} ${e.number}`.toUpperCase());
      expect(e.page).toBeGreaterThan(prev);
      prev = e.page;
      // The next page, when it continues the episode, prints its folio: the contents' numbering.
      const next = words(pdf, e.page + 1);
      if (next.length > 20 && !text(pdf, e.page + 1).includes(w.episode.toUpperCase())) expect(next.at(-1)).toBe(String(e.page + 1));
    }
  });

  it('prints folios in the outer corners of text pages, none on covers, blanks, the title page or openers', () => {
    let printed = 0;
    const bboxes = tool('pdftotext', '-bbox', pdf, '-').split('<page ').slice(1);
    for (let p = 1; p <= n; p++) {
      const ws = words(pdf, p);
      const t = ws.join(' ');
      const opener = t.includes(w.episode.toUpperCase());
      const folio = ws.at(-1) === String(p);
      if (p <= 4 || p === n || ws.length === 0 || opener) {
        expect(folio, `page ${p} prints no folio`).toBe(false);
        continue;
      }
      expect(folio, `page ${p} prints its folio`).toBe(true);
      printed++;
      const last = [...bboxes[p - 1]!.matchAll(/<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>(\d+)<\/word>/g)].at(-1)!;
      const mid = (Number(last[1]) + Number(last[2])) / 2;
      // A5 + 3 mm bleed: 436.5 pt wide. Rectos (odd) on the right, versos on the left.
      if (p % 2 === 1) expect(mid).toBeGreaterThan(436.5 * 0.75);
      else expect(mid).toBeLessThan(436.5 * 0.25);
    }
    expect(printed).toBeGreaterThan(10);
  });

  it('has a bookmark for every part and every episode, each on its page', () => {
    const titles = qpdf.outlines.map((o) => o.title);
    expect(titles.slice(0, 4)).toEqual([w.cover, w.title, 'Édito', w.contents]);
    expect(titles.slice(-2)).toEqual([w.colophon, w.back]);
    const eps = qpdf.outlines.filter((o) => o.title.startsWith(w.episode));
    expect(eps).toHaveLength(14);
    for (const o of eps) {
      const num = /(\d+)/.exec(o.title)![1];
      expect(text(pdf, o.destpageposfrom1)).toContain(`${w.episode} ${num}`.toUpperCase());
    }
    const at = (t: string) => qpdf.outlines.find((o) => o.title === t)!.destpageposfrom1;
    expect(at(w.cover)).toBe(1);
    expect(at(w.back)).toBe(n);
    expect(text(pdf, at(w.colophon))).toContain(w.fonts);
  });

  it('has page labels that show the printed folios, and names for the covers', () => {
    expect(qpdf.pagelabels).toEqual([
      { index: 0, label: { '/P': `u:${w.cover}`, '/St': 1 } },
      { index: 1, label: { '/S': '/D', '/St': 2 } },
      { index: n - 1, label: { '/P': `u:${w.back}`, '/St': 1 } },
    ]);
  });

  it('writes the document metadata: title, publisher, subject, keywords, language', () => {
    const info = tool('pdfinfo', pdf);
    expect(info).toMatch(/^Title:\s+Vingt ans de questions$/m);
    expect(info).toMatch(/^Author:\s+Medinsoft$/m);
    expect(info).toMatch(/^Subject:\s+Quatorze entretiens$/m);
    const keywords = /^Keywords:\s+(.*)$/m.exec(info)![1]!.split(', ');
    expect(keywords.length).toBeGreaterThanOrEqual(10);
    const meta = tool('pdfinfo', '-meta', pdf);
    expect(meta).toContain(`<dc:language><rdf:Bag><rdf:li>${w.language}</rdf:li></rdf:Bag></dc:language>`);
    expect(meta).toContain(`<pdf:Keywords>${keywords.join(', ')}</pdf:Keywords>`);
    const objects = JSON.parse(tool('qpdf', '--json', '--json-key=qpdf', pdf)).qpdf[1] as Record<string, { value?: Record<string, string> }>;
    const catalog = Object.values(objects).find((o) => o.value?.['/Type'] === '/Catalog')!.value!;
    expect(catalog['/Lang']).toBe(`u:${w.language}`);
    expect(catalog['/PageMode']).toBe('/UseOutlines');
  });

  it('sets the colophon: publisher, year, ISBN, fonts, build date, printing line', () => {
    const page = qpdf.outlines.find((o) => o.title === w.colophon)!.destpageposfrom1;
    const t = text(pdf, page).replace(/\s+/g, ' ');
    for (const s of ['Medinsoft, 2026', `ISBN ${ISBN}`, w.fonts, w.date, w.printed, 'Première édition']) expect(t).toContain(s);
  });

  it('draws an EAN-13 barcode of the ISBN that a decoder reads back', () => {
    const png = path.join(OUT, `back-${w.language}`);
    tool('pdftoppm', '-r', '300', '-png', '-singlefile', '-f', String(n), '-l', String(n), pdf, png);
    const r = run('zbarimg', ['--quiet', '--raw', `${png}.png`], { allowFail: true });
    expect(r.stdout.trim()).toBe(ISBN.replace(/-/g, ''));
    // The human-readable digits under the bars.
    expect(words(pdf, n)).toEqual(expect.arrayContaining(['9', '782070', '368228']));
  });

  it('stays a clean PDF/X-1a file (bookmarks and page labels are no actions)', () => {
    expect(verifyPdfx(pdf).violations).toEqual([]);
  });
});
