/**
 * The table of contents (« Sommaire »): one entry per episode — number, interviewee, dot leaders,
 * page number, the headline below — and one for the preface. Its pages are reserved before the
 * episodes are laid out (the entries take the same room whatever the numbers: these sit in a
 * column of their own), then filled with the folios where each part really starts.
 * In the screen PDF each entry is a link to the named destination of its part's first page
 * (`dest`, set in layout/index.ts), tagged TOCI (its lines P) in one TOC; the dot leaders are artifacts.
 */
import type { Pos } from '../../model/types.js';
import { quoteHeadline } from '../../i18n/words.js';
import { FlowBuilder, type FlowEl, type LineEl } from '../flow.js';
import type { GlyphRun, LinkTarget, Page, StructTag } from '../types.js';
import { plain, type PartContext } from './context.js';

export interface ContentsEntry {
  /** Episode number (none for the preface). */
  number?: number;
  name: string;
  nameAt?: Pos;
  headline?: string;
  headlineAt?: Pos;
  /** Named destination of the part's first page (`Page.anchors`): the entry links there. */
  dest?: string;
}

export interface ReservedContents {
  /** Set the entries with the folio of the page where each starts (same order as the entries). */
  fill(folios: number[]): void;
}

/** Reserve the contents pages for these entries, right after what comes before (a verso facing the first episode, often). */
export function reserveContents(pc: PartContext, entries: ContentsEntry[]): ReservedContents {
  const { seq, words } = pc;
  seq.bookmark(words.contents);
  const pages: Page[] = seq.reserve(seq.count(contentsFlow(pc, entries)), 'contents');
  return {
    fill(folios) {
      if (folios.length !== entries.length) throw new Error('contents: one folio per entry expected');
      // Cannot happen: the numbers have a column of their own. Checked rather than assumed.
      if (!seq.fill(pages, contentsFlow(pc, entries, folios))) throw new Error('contents: the entries took another number of pages once numbered');
    },
  };
}

/** The contents as a flow; without folios, placeholders of the same height. */
export function contentsFlow(pc: PartContext, entries: ContentsEntry[], folios?: number[]): FlowEl[] {
  const { template: t, geo, words } = pc;
  const body = t.styles.body;
  // Column of the page numbers on the right, of the episode numbers on the left.
  const numBox = body.size * 2.5;
  const numCol = t.styles.kicker.size * 2.4;
  const width = geo.textWidth - numBox;
  const f = new FlowBuilder({ ...pc.flow, width, grid: 0 });
  const figures = new FlowBuilder({ ...pc.flow, width: numBox, grid: 0 });
  const numberStyle = { align: 'right' as const, indent: 0, spaceBefore: 0, spaceAfter: 0, features: [] };
  const dot = figures.paragraph(plain('.'), 'body', { override: numberStyle })[0]?.runs[0];

  f.paragraph(plain(words.contents), 'prefaceTitle', { keepAll: true, keepWithNext: true });
  const toc: StructTag = { role: 'TOC' };
  entries.forEach((e, i) => {
    const item: StructTag = { role: 'TOCI', parent: toc };
    const nameTag: StructTag = { role: 'P', parent: item };
    // The entry's position is its episode's: a contents page's first entry tells the EPUB page map where the page starts.
    const name = f.paragraph(plain(e.name, e.nameAt), 'interviewee', {
      pos: e.nameAt,
      tag: nameTag,
      keepAll: true,
      keepWithNext: !!e.headline,
      indent: numCol,
      override: { spaceBefore: 0, spaceAfter: 0 },
    });
    // The episode number, in the column on the left of the first line.
    const number = e.number !== undefined ? figures.paragraph(plain(String(e.number)), 'kicker', { override: { align: 'left', spaceBefore: 0, spaceAfter: 0 } })[0] : undefined;
    // Drawn first, so that it is read first; `lineEnd: 'space'` gives readers a space after it (tagged.ts).
    if (name[0] && number) {
      const runs: GlyphRun[] = number.runs.map((r) => ({ ...r, x: r.x - name[0]!.x, y: 0, tag: nameTag }));
      const lastRun = runs.at(-1);
      if (lastRun) lastRun.lineEnd = 'space';
      name[0].runs.unshift(...runs);
    }
    const last = name.at(-1);
    const folio = figures.paragraph(plain(folios ? String(folios[i]) : '0'), 'body', { override: numberStyle })[0];
    if (last && folio) endWithNumber(last, folio, dot, width, nameTag);
    const lines = [...name];
    if (e.headline) {
      const q = quoteHeadline(e.headline, words.quoteOpen, words.quoteClose);
      // As in the opener: the position moves back by the opening quote, so that columns fall on the source.
      const at = e.headlineAt && { ...e.headlineAt, column: e.headlineAt.column - (q.added ? [...words.quoteOpen].length : 0) };
      lines.push(...f.paragraph(plain(q.text, at), 'role', { tag: { role: 'P', parent: item }, keepAll: true, indent: numCol, override: { spaceBefore: 0, spaceAfter: 0 } }));
    }
    if (e.dest) {
      const link: LinkTarget = { dest: e.dest };
      for (const l of lines) for (const r of l.runs) r.link = link;
    }
    f.space(body.leading * 0.6);
  });
  return f.els;
}

/** Append dot leaders (artifacts) and the page number (set right-aligned in its column, in the entry's element) to an entry's last line. */
function endWithNumber(line: LineEl, folio: LineEl, dot: GlyphRun | undefined, width: number, tag: StructTag): void {
  const end = (runs: GlyphRun[]) => Math.max(0, ...runs.map((r) => r.x + (r.dx.at(-1) ?? 0) + (r.advances.at(-1) ?? 0)));
  const start = (runs: GlyphRun[]) => Math.min(...runs.map((r) => r.x + (r.dx[0] ?? 0)));
  // Line runs are relative to the line's x; the number column starts at `width` in the text block.
  const shift = width - line.x;
  const numbers = folio.runs.map((r) => ({ ...r, x: r.x + shift, y: 0, tag }));
  const textEnd = end(line.runs);
  // A space for readers between the words and the number (the leaders are artifacts).
  const lastText = line.runs.at(-1);
  if (lastText) lastText.lineEnd = 'space';
  const numStart = start(numbers);
  if (dot) {
    const step = dot.size * 0.55;
    const gap = dot.size * 0.3;
    const w = dot.advances[0] ?? 0;
    // Dots on a grid of the text block, so that the leaders of all entries line up.
    const first = Math.ceil((line.x + textEnd + gap) / step);
    const lastDot = Math.floor((line.x + numStart - gap - w) / step);
    if (lastDot >= first) {
      const n = lastDot - first + 1;
      const gid = dot.gids[0]!;
      line.runs.push({
        ...dot,
        tag: undefined,
        artifact: true,
        x: first * step - line.x,
        y: 0,
        gids: new Uint16Array(n).fill(gid),
        dx: Float64Array.from({ length: n }, (_, k) => k * step),
        advances: new Float32Array(n).fill(w),
        text: Array(n).fill('.'),
      });
    }
  }
  line.runs.push(...numbers);
}
