/** The content documents: cover, title page, preface and one per episode. */
import type { ColophonText } from '../../layout/types.js';
import { quoteHeadline } from '../../i18n/words.js';
import type { BookletMeta, Episode, Footnote, Section } from '../../model/types.js';
import {
  attrs,
  leadingMarks,
  plain,
  renderBlocks,
  renderFigure,
  renderInlines,
  text,
  topLevel,
  xhtmlDocument,
  type BlockState,
  type RenderContext,
} from './xhtml.js';

const CSS = 'css/booklet.css';

/** The headline between the language's quotation marks, unless the author already put some. */
export function quotedHeadline(headline: string, ctx: Pick<RenderContext, 'words'>): string {
  return quoteHeadline(headline, ctx.words.quoteOpen, ctx.words.quoteClose).text;
}

/** "3. André Jeannerot — « Headline »": the label of an episode in the contents and the NCX. */
export function episodeLabel(ep: Episode, ctx: Pick<RenderContext, 'words'>): string {
  const tail = ep.headline !== undefined && ep.headline.trim() !== '' ? quotedHeadline(ep.headline, ctx) : ep.title;
  return `${ep.number}. ${ep.interviewee} — ${tail}`;
}

export function prefaceTitle(preface: Section, ctx: Pick<RenderContext, 'words'>): string {
  return preface.title !== undefined && preface.title.trim() !== '' ? preface.title : ctx.words.preface;
}

export function episodeDocument(ctx: RenderContext, ep: Episode): string {
  const w = ctx.words;
  ctx.noteNumbers = new Set(ep.footnotes.map((f) => f.n));
  let h = '';
  h += `<p class="kicker">${text(ctx, plain('kicker'), `${w.episode} ${ep.number}`)}</p>\n`;
  h += `<h1 class="title" id="episode-title">${text(ctx, plain('title'), ep.title)}</h1>\n`;
  if (ep.headline !== undefined && ep.headline.trim() !== '') {
    h += `<p class="headline">${text(ctx, plain('headline'), quotedHeadline(ep.headline, ctx))}</p>\n`;
  }
  h += `<p class="interviewee">${text(ctx, plain('interviewee'), ep.interviewee)}</p>\n`;
  if (ep.role !== undefined && ep.role.trim() !== '') h += `<p class="role">${text(ctx, plain('role'), ep.role)}</p>\n`;
  if (ep.portrait !== undefined) h += renderFigure(ctx, ep.portrait, 'portrait');
  for (const p of ep.lede) h += `<p class="lede">${renderInlines(ctx, plain('lede'), p)}</p>\n`;

  const section =
    `<section${attrs({ class: 'episode', id: `episode-${ep.number}`, 'epub:type': 'chapter', role: 'doc-chapter', 'aria-labelledby': 'episode-title' })}>\n` +
    `<header class="opener">\n${h}</header>\n` +
    renderBlocks(ctx, topLevel(), ep.blocks) +
    renderNotes(ctx, ep.footnotes) +
    '</section>\n';
  return xhtmlDocument({ lang: ctx.lang, title: episodeLabel(ep, ctx), cssHref: CSS, body: section, ctx });
}

export function prefaceDocument(ctx: RenderContext, preface: Section): string {
  const title = prefaceTitle(preface, ctx);
  ctx.noteNumbers = new Set(preface.footnotes.map((f) => f.n));
  const section =
    `<section${attrs({ class: 'preface', 'epub:type': 'preface', role: 'doc-preface', 'aria-labelledby': 'preface-title' })}>\n` +
    `<h1 class="preface-title" id="preface-title">${text(ctx, plain('prefaceTitle'), title)}</h1>\n` +
    renderBlocks(ctx, topLevel(), preface.blocks) +
    renderNotes(ctx, preface.footnotes) +
    '</section>\n';
  return xhtmlDocument({ lang: ctx.lang, title, cssHref: CSS, body: section, ctx });
}

/** Notes at the end of a section: one `<aside>` each, with a link back to the (first) reference. */
function renderNotes(ctx: RenderContext, notes: Footnote[]): string {
  if (notes.length === 0) return '';
  // Headed "Notes" as in print; the id is unique in the document (one notes section each).
  let out = `<section${attrs({ class: 'notes', 'aria-labelledby': 'notes-title' })}>\n`;
  out += `<h2 class="notes-title" id="notes-title">${text(ctx, { style: 'footnote', em: true, strong: false }, ctx.words.notes)}</h2>\n`;
  for (const fn of [...notes].sort((a, b) => a.n - b.n)) {
    const bs: BlockState = { ...topLevel(), style: 'footnote', nested: true };
    // A page that starts with this note starts with its number.
    const first = fn.blocks[0];
    const lead = first?.kind === 'paragraph' ? leadingMarks(ctx, first.inlines) : '';
    const label = `<span class="note-label">${text(ctx, plain('footnote'), `${fn.n}.`)}</span> `;
    const back =
      ctx.noteRefs.has(fn.n)
        ? ` <a${attrs({ href: `#fnref-${fn.n}`, role: 'doc-backlink', 'aria-label': `${ctx.words.backToText} (${fn.n})` })}>${text(ctx, plain('footnote'), '\u2191')}</a>`
        : '';
    let body = renderBlocks(ctx, bs, fn.blocks);
    // The label opens the first paragraph and the back link closes the last one, when there are paragraphs.
    body = body.startsWith('<p>') ? '<p>' + lead + label + body.slice(3) : `<p>${lead}${label}</p>\n` + body;
    const end = body.lastIndexOf('</p>\n');
    body = end === body.length - 5 ? body.slice(0, end) + back + '</p>\n' : body + (back === '' ? '' : `<p>${back.trim()}</p>\n`);
    out += `<aside${attrs({ class: 'footnote', 'epub:type': 'footnote', role: 'doc-footnote', id: `fn-${fn.n}` })}>\n${body}</aside>\n`;
  }
  return out + '</section>\n';
}

export function titlePageDocument(ctx: RenderContext, meta: BookletMeta): string {
  let b = `<section${attrs({ class: 'titlepage', 'epub:type': 'titlepage', 'aria-labelledby': 'book-title' })}>\n`;
  b += `<h1 class="book-title" id="book-title">${text(ctx, plain('coverTitle'), meta.title)}</h1>\n`;
  if (meta.subtitle) b += `<p class="book-subtitle">${text(ctx, plain('coverSubtitle'), meta.subtitle)}</p>\n`;
  if (meta.edition) b += `<p class="edition">${text(ctx, plain('role'), meta.edition)}</p>\n`;
  if (meta.publisher) b += `<p class="publisher">${text(ctx, plain('interviewee'), meta.publisher)}</p>\n`;
  b += `<p class="year">${text(ctx, plain('role'), String(meta.year))}</p>\n`;
  b += '</section>\n';
  return xhtmlDocument({ lang: ctx.lang, title: meta.title, cssHref: CSS, body: b, ctx });
}

/** The colophon: the booklet's `colophon:` text, paragraphs and lines as written. */
export function colophonDocument(ctx: RenderContext, meta: BookletMeta, printed?: ColophonText): string {
  // No visible heading: the printed colophon has none (the name is for assistive technology).
  let b = `<section${attrs({ class: 'colophon', 'epub:type': 'colophon', role: 'doc-colophon', 'aria-label': ctx.words.colophon })}>\n`;
  if (printed) {
    // The print edition's lines, word for word (fonts, build date, printing line included).
    for (const l of printed.lines) b += `<p>${text(ctx, plain('footnote'), l)}</p>\n`;
    for (const l of printed.printed) b += `<p class="printed">${text(ctx, plain('footnote'), l)}</p>\n`;
    b += '</section>\n';
    return xhtmlDocument({ lang: ctx.lang, title: ctx.words.colophon, cssHref: CSS, body: b, ctx });
  }
  const lines = [[meta.title, meta.subtitle].filter(Boolean).join(' — ')];
  if (meta.edition) lines.push(meta.edition);
  lines.push(meta.publisher ? `${meta.publisher}, ${meta.year}.` : String(meta.year));
  if (meta.isbn) lines.push(`ISBN ${meta.isbn}`);
  for (const l of lines) b += `<p>${text(ctx, plain('footnote'), l)}</p>\n`;
  if (meta.colophon !== undefined && meta.colophon.trim() !== '') {
    for (const para of meta.colophon.trim().split(/\n\s*\n/)) {
      const ls = para.split('\n').map((l) => text(ctx, plain('footnote'), l.trim()));
      b += `<p class="printed">${ls.join('<br/>')}</p>\n`;
    }
  }
  b += '</section>\n';
  return xhtmlDocument({ lang: ctx.lang, title: ctx.words.colophon, cssHref: CSS, body: b, ctx });
}

/** The cover: the cover image, or the picture of the print cover; its alt text is the title. */
export function coverDocument(ctx: RenderContext, meta: BookletMeta, cover: { href: string; width: number; height: number }): string {
  const alt = [meta.title, meta.subtitle].filter(Boolean).join(' — ');
  const img = `<img${attrs({ src: cover.href, alt, 'epub:type': 'cover', role: 'doc-cover', width: cover.width || undefined, height: cover.height || undefined })}/>`;
  const body = `<section class="cover">\n${img}\n</section>\n`;
  return xhtmlDocument({ lang: ctx.lang, title: `${ctx.words.cover} — ${meta.title}`, cssHref: CSS, body, ctx });
}
