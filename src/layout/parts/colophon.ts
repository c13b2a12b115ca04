/**
 * The colophon, at the foot of its page after the episodes: title, edition, publisher and year,
 * ISBN, the fonts the booklet is set in, the build date (SOURCE_DATE_EPOCH) and the printing line
 * (`colophon:` of booklet.yaml, else « Achevé d'imprimer en <month year> »).
 */
import { VERSION } from '../../version.js';
import { FlowBuilder, type FlowEl } from '../flow.js';
import { place } from '../place.js';
import type { FaceRef, Page } from '../types.js';
import { plain, type PartContext } from './context.js';

export function colophon(pc: PartContext): void {
  const { booklet, geo, seq, words } = pc;
  const m = booklet.meta;
  seq.bookmark(words.colophon);
  const page = seq.newPage('colophon');
  const families = fontFamilies(seq.pages, pc);
  const lines: string[] = [[m.title, m.subtitle].filter(Boolean).join(' — ')];
  if (m.edition) lines.push(m.edition);
  lines.push(m.publisher ? `${words.publishedBy} ${m.publisher}, ${m.year}.` : String(m.year));
  if (m.isbn) lines.push(`${words.isbn} ${m.isbn}`);
  lines.push(words.fontsLine(families));
  lines.push(words.typesetLine(`booklet ${VERSION}`, m.date));
  const printed = m.colophon?.trim() ? m.colophon.trim().split(/\n\s*\n/) : [words.printedLine(m.date)];

  const f = new FlowBuilder({ ...pc.flow, grid: 0 });
  const style = { align: 'center' as const, indent: 0, spaceBefore: 0, spaceAfter: 3 };
  for (const l of lines) f.paragraph(plain(l), 'footnote', { override: style });
  f.space(6);
  for (const l of printed) f.paragraph(plain(l.replace(/\s*\n\s*/g, ' ')), 'footnote', { override: { ...style, style: 'italic' } });
  const els = f.els.splice(0);
  const h = els.reduce((s, e: FlowEl) => s + e.height, 0);
  place(page, els, geo, geo.textHeight - h);
}

/** Names of the font families drawn so far (and the colophon's own), in first-use order. */
function fontFamilies(pages: Page[], pc: PartContext): string[] {
  const t = pc.template;
  const keys: string[] = [];
  const add = (key: string) => {
    if (t.fonts.families[key] && !keys.includes(key)) keys.push(key);
  };
  const faces: FaceRef[] = [];
  for (const p of pages) for (const it of p.items) if (it.kind === 'glyphs') faces.push(it.face);
  // Face ids are `<family>-<style>` (src/fonts/fontset.ts).
  for (const f of faces) add(f.id.replace(/-(regular|italic|bold|boldItalic)$/, ''));
  add(t.styles.footnote.family);
  return keys.map((k) => pc.flow.fonts.face(k, 'regular').font.familyName || k);
}
