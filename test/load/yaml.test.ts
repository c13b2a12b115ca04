/**
 * parseYamlWithPositions (also used for template.yaml) and decodeText.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { decodeText } from '../../src/load/source.js';
import { firstInvalidUtf8 } from '../../src/load/text.js';
import { parseYamlWithPositions } from '../../src/load/yaml.js';

const TEXT = [
  'name: anniversaire', // 1
  'page:', // 2
  '  width: 148', // 3
  '  margins: [12, 14]', // 4
  'fonts:', // 5
  '  families:', // 6
  '    - name: Serif', // 7
  '      regular: serif.ttf', // 8
  '    - name: Sans', // 9
  'code: 0012', // 10
  'empty:', // 11
].join('\n');

describe('parseYamlWithPositions', () => {
  it('gives the value and the position of any value, key or parent', () => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions(TEXT, 'template.yaml', bag, { lineOffset: 2 });
    expect(bag.items).toEqual([]);
    expect(y.ok).toBe(true);
    expect(y.value).toMatchObject({ name: 'anniversaire', page: { width: 148, margins: [12, 14] }, code: 12, empty: null });
    expect(y.start).toEqual({ line: 3, column: 1 });
    expect(y.posOf(['name'])).toEqual({ line: 3, column: 7 });
    expect(y.posOf(['page', 'width'])).toEqual({ line: 5, column: 10 });
    expect(y.posOf(['page', 'margins', 1])).toEqual({ line: 6, column: 17 });
    expect(y.posOf(['fonts', 'families', 1, 'name'])).toEqual({ line: 11, column: 13 });
    expect(y.keyPosOf(['fonts', 'families', 0, 'regular'])).toEqual({ line: 10, column: 7 });
    // Missing: the closest parent that exists.
    expect(y.posOf(['fonts', 'families', 1, 'regular'])).toEqual({ line: 11, column: 7 });
    expect(y.posOf(['page', 'height'])).toEqual({ line: 4, column: 1 });
    // A block mapping or list: its key.
    expect(y.posOf(['fonts', 'families'])).toEqual({ line: 8, column: 3 });
    expect(y.posOf(['fonts', 'families', 0])).toEqual({ line: 9, column: 7 });
    expect(y.posOf(['nothing'])).toEqual({ line: 3, column: 1 });
    // An empty value points after its colon.
    expect(y.posOf(['empty'])).toEqual({ line: 13, column: 7 });
    expect(y.sourceOf(['code'])).toBe('0012');
    expect(y.keys.page).toEqual({ line: 4, column: 1 });
    expect(Object.keys(y.keys)).toEqual(['name', 'page', 'fonts', 'code', 'empty']);
  });

  it('reads YAML 1.2: `no` stays text, dates stay text unless tagged', () => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions('a: no\nb: 2024-03-05\nc: !!timestamp 2024-03-05\n', 'f', bag);
    expect(y.value).toEqual({ a: 'no', b: '2024-03-05', c: new Date('2024-03-05T00:00:00Z') });
  });

  it('reports syntax errors once per line, at the real line', () => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions('a: 1\nb: x: y\nc: "open\n', 'f.md', bag, { lineOffset: 1 });
    expect(y.ok).toBe(false);
    expect(y.value).toBeUndefined();
    expect(bag.items.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:4 yaml-syntax', '4:4 yaml-syntax']);
  });

  it('reports an alias that points nowhere in plain words', () => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions('title: *star\n', 'f', bag);
    expect(y.ok).toBe(false);
    expect(bag.items[0]).toMatchObject({ line: 1, column: 8, code: 'yaml-syntax' });
    expect(bag.items[0]!.message).toContain('`*star`');
  });

  it('warns about a tag that swallows text', () => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions('title: !important note\n', 'f', bag);
    expect(y.value).toEqual({ title: 'note' });
    expect(bag.items.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning yaml-warning']);
  });

  it('gives an empty text as null with no error', () => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions('# only a comment\n', 'f', bag, { lineOffset: 1 });
    expect(y).toMatchObject({ ok: true, value: null, keys: {} });
    expect(y.posOf(['x'])).toEqual({ line: 2, column: 1 });
  });
});

describe('parseYamlWithPositions: the fast path for simple front matter', () => {
  /** Everything a caller can read of a parse, for the paths of every key and a few others. */
  const seen = (text: string, general: boolean) => {
    const bag = new DiagnosticBag();
    const y = parseYamlWithPositions(text, 'ep.md', bag, { lineOffset: 1, general });
    const keys = Object.keys(y.keys);
    const paths: (string | number)[][] = [[], ['missing'], [0], ...keys.flatMap((k) => [[k], [k, 'below'], [k, 0]])];
    return {
      value: y.value,
      ok: y.ok,
      start: y.start,
      keys: y.keys,
      order: keys,
      diagnostics: bag.items,
      at: paths.map((p) => [y.posOf(p), y.keyPosOf(p), y.sourceOf(p), y.inlineCommentOf(p)]),
    };
  };
  const same = (text: string) => expect(seen(text, false)).toEqual(seen(text, true));

  it('gives what the yaml package gives on usual and tricky front matter', () => {
    for (const text of [
      'episode: 3\ntitle: 3 questions à André Jeannerot\ninterviewee: André Jeannerot',
      'episode: 0012\ndate: 2024-05-01\ntitle: 10:30, a:b, x#1, [a] {b} «c» l’été',
      '\n\ntitle:    spaced   inside\n\nrole: Fondatrice\n',
      'title: yes\nrole: no\nheadline: ~x\nlede: 1.5.2',
      'headline: "Retour sur un engagement "\nrole: ""\ntitle: "a # b: c, [d] 12"',
      'title: "a\\"b"',
      'title: "a\\nb"',
      'title: "a" b',
      'title: "a"b"',
      // read by the yaml package: each of these leaves the fast path
      'title: A #1',
      'title: "quoted"',
      'title: x\ntitle: y',
      'episode: 1.5',
      'episode: +3',
      'episode: 0x1F',
      'role: null',
      'role: True',
      'role:',
      'title: a: b',
      '  title: indented',
      'title: x\n  more',
      '# comment\ntitle: x',
      'title: x \n',
      'title: tab\there',
      'title: - dash',
      'Null: x',
    ]) same(text);
  });

  it('gives what the yaml package gives on random lines', () => {
    const piece = fc.constantFrom('a', '"', '\\', 'Zé', ' ', '  ', ':', ': ', '#', ' #', '-', '1', '0', '.', '+', 'e5', '~', 'x_y', '"', "'", '[', ']', '{', '&', '*', '!', '|', '>', '%', '@', '`', '?', ',', '\u00A0', '\t', '\r', '😀', 'null', 'true', 'NaN', '.inf', '0o7', '0x', '__proto__');
    const word = fc.array(piece, { minLength: 0, maxLength: 6 }).map((a) => a.join(''));
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('title', 'episode', 'role', 'x', '_k', 'T9', 'null'), fc.constantFrom(':', ': ', ':  ', ' :'), word).map(([k, c, v]) => k + c + v),
      word,
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        same(lines.join('\n'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decodeText', () => {
  const dec = (bytes: number[] | string) => {
    const bag = new DiagnosticBag();
    const text = decodeText(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Uint8Array.from(bytes), 'f.md', bag);
    return { text, diags: bag.items.map((d) => `${d.line}:${d.column} ${d.code}`) };
  };

  it('removes the BOM and makes every line end a LF', () => {
    expect(dec('\ufeffa\r\nb\rc\n\r\nd')).toEqual({ text: 'a\nb\nc\n\nd', diags: [] });
  });

  it('points at the first byte that is not UTF-8', () => {
    // "ab\nçé" in Latin-1: line 2, column 1.
    expect(dec([0x61, 0x62, 0x0a, 0xe7, 0xe9])).toEqual({ text: undefined, diags: ['2:1 not-utf8'] });
    // After valid accented letters on the same line: "é" (UTF-8) then a lone 0xe9.
    expect(dec([0xc3, 0xa9, 0x20, 0xe9, 0x0a])).toEqual({ text: undefined, diags: ['1:3 not-utf8'] });
    // CRLF lines count as one line each; a BOM is not a column.
    expect(dec([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x0a, 0x63, 0xff])).toEqual({ text: undefined, diags: ['3:2 not-utf8'] });
  });

  it('recognises UTF-16', () => {
    const { diags } = dec([0xff, 0xfe, 0x61, 0x00]);
    expect(diags).toEqual(['0:0 not-utf8']);
  });

  it('recognises UTF-16 saved without a byte-order mark, little- or big-endian', () => {
    const text = '---\nepisode: 1\ntitle: Été\n---\n';
    expect(dec([...Buffer.from(text, 'utf16le')])).toEqual({ text: undefined, diags: ['0:0 not-utf8'] });
    expect(dec([...Buffer.from(text, 'utf16le').swap16()])).toEqual({ text: undefined, diags: ['0:0 not-utf8'] });
    // A UTF-8 text with one zero byte is not taken for UTF-16.
    expect(dec([...Buffer.from('---\nepisode: 1\n---\n'), 0x00, 0x61]).diags).toEqual([]);
  });

  it('finds overlong, surrogate and cut sequences', () => {
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xf0, 0x9f, 0x92, 0xac]))).toBe(4);
  });
});
