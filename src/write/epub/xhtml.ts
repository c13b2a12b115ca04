/**
 * Block and Inline → XHTML. Every piece of text goes through `escapeText` and is recorded
 * (style + face) so the font embedder knows which characters each face must carry.
 */
import type { Block, ImageAsset, ImageRef, Inline } from '../../model/types.js';
import type { FaceStyle, StyleName, Template } from '../../template/types.js';
import type { Words } from '../../i18n/words.js';
import { toUri } from '../../util/uri.js';

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every character XML_INVALID can match: most texts have none, and are then left as they are. */
const XML_SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The text with every character XML forbids replaced by U+FFFD (shown, not silently dropped). */
export function xmlSafe(s: string): string {
  return XML_SUSPECT.test(s) ? s.replace(XML_INVALID, '\uFFFD') : s;
}

/** Escapes text for element content and attribute values (after `xmlSafe`). */
export function escapeText(s: string): string {
  return escapeSafe(xmlSafe(s));
}

/** Escapes text `xmlSafe` has already made safe. */
function escapeSafe(safe: string): string {
  return /[&<>"']/.test(safe) ? safe.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : safe;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `name="value"` pairs in the given order; undefined values are left out. */
export function attrs(a: Record<string, string | number | undefined>): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) s += ` ${k}="${escapeText(String(v))}"`;
  return s;
}

/** The href kept for a link (a valid URI), or undefined when the link must become plain text. */
export function safeHref(url: string): string | undefined {
  const u = url.trim();
  if (!/^(https?|mailto):/i.test(u)) return undefined;
  try {
    const parsed = new URL(u);
    if (parsed.protocol === 'mailto:') return parsed.pathname === '' ? undefined : toUri(parsed.href);
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '') return toUri(parsed.href);
  } catch {
    // not a URL: plain text
  }
  return undefined;
}

/** Receives every piece of visible text with the style and face it is set in. */
export type TextSink = (style: StyleName, face: FaceStyle, text: string) => void;

/** What rendering needs from the document being written. */
export interface RenderContext {
  template: Template;
  /** BCP 47 tag of the booklet. */
  lang: string;
  words: Words;
  use: TextSink;
  /** href of an image, relative to the content document. */
  imageHref: (asset: ImageAsset) => string;
  /** How many references to each note number this document has written so far. */
  noteRefs: Map<number, number>;
  /** Numbers of the notes this document has: a reference to any other stays unlinked. */
  noteNumbers: Set<number>;
  /** Page-break markers to write inside paragraphs, by the paragraph's inline array (page-list.ts). */
  marks?: Map<Inline[], { offset: number; html: string }[]>;
  /** Page-break markers written at the start and at the end of this document. */
  docStart?: string;
  docEnd?: string;
  /** While a paragraph with markers is written: its text offset so far and the markers left. */
  cursor?: { at: number; marks: { offset: number; html: string }[] };
}

/**
 * The markers at offset 0 of a paragraph, taken out so that the caller writes them before what it
 * puts ahead of the text (a question's ornament, a note's number), as the print page starts there.
 */
export function leadingMarks(ctx: RenderContext, inlines: Inline[]): string {
  const list = ctx.marks?.get(inlines);
  if (!list) return '';
  let out = '';
  while (list.length && list[0]!.offset <= 0) out += list.shift()!.html;
  return out;
}

/** Writes `s` (a piece of length `s.length` in the anchor text) with the markers that fall inside it. */
function marked(ctx: RenderContext, s: string, write: (piece: string) => string): string {
  const c = ctx.cursor;
  if (!c || c.marks.length === 0 || c.marks[0]!.offset >= c.at + s.length) {
    if (c) c.at += s.length;
    return write(s);
  }
  let out = '';
  let from = 0;
  while (c.marks.length && c.marks[0]!.offset < c.at + s.length) {
    const cut = Math.max(from, c.marks[0]!.offset - c.at);
    if (cut > from) out += write(s.slice(from, cut));
    out += c.marks.shift()!.html;
    from = cut;
  }
  if (from < s.length) out += write(s.slice(from));
  c.at += s.length;
  return out;
}

/** The text style in force: a template style, and whether em/strong are open. */
export interface InlineState {
  style: StyleName;
  em: boolean;
  strong: boolean;
}

/** The face a run is set in: `em` flips italic (roman inside an italic style), `strong` adds bold. */
export function faceFor(base: FaceStyle, em: boolean, strong: boolean): FaceStyle {
  const baseItalic = base === 'italic' || base === 'boldItalic';
  const italic = em ? !baseItalic : baseItalic;
  const bold = base === 'bold' || base === 'boldItalic' || strong;
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** Escapes `text` and records it in the face of `st`. */
export function text(ctx: RenderContext, st: InlineState, s: string): string {
  const safe = xmlSafe(s);
  ctx.use(st.style, faceFor(ctx.template.styles[st.style].style, st.em, st.strong), safe);
  return escapeSafe(safe);
}

export function plain(style: StyleName): InlineState {
  return { style, em: false, strong: false };
}

export function renderInlines(ctx: RenderContext, st: InlineState, inlines: Inline[]): string {
  const marks = ctx.cursor === undefined ? ctx.marks?.get(inlines) : undefined;
  if (marks !== undefined && marks.length > 0) {
    ctx.cursor = { at: 0, marks };
    let out = inlinesHtml(ctx, st, inlines);
    // A marker past the last character (never made by the layout) still gets written.
    out += marks.splice(0).map((m) => m.html).join('');
    ctx.cursor = undefined;
    return out;
  }
  return inlinesHtml(ctx, st, inlines);
}

function inlinesHtml(ctx: RenderContext, st: InlineState, inlines: Inline[]): string {
  let out = '';
  for (const i of inlines) {
    switch (i.kind) {
      case 'text':
        out += marked(ctx, i.text, (s) => text(ctx, st, s));
        break;
      case 'code':
        out += `<code>${marked(ctx, i.text, (s) => text(ctx, st, s))}</code>`;
        break;
      case 'emphasis':
        out += `<em>${inlinesHtml(ctx, { ...st, em: true }, i.children)}</em>`;
        break;
      case 'strong':
        out += `<strong>${inlinesHtml(ctx, { ...st, strong: true }, i.children)}</strong>`;
        break;
      case 'link': {
        const href = safeHref(i.url);
        const inner = inlinesHtml(ctx, st, i.children);
        out += href === undefined ? inner : `<a${attrs({ href })}>${inner}</a>`;
        break;
      }
      case 'sup':
        out += `<sup>${inlinesHtml(ctx, st, i.children)}</sup>`;
        break;
      case 'footnoteRef': {
        out += marked(ctx, String(i.n), () => '');
        if (!ctx.noteNumbers.has(i.n)) {
          out += `<sup class="noteref">${text(ctx, st, String(i.n))}</sup>`;
          break;
        }
        const count = (ctx.noteRefs.get(i.n) ?? 0) + 1;
        ctx.noteRefs.set(i.n, count);
        const id = count === 1 ? `fnref-${i.n}` : `fnref-${i.n}-${count}`;
        const a = attrs({ 'epub:type': 'noteref', role: 'doc-noteref', href: `#fn-${i.n}`, id });
        out += `<sup class="noteref"><a${a}>${text(ctx, st, String(i.n))}</a></sup>`;
        break;
      }
      case 'break':
        out += marked(ctx, '\u2028', () => '') + '<br/>';
        break;
    }
  }
  return out;
}

/** Where blocks are written: top level of a section (questions become headings) or nested. */
export interface BlockState {
  /** Text style of paragraphs and list items here (`body`, or `footnote` in notes). */
  style: StyleName;
  /** Inside a list item or a note: questions and intertitles are paragraphs, not headings. */
  nested: boolean;
  /** Set once an intertitle (h2) has been written: later questions are h3. */
  afterIntertitle: boolean;
  /** List nesting depth (for the list marker characters). */
  listDepth: number;
}

export function topLevel(): BlockState {
  return { style: 'body', nested: false, afterIntertitle: false, listDepth: 0 };
}

export function renderBlocks(ctx: RenderContext, bs: BlockState, blocks: Block[]): string {
  let out = '';
  for (const b of blocks) out += renderBlock(ctx, bs, b);
  return out;
}

function renderBlock(ctx: RenderContext, bs: BlockState, b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${renderInlines(ctx, plain(bs.style), b.inlines)}</p>\n`;
    case 'question': {
      const inner = leadingMarks(ctx, b.inlines) + questionMarker(ctx) + renderInlines(ctx, plain('question'), b.inlines);
      if (bs.nested) return `<p class="question">${inner}</p>\n`;
      const h = bs.afterIntertitle ? 'h3' : 'h2';
      return `<${h} class="question">${inner}</${h}>\n`;
    }
    case 'heading': {
      const inner = renderInlines(ctx, plain('heading'), b.inlines);
      if (bs.nested) return `<p class="intertitle">${inner}</p>\n`;
      bs.afterIntertitle = true;
      return `<h2 class="intertitle">${inner}</h2>\n`;
    }
    case 'pullquote': {
      const a = attrs({ class: 'pullquote', 'epub:type': 'pullquote', role: 'doc-pullquote' });
      const ps = b.paragraphs.map((p) => `<p>${renderInlines(ctx, plain('pullquote'), p)}</p>\n`).join('');
      return `<aside${a}>\n${ps}</aside>\n`;
    }
    case 'list':
      return renderList(ctx, bs, b);
    case 'image':
      return renderFigure(ctx, b.image, 'image');
    case 'break':
      return '<hr class="break"/>\n';
  }
}

function renderList(ctx: RenderContext, bs: BlockState, b: Extract<Block, { kind: 'list' }>): string {
  const depth = bs.listDepth + 1;
  const inner: BlockState = { style: bs.style, nested: true, afterIntertitle: bs.afterIntertitle, listDepth: depth };
  // List markers are drawn in the item's font: record their characters too.
  const marker = b.ordered
    ? Array.from({ length: b.items.length }, (_, k) => `${b.start + k}.`).join('')
    : (['\u2022', '\u25E6', '\u25AA'][Math.min(depth, 3) - 1] ?? '\u2022');
  text(ctx, plain(bs.style), marker);
  let out = b.ordered ? `<ol${attrs({ start: b.start !== 1 ? b.start : undefined })}>\n` : '<ul>\n';
  for (const item of b.items) {
    const only = item.length === 1 ? item[0] : undefined;
    const body =
      only?.kind === 'paragraph' ? renderInlines(ctx, plain(bs.style), only.inlines) : '\n' + renderBlocks(ctx, inner, item);
    out += `<li>${body}</li>\n`;
  }
  return out + (b.ordered ? '</ol>\n' : '</ul>\n');
}

/** The template's question ornament, hidden from assistive technology (the heading is the semantics). */
function questionMarker(ctx: RenderContext): string {
  const m = ctx.template.question.marker;
  if (m.trim() === '') return '';
  return `<span class="marker" aria-hidden="true">${text(ctx, plain('question'), m)}</span> `;
}

/** True when the alt text marks a purely decorative image. */
export function isDecorative(image: ImageRef): boolean {
  return image.alt.trim().toLowerCase() === 'decorative';
}

/** `<img>` with its alt text; decorative images get an empty alt and role presentation. */
export function renderImg(ctx: RenderContext, image: ImageRef): string {
  const decorative = isDecorative(image);
  return `<img${attrs({
    src: ctx.imageHref(image.asset),
    alt: decorative ? '' : image.alt,
    role: decorative ? 'presentation' : undefined,
    width: image.asset.width > 0 ? image.asset.width : undefined,
    height: image.asset.height > 0 ? image.asset.height : undefined,
  })}/>`;
}

/** An image in a `<figure>`, with its caption and credit in the `<figcaption>`. */
export function renderFigure(ctx: RenderContext, image: ImageRef, cls: string): string {
  let caption = '';
  if (image.caption !== undefined && image.caption.length > 0) {
    caption += `<span class="caption-text">${renderInlines(ctx, plain('caption'), image.caption)}</span>`;
  }
  if (image.credit !== undefined && image.credit.trim() !== '') {
    caption += (caption === '' ? '' : ' ') + `<span class="credit">${text(ctx, plain('caption'), image.credit)}</span>`;
  }
  const fig = caption === '' ? '' : `\n<figcaption>${caption}</figcaption>`;
  return `<figure class="${cls}">\n${renderImg(ctx, image)}${fig}\n</figure>\n`;
}

/** A complete XHTML content document. `body` is already-escaped markup. */
export function xhtmlDocument(o: { lang: string; title: string; cssHref?: string; bodyClass?: string; body: string; ctx?: RenderContext }): string {
  const css = o.cssHref === undefined ? '' : `<link rel="stylesheet" type="text/css"${attrs({ href: o.cssHref })}/>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE html>\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"${attrs({ lang: o.lang, 'xml:lang': o.lang })}>\n` +
    '<head>\n<meta charset="UTF-8"/>\n' +
    `<title>${escapeText(o.title)}</title>\n` +
    css +
    '</head>\n' +
    `<body${attrs({ class: o.bodyClass })}>\n${o.ctx?.docStart ?? ''}${o.body}${o.ctx?.docEnd ?? ''}</body>\n</html>\n`
  );
}
