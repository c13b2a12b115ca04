/**
 * The episodes typeset ahead on a worker thread (src/model/typeset-ahead.ts): the booklet is the one
 * made on the main thread alone, the worker is kept at most WINDOW episodes ahead, and a worker
 * that cannot start or fails leaves its episodes to the main thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BookletError, DiagnosticBag, type Diagnostic } from '../../src/diagnostics.js';
import { ImageResolver } from '../../src/load/images.js';
import { loadSource } from '../../src/load/source.js';
import type { SourceSet } from '../../src/load/types.js';
import { BookletBuilder, buildBooklet } from '../../src/model/build.js';
import { TYPESET_WORKER, TypesetAhead, WINDOW } from '../../src/model/typeset-ahead.js';
import { episodeText } from '../../src/model/typeset.js';
import { build } from '../../src/pipeline.js';
import { generateCorpus } from '../corpus/generate.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DIR = path.join(ROOT, 'test', '.out', 'typeset-ahead');
const N = 14;
const OPTS = { questionMarkers: ['💬'], templateName: 'anniversaire', sourceDateEpoch: 1790000000 };

beforeAll(() => {
  // The worker runs lib/'s bundle (made by `npm ci`).
  expect(fs.existsSync(TYPESET_WORKER)).toBe(true);
  generateCorpus(DIR, N, { seed: 7, notes: true, quotes: true });
});

async function load(): Promise<SourceSet> {
  return loadSource(DIR, { cwd: DIR, drafts: false });
}

/** The booklet and its diagnostics, made episode by episode with `ahead`'s typesetter. */
async function streamed(src: SourceSet, ahead: TypesetAhead) {
  const images = new ImageResolver(src.dir, src.dir);
  const b = new BookletBuilder(src, OPTS, (r, p, bag) => images.resolve(r, p, bag), ahead.typesetter);
  await b.start();
  const sentAhead: number[] = [];
  while (await b.next()) sentAhead.push(ahead.sent - b.made);
  await ahead.dispose();
  return { json: JSON.stringify({ booklet: b.booklet, diagnostics: b.diagnostics() }), sentAhead };
}

async function alone(src: SourceSet) {
  const bag = new DiagnosticBag();
  const images = new ImageResolver(src.dir, src.dir);
  const booklet = await buildBooklet(src, OPTS, (r, p, b) => images.resolve(r, p, b), bag);
  return JSON.stringify({ booklet, diagnostics: bag.items });
}

describe('typesetting ahead on a worker thread', () => {
  it('makes the booklet the main thread makes alone, the worker at most WINDOW episodes ahead', async () => {
    const dir = `${DIR}-long`;
    generateCorpus(dir, 40, { seed: 8, notes: true, quotes: true });
    const src = await loadSource(dir, { cwd: dir, drafts: false });
    const expected = await alone(src);
    const ahead = new TypesetAhead(src.episodes.map(episodeText), src.config.language, OPTS.questionMarkers);
    const got = await streamed(await loadSource(dir, { cwd: dir, drafts: false }), ahead);
    expect(ahead.byWorker).toBe(40);
    expect(got.json).toBe(expected);
    expect(got.sentAhead.length).toBe(40);
    expect(Math.max(...got.sentAhead)).toBe(WINDOW);
    // Sent in several batches, never so late that the worker had nothing ahead.
    expect(got.sentAhead.slice(0, -WINDOW).every((n) => n > 0)).toBe(true);
  }, 30_000);

  it.runIf(process.platform === 'linux')('runs the worker at a lower priority than the main thread (Linux)', async () => {
    const src = await load();
    const niceOfThreads = () =>
      fs.readdirSync('/proc/self/task').map((t) => {
        const stat = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    const before = niceOfThreads().filter((n) => n > 0).length;
    const ahead = new TypesetAhead(src.episodes.map(episodeText), src.config.language, OPTS.questionMarkers);
    await ahead.episode(0);
    const during = niceOfThreads();
    await ahead.dispose();
    expect(during.filter((n) => n === 10).length).toBe(before + 1);
    // The thread that made it keeps its own.
    const own = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    expect(Number(own.slice(own.lastIndexOf(')') + 2).split(' ')[16])).toBe(0);
  });

  it('typesets here when the worker cannot start', async () => {
    const src = await load();
    const ahead = new TypesetAhead(src.episodes.map(episodeText), src.config.language, OPTS.questionMarkers, path.join(DIR, 'no-such-worker.cjs'));
    const got = await streamed(src, ahead);
    expect(ahead.byWorker).toBe(0);
    expect(got.json).toBe(await alone(await load()));
  });

  it('typesets here an episode the worker fails on', async () => {
    // A worker that answers every episode with a failure.
    const file = path.join(DIR, 'failing-worker.cjs');
    fs.writeFileSync(file, "const { parentPort } = require('node:worker_threads');\nparentPort.on('message', ({ jobs }) => { for (const { k } of jobs) parentPort.postMessage({ k, failed: 'no' }); });\n");
    const src = await load();
    const ahead = new TypesetAhead(src.episodes.map(episodeText), src.config.language, OPTS.questionMarkers, file);
    const got = await streamed(src, ahead);
    expect(ahead.byWorker).toBe(0);
    expect(got.json).toBe(await alone(await load()));
  });

  it('a build reports the same diagnostics, in the same order, with and without the worker', async () => {
    const run = async (typesetWorker: 'on' | 'off') => {
      const r = await build({ source: DIR, out: path.join(DIR, `out-${typesetWorker}`), cwd: DIR, drafts: false, strict: false, sourceDateEpoch: 1700000000, typesetWorker });
      return { diagnostics: r.diagnostics, pdf: fs.readFileSync(path.join(DIR, `out-${typesetWorker}`, 'corpus-14-episodes.pdf')) };
    };
    const on = await run('on');
    const off = await run('off');
    // Typographic lint (model) and loose lines (layout) both appear.
    expect(new Set(on.diagnostics.map((d) => d.code)).size).toBeGreaterThan(1);
    expect(on.diagnostics).toEqual(off.diagnostics);
    expect(on.pdf.equals(off.pdf)).toBe(true);
  }, 60_000);

  it('an error in a late episode stops the build with every error of the model, as without the worker', async () => {
    const dir = `${DIR}-broken`;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(DIR)) if (f.endsWith('.md') || f === 'booklet.yaml') fs.copyFileSync(path.join(DIR, f), path.join(dir, f));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
    // Episode 3 and the last one hold an image that does not exist, the last one an image without a path too.
    fs.appendFileSync(path.join(dir, files[2]!), '\n![Une photo](absente.jpg)\n');
    fs.appendFileSync(path.join(dir, files.at(-1)!), '\n![Une autre](manquante.png)\n\n![Sans chemin]()\n');
    const run = async (typesetWorker: 'on' | 'off') => {
      const out = path.join(dir, `out-${typesetWorker}`);
      const err = await build({ source: dir, out, cwd: dir, drafts: false, strict: false, typesetWorker }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BookletError);
      expect(fs.existsSync(out)).toBe(false);
      return (err as BookletError).diagnostics;
    };
    const on: Diagnostic[] = await run('on');
    expect(on.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.code}`)).toEqual([
      `${files[2]}:image-missing`,
      `${files.at(-1)}:image-missing`,
      `${files.at(-1)}:image-no-path`,
    ]);
    expect(on).toEqual(await run('off'));
  }, 60_000);
});

describe('BookletBuilder', () => {
  it('gives the diagnostics in the order of a model made at once: the episodes’, the preface’s, booklet.yaml’s', async () => {
    const dir = `${DIR}-order`;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    // No year and no dates: booklet.yaml gets a warning (year-unknown).
    fs.writeFileSync(path.join(dir, 'booklet.yaml'), 'title: Ordre\nlanguage: fr\npreface: preface.md\n');
    fs.writeFileSync(path.join(dir, 'preface.md'), '---\ntitle: Préface\n---\nA ce moment, tout commence.\n');
    for (const n of [1, 2]) fs.writeFileSync(path.join(dir, `0${n}-e.md`), `---\nepisode: ${n}\ntitle: T${n}\ninterviewee: Nom ${n}\n---\n💬 Une question ?\n\nA ce titre, une réponse.\n`);
    const src = await loadSource(dir, { cwd: dir, drafts: false });
    const images = new ImageResolver(src.dir, dir);
    const b = new BookletBuilder(src, { questionMarkers: ['💬'], templateName: 'anniversaire' }, (r, p, bag) => images.resolve(r, p, bag));
    await b.start();
    // The preface and booklet.yaml are done first, but their diagnostics wait for the episodes'.
    expect(b.diagnostics().map((d) => d.file)).toEqual(['preface.md', 'booklet.yaml']);
    while (await b.next());
    expect(b.diagnostics().map((d) => `${d.file}:${d.code}`)).toEqual(['01-e.md:typo-unaccented-capital', '02-e.md:typo-unaccented-capital', 'preface.md:typo-unaccented-capital', 'booklet.yaml:year-unknown']);
  });
});
