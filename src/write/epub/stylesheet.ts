/**
 * The EPUB stylesheet, generated from the Template: families, sizes in em of the body size,
 * CMYK colours as rgb. Text colour and background are left to the reading system (night mode);
 * only styles coloured differently from the template's text colour get a colour, one that reads
 * on white and on black alike.
 */
import type { Cmyk, StyleName, Template, TextStyle } from '../../template/types.js';
import { cssString, fontFaceRules, type EmbeddedFont } from './fonts.js';

type Rgb = [number, number, number];

/** Naive CMYK (percent) → RGB: r = 255·(1−c)(1−k), and so on. */
export function cmykToRgb([c, m, y, k]: Cmyk): Rgb {
  const ch = (v: number) => Math.round(255 * (1 - v / 100) * (1 - k / 100));
  return [ch(c), ch(m), ch(y)];
}

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

function mix(c: Rgb, to: Rgb, t: number): Rgb {
  return c.map((v, i) => Math.round(v + (to[i]! - v) * t)) as Rgb;
}

/** True when the colour reads at 4.5:1 or better on a white page and on a black (night) page. */
export function readableOnBoth(c: Rgb): boolean {
  return contrast(c, WHITE) >= 4.5 && contrast(c, BLACK) >= 4.5;
}

/**
 * The colour itself when it reads at 4.5:1 on white and on black; else the nearest mix towards
 * white or black that does (a luminance near 0.18 does both), so no night-mode rule is needed.
 */
export function readableColor(c: Rgb): Rgb {
  if (readableOnBoth(c)) return c;
  const to = luminance(c) < 0.179 ? WHITE : BLACK;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const l = luminance(mix(c, to, mid));
    if (to === WHITE ? l < 0.179 : l > 0.179) lo = mid;
    else hi = mid;
  }
  for (let k = 0; k <= 20; k++) {
    const m = mix(c, to, Math.min(1, hi + k * 0.002));
    if (readableOnBoth(m)) return m;
  }
  return [118, 118, 118]; // grey at the middle luminance: 4.5:1 both ways
}

const rgb = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** A number for CSS: at most 4 decimals, no trailing zeros. */
export function num(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}

/** Where each template style applies in the XHTML. */
const SELECTORS: Partial<Record<StyleName, string>> = {
  question: '.question',
  heading: '.intertitle',
  pullquote: '.pullquote',
  lede: '.lede',
  kicker: '.kicker',
  title: '.title',
  headline: '.headline',
  interviewee: '.interviewee',
  role: '.role',
  caption: 'figcaption',
  footnote: '.notes, .colophon',
  prefaceTitle: '.preface-title, .toc-title',
  coverTitle: '.book-title',
  coverSubtitle: '.book-subtitle',
};

function isItalic(st: TextStyle): boolean {
  return st.style === 'italic' || st.style === 'boldItalic';
}

function isBold(st: TextStyle): boolean {
  return st.style === 'bold' || st.style === 'boldItalic';
}

function sameColor(a: Cmyk, b: Cmyk): boolean {
  return a.every((v, i) => v === b[i]);
}

export function stylesheet(template: Template, fonts: EmbeddedFont[]): string {
  const embedded = new Set(fonts.map((f) => f.family));
  const stack = (family: string) =>
    [family, ...template.fonts.chain.filter((f) => f !== family)]
      .filter((f) => embedded.has(f))
      .map(cssString)
      .concat('serif')
      .join(', ');
  const body = template.styles.body;
  const text = template.colors.text;

  const rules = (selector: string, st: TextStyle, isBody: boolean): string => {
    const d: string[] = [`font-family: ${stack(st.family)};`];
    if (!isBody) d.push(`font-size: ${num(st.size / body.size)}em;`);
    d.push(`line-height: ${num(st.leading / st.size)};`);
    d.push(`font-weight: ${isBold(st) ? 'bold' : 'normal'};`, `font-style: ${isItalic(st) ? 'italic' : 'normal'};`);
    d.push(`text-align: ${st.align};`);
    if (!isBody) d.push(`margin-top: ${num(st.spaceBefore / st.size)}em;`, `margin-bottom: ${num(st.spaceAfter / st.size)}em;`);
    if (st.indent !== 0 && !isBody) d.push(`text-indent: ${num(st.indent / st.size)}em;`);
    if (st.uppercase) d.push('text-transform: uppercase;');
    if (st.tracking !== 0) d.push(`letter-spacing: ${num(st.tracking / 1000)}em;`);
    // Only colours that differ from the template's text colour: the reader's own text colour stays.
    if (!sameColor(st.color, text)) d.push(`color: ${rgb(readableColor(cmykToRgb(st.color)))};`);
    let css = `${selector} {\n  ${d.join('\n  ')}\n}\n`;
    // Emphasis inside an italic style is set roman.
    if (isItalic(st)) css += `${selector.split(', ').map((s) => `${s} em`).join(', ')} {\n  font-style: normal;\n}\n`;
    return css;
  };

  let css = '@charset "UTF-8";\n/* Generated from the template "' + template.name.replace(/\*\//g, '') + '". */\n';
  css += fontFaceRules(fonts, '../');
  css += rules('body', body, true);
  css += `body {\n  hyphens: auto;\n  -webkit-hyphens: auto;\n  hyphenate-limit-chars: 6 2 3;\n  widows: 2;\n  orphans: 2;\n}\n`;
  css += `p {\n  margin-top: ${num(body.spaceBefore / body.size)}em;\n  margin-bottom: ${num(body.spaceAfter / body.size)}em;\n  text-indent: 0;\n}\n`;
  if (body.indent !== 0) css += `p + p {\n  text-indent: ${num(body.indent / body.size)}em;\n}\n`;
  for (const [name, selector] of Object.entries(SELECTORS) as [StyleName, string][]) {
    css += rules(selector, template.styles[name], false);
  }
  const marker = template.question.markerColor;
  if (!sameColor(marker, text)) css += `.question .marker {\n  color: ${rgb(readableColor(cmykToRgb(marker)))};\n}\n`;
  // `question.kind: color`: the question itself is set in the marker colour, as in the PDF.
  if (template.question.kind === 'color' && !sameColor(marker, text)) css += `.question {\n  color: ${rgb(readableColor(cmykToRgb(marker)))};\n}\n`;
  css += FIXED;
  if (template.epubCss.trim() !== '') css += `/* Template extra CSS */\n${template.epubCss.trim()}\n`;
  return css;
}

/** Rules that do not depend on the template. No px, no background, no forced text colour. */
const FIXED = `h1, h2, h3, .kicker, .headline, .interviewee, .role, .question, .intertitle {
  hyphens: manual;
  -webkit-hyphens: manual;
  page-break-after: avoid;
  break-after: avoid;
}
.pullquote p, .lede, .notes p, figcaption {
  text-indent: 0;
}
.pullquote {
  margin-left: 1.5em;
  margin-right: 1.5em;
  page-break-inside: avoid;
  break-inside: avoid;
}
.pullquote p {
  margin: 0;
}
.opener {
  margin-bottom: 1.5em;
}
figure {
  margin: 1em 0;
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}
img {
  max-width: 100%;
  height: auto;
}
figcaption {
  text-align: left;
}
figcaption .credit {
  font-size: 0.9em;
}
code {
  font-family: inherit;
}
hr.break {
  border: 0;
  border-top: 0.05em solid;
  width: 25%;
  margin: 1.5em auto;
}
sup.noteref {
  font-size: 0.7em;
  line-height: 0;
  vertical-align: super;
}
.noteref a {
  text-decoration: none;
}
.notes {
  border-top: 0.05em solid;
  margin-top: 2em;
  padding-top: 0.5em;
}
.notes aside {
  margin: 0.5em 0;
}
.notes-title {
  font-size: 1em;
  font-weight: normal;
  font-style: italic;
  margin: 0.5em 0;
}
.toc {
  list-style: none;
  padding-left: 0;
}
.toc li {
  margin: 0.4em 0;
  text-align: left;
}
.toc a {
  color: inherit;
  text-decoration: none;
}
.titlepage {
  margin-top: 20%;
  text-align: center;
}
.titlepage p {
  text-align: center;
}
.colophon {
  margin-top: 3em;
}
.cover {
  text-align: center;
}
`;
