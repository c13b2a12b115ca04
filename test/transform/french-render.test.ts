/**
 * Ordinal superscripts from the typography transform, through both writers' inputs:
 * the PDF's items (smaller, raised glyphs in the text's colour) and the EPUB's `<sup>`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { FontSet } from '../../src/fonts/fontset.js';
import { buildItems, runStyle } from '../../src/layout/text/items.js';
import type { Inline } from '../../src/model/types.js';
import { inlineText } from '../../src/model/types.js';
import { loadTemplate, templateFontDirs } from '../../src/template/load.js';
import { wordsFor } from '../../src/i18n/words.js';
import { plain as plainState, renderInlines, type RenderContext } from '../../src/write/epub/xhtml.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const template = loadTemplate('anniversaire', path.join(ROOT, 'episodes'), { file: 'x', line: 0, column: 0 }, ROOT);

const inlines: Inline[] = [{ kind: 'text', text: 'le XX' }, { kind: 'sup', children: [{ kind: 'text', text: 'e' }] }, { kind: 'text', text: ' siècle' }];

describe('superscript ordinals', () => {
  it('read as plain text', () => {
    expect(inlineText(inlines)).toBe('le XXe siècle');
  });

  it('are set smaller and raised in the PDF, in the colour of the text, glued to their number', () => {
    const fonts = new FontSet(template, templateFontDirs(template));
    const base = runStyle(template.styles.body);
    const items = buildItems(inlines, base, { fonts, template, lang: 'fr', bag: new DiagnosticBag() }, { justify: true });
    const boxes = items.filter((i) => i.type === 'box' && i.content.segs.length);
    const xx = boxes.find((b) => b.type === 'box' && b.content.segs.some((s) => s.rise > 0))!;
    expect(xx).toBeDefined();
    const segs = xx.type === 'box' ? xx.content.segs : [];
    const sup = segs.find((s) => s.rise > 0)!;
    const normal = segs.find((s) => s.rise === 0)!;
    expect(normal).toBeDefined();
    expect(sup.size).toBeCloseTo(base.size * 0.62, 5);
    expect(sup.rise).toBeCloseTo(base.size * 0.36, 5);
    expect(sup.color).toEqual(base.color);
  });

  it('are <sup> in the EPUB', () => {
    const seen: string[] = [];
    const ctx: RenderContext = {
      template,
      lang: 'fr',
      words: wordsFor('fr'),
      use: (_style, _face, s) => seen.push(s),
      imageHref: () => 'x.png',
      noteRefs: new Map(),
      noteNumbers: new Set(),
    };
    expect(renderInlines(ctx, plainState('body'), inlines)).toBe('le XX<sup>e</sup> siècle');
    expect(seen.join('')).toBe('le XXe siècle');
  });
});
