/**
 * The EPUB writer: Booklet + Template → EPUB 3 bytes (XHTML per episode, nav + NCX, OPF,
 * generated CSS, embedded font subsets, images), the same bytes for the same input. The container
 * is written out as its entries are made (`streamEpub`): each image and document is let go once it
 * is in the zip.
 */
import type { ColophonText } from '../../layout/types.js';
import path from 'node:path';
import type { Block, Booklet, Footnote, ImageAsset, ImageRef } from '../../model/types.js';
import type { Template } from '../../template/types.js';
import { colophonDocument, coverDocument, episodeDocument, episodeLabel, prefaceDocument, prefaceTitle, titlePageDocument } from './documents.js';
import { embedFonts, fontMediaType, TextUsage } from './fonts.js';
import { asciiSlug, NameAllocator } from './names.js';
import { navDocument, ncxDocument, type Landmark, type TocEntry } from './nav.js';
import { packageDocument, type ManifestItem } from './package-document.js';
import { stylesheet } from './stylesheet.js';
import { wordsFor, type Words } from '../../i18n/words.js';
import { episodeDoc, planPages, type DocKey, type PageMapEntry } from './page-list.js';
import { isDecorative, type RenderContext } from './xhtml.js';
import { EpubZip } from './zip.js';

export interface EpubOptions {
  /** Folder(s) the template's font paths are relative to; a file is taken from the first folder that has it. */
  fontsDir: string | string[];
  /** Subset the embedded fonts to the characters used (default); `false` embeds whole files. */
  subsetFonts?: boolean;
  /** Cover image (`cover_image:`). */
  cover?: ImageAsset;
  /** Without a cover image: a picture of the print cover (src/write/svg), shown as the cover. */
  coverArt?: CoverArt;
  /** The print edition's pages (`pageMapOf`): page-break markers, page-list and pagination source. */
  pageMap?: PageMapEntry[];
  /** The print edition's colophon text: the EPUB's colophon says the same. */
  colophon?: ColophonText;
}

export interface CoverArt {
  bytes: Uint8Array;
  mediaType: 'image/svg+xml' | 'image/png';
  width: number;
  height: number;
}

export interface EpubReport {
  /** Paths inside the container, in zip order. */
  files: string[];
  fonts: { href: string; family: string; face: string; size: number; originalSize: number; subset: boolean; subsetError?: string }[];
  /** Characters no font of the template's chain can draw. */
  uncovered: string[];
  /** The page-list: page label → `document#id`, in page order. */
  pageList: { label: string; href: string }[];
}

/** Folder of the package document inside the container. */
const PKG = 'EPUB';

/** The EPUB's bytes, in memory. */
export async function writeEpub(booklet: Booklet, template: Template, opts: EpubOptions): Promise<Uint8Array> {
  return (await buildEpub(booklet, template, opts)).bytes;
}

/** The EPUB in memory, with its report. */
export async function buildEpub(booklet: Booklet, template: Template, opts: EpubOptions): Promise<EpubReport & { bytes: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  // A chunk's memory may be reused once `write` returns: copied.
  const report = await streamEpub(booklet, template, opts, (c) => chunks.push(Buffer.from(c)));
  return { ...report, bytes: Buffer.concat(chunks) };
}

interface Doc {
  /** Page-list key (page-list.ts) and manifest id. */
  key: DocKey;
  href: string;
  /** Written once every marker and toc entry is known. */
  render: (ctx: RenderContext) => string;
}

/**
 * Writes the EPUB to `write` as its entries are made (a build gives a spool: src/util/atomic-write.ts);
 * `write` must be done with each chunk when it returns.
 * Entry order: `mimetype`, the images, `META-INF/container.xml`, the documents in reading order, the
 * nav and NCX, the fonts and the stylesheet (they depend on every character written), the package
 * document (it lists them all).
 */
export async function streamEpub(booklet: Booklet, template: Template, opts: EpubOptions, write: (chunk: Uint8Array) => void): Promise<EpubReport> {
  const zip = new EpubZip(write);
  try {
    return await writeEntries(booklet, template, opts, zip);
  } catch (e) {
    zip.abandon();
    throw e;
  }
}

async function writeEntries(booklet: Booklet, template: Template, opts: EpubOptions, zip: EpubZip): Promise<EpubReport> {
  const meta = booklet.meta;
  const lang = meta.language;
  const words = wordsFor(lang);
  const usage = new TextUsage(template, lang);
  const files = ['mimetype'];
  const entry = async (name: string, data: Uint8Array | string) => {
    await zip.add(name, data);
    files.push(name);
  };
  const manifest: ManifestItem[] = [];
  const put = async (href: string, data: Uint8Array | string, item: Omit<ManifestItem, 'href'>) => {
    await entry(`${PKG}/${href}`, data);
    manifest.push({ ...item, href });
  };

  // Images: each file once, under a safe ASCII name.
  const images = collectImages(booklet, opts.cover);
  const imageHrefs = new Map<string, string>();
  const imageNames = new NameAllocator(['cover.svg', 'cover.png']);
  for (const [i, asset] of images.entries()) {
    const type = asset.format === 'png' ? 'image/png' : 'image/jpeg';
    const base = asciiSlug(path.posix.basename(asset.rel).replace(/\.[^.]*$/, ''), 'image');
    const href = `images/${imageNames.take(base, type === 'image/png' ? '.png' : '.jpg')}`;
    imageHrefs.set(asset.path, href);
    const cover = opts.cover !== undefined && asset.path === opts.cover.path;
    // Read from disk as it is written, into a buffer the next image reuses.
    await zip.addFile(`${PKG}/${href}`, asset.path, (data) => checkImageType(data, asset));
    files.push(`${PKG}/${href}`);
    manifest.push({ href, id: `img-${i + 1}`, mediaType: type, properties: cover ? 'cover-image' : undefined });
  }
  let coverImage: { href: string; width: number; height: number } | undefined;
  if (opts.cover !== undefined) coverImage = { href: imageHrefs.get(opts.cover.path)!, width: opts.cover.width, height: opts.cover.height };
  else if (opts.coverArt !== undefined) {
    const a = opts.coverArt;
    const href = a.mediaType === 'image/png' ? 'images/cover.png' : 'images/cover.svg';
    await put(href, a.bytes, { id: 'cover-image', mediaType: a.mediaType, properties: 'cover-image' });
    coverImage = { href, width: a.width, height: a.height };
  }
  await entry('META-INF/container.xml', CONTAINER);

  // Content documents, all beside the package document, in the order of the print edition's parts.
  // Episode files are named from their slugs; the fixed names are taken first.
  const docNames = new NameAllocator(['nav.xhtml', 'cover.xhtml', 'title.xhtml', 'preface.xhtml', 'colophon.xhtml']);
  const docs: Doc[] = [];
  const toc: TocEntry[] = [];
  const hrefOfEpisode = new Map<number, string>();
  const landmarks: Landmark[] = [];
  if (coverImage !== undefined) {
    const img = coverImage;
    docs.push({ key: 'cover', href: 'cover.xhtml', render: (ctx) => coverDocument(ctx, meta, img) });
    landmarks.push({ type: 'cover', label: words.cover, href: 'cover.xhtml' });
  }
  docs.push({ key: 'title', href: 'title.xhtml', render: (ctx) => titlePageDocument(ctx, meta) });
  landmarks.push({ type: 'titlepage', label: words.titlePage, href: 'title.xhtml' });
  if (booklet.preface !== undefined) {
    const preface = booklet.preface;
    docs.push({ key: 'preface', href: 'preface.xhtml', render: (ctx) => prefaceDocument(ctx, preface) });
    toc.push({ label: prefaceTitle(preface, { words }), href: 'preface.xhtml' });
  }
  docs.push({ key: 'contents', href: 'nav.xhtml', render: (ctx) => navDocument(ctx, toc, landmarks, pageList, plan?.inToc) });
  landmarks.push({ type: 'toc', label: words.contents, href: 'nav.xhtml#toc' });
  for (const ep of booklet.episodes) {
    const href = docNames.take(asciiSlug(ep.slug, `episode-${ep.number}`), '.xhtml');
    docs.push({ key: episodeDoc(ep.number), href, render: (ctx) => episodeDocument(ctx, ep) });
    hrefOfEpisode.set(ep.number, href);
    toc.push({ label: episodeLabel(ep, { words }), href });
  }
  docs.push({ key: 'colophon', href: 'colophon.xhtml', render: (ctx) => colophonDocument(ctx, meta, opts.colophon) });
  toc.push({ label: words.colophon, href: 'colophon.xhtml' });
  const firstBody = booklet.episodes.length > 0 ? toc.find((e) => e.href === docs.find((d) => d.key === episodeDoc(booklet.episodes[0]!.number))!.href) : toc[0];
  landmarks.push({ type: 'bodymatter', label: firstBody?.label ?? meta.title, href: firstBody?.href ?? 'title.xhtml' });

  // Page-break markers where each printed page starts.
  const tocFiles = toc.map((e) => (e.href === 'preface.xhtml' ? booklet.preface?.file : booklet.episodes.find((ep) => hrefOfEpisode.get(ep.number) === e.href)?.file));
  const plan = opts.pageMap !== undefined ? planPages(booklet, opts.pageMap, new Set(docs.map((d) => d.key)), tocFiles) : undefined;
  const hrefOf = new Map(docs.map((d) => [d.key, d.href]));
  const pageList = (plan?.markers ?? []).map((m) => ({ label: m.label, href: `${hrefOf.get(m.doc)!}#${m.id}` }));

  const context = (key: DocKey): RenderContext => ({
    template,
    lang,
    words,
    use: (style, face, s) => usage.add(style, face, s),
    imageHref: (asset) => imageHrefs.get(asset.path)!,
    noteRefs: new Map(),
    noteNumbers: new Set(),
    marks: plan?.inText,
    docStart: plan?.atStart.get(key) ?? '',
    docEnd: plan?.atEnd.get(key) ?? '',
  });
  const spine: string[] = [];
  for (const d of docs) {
    // The contents are written last: the other documents' markers must be placed first.
    if (d.key === 'contents') continue;
    await put(d.href, d.render(context(d.key)), { id: manifestId(d.key), mediaType: 'application/xhtml+xml' });
  }
  await put('nav.xhtml', docs.find((d) => d.key === 'contents')!.render(context('contents')), { id: 'nav', mediaType: 'application/xhtml+xml', properties: 'nav' });
  if (plan !== undefined) {
    const unplaced = [...plan.inText.values()].flat();
    if (unplaced.length > 0) throw new Error(`page-list: ${unplaced.length} page marker(s) were not written`);
  }
  for (const d of docs) spine.push(manifestId(d.key));
  await put('toc.ncx', ncxDocument({ identifier: meta.identifier, title: meta.title, lang, toc, pageList, pagesLabel: words.pages, spine: docs.map((d) => d.href) }), {
    id: 'ncx',
    mediaType: 'application/x-dtbncx+xml',
  });

  // Fonts and stylesheet come last: they depend on every character written above.
  const embedding = embedFonts(template, opts.fontsDir, usage, opts.subsetFonts ?? true);
  for (const [i, f] of embedding.fonts.entries()) await put(f.href, f.bytes, { id: `font-${i + 1}`, mediaType: fontMediaType(f.href) });
  await put('css/booklet.css', stylesheet(template, embedding.fonts), { id: 'css', mediaType: 'text/css' });

  const interviewees = [...new Set(booklet.episodes.map((e) => e.interviewee.trim()).filter((s) => s !== ''))];
  const hasInformativeImages = allImageRefs(booklet).some((r) => !isDecorative(r)) || coverImage !== undefined;
  const pagination =
    plan === undefined
      ? undefined
      : { source: printSource(meta, words, opts.pageMap!.length), pages: plan.markers.length };
  await entry(`${PKG}/package.opf`, packageDocument({ meta, words, interviewees, manifest, spine, ncxId: 'ncx', hasInformativeImages, pagination }));
  await zip.end();
  return {
    files,
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
    pageList,
  };
}

/** Manifest id of a content document (ids of the package's metadata, like `title`, are not taken). */
function manifestId(key: DocKey): string {
  return key === 'contents' ? 'nav' : key === 'cover' || key === 'title' ? `${key}-page` : key;
}

/** The print edition, as the source of the page numbers: its ISBN, else its description. */
function printSource(meta: Booklet['meta'], words: Words, pages: number): string {
  if (meta.isbn !== undefined && meta.isbn !== '') return `urn:isbn:${meta.isbn.replace(/[^0-9Xx]/g, '')}`;
  return `${meta.title} (${[words.printEdition, meta.publisher, String(meta.year), `${pages} p.`].filter(Boolean).join(', ')})`;
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${PKG}/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

/** The model's `format` is only trusted when the file's first bytes agree. */
function checkImageType(data: Uint8Array, asset: ImageAsset): void {
  const isPng = data.length > 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const isJpeg = data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  if (!(isPng && asset.format === 'png') && !(isJpeg && asset.format === 'jpeg')) throw new Error(`${asset.rel}: the file is not a ${asset.format.toUpperCase()} image`);
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
