/**
 * The model room: validated sources + mdast → Booklet.
 */
import { slugify } from '../util/slug.js';
import { createHash } from 'node:crypto';
import type { Definition, FootnoteDefinition, PhrasingContent, Root, RootContent } from 'mdast';
import { DiagnosticBag, type Diagnostic } from '../diagnostics.js';
import type { EpisodeFrontMatter, MarkdownSource, SourceSet } from '../load/types.js';
import { typographyText } from '../transform/french.js';
import { roleOf } from '../transform/interview.js';
import { episodeText, typesetEpisode, typesetMarkdown, type Typeset, type TypesetEpisode } from './typeset.js';
import type { Block, Booklet, BookletMeta, Episode, EpisodeHead, FieldPositions, Footnote, ImageAsset, ImageRef, Inline, Pos, Section } from './types.js';
import { inlineText } from './types.js';

/** Resolves an image reference found at a position; reports problems into the bag. */
export type ImageResolve = (ref: string, at: Pos, bag: DiagnosticBag) => Promise<ImageAsset | undefined>;

export interface ModelOptions {
  questionMarkers: string[];
  /** SOURCE_DATE_EPOCH in seconds, if set. */
  sourceDateEpoch?: number;
  templateName: string;
}

/** Episode `i` of the sources parsed and typeset: here, or ahead on a worker thread (src/model/typeset-ahead.ts). */
export type EpisodeTypesetter = (i: number) => TypesetEpisode | Promise<TypesetEpisode>;

/** The whole model at once (`check`, watch, tests): see BookletBuilder. */
export async function buildBooklet(src: SourceSet, opts: ModelOptions, resolveImage: ImageResolve, bag: DiagnosticBag): Promise<Booklet> {
  const b = new BookletBuilder(src, opts, resolveImage);
  await b.start();
  while (await b.next());
  for (const d of b.diagnostics()) bag.add(d);
  return b.booklet;
}

/**
 * The model room, one episode at a time, so that a build can lay out an episode while the next
 * ones are parsed on another thread (src/pipeline.ts). start() makes the booklet with every
 * episode's head (front matter), the preface and the cover; each next() adds one episode.
 * Whatever the pace, the booklet, its images' order and the diagnostics' order are those of
 * making it all at once: the episodes' diagnostics first, then the preface's, the cover's and
 * booklet.yaml's.
 */
export class BookletBuilder {
  readonly booklet: Booklet;
  private readonly lang: string;
  private readonly episodesBag = new DiagnosticBag();
  private readonly restBag = new DiagnosticBag();
  private readonly episodeImages: ImageAsset[] = [];
  private readonly restImages: ImageAsset[] = [];
  /** The sources of the episodes not made yet (let go one by one). */
  private readonly sources: (MarkdownSource<EpisodeFrontMatter> | undefined)[];
  private readonly typesetter: EpisodeTypesetter;
  /** booklet.yaml's diagnostics, which come last. */
  private readonly metaDiagnostics: Diagnostic[];

  constructor(
    private src: SourceSet | undefined,
    opts: ModelOptions,
    private readonly resolveImage: ImageResolve,
    typesetter?: EpisodeTypesetter,
  ) {
    const lang = (this.lang = src!.config.language);
    this.sources = [...src!.episodes];
    this.typesetter = typesetter ?? ((i) => typesetEpisode(episodeText(this.sources[i]!), lang, opts.questionMarkers));
    const metaBag = new DiagnosticBag();
    this.booklet = { meta: buildMeta(src!, opts, metaBag), preface: undefined, heads: src!.episodes.map((e) => episodeHead(e, lang)), episodes: [], images: [] };
    this.metaDiagnostics = metaBag.items;
  }

  /** The preface and the cover (the episodes come with next()). */
  async start(): Promise<void> {
    const src = this.src!;
    const lang = this.lang;
    const useImage = this.user(this.restImages, this.restBag);
    if (src.preface) {
      const conv = new Converter(src.preface.file, src.preface.bodyLine, useImage, this.restBag);
      const tree = treeOf(typesetMarkdown(src.preface.body, lang, src.preface.file, src.preface.bodyLine), this.restBag);
      const blocks = await conv.blocks(tree.children, tree);
      const title = src.preface.data.title === undefined ? undefined : typographyText(src.preface.data.title, lang);
      const titleAt = positions(src.preface.file, src.preface.keys, ['title']).title;
      this.booklet.preface = { title, ...(titleAt ? { titleAt } : {}), blocks, footnotes: await conv.footnotes(), file: src.preface.file };
    }
    if (src.config.cover_image) {
      const k = src.configKeys.cover_image ?? { line: 1, column: 1 };
      const asset = await useImage(src.config.cover_image, { file: src.configFile, line: k.line, column: k.column });
      if (asset) this.booklet.cover = { asset, alt: src.config.title };
    }
    for (const d of this.metaDiagnostics) this.restBag.add(d);
    if (this.sources.length === 0) this.collectImages();
    // The episodes' sources are kept in `sources`, each until its episode is made.
    this.src = undefined;
  }

  /** Makes the next episode; false when there is none left. */
  async next(): Promise<boolean> {
    const i = this.booklet.episodes.length;
    const source = this.sources[i];
    if (!source) return false;
    const typeset = await this.typesetter(i);
    this.sources[i] = undefined;
    this.booklet.episodes.push(await buildEpisode(source, this.booklet.heads[i]!, typeset, this.user(this.episodeImages, this.episodesBag), this.episodesBag, this.lang));
    if (i + 1 === this.sources.length) this.collectImages();
    return true;
  }

  /** The booklet's images once the last episode is made: the episodes', then the preface's and the cover. */
  private collectImages(): void {
    this.booklet.images.push(...unique([...this.episodeImages, ...this.restImages]));
  }

  /** The episodes made so far. */
  get made(): number {
    return this.booklet.episodes.length;
  }

  /** Whether the episodes made so far or the preface, cover and booklet.yaml have an error. */
  get hasErrors(): boolean {
    return this.episodesBag.hasErrors || this.restBag.hasErrors;
  }

  /** The model's diagnostics so far, in the order of a model made at once. */
  diagnostics(): Diagnostic[] {
    return [...this.episodesBag.items, ...this.restBag.items];
  }

  private user(images: ImageAsset[], bag: DiagnosticBag): (ref: string, at: Pos) => Promise<ImageAsset | undefined> {
    return async (ref, at) => {
      const a = await this.resolveImage(ref, at, bag);
      if (a && !images.some((i) => i.path === a.path)) images.push(a);
      return a;
    };
  }
}

/** Images once each (by path), in the order given. */
function unique(images: ImageAsset[]): ImageAsset[] {
  const seen = new Set<string>();
  return images.filter((a) => !seen.has(a.path) && !!seen.add(a.path));
}

/** A typeset tree, its lint's diagnostics reported. */
function treeOf(t: Typeset, bag: DiagnosticBag): Root {
  for (const d of t.diagnostics) bag.add(d);
  return t.tree;
}

function episodeHead(src: MarkdownSource<EpisodeFrontMatter>, lang: string): EpisodeHead {
  const fm = src.data;
  const text = (s: string | undefined) => (s === undefined ? undefined : typographyText(s, lang));
  return {
    number: fm.episode,
    title: text(fm.title)!,
    interviewee: text(fm.interviewee)!,
    headline: text(fm.headline),
    role: text(fm.role),
    date: fm.date,
    file: src.file,
    at: positions(src.file, src.keys, ['title', 'interviewee', 'headline', 'role', 'portrait', 'portrait_credit']),
    slug: `episode-${String(fm.episode).padStart(2, '0')}-${slugify(fm.interviewee) || 'x'}`,
  };
}

type UseImage = (ref: string, at: Pos) => Promise<ImageAsset | undefined>;

async function buildEpisode(src: MarkdownSource<EpisodeFrontMatter>, head: EpisodeHead, typeset: TypesetEpisode, useImage: UseImage, bag: DiagnosticBag, lang: string): Promise<Episode> {
  const fm = src.data;
  const text = (s: string | undefined) => (s === undefined ? undefined : typographyText(s, lang));
  const tree = treeOf(typeset.body, bag);
  const conv = new Converter(src.file, src.bodyLine, useImage, bag);

  // Standfirst: front matter `lede`, else the paragraphs before the first question.
  let lede: Inline[][] = [];
  let body = tree.children;
  if (typeset.lede) {
    const ledeLine = src.keys.lede?.line ?? 1;
    const ledeTree = treeOf(typeset.lede, bag);
    const lc = new Converter(src.file, ledeLine, useImage, bag);
    for (const b of await lc.blocks(ledeTree.children, ledeTree)) if (b.kind === 'paragraph') lede.push(b.inlines);
  } else {
    const firstQ = body.findIndex((n) => roleOf(n) === 'question');
    if (firstQ > 0 && body.slice(0, firstQ).every((n) => n.type === 'paragraph' || n.type === 'definition' || n.type === 'footnoteDefinition')) {
      const head = body.slice(0, firstQ).filter((n) => n.type === 'paragraph');
      for (const b of await conv.blocks(head, tree)) if (b.kind === 'paragraph') lede.push(b.inlines);
      body = body.slice(firstQ);
    }
  }

  let portrait: ImageRef | undefined;
  if (fm.portrait) {
    const k = src.keys.portrait ?? { line: 1, column: 1 };
    const asset = await useImage(fm.portrait, { file: src.file, line: k.line, column: k.column });
    if (asset) portrait = { asset, alt: text(fm.portrait_alt) ?? '', credit: text(fm.portrait_credit) };
  }

  const blocks = await conv.blocks(body, tree);
  return { ...head, lede, portrait, blocks, footnotes: await conv.footnotes() };
}

/** Where the values of `names` were written (for diagnostics about printed front-matter texts). */
function positions(file: string, keys: Record<string, { line: number; column: number }>, names: string[]): FieldPositions {
  const at: FieldPositions = {};
  for (const n of names) {
    const k = keys[n];
    if (k) at[n] = { file, line: k.line, column: k.column };
  }
  return at;
}

/** mdast → Block/Inline for one file, with positions mapped back to the file's lines. */
class Converter {
  private readonly footnoteOrder: string[] = [];
  private footnoteDefs = new Map<string, FootnoteDefinition>();
  private definitions = new Map<string, Definition>();
  private tree?: Root;

  constructor(
    private readonly file: string,
    private readonly bodyLine: number,
    private readonly useImage: UseImage,
    private readonly bag: DiagnosticBag,
  ) {}

  private pos(node: { position?: { start: { line: number; column: number } } }): Pos {
    const s = node.position?.start;
    return { file: this.file, line: (s?.line ?? 1) + this.bodyLine - 1, column: s?.column ?? 1 };
  }

  private index(tree: Root): void {
    if (this.tree === tree) return;
    this.tree = tree;
    const walk = (nodes: RootContent[]) => {
      for (const n of nodes) {
        if (n.type === 'definition') this.definitions.set(n.identifier, n);
        else if (n.type === 'footnoteDefinition') this.footnoteDefs.set(n.identifier, n);
        if ('children' in n && Array.isArray(n.children)) walk(n.children as RootContent[]);
      }
    };
    walk(tree.children);
  }

  async blocks(nodes: RootContent[], tree: Root): Promise<Block[]> {
    this.index(tree);
    const out: Block[] = [];
    for (const n of nodes) await this.block(n, out);
    return out;
  }

  private async block(n: RootContent, out: Block[]): Promise<void> {
    const pos = this.pos(n);
    switch (n.type) {
      case 'paragraph': {
        const inlines = await this.inlines(n.children, out);
        const isQuestion = roleOf(n) === 'question';
        if (inlines.length === 0 || inlineText(inlines).trim() === '') {
          if (isQuestion) this.bag.warn(pos.file, pos.line, pos.column, 'question-empty', 'a question marker with no question after it — write the question after the marker or remove the marker');
          return;
        }
        // Images pulled out of the paragraph were pushed to `out` already; keep the text after them.
        out.push({ kind: isQuestion ? 'question' : 'paragraph', inlines, pos });
        return;
      }
      case 'heading': {
        const inlines = await this.inlines(n.children, out);
        if (roleOf(n) === 'question') out.push({ kind: 'question', inlines, pos });
        else out.push({ kind: 'heading', inlines, pos });
        return;
      }
      case 'blockquote': {
        const paragraphs: Inline[][] = [];
        for (const c of n.children) {
          if (c.type === 'paragraph') paragraphs.push(await this.inlines(c.children, out));
          else {
            const inner: Block[] = [];
            await this.block(c, inner);
            for (const b of inner) if (b.kind === 'paragraph' || b.kind === 'question' || b.kind === 'heading') paragraphs.push(b.inlines);
          }
        }
        if (paragraphs.length) out.push({ kind: 'pullquote', paragraphs, pos });
        return;
      }
      case 'list': {
        const items: Block[][] = [];
        for (const item of n.children) {
          const blocks: Block[] = [];
          for (const c of item.children) await this.block(c, blocks);
          items.push(blocks);
        }
        out.push({ kind: 'list', ordered: !!n.ordered, start: n.start ?? 1, items, pos });
        return;
      }
      case 'code':
        out.push({ kind: 'paragraph', inlines: [{ kind: 'code', text: n.value, pos }], pos });
        return;
      case 'thematicBreak':
        out.push({ kind: 'break', pos });
        return;
      case 'html':
        this.rawHtml(n.value, pos);
        return;
      case 'definition':
      case 'footnoteDefinition':
        return; // used through references
      case 'table':
        this.bag.warn(pos.file, pos.line, pos.column, 'unsupported-table', 'tables are not supported in a booklet and were left out — write the content as paragraphs or a list');
        return;
      default:
        this.bag.warn(pos.file, pos.line, pos.column, 'unsupported-markdown', `this kind of Markdown (${n.type}) is not supported and was left out — use paragraphs, lists, quotes or images`);
    }
  }

  private rawHtml(value: string, pos: Pos): void {
    this.bag.warn(
      pos.file,
      pos.line,
      pos.column,
      'raw-html',
      `raw HTML ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)} is not passed through and was left out — use Markdown instead (*italic*, **bold**, [link](url))`,
    );
  }

  /** Phrasing content → Inline[]; images are moved out as image blocks into `out`. */
  private async inlines(nodes: PhrasingContent[], out: Block[]): Promise<Inline[]> {
    const res: Inline[] = [];
    for (const n of nodes) {
      const pos = this.pos(n);
      switch (n.type) {
        case 'text': {
          res.push({ kind: 'text', text: n.value, pos });
          // A note call whose definition is missing stays text: said, with what to add.
          const call = /\[\^([^\]\s]{1,100})\]/.exec(n.value);
          if (call) {
            this.bag.warn(pos.file, pos.line, pos.column, 'footnote-undefined', `the note call [^${call[1]}] has no note: it is printed as it is written — add its text at the end of the file on a line of its own, \`[^${call[1]}]: the note\`, or remove the call`);
          }
          break;
        }
        case 'emphasis':
          res.push({ kind: 'emphasis', children: await this.inlines(n.children, out) });
          break;
        case 'strong':
          res.push({ kind: 'strong', children: await this.inlines(n.children, out) });
          break;
        case 'delete':
          res.push(...(await this.inlines(n.children, out)));
          break;
        case 'inlineCode':
          res.push({ kind: 'code', text: n.value, pos });
          break;
        case 'superscript':
          res.push({ kind: 'sup', children: await this.inlines(n.children, out) });
          break;
        case 'break':
          res.push({ kind: 'break' });
          break;
        case 'link':
          res.push(...this.link(n.url, await this.inlines(n.children, out), pos));
          break;
        case 'linkReference': {
          const def = this.definitions.get(n.identifier);
          const children = await this.inlines(n.children, out);
          res.push(...(def ? this.link(def.url, children, pos) : children));
          break;
        }
        case 'footnoteReference': {
          let idx = this.footnoteOrder.indexOf(n.identifier);
          if (idx < 0) {
            this.footnoteOrder.push(n.identifier);
            idx = this.footnoteOrder.length - 1;
          }
          res.push({ kind: 'footnoteRef', n: idx + 1 });
          break;
        }
        case 'image':
        case 'imageReference': {
          const url = n.type === 'image' ? n.url : this.definitions.get(n.identifier)?.url;
          const img = await this.image(url, n.alt ?? '', n.type === 'image' ? n.title : undefined, pos);
          if (img) out.push(img);
          break;
        }
        case 'html':
          this.rawHtml(n.value, pos);
          break;
        default:
          this.bag.warn(pos.file, pos.line, pos.column, 'unsupported-markdown', `this kind of Markdown (${(n as { type: string }).type}) is not supported and was left out`);
      }
    }
    return res;
  }

  /** Web and e-mail links are kept; any other target is dropped (its text stays) with a warning. */
  private link(url: string, children: Inline[], pos: Pos): Inline[] {
    if (/^(https?:\/\/|mailto:)/i.test(url)) return [{ kind: 'link', url, children }];
    this.bag.warn(pos.file, pos.line, pos.column, 'link-dropped', `the link target "${url.slice(0, 60)}" is not a web or e-mail address, so only its text is kept — link to an https:// or mailto: address`);
    return children;
  }

  private async image(url: string | undefined, alt: string, title: string | null | undefined, pos: Pos): Promise<Block | undefined> {
    if (!url) {
      this.bag.error(pos.file, pos.line, pos.column, 'image-no-path', 'an image has no file path — write ![description](file.jpg)');
      return undefined;
    }
    if (alt.trim() === '') {
      this.bag.error(pos.file, pos.line, pos.column, 'image-no-alt', `the image "${url}" has no alt text — describe it between the brackets, ![A portrait of …](${url}), or write ![decorative](${url}) for a purely decorative image`);
    }
    const asset = await this.useImage(url, pos);
    if (!asset) return undefined;
    const image: ImageRef = { asset, alt: alt.trim(), caption: title ? [{ kind: 'text', text: title, pos }] : undefined };
    return { kind: 'image', image, pos };
  }

  async footnotes(): Promise<Footnote[]> {
    const res: Footnote[] = [];
    const called = new Set(this.footnoteOrder);
    for (const [id, def] of this.footnoteDefs) {
      if (called.has(id)) continue;
      const at = this.pos(def);
      this.bag.warn(at.file, at.line, at.column, 'footnote-unused', `the note [^${def.label ?? id}] is never called in the text, so it is left out — call it with [^${def.label ?? id}] where it belongs, or remove it`);
    }
    for (const [i, id] of this.footnoteOrder.entries()) {
      const def = this.footnoteDefs.get(id);
      if (!def) continue;
      const blocks: Block[] = [];
      for (const c of def.children) await this.block(c, blocks);
      res.push({ n: i + 1, blocks });
    }
    return res;
  }
}

function buildMeta(src: SourceSet, opts: ModelOptions, bag: DiagnosticBag): BookletMeta {
  const c = src.config;
  const dates = src.episodes.map((e) => e.data.date).filter((d): d is string => !!d).sort();
  const newest = dates.at(-1);
  let date: Date;
  if (opts.sourceDateEpoch !== undefined) date = new Date(opts.sourceDateEpoch * 1000);
  else if (newest) date = new Date(`${newest}T00:00:00Z`);
  else if (c.year) date = new Date(Date.UTC(c.year, 0, 1));
  else date = new Date(Date.UTC(2000, 0, 1));

  let year = c.year;
  if (year === undefined) {
    if (opts.sourceDateEpoch !== undefined || newest) year = date.getUTCFullYear();
    else {
      year = 2000;
      bag.warn(src.configFile, 1, 1, 'year-unknown', 'no year for the booklet — add `year: 2026` (for example) to booklet.yaml, or set SOURCE_DATE_EPOCH');
    }
  }

  let identifier: string;
  if (c.isbn) identifier = `urn:isbn:${c.isbn.replace(/[^0-9X]/gi, '')}`;
  else if (c.identifier) identifier = /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(c.identifier) ? `urn:uuid:${c.identifier.toLowerCase()}` : c.identifier;
  else identifier = `urn:uuid:${uuidV5(`${c.title}\n${c.publisher ?? ''}\n${year}`)}`;

  return {
    at: positions(src.configFile, src.configKeys, ['title', 'subtitle', 'publisher', 'edition', 'colophon', 'cover_image']),
    title: c.title,
    subtitle: c.subtitle,
    publisher: c.publisher,
    edition: c.edition,
    colophon: c.colophon,
    year,
    language: c.language,
    isbn: c.isbn,
    identifier,
    template: opts.templateName,
    output: c.output ?? (slugify(c.title) || 'booklet'),
    date,
    ...(c.parts ? { parts: c.parts } : {}),
  };
}

/** RFC 4122 UUID v5 in booklet's own namespace (stable across machines). */
export function uuidV5(name: string): string {
  const ns = Buffer.from('6f1c2a9e4b7d4e0f9a3c5d8e7f6a1b2c', 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
