/**
 * Tags and links of the screen PDF (Tagged PDF, ISO 32000-1 §14.7–14.8).
 *
 * While the pages are drawn, every item is put in marked content: a glyph run or an image with a
 * `tag` in `/Role <</MCID n>> BDC … EMC` (one MCID per stretch of one element on a page), anything
 * else — folios, running heads, rules, colour blocks, decorative images — in `/Artifact BMC … EMC`.
 * A run with a `link` gets a Link element inside its element and a link annotation over its glyphs
 * (one per line), tied to the element by its /StructParent and an OBJR.
 * At the end the structure tree is written: StructTreeRoot → Document → the elements in the order
 * their first content was drawn (reading order), each with its kids (MCIDs, child elements, OBJRs),
 * and the ParentTree that maps each page's MCIDs and each annotation back to its element.
 * Object numbers follow the drawing order, so the bytes never vary.
 */
import type PDFDocument from 'pdfkit';
import type { GlyphRun, LinkTarget, PageItem, StructTag } from '../../layout/types.js';
import { catalogEntries, currentPage, type DrawState, type GlyphRunWriter } from './glyph-run.js';
import type { ContentBytes } from './content.js';
import type { ContentMarker } from './page.js';

type Doc = InstanceType<typeof PDFDocument>;
/** pdfkit's PDFReference: `data` is written when `end()` is called. */
interface Ref {
  data: Record<string, unknown>;
  end(): void;
}
type Box = [number, number, number, number];

interface PageState {
  ref: unknown;
  data: Record<string, unknown>;
  height: number;
  /** Element of each MCID on the page. */
  parents: Elem[];
  links: { elem: Elem; target: LinkTarget; rect: Box; y: number }[];
  /** The page's place in the file. */
  position: number;
}

type Kid = Elem | { mcid: number; page: PageState } | { annot: unknown; page: PageState };

interface Elem {
  role: string;
  parent: Elem | null;
  kids: Kid[];
  alt?: string;
  target?: LinkTarget;
  bbox?: Box;
  /** Page of the first marked content, written as the element's /Pg. */
  page?: PageState;
  ref?: Ref;
  /** Place in the file of the page where the element was made. */
  position?: number;
}

const ARTIFACT = 'artifact';

/** Glyphs `a` to `b` of a run (same origin: `dx` stays as it is). */
function slice(run: GlyphRun, a: number, b: number): GlyphRun {
  return { ...run, gids: run.gids.subarray(a, b), dx: run.dx.subarray(a, b), advances: run.advances.subarray(a, b), text: run.text.slice(a, b) };
}

function ref(doc: Doc, data: Record<string, unknown>): Ref {
  return doc.ref(data) as unknown as Ref;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function sameTarget(a: LinkTarget | undefined, b: LinkTarget | undefined): boolean {
  if (!a || !b) return a === b;
  return 'uri' in a ? 'uri' in b && a.uri === b.uri : 'dest' in b && a.dest === b.dest;
}

export class TagWriter implements ContentMarker {
  private readonly root: Elem = { role: 'Document', parent: null, kids: [] };
  private readonly elems = new Map<StructTag, Elem>();
  /** Every element in creation order (the order their objects are written). */
  private readonly order: Elem[] = [this.root];
  private readonly parentTree: (number | unknown)[] = [];
  private nextKey = 0;
  private readonly dests = new Set<string>();
  private readonly linkedDests = new Set<string>();
  private readonly uriActions = new Map<string, unknown>();
  private page: PageState | null = null;
  private open: Elem | typeof ARTIFACT | null = null;
  private dx = 0;
  private dy = 0;

  constructor(private readonly doc: Doc) {
    // pdfkit ends the Catalog's MarkInfo itself (and then gives every page /Tabs /S).
    catalogEntries(doc).MarkInfo = doc.ref({ Marked: true });
  }

  /**
   * Call right after `doc.addPage()`, with the sheet's height (pt) and its place in the file (pages
   * may be drawn out of order: the structure follows the places, not the drawing).
   */
  beginPage(height: number, position: number): void {
    const { ref, data } = currentPage(this.doc);
    this.page = { ref, data, height, parents: [], links: [], position };
    this.open = null;
  }

  /** The translation of the booklet page being drawn on the sheet (for link rectangles and figure boxes). */
  placing(dx: number, dy: number): void {
    this.dx = dx;
    this.dy = dy;
  }

  /** A named destination on the current page (a target of `{ dest }` links). The first of a name wins. */
  anchor(name: string): void {
    if (this.dests.has(name)) return;
    this.dests.add(name);
    this.doc.addNamedDestination(name, 'Fit');
  }

  before(item: PageItem, out: ContentBytes, st: DrawState): void {
    const page = this.need();
    let want: Elem | typeof ARTIFACT = ARTIFACT;
    if (item.kind === 'glyphs' && item.tag && !item.artifact) {
      want = this.element(item.tag);
      if (item.link) want = this.linkElement(want, item.link);
    } else if (item.kind === 'image' && item.tag) {
      want = this.element(item.tag);
      const box: Box = [item.x + this.dx, page.height - (item.y + this.dy + item.h), item.x + this.dx + item.w, page.height - (item.y + this.dy)];
      want.bbox ??= [round(Math.max(0, box[0])), round(Math.max(0, box[1])), round(box[2]), round(box[3])];
    }
    if (item.kind === 'glyphs' && want !== ARTIFACT && item.link) this.linkRect(want, item);
    this.switchTo(want, out, st);
  }

  /** Ends the open marked content (and the text object) and opens `want`'s, unless it is open already. */
  private switchTo(want: Elem | typeof ARTIFACT, out: ContentBytes, st: DrawState): void {
    if (want === this.open) return;
    const page = this.need();
    if (st.inText) {
      out.op('ET');
      st.inText = false;
    }
    if (this.open !== null) out.op('EMC');
    if (want === ARTIFACT) out.op('/Artifact BMC');
    else {
      const mcid = page.parents.length;
      page.parents.push(want);
      want.kids.push({ mcid, page });
      want.page ??= page;
      out.op(`/${want.role} <</MCID ${mcid}>> BDC`);
    }
    this.open = want;
  }

  /**
   * A run of tagged text: at a line break, the hyphen added there is an artifact (a reader skips
   * it), and a line broken at a word space ends with a space glyph (invisible), so that the
   * element's text reads « et beaucoup », « premières ».
   */
  glyphs(run: GlyphRun, out: ContentBytes, st: DrawState, writer: GlyphRunWriter): void {
    const n = run.gids.length;
    if (!run.lineEnd || !run.tag || run.artifact || n === 0) {
      writer.write(run, out, st);
      return;
    }
    if (run.lineEnd === 'hyphen') {
      if (n > 1) writer.write(slice(run, 0, n - 1), out, st);
      this.switchTo(ARTIFACT, out, st);
      writer.write(slice(run, n - 1, n), out, st);
      return;
    }
    writer.write(run, out, st);
    const gid = writer.spaceGid(run.face);
    if (gid < 0) return;
    const end = run.dx[n - 1]! + run.advances[n - 1]!;
    writer.write({ ...run, gids: Uint16Array.of(gid), dx: Float64Array.of(end), advances: Float32Array.of(0), text: [' '], lineEnd: undefined }, out, st);
  }

  end(out: ContentBytes, st: DrawState): void {
    if (this.open === null) return;
    if (st.inText) {
      out.op('ET');
      st.inText = false;
    }
    out.op('EMC');
    this.open = null;
  }

  /** Call once the page is drawn, before the next `addPage()`: link annotations and the page's ParentTree entry. */
  endPage(): void {
    const page = this.need();
    if (page.parents.length) {
      const key = this.nextKey++;
      page.data.StructParents = key;
      this.parentTree.push(key, page.parents);
    }
    for (const l of page.links) {
      const key = this.nextKey++;
      const action = 'uri' in l.target ? this.uriAction(l.target.uri) : { S: 'GoTo', D: new String(l.target.dest) };
      if ('dest' in l.target) this.linkedDests.add(l.target.dest);
      const annot = ref(this.doc, {
        Type: 'Annot',
        Subtype: 'Link',
        Rect: l.rect.map(round),
        Border: [0, 0, 0],
        F: 4,
        A: action,
        Contents: new String('uri' in l.target ? describeUri(l.target.uri) : l.elem.alt ?? ''),
        StructParent: key,
      });
      annot.end();
      const annots = (page.data.Annots ??= []) as unknown[];
      annots.push(annot);
      l.elem.kids.push({ annot, page });
      this.parentTree.push(key, l.elem);
    }
    this.page = null;
  }

  /**
   * The URI action of `uri`, one object for all its annotations: a link set over many lines (a long
   * URL has one annotation per line) names its URI once in the file, not once per line.
   */
  private uriAction(uri: string): unknown {
    let action = this.uriActions.get(uri);
    if (!action) {
      const r = ref(this.doc, { S: 'URI', URI: new String(uri) });
      r.end();
      this.uriActions.set(uri, (action = r));
    }
    return action;
  }

  /** Writes the structure tree; call after the last page, before `doc.end()`. */
  finish(): void {
    for (const d of this.linkedDests) {
      if (!this.dests.has(d)) throw new Error(`PDF writer: a link points at "${d}", which no page holds`);
    }
    // Reading order: the parts in the order of their pages in the file (a stable sort: drawing order within a page).
    this.root.kids.sort((a, b) => ((a as Elem).position ?? 0) - ((b as Elem).position ?? 0));
    for (const e of this.order) e.ref = ref(this.doc, {});
    for (const e of this.order) {
      const data = e.ref!.data;
      data.Type = 'StructElem';
      data.S = e.role;
      if (e.parent) data.P = e.parent.ref;
      if (e.page) data.Pg = e.page.ref;
      if (e.alt !== undefined) data.Alt = new String(e.alt);
      if (e.bbox) data.A = { O: 'Layout', BBox: e.bbox };
      data.K = e.kids.map((k) => {
        if ('role' in k) return k.ref;
        if ('mcid' in k) return k.page === e.page ? k.mcid : { Type: 'MCR', Pg: k.page.ref, MCID: k.mcid };
        return { Type: 'OBJR', Obj: k.annot, Pg: k.page.ref };
      });
    }
    const tree = ref(this.doc, {
      Type: 'StructTreeRoot',
      K: this.root.ref,
      ParentTree: { Nums: this.parentTree.map((v) => (Array.isArray(v) ? v.map((e: Elem) => e.ref) : typeof v === 'number' ? v : (v as Elem).ref)) },
      ParentTreeNextKey: this.nextKey,
    });
    this.root.ref!.data.P = tree;
    for (const e of this.order) e.ref!.end();
    // pdfkit's end() writes the Catalog's StructTreeRoot itself (it must not be ended twice).
    catalogEntries(this.doc).StructTreeRoot = tree;
  }

  private need(): PageState {
    if (!this.page) throw new Error('PDF writer: tagged content outside a page');
    return this.page;
  }

  private element(tag: StructTag): Elem {
    let e = this.elems.get(tag);
    if (e) return e;
    const parent = tag.parent ? this.element(tag.parent) : this.root;
    e = { role: tag.role, parent, kids: [], position: this.page?.position };
    if (tag.alt !== undefined) e.alt = tag.alt;
    parent.kids.push(e);
    this.elems.set(tag, e);
    this.order.push(e);
    return e;
  }

  /** The Link element for a run of `elem`: the one just before, if it has the same target. */
  private linkElement(elem: Elem, target: LinkTarget): Elem {
    const last = elem.kids[elem.kids.length - 1];
    if (last && 'role' in last && last.role === 'Link' && sameTarget(last.target, target)) return last;
    const link: Elem = { role: 'Link', parent: elem, kids: [], target };
    elem.kids.push(link);
    this.order.push(link);
    return link;
  }

  /** The glyphs' box on the sheet (PDF coordinates), joined to the previous one on the same line. */
  private linkRect(elem: Elem, run: GlyphRun): void {
    const page = this.need();
    const n = run.gids.length;
    if (n === 0) return;
    const x1 = run.x + run.dx[0]! + this.dx;
    const x2 = run.x + run.dx[n - 1]! + run.advances[n - 1]! + this.dx;
    const y = run.y + this.dy;
    const top = page.height - (y - run.size * 0.8);
    const bottom = page.height - (y + run.size * 0.25);
    const last = page.links[page.links.length - 1];
    if (last && last.elem === elem && Math.abs(last.y - y) < 0.01) {
      last.rect[0] = Math.min(last.rect[0], x1);
      last.rect[2] = Math.max(last.rect[2], x2);
      last.rect[1] = Math.min(last.rect[1], bottom);
      last.rect[3] = Math.max(last.rect[3], top);
      return;
    }
    page.links.push({ elem, target: run.link!, rect: [x1, bottom, x2, top], y });
  }
}

/** A link's description (the annotation's Contents): its URI, cut after 200 characters. */
function describeUri(uri: string): string {
  return uri.length > 200 ? `${uri.slice(0, 200)}…` : uri;
}
