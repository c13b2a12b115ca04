import { beforeAll, describe, expect, it } from 'vitest';
import { cmykToRgb, contrast, readableColor, readableOnBoth, stylesheet } from '../../../src/write/epub/stylesheet.js';
import { anniversaireTemplate } from './fixture.js';
import { buildSampleEpub, sampleEpub, unzipText } from './helpers.js';

beforeAll(buildSampleEpub, 120_000);

const css = () => unzipText(sampleEpub().bytes)['EPUB/css/booklet.css']!;

/** The declarations of the first rule whose selector is exactly `selector`. */
function rule(text: string, selector: string): string {
  const m = new RegExp(`(^|\\n)${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\{([^}]*)\\}`).exec(text);
  if (m === null) throw new Error(`no rule for ${selector}`);
  return m[2]!;
}

describe('stylesheet', () => {
  it('declares @font-face for each embedded file and uses the template families with fallbacks', () => {
    const c = css();
    for (const f of sampleEpub().fonts) expect(c).toContain(`src: url("../${f.href}") format("truetype");`);
    expect(rule(c, 'body')).toContain('font-family: "garamond", "noto", "emoji", serif;');
  });

  it('sizes text in em of the body size, never in px', () => {
    const c = css();
    expect(c).not.toMatch(/\dpx/);
    expect(c).not.toMatch(/\dpt/);
    expect(rule(c, 'body')).not.toContain('font-size');
    expect(rule(c, '.title')).toContain(`font-size: ${Math.round((22 / 10.5) * 10000) / 10000}em;`);
    expect(rule(c, '.lede')).toContain('font-style: italic;');
    expect(rule(c, '.question')).toContain('font-weight: bold;');
    expect(rule(c, '.kicker')).toContain('text-transform: uppercase;');
    expect(rule(c, '.kicker')).toContain('letter-spacing: 0.12em;');
  });

  it('hyphenates automatically and leaves background and text colour to the reader', () => {
    const c = css();
    expect(c).toContain('hyphens: auto;');
    expect(c).not.toMatch(/background/);
    expect(c).not.toMatch(/direction|unicode-bidi/);
    expect(rule(c, 'body')).not.toMatch(/(^|[^-])color/);
    expect(rule(c, 'p')).not.toMatch(/color/);
  });

  it('colours questions and kicker with the accent, readable on white and on black', () => {
    const c = css();
    const accent = /color: (rgb\(\d+, \d+, \d+\));/.exec(rule(c, '.question'))![1];
    expect(accent).toBeDefined();
    expect(rule(c, '.kicker')).toContain(`color: ${accent};`);
    const [r, g, b] = accent!.match(/\d+/g)!.map(Number) as [number, number, number];
    expect(contrast([r, g, b], [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    expect(contrast([r, g, b], [0, 0, 0])).toBeGreaterThanOrEqual(4.5);
  });

  it('converts CMYK naively and only adjusts colours that would not read', () => {
    expect(cmykToRgb([0, 75, 100, 20])).toEqual([204, 51, 0]);
    expect(cmykToRgb([0, 0, 0, 0])).toEqual([255, 255, 255]);
    expect(cmykToRgb([100, 0, 0, 0])).toEqual([0, 255, 255]);
    const mid: [number, number, number] = [118, 118, 118];
    expect(readableOnBoth(mid)).toBe(true);
    expect(readableColor(mid)).toEqual(mid);
    for (const c of [[204, 51, 0], [255, 255, 0], [0, 0, 128], [0, 0, 0], [255, 255, 255]] as [number, number, number][]) {
      expect(readableOnBoth(readableColor(c)), c.join()).toBe(true);
    }
  });

  it('sets the questions in the marker colour when the template marks them by colour, as the PDF does', () => {
    const t = anniversaireTemplate();
    t.question = { kind: 'color', marker: '', markerColor: [100, 0, 0, 0] };
    t.styles.question.color = t.colors.text;
    const blue = readableColor(cmykToRgb([100, 0, 0, 0]));
    const rules = [...stylesheet(t, []).matchAll(/(?:^|\n)\.question \{([^}]*)\}/g)].map((m) => m[1]!);
    expect(rules.some((r) => r.includes(`color: rgb(${blue.join(', ')});`))).toBe(true);
    t.question.kind = 'ornament';
    expect([...stylesheet(t, []).matchAll(/(?:^|\n)\.question \{([^}]*)\}/g)].some((m) => m[1]!.includes('color'))).toBe(false);
  });

  it('appends the template extra CSS last', () => {
    const t = anniversaireTemplate();
    t.epubCss = '.question { font-variant: small-caps; }';
    expect(stylesheet(t, []).trimEnd().endsWith('.question { font-variant: small-caps; }')).toBe(true);
  });
});
