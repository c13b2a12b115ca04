/**
 * The layout room: Booklet + Template + fonts → PagedBooklet.
 * Parts in order: cover, inside cover (blank), preface, then each episode opening on a recto.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { FontSet } from '../fonts/fontset.js';
import { quoteHeadline, wordsFor } from '../i18n/words.js';
import type { Block, Booklet, Episode, Inline, Pos } from '../model/types.js';
import type { Cmyk, StyleName, Template } from '../template/types.js';
import { FlowBuilder, type FlowContext, type FlowEl } from './flow.js';
import { pageGeometry, type PageGeometry } from './geometry.js';
import { paginate, type PlacedEl } from './paginate.js';
import type { Hyphenator } from './text/hyphenate.js';
import { lintPages, type LayoutStats } from './lint.js';
import type { FaceRef, OutlineEntry, Page, PageItem, PageKind, PagedBooklet } from './types.js';

const WHITE: Cmyk = [0, 0, 0, 0];

export interface LayoutOptions {
  hyphenator?: Hyphenator;
  /** Collects line and page figures (for the lint report and the benchmark). */
  stats?: LayoutStats;
}

export function layoutBooklet(booklet: Booklet, template: Template, fonts: FontSet, bag: DiagnosticBag, opts: LayoutOptions = {}): PagedBooklet {
  const geo = pageGeometry(template);
  const words = wordsFor(booklet.meta.language);
  const pages: Page[] = [];
  const outline: OutlineEntry[] = [];
  const ctx: FlowContext = { fonts, template, bag, lang: booklet.meta.language, width: geo.textWidth, pageHeight: geo.textHeight, hyphenator: opts.hyphenator, grid: geo.grid };

  const newPage = (kind: PageKind, episode?: number): Page => {
    const index = pages.length;
    const page: Page = { index, folio: index + 1, showFolio: kind === 'body' || kind === 'preface', kind, episode, items: [] };
    pages.push(page);
    return page;
  };
  const toRecto = () => {
    if (pages.length % 2 === 1) newPage('blank');
  };

  coverPage(newPage('cover'), booklet, template, geo, ctx);
  newPage('blank');

  if (booklet.preface) {
    toRecto();
    const f = new FlowBuilder(ctx);
    const pt = booklet.preface.title ?? words.preface;
    const ptAt = booklet.preface.title !== undefined ? booklet.preface.titleAt : undefined;
    f.paragraph([ptAt ? { kind: 'text', text: pt, pos: ptAt } : { kind: 'text', text: pt }], 'prefaceTitle', { keepAll: true, keepWithNext: true });
    f.blocks(booklet.preface.blocks);
    footnotes(f, booklet.preface.footnotes, words.notes);
    outline.push({ title: booklet.preface.title ?? words.preface, pageIndex: pages.length });
    flowPages(f.els, 'preface', undefined, booklet.preface.file);
  }

  for (const ep of booklet.episodes) {
    toRecto();
    outline.push({ title: `${words.episode} ${ep.number} — ${ep.interviewee}`, pageIndex: pages.length });
    const f = new FlowBuilder(ctx);
    opener(f, ep, template, words.episode, words.quoteOpen, words.quoteClose, geo);
    f.blocks(ep.blocks);
    footnotes(f, ep.footnotes, words.notes);
    flowPages(f.els, 'opener', ep.number, ep.file);
  }

  for (const p of pages) if (p.showFolio) folio(p, geo, template, fonts, ctx);
  const faces: FaceRef[] = [];
  const seen = new Set<string>();
  for (const p of pages)
    for (const it of p.items)
      if (it.kind === 'glyphs' && !seen.has(it.face.id)) {
        seen.add(it.face.id);
        faces.push(it.face);
      }

  return { width: geo.width, height: geo.height, trimBox: geo.trimBox, bleedBox: geo.bleedBox, pages, faces, outline };

  function flowPages(els: FlowEl[], firstKind: PageKind, episode: number | undefined, file: string) {
    // No page holds only the last line of a part: the last two lines stay together.
    const lineIdx = els.flatMap((e, i) => (e.kind === 'line' ? [i] : []));
    if (lineIdx.length >= 2) els[lineIdx[lineIdx.length - 2]!]!.keepWithNext = true;
    const chunks = paginate(els, geo.textHeight, geo.textHeight, geo.grid);
    lintPages(chunks, chunks.map((_, i) => pages.length + i + 1), template.linebreak.tolerance, geo.textHeight, bag, opts.stats, file);
    chunks.forEach((chunk, i) => {
      const page = newPage(i === 0 ? firstKind : 'body', episode);
      placeChunk(page, chunk, geo);
    });
  }
}

/**
 * The front cover. Without an image: an accent band bleeding off three edges, the title reversed
 * out of it, the subtitle below. With `cover_image`: the image fills the page to the bleed edges and
 * an opaque accent band at the foot holds the title, subtitle, publisher and year (no transparency).
 */
function coverPage(cover: Page, booklet: Booklet, t: Template, geo: PageGeometry, ctx: FlowContext): void {
  const m = booklet.meta;
  const f = new FlowBuilder({ ...ctx, grid: 0 });
  const text = (s: string, pos?: Pos): Inline[] => [pos ? { kind: 'text', text: s, pos } : { kind: 'text', text: s }];
  const stack = (els: FlowEl[]) => els.reduce((h, e) => h + e.height, 0);
  const foot = [m.publisher, String(m.year)].filter(Boolean).join(' · ');
  const top = geo.textTop(cover.index);
  if (booklet.cover) {
    const a = booklet.cover.asset;
    const scale = Math.max(geo.width / a.width, geo.height / a.height);
    const w = a.width * scale;
    const h = a.height * scale;
    cover.items.push({ kind: 'image', asset: a, x: (geo.width - w) / 2, y: (geo.height - h) / 2, w, h });
    f.paragraph(text(m.title, m.at?.title), 'coverTitle', { override: { color: WHITE } });
    if (m.subtitle) f.paragraph(text(m.subtitle, m.at?.subtitle), 'coverSubtitle', { override: { color: WHITE } });
    f.paragraph(text(foot, m.at?.publisher), 'coverSubtitle', { override: { color: WHITE, size: 11, leading: 14, spaceAfter: 0 } });
    const els = f.els.splice(0);
    const bandTop = geo.height - geo.bleed - t.page.margins.bottom - stack(els) - 24;
    cover.items.push({ kind: 'rect', x: 0, y: bandTop, w: geo.width, h: geo.height - bandTop, fill: t.colors.accent });
    place(cover, els, geo, bandTop + 24 - top);
    return;
  }
  const bandH = geo.bleed + t.page.trimHeight * 0.46;
  cover.items.push({ kind: 'rect', x: 0, y: 0, w: geo.width, h: bandH, fill: t.colors.accent });
  f.paragraph(text(m.title, m.at?.title), 'coverTitle', { override: { color: WHITE, spaceAfter: 0 } });
  const title = f.els.splice(0);
  place(cover, title, geo, bandH - stack(title) - 24 - top);
  if (m.subtitle) f.paragraph(text(m.subtitle, m.at?.subtitle), 'coverSubtitle');
  place(cover, f.els.splice(0), geo, bandH - top + 24);
  f.paragraph(text(foot, m.at?.publisher), 'coverSubtitle', { override: { size: 11, leading: 14 } });
  place(cover, f.els.splice(0), geo, geo.textHeight - 14);
}

function opener(f: FlowBuilder, ep: Episode, t: Template, episodeWord: string, qo: string, qc: string, geo: PageGeometry): void {
  const text = (s: string, pos?: Pos): Inline[] => [pos ? { kind: 'text', text: s, pos } : { kind: 'text', text: s }];
  f.space(geo.textHeight * 0.12, true);
  f.paragraph(text(`${episodeWord} ${ep.number}`), 'kicker', { keepAll: true, keepWithNext: true });
  f.paragraph(text(ep.title, ep.at?.title), 'title', { keepAll: true, keepWithNext: true });
  // The headline's position is moved back by the opening quote, so that columns fall on the source.
  const hAt = ep.at?.headline;
  if (ep.headline) {
    const q = quoteHeadline(ep.headline, qo, qc);
    f.paragraph(text(q.text, hAt && { ...hAt, column: hAt.column - (q.added ? [...qo].length : 0) }), 'headline', { keepAll: true, keepWithNext: true });
  }
  f.rule(geo.textWidth * 0.18);
  f.space(t.styles.interviewee.leading * 0.6, true);
  f.paragraph(text(ep.interviewee, ep.at?.interviewee), 'interviewee', { keepAll: true, keepWithNext: true });
  if (ep.role) f.paragraph(text(ep.role, ep.at?.role), 'role', { keepAll: true, keepWithNext: true });
  if (ep.portrait) {
    f.image(ep.portrait.asset, geo.textWidth * 0.5, geo.textHeight * 0.32, undefined, true, 'left');
    if (ep.portrait.credit) f.paragraph(text(ep.portrait.credit, ep.at?.portrait_credit), 'caption', { keepAll: true, keepWithNext: true });
    else f.space(t.styles.caption.spaceAfter, true);
  }
  for (const p of ep.lede) f.paragraph(p, 'lede');
}

function footnotes(f: FlowBuilder, notes: { n: number; blocks: Block[] }[], title: string): void {
  if (!notes.length) return;
  f.space(12);
  f.rule(60);
  f.space(4, true);
  f.paragraph([{ kind: 'text', text: title }], 'footnote', { keepAll: true, keepWithNext: true, override: { style: 'italic' } });
  for (const n of notes) {
    let first = true;
    for (const b of n.blocks) {
      if (b.kind !== 'paragraph') continue;
      const label = first ? f.prefix(`${n.n}.`, 'footnote', f.style('footnote').color, f.style('footnote').size * 1.8) : undefined;
      f.paragraph(b.inlines, 'footnote', { pos: b.pos, prefix: label, hang: f.style('footnote').size * 1.8, indent: first ? 0 : f.style('footnote').size * 1.8 });
      first = false;
    }
  }
}

/** Place flow elements on a page from a y offset inside the text block. */
function place(page: Page, els: FlowEl[], geo: PageGeometry, top: number): void {
  let y = top;
  const placed: PlacedEl[] = [];
  for (const el of els) {
    placed.push({ el, y });
    y += el.height;
  }
  placeChunk(page, placed, geo);
}

function placeChunk(page: Page, chunk: PlacedEl[], geo: PageGeometry): void {
  const x0 = geo.textLeft(page.index);
  const y0 = geo.textTop(page.index);
  for (const { el, y } of chunk) {
    switch (el.kind) {
      case 'line':
        for (const r of el.runs) page.items.push({ ...r, x: x0 + el.x + r.x, y: y0 + y + el.baseline + r.y });
        if (!page.firstPos && el.pos) page.firstPos = el.pos;
        break;
      case 'image':
        page.items.push({ kind: 'image', asset: el.asset, x: x0 + el.x, y: y0 + y, w: el.width, h: el.height });
        break;
      case 'rule':
        page.items.push({ kind: 'line', x1: x0, y1: y0 + y, x2: x0 + el.width, y2: y0 + y, width: 0.5, color: [0, 0, 0, 60] });
        break;
      case 'space':
        break;
    }
  }
}

function folio(page: Page, geo: PageGeometry, t: Template, fonts: FontSet, ctx: FlowContext): void {
  const f = new FlowBuilder({ ...ctx, width: 60, grid: 0 });
  const recto = page.index % 2 === 0;
  const style: StyleName = 'folio';
  f.paragraph([{ kind: 'text', text: String(page.folio) }], style, { override: { align: recto ? 'right' : 'left', spaceAfter: 0, spaceBefore: 0 } });
  const line = f.els.find((e) => e.kind === 'line');
  if (!line || line.kind !== 'line') return;
  const x = recto ? geo.bleed + t.page.trimWidth - t.page.margins.outer - 60 : geo.bleed + t.page.margins.outer;
  const baseline = geo.bleed + t.page.trimHeight - t.page.margins.bottom / 2;
  for (const r of line.runs) page.items.push({ ...r, x: x + r.x, y: baseline + r.y } as PageItem);
  void fonts;
}
