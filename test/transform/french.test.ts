/**
 * French (and English) orthotypography as data: every file of test/fixtures/french/ holds cases
 *
 *     % comment lines; `% lang: en` sets the language of the file's cases (default `fr`)
 *     %% title of the case [lang=fr-CA]
 *     Markdown input
 *     =>
 *     expected text
 *
 * The input is parsed with the parse room, transformed, and written back as text by `serialise`
 * below: U+202F shows as `⍽`, U+00A0 as `<NBSP>` (both may be written in inputs too), superscript
 * letters as `^{…}`. Files under lint/ expect diagnostics, one per line: `line:col code message`.
 * `UPDATE=1 npx vitest run test/transform` rewrites the expected parts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/parse/markdown.js';
import { applyTypography, lintTypography, typographyText } from '../../src/transform/french.js';

const ROOT = path.resolve(import.meta.dirname, '..', 'fixtures', 'french');
const UPDATE = process.env.UPDATE === '1';

interface Case {
  title: string;
  lang: string;
  input: string;
  expected: string;
}

interface Fixture {
  header: string[];
  cases: Case[];
}

const show = (s: string) => s.replace(/\u202F/g, '⍽').replace(/\u00A0/g, '<NBSP>');
const unshow = (s: string) => s.replace(/⍽/g, '\u202F').replace(/<NBSP>/g, '\u00A0');

function readFixture(file: string): Fixture {
  const lines = fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  const header: string[] = [];
  const cases: Case[] = [];
  let fileLang = 'fr';
  let cur: { title: string; lang: string; input: string[]; expected: string[]; inExpected: boolean } | undefined;
  const flush = () => {
    if (!cur) return;
    const trim = (a: string[]) => a.join('\n').replace(/^\n+|\n+$/g, '');
    cases.push({ title: cur.title, lang: cur.lang, input: trim(cur.input), expected: trim(cur.expected) });
  };
  for (const line of lines) {
    const start = /^%%\s*(.*)$/.exec(line);
    if (start) {
      flush();
      const lang = /\[lang=([^\]]+)\]/.exec(start[1]!)?.[1] ?? fileLang;
      cur = { title: start[1]!.trim(), lang, input: [], expected: [], inExpected: false };
    } else if (!cur) {
      header.push(line);
      const l = /^%\s*lang:\s*(\S+)/.exec(line);
      if (l) fileLang = l[1]!;
    } else if (line === '=>' && !cur.inExpected) cur.inExpected = true;
    else (cur.inExpected ? cur.expected : cur.input).push(line);
  }
  flush();
  return { header, cases };
}

function writeFixture(file: string, f: Fixture, actual: string[]): void {
  const parts = [...f.header];
  f.cases.forEach((c, i) => {
    parts.push(`%% ${c.title}`, c.input, '=>', actual[i]!, '');
  });
  fs.writeFileSync(file, parts.join('\n').replace(/\n+$/, '') + '\n');
}

/** mdast → readable text (a tiny Markdown writer, enough for the fixtures). */
export function serialise(tree: Root): string {
  return blocks(tree.children).join('\n\n');
}

function blocks(nodes: RootContent[]): string[] {
  return nodes.map((n) => block(n));
}

function block(n: RootContent): string {
  switch (n.type) {
    case 'paragraph':
      return inline(n.children);
    case 'heading':
      return `${'#'.repeat(n.depth)} ${inline(n.children)}`;
    case 'blockquote':
      return blocks(n.children)
        .join('\n\n')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
    case 'list':
      return n.children
        .map((item, i) => {
          const mark = n.ordered ? `${(n.start ?? 1) + i}. ` : '- ';
          return mark + blocks(item.children).join('\n\n').split('\n').join('\n' + ' '.repeat(mark.length));
        })
        .join('\n');
    case 'code':
      return '```' + (n.lang ?? '') + '\n' + n.value + '\n```';
    case 'thematicBreak':
      return '***';
    case 'footnoteDefinition':
      return `[^${n.identifier}]: ${blocks(n.children).join('\n\n')}`;
    case 'definition':
      return `[${n.identifier}]: ${n.url}`;
    case 'html':
      return n.value;
    default:
      return `(${n.type})`;
  }
}

function inline(nodes: PhrasingContent[]): string {
  let s = '';
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        s += show(n.value);
        break;
      case 'emphasis':
        s += `*${inline(n.children)}*`;
        break;
      case 'strong':
        s += `**${inline(n.children)}**`;
        break;
      case 'delete':
        s += `~~${inline(n.children)}~~`;
        break;
      case 'superscript':
        s += `^{${inline(n.children)}}`;
        break;
      case 'inlineCode':
        s += '`' + n.value + '`';
        break;
      case 'link':
        s += `[${inline(n.children)}](${n.url})`;
        break;
      case 'linkReference':
        s += `[${inline(n.children)}]`;
        break;
      case 'image':
        s += `![${show(n.alt ?? '')}](${n.url}${n.title ? ` "${show(n.title)}"` : ''})`;
        break;
      case 'footnoteReference':
        s += `[^${n.identifier}]`;
        break;
      case 'break':
        s += '\\\n';
        break;
      case 'html':
        s += n.value;
        break;
      default:
        s += `(${(n as Nodes).type})`;
    }
  }
  return s;
}

/** Plain text of a tree (superscripts flattened), for comparison with `typographyText`. */
function plain(tree: Root): string {
  const walk = (n: Nodes): string => ('value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? n.children.map((c) => walk(c as Nodes)).join('') : '');
  return walk(tree);
}

function transform(input: string, lang: string): Root {
  return applyTypography(parseMarkdown(unshow(input)), lang);
}

function lint(input: string, lang: string): string {
  return lintTypography(parseMarkdown(unshow(input)), lang, 'x.md', 1)
    .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)
    .join('\n');
}

const files = fs
  .readdirSync(ROOT)
  .filter((f) => f.endsWith('.md'))
  .sort();
const lintFiles = fs
  .readdirSync(path.join(ROOT, 'lint'))
  .filter((f) => f.endsWith('.md'))
  .sort();

describe('typography fixtures', () => {
  for (const name of files) {
    const file = path.join(ROOT, name);
    const fx = readFixture(file);
    const actual = fx.cases.map((c) => serialise(transform(c.input, c.lang)));
    if (UPDATE) writeFixture(file, fx, actual);
    describe(name, () => {
      fx.cases.forEach((c, i) => {
        it(c.title, () => {
          expect(actual[i]).toBe(UPDATE ? actual[i] : c.expected);
        });
      });
    });
  }
});

describe('typography is idempotent', () => {
  for (const name of files) {
    const fx = readFixture(path.join(ROOT, name));
    it(name, () => {
      for (const c of fx.cases) {
        const once = transform(c.input, c.lang);
        const twice = serialise(applyTypography(structuredClone(once), c.lang));
        expect(twice, c.title).toBe(serialise(once));
      }
    });
  }
});

describe('typographyText gives the text of the transformed tree', () => {
  for (const name of files) {
    const fx = readFixture(path.join(ROOT, name));
    it(name, () => {
      // single-line cases without Markdown syntax: the plain-string transform must agree
      for (const c of fx.cases.filter((c) => !c.input.includes('\n') && !/[*_[\]`\\#>!<|~]|^\s*(?:[-+]|\d+\.)\s/.test(c.input))) {
        expect(typographyText(unshow(c.input), c.lang), c.title).toBe(plain(transform(c.input, c.lang)));
      }
    });
  }
});

describe('typography lint fixtures', () => {
  for (const name of lintFiles) {
    const file = path.join(ROOT, 'lint', name);
    const fx = readFixture(file);
    const actual = fx.cases.map((c) => lint(c.input, c.lang));
    if (UPDATE) writeFixture(file, fx, actual);
    describe(name, () => {
      fx.cases.forEach((c, i) => {
        it(c.title, () => {
          expect(actual[i]).toBe(UPDATE ? actual[i] : c.expected);
        });
      });
    });
  }

  it('shifts lines by bodyLine and names the file', () => {
    const d = lintTypography(parseMarkdown('Texte.\n\nLa 1ère fois.'), 'fr', 'episodes/x.md', 8);
    expect(d).toEqual([
      {
        file: 'episodes/x.md',
        line: 10,
        column: 4,
        severity: 'warning',
        code: 'typo-ordinal',
        message: '"1ère" is not the French abbreviation — write "1re" (the letters are set as superscript automatically)',
      },
    ]);
  });

  it('reports nothing for other languages', () => {
    expect(lintTypography(parseMarkdown('ECOLE, 1ère, 3.5 %, Mr Smith'), 'en', 'x.md', 1)).toEqual([]);
  });
});

describe('typographyText', () => {
  it('sets front-matter strings', () => {
    expect(typographyText('"Aider nos adhérents à grandir"', 'fr')).toBe('«\u202FAider nos adhérents à grandir\u202F»');
    expect(typographyText("L'aventure : 20 ans !", 'fr')).toBe('L’aventure\u00A0: 20 ans\u202F!');
    expect(typographyText('La 1re édition', 'fr')).toBe('La 1re édition');
    expect(typographyText("It's \"fine\"...", 'en')).toBe('It’s “fine”…');
    expect(typographyText('', 'fr')).toBe('');
  });
});
