/**
 * The fast shaping path (character and pair tables) must give exactly what fontkit's full shaping
 * gives, on every face the built-in template ships, for thousands of real and invented words.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { FontSet } from '../../src/fonts/fontset.js';
import { loadTemplate, templateFontDirs } from '../../src/template/load.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function corpusWords(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-shape-'));
  generateCorpus(dir, 40);
  const text = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join(' ');
  const extra = 'efficace officielle affluence fief flamme Œuvre œil AVAVA Tout WAVE Te Yo « À Ça É » Łukasz Σοφία Мария Tiếng Việt Đặng ﬁ 1er XXIe 15 000 € % n° — – … 🚀🎂';
  return [...new Set((text + ' ' + extra).split(/[\s\u00a0\u202f]+/).filter(Boolean))];
}

describe('fast shaping', () => {
  const template = loadTemplate('anniversaire', path.join(ROOT, 'episodes'), { file: 'x', line: 0, column: 0 }, ROOT);
  const fonts = new FontSet(template, templateFontDirs(template));
  const words = corpusWords();
  const faces = Object.keys(template.fonts.families).flatMap((fam) =>
    (['regular', 'italic', 'bold', 'boldItalic'] as const).flatMap((s) => [fonts.face(fam, s), fonts.face(fam, s, ['onum']), fonts.face(fam, s, ['smcp'])]),
  );

  it('uses enough words', () => {
    expect(words.length).toBeGreaterThan(3000);
  });

  for (const face of [...new Set(faces)]) {
    it(`equals full shaping on ${path.basename(face.file)} ${face.features.join(' ')}`, () => {
      let fast = 0;
      for (const w of words) {
        if (![...w].every((ch) => face.has(ch.codePointAt(0)!))) continue;
        const a = face.shape(w);
        const b = face.shapeFull(w);
        expect({ w, gids: a.gids, xs: a.xs, width: a.width }).toEqual({ w, gids: b.gids, xs: b.xs, width: b.width });
        if (a.text.length === [...w].length) fast++;
      }
      expect(fast).toBeGreaterThan(0);
    });
  }
});
