/**
 * Model room fixtures: each folder of test/fixtures/model/ is a source folder; the Booklet built
 * from it (and the diagnostics) must equal `expected.json`. `UPDATE=1` rewrites the expected files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { ImageResolver } from '../../src/load/images.js';
import { loadSource } from '../../src/load/source.js';
import { buildBooklet } from '../../src/model/build.js';

const ROOT = path.resolve(import.meta.dirname, '..', 'fixtures', 'model');
const UPDATE = process.env.UPDATE === '1';

describe('model fixtures', () => {
  for (const name of fs.readdirSync(ROOT).sort()) {
    it(name, async () => {
      const src = await loadSource(name, { cwd: ROOT, drafts: false });
      const bag = new DiagnosticBag();
      const images = new ImageResolver(src.dir, ROOT);
      const booklet = await buildBooklet(src, { questionMarkers: ['💬'], templateName: 'anniversaire', sourceDateEpoch: 1790000000 }, (r, p, b) => images.resolve(r, p, b), bag);
      const got = JSON.parse(
        JSON.stringify({ booklet, diagnostics: [...src.diagnostics, ...bag.items] }, (k, v) => (k === 'path' && typeof v === 'string' ? path.relative(ROOT, v) : v)),
      );
      const file = path.join(ROOT, name, 'expected.json');
      if (UPDATE || !fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify(got, null, 1) + '\n');
      expect(got).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
    });
  }
});
