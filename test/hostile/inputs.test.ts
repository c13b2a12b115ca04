/**
 * Hostile inputs chosen by hand: giant files and pathological Markdown (handled, or refused with a
 * clear message by the limits of src/load/limits.ts, measured before they were set), YAML traps,
 * characters no font has in printed front-matter texts, and links and paths that leave the source
 * folder. Every case goes through harness.ts (no crash, no hang, nothing written outside --out).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BLOCKS, MAX_DELIMITERS, MAX_MARKDOWN_BYTES } from '../../src/load/limits.js';
import { MAX_IMAGE_PIXELS } from '../../src/load/images.js';
import { DEFAULT_CONFIG, VALID_FM, buildAndJudge, caseDir, episode, warmUp, watchdog, writeSource, type Outcome } from './harness.js';

beforeAll(warmUp, 120_000);
afterAll(() => watchdog.stop());

/** Giant inputs are allowed more time than a random case (they lay out hundreds of pages). */
const GIANT_MS = 60_000;

async function one(name: string, body: string, fm = VALID_FM, config = DEFAULT_CONFIG): Promise<Outcome> {
  const dir = caseDir();
  writeSource(dir, { config, files: { '01-a.md': episode(fm, body) } });
  return buildAndJudge(dir, name, GIANT_MS);
}

function refusedWith(o: Outcome, code: string): { line: number; message: string } {
  expect(o.kind, JSON.stringify(o).slice(0, 400)).toBe('refused');
  const d = o.kind === 'refused' ? o.diagnostics.find((x) => x.code === code) : undefined;
  expect(d, `${code} in ${JSON.stringify(o).slice(0, 600)}`).toBeDefined();
  return d!;
}

const words = 'le la les un une des est et du de à pour dans avec sur plus tout faire comme'.split(' ');
function prose(chars: number, paragraphEvery = 100): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const w = words[i % words.length]!;
    out.push(w + ((i + 1) % paragraphEvery === 0 ? '.\n\n' : ' '));
    n += w.length + 1;
  }
  return out.join('');
}

describe('giant inputs', () => {
  it('a 5 MB answer is refused at once, before it is read, with its size and what to do', async () => {
    const o = await one('5 MB answer', `💬 Question ?\n\n${prose(5_000_000)}`);
    const d = refusedWith(o, 'file-too-large');
    expect(d.message).toMatch(/this file is 4\.\d MB, more than the 1\.0 MB .* split it into several episodes/);
    expect(o.ms).toBeLessThan(5_000);
  }, 60_000);

  it('a file just under the limit is built (about 100 pages here)', async () => {
    // Kept to ~300 KB so the suite stays quick; the 1 MiB limit itself builds in about 10 s.
    const o = await one('300 KB answer', `💬 Question ?\n\n${prose(300_000)}`);
    expect(o.kind).toBe('built');
    if (o.kind === 'built') expect(o.pages).toBeGreaterThan(80);
  }, 120_000);

  it('a word of 10,000 characters is built, overflowing its line, with a positioned warning', async () => {
    const o = await one('10,000-character word', `💬 Question ?\n\nAvant ${'a'.repeat(10_000)} après.`);
    expect(o.kind).toBe('built');
    const w = o.kind === 'built' ? o.diagnostics.find((d) => d.code === 'lint-overfull') : undefined;
    expect(w).toMatchObject({ severity: 'warning', line: 8 });
    expect(w?.file).toMatch(/01-a\.md$/);
  }, 60_000);

  it('a URL of 10,000 characters breaks across lines', async () => {
    const o = await one('10,000-character URL', `💬 Question ?\n\nVoir https://example.org/${Array.from({ length: 1000 }, (_, i) => `partie${i}`).join('/')} après.`);
    expect(o.kind).toBe('built');
    expect(o.kind === 'built' && o.diagnostics.some((d) => d.code === 'lint-overfull')).toBe(false);
  }, 60_000);

  it('10,000 list items are built', async () => {
    const o = await one('10,000 list items', `💬 Question ?\n\n${Array.from({ length: 10_000 }, (_, i) => `- élément ${i}`).join('\n')}`);
    expect(o.kind).toBe('built');
    if (o.kind === 'built') expect(o.pages).toBeGreaterThan(200);
  }, 120_000);

  it('a paragraph of 300,000 characters is built (the paginator does not set it in other line counts)', async () => {
    const o = await one('one very long paragraph', `💬 Question ?\n\n${prose(300_000, 1e9)}`);
    expect(o.kind).toBe('built');
  }, 60_000);

  it('25,000 one-letter paragraphs are refused at the first block past the limit', async () => {
    const d = refusedWith(await one('many paragraphs', `💬 Q ?\n\n${'a\n\n'.repeat(25_000)}`), 'markdown-too-many-blocks');
    expect(d.line).toBe(8 + 2 * 19_999);
    expect(d.message).toMatch(/more than 20,000 paragraphs, list items or other blocks .* split it into several episodes/);
  });

  it('a paragraph of 50,000 characters is built', async () => {
    const o = await one('one long paragraph', `💬 Question ?\n\n${prose(50_000, 1e9)}`);
    expect(o.kind).toBe('built');
  }, 60_000);
});

describe('pathological Markdown: refused where the parser would take minutes or overflow its stack', () => {
  it('quotes nested 1,000 deep', async () => {
    const d = refusedWith(await one('deep quotes', `💬 Q ?\n\n${'>'.repeat(1000)} profond`), 'markdown-too-deep');
    expect(d.line).toBe(8);
    expect(d.message).toMatch(/nested about \d+ levels deep/);
  });

  it('quotes and lists nested 5,000 and 3,000 deep inside a footnote definition (a stack overflow before the limit)', async () => {
    for (const [what, marks] of [['quotes', '> '.repeat(5000)], ['lists', '- '.repeat(3000)]] as const) {
      const d = refusedWith(await one(`deep ${what} in a note`, `💬 Q ?\n\nTexte[^a].\n\n[^a]: ${marks}fin`), 'markdown-too-deep');
      expect(d.line, what).toBe(10);
    }
  });

  it('lists nested 1,000 deep (70 s to parse before the limit)', async () => {
    const body = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n');
    const d = refusedWith(await one('deep lists', `💬 Q ?\n\n${body}`), 'markdown-too-deep');
    expect(d.line).toBeGreaterThan(8);
  });

  it('5,000 nested emphasis marks (a stack overflow before the limit)', async () => {
    const d = refusedWith(await one('deep emphasis', `💬 Q ?\n\n${'*'.repeat(5000)}x${'*'.repeat(5000)}`), 'markdown-too-dense');
    expect(d.line).toBe(8);
  });

  it('50,000 brackets or tildes in one paragraph (30 s to parse before the limit)', async () => {
    refusedWith(await one('brackets', `${'['.repeat(25_000)}x${']'.repeat(25_000)}`), 'markdown-too-dense');
    refusedWith(await one('tildes', '~a'.repeat(25_000)), 'markdown-too-dense');
  });

  it('reasonable nesting and marks are left alone', async () => {
    const lists = Array.from({ length: 8 }, (_, i) => `${'  '.repeat(i)}- niveau ${i}`).join('\n');
    const marks = Array.from({ length: MAX_DELIMITERS / 8 }, (_, i) => `*mot${i}*`).join(' ');
    const o = await one('reasonable', `💬 Q ?\n\n> > > citation\n\n${lists}\n\n${marks}\n\n\`\`\`\n${'*'.repeat(5000)}\n\`\`\``);
    expect(o.kind, JSON.stringify(o).slice(0, 500)).toBe('built');
  }, 60_000);
});

describe('YAML traps', () => {
  it('20,000 front-matter keys are refused (two minutes to parse before the limit)', async () => {
    const fm = `${VALID_FM}\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n')}`;
    const d = refusedWith(await one('many keys', 'Texte.', fm), 'yaml-too-large');
    expect(d.line).toBe(1);
  });

  it('an alias bomb, merge keys, tags and __proto__ are refused or ignored, never expanded', async () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]';
    expect((await one('alias bomb', 'Texte.', `${VALID_FM}\n${bomb}`)).kind).toBe('refused');
    const o = await one('proto', 'Texte.', `${VALID_FM}\n__proto__: {polluted: 1}\nconstructor: x\nrole: !!js/function "f(){}"`);
    expect(o.kind).toBe('built');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it('an episode number beyond 99999 is refused at its line', async () => {
    const d = refusedWith(await one('huge number', 'Texte.', 'episode: 99999999999999999999999\ntitle: T\ninterviewee: I'), 'frontmatter-invalid-value');
    expect(d.line).toBe(2);
  });

  it('a booklet.yaml over 32 KB is refused before it is parsed', async () => {
    const d = refusedWith(await one('big booklet.yaml', 'Texte.', VALID_FM, `${DEFAULT_CONFIG}colophon: ${'x'.repeat(40_000)}\n`), 'file-too-large');
    expect(d.message).toMatch(/booklet\.yaml is \d+ KB/);
  });
});

describe('characters no font has, in printed front-matter texts', () => {
  it('are reported at their file, line and column', async () => {
    const o = await one('glyph in title', 'Texte.', 'episode: 1\ntitle: 3 questions à ש Test\ninterviewee: Jeanne\nheadline: Une ש phrase', `${DEFAULT_CONFIG}subtitle: Un sous-titre ש\n`);
    expect(o.kind).toBe('refused');
    const at = o.kind === 'refused' ? o.diagnostics.filter((d) => d.code === 'glyph-missing').map((d) => `${path.basename(d.file)}:${d.line}:${d.column}`) : [];
    expect(at.sort()).toEqual(['01-a.md:3:22', '01-a.md:5:15', 'booklet.yaml:4:25']);
  });
});

describe('a title of 10,000 characters', () => {
  it('is built, without a short-page warning for less than half a line', async () => {
    const o = await one('long title', '💬 Q ?\n\nUne réponse.', `episode: 1\ntitle: ${'Un très long titre '.repeat(530)}\ninterviewee: Jeanne Durand`);
    expect(o.kind).toBe('built');
    const ds = o.kind === 'built' ? o.diagnostics : [];
    expect(ds.filter((d) => /ends 0 line/.test(d.message))).toEqual([]);
  }, 60_000);
});

describe('notes without a call, calls without a note', () => {
  it('are built, each with a warning at its line', async () => {
    const o = await one('notes', '💬 Q ?\n\nUne réponse[^un] et un appel sans note[^deux].\n\n[^un]: La note.\n\n[^trois]: Une note jamais appelée.');
    expect(o.kind).toBe('built');
    const ds = o.kind === 'built' ? o.diagnostics.filter((d) => d.code.startsWith('footnote-')) : [];
    expect(ds.map((d) => `${d.code}:${d.line}`).sort()).toEqual(['footnote-undefined:8', 'footnote-unused:12']);
    expect(ds.find((d) => d.code === 'footnote-undefined')!.message).toMatch(/the note call \[\^deux\] has no note.* `\[\^deux\]: the note`/);
    expect(ds.find((d) => d.code === 'footnote-unused')!.message).toMatch(/the note \[\^trois\] is never called/);
  });
});

describe('control characters in the text', () => {
  it('are reported by code point, never echoed raw to the terminal (ESC, BEL)', async () => {
    const o = await one('control characters', 'Un\u001b[31m texte\u0007 rouge.');
    expect(o.kind).toBe('refused');
    const ds = o.kind === 'refused' ? o.diagnostics.filter((d) => d.code === 'glyph-missing') : [];
    expect(ds.map((d) => d.message.match(/U\+[0-9A-F]{4}/)?.[0])).toEqual(['U+001B', 'U+0007']);
    for (const d of ds) {
      expect(d.message).toMatch(/control character U\+00(1B|07), which prints nothing — remove it/);
      expect(d.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});

describe('links and paths that leave the source folder', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.md'), episode(VALID_FM, 'Un texte qui vit ailleurs.'));
  fs.writeFileSync(path.join(outside, 'booklet.yaml'), DEFAULT_CONFIG);

  it('an episode that is a link to a file outside is refused; a link inside is read', async () => {
    const dir = caseDir();
    writeSource(dir, { config: DEFAULT_CONFIG, files: {} });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, '01-lien.md'));
    const d = refusedWith(await buildAndJudge(dir, 'episode link outside'), 'episode-outside');
    expect(d.message).toMatch(/01-lien\.md is a link to a file outside .* copy the file itself into the folder/);

    const inside = caseDir();
    writeSource(inside, { config: DEFAULT_CONFIG, files: { '_source.txt': episode(VALID_FM, 'Texte.') } });
    fs.symlinkSync(path.join(inside, '_source.txt'), path.join(inside, '01-lien.md'));
    expect((await buildAndJudge(inside, 'episode link inside')).kind).toBe('built');
  }, 60_000);

  it('a booklet.yaml that is a link to a file outside is refused', async () => {
    const dir = caseDir();
    writeSource(dir, { files: { '01-a.md': episode(VALID_FM, 'Texte.') } });
    fs.symlinkSync(path.join(outside, 'booklet.yaml'), path.join(dir, 'booklet.yaml'));
    refusedWith(await buildAndJudge(dir, 'config link outside'), 'config-outside');
  });

  it('a preface, a portrait or an image outside the folder is refused', async () => {
    const dir = caseDir();
    writeSource(dir, { config: `${DEFAULT_CONFIG}preface: ../secret.md\n`, files: { '01-a.md': episode(VALID_FM, 'Texte.') } });
    refusedWith(await buildAndJudge(dir, 'preface outside'), 'config-file-outside');

    const img = caseDir();
    writeSource(img, { config: DEFAULT_CONFIG, files: { '01-a.md': episode(`${VALID_FM}\nportrait: ../../etc/passwd\nportrait_alt: x`, '![Une photo](../outside.jpg)\n\n![Une autre](/etc/hosts)') } });
    const o = await buildAndJudge(img, 'images outside');
    expect(o.kind).toBe('refused');
    const codes = o.kind === 'refused' ? o.diagnostics.map((d) => d.code) : [];
    expect(codes).toEqual(expect.arrayContaining(['image-outside', 'image-absolute']));
  });

  it('a source folder that is itself a link is fine', async () => {
    const real = caseDir();
    writeSource(real, { config: DEFAULT_CONFIG, files: { '01-a.md': episode(VALID_FM, 'Texte.') } });
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-link-')), 'source');
    fs.symlinkSync(real, link);
    expect((await buildAndJudge(link, 'linked source folder')).kind).toBe('built');
  }, 60_000);

  it('writes nothing outside --out, whatever the title or output name', async () => {
    // buildAndJudge compares the source folder and the current folder before and after every case.
    for (const config of ['title: ../../évasion\nyear: 2026\n', 'title: /etc/passwd\nyear: 2026\n', 'title: x\nyear: 2026\noutput: ../x\n', 'title: x\nyear: 2026\noutput: .hidden\n']) {
      const dir = caseDir();
      writeSource(dir, { config, files: { '01-a.md': episode(VALID_FM, 'Texte.') } });
      const o = await buildAndJudge(dir, `title ${config}`);
      expect(['built', 'refused']).toContain(o.kind);
    }
  }, 120_000);
});

it('the limits are what the README says', () => {
  expect(MAX_MARKDOWN_BYTES).toBe(1024 * 1024);
  expect(MAX_DELIMITERS).toBe(2000);
  expect(MAX_BLOCKS).toBe(20_000);
  expect(MAX_IMAGE_PIXELS).toBe(64_000_000);
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toMatch(/at most 20,000 blocks .* `markdown-too-many-blocks`/);
  expect(readme).toMatch(/an image of at most 64 million pixels.* `image-too-large`/);
});
