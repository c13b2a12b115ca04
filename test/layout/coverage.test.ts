/**
 * Glyph coverage: every character is drawn from the first font of the template's chain that has it;
 * a character no font has is an error with its file, line, column and code point.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BookletError } from '../../src/diagnostics.js';
import { prepare } from '../../src/pipeline.js';

function source(body: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-cov-'));
  fs.writeFileSync(path.join(d, 'booklet.yaml'), 'title: Couverture\nyear: 2026\n');
  fs.writeFileSync(path.join(d, '01-a.md'), `---\nepisode: 1\ntitle: T\ninterviewee: Σοφία Łukasiewicz\n---\n\n${body}\n`);
  return d;
}

const opts = (dir: string) => ({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const });

describe('glyph coverage', () => {
  it('takes Greek, Cyrillic, Polish and emoji from the fallback chain', async () => {
    const dir = source('💬 Une question ?\n\nΣοφία, Мария et Łukasz fêtent 🚀 et 🎂 ; œuvre, Œdipe, « À Ça É » – — …');
    const { paged } = await prepare(opts(dir));
    const faces = paged.faces.map((f) => path.basename(f.path));
    expect(faces).toContain('NotoEmoji-Regular.ttf');
    const text = paged.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'glyphs' ? i.text : []))).join('');
    for (const s of ['Σοφία', 'Мария', 'Łukasz', '🚀', '🎂', 'Œdipe']) expect(text).toContain(s);
    // The question marker is the template's ornament, never the 💬 character.
    expect(text).not.toContain('💬');
    expect(text).toContain('— Une question');
  });

  it('reports a character that no font has, with its position and code point', async () => {
    const dir = source('Première ligne.\n\nUn idéogramme 漢 ici.');
    const err = await prepare(opts(dir)).catch((e) => e);
    expect(err).toBeInstanceOf(BookletError);
    const d = (err as BookletError).diagnostics.find((x) => x.code === 'glyph-missing')!;
    expect(d).toMatchObject({ file: '01-a.md', line: 9, column: 15, severity: 'error' });
    expect(d.message).toMatch(/"漢" \(U\+6F22\)/);
  });

  it('counts the column of a missing character from the line it is on, astral characters as one', async () => {
    const dir = source('Première ligne.\n\nUn 🚀 mot,\nsur deux 漢 lignes.');
    const err = await prepare(opts(dir)).catch((e) => e);
    const d = (err as BookletError).diagnostics.find((x) => x.code === 'glyph-missing')!;
    expect(d).toMatchObject({ file: '01-a.md', line: 10, column: 10 });
  });

  it('never draws U+00A0 or U+202F as a glyph box: they become fixed gaps with a space glyph', async () => {
    const dir = source('Il dit\u00a0: «\u202Foui\u202F» ; 15\u202F000 euros.');
    const { paged } = await prepare(opts(dir));
    const runs = paged.pages.flatMap((p) => p.items.filter((i) => i.kind === 'glyphs'));
    const text = runs.flatMap((r) => (r.kind === 'glyphs' ? r.text : [])).join('');
    expect(text).not.toMatch(/[\u00a0\u202f]/);
    expect(text).toContain('15 000');
    // The gap inside « oui » is the template's thin space (1/8 em), not a word space.
    const run = runs.find((r) => r.kind === 'glyphs' && r.text.join('').includes('« oui »'))!;
    if (run.kind !== 'glyphs') throw new Error('no run');
    const i = run.text.indexOf('«');
    const gap = run.dx[i + 2]! - (run.dx[i]! + run.advances[i]!);
    expect(gap).toBeCloseTo(run.size * 0.125, 2);
  });
});

describe('episode opener', () => {
  it('does not quote a headline twice when the author already put quotation marks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-head-'));
    fs.writeFileSync(path.join(dir, 'booklet.yaml'), 'title: Titres\nyear: 2026\n');
    fs.writeFileSync(path.join(dir, '01-a.md'), '---\nepisode: 1\ntitle: T\ninterviewee: A B\nheadline: "« Déjà entre guillemets »"\n---\n\nTexte.\n');
    fs.writeFileSync(path.join(dir, '02-b.md'), '---\nepisode: 2\ntitle: U\ninterviewee: C D\nheadline: Sans guillemets\n---\n\nTexte.\n');
    const { paged } = await prepare(opts(dir));
    const text = paged.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'glyphs' ? [i.text.join('')] : []))).join('\n');
    expect(text).toContain('« Déjà entre guillemets »');
    expect(text).not.toContain('« «');
    expect(text).toContain('« Sans guillemets »');
  });
});
