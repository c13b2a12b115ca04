/**
 * The EPUB writer: Booklet + Template → EPUB 3 bytes (XHTML per episode, nav + NCX, OPF,
 * generated CSS, embedded font subsets, images), the same bytes for the same input.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Block, Booklet, Footnote, ImageAsset, ImageRef } from '../../model/types.js';
import type { Template } from '../../template/types.js';
import { coverDocument, episodeDocument, episodeLabel, prefaceDocument, prefaceTitle, titlePageDocument } from './documents.js';
import { embedFonts, fontMediaType, TextUsage } from './fonts.js';
import { asciiSlug, NameAllocator } from './names.js';
import { navDocument, ncxDocument, type Landmark, type TocEntry } from './nav.js';
import { packageDocument, type ManifestItem } from './package-document.js';
import { stylesheet } from './stylesheet.js';
import { wordsFor } from '../../i18n/words.js';
import { isDecorative, type RenderContext } from './xhtml.js';
import { zipEpub } from './zip.js';

export interface EpubOptions {
  /** Folder(s) the template's font paths are relative to; a file is taken from the first folder that has it. */
  fontsDir: string | string[];
  /** Subset the embedded fonts to the characters used (default); `false` embeds whole files. */
  subsetFonts?: boolean;
  /** Cover image (the Booklet has no field for it yet). */
  cover?: ImageAsset;
}

export interface EpubReport {
  bytes: Uint8Array;
  /** Paths inside the container, in zip order. */
  files: string[];
  fonts: { href: string; family: string; face: string; size: number; originalSize: number; subset: boolean; subsetError?: string }[];
  /** Characters no font of the template's chain can draw. */
  uncovered: string[];
}

/** Folder of the package document inside the container. */
const PKG = 'EPUB';

export function writeEpub(booklet: Booklet, template: Template, opts: EpubOptions): Uint8Array {
  return buildEpub(booklet, template, opts).bytes;
}

export function buildEpub(booklet: Booklet, template: Template, opts: EpubOptions): EpubReport {
  const meta = booklet.meta;
  const lang = meta.language;
  const words = wordsFor(lang);
  const usage = new TextUsage(template, lang);
  const files = new Map<string, Uint8Array>();
  const manifest: ManifestItem[] = [];
  const spine: string[] = [];
  const put = (href: string, data: Uint8Array | string, item: Omit<ManifestItem, 'href'>) => {
    files.set(`${PKG}/${href}`, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    manifest.push({ ...item, href });
  };

  // Images: each file once, under a safe ASCII name.
  const images = collectImages(booklet, opts.cover);
  const imageHrefs = new Map<string, string>();
  const imageNames = new NameAllocator();
  images.forEach((asset, i) => {
    const data = new Uint8Array(fs.readFileSync(asset.path));
    const type = imageType(data, asset);
    const base = asciiSlug(path.posix.basename(asset.rel).replace(/\.[^.]*$/, ''), 'image');
    const href = `images/${imageNames.take(base, type === 'image/png' ? '.png' : '.jpg')}`;
    imageHrefs.set(asset.path, href);
    const cover = opts.cover !== undefined && asset.path === opts.cover.path;
    put(href, data, { id: `img-${i + 1}`, mediaType: type, properties: cover ? 'cover-image' : undefined });
  });

  const context = (): RenderContext => ({
    template,
    lang,
    words,
    use: (style, face, s) => usage.add(style, face, s),
    imageHref: (asset) => imageHrefs.get(asset.path)!,
    noteRefs: new Map(),
    noteNumbers: new Set(),
  });

  // Content documents, all beside the package document.
  // Episode files are named from their slugs; the fixed names are taken first.
  const docNames = new NameAllocator(['nav.xhtml', 'cover.xhtml', 'title.xhtml', 'preface.xhtml']);
  const docs: { id: string; href: string; xhtml: string }[] = [];
  const toc: TocEntry[] = [];
  const landmarks: Landmark[] = [];
  if (opts.cover !== undefined) {
    docs.push({ id: 'cover-page', href: 'cover.xhtml', xhtml: coverDocument(context(), meta, opts.cover) });
    landmarks.push({ type: 'cover', label: words.cover, href: 'cover.xhtml' });
  }
  docs.push({ id: 'title-page', href: 'title.xhtml', xhtml: titlePageDocument(context(), meta) });
  landmarks.push({ type: 'titlepage', label: words.titlePage, href: 'title.xhtml' });
  docs.push({ id: 'nav', href: 'nav.xhtml', xhtml: '' }); // written once the toc is known
  landmarks.push({ type: 'toc', label: words.contents, href: 'nav.xhtml#toc' });
  if (booklet.preface !== undefined) {
    docs.push({ id: 'preface', href: 'preface.xhtml', xhtml: prefaceDocument(context(), booklet.preface) });
    toc.push({ label: prefaceTitle(booklet.preface, { words }), href: 'preface.xhtml' });
  }
  for (const ep of booklet.episodes) {
    const href = docNames.take(asciiSlug(ep.slug, `episode-${ep.number}`), '.xhtml');
    docs.push({ id: `episode-${ep.number}`, href, xhtml: episodeDocument(context(), ep) });
    toc.push({ label: episodeLabel(ep, { words }), href });
  }
  const firstBody = booklet.episodes.length > 0 ? toc[toc.length - booklet.episodes.length]! : toc[0];
  landmarks.push({ type: 'bodymatter', label: firstBody?.label ?? meta.title, href: firstBody?.href ?? 'title.xhtml' });
  if (toc.length === 0) toc.push({ label: meta.title, href: 'title.xhtml' });
  const nav = docs.find((d) => d.id === 'nav')!;
  nav.xhtml = navDocument(context(), toc, landmarks);

  for (const d of docs) {
    put(d.href, d.xhtml, { id: d.id, mediaType: 'application/xhtml+xml', properties: d.id === 'nav' ? 'nav' : undefined });
    spine.push(d.id);
  }
  put('toc.ncx', ncxDocument({ identifier: meta.identifier, title: meta.title, lang, toc }), {
    id: 'ncx',
    mediaType: 'application/x-dtbncx+xml',
  });

  // Fonts and stylesheet come last: they depend on every character written above.
  const embedding = embedFonts(template, opts.fontsDir, usage, opts.subsetFonts ?? true);
  embedding.fonts.forEach((f, i) => put(f.href, f.bytes, { id: `font-${i + 1}`, mediaType: fontMediaType(f.href) }));
  put('css/booklet.css', stylesheet(template, embedding.fonts), { id: 'css', mediaType: 'text/css' });

  const interviewees = [...new Set(booklet.episodes.map((e) => e.interviewee.trim()).filter((s) => s !== ''))];
  const hasInformativeImages = allImageRefs(booklet).some((r) => !isDecorative(r)) || opts.cover !== undefined;
  files.set(
    `${PKG}/package.opf`,
    new TextEncoder().encode(packageDocument({ meta, words, interviewees, manifest, spine, ncxId: 'ncx', hasInformativeImages })),
  );
  files.set('META-INF/container.xml', new TextEncoder().encode(CONTAINER));

  const bytes = zipEpub(files);
  return {
    bytes,
    files: ['mimetype', ...[...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))],
    fonts: embedding.fonts.map((f) => ({
      href: f.href,
      family: f.family,
      face: f.face,
      size: f.bytes.length,
      originalSize: f.originalSize,
      subset: f.subset,
      subsetError: f.subsetError,
    })),
    uncovered: embedding.uncovered,
  };
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${PKG}/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

/** The media type from the file's first bytes: the model's `format` is only trusted when they agree. */
function imageType(data: Uint8Array, asset: ImageAsset): 'image/jpeg' | 'image/png' {
  const isPng = data.length > 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const isJpeg = data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  if (isPng && asset.format === 'png') return 'image/png';
  if (isJpeg && asset.format === 'jpeg') return 'image/jpeg';
  throw new Error(`${asset.rel}: the file is not a ${asset.format.toUpperCase()} image`);
}

function blockImages(blocks: Block[], out: ImageRef[]): void {
  for (const b of blocks) {
    if (b.kind === 'image') out.push(b.image);
    else if (b.kind === 'list') for (const item of b.items) blockImages(item, out);
  }
}

function noteImages(notes: Footnote[], out: ImageRef[]): void {
  for (const n of notes) blockImages(n.blocks, out);
}

/** Every image reference of the booklet, in reading order. */
function allImageRefs(booklet: Booklet): ImageRef[] {
  const out: ImageRef[] = [];
  if (booklet.preface !== undefined) {
    blockImages(booklet.preface.blocks, out);
    noteImages(booklet.preface.footnotes, out);
  }
  for (const ep of booklet.episodes) {
    if (ep.portrait !== undefined) out.push(ep.portrait);
    blockImages(ep.blocks, out);
    noteImages(ep.footnotes, out);
  }
  return out;
}

/** Image files by absolute path, once each: the cover, then `booklet.images`, then any the tree uses besides. */
function collectImages(booklet: Booklet, cover: ImageAsset | undefined): ImageAsset[] {
  const seen = new Map<string, ImageAsset>();
  const add = (a: ImageAsset) => {
    if (!seen.has(a.path)) seen.set(a.path, a);
  };
  if (cover !== undefined) add(cover);
  booklet.images.forEach(add);
  allImageRefs(booklet).forEach((r) => add(r.asset));
  return [...seen.values()];
}
