/**
 * The screen PDF (`--variant screen`) through the command line, read back with real tools: the
 * tagged-PDF verifier (qpdf's object parser: catalog, structure tree, ParentTree, marked content,
 * colour operators, links, boxes), `pdfinfo -struct` (poppler's own reading of the tree: the roles
 * in order, compared with test/fixtures/screen/*.struct.txt; UPDATE=1 rewrites them), `pdfinfo -box`,
 * `pdftotext` (the same text as the print PDF) and a render (pngjs: no bleed, RGB colours).
 * Renders are kept in test/.out/screen for eyes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';
import { cmykToRgb } from '../../src/write/pdf/paint.js';
import { tool } from '../helpers/tools.js';
import { ROOT, writeImagesBooklet } from '../print/fixture.js';
import { verifyPdfx } from '../print/pdfx-verifier.js';
import { verifyTagged } from './tagged-verifier.js';

const OUT = path.join(ROOT, 'test', '.out', 'screen');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'screen');
const SAMPLE = path.join(ROOT, 'episodes');
const SRC = path.join(OUT, 'src');
const NAME = 'images-quadri';
const UPDATE = process.env.UPDATE === '1';


async function build(source: string, out: string, ...args: string[]) {
  fs.rmSync(out, { recursive: true, force: true });
  const r = await cli(['build', source, '--out', out, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** Compares with a fixture file; UPDATE=1 writes it. */
function expectFixture(actual: string, file: string) {
  const p = path.join(FIXTURES, file);
  if (UPDATE || !fs.existsSync(p)) {
    fs.mkdirSync(FIXTURES, { recursive: true });
    fs.writeFileSync(p, actual);
  }
  expect(actual).toBe(fs.readFileSync(p, 'utf8'));
}

/** The text of each page that has any, by pdftotext. */
function pagesText(pdf: string): string[] {
  return tool('pdftotext', '-layout', pdf, '-')
    .split('\f')
    .map((p) => p.trimEnd())
    .filter((p) => p.trim() !== '');
}

/** The third episode: every structure the tags must show (intertitle, list, pull quote, links, a CMYK figure). */
async function writeStructureEpisode(dir: string) {
  // A CMYK JPEG (Adobe, as libvips writes it), large enough for 300 ppi: green.
  await sharp({ create: { width: 1400, height: 900, channels: 3, background: { r: 40, g: 150, b: 70 } } })
    .withIccProfile('cmyk', { attach: false })
    .jpeg({ quality: 90 })
    .toFile(path.join(dir, 'cmjn.jpg'));
  const body = [
    '---',
    'episode: 3',
    'title: 3 questions à Chloé',
    'interviewee: Chloé Petit',
    'lede: Une page pour chaque structure.',
    '---',
    '',
    '💬 Où trouver le programme ?',
    '',
    'Tout est sur [le site de l’association](https://example.org/programme) et à l’adresse https://example.org/agenda, mis à jour chaque semaine.',
    '',
    '### Les rendez-vous',
    '',
    '💬 Lesquels ?',
    '',
    '- Les petits déjeuners du mardi.',
    '- Le grand rassemblement de juin.',
    '',
    '> Nous voulions un lieu où chacun se sente chez soi.',
    '',
    '![Une photo préparée en quadrichromie](cmjn.jpg "Une photo en CMJN")',
    '',
    'Un dernier paragraphe pour finir.',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, '03-chloe.md'), body);
}

// qpdf, poppler and two builds on a shared 2-core machine: a minute per test.
describe('screen PDF (--variant screen)', { timeout: 60_000 }, () => {
  const out = path.join(OUT, 'dist');
  const screen = path.join(out, `${NAME}-screen.pdf`);
  const print = path.join(out, `${NAME}.pdf`);

  beforeAll(async () => {
    await writeImagesBooklet(SRC);
    await writeStructureEpisode(SRC);
    await build(SRC, out, '--variant', 'screen');
  }, 120_000);

  it('is a tagged PDF the verifier finds no fault in, with the print PDF still PDF/X', () => {
    const r = verifyTagged(screen);
    expect(r.violations).toEqual([]);
    expect(r.facts.lang).toBe('fr');
    expect(r.facts.title).toBe('Images en quadri');
    expect(r.facts.mcids).toBeGreaterThan(20);
    expect(verifyPdfx(print).violations).toEqual([]);
  });

  it('the verifier finds the faults of a file that is not a screen PDF (the print PDF)', () => {
    const r = verifyTagged(print).violations.join('\n');
    expect(r).toMatch(/MarkInfo/);
    expect(r).toMatch(/no \/StructTreeRoot/);
    expect(r).toMatch(/CMYK colour operator k/);
    expect(r).toMatch(/MediaBox .* is not the TrimBox/);
    expect(r).toMatch(/TJ outside marked content/);
  });

  it('has one element per heading, paragraph, list item, figure and pull quote, in reading order', () => {
    const { roles, alts } = verifyTagged(screen).facts;
    const flat = roles.map((r) => r.trim());
    // Book title (cover and title page), preface, contents and episode titles as H1; questions H2, and H3 after an intertitle.
    expect(flat.filter((r) => r === 'H1')).toHaveLength(6);
    expect(roles).toContain('H3');
    const l = roles.indexOf('L');
    expect(roles.slice(l, l + 7)).toEqual(['L', '  LI', '    LBody', '      P', '  LI', '    LBody', '      P']);
    expect(roles[roles.indexOf('BlockQuote') + 1]).toBe('  P');
    // Figures: the portrait (its portrait_alt), the photos with their alt text; the decorative logo has none.
    expect(alts).toEqual(['Ana, de face', 'Une photo en couleurs', 'Un dégradé gris', 'Un dégradé neutre', 'Une photo préparée en quadrichromie']);
    // poppler's reading of the same tree, roles only (figure boxes and object numbers left out: layout moves them).
    const tree = tool('pdfinfo', '-struct', screen)
      .split('\n')
      .filter((l) => !/^\s*\/BBox/.test(l))
      .map((l) => l.replace(/Object \d+ \d+/, 'Object'))
      .join('\n');
    expectFixture(tree, `${NAME}.struct.txt`);
  });

  it('gives each element its words as written: a space where a line broke at a space, no hyphen added at a break', () => {
    // pdfinfo -struct-text prints each marked-content sequence of an element as a quoted line.
    const texts: string[] = [];
    for (const line of tool('pdfinfo', '-struct-text', screen).split('\n')) {
      const m = /^\s*"(.*)"$/.exec(line);
      if (m) texts[texts.length - 1] += m[1];
      else texts.push('');
    }
    const answers = texts.filter((t) => t.startsWith('Le projet a commencé'));
    expect(answers).toHaveLength(7);
    for (const t of answers) {
      expect(t).toMatch(
        /^Le projet a commencé dans une petite salle de réunion, avec trois personnes et beaucoup d’idées\. Au fil des années, l’association a grandi, accueilli des entreprises de toute la région et porté des projets collectifs \(\d\)\. Chacun se souvient des premières réunions, des débats animés et des décisions prises ensemble, souvent tard le soir\.$/,
      );
    }
  });

  it('puts link annotations with /URI over links and autolinks, in the screen file only', () => {
    const { links } = verifyTagged(screen).facts;
    expect(links.filter((l) => l.startsWith('uri:'))).toEqual(['uri:https://example.org/programme', 'uri:https://example.org/agenda']);
    // Markdown link text and the URL text are both inside their Link element.
    const text = tool('pdfinfo', '-struct-text', screen);
    expect(text).toMatch(/Link \(inline\)\s*\n\s*"le site de l’association"\n/);
    expect(verifyPdfx(print).violations).toEqual([]); // no annotations there (part of the PDF/X rules)
  });

  it('links each contents entry to the page where its episode starts: the page number the entry prints, the opener with the name', () => {
    const { links } = verifyTagged(screen).facts;
    const dests = links.filter((l) => l.startsWith('dest:')).map((l) => l.slice(5));
    expect(dests).toEqual(['episode-1', 'episode-2', 'episode-3']);
    // pdfinfo -dests: « page [ Fit ] "name" ».
    const pageOf = new Map([...tool('pdfinfo', '-dests', screen).matchAll(/^\s*(\d+)\s+\[[^\]]*\]\s+"([^"]+)"/gm)].map((m) => [m[2]!, Number(m[1])]));
    const contents = pagesText(screen).find((p) => p.startsWith('Sommaire'))!;
    const names = ['Ana Lopes', 'Bruno Martin', 'Chloé Petit'];
    names.forEach((name, i) => {
      const page = pageOf.get(`episode-${i + 1}`)!;
      // The entry's printed number is the page (folios count every page from the cover).
      const printed = new RegExp(`^${i + 1}\\s+${name}[ .]*\\s(\\d+)$`, 'm').exec(contents);
      expect(printed, name).not.toBeNull();
      expect(page).toBe(Number(printed![1]));
      // That page is the episode's opener (its kicker and the name), the page before is not.
      const text = (n: number) => tool('pdftotext', '-f', String(n), '-l', String(n), screen, '-');
      expect(text(page)).toContain(`ÉPISODE ${i + 1}\n`);
      expect(text(page)).toContain(name);
      expect(text(page - 1)).not.toContain(`ÉPISODE ${i + 1}\n`);
    });
    // Each entry is one TOCI whose words, number and page number are inside its Link element.
    const struct = tool('pdfinfo', '-struct-text', screen);
    expect(struct).toMatch(/TOCI\s*\n\s*P \(block\)\s*\n\s*Link \(inline\)\s*\n\s*"3 Chloé Petit "\n\s*"11"\n/);
    // The print PDF has no annotations and no named destinations.
    expect(verifyPdfx(print).violations).toEqual([]);
    expect(tool('pdfinfo', '-dests', print)).not.toMatch(/episode-/);
  });

  it('has no bleed: every page is trim size (pdfinfo -box), as many pages as laid out', () => {
    const info = tool('pdfinfo', '-box', '-f', '1', '-l', '99', screen);
    const media = [...info.matchAll(/MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    const trim = [...info.matchAll(/TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    const a5 = [0, 0, 419.53, 595.28];
    expect(media.length).toBeGreaterThan(4);
    for (const [i, m] of media.entries()) {
      expect(m).toEqual(a5);
      expect(trim[i]).toEqual(a5);
    }
    const report = JSON.parse(fs.readFileSync(path.join(out, `${NAME}.report.json`), 'utf8'));
    expect(media.length).toBe(report.print.pages.laidOut);
  });

  it('uses RGB colour operators only, and the text equals the print PDF’s', () => {
    const ops = verifyTagged(screen).facts.colourOps;
    expect(ops.rg).toBeGreaterThan(0);
    expect(ops.k ?? 0).toBe(0);
    expect(ops.K ?? 0).toBe(0);
    expect(pagesText(screen)).toEqual(pagesText(print));
  });

  it('renders without bleed and in RGB: the cover photo fills the page, the accent colour by the formula', () => {
    const dir = path.join(OUT, 'render');
    fs.rmSync(dir, { force: true, recursive: true });
    fs.mkdirSync(dir, { recursive: true });
    tool('pdftoppm', '-r', '50', '-png', screen, path.join(dir, 'page'));
    const first = fs.readdirSync(dir).sort()[0]!;
    const cover = PNG.sync.read(fs.readFileSync(path.join(dir, first)));
    // A5 at 50 dpi: 292 × 414 px (no bleed around it; with 3 mm bleed it would be 303 × 425).
    expect([cover.width, cover.height]).toEqual([Math.ceil((148 / 25.4) * 50), Math.ceil((210 / 25.4) * 50)]);
    // The accent band at the foot of the cover: the template accent converted by the formula.
    const px = (x: number, y: number) => [...cover.data.subarray((y * cover.width + x) * 4, (y * cover.width + x) * 4 + 3)];
    const accent = cmykToRgb([0, 75, 100, 20]).map((v) => Math.round(v * 255));
    const got = px(5, cover.height - 5);
    for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - accent[c]!)).toBeLessThanOrEqual(3);
  });

  it('is byte-identical from one build to the next, and the sample booklet is clean too', async () => {
    const again = path.join(OUT, 'again');
    await build(SRC, again, '--variant', 'screen');
    expect(Buffer.compare(fs.readFileSync(screen), fs.readFileSync(path.join(again, `${NAME}-screen.pdf`)))).toBe(0);
    const sample = path.join(OUT, 'sample');
    await build(SAMPLE, sample, '--variant', 'screen');
    const r = verifyTagged(path.join(sample, 'medinsoft-20-ans-screen.pdf'));
    expect(r.violations).toEqual([]);
    expect(r.facts.roles.filter((x) => x === 'H2').length).toBeGreaterThan(3);
  }, 120_000);
});

describe('screen PDF: a long URL', { timeout: 60_000 }, () => {
  it('names its URI once however many lines its link covers (150 KB URLs took 89 s and 644 MB before)', async () => {
    const src = fs.mkdtempSync(path.join(OUT, 'long-url-'));
    fs.cpSync(path.join(ROOT, 'episodes'), src, { recursive: true });
    const url = `https://example.org/${'abcd/efgh/'.repeat(2000)}`;
    fs.appendFileSync(path.join(src, '03-andre-jeannerot.md'), `\nVoir ${url} pour la suite.\n`);
    const out = path.join(src, 'dist');
    await build(src, out, '--variant', 'screen');
    const file = path.join(out, 'medinsoft-20-ans-screen.pdf');
    const { links } = verifyTagged(file).facts;
    const here = links.filter((l) => l === `uri:${url}`);
    expect(here.length).toBeGreaterThan(20); // one annotation per line the URL covers
    const bytes = fs.readFileSync(file).toString('latin1');
    expect(bytes.split(url).length - 1).toBe(1);
    expect(fs.statSync(file).size).toBeLessThan(600_000); // ~270 KB; 2 copies of the URL per line made ~2 MB
  });
});
