/**
 * A verifier for the screen PDF, reading the file with a real PDF parser — qpdf (`qpdf --json
 * --json-stream-data=inline`: every object, content streams decoded) — never with our own model:
 *
 *   catalog    /MarkInfo << /Marked true >>, /Lang, /StructTreeRoot with a /ParentTree,
 *              /ViewerPreferences << /DisplayDocTitle true >>, no /OutputIntents; Info /Title
 *   tree       every element a /StructElem with a standard /S, /P pointing at its parent; every
 *              Figure has a non-empty /Alt; every marked-content reference (integer with the
 *              element's /Pg, or an MCR) names an MCID that the page's content stream has
 *   content    every MCID of a page is used once and claimed by exactly one element, and the
 *              ParentTree entry of the page (/StructParents) maps it back to that element; every
 *              text-showing and image-drawing operator is inside marked content (an MCID or
 *              /Artifact); BDC/BMC and EMC balance; colour operators: rg/RG/g/G/sc only, never k/K
 *              or a DeviceCMYK space; images are not CMYK
 *   links      every annotation is a /Link with a /URI or /GoTo action, a /StructParent whose
 *              ParentTree entry is a /Link element holding an OBJR to it
 *   pages      MediaBox = TrimBox (= BleedBox when present)
 *
 * It returns the violations and the facts the tests compare (roles in tree order, links…).
 */
import { spawnSync } from 'node:child_process';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Dict = { [k: string]: Json };

interface QpdfObject {
  value?: Json;
  stream?: { dict: Dict; data?: string };
}

const STANDARD = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'Warichu', 'Figure', 'Formula', 'Form',
]);

export interface TaggedFacts {
  pages: number;
  /** Elements in tree order, indented by depth: `H1`, `  P`… (the Document root excluded). */
  roles: string[];
  /** Alt text of each Figure, in tree order. */
  alts: string[];
  /** Link targets in annotation order: `uri:https://…` or `dest:name`. */
  links: string[];
  annotations: number;
  colourOps: Record<string, number>;
  /** MCIDs claimed, over all pages. */
  mcids: number;
  lang: string;
  title: string;
  boxes: { media: number[]; trim: number[] }[];
}

export interface TaggedResult {
  violations: string[];
  facts: TaggedFacts;
}

/** Tokens of a content stream: numbers, names, strings, arrays and dictionaries (skipped), operators. */
function* tokens(s: string): Generator<{ op?: string; name?: string; dict?: string }> {
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '%') {
      while (i < n && s[i] !== '\n' && s[i] !== '\r') i++;
    } else if (c === '(') {
      let depth = 0;
      for (; i < n; i++) {
        if (s[i] === '\\') i++;
        else if (s[i] === '(') depth++;
        else if (s[i] === ')' && --depth === 0) break;
      }
      i++;
      yield {};
    } else if (c === '<' && s[i + 1] === '<') {
      let depth = 0;
      const start = i;
      for (; i < n; i++) {
        if (s[i] === '<' && s[i + 1] === '<') {
          depth++;
          i++;
        } else if (s[i] === '>' && s[i + 1] === '>') {
          depth--;
          i++;
          if (depth === 0) break;
        }
      }
      i++;
      yield { dict: s.slice(start, i) };
    } else if (c === '<') {
      while (i < n && s[i] !== '>') i++;
      i++;
      yield {};
    } else if (c === '[' || c === ']') {
      i++;
      yield {};
    } else if (c === '/') {
      const m = /^\/[^\s/\[\]()<>{}%]*/.exec(s.slice(i, i + 128))!;
      i += m[0].length;
      yield { name: m[0] };
    } else {
      const m = /^[^\s/\[\]()<>{}%]+/.exec(s.slice(i, i + 64))!;
      i += m[0].length;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[0])) yield {};
      else yield { op: m[0] };
    }
  }
}

export function verifyTagged(file: string): TaggedResult {
  const v: string[] = [];
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (check.error) throw new Error('qpdf is not installed (apt-get install -y qpdf)');
  if (check.status !== 0 || !/No syntax or stream encoding errors found/.test(check.stdout)) v.push(`qpdf --check: ${check.stdout}${check.stderr}`);
  const r = spawnSync('qpdf', ['--json', '--json-stream-data=inline', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf --json failed: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as { qpdf: [unknown, Record<string, QpdfObject>]; pages: { object: string; contents: string[] }[] };
  const objects = json.qpdf[1];
  const isRef = (x: Json | undefined): x is string => typeof x === 'string' && /^\d+ \d+ R$/.test(x);
  const val = (x: Json | undefined): Json | undefined => {
    let cur = x;
    for (let i = 0; i < 32 && isRef(cur); i++) {
      const o = objects[`obj:${cur}`];
      cur = o?.stream ? (o.stream.dict as Json) : o?.value;
    }
    return cur;
  };
  const dict = (x: Json | undefined): Dict => {
    const d = val(x);
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Dict) : {};
  };
  const text = (x: Json | undefined): string => {
    const s = val(x);
    if (typeof s !== 'string') return '';
    if (s.startsWith('u:')) return s.slice(2);
    if (s.startsWith('b:')) return Buffer.from(s.slice(2), 'hex').toString('latin1');
    return s;
  };
  const trailer = dict(objects['trailer']?.value as Json);
  const cat = dict(trailer['/Root']);
  const info = dict(trailer['/Info']);
  const facts: TaggedFacts = { pages: json.pages.length, roles: [], alts: [], links: [], annotations: 0, colourOps: {}, mcids: 0, lang: text(cat['/Lang']), title: text(info['/Title']), boxes: [] };

  if (dict(cat['/MarkInfo'])['/Marked'] !== true) v.push('catalog: /MarkInfo << /Marked true >> missing');
  if (!facts.lang) v.push('catalog: /Lang missing');
  if (!facts.title) v.push('Info: /Title missing');
  if (dict(cat['/ViewerPreferences'])['/DisplayDocTitle'] !== true) v.push('catalog: /ViewerPreferences /DisplayDocTitle true missing');
  if (cat['/OutputIntents'] !== undefined) v.push('catalog: a screen file has no /OutputIntents');
  const root = dict(cat['/StructTreeRoot']);
  if (root['/Type'] !== '/StructTreeRoot') v.push('catalog: no /StructTreeRoot');
  const nums = (dict(root['/ParentTree'])['/Nums'] ?? []) as Json[];
  if (!Array.isArray(nums) || nums.length === 0) v.push('StructTreeRoot: no /ParentTree /Nums');
  const parentTree = new Map<number, Json>();
  // Values as written: an array of element references (a page), or one element reference (an annotation).
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const x = nums[i + 1]!;
    parentTree.set(nums[i] as number, isRef(x) && Array.isArray(val(x)) ? (val(x) as Json) : x);
  }

  // The tree, in order: which element claims which (page, MCID), and which annotation.
  const claimed = new Map<string, string>(); // `${pageRef} ${mcid}` → element ref
  const objr = new Map<string, string>(); // annotation ref → element ref
  const walk = (ref: string, parent: string, depth: number) => {
    const e = dict(ref);
    if (e['/Type'] !== undefined && e['/Type'] !== '/StructElem') v.push(`${ref}: /Type ${String(e['/Type'])}`);
    const role = String(e['/S'] ?? '').slice(1);
    if (!STANDARD.has(role)) v.push(`${ref}: non-standard structure type /${role}`);
    if (e['/P'] !== parent) v.push(`${ref} (/${role}): /P is ${String(e['/P'])}, not its parent ${parent}`);
    if (depth > 0) facts.roles.push(`${'  '.repeat(depth - 1)}${role}`);
    if (role === 'Figure') {
      const alt = text(e['/Alt']);
      if (!alt.trim()) v.push(`${ref}: Figure without /Alt`);
      facts.alts.push(alt);
    }
    const pg = e['/Pg'];
    let kids = e['/K'];
    if (kids === undefined) kids = [];
    if (!Array.isArray(kids)) kids = [kids];
    for (const k of kids) {
      if (typeof k === 'number') {
        if (!isRef(pg)) v.push(`${ref}: MCID ${k} without /Pg`);
        else claim(`${pg} ${k}`, ref);
      } else if (isRef(k) && dict(k)['/Type'] !== '/MCR' && dict(k)['/Type'] !== '/OBJR') {
        walk(k, ref, depth + 1);
      } else {
        const d = dict(k);
        if (d['/Type'] === '/MCR') claim(`${String(d['/Pg'] ?? pg)} ${String(d['/MCID'])}`, ref);
        else if (d['/Type'] === '/OBJR') objr.set(String(d['/Obj']), ref);
        else v.push(`${ref}: unknown kid ${JSON.stringify(k)}`);
      }
    }
  };
  const claim = (key: string, ref: string) => {
    if (claimed.has(key)) v.push(`MCID ${key} claimed twice (${claimed.get(key)} and ${ref})`);
    claimed.set(key, ref);
  };
  const top = root['/K'];
  const tops = Array.isArray(top) ? top : top !== undefined ? [top] : [];
  const rootRef = String(cat['/StructTreeRoot']);
  for (const k of tops) if (isRef(k)) walk(k, rootRef, 0);
  facts.mcids = claimed.size;

  const used = new Set<string>();
  for (const [pi, page] of json.pages.entries()) {
    const pd = dict(page.object);
    const media = val(pd['/MediaBox']) as number[];
    const trim = (val(pd['/TrimBox']) as number[] | undefined) ?? media;
    const bleed = val(pd['/BleedBox']) as number[] | undefined;
    facts.boxes.push({ media, trim });
    const same = (a: number[], b: number[]) => a.length === 4 && a.every((x, i) => Math.abs(x - b[i]!) < 0.01);
    if (!same(media, trim)) v.push(`page ${pi + 1}: MediaBox ${media} is not the TrimBox ${trim}`);
    if (bleed && !same(bleed, trim)) v.push(`page ${pi + 1}: BleedBox ${bleed} is not the TrimBox`);
    // Content: marked-content nesting, MCIDs, colour operators.
    const data = page.contents.map((c) => Buffer.from(objects[`obj:${c}`]?.stream?.data ?? '', 'base64').toString('latin1')).join('\n');
    const stack: ('mcid' | 'artifact' | 'other')[] = [];
    const mcidsHere = new Set<number>();
    let lastName = '';
    const names: string[] = [];
    for (const t of tokens(data)) {
      if (t.name) {
        lastName = t.name;
        names.push(t.name);
        continue;
      }
      if (t.dict) {
        names.push(t.dict);
        continue;
      }
      const op = t.op;
      if (!op) continue;
      if (op === 'BDC') {
        const props = names[names.length - 1] ?? '';
        const tag = names[names.length - 2] ?? '';
        const m = /\/MCID\s+(\d+)/.exec(props);
        if (m) {
          const id = Number(m[1]);
          if (mcidsHere.has(id)) v.push(`page ${pi + 1}: MCID ${id} used twice`);
          mcidsHere.add(id);
          stack.push('mcid');
        } else stack.push(tag === '/Artifact' ? 'artifact' : 'other');
      } else if (op === 'BMC') {
        stack.push(lastName === '/Artifact' ? 'artifact' : 'other');
      } else if (op === 'EMC') {
        if (!stack.pop()) v.push(`page ${pi + 1}: EMC without BDC/BMC`);
      } else if (op === 'TJ' || op === 'Tj' || op === "'" || op === '"' || op === 'Do' || op === 'f' || op === 'S' || op === 'B') {
        if (!stack.some((s) => s === 'mcid' || s === 'artifact')) v.push(`page ${pi + 1}: ${op} outside marked content`);
      }
      if (['k', 'K', 'rg', 'RG', 'g', 'G', 'cs', 'CS', 'sc', 'SC', 'scn', 'SCN'].includes(op)) {
        facts.colourOps[op] = (facts.colourOps[op] ?? 0) + 1;
        if (op === 'k' || op === 'K') v.push(`page ${pi + 1}: CMYK colour operator ${op}`);
        if ((op === 'cs' || op === 'CS') && lastName === '/DeviceCMYK') v.push(`page ${pi + 1}: DeviceCMYK colour space`);
      }
      names.length = 0;
      lastName = '';
    }
    if (stack.length) v.push(`page ${pi + 1}: ${stack.length} marked-content sequence(s) not closed`);
    // Every MCID of the page is claimed by the element its ParentTree entry names.
    const key = pd['/StructParents'];
    const entry = typeof key === 'number' ? (parentTree.get(key) as Json[] | undefined) : undefined;
    if (mcidsHere.size && !Array.isArray(entry)) v.push(`page ${pi + 1}: MCIDs but no ParentTree entry (/StructParents ${String(key)})`);
    for (const id of mcidsHere) {
      const k = `${page.object} ${id}`;
      used.add(k);
      const owner = claimed.get(k);
      if (!owner) v.push(`page ${pi + 1}: MCID ${id} belongs to no element`);
      else if (entry && entry[id] !== owner) v.push(`page ${pi + 1}: ParentTree maps MCID ${id} to ${String(entry[id])}, the tree to ${owner}`);
    }
    // Images.
    const xobjects = dict(dict(pd['/Resources'])['/XObject']);
    for (const [name, ref] of Object.entries(xobjects)) {
      const cs = val(dict(ref)['/ColorSpace']);
      if (cs === '/DeviceCMYK') v.push(`page ${pi + 1}: image ${name} is CMYK`);
    }
    // Annotations.
    for (const a of (val(pd['/Annots']) as Json[] | undefined) ?? []) {
      facts.annotations++;
      const ad = dict(a);
      if (ad['/Subtype'] !== '/Link') v.push(`page ${pi + 1}: annotation ${String(ad['/Subtype'])}`);
      const act = dict(ad['/A']);
      if (act['/S'] === '/URI') facts.links.push(`uri:${text(act['/URI'])}`);
      else if (act['/S'] === '/GoTo') facts.links.push(`dest:${text(act['/D'])}`);
      else v.push(`page ${pi + 1}: link without a URI or GoTo action`);
      const sp = ad['/StructParent'];
      const owner = typeof sp === 'number' ? parentTree.get(sp) : undefined;
      if (!isRef(owner as Json) || dict(owner as Json)['/S'] !== '/Link') v.push(`page ${pi + 1}: annotation ${String(a)} has no /Link element in the ParentTree`);
      else if (objr.get(String(a)) !== owner) v.push(`page ${pi + 1}: the Link element of annotation ${String(a)} has no OBJR to it`);
    }
  }
  for (const k of claimed.keys()) if (!used.has(k)) v.push(`element content ${k} is on no page's content stream`);
  return { violations: v, facts };
}
