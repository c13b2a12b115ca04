/**
 * parseMarkdown picks GFM without literal autolinks for a text that cannot hold one
 * (src/parse/markdown.ts): that must give exactly the tree full GFM gives, positions included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTOLINK_LITERAL_TRIGGER, processorFor } from '../../src/parse/markdown.js';
import { generateCorpus } from '../corpus/generate.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const full = processorFor('@');
const lean = processorFor('');
const parse = (p: typeof full, text: string) => p.runSync(p.parse(text));

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => path.join(e.parentPath, e.name));
}

describe('parsing without literal autolinks', () => {
  it('is chosen only for texts without www., http(s):// or @', () => {
    expect(full).not.toBe(lean);
    for (const t of ['see https://example.org', 'WWW.EXAMPLE.ORG', 'Http://x.fr', 'écrire à a@b.fr', 'mailto:a@b.fr']) expect(processorFor(t)).toBe(full);
    for (const t of ['www est un mot', 'http: //', 'le site exemple.fr', 'https:/x']) expect(processorFor(t)).toBe(lean);
  });

  it('gives the same trees as full GFM for every Markdown file of the repository and a generated corpus', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-parse-'));
    try {
      generateCorpus(dir, 40, { seed: 7 });
      const files = [...markdownFiles(path.join(ROOT, 'episodes')), ...markdownFiles(path.join(ROOT, 'test', 'fixtures')), ...markdownFiles(dir)];
      let compared = 0;
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        if (AUTOLINK_LITERAL_TRIGGER.test(text)) continue;
        expect(parse(lean, text), f).toEqual(parse(full, text));
        compared++;
      }
      // The comparison ran on real texts, not on an empty list.
      expect(compared).toBeGreaterThan(50);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same trees as full GFM for random Markdown that comes close to an autolink', () => {
    const pieces = ['w', 'ww', 'www', 'wwW', '.', 'h', 'http', 'https', ':', '/', '//', 'x', 'é', 'a1', '-', '_', '+', ' ', '\n', '\n\n', '*', '**', '~', '~~', '`', '[', ']', '(', ')', '[^1]', '[^1]: note\n', '| a | b |\n|---|---|\n', '- [ ] ', '- [x] ', '> ', '# ', '1. ', '<', '>', '!', '?', '«', '»', 'mailto', 'xmpp', 'exemple.fr', '\\', '&amp;', '<http:x>'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        fc.pre(!AUTOLINK_LITERAL_TRIGGER.test(text));
        expect(parse(lean, text)).toEqual(parse(full, text));
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });
});
