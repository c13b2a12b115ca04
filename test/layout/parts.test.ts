/**
 * Which parts appear and where: booklet.yaml's `parts:`, the template's `parts:`, the default
 * (all), recto/verso rules, the contents reserved then filled, the back cover last and on a verso.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BookletError } from '../../src/diagnostics.js';
import { prepare } from '../../src/pipeline.js';
import { writeTemplate } from '../print/fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A copy of the sample booklet with lines added to booklet.yaml. */
function sample(yaml = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-parts-'));
  fs.cpSync(path.join(ROOT, 'episodes'), dir, { recursive: true });
  if (yaml) fs.appendFileSync(path.join(dir, 'booklet.yaml'), `${yaml}\n`);
  return dir;
}

async function kinds(dir: string, template?: string) {
  const { paged, print } = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const, template, sourceDateEpoch: 1790000000 });
  return { laidOut: paged.pages.map((p) => p.kind), printed: print.pageMap.map((p) => p.kind), paged };
}

describe('parts of the booklet', () => {
  it('lays out every part by default, each in its place', async () => {
    const { laidOut, paged } = await kinds(sample());
    expect(laidOut).toEqual(['cover', 'blank', 'title', 'blank', 'preface', 'contents', 'opener', 'body', 'body', 'colophon', 'blank', 'back']);
    expect(paged.pages.filter((p) => p.showFolio).map((p) => p.kind)).toEqual(['preface', 'contents', 'body', 'body', 'colophon']);
    expect(paged.outline.map((o) => [o.title, o.pageIndex])).toEqual([
      ['Couverture', 0],
      ['Page de titre', 2],
      ['Préface', 4],
      ['Sommaire', 5],
      ['Épisode 3 — André Jeannerot', 6],
      ['Colophon', 9],
      ['Quatrième de couverture', 11],
    ]);
    expect(paged.pages[0]!.label).toBe('Couverture');
    expect(paged.pages.at(-1)!.label).toBe('Quatrième de couverture');
  }, 30_000);

  it('leaves out what `parts:` does not name; the back cover still lands on a verso, padding goes before it', async () => {
    const { laidOut, printed } = await kinds(sample('parts: [title-page, episodes, back-cover]'));
    expect(laidOut).toEqual(['title', 'blank', 'opener', 'body', 'body', 'back']);
    expect(printed).toEqual(['title', 'blank', 'opener', 'body', 'body', 'blank', 'blank', 'back']);
  }, 30_000);

  it("takes the template's `parts:` when booklet.yaml has none, and booklet.yaml's over the template's", async () => {
    const dir = sample();
    writeTemplate(dir, 'court', '', (y) => `${y.trimEnd()}\nparts: [cover, episodes]\n`);
    expect((await kinds(dir, 'court')).laidOut).toEqual(['cover', 'blank', 'opener', 'body', 'body']);
    fs.appendFileSync(path.join(dir, 'booklet.yaml'), 'parts: [episodes, colophon]\n');
    expect((await kinds(dir, 'court')).laidOut).toEqual(['opener', 'body', 'body', 'colophon']);
  }, 30_000);

  it('reports a part the template does not know at its line', async () => {
    const dir = sample();
    const t = writeTemplate(dir, 'faux', '', (y) => `${y.trimEnd()}\nparts: [cover, sommaire]\n`);
    const line = fs.readFileSync(path.join(t, 'template.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('parts:')) + 1;
    const err = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const, template: 'faux' }).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const d = (err as BookletError).diagnostics[0]!;
    expect(d.file).toMatch(/templates\/faux\/template\.yaml$/);
    expect(d.line).toBe(line);
    expect(d.message).toContain('parts.1: a part is one of cover, inside-cover, title-page, preface, contents, episodes, colophon, back-cover');
  }, 30_000);

  it('lists the preface in the contents only when it is printed', async () => {
    const { paged } = await kinds(sample('parts: [contents, episodes]'));
    const text = paged.pages[0]!.items.flatMap((i) => (i.kind === 'glyphs' ? i.text : [])).join('');
    expect(text).toContain('André Jeannerot');
    expect(text).not.toContain('Préface');
  }, 30_000);
});

describe('a character no font has, in a text the parts print again', () => {
  it('is reported once, at its file, line and column, from the cover, title page, contents, colophon and back cover', async () => {
    const dir = sample();
    const yaml = fs.readFileSync(path.join(dir, 'booklet.yaml'), 'utf8').replace(/^(title|subtitle|publisher|edition): (.*)$/gm, '$1: $2 ש').replace(/^output:/m, 'colophon: Imprimé ש\noutput:');
    fs.writeFileSync(path.join(dir, 'booklet.yaml'), yaml);
    const ep = path.join(dir, '03-andre-jeannerot.md');
    fs.writeFileSync(ep, fs.readFileSync(ep, 'utf8').replace(/^headline: (.*)$/m, 'headline: $1 ש'));
    const err = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const }).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const missing = (err as BookletError).diagnostics.filter((d) => d.code === 'glyph-missing');
    const lines = yaml.split('\n');
    const where = missing.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}`);
    expect(new Set(where).size).toBe(where.length);
    const expected = ['title', 'subtitle', 'publisher', 'edition', 'colophon'].map((k) => {
      const i = lines.findIndex((l) => l.startsWith(`${k}:`));
      return `booklet.yaml:${i + 1}:${lines[i]!.indexOf('ש') + 1}`;
    });
    const md = fs.readFileSync(ep, 'utf8').split('\n');
    const h = md.findIndex((l) => l.startsWith('headline:'));
    expected.push(`03-andre-jeannerot.md:${h + 1}:${md[h]!.indexOf('ש') + 1}`);
    expect(where.sort()).toEqual(expected.sort());
  }, 30_000);
});
