/**
 * Every line stays inside the text block: long URLs break after / . - _ ? & = instead of overflowing,
 * and justified lines end exactly on the right edge.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus/generate.js';
import { pageGeometry } from '../../src/layout/geometry.js';
import { prepare } from '../../src/pipeline.js';

describe('lines and the measure', () => {
  it('keeps every glyph of the body inside the text block', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-measure-'));
    generateCorpus(dir, 6);
    fs.appendFileSync(
      path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('0001-'))!),
      '\nLe programme complet est en ligne : https://www.exemple-de-site.fr/archives/2019/04/un-chemin-tres-long-sans-espace?utm_source=newsletter&utm_medium=email&utm_campaign=anniversaire-2026 et aussi contact.presse-anniversaire@medinsoft-association.example.org pour la presse.\n',
    );
    const { paged, template } = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const });
    const geo = pageGeometry(template);
    let checked = 0;
    for (const page of paged.pages) {
      if (page.kind === 'cover') continue;
      const left = geo.textLeft(page.index);
      const right = left + geo.textWidth;
      for (const it of page.items) {
        if (it.kind !== 'glyphs' || it.size < 8) continue;
        const n = it.gids.length;
        const end = it.x + it.dx[n - 1]! + it.advances[n - 1]!;
        expect(it.x + it.dx[0]!).toBeGreaterThanOrEqual(left - 0.5);
        expect(end, `page ${page.folio}: ${it.text.join('')}`).toBeLessThanOrEqual(right + 0.5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 60_000);
});
