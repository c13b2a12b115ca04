/**
 * Web links whose URL WHATWG accepts but RFC 3986 does not (`|`, `^`, `]`, a second `#`, `%ZZ`, `"`)
 * become valid URIs, the same in the EPUB's href and the screen PDF's /URI: before, the EPUB failed
 * EPUBCheck (RSC-020, RSC-005) while the build exited 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { linkTarget } from '../../../src/layout/text/items.js';
import type { Block, Booklet } from '../../../src/model/types.js';
import { buildEpub } from '../../../src/write/epub/index.js';
import { anniversaireTemplate, FONTS_DIR, minimalEnglishBooklet } from './fixture.js';
import { runEpubcheckJava, unzipText, writeOut } from './helpers.js';

const LINKS: [url: string, href: string][] = [
  ['https://fonts.googleapis.com/css?family=Roboto|Open+Sans', 'https://fonts.googleapis.com/css?family=Roboto%7COpen+Sans'],
  ['https://example.org/a^b', 'https://example.org/a%5Eb'],
  ['https://example.org/#a#b', 'https://example.org/#a%23b'],
  ['https://example.org/a]b', 'https://example.org/a%5Db'],
  ['https://example.org/%ZZ', 'https://example.org/%25ZZ'],
  ['https://example.org/a"b', 'https://example.org/a%22b'],
  ['https://exemple.fr/café', 'https://exemple.fr/caf%C3%A9'],
  ['http://[::1]:8080/x', 'http://[::1]:8080/x'],
  ['mailto:Anne Martin <anne@example.org>', 'mailto:Anne%20Martin%20%3Canne@example.org%3E'],
];

function linksBooklet(): Booklet {
  const b = minimalEnglishBooklet();
  const pos = { file: 'episodes/07-ann.md', line: 9, column: 1 };
  const para: Block = {
    kind: 'paragraph',
    inlines: LINKS.map(([url], i) => ({ kind: 'link', url, children: [{ kind: 'text', text: `link ${i + 1} ` }] })),
    pos,
  };
  const episodes = b.episodes.map((e) => ({ ...e, blocks: [...e.blocks, para] }));
  return { ...b, heads: episodes, episodes };
}

describe('links that WHATWG accepts and RFC 3986 does not', () => {
  let file = '';
  let xhtml = '';
  beforeAll(async () => {
    const { bytes } = await buildEpub(linksBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
    file = writeOut('links.epub', bytes);
    xhtml = unzipText(bytes)['EPUB/ann.xhtml']!;
  }, 60_000);

  it('are written percent-encoded, the same in the EPUB and the screen PDF', () => {
    const hrefs = [...xhtml.matchAll(/<a href="([^"]*)">link \d+ /g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(hrefs).toEqual(LINKS.map(([, href]) => href));
    for (const [url, href] of LINKS) expect(linkTarget(url), url).toEqual({ uri: href });
  });

  it('pass EPUBCheck 4.2.6: 0 fatals, 0 errors, 0 warnings', async () => {
    const r = await runEpubcheckJava(file);
    expect(r.messages).toEqual([]);
    expect([r.fatal, r.errors, r.warnings]).toEqual([0, 0, 0]);
  }, 120_000);
});
