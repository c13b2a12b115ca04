/**
 * A PDF/X-1a:2003 (and PDF/X-4 identification) verifier for the tests. It reads the file with a real
 * PDF parser — qpdf (`qpdf --json --json-stream-data=inline`: every object, with streams decoded) —
 * never with our own model and never by searching bytes, and checks the rules of ISO 15930-4 that can
 * be checked from the file's objects:
 *
 *   file       qpdf --check clean; header version; trailer /ID; no /Encrypt
 *   Info       Title, CreationDate, ModDate; GTS_PDFXVersion; Trapped = /True or /False (a name)
 *   intent     exactly one /GTS_PDFX OutputIntent, with an OutputConditionIdentifier, and either an
 *              embedded DestOutputProfile (N 4) or a RegistryName
 *   pages      MediaBox; TrimBox or ArtBox (not both); MediaBox ⊇ BleedBox ⊇ TrimBox; no /Annots, /AA
 *   objects    no annotation, action, JavaScript, embedded file, AcroForm, PostScript XObject, OPI,
 *              alternate images, transfer function, non 1/5 halftone, LZW/JBIG2/JPX filter; no transparency
 *              (ExtGState CA/ca < 1, SMask other than /None, blend mode other than Normal/Compatible,
 *              transparency groups, image soft masks)
 *   colour     every colour space named anywhere is DeviceCMYK, DeviceGray, or Separation/DeviceN/Indexed
 *              over them; in every content stream (pages, forms), every colour operator: no rg/RG,
 *              cs/CS only to allowed spaces, sc/scn with as many operands as the current space has
 *              components, k/K/g/G operands in 0..1; inline images in CMYK or grey; every image XObject
 *              drawn is CMYK or grey (or a stencil mask) without SMask; a CMYK JPEG carries the Decode
 *              array that matches its Adobe inversion (else it prints as a negative)
 *   fonts      every font used by a content stream is embedded (FontFile, FontFile2 or FontFile3)
 */
import { spawnSync } from 'node:child_process';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Dict = { [k: string]: Json };

interface QpdfObject {
  value?: Json;
  stream?: { dict: Dict; data?: string };
}

export interface PdfxFacts {
  version: string;
  pages: number;
  /** Colour operators seen in content streams, with counts. */
  colourOps: Record<string, number>;
  /** Colour spaces of the images drawn (by XObject), e.g. `/DeviceCMYK DCTDecode 640x480`. */
  images: string[];
  fonts: string[];
  outputIntent: Dict | null;
  info: Record<string, string>;
}

export interface PdfxResult {
  violations: string[];
  facts: PdfxFacts;
}

const ALLOWED_SPACES = new Set(['/DeviceCMYK', '/DeviceGray']);
const COMPONENTS: Record<string, number> = { '/DeviceCMYK': 4, '/DeviceGray': 1, '/DeviceRGB': 3 };

export function verifyPdfx(file: string, opts: { version?: 'PDF/X-1a:2003' | 'PDF/X-4' } = {}): PdfxResult {
  const want = opts.version ?? 'PDF/X-1a:2003';
  const v: string[] = [];
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (check.error) throw new Error('qpdf is not installed (apt-get install -y qpdf)');
  if (check.status !== 0 || !/No syntax or stream encoding errors found/.test(check.stdout)) v.push(`qpdf --check: ${check.stdout}${check.stderr}`);
  // Twice: the objects as stored (stream dictionaries keep their /Filter), and with the stream data
  // decoded by qpdf (content streams, fonts, profiles; images in DCT stay as stored).
  const qpdfJson = (data: 'none' | 'inline') => {
    const r = spawnSync('qpdf', ['--json', `--json-stream-data=${data}`, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf --json failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { qpdf: [{ pdfversion: string }, Record<string, QpdfObject>]; pages: { object: string; contents: string[] }[] };
  };
  const json = qpdfJson('none');
  const decoded = qpdfJson('inline').qpdf[1];
  const [head, objects] = json.qpdf;
  const facts: PdfxFacts = { version: head.pdfversion, pages: json.pages.length, colourOps: {}, images: [], fonts: [], outputIntent: null, info: {} };

  const isRef = (x: Json): x is string => typeof x === 'string' && /^\d+ \d+ R$/.test(x);
  const obj = (ref: string): QpdfObject | undefined => objects[`obj:${ref}`];
  /** A direct value, following references; a stream gives its dictionary. */
  const res = (x: Json | undefined): Json | undefined => {
    let cur = x;
    for (let i = 0; i < 32 && cur !== undefined && isRef(cur); i++) {
      const o = obj(cur);
      cur = o?.stream ? (o.stream.dict as Json) : o?.value;
    }
    return cur;
  };
  const dict = (x: Json | undefined): Dict | undefined => {
    const d = res(x);
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Dict) : undefined;
  };
  const arr = (x: Json | undefined): Json[] | undefined => {
    const d = res(x);
    return Array.isArray(d) ? d : undefined;
  };
  const str = (x: Json | undefined): string | undefined => {
    const d = res(x);
    if (typeof d !== 'string') return undefined;
    if (d.startsWith('u:')) return d.slice(2);
    if (d.startsWith('b:')) return Buffer.from(d.slice(2), 'hex').toString('latin1');
    return undefined;
  };
  const streamData = (ref: Json | undefined): Buffer | undefined => {
    if (!isRef(ref as Json)) return undefined;
    const o = decoded[`obj:${ref as string}`];
    return o?.stream?.data !== undefined ? Buffer.from(o.stream.data, 'base64') : undefined;
  };
  const nums = (x: Json | undefined): number[] | undefined => {
    const a = arr(x);
    if (!a || !a.every((n) => typeof res(n) === 'number')) return undefined;
    return a.map((n) => res(n) as number);
  };

  // --- header, trailer ---------------------------------------------------------------------------
  if (want === 'PDF/X-1a:2003' && !['1.3', '1.4'].includes(head.pdfversion)) v.push(`PDF version ${head.pdfversion}: PDF/X-1a:2003 allows 1.3 or 1.4`);
  if (want === 'PDF/X-4' && !(Number(head.pdfversion) <= 1.6)) v.push(`PDF version ${head.pdfversion}: PDF/X-4 allows up to 1.6`);
  const trailer = (objects['trailer']?.value ?? {}) as Dict;
  const id = arr(trailer['/ID']);
  if (!id || id.length !== 2 || !id.every((x) => typeof x === 'string' && /^[ub]:/.test(x))) v.push('trailer: no /ID with two strings');
  if (trailer['/Encrypt'] !== undefined) v.push('trailer: the file is encrypted');

  // --- Info --------------------------------------------------------------------------------------
  const info = dict(trailer['/Info']);
  if (!info) v.push('trailer: no /Info dictionary');
  else {
    for (const [k, x] of Object.entries(info)) {
      const s = str(x);
      const d = res(x);
      facts.info[k] = s ?? (typeof d === 'string' ? d : JSON.stringify(d));
    }
    if (!str(info['/Title'])?.trim()) v.push('Info: no /Title');
    for (const k of ['/CreationDate', '/ModDate']) if (!/^D:\d{4}/.test(str(info[k]) ?? '')) v.push(`Info: no valid ${k}`);
    if (str(info['/GTS_PDFXVersion']) !== want) v.push(`Info: /GTS_PDFXVersion is ${JSON.stringify(str(info['/GTS_PDFXVersion']))}, expected ${want}`);
    const trapped = res(info['/Trapped']);
    if (trapped !== '/True' && trapped !== '/False') v.push(`Info: /Trapped must be the name /True or /False, found ${JSON.stringify(trapped)}`);
  }

  // --- catalog and output intent -----------------------------------------------------------------
  const root = dict(trailer['/Root']);
  if (!root) v.push('trailer: no /Root');
  else {
    const intents = (arr(root['/OutputIntents']) ?? []).map((x) => dict(x)).filter((d): d is Dict => !!d && d['/S'] === '/GTS_PDFX');
    if (intents.length !== 1) v.push(`catalog: ${intents.length} /GTS_PDFX output intents, exactly one required`);
    const oi = intents[0];
    if (oi) {
      facts.outputIntent = oi;
      if (!str(oi['/OutputConditionIdentifier'])?.trim()) v.push('output intent: no OutputConditionIdentifier');
      const prof = oi['/DestOutputProfile'];
      if (prof !== undefined) {
        const pd = dict(prof);
        if (!isRef(prof) || !obj(prof)?.stream) v.push('output intent: DestOutputProfile is not a stream');
        else if (res(pd?.['/N']) !== 4) v.push('output intent: DestOutputProfile is not a 4-component (CMYK) profile');
        const bytes = streamData(prof);
        if (bytes && (bytes.length < 132 || bytes.toString('latin1', 36, 40) !== 'acsp')) v.push('output intent: DestOutputProfile is not an ICC profile');
        if (bytes && bytes.toString('latin1', 12, 16) !== 'prtr') v.push('output intent: DestOutputProfile is not an output (prtr) profile');
      } else if (!str(oi['/RegistryName'])?.trim()) v.push('output intent: neither an embedded DestOutputProfile nor a RegistryName');
      if (want === 'PDF/X-4' && prof === undefined) v.push('output intent: PDF/X-4 needs an embedded DestOutputProfile');
    }
    for (const k of ['/AcroForm', '/OpenAction', '/AA']) if (root[k] !== undefined) v.push(`catalog: ${k} is not allowed in the print file`);
    const names = dict(root['/Names']);
    for (const k of ['/JavaScript', '/EmbeddedFiles']) if (names?.[k] !== undefined) v.push(`catalog: /Names ${k} is not allowed`);
    if (want === 'PDF/X-4') {
      const xmp = streamData(root['/Metadata'])?.toString('utf8') ?? '';
      if (!/<pdfxid:GTS_PDFXVersion>PDF\/X-4<\/pdfxid:GTS_PDFXVersion>/.test(xmp)) v.push('XMP: no pdfxid:GTS_PDFXVersion PDF/X-4');
      for (const k of ['xmpMM:DocumentID', 'xmpMM:VersionID', 'xmpMM:RenditionClass', 'xmp:CreateDate', 'xmp:ModifyDate', 'xmp:MetadataDate', 'pdf:Trapped', 'dc:title']) {
        if (!xmp.includes(`<${k}>`)) v.push(`XMP: no ${k}`);
      }
    }
  }

  // --- every object ------------------------------------------------------------------------------
  const spaceProblem = (cs: Json | undefined, where: string): string | undefined => {
    const c = res(cs);
    if (typeof c === 'string') return ALLOWED_SPACES.has(c) ? undefined : `${where}: colour space ${c}`;
    const a = arr(c);
    if (!a || a.length === 0) return `${where}: unreadable colour space ${JSON.stringify(c)}`;
    const family = res(a[0]);
    if (family === '/Separation') return spaceProblem(a[2], `${where} (Separation alternate)`);
    if (family === '/DeviceN') return spaceProblem(a[2], `${where} (DeviceN alternate)`);
    if (family === '/Indexed') return spaceProblem(a[1], `${where} (Indexed base)`);
    return `${where}: colour space ${String(family)}`;
  };
  const componentsOf = (cs: Json | undefined): number | undefined => {
    const c = res(cs);
    if (typeof c === 'string') return COMPONENTS[c];
    const a = arr(c);
    const family = a && res(a[0]);
    if (family === '/Separation' || family === '/Indexed') return 1;
    if (family === '/DeviceN') return arr(a![1])?.length;
    return undefined;
  };
  for (const [key, o] of Object.entries(objects)) {
    if (key === 'trailer') continue;
    const d = (o.stream ? o.stream.dict : o.value) as Json;
    walk(d, (x, path) => {
      const where = `${key}${path}`;
      if (x['/Type'] === '/Annot' || x['/Subtype'] === '/Link' || x['/Subtype'] === '/Widget') v.push(`${where}: annotation`);
      if (x['/S'] === '/JavaScript' || x['/S'] === '/Launch' || x['/S'] === '/URI' || x['/S'] === '/GoTo' || x['/S'] === '/Named' || x['/S'] === '/SubmitForm') v.push(`${where}: action ${String(x['/S'])}`);
      if (x['/JS'] !== undefined) v.push(`${where}: JavaScript`);
      if (x['/A'] !== undefined || x['/AA'] !== undefined) v.push(`${where}: action entry`);
      if (x['/Type'] === '/Group' || x['/S'] === '/Transparency') v.push(`${where}: transparency group`);
      if (x['/SMask'] !== undefined && res(x['/SMask']) !== '/None') v.push(`${where}: soft mask (transparency)`);
      for (const k of ['/CA', '/ca']) {
        const n = res(x[k]);
        if (typeof n === 'number' && n < 1) v.push(`${where}: ${k} ${n} (transparency)`);
      }
      const bm = res(x['/BM']);
      if (bm !== undefined && bm !== '/Normal' && bm !== '/Compatible') v.push(`${where}: blend mode ${JSON.stringify(bm)}`);
      for (const k of ['/TR', '/TR2']) if (x[k] !== undefined && res(x[k]) !== '/Default' && res(x[k]) !== '/Identity') v.push(`${where}: transfer function`);
      const ht = dict(x['/HT']);
      if (ht && ![1, 5].includes(res(ht['/HalftoneType']) as number)) v.push(`${where}: halftone type ${JSON.stringify(res(ht['/HalftoneType']))}`);
      if (x['/OPI'] !== undefined) v.push(`${where}: OPI`);
      if (x['/Alternates'] !== undefined) v.push(`${where}: alternate images`);
      if (x['/Subtype'] === '/PS' || x['/Subtype2'] === '/PS') v.push(`${where}: PostScript XObject`);
      const filters = res(x['/Filter']);
      for (const f of Array.isArray(filters) ? filters.map(res) : [filters]) {
        if (f === '/LZWDecode' || f === '/JBIG2Decode' || f === '/JPXDecode') v.push(`${where}: filter ${f}`);
      }
      if (x['/ColorSpace'] !== undefined) {
        const cs = res(x['/ColorSpace']);
        // A resource dictionary of colour spaces, or an image's / shading's own colour space.
        if (cs && typeof cs === 'object' && !Array.isArray(cs)) {
          for (const [name, space] of Object.entries(cs as Dict)) {
            const p = spaceProblem(space, `${where}/ColorSpace${name}`);
            if (p) v.push(p);
          }
        } else if (x['/ImageMask'] !== true) {
          const p = spaceProblem(x['/ColorSpace'], where);
          if (p) v.push(p);
        }
      }
    });
  }

  // --- pages -------------------------------------------------------------------------------------
  const inherited = (page: Dict, k: string): Json | undefined => {
    let cur: Dict | undefined = page;
    for (let i = 0; cur && i < 64; i++) {
      if (cur[k] !== undefined) return cur[k];
      cur = dict(cur['/Parent']);
    }
    return undefined;
  };
  const fontsSeen = new Set<string>();
  const formsSeen = new Set<string>();
  json.pages.forEach((p, i) => {
    const n = i + 1;
    const page = dict(p.object)!;
    const media = nums(inherited(page, '/MediaBox'));
    const trim = nums(page['/TrimBox']);
    const art = nums(page['/ArtBox']);
    const bleed = nums(page['/BleedBox']) ?? media;
    if (!media) v.push(`page ${n}: no MediaBox`);
    if (!trim && !art) v.push(`page ${n}: neither TrimBox nor ArtBox`);
    if (trim && art) v.push(`page ${n}: both TrimBox and ArtBox`);
    if (media && bleed && !contains(media, bleed)) v.push(`page ${n}: BleedBox ${bleed} outside MediaBox ${media}`);
    if (bleed && trim && !contains(bleed, trim)) v.push(`page ${n}: TrimBox ${trim} outside BleedBox ${bleed}`);
    if (page['/Annots'] !== undefined) v.push(`page ${n}: /Annots`);
    if (page['/AA'] !== undefined) v.push(`page ${n}: /AA`);
    if (page['/Group'] !== undefined) v.push(`page ${n}: /Group (transparency)`);
    const resources = dict(inherited(page, '/Resources')) ?? {};
    const data = Buffer.concat(p.contents.map((c) => streamData(c) ?? Buffer.alloc(0)));
    content(data, resources, `page ${n}`);
  });
  facts.fonts = [...fontsSeen].sort();

  function content(data: Buffer, resources: Dict, where: string): void {
    const colourSpaces = dict(resources['/ColorSpace']) ?? {};
    const xobjects = dict(resources['/XObject']) ?? {};
    const extg = dict(resources['/ExtGState']) ?? {};
    const fonts = dict(resources['/Font']) ?? {};
    const shadings = dict(resources['/Shading']) ?? {};
    const stack: { fill: number; stroke: number }[] = [];
    let state = { fill: 1, stroke: 1 };
    const count = (op: string) => (facts.colourOps[op] = (facts.colourOps[op] ?? 0) + 1);
    const setSpace = (name: Json, stroke: boolean) => {
      let comps: number | undefined;
      if (name === '/DeviceCMYK' || name === '/DeviceGray') comps = COMPONENTS[name as string];
      else if (name === '/Pattern') v.push(`${where}: pattern colour space`);
      else if (name === '/DeviceRGB' || name === '/CalRGB' || name === '/Lab' || name === '/CalGray') {
        v.push(`${where}: colour space ${name as string} set by ${stroke ? 'CS' : 'cs'}`);
        comps = name === '/CalGray' ? 1 : 3;
      }
      else {
        const space = colourSpaces[name as string];
        if (space === undefined) v.push(`${where}: colour space ${String(name)} not in the resources`);
        else {
          const p = spaceProblem(space, `${where} ${String(name)}`);
          if (p) v.push(p);
          comps = componentsOf(space);
        }
      }
      if (stroke) state.stroke = comps ?? -1;
      else state.fill = comps ?? -1;
    };
    for (const { op, args, inline } of tokenize(data)) {
      switch (op) {
        case 'q':
          stack.push({ ...state });
          break;
        case 'Q':
          state = stack.pop() ?? { fill: 1, stroke: 1 };
          break;
        case 'rg':
        case 'RG':
          count(op);
          v.push(`${where}: RGB colour operator ${op}`);
          break;
        case 'k':
        case 'K':
        case 'g':
        case 'G': {
          count(op);
          const need = op === 'k' || op === 'K' ? 4 : 1;
          if (args.length !== need || !args.every((a) => typeof a === 'number' && a >= 0 && a <= 1)) v.push(`${where}: ${op} with operands ${JSON.stringify(args)}`);
          if (op === 'k' || op === 'g') state.fill = need;
          else state.stroke = need;
          break;
        }
        case 'cs':
        case 'CS':
          count(op);
          setSpace(args[0] ?? null, op === 'CS');
          break;
        case 'sc':
        case 'scn':
        case 'SC':
        case 'SCN': {
          count(op);
          const comps = op === 'sc' || op === 'scn' ? state.fill : state.stroke;
          const numeric = args.filter((a) => typeof a === 'number');
          if (comps < 0 || numeric.length !== comps || numeric.length !== args.length) v.push(`${where}: ${op} with ${JSON.stringify(args)} in a ${comps}-component space`);
          break;
        }
        case 'gs': {
          const g = dict(extg[args[0] as string]);
          if (!g) v.push(`${where}: ExtGState ${String(args[0])} not in the resources`);
          break; // its entries were checked with every object
        }
        case 'sh': {
          const s = dict(shadings[args[0] as string]);
          if (!s) v.push(`${where}: shading ${String(args[0])} not in the resources`);
          else {
            const p = spaceProblem(s['/ColorSpace'], `${where} shading ${String(args[0])}`);
            if (p) v.push(p);
          }
          break;
        }
        case 'Tf': {
          const f = fonts[args[0] as string];
          if (f === undefined) v.push(`${where}: font ${String(args[0])} not in the resources`);
          else {
            const problem = fontProblem(f);
            const fd = dict(f);
            fontsSeen.add(String(str(fd?.['/BaseFont']) ?? res(fd?.['/BaseFont'])));
            if (problem) v.push(`${where}: font ${String(args[0])} ${problem}`);
          }
          break;
        }
        case 'Do': {
          const ref = xobjects[args[0] as string];
          const x = dict(ref);
          if (!x) {
            v.push(`${where}: XObject ${String(args[0])} not in the resources`);
            break;
          }
          if (x['/Subtype'] === '/Image') image(x, ref, `${where} image ${String(args[0])}`);
          else if (x['/Subtype'] === '/Form') {
            const key = String(ref);
            if (formsSeen.has(key)) break;
            formsSeen.add(key);
            content(streamData(ref) ?? Buffer.alloc(0), dict(x['/Resources']) ?? resources, `${where} form ${String(args[0])}`);
          } else v.push(`${where}: XObject ${String(args[0])} of subtype ${String(x['/Subtype'])}`);
          break;
        }
        case 'EI': {
          const d = inline ?? {};
          const im = d['/IM'] ?? d['/ImageMask'];
          const cs = d['/CS'] ?? d['/ColorSpace'];
          const abbrev: Record<string, string> = { '/CMYK': '/DeviceCMYK', '/G': '/DeviceGray', '/RGB': '/DeviceRGB' };
          const space = typeof cs === 'string' ? (abbrev[cs] ?? cs) : cs;
          if (im !== true) {
            if (typeof space === 'string' && !ALLOWED_SPACES.has(space) && colourSpaces[space] === undefined) v.push(`${where}: inline image in ${space}`);
            else if (typeof space === 'string' && colourSpaces[space] !== undefined) {
              const p = spaceProblem(colourSpaces[space], `${where} inline image`);
              if (p) v.push(p);
            }
          }
          facts.images.push(`inline ${String(space)}`);
          break;
        }
      }
    }
  }

  function image(x: Dict, ref: Json, where: string): void {
    if (x['/ImageMask'] === true) {
      facts.images.push('stencil mask');
      return;
    }
    const cs = res(x['/ColorSpace']);
    const p = spaceProblem(x['/ColorSpace'], where);
    if (p) v.push(p);
    if (x['/SMask'] !== undefined) v.push(`${where}: /SMask (transparency)`);
    if (x['/Mask'] !== undefined && arr(x['/Mask']) === undefined) v.push(`${where}: /Mask image`);
    const filters = res(x['/Filter']);
    const filterList = (Array.isArray(filters) ? filters.map(res) : [filters]).filter((f) => f !== undefined);
    facts.images.push(`${typeof cs === 'string' ? cs : JSON.stringify(cs)} ${filterList.join(',') || 'raw'} ${String(res(x['/Width']))}x${String(res(x['/Height']))}`);
    if (cs === '/DeviceCMYK' && filterList.includes('/DCTDecode')) {
      const bytes = streamData(ref);
      const decode = nums(x['/Decode']);
      const inverted = !!decode && decode.join(' ') === '1 0 1 0 1 0 1 0';
      if (bytes) {
        const adobe = adobeMarker(bytes);
        if (adobe !== inverted) v.push(`${where}: CMYK JPEG ${adobe ? 'with' : 'without'} Adobe inversion but Decode ${JSON.stringify(decode)} — it prints as a negative`);
      }
    }
  }

  function fontProblem(f: Json): string | undefined {
    const fd = dict(f);
    if (!fd) return 'is not a dictionary';
    const sub = res(fd['/Subtype']);
    if (sub === '/Type3') return undefined;
    const target = sub === '/Type0' ? dict(arr(fd['/DescendantFonts'])?.[0]) : fd;
    const desc = dict(target?.['/FontDescriptor']);
    if (!desc) return `(${String(sub)}) has no FontDescriptor: not embedded`;
    if (!['/FontFile', '/FontFile2', '/FontFile3'].some((k) => desc[k] !== undefined)) return `(${String(sub)}) is not embedded`;
    return undefined;
  }

  return { violations: v, facts };
}

function contains(outer: number[], inner: number[]): boolean {
  const e = 0.01;
  return inner[0]! >= outer[0]! - e && inner[1]! >= outer[1]! - e && inner[2]! <= outer[2]! + e && inner[3]! <= outer[3]! + e;
}

/** Calls `fn` on every dictionary inside `x` (not following references). */
function walk(x: Json, fn: (d: Dict, path: string) => void, path = ''): void {
  if (Array.isArray(x)) x.forEach((e, i) => walk(e, fn, `${path}[${i}]`));
  else if (x && typeof x === 'object') {
    fn(x, path);
    for (const [k, e] of Object.entries(x)) walk(e, fn, `${path}${k}`);
  }
}

/** An Adobe APP14 segment before the first scan (JPEG data stored inverted for CMYK). */
function adobeMarker(b: Buffer): boolean {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const m = b[i + 1]!;
    if (m === 0xda || m === 0xd9) break;
    const len = b.readUInt16BE(i + 2);
    if (m === 0xee && b.toString('latin1', i + 4, i + 9) === 'Adobe') return true;
    i += 2 + len;
  }
  return false;
}

// --- content stream tokenizer --------------------------------------------------------------------

type Operand = number | string | boolean | null | Operand[] | { [k: string]: Operand };

export interface Instruction {
  op: string;
  args: Operand[];
  /** The dictionary of an inline image (for `EI`). */
  inline?: { [k: string]: Operand };
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));

/** Splits a content stream into operators with their operands (ISO 32000 §7.2 lexical rules). */
export function* tokenize(b: Buffer): Generator<Instruction> {
  let i = 0;
  const n = b.length;
  let args: Operand[] = [];

  const skipWs = () => {
    while (i < n) {
      if (WS.has(b[i]!)) i++;
      else if (b[i] === 0x25) while (i < n && b[i] !== 0x0a && b[i] !== 0x0d) i++;
      else break;
    }
  };
  const regular = () => {
    const s = i;
    while (i < n && !WS.has(b[i]!) && !DELIM.has(b[i]!)) i++;
    return b.toString('latin1', s, i);
  };
  const value = (): Operand | { op: string } => {
    skipWs();
    const c = b[i]!;
    if (c === 0x2f) {
      i++;
      return '/' + regular().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
    if (c === 0x28) {
      let depth = 1;
      i++;
      let s = '';
      while (i < n && depth > 0) {
        const ch = b[i]!;
        if (ch === 0x5c) {
          s += String.fromCharCode(b[i + 1] ?? 0);
          i += 2;
          continue;
        }
        if (ch === 0x28) depth++;
        if (ch === 0x29) depth--;
        if (depth > 0) s += String.fromCharCode(ch);
        i++;
      }
      return `(${s})`;
    }
    if (c === 0x3c && b[i + 1] === 0x3c) {
      i += 2;
      const d: { [k: string]: Operand } = {};
      for (;;) {
        skipWs();
        if (i >= n) throw new Error('content stream: unterminated dictionary');
        if (b[i] === 0x3e && b[i + 1] === 0x3e) {
          i += 2;
          return d;
        }
        const k = value();
        const val = value();
        d[String(k)] = val as Operand;
      }
    }
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, i);
      if (end < 0) throw new Error('content stream: unterminated hex string');
      const s = b.toString('latin1', i + 1, end);
      i = end + 1;
      return `<${s}>`;
    }
    if (c === 0x5b) {
      i++;
      const a: Operand[] = [];
      for (;;) {
        skipWs();
        if (i >= n) throw new Error('content stream: unterminated array');
        if (b[i] === 0x5d) {
          i++;
          return a;
        }
        a.push(value() as Operand);
      }
    }
    if (c === 0x5d || c === 0x3e || c === 0x7b || c === 0x7d || c === 0x29) throw new Error(`content stream: unexpected ${String.fromCharCode(c)} at ${i}`);
    const word = regular();
    if (word === '') throw new Error(`content stream: unexpected byte ${c} at ${i}`);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return { op: word };
  };

  for (;;) {
    skipWs();
    if (i >= n) break;
    const t = value();
    if (t && typeof t === 'object' && !Array.isArray(t) && 'op' in t && typeof (t as { op: unknown }).op === 'string' && Object.keys(t).length === 1) {
      const op = (t as { op: string }).op;
      if (op === 'BI') {
        // Inline image: key/value pairs up to ID, one white-space byte, data up to EI.
        const d: { [k: string]: Operand } = {};
        for (;;) {
          skipWs();
          const k = value();
          if (k && typeof k === 'object' && 'op' in (k as object) && (k as { op: string }).op === 'ID') break;
          d[String(k)] = value() as Operand;
        }
        i++;
        let end = i;
        for (; end + 1 < n; end++) {
          if (b[end] === 0x45 && b[end + 1] === 0x49 && WS.has(b[end - 1]!) && (end + 2 >= n || WS.has(b[end + 2]!))) break;
        }
        i = end + 2;
        yield { op: 'EI', args: [], inline: d };
        args = [];
        continue;
      }
      yield { op, args };
      args = [];
    } else args.push(t as Operand);
  }
}
