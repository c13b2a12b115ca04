/**
 * The booklet's title and subtitle on the cover, the title page and the back cover: a long one is
 * set smaller (down to half) and stays inside the trim; one that does not fit even so is an error
 * at booklet.yaml's `title:` (or `subtitle:`), exit 1, nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BookletError } from '../../src/diagnostics.js';
import type { GlyphRun } from '../../src/layout/types.js';
import { prepare } from '../../src/pipeline.js';
import { runCli } from '../helpers/cli.js';

/** A booklet of one short episode with these lines in booklet.yaml. */
function source(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-title-'));
  fs.writeFileSync(path.join(dir, '01-a.md'), '---\nepisode: 1\ntitle: T\ninterviewee: Anne Martin\n---\n\nBonjour.\n');
  fs.writeFileSync(path.join(dir, 'booklet.yaml'), `${yaml}\nyear: 2026\noutput: t\n`);
  return dir;
}

const build = (dir: string) => prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const, sourceDateEpoch: 1790000000 });

/** The glyph box of a run (the ink lies within its advances, between ascender and descender). */
function box(r: GlyphRun): [number, number, number, number] {
  const n = r.gids.length;
  return [r.x + r.dx[0]!, r.y - r.size, r.x + r.dx[n - 1]! + r.advances[n - 1]!, r.y + 0.3 * r.size];
}

const COMPOUND = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft';
const FORTY = Array(40).fill('Anticonstitutionnellement').join(' ');

describe('a long booklet title', () => {
  it('is set smaller on the cover, the title page and the back cover, every glyph inside the trim', async () => {
    // One word of 34 letters: wider than the page at 30 pt, narrower than the text block at 15 pt.
    const { paged, template } = await build(source('title: Anticonstitutionnellementissimes\nsubtitle: Vingt ans de souvenirs'));
    const [x0, y0, x1, y1] = paged.trimBox;
    const pages = [paged.pages[0]!, paged.pages.find((p) => p.kind === 'title')!, paged.pages.at(-1)!];
    for (const page of paged.pages) {
      for (const r of page.items) {
        if (r.kind !== 'glyphs' || !r.gids.length) continue;
        const [a, b, c, d] = box(r);
        expect({ page: page.index, text: r.text.join(''), inside: a >= x0 && b >= y0 && c <= x1 && d <= y1 }).toMatchObject({ inside: true });
      }
    }
    // The title is there, smaller than the template's 30 pt on the cover and the title page.
    for (const page of pages) expect(page.items.some((r) => r.kind === 'glyphs' && r.text.join('') === 'Anticonstitutionnellementissimes')).toBe(true);
    const title = (i: number) => paged.pages[i]!.items.find((r): r is GlyphRun => r.kind === 'glyphs' && r.text.join('') === 'Anticonstitutionnellementissimes')!;
    expect(title(0).size).toBeLessThan(30);
    expect(title(0).size).toBeGreaterThanOrEqual(15);
    // On the title page, only the title is too wide: the subtitle keeps the template's size.
    const titlePage = paged.pages.find((p) => p.kind === 'title')!;
    const subtitle = titlePage.items.find((r): r is GlyphRun => r.kind === 'glyphs' && r.text.join('').includes('souvenirs'))!;
    expect(subtitle.size).toBe(template.styles.coverSubtitle.size);
  }, 30_000);

  it('is an error at `title:` when one word is wider than the page even at half size', async () => {
    const dir = source(`title: ${COMPOUND}\nlanguage: de`);
    const err = await build(dir).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const ds = (err as BookletError).diagnostics.filter((d) => d.code === 'title-too-long');
    expect(ds.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.severity}`)).toContain('booklet.yaml:1:8: error');
    expect(ds[0]!.message).toMatch(/^the title does not fit the cover even at half size \("Donaudampf.*" is wider than the text block\) — shorten it/);
  }, 30_000);

  it('is an error at `title:` when forty words are too tall even at half size; exit 1, nothing written', async () => {
    const dir = source(`title: ${FORTY}\nsubtitle: ${FORTY}`);
    const r = await runCli(['build', dir, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/booklet\.yaml:1:8: error: the title does not fit the cover even at half size \(it needs \d+ pt of height where \d+ pt are free\) — shorten it/);
    expect(r.stderr).toMatch(/booklet\.yaml:1:8: error: the title does not fit the title page even at half size/);
    expect(fs.existsSync(path.join(dir, 'out', 't.pdf'))).toBe(false);
  }, 30_000);

  it('is an error at `subtitle:` when the title fits and the subtitle does not', async () => {
    const dir = source(`title: Vingt ans\nsubtitle: ${FORTY} ${FORTY} ${FORTY}`);
    const err = await build(dir).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const ds = (err as BookletError).diagnostics.filter((d) => d.code === 'title-too-long');
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(`${d.line}:${d.column} ${d.message}`).toMatch(/^2:11 the subtitle does not fit the (cover|title page|back cover) even at half size/);
  }, 30_000);
});

describe('a publisher or a colophon too long for its page', () => {
  it('a publisher that leaves the title no room is the error, at `publisher:`', async () => {
    const dir = source(`title: T\npublisher: ${'Association des amis du livret '.repeat(70)}`);
    const err = await build(dir).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const ds = (err as BookletError).diagnostics.filter((d) => d.code === 'title-too-long');
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(`${d.line}:${d.column} ${d.message}`).toMatch(/^2:12 the publisher does not leave room for the title on the (title page|back cover) .* — shorten `publisher:`$/);
  }, 30_000);

  it('a colophon taller than its page is an error at `colophon:`, nothing drawn off the page', async () => {
    const paras = Array.from({ length: 45 }, (_, i) => `  Remerciements ${i + 1} : à toutes celles et ceux qui ont aidé.`).join('\n\n');
    const dir = source(`title: T\ncolophon: |\n${paras}`);
    const err = await build(dir).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const ds = (err as BookletError).diagnostics.filter((d) => d.code === 'colophon-too-long');
    expect(ds.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}`)).toEqual(['booklet.yaml:2:11']);
    expect(ds[0]!.message).toMatch(/^the colophon does not fit its page \(it needs \d+ pt of height where \d+ pt are free\) — shorten `colophon:`$/);
  }, 30_000);

  it('a colophon of a few paragraphs still fits', async () => {
    const dir = source(`title: T\ncolophon: |\n  Achevé d’imprimer en 2026.\n\n  Merci à toutes et à tous.`);
    const { paged } = await build(dir);
    const page = paged.pages.find((p) => p.kind === 'colophon')!;
    const [, y0] = paged.trimBox;
    for (const r of page.items) if (r.kind === 'glyphs') expect(r.y - r.size).toBeGreaterThanOrEqual(y0);
  }, 30_000);
});
