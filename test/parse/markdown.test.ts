/**
 * parseMarkdown parses each text with only the GFM parts it can use (src/parse/markdown.ts): that
 * must give exactly the tree remark-gfm gives, positions included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { processorFor } from '../../src/parse/markdown.js';
import { generateCorpus } from '../corpus/generate.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const gfm = unified().use(remarkParse).use(remarkGfm);
const oracle = (text: string) => gfm.runSync(gfm.parse(text));
const parse = (text: string) => {
  const p = processorFor(text);
  return p.runSync(p.parse(text));
};
const partsOf = (text: string) => (processorFor(text).data().micromarkExtensions ?? []).length;

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => path.join(e.parentPath, e.name));
}

describe('parsing with the GFM parts a text can use', () => {
  it('leaves out the parts a text cannot use, and keeps those it can', () => {
    expect(partsOf('Une phrase, sans rien : « oui » ? 10 €.')).toBe(0);
    expect(partsOf('see https://example.org')).toBe(1);
    expect(partsOf('WWW.EXAMPLE.ORG')).toBe(1);
    expect(partsOf('écrire à a@b.fr')).toBe(1);
    expect(partsOf('a | b')).toBe(1);
    expect(partsOf('~~non~~')).toBe(1);
    // `[^` is a footnote and may be a task list item's `[`.
    expect(partsOf('note[^1]')).toBe(2);
    expect(partsOf('http://x.fr a | b ~ [^1]')).toBe(5);
    expect(partsOf('www est un mot, http: // et https:/x aussi')).toBe(0);
  });

  it('gives the trees of remark-gfm for every Markdown file of the repository and a generated corpus', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-parse-'));
    try {
      generateCorpus(dir, 40, { seed: 7 });
      const files = [...markdownFiles(path.join(ROOT, 'episodes')), ...markdownFiles(path.join(ROOT, 'test', 'fixtures')), ...markdownFiles(dir)];
      // The comparison runs on real texts, not on an empty list.
      expect(files.length).toBeGreaterThan(50);
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        expect(parse(text), f).toEqual(oracle(text));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the trees of remark-gfm for random Markdown that comes close to GFM constructs', () => {
    const pieces = ['w', 'ww', 'www', 'wwW', '.', 'h', 'http', 'https', ':', '/', '//', 'x', 'é', 'a1', '-', '_', '+', ' ', '\n', '\n\n', '*', '**', '~', '~~', '`', '[', ']', '(', ')', '^', '[^1]', '[^1]: note\n', '[^a]', '[^b]: texte\n', '[^', '|', '| a | b |\n|---|---|\n', 'a | b\n- | -\n', ':-', '- [ ] ', '- [x] ', '* [X] ', '> ', '# ', '1. ', '<', '>', '!', '?', '«', '»', '@', 'mailto', 'xmpp', 'exemple.fr', '\\', '&amp;', '<http:x>', '[a]: /u\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(parse(text)).toEqual(oracle(text));
      }),
      { numRuns: 600, seed: 20261126 },
    );
  });
});
