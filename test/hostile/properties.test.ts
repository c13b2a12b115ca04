/**
 * Property-based hostile input (fast-check): random Markdown, mutated episodes, random front matter
 * and booklet.yaml through the whole chain. Every case must be built or refused with well-formed,
 * positioned diagnostics — never crash, hang or write outside --out (see harness.ts).
 *
 * Deterministic: a fixed seed and HOSTILE_RUNS runs per property (default 40). To explore more:
 *   HOSTILE_RUNS=500 HOSTILE_SEED=$RANDOM npx vitest run test/hostile
 * A failure prints the seed and the shrunk case; replay it with the same HOSTILE_SEED.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, RUNS, SAMPLE_EPISODE, SEED, VALID_FM, buildAndJudge, caseDir, episode, warmUp, watchdog, writeSource, type Outcome } from './harness.js';

beforeAll(warmUp, 120_000);
afterAll(() => watchdog.stop());

const params = (offset: number) => ({ numRuns: RUNS, seed: SEED + offset, verbose: 0 });

// ---------------------------------------------------------------------------------------------
// Text pieces
// ---------------------------------------------------------------------------------------------

const WORDS = 'le la les un une des est et du de à pour dans avec sur aujourd’hui l’association numérique adhérents entreprise Marseille développement élèves cœur œuvre naïve Noël'.split(' ');
/** Characters that break things: controls, invisible, bidi, combining, replacement, emoji, other scripts. */
const HOSTILE_CHARS = [
  '\u0000', '\u0001', '\u0007', '\u000b', '\u000c', '\r', '\t', '\u007f', '\u0085', '\u00a0', '\u00ad', '\u200b', '\u200d', '\u200e', '\u202e', '\u2028', '\u2029',
  '\u2066', '\ufeff', '\ufffd', '\uffff', '\u0301', '\u0327\u0301', 'e\u0301', '🎉', '👩‍💻', '💬', '🇫🇷', '中', 'ب', 'ש', 'Ω', 'ж', 'ß', 'ﬁ', '\u{1d49c}', '\\', '`', '*', '_', '~', '[', ']', '(', ')', '<', '>', '&', '#', '|', '!', '^', ':', '-', '"', "'", '{', '}', '%', '$',
];

const word = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE_CHARS), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => 'x'.repeat(n)) },
);
const sentence = fc.array(word, { minLength: 1, maxLength: 25 }).map((ws) => ws.join(' '));
const inline = fc.oneof(
  sentence,
  sentence.map((s) => `*${s}*`),
  sentence.map((s) => `**${s}**`),
  sentence.map((s) => `_${s}_ ~~${s}~~`),
  sentence.map((s) => `\`${s}\``),
  fc.tuple(sentence, fc.constantFrom('https://example.org/a_b?c=d&e#f', 'mailto:a@b.c', 'javascript:alert(1)', 'ftp://x', '../x.md', '', '<>', 'data:text/html,<b>')).map(([t, u]) => `[${t}](${u})`),
  fc.constantFrom('<https://example.org>', 'https://example.org/un/très/long/chemin/sans/espace/aucun', 'www.example.org', 'contact@example.org'),
  fc.nat({ max: 5 }).map((n) => `[^${n}]`),
  fc.constantFrom('<span>', '<b>gras</b>', '<script>alert(1)</script>', '<!-- note -->', '&amp; &nbsp; &#0; &#x110000; &bogus;'),
);
const paragraph = fc.array(inline, { minLength: 1, maxLength: 6 }).map((xs) => xs.join(' '));
const block = fc.oneof(
  { weight: 6, arbitrary: paragraph },
  { weight: 3, arbitrary: paragraph.map((p) => `💬 ${p} ?`) },
  { weight: 1, arbitrary: paragraph.map((p) => `## ${p}`) },
  { weight: 1, arbitrary: paragraph.map((p) => `### ${p}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 8 }), paragraph).map(([n, p]) => `${'#'.repeat(n)} ${p}`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), paragraph).map(([n, p]) => `${'> '.repeat(n)}${p}`) },
  { weight: 2, arbitrary: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom('- ', '* ', '1. ', '9) ', '+ '), paragraph), { minLength: 1, maxLength: 12 }).map((items) => items.map(([d, m, p]) => `${'  '.repeat(d)}${m}${p}`).join('\n')) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 5 }), paragraph).map(([n, p]) => `[^${n}]: ${p}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('missing.jpg', '../outside.jpg', '/etc/passwd', 'https://example.org/x.jpg', 'data:image/png;base64,iVBORw0KGgo=', 'C:\\x.jpg', 'a%20b.png', 'dossier/', ''), fc.constantFrom('', 'decorative', 'Une photo', '  ')).map(([u, a]) => `![${a}](${u} "légende")`) },
  { weight: 1, arbitrary: sentence.map((s) => `\`\`\`\n${s}\n\`\`\``) },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '| a | b |\n|---|---|\n| c | d |', '<div>\n\nbloc\n\n</div>', '    code indenté', '\\', '[lien]: https://example.org', '[lien]', '💬', '💬\ufe0f', '##', '>') },
);
const body = fc.array(block, { minLength: 0, maxLength: 14 }).chain((bs) => fc.constantFrom('\n\n', '\n', '\r\n\r\n').map((sep) => bs.join(sep)));

// ---------------------------------------------------------------------------------------------
// Front matter and booklet.yaml pieces (written as raw YAML text, so that they may be invalid)
// ---------------------------------------------------------------------------------------------

const yamlScalar = fc.oneof(
  sentence,
  fc.constantFrom('', '~', 'null', 'true', 'no', '0', '-1', '1.5', '1e400', '99999999999999999999999', '0x1F', '2026-02-30', '2026-01-01', '"quoted"', "'single'", '|\n  bloc\n  texte', '>\n  plié', '[1, 2]', '{a: 1}', '*alias', '&anchor x', '!!binary aGk=', '!tag x', '@x', '`x`', '% x', '- item', 'a: b', 'a #comment', '"unterminated', '\t', '  '),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
);
const EPISODE_KEYS = ['episode', 'title', 'interviewee', 'headline', 'role', 'lede', 'date', 'portrait', 'portrait_alt', 'portrait_credit', 'draft'];
const fmLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...EPISODE_KEYS), yamlScalar).map(([k, v]) => `${k}: ${v}`) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }), yamlScalar).map(([k, v]) => `${k}: ${v}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('---', '...', '  indented: 1', '- list', '? complex', '<<: *x', 'episode: 1', 'title: T', 'interviewee: I') },
);
const frontMatter = fc.oneof(
  { weight: 3, arbitrary: fc.array(fmLine, { maxLength: 10 }).map((ls) => `${VALID_FM}\n${ls.join('\n')}`) },
  { weight: 1, arbitrary: fc.array(fmLine, { maxLength: 12 }).map((ls) => ls.join('\n')) },
);
const CONFIG_KEYS = ['title', 'subtitle', 'publisher', 'edition', 'colophon', 'year', 'language', 'isbn', 'identifier', 'template', 'preface', 'cover_image', 'output'];
const configText = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.tuple(fc.constantFrom(...CONFIG_KEYS), yamlScalar).map(([k, v]) => `${k}: ${v}`), { maxLength: 6 }).map((ls) => `${DEFAULT_CONFIG}${ls.join('\n')}\n`) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.tuple(fc.constantFrom(...CONFIG_KEYS), yamlScalar).map(([k, v]) => `${k}: ${v}`), fc.string({ unit: 'grapheme-ascii', maxLength: 20 })), { maxLength: 8 }).map((ls) => ls.join('\n')) },
);

// ---------------------------------------------------------------------------------------------
// Mutations of a real episode
// ---------------------------------------------------------------------------------------------

const PIECES = ['---', '\n', '\n---\n', '💬 ', '[^1]', '](', '![', '*', '**', '> ', '- ', '#', '<', '`', '```', ':', ': ', ' #', '"', '\u0000', '\ufeff', '\r', '\t', '\u00a0'];
const mutation = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace', 'duplicate'), fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...HOSTILE_CHARS)), fc.integer({ min: 1, max: 40 }));
function mutate(text: string, ms: [number, string, string, number][]): string {
  let t = text;
  for (const [at, kind, piece, len] of ms) {
    const i = t.length ? at % (t.length + 1) : 0;
    if (kind === 'insert') t = t.slice(0, i) + piece + t.slice(i);
    else if (kind === 'delete') t = t.slice(0, i) + t.slice(i + len);
    else if (kind === 'replace') t = t.slice(0, i) + piece + t.slice(i + piece.length);
    else t = t.slice(0, i) + t.slice(i, i + len).repeat(3) + t.slice(i + len);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------

const tally = new Map<string, number>();
const codes = new Map<string, number>();
let slowest = 0;
function count(o: Outcome): void {
  tally.set(o.kind, (tally.get(o.kind) ?? 0) + 1);
  slowest = Math.max(slowest, o.ms);
  if (o.kind !== 'usage') for (const c of new Set(o.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))) codes.set(c, (codes.get(c) ?? 0) + 1);
}

afterAll(() => {
  if (process.env.HOSTILE_STATS) console.log('outcomes', Object.fromEntries(tally), 'slowest case', Math.round(slowest), 'ms', 'error codes', Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])));
});

describe('hostile input, property-based (fast-check)', () => {
  it('random Markdown bodies: built or refused with positioned diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const dir = caseDir();
        writeSource(dir, { config: DEFAULT_CONFIG, files: { '01-a.md': episode(VALID_FM, b) } });
        count(await buildAndJudge(dir, `body ${JSON.stringify(b)}`));
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      params(1),
    );
  }, 600_000);

  it('mutated sample episodes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 12 }), async (ms) => {
        const dir = caseDir();
        writeSource(dir, { config: DEFAULT_CONFIG, files: { '03-andre-jeannerot.md': mutate(SAMPLE_EPISODE, ms) } });
        count(await buildAndJudge(dir, `mutations ${JSON.stringify(ms)}`));
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      params(2),
    );
  }, 600_000);

  it('random front matter, several episodes, random booklet.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(configText, fc.array(fc.tuple(frontMatter, body), { minLength: 1, maxLength: 3 }), fc.option(body), async (config, eps, preface) => {
        const dir = caseDir();
        const files: Record<string, string> = {};
        eps.forEach(([fm, b], i) => (files[`0${i + 1}-e.md`] = episode(fm, b)));
        if (preface !== null) files['_preface.md'] = preface;
        writeSource(dir, { config: preface !== null && !/^preface:/m.test(config) ? `${config}\npreface: _preface.md\n` : config, files });
        count(await buildAndJudge(dir, `config ${JSON.stringify(config)} episodes ${JSON.stringify(eps)} preface ${JSON.stringify(preface)}`));
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      params(3),
    );
  }, 600_000);

  it('random bytes as an episode and as booklet.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 200 }), fc.boolean(), async (ep, conf, fmFirst) => {
        const dir = caseDir();
        const epBytes = fmFirst ? Buffer.concat([Buffer.from(`---\n${VALID_FM}\n---\n`), ep]) : ep;
        writeSource(dir, { config: fmFirst ? DEFAULT_CONFIG : Buffer.from(conf).toString('latin1'), files: { '01-a.md': epBytes } });
        if (!fmFirst) fs.writeFileSync(path.join(dir, 'booklet.yaml'), conf);
        count(await buildAndJudge(dir, `bytes ${Buffer.from(ep).toString('base64')} config ${Buffer.from(conf).toString('base64')} ${fmFirst}`));
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      params(4),
    );
  }, 600_000);

  it('saw both outcomes', () => {
    // The generators reach both sides: some cases build, some are refused.
    expect(tally.get('built') ?? 0).toBeGreaterThan(0);
    expect(tally.get('refused') ?? 0).toBeGreaterThan(0);
  });
});
