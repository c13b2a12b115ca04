import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/model/types.js';
import { quotedHeadline } from '../../../src/write/epub/documents.js';
import { asciiSlug, NameAllocator } from '../../../src/write/epub/names.js';
import { wordsFor } from '../../../src/i18n/words.js';
import {
  escapeText,
  faceFor,
  renderBlocks,
  safeHref,
  topLevel,
  type RenderContext,
} from '../../../src/write/epub/xhtml.js';
import { anniversaireTemplate } from './fixture.js';

function ctx(noteNumbers: number[] = []): RenderContext & { seen: string[] } {
  const seen: string[] = [];
  return {
    template: anniversaireTemplate(),
    lang: 'fr',
    words: wordsFor('fr'),
    use: (style, face, s) => seen.push(`${style}/${face}:${s}`),
    imageHref: () => 'images/x.png',
    noteRefs: new Map(),
    noteNumbers: new Set(noteNumbers),
    seen,
  };
}

const pos = { file: 'x.md', line: 1, column: 1 };

describe('escaping and links', () => {
  it('escapes the five XML specials and replaces characters XML forbids', () => {
    expect(escapeText(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
    expect(escapeText('a\u0000b\u001Fc\uFFFEd\uD800e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(escapeText('tab\tnl\ncr\r 😀 \u202F')).toBe('tab\tnl\ncr\r 😀 \u202F');
  });

  it('keeps only http(s) and mailto links, normalised', () => {
    expect(safeHref('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHref(' HTTP://Example.org ')).toBe('http://example.org/');
    expect(safeHref('mailto:a@b.org')).toBe('mailto:a@b.org');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,x', 'file:///etc/passwd', '../x.xhtml', '#top', 'vbscript:x', 'http://', 'mailto:', '//evil.org/x']) {
      expect(safeHref(bad), bad).toBeUndefined();
    }
  });
});

describe('blocks', () => {
  it('leaves a reference to a missing note unlinked (no broken link)', () => {
    const c = ctx([1]);
    const html = renderBlocks(c, topLevel(), [
      { kind: 'paragraph', inlines: [{ kind: 'footnoteRef', n: 1 }, { kind: 'footnoteRef', n: 9 }], pos },
    ]);
    expect(html).toContain('href="#fn-1"');
    expect(html).toContain('<sup class="noteref">9</sup>');
    expect(html).not.toContain('#fn-9');
  });

  it('sets questions and intertitles inside list items as paragraphs, not headings', () => {
    const list: Block = {
      kind: 'list',
      ordered: false,
      start: 1,
      items: [[{ kind: 'question', inlines: [{ kind: 'text', text: 'Q' }], pos }, { kind: 'heading', inlines: [{ kind: 'text', text: 'H' }], pos }]],
      pos,
    };
    const html = renderBlocks(ctx(), topLevel(), [list]);
    expect(html).toContain('<p class="question"><span class="marker" aria-hidden="true">—</span> Q</p>');
    expect(html).toContain('<p class="intertitle">H</p>');
    expect(html).not.toMatch(/<h\d/);
  });

  it('records each text with the face it is drawn in (em flips italic, strong adds bold)', () => {
    const c = ctx();
    renderBlocks(c, topLevel(), [
      {
        kind: 'paragraph',
        inlines: [{ kind: 'text', text: 'a' }, { kind: 'emphasis', children: [{ kind: 'strong', children: [{ kind: 'text', text: 'b' }] }] }],
        pos,
      },
      { kind: 'pullquote', paragraphs: [[{ kind: 'emphasis', children: [{ kind: 'text', text: 'c' }] }]], pos },
    ]);
    expect(c.seen).toEqual(['body/regular:a', 'body/boldItalic:b', 'pullquote/regular:c']);
    expect(faceFor('italic', true, false)).toBe('regular');
    expect(faceFor('bold', false, true)).toBe('bold');
  });
});

describe('names and words', () => {
  it('makes safe ASCII slugs and unique names', () => {
    expect(asciiSlug('03 — Élise Durand & Cie!', 'x')).toBe('03-elise-durand-cie');
    expect(asciiSlug('日本', 'episode-3')).toBe('episode-3');
    expect(asciiSlug('a'.repeat(100), 'x')).toHaveLength(60);
    const n = new NameAllocator(['nav.xhtml']);
    expect(n.take('nav', '.xhtml')).toBe('nav-2.xhtml');
    expect(n.take('photo', '.png')).toBe('photo.png');
    expect(n.take('photo', '.png')).toBe('photo-2.png');
    expect(n.take('photo', '.jpg')).toBe('photo.jpg');
  });

  it('picks words by primary language subtag, English otherwise', () => {
    expect(wordsFor('fr-CA').episode).toBe('Épisode');
    expect(wordsFor('en').episode).toBe('Episode');
    expect(wordsFor('nl').episode).toBe('Episode');
    expect(quotedHeadline(' Oui ', { words: wordsFor('fr') })).toBe('«\u202FOui\u202F»');
    expect(quotedHeadline('« Déjà »', { words: wordsFor('fr') })).toBe('« Déjà »');
    expect(quotedHeadline('Yes', { words: wordsFor('en') })).toBe('\u201CYes\u201D');
  });
});
