/**
 * The colophon, at the foot of its page after the episodes: title, edition, publisher and year,
 * ISBN, the fonts the booklet is set in, the build date (SOURCE_DATE_EPOCH) and the printing line
 * (`colophon:` of booklet.yaml, else « Achevé d'imprimer en <month year> »).
 */
import { VERSION } from '../../version.js';
import { FlowBuilder, type FlowEl } from '../flow.js';
import { place } from '../place.js';
import type { Inline } from '../../model/types.js';
import type { FaceRef } from '../types.js';
import { errorAtKey, plain, type PartContext } from './context.js';

export function colophon(pc: PartContext): void {
  const { booklet, geo, seq, words } = pc;
  const m = booklet.meta;
  seq.bookmark(words.colophon);
  const page = seq.newPage('colophon');
  const families = fontFamilies(seq.textFacesSoFar(), pc);
  // Texts from booklet.yaml keep their position, for a character no font has.
  const text = (s: string): Inline => ({ kind: 'text', text: s });
  const lines: Inline[][] = [m.subtitle ? [...plain(m.title, m.at?.title), text(' — '), ...plain(m.subtitle, m.at?.subtitle)] : plain(m.title, m.at?.title)];
  if (m.edition) lines.push(plain(m.edition, m.at?.edition));
  lines.push(m.publisher ? [text(`${words.publishedBy} `), ...plain(m.publisher, m.at?.publisher), text(`, ${m.year}.`)] : [text(String(m.year))]);
  if (m.isbn) lines.push([text(`${words.isbn} ${m.isbn}`)]);
  lines.push([text(words.fontsLine(families))]);
  lines.push([text(words.typesetLine(`booklet ${VERSION}`, m.date))]);
  const own = m.colophon?.trim();
  // Several paragraphs of `colophon:` are reported at the key (their own lines are not kept).
  const printed = own ? own.split(/\n\s*\n/).map((p) => plain(p.replace(/\s*\n\s*/g, ' '), m.at?.colophon)) : [[text(words.printedLine(m.date))]];

  const str = (l: Inline[]) => l.map((i) => (i.kind === 'text' ? i.text : '')).join('');
  seq.colophon = { lines: lines.map(str), printed: printed.map(str) };

  const f = new FlowBuilder({ ...pc.flow, grid: 0 });
  const style = { align: 'center' as const, indent: 0, spaceBefore: 0, spaceAfter: 3 };
  for (const l of lines) f.paragraph(l, 'footnote', { override: style });
  f.space(6);
  for (const l of printed) f.paragraph(l, 'footnote', { override: { ...style, style: 'italic' } });
  const els = f.els.splice(0);
  const h = els.reduce((s, e: FlowEl) => s + e.height, 0);
  if (h > geo.textHeight) {
    // One page only: what does not fit would be drawn above the top margin, off the page.
    const key = own ? 'colophon' : m.publisher ? 'publisher' : 'title';
    errorAtKey(pc, key, 'colophon-too-long', `the colophon does not fit its page (it needs ${Math.ceil(h)} pt of height where ${Math.floor(geo.textHeight)} pt are free) — shorten \`${key}:\``);
  }
  place(page, els, geo, Math.max(0, geo.textHeight - h));
}

/** Names of the font families drawn so far (and the colophon's own), in first-use order. */
function fontFamilies(faces: FaceRef[], pc: PartContext): string[] {
  const t = pc.template;
  const keys: string[] = [];
  const add = (key: string) => {
    if (t.fonts.families[key] && !keys.includes(key)) keys.push(key);
  };
  // Face ids are `<family>-<style>` (src/fonts/fontset.ts).
  for (const f of faces) add(f.id.replace(/-(regular|italic|bold|boldItalic)$/, ''));
  add(t.styles.footnote.family);
  return keys.map((k) => pc.flow.fonts.face(k, 'regular').font.familyName || k);
}
