/**
 * Orthotypography on mdast: spaces and punctuation set the way the booklet's language wants them,
 * on the text itself, so the PDF and the EPUB both get it. It changes spaces and punctuation,
 * never a word; what would change a word is reported by `lintTypography` instead.
 *
 * - `fr`, `fr-FR`, `fr-BE`, `fr-CH`… : the French rules (reference/standards.md §3).
 * - `fr-CA` : the same, except that no space is added before `; ! ?` (Québec usage); a space the
 *   writer typed there is kept, as a thin no-break space.
 * - `en…` : curly quotes “ ” ‘ ’, apostrophe ’, `...` → …, `--` → –, `---` → —, ` - ` → ` – `;
 *   no space is ever added or removed.
 * - any other language: apostrophe (’ between letters) and `...` → … only, since their quotes
 *   and spacing differ too much to guess.
 *
 * The text of one block (paragraph, heading, table cell) is read as one string across its inline
 * nodes (`**Vraiment** ?`, `« *bonjour* »`); inline code, images, note references, hard breaks and
 * autolinks are opaque in it and never changed. URLs, e-mail addresses, times (`10:30`, `19h30`),
 * ratios (`3:2`), smileys and `(?)` written in the text are left as they are.
 * Applying the transform twice gives the same tree.
 */
import type { Heading, Paragraph, Parent, PhrasingContent, Root, RootContent, TableCell, Text } from 'mdast';
import type { Diagnostic } from '../diagnostics.js';

/** An ordinal's letters (`1er`, `XXe`): mdast has no superscript node, so this is ours. */
export interface Superscript extends Parent {
  type: 'superscript';
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    superscript: Superscript;
  }
  interface RootContentMap {
    superscript: Superscript;
  }
}

type Mode = 'fr' | 'fr-CA' | 'en' | 'other';

function modeOf(lang: string): Mode {
  const [base = '', region = ''] = lang.toLowerCase().split(/[-_]/);
  if (base === 'fr') return region === 'ca' ? 'fr-CA' : 'fr';
  if (base === 'en') return 'en';
  return 'other';
}

/** Stands for an inline that is not text (code, image, note reference, autolink, superscript). */
const OBJ = '\uFFFC';
/** Stands for a hard line break. */
const BRK = '\u2028';
const NBSP = '\u00A0';
const NNBSP = '\u202F';

/** Any space a writer may have typed between two characters (a soft line break included). */
const SP = '[ \\t\\n\\u00A0\\u202F\\u2009]';
/** The same, on one line. */
const HSP = '[ \\t\\u00A0\\u202F\\u2009]';

// ---------------------------------------------------------------------------------------------
// The text of one block, across its inline nodes
// ---------------------------------------------------------------------------------------------

interface Seg {
  node: Text;
  parent: Parent;
  /** Offset of the node's first character in the block text as first read (for the lint). */
  start: number;
}

/**
 * One block's text, each character owned by the text node it belongs to (-1: an opaque inline).
 * Edits keep every node's characters together, so the text can be written back node by node.
 */
class TextRun {
  text = '';
  /** Per UTF-16 unit of `text`: index of its segment, or -1 for an opaque inline. */
  owners = new Int32Array(0);
  /** Per UTF-16 unit: 1 where nothing may change. */
  prot = new Uint8Array(0);
  readonly segs: Seg[] = [];
  private parts: [number, number][] = [];

  addText(node: Text, parent: Parent): void {
    const i = this.segs.push({ node, parent, start: this.text.length }) - 1;
    this.text += node.value;
    this.parts.push([i, node.value.length]);
  }

  addAtom(ch: string): void {
    this.text += ch;
    this.parts.push([-1, ch.length]);
  }

  /** Sets the owners once the whole block is read. */
  private seal(): void {
    this.owners = new Int32Array(this.text.length);
    this.prot = new Uint8Array(this.text.length);
    let at = 0;
    for (const [o, n] of this.parts) {
      this.owners.fill(o, at, at + n);
      if (o < 0) this.prot.fill(1, at, at + n);
      at += n;
    }
  }

  /** Marks what must never change: URLs, e-mail addresses, times, ratios, smileys. */
  protect(): void {
    this.seal();
    for (const [hint, re] of PROTECTED) {
      if (!hint.test(this.text)) continue;
      for (const m of this.text.matchAll(re)) {
        let end = m.index + m[0].length;
        if (re.flags.includes('i')) while (end > m.index && /[.,;:!?»”’)\]'"]/.test(this.text[end - 1]!)) end--;
        this.prot.fill(1, m.index, end);
      }
    }
  }

  private touches(s: number, e: number): boolean {
    for (let k = s; k < e; k++) if (this.prot[k]) return true;
    return false;
  }

  /**
   * Replaces each match by what `fn` returns (null: leave it). Only the changed middle of a match
   * is edited; inserted characters join the node of the first removed one, or else the node of the
   * character after them (`attach: 'next'`) or before them (`'prev'`).
   */
  replace(re: RegExp, fn: (m: RegExpExecArray, text: string) => string | null, attach: 'next' | 'prev' = 'next'): void {
    const t = this.text;
    const edits: { s: number; e: number; ins: string; owner: number }[] = [];
    let last = 0;
    let grow = 0;
    for (const m of t.matchAll(re)) {
      const s = m.index;
      const e = s + m[0].length;
      if (s < last || e === s) continue;
      const rep = fn(m as RegExpExecArray, t);
      if (rep === null || rep === m[0]) continue;
      const old = m[0];
      let p = 0;
      while (p < old.length && p < rep.length && old[p] === rep[p]) p++;
      let q = 0;
      while (q < old.length - p && q < rep.length - p && old[old.length - 1 - q] === rep[rep.length - 1 - q]) q++;
      const delS = s + p;
      const delE = e - q;
      if (this.touches(s, e)) continue;
      const ins = rep.slice(p, rep.length - q);
      let owner: number;
      if (delE > delS) owner = this.owners[delS]!;
      else {
        const before = delS > 0 ? this.owners[delS - 1]! : -1;
        const after = delS < t.length ? this.owners[delS]! : -1;
        owner = attach === 'prev' ? (before >= 0 ? before : after) : after >= 0 ? after : before;
      }
      if (owner < 0 && ins.length > 0) continue;
      edits.push({ s: delS, e: delE, ins, owner });
      grow += ins.length - (delE - delS);
      last = delE;
    }
    if (edits.length === 0) return;
    const n = t.length + grow;
    const owners = new Int32Array(n);
    const prot = new Uint8Array(n);
    let text = '';
    let from = 0;
    let at = 0;
    for (const ed of edits) {
      owners.set(this.owners.subarray(from, ed.s), at);
      prot.set(this.prot.subarray(from, ed.s), at);
      at += ed.s - from;
      owners.fill(ed.owner, at, at + ed.ins.length);
      at += ed.ins.length;
      text += t.slice(from, ed.s) + ed.ins;
      from = ed.e;
    }
    owners.set(this.owners.subarray(from), at);
    prot.set(this.prot.subarray(from), at);
    this.text = text + t.slice(from);
    this.owners = owners;
    this.prot = prot;
  }

  /** Replaces single characters by single characters. */
  setChars(map: Map<number, string>): void {
    if (map.size === 0) return;
    let s = '';
    for (let k = 0; k < this.text.length; k++) s += map.get(k) ?? this.text[k];
    this.text = s;
  }

  /** Writes the text back into the nodes; empty text nodes are removed. */
  writeBack(): void {
    const values = this.segs.map(() => '');
    for (let k = 0; k < this.text.length; ) {
      const o = this.owners[k]!;
      let j = k + 1;
      while (j < this.text.length && this.owners[j] === o) j++;
      if (o >= 0) values[o] += this.text.slice(k, j);
      k = j;
    }
    this.segs.forEach((seg, i) => {
      seg.node.value = values[i]!;
    });
  }

  /** Offset of position `k` inside its owner's value. */
  offsetInOwner(k: number): number {
    const o = this.owners[k];
    let n = 0;
    for (let j = k - 1; j >= 0 && this.owners[j] === o; j--) n++;
    return n;
  }
}

/** What must never change, each with a quick test that tells when to look for it at all. */
const PROTECTED: [RegExp, RegExp][] = [
  [/:\/\//, /\b(?:https?|ftp|file):\/\/[^\s\uFFFC<>"«»“”]+/giu],
  [/www\./i, /\bwww\.[^\s\uFFFC<>"«»“”]+/giu],
  [/mailto:/i, /\bmailto:[^\s\uFFFC<>"«»“”]+/giu],
  [/@/, /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu],
  [
    /[a-z0-9]\.[a-z]{2}/i,
    /(?<![\p{L}\p{N}@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|fr|eu|io|info|biz|gouv|edu|be|ch|ca|de|uk|co|app|dev|ai|tech)(?![\p{L}\p{N}-])(?:\/[^\s\uFFFC<>"«»“”]*)?/giu,
  ],
  // times and ratios: 19h30, 10:30, 3:2
  [/\dh\d/, /(?<![\p{L}\p{N}])\d{1,2}h\d{2}(?![\p{L}\p{N}])/gu],
  [/\d:\d/, /\d+(?::\d+)+/gu],
  // smileys and the doubtful (?) (!)
  [/[:;]['-]?[()[\]DPp|/\\]/, /(?<![\p{L}\p{N}])[:;]['-]?[()[\]DPp|/\\](?![\p{L}\p{N}])/gu],
  [/\([?!]/, /\([?!]+\)/gu],
];

/** Collects the text of a block; returns the run (nodes are not changed). */
function readBlock(block: Parent, lang: string, forLint: boolean): TextRun {
  const run = new TextRun();
  const walk = (nodes: RootContent[], parent: Parent) => {
    for (const n of nodes) {
      switch (n.type) {
        case 'text':
          run.addText(n, parent);
          break;
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'linkReference':
          walk(n.children, n);
          break;
        case 'link':
          if (isAutolink(n.url, n.children)) run.addAtom(OBJ);
          else walk(n.children, n);
          break;
        case 'break':
          run.addAtom(BRK);
          break;
        case 'image':
        case 'imageReference':
          if (!forLint) {
            if (n.type === 'image' && n.title) n.title = typographyText(n.title, lang);
            if (n.alt) n.alt = typographyText(n.alt, lang);
          }
          run.addAtom(OBJ);
          break;
        default:
          run.addAtom(OBJ);
      }
    }
  };
  walk(block.children, block);
  run.protect();
  return run;
}

function isAutolink(url: string, children: PhrasingContent[]): boolean {
  if (children.length !== 1 || children[0]!.type !== 'text') return false;
  const v = children[0].value;
  return v === url || `mailto:${v}` === url || /^(?:https?:\/\/|www\.)\S+$/i.test(v) || /^\S+@\S+\.\S+$/.test(v);
}

/** Every block whose children are inline content. */
function blocksOf(tree: Parent): (Paragraph | Heading | TableCell)[] {
  const out: (Paragraph | Heading | TableCell)[] = [];
  const visit = (node: Parent) => {
    for (const c of node.children) {
      if (c.type === 'paragraph' || c.type === 'heading' || c.type === 'tableCell') out.push(c);
      else if (c.type === 'code' || c.type === 'html' || c.type === 'yaml' || c.type === 'definition') continue;
      else if ('children' in c && Array.isArray(c.children)) visit(c as Parent);
    }
  };
  visit(tree);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

// The rules' patterns are made once (a pattern built per block was a RegExp per block and rule).
const QUOTE_OPENER = /[\s\u2028\uFFFC([{«“‘—–/-]/u;
const QUOTE_CLOSER = /[\s\u2028\uFFFC)\]}».,;:!?…”’-]/u;

/** Pairs the quotation marks of a block and sets them for the language (unpaired ones stay). */
function quotes(run: TextRun, mode: 'fr' | 'en'): void {
  const t = run.text;
  if (!/["«»“”]/.test(t)) return;
  const stack: number[] = [];
  const pairs: [number, number, number][] = [];
  const opener = QUOTE_OPENER;
  const closer = QUOTE_CLOSER;
  for (let i = 0; i < t.length; i++) {
    if (run.prot[i]) continue;
    const c = t[i]!;
    let kind: 'open' | 'close' | undefined;
    if (c === '"') {
      const o = i === 0 || opener.test(t[i - 1]!);
      const cl = i === t.length - 1 || closer.test(t[i + 1]!);
      if (o && !cl) kind = 'open';
      else if (cl && !o) kind = 'close';
      else kind = stack.length ? 'close' : 'open';
    } else if (c === '“' || (mode === 'fr' && c === '«')) kind = 'open';
    else if (c === '”' || (mode === 'fr' && c === '»')) kind = 'close';
    if (kind === 'open') stack.push(i);
    else if (kind === 'close' && stack.length) {
      const o = stack.pop()!;
      pairs.push([o, i, stack.length]);
    }
  }
  const outer = mode === 'fr' ? ['«', '»'] : ['“', '”'];
  const inner = mode === 'fr' ? ['“', '”'] : ['‘', '’'];
  const map = new Map<number, string>();
  for (const [o, c, d] of pairs) {
    const [a, b] = d === 0 ? outer : inner;
    map.set(o, a!);
    map.set(c, b!);
  }
  run.setChars(map);
}

function apostrophes(run: TextRun, mode: Mode): void {
  if (!run.text.includes("'")) return;
  if (mode === 'en') {
    run.replace(/'/gu, (m, t) => {
      const i = m.index;
      const prev = i === 0 ? ' ' : t[i - 1]!;
      const next = t[i + 1] ?? ' ';
      const opens = /[\s\u2028\uFFFC([{“"—–-]/u.test(prev) && /\p{L}/u.test(next);
      if (opens && !/^(?:tis|twas|em|cause|til|n)\b/i.test(t.slice(i + 1, i + 6))) return '‘';
      return '’';
    });
    return;
  }
  run.replace(/(?<=\p{L})'(?=\p{L})/gu, () => '’');
}

const SPACE_ELLIPSIS = new RegExp(`(?<=[\\p{L}\\p{N}])${SP}+…`, 'gu');

function ellipsis(run: TextRun, mode: Mode): void {
  if (!/\.\.\.|…/.test(run.text)) return;
  run.replace(/(?<!\.)\.\.\.(?!\.)/gu, () => '…');
  if (mode === 'fr' || mode === 'fr-CA') run.replace(SPACE_ELLIPSIS, () => '…');
}

const LONE_HYPHEN = new RegExp(`(?<=[\\p{L}\\p{N}»”’)\\].,;:!?…])(${HSP}+)-(${SP}+)(?=[\\p{L}\\p{N}«“(\\[])`, 'gu');
const DIALOGUE = new RegExp(`(?<=^|\\u2028)(?:--?|–|—)${SP}+(?=\\S)`, 'gu');
const PAREN_DASH = new RegExp(`(?<=\\S)${SP}+([–—])(?:(${SP}+)(?=\\S)|(?=[,.)]))`, 'gu');

function dashes(run: TextRun, mode: Mode): void {
  if (!/[-–—]/.test(run.text)) return;
  run.replace(/(?<!-)---(?!-)/gu, () => '—');
  run.replace(/(?<!-)--(?!-)/gu, (m, t) => {
    // `--strict` is a command-line option, not a dash
    const prev = m.index === 0 ? ' ' : t[m.index - 1]!;
    if (/\s/u.test(prev) && /[\p{Ll}\p{N}]/u.test(t[m.index + 2] ?? '')) return null;
    return '–';
  });
  // a hyphen standing alone between words is a dash
  // (`2006 - 2010` between two numbers is left alone)
  run.replace(LONE_HYPHEN, (m, t) => {
    if (/\d/.test(t[m.index - 1]!) && /\d/.test(t[m.index + m[0].length]!)) return null;
    return `${m[1]}–${m[2]}`;
  });
  if (mode !== 'fr' && mode !== 'fr-CA') return;

  // dialogue: a dash opening a paragraph (or a line after a hard break) is an em dash
  run.replace(DIALOGUE, () => `—${NBSP}`);

  // parenthetical dashes: no-break space on the inner side; they open and close in turn
  // within a sentence (a lone one opens: the aside runs to the end of the sentence)
  const re = PAREN_DASH;
  const kinds = new Map<number, 'open' | 'close'>();
  let sentence = -1;
  let count = 0;
  const ends = [...run.text.matchAll(/[.!?…](?=[\s\u2028»”)]|$)/gu)].map((m) => m.index);
  for (const m of run.text.matchAll(re)) {
    const sid = ends.filter((e) => e < m.index).length;
    if (sid !== sentence) {
      sentence = sid;
      count = 0;
    }
    kinds.set(m.index, m[2] === undefined || count % 2 === 1 ? 'close' : 'open');
    count++;
  }
  run.replace(re, (m) => {
    const d = m[1]!;
    if (m[2] === undefined) return `${NBSP}${d}`;
    return kinds.get(m.index) === 'close' ? `${NBSP}${d} ` : ` ${d}${NBSP}`;
  });
}

const AFTER_MARK = '(?=[\\s\\u2028\\uFFFC»”’)\\].,…]|$)';
const FR_SPACES = {
  beforeStop: new RegExp(`(?<=[\\p{L}\\p{N}»”’)\\]])${HSP}+(?=[.,](?:[\\s\\u2028)»”]|$))`, 'gu'),
  guillemetOpen: new RegExp(`«${SP}*(?=\\S)`, 'gu'),
  guillemetClose: new RegExp(`(?<=\\S)${SP}*»`, 'gu'),
  quoteOpen: new RegExp(`“${SP}+(?=\\S)`, 'gu'),
  quoteClose: new RegExp(`(?<=\\S)${SP}+”`, 'gu'),
  highMark: new RegExp(`(?<=[^\\s(\\[])(${SP}*)([!?]+|;)${AFTER_MARK}`, 'gu'),
  colon: new RegExp(`(?<=[^\\s(\\[])${SP}*:${AFTER_MARK}`, 'gu'),
  title: new RegExp(`(?<![\\p{L}\\p{N}])(MM\\.|M\\.|Mmes|Mme|Mlles|Mlle|Drs|Dre|Dr|Pr|Me|Mgr)${SP}+(?=\\p{Lu})`, 'gu'),
};

function frenchSpaces(run: TextRun, mode: 'fr' | 'fr-CA'): void {
  const has = (re: RegExp) => re.test(run.text);
  const re = FR_SPACES;
  // no space before . and , (`mémorable » .`)
  if (has(/\s[.,]/)) run.replace(re.beforeStop, () => '');
  // « » with a thin no-break space inside; no space inside the “ ” nested in them
  if (has(/«/)) run.replace(re.guillemetOpen, () => `«${NNBSP}`, 'prev');
  if (has(/»/)) run.replace(re.guillemetClose, () => `${NNBSP}»`);
  if (has(/“\s/)) run.replace(re.quoteOpen, () => '“');
  if (has(/\s”/)) run.replace(re.quoteClose, () => '”');
  // thin no-break space before ; ! ? (one before ?! and !?, none inside)
  if (has(/[;!?]/)) run.replace(re.highMark, (m) => {
    if (mode === 'fr-CA' && m[1] === '') return null;
    return NNBSP + m[2];
  });
  // no-break space before :
  if (has(/:/)) run.replace(re.colon, () => `${NBSP}:`);
  // titles before a name: M. Dupont, Mme Durand
  if (has(/M\.|Mm|Ml|Dr|Pr|Me|Mg/)) run.replace(re.title, (m) => m[1] + NBSP);
}

// Units after a number. `s`, `t` and `l` only when a space already separates them (`1990s`).
const UNITS =
  '%|‰|€|\\$|£|¥|°C|°F|M€|k€|Md€|Mds€|km/h|km²|m²|m³|cm²|km|cm|mm|µm|nm|m|kg|mg|g|t|ha|l|ml|cl|dl|h|min|s|ms|µs|ns|Ko|ko|Mo|Go|To|Po|kB|KB|MB|GB|TB|Mbit/s|Gbit/s|kbit/s|Mbps|Gbps|kW|MW|GW|kWh|MWh|GWh|TWh|kV|Hz|kHz|MHz|GHz|dB|px|pt|mAh';
const NEEDS_SPACE = new Set(['s', 't', 'l']);
const UNIT_AT = new RegExp(`^(,\\d+)?(${HSP}?)(${UNITS})(?![\\p{L}\\p{N}’'²³])`, 'u');

function unitFollows(rest: string): boolean {
  const u = UNIT_AT.exec(rest);
  return !!u && (u[2] !== '' || !NEEDS_SPACE.has(u[3]!));
}

/** Words before a number that make it a page, a reference, a postcode…: never grouped. */
const NOT_QUANTITY = new Set(
  'n° no nº n numéro num p. pp. p page pages réf. réf ref tél. tél tel fax code cp bp cedex siret siren isbn issn article art. art dossier ticket version v chapitre chap. vol. volume tome ligne bus route rn rd'.split(' '),
);
/** Words before a 4-digit number from 1000 to 2099 that make it a year. */
const YEAR_WORDS = new Set(
  'en depuis de d’ d\' dès à vers avant après jusqu’en jusqu\'en an l’an année années fin début mi été hiver automne printemps entre le la janvier février mars avril mai juin juillet août septembre octobre novembre décembre'.split(' '),
);
/** Nouns after a 4-digit number that make it a quantity (`2500 personnes`). */
const QUANTITY_NOUNS = new Set(
  'emplois personnes salariés salariées habitants adhérents membres participants visiteurs entreprises sociétés euros dollars exemplaires étudiants élèves employés collaborateurs clients utilisateurs abonnés spectateurs postes jours heures ans kilomètres mètres litres tonnes pages mots signes fois startups start-up'.split(' '),
);

const WORD_CHAR = /[\p{L}°º#.’']/u;
const HSP_CHAR = /[ \t\u00A0\u202F\u2009]/;

/**
 * The word just before `end` in `t`, lowercased: the letters (and `°º#.’'`) that end the 40
 * characters before `end`, spaces after them skipped; '' if something else ends them.
 */
function prevWord(t: string, end: number): string {
  const from = Math.max(0, end - 40);
  let e = end;
  while (e > from && HSP_CHAR.test(t[e - 1]!)) e--;
  let s = e;
  while (s > from) {
    const c = t.charCodeAt(s - 1);
    // a letter outside the BMP: both halves of the pair must lie in the 40 characters
    if (c >= 0xdc00 && c <= 0xdfff && s - 2 >= from) {
      const hi = t.charCodeAt(s - 2);
      if (hi >= 0xd800 && hi <= 0xdbff && WORD_CHAR.test(t.slice(s - 2, s))) {
        s -= 2;
        continue;
      }
    }
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || WORD_CHAR.test(t[s - 1]!)) s--;
    else break;
  }
  return s < e ? t.slice(s, e).toLowerCase() : '';
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+$)/g, NNBSP);
}

const NUM_LEFT = `(?<![\\p{L}\\p{N}.,_\\-/#°]|\\d${HSP})`;
const NUMBERS = {
  spaced: new RegExp(`${NUM_LEFT}([1-9]\\d{0,2})((?:[ \\u00A0\\u202F]\\d{3})+)(?!\\d|${HSP}\\d|\\.\\d)`, 'gu'),
  long: new RegExp(`${NUM_LEFT}([1-9]\\d{3,})(?!\\d|\\.\\d|${HSP}\\d)`, 'gu'),
  wordAfter: new RegExp(`^(?:,\\d+)?${HSP}+(\\p{Ll}[\\p{L}’'-]*)`, 'u'),
  unit: new RegExp(`(?<=\\d)(${HSP}?)(${UNITS})(?![\\p{L}\\p{N}’'²³])`, 'gu'),
  hourMinutes: new RegExp(`(?<=\\d\\u00A0h)${HSP}+(?=\\d{2}(?!\\d))`, 'gu'),
};

function numbers(run: TextRun): void {
  if (!/\d/.test(run.text)) return;
  // `15 000` with an ordinary or no-break space: the separator becomes a thin no-break space
  run.replace(NUMBERS.spaced, (m, t) => {
    if (NOT_QUANTITY.has(prevWord(t, m.index))) return null;
    return m[1] + m[2]!.replace(/[ \u00A0]/g, NNBSP);
  });
  // `15000` grouped when it is clearly a quantity
  run.replace(NUMBERS.long, (m, t) => {
    const digits = m[1]!;
    const rest = t.slice(m.index + digits.length);
    const pw = prevWord(t, m.index);
    if (NOT_QUANTITY.has(pw)) return null;
    const unit = unitFollows(rest);
    const word = NUMBERS.wordAfter.exec(rest)?.[1];
    if (digits.length >= 5) {
      const end = /^(?:,\d+)?(?:[.,;:!?…)]|\s*$)/u.test(rest);
      if (unit || word || (digits.length >= 6 && end)) return group(digits);
      return null;
    }
    const n = Number(digits);
    if (n >= 1000 && n <= 2099 && YEAR_WORDS.has(pw)) return null;
    if (unit || (word && QUANTITY_NOUNS.has(word))) return group(digits);
    return null;
  });
  // a no-break space between a number and its unit
  run.replace(NUMBERS.unit, (m, t) => {
    if (m[1] === '' && NEEDS_SPACE.has(m[2]!)) return null;
    const hs = Math.max(0, m.index - 40);
    const num = /[\d\u202F,.]*\d$/u.exec(t.slice(hs, m.index))!;
    const before = t[hs + num.index - 1] ?? ' ';
    if (/[\p{L}_]/u.test(before)) return null;
    return NBSP + m[2];
  });
  // 19 h 30 (after the no-break space the rule above puts before `h`)
  if (run.text.includes('\u00A0h')) run.replace(NUMBERS.hourMinutes, () => NBSP);
}

/** Ordinals whose letters are set as superscript: 1er 1re 2e 2nd XXe XIXe. */
const ORDINAL =
  /(?<![\p{L}\p{N}.,/_-])(?:(1)(ers?|res?)|([2-9]|[1-9]\d+)(es?)|(2)(nde?s?)|((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))(ers?|res?|es?))(?![\p{L}\p{N}’'])/gu;

function ordinals(run: TextRun): void {
  if (!/[\dIVX](?:e|er|re|nd)/.test(run.text)) return;
  const splits = new Map<number, [number, number][]>();
  for (const m of run.text.matchAll(ORDINAL)) {
    const num = m[1] ?? m[3] ?? m[5] ?? m[7]!;
    const suf = m[2] ?? m[4] ?? m[6] ?? m[8]!;
    if (m[7] !== undefined && (m[7] === 'I') !== /^(er|re)s?$/.test(suf)) continue;
    const s = m.index;
    const e = s + m[0].length;
    const o = run.owners[s]!;
    let ok = o >= 0;
    for (let k = s; k < e && ok; k++) if (run.owners[k] !== o || run.prot[k]) ok = false;
    if (!ok) continue;
    const at = run.offsetInOwner(s) + num.length;
    const list = splits.get(o) ?? [];
    list.push([at, at + suf.length]);
    splits.set(o, list);
  }
  for (const [o, list] of splits) {
    const { node, parent } = run.segs[o]!;
    for (const [a, b] of list.sort((x, y) => y[0] - x[0])) {
      const v = node.value;
      const sup: Superscript = { type: 'superscript', children: [{ type: 'text', value: v.slice(a, b), position: node.position }], position: node.position };
      const add: RootContent[] = [sup];
      if (b < v.length) add.push({ type: 'text', value: v.slice(b), position: node.position });
      node.value = v.slice(0, a);
      parent.children.splice(parent.children.indexOf(node) + 1, 0, ...add);
    }
  }
}

/** The rules of the language, in order: quotes and ellipsis, dashes, then spaces. */
function typeset(run: TextRun, mode: Mode): void {
  if (mode !== 'other') quotes(run, mode === 'en' ? 'en' : 'fr');
  apostrophes(run, mode);
  ellipsis(run, mode);
  if (mode !== 'other') dashes(run, mode);
  if (mode === 'fr' || mode === 'fr-CA') {
    frenchSpaces(run, mode);
    numbers(run);
  }
}

function typesetBlock(block: Parent, mode: Mode, lang: string): void {
  const run = readBlock(block, lang, false);
  if (run.segs.length === 0) return;
  typeset(run, mode);
  run.writeBack();
  if (mode === 'fr' || mode === 'fr-CA') ordinals(run);
  // drop text nodes left empty
  for (const { node, parent } of run.segs) {
    if (node.value === '') {
      const i = parent.children.indexOf(node);
      if (i >= 0) parent.children.splice(i, 1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

/** Applies the typography of `lang` to every text of the tree, in place; returns the tree. */
export function applyTypography(tree: Root, lang: string): Root {
  const mode = modeOf(lang);
  for (const b of blocksOf(tree)) typesetBlock(b, mode, lang);
  return tree;
}

/** The same rules on a plain string (front-matter fields); ordinals stay plain letters. */
export function typographyText(text: string, lang: string): string {
  if (text === '') return text;
  const p: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: text }] };
  const run = readBlock(p, lang, false);
  typeset(run, modeOf(lang));
  return run.text;
}

// ---------------------------------------------------------------------------------------------
// Lint: what would change a word is reported, never rewritten
// ---------------------------------------------------------------------------------------------

/** Capitals that keep their accents (the correct spelling, in capitals); all start with É, which lintRun relies on. */
const ACCENTED = 'ÉCOLE ÉCOLES ÉTAT ÉTATS ÉVÉNEMENT ÉVÉNEMENTS ÉVÈNEMENT ÉVÈNEMENTS ÉLÈVE ÉLÈVES ÉGLISE ÉGLISES ÉTÉ ÉPISODE ÉPISODES ÉDITION ÉDITIONS ÉQUIPE ÉQUIPES ÉTUDE ÉTUDES ÉCONOMIE ÉNERGIE ÉLECTION ÉLECTIONS ÉDUCATION ÉTAPE ÉTAPES'.split(' ');
const UNACCENTED = new Map<string, string>();
for (const w of ACCENTED) {
  const bare = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const cap = w[0] + w.slice(1).toLowerCase();
  for (const [wrong, right] of [
    [bare(w), w],
    ['E' + w.slice(1), w],
    [bare(cap), cap],
    ['E' + cap.slice(1), cap],
  ] as const) {
    if (wrong !== right && !UNACCENTED.has(wrong)) UNACCENTED.set(wrong, right);
  }
}
/** Words after a sentence-initial "A" that show it is a letter, not the preposition. */
const A_LETTER_NEXT = new Set('est a et ou sont était vaut désigne représente'.split(' '));

interface Finding {
  at: number;
  code: string;
  message: string;
}

function lintRun(run: TextRun): Finding[] {
  const t = run.text;
  const found: Finding[] = [];
  const clean = (s: number, e: number) => {
    for (let k = s; k < e; k++) if (run.prot[k]) return false;
    return true;
  };
  const add = (m: RegExpMatchArray, code: string, message: string, len = m[0].length) => {
    if (clean(m.index!, m.index! + len)) found.push({ at: m.index!, code, message });
  };

  // Every word UNACCENTED knows starts with E: only those words are looked up.
  if (t.includes('E')) for (const m of t.matchAll(/(?<![\p{L}\p{N}])E\p{L}*(?![\p{L}\p{N}])/gu)) {
    const right = UNACCENTED.get(m[0]);
    if (right) add(m, 'typo-unaccented-capital', `"${m[0]}" is missing its accent — write "${right}" (capitals keep their accents in French)`);
  }
  if (t.includes('A')) for (const m of t.matchAll(/(?<![\p{L}\p{N}'’.-])A(?=[ \u00A0\u202F]+([\p{L}][\p{L}’'-]*))/gu)) {
    const before = t.slice(Math.max(0, m.index - 40), m.index).replace(/[\s«“"(\[—–\-\p{Extended_Pictographic}\uFE0F\uFFFC]+$/u, '');
    if (before !== '' && !/[.!?…]$/u.test(before)) continue;
    const next = m[1]!;
    const lower = /^\p{Ll}/u.test(next) && !A_LETTER_NEXT.has(next);
    const name = /^\p{Lu}\p{Ll}+/u.test(next);
    if (lower || name) add(m, 'typo-unaccented-capital', `"A" at the start of a sentence is the preposition "à" — write "À" (capitals keep their accents in French)`, 1);
  }
  if (/\d\.\d/.test(t)) for (const m of t.matchAll(/(?<![\p{L}\p{N}.,/_-])(\d+)\.(\d+)(?![\p{L}\p{N}]|\.\d)/gu)) {
    const pw = prevWord(t, m.index);
    if (/^(?:chapitre|chap\.|section|article|art\.|§|partie|version|v|étape|point|paragraphe)$/.test(pw)) continue;
    const [, a, b] = m as unknown as [string, string, string];
    const msg =
      b.length === 3 && a.length <= 3
        ? `"${m[0]}" uses a point — in French write "${a},${b}" for a decimal number, or "${a} ${b}" for a whole number in thousands`
        : `"${m[0]}" uses a decimal point — write "${a},${b}" (French uses a decimal comma)`;
    add(m, 'typo-decimal-point', msg);
  }
  if (/[\dIVX]i?[èée]/.test(t)) for (const m of t.matchAll(/(?<![\p{L}\p{N}])(\d+|[IVX]+)(i?[èée]mes?|i?[èe]res?|è)(?![\p{L}\p{N}])/gu)) {
    const [, num, suf] = m as unknown as [string, string, string];
    if (/^[IVX]+$/.test(num) && !/^X{0,3}(?:IX|IV|V?I{0,3})$/.test(num)) continue;
    const plural = suf.endsWith('s') ? 's' : '';
    const one = num === '1' || num === 'I';
    const fem = /r/.test(suf);
    const right = one ? (fem ? `${num}re${plural}` : `${num}er${plural}" or "${num}re${plural}`) : `${num}e${plural}`;
    add(m, 'typo-ordinal', `"${m[0]}" is not the French abbreviation — write "${right}" (the letters are set as superscript automatically)`);
  }
  if (/M[rml]/.test(t)) for (const m of t.matchAll(/(?<![\p{L}\p{N}])(Mrs?\.?|Mmes?\.|Mlles?\.)(?=[\s\u2028]|$)/gu)) {
    const w = m[1]!;
    const msg = w.startsWith('Mrs')
      ? `"${w}" is the English abbreviation — write "Mme" (Madame)`
      : w.startsWith('Mr')
        ? `"${w}" is the English abbreviation — write "M." (Monsieur)`
        : `"${w}" takes no period (the abbreviation ends with the word's last letter) — write "${w.slice(0, -1)}"`;
    add(m, 'typo-mr', msg);
  }
  return found.sort((x, y) => x.at - y.at);
}

/**
 * Typographic warnings on what the transform does not rewrite because it would change a word:
 * capitals without their accents, decimal points, `1ère`/`2ème`, `Mr`/`Mme.`. Run it on the tree
 * as parsed (before `applyTypography`), so positions are the source's; lines are shifted by
 * `bodyLine - 1` like the model room's. Only French booklets are linted.
 */
export function lintTypography(tree: Root, lang: string, file: string, bodyLine: number): Diagnostic[] {
  const mode = modeOf(lang);
  if (mode !== 'fr' && mode !== 'fr-CA') return [];
  const out: Diagnostic[] = [];
  for (const block of blocksOf(tree)) {
    const run = readBlock(block, lang, true);
    if (run.segs.length === 0) continue;
    for (const f of lintRun(run)) {
      const o = run.owners[f.at]!;
      const seg = run.segs[o]!;
      const start = seg.node.position?.start ?? block.position?.start;
      let line = start?.line ?? 1;
      let column = start?.column ?? 1;
      const value = seg.node.value;
      for (let k = 0; k < f.at - seg.start; k++) {
        if (value[k] === '\n') {
          line++;
          column = block.position?.start.column ?? 1;
        } else column++;
      }
      out.push({ file, line: line + bodyLine - 1, column, severity: 'warning', code: f.code, message: f.message });
    }
  }
  return out;
}
