/**
 * The paginator may set a body paragraph in one line more or less (LineEl.para), but not one longer
 * than a page and a half: its settings by line count cost lines × breaks each (a 1 MB paragraph took
 * 110 s and 6.4 GB before the cap).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { FontSet } from '../../src/fonts/fontset.js';
import { FlowBuilder, type LineEl } from '../../src/layout/flow.js';
import { pageGeometry } from '../../src/layout/geometry.js';
import { loadHyphenator } from '../../src/layout/text/hyphenate.js';
import { loadTemplate, templateFontDirs } from '../../src/template/load.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const template = loadTemplate('anniversaire', path.join(ROOT, 'episodes'), { file: 'x', line: 0, column: 0 }, ROOT);

describe('paragraphs the paginator may set in another number of lines', () => {
  it('are the body paragraphs of at most 60 lines', async () => {
    const geo = pageGeometry(template);
    const fonts = new FontSet(template, templateFontDirs(template));
    const hyphenator = await loadHyphenator('fr', []);
    const f = new FlowBuilder({ fonts, template, bag: new DiagnosticBag(), lang: 'fr', width: geo.textWidth, pageHeight: geo.textHeight, hyphenator, grid: geo.grid });
    const words = (n: number) => Array.from({ length: n }, (_, i) => ['association', 'entreprise', 'numérique', 'territoire', 'et', 'la'][i % 6]).join(' ') + '.';
    const short = f.paragraph([{ kind: 'text', text: words(120) }], 'body') as LineEl[];
    const long = f.paragraph([{ kind: 'text', text: words(1500) }], 'body') as LineEl[];
    expect(short.length).toBeGreaterThan(3);
    expect(short.every((l) => l.para !== undefined)).toBe(true);
    expect(long.length).toBeGreaterThan(60);
    expect(long.every((l) => l.para === undefined)).toBe(true);
  });
});
