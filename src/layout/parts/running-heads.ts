/**
 * Running heads: a line in the head (or foot) margin of the pages that carry running text. What a
 * verso and a recto show is the template's choice (`runningHeads.verso` / `.recto`: the booklet's
 * title, the episode's title, interviewee or headline, or nothing). Pages of the preface show the
 * booklet's title and the preface's. No running head on covers, blank pages, title, contents,
 * preface and episode openers: only on the pages that continue a part (kind `body`).
 * A head that is too long for its measure is shortened at a word, with an ellipsis; it never
 * runs into the folio when both sit in the same margin.
 */
import type { EpisodeHead } from '../../model/types.js';
import type { RunningHeadSource } from '../../template/types.js';
import { DiagnosticBag } from '../../diagnostics.js';
import type { FlowContext } from '../flow.js';
import type { PageGeometry } from '../geometry.js';
import type { Page } from '../types.js';
import { folioText, lineWidth, marginBaseline, marginLine } from './folio.js';
import type { PartContext } from './context.js';

/** What a page's running head is drawn from: an episode, or a part with a title of its own. */
type Part = { episode: EpisodeHead } | { title: string };

/** The text of the running head of `page`, or undefined for none. */
export function runningHeadText(page: Page, part: Part | undefined, pc: PartContext): string | undefined {
  if (page.kind !== 'body' || !part) return undefined;
  const rh = pc.template.runningHeads;
  const recto = page.index % 2 === 0;
  const source: RunningHeadSource = recto ? rh.recto : rh.verso;
  if (source === 'none') return undefined;
  if (source === 'series') return pc.booklet.meta.title;
  if ('title' in part) return part.title;
  const ep = part.episode;
  if (source === 'title') return ep.title;
  if (source === 'headline') return ep.headline ?? ep.interviewee;
  return ep.interviewee;
}

/**
 * Draws the running heads, page after page in index order (after the folios, whose place they avoid):
 * what a page shows depends on the part it continues.
 */
export class RunningHeads {
  private readonly byNumber: Map<number, EpisodeHead>;
  private readonly quiet: FlowContext;
  private readonly prefaceTitle: string | undefined;
  private part: Part | undefined;

  constructor(private readonly pc: PartContext) {
    this.byNumber = new Map(pc.booklet.heads.map((e) => [e.number, e]));
    this.quiet = { ...pc.flow, bag: new DiagnosticBag() };
    this.prefaceTitle = pc.booklet.preface ? (pc.booklet.preface.title ?? pc.words.preface) : undefined;
  }

  apply(page: Page): void {
    // A part starts on its first page; covers, blanks and the other parts end the one before.
    if (page.kind === 'opener') {
      const ep = page.episode !== undefined ? this.byNumber.get(page.episode) : undefined;
      this.part = ep ? { episode: ep } : undefined;
    } else if (page.kind === 'preface') this.part = this.prefaceTitle !== undefined ? { title: this.prefaceTitle } : undefined;
    else if (page.kind !== 'body') this.part = undefined;
    const text = runningHeadText(page, this.part, this.pc);
    // A character no font has is reported where the text is printed first (cover, opener), at its position.
    if (text !== undefined && text.trim() !== '') head(page, text, this.pc.geo, this.quiet);
  }
}

/** Gap between a running head and a folio on the same line, in em of the head's size. */
const GAP_EM = 1.5;

function head(page: Page, text: string, geo: PageGeometry, ctx: FlowContext): void {
  const t = ctx.template;
  const rh = t.runningHeads;
  const recto = page.index % 2 === 0;
  const style = t.styles.runningHead;
  const gap = style.size * GAP_EM;
  // The measure: the text block, less the folio's corner when the folio shares the margin.
  let left = geo.textLeft(page.index);
  let right = left + geo.textWidth;
  if (page.showFolio && t.folio.position === rh.position) {
    const fw = lineWidth(folioText(page, ctx), 'folio', ctx) + gap;
    if (t.folio.align === 'outer') {
      if (recto) right -= fw;
      else left += fw;
      // Centred heads stay centred on the page's text block: take the same room on the other side.
      if (rh.align === 'center') {
        if (recto) left += fw;
        else right -= fw;
      }
    } else if (rh.align !== 'center') {
      // A centred folio: an inner or outer head keeps to its half.
      const mid = (left + right) / 2;
      if ((rh.align === 'outer') === recto) left = mid + fw / 2;
      else right = mid - fw / 2;
    }
  }
  const width = right - left;
  if (width <= style.size) return;
  const fitted = fit(text, width, ctx);
  if (fitted === undefined) return;
  const align = rh.align === 'center' ? 'center' : (rh.align === 'outer') === recto ? 'right' : 'left';
  const baseline = marginBaseline(rh.position, geo, ctx);
  marginLine(page, fitted, 'runningHead', align, left, baseline, width, ctx);
  if (rh.rule) {
    // A hairline across the text block, between the head and the text.
    const y = rh.position === 'top' ? baseline + style.leading * 0.5 : baseline - style.size - style.leading * 0.3;
    const x0 = geo.textLeft(page.index);
    page.items.push({ kind: 'line', x1: x0, y1: y, x2: x0 + geo.textWidth, y2: y, width: 0.4, color: t.colors.rule });
  }
}

/** `text` as it is if it fits `width`, else cut at a word with an ellipsis; undefined if nothing fits. */
export function fit(text: string, width: number, ctx: FlowContext): string | undefined {
  const s = text.replace(/\s+/g, ' ').trim();
  if (lineWidth(s, 'runningHead', ctx) <= width) return s;
  const words = s.split(' ');
  for (let n = words.length - 1; n >= 1; n--) {
    const cut = words.slice(0, n).join(' ').replace(/[\s,;:.–—-]+$/, '') + '…';
    if (lineWidth(cut, 'runningHead', ctx) <= width) return cut;
  }
  return undefined;
}
