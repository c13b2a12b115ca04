#!/usr/bin/env node
// Benchmark: booklet against Typst (npm binding) and pandoc on the same synthetic corpus.
//
//   npm run build && node test/bench/bench.js [--large] [--runs <k>] [--images] [--sizes 20,200]
//
// For each N (20 and 200; also 1000 with --large) it writes the corpus into test/.out/bench-N
// (test/corpus/generate.js, fixed seed), then times, each in its own child process:
//   booklet  node bin/booklet.js build <corpus> --out <tmp> --quiet        (PDF + EPUB)
//   Typst    node test/bench/typst-compile.mjs corpus.typ out.pdf         (PDF; same text converted
//            to Typst markup before timing: A5, EB Garamond chain, lang fr, hyphenation, justified,
//            one page break per episode, questions bold)
//   pandoc   pandoc -o out.epub <episode files>                           (EPUB; same files, with a
//            "# <title>" line added after the front matter before timing, so each episode is a chapter)
// The tools take turns: each round runs booklet, Typst and pandoc once, one after the other, so a
// busy machine slows all three alike; the ratios are computed per round and the table gives their
// median and range. Seconds are the median of 3 rounds (1 at N=1000); CPU seconds (user + system)
// and peak RSS come from /usr/bin/time (Debian package `time`) when present. Pages come from
// pdfinfo (poppler-utils). A tool that fails or is missing is reported in the table and the run
// goes on. Results also go to test/.out/bench.json.
// BENCH_BOOKLET_BIN=<file.js> times another build of the CLI instead of bin/booklet.js.

import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { generateCorpus } from '../corpus/generate.js';
import { median, runTimed, TIME } from './timed.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', '.out');
const SEED = 20;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const opt = { large: false, images: false, runs: /** @type {number | undefined} */ (undefined), sizes: /** @type {number[] | undefined} */ (undefined) };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--large') opt.large = true;
  else if (a === '--images') opt.images = true;
  else if (a === '--runs') opt.runs = Number(argv[++i]);
  else if (a === '--sizes') opt.sizes = argv[++i].split(',').map(Number);
  else if (a === '--help' || a === '-h') {
    process.stdout.write('usage: node test/bench/bench.js [--large] [--runs <k>] [--images] [--sizes 20,200]\n');
    process.exit(0);
  } else {
    process.stderr.write(`bench: unknown option ${a}\n`);
    process.exit(2);
  }
}
const sizes = opt.sizes ?? (opt.large ? [20, 200, 1000] : [20, 200]);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || (opt.runs !== undefined && !(opt.runs >= 1))) {
  process.stderr.write('bench: --sizes takes positive integers and --runs a number ≥ 1\n');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Tools available here
// ---------------------------------------------------------------------------------------------

/** First line of `cmd args` stdout, or null if the command cannot run. */
function probe(/** @type {string} */ cmd, /** @type {string[]} */ args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || r.stderr).split('\n')[0].trim();
}

const PDFINFO = spawnSync('pdfinfo', ['-v']).error === undefined;
const PANDOC_VERSION = probe('pandoc', ['--version']);
const TYPST_TS_VERSION = (() => {
  try {
    const pkg = join(ROOT, 'node_modules', '@myriaddreamin', 'typst-ts-node-compiler', 'package.json');
    return /** @type {{version: string}} */ (JSON.parse(readFileSync(pkg, 'utf8'))).version;
  } catch {
    return null;
  }
})();

// ---------------------------------------------------------------------------------------------
// Running and measuring one child process
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} Sample
 * @property {boolean} ok
 * @property {number} seconds   wall clock, measured here
 * @property {number | null} rssMB  peak resident set of the child (and its waited-for children)
 * @property {number | null} cpu    user + system CPU seconds of the child
 * @property {string} error     first line of stderr when !ok
 */

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Sample}
 */
function runOnce(cmd, args, cwd) {
  const { result: r, seconds, cpu, rssMB } = runTimed(cmd, args, { cwd, env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  if (r.error) return { ok: false, seconds, rssMB, cpu, error: `${cmd}: ${r.error.message}` };
  if (r.status !== 0) {
    // the first line of stderr, or rather the first line that names an error (a Node crash starts
    // with "file:line" and the source line before "Error: …")
    const lines = (r.stderr ?? '').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    const first = lines.find((l) => /^(?:\w*Error\b|error:)/i.test(l)) ?? lines.find((l) => /\berror\b/i.test(l)) ?? lines[0];
    const why = first ?? (r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`);
    return { ok: false, seconds, rssMB, cpu, error: why };
  }
  return { ok: true, seconds, rssMB, cpu, error: '' };
}

/**
 * @typedef {object} Result
 * @property {number} n
 * @property {string} tool
 * @property {string} output
 * @property {'ok' | 'failed' | 'missing'} status
 * @property {string} note
 * @property {number | null} seconds  median wall time
 * @property {number | null} cpu      median CPU seconds (user + system)
 * @property {number | null} rssMB    median peak RSS
 * @property {number | null} pages
 * @property {number} runs
 * @property {Sample[]} samples       one per round, in round order
 */

/**
 * @typedef {object} Job
 * @property {number} n
 * @property {string} tool
 * @property {string} output
 * @property {string} cmd
 * @property {string[]} args
 * @property {() => void} prepare  run before each run (untimed) to clear outputs
 * @property {() => string | null} pdf
 */

/**
 * Runs the jobs in turns (round 1: each job once, round 2: …); a job that fails is not run again.
 * @param {Job[]} jobs
 * @param {number} runs
 * @returns {Result[]}
 */
function measureRounds(jobs, runs) {
  /** @type {Sample[][]} */
  const samples = jobs.map(() => []);
  /** @type {(string | null)[]} */
  const failed = jobs.map(() => null);
  for (let round = 0; round < runs; round++) {
    jobs.forEach((job, j) => {
      if (failed[j] !== null) return;
      process.stderr.write(`bench: N=${job.n} ${job.tool}, round ${round + 1}/${runs}…\n`);
      job.prepare();
      const s = runOnce(job.cmd, job.args, ROOT);
      if (s.ok) samples[j].push(s);
      else failed[j] = s.error;
    });
  }
  return jobs.map((job, j) => {
    const ss = samples[j];
    if (failed[j] !== null) {
      return { n: job.n, tool: job.tool, output: job.output, status: 'failed', note: failed[j] ?? '', seconds: null, cpu: null, rssMB: null, pages: null, runs: ss.length + 1, samples: ss };
    }
    const all = (/** @type {(s: Sample) => number | null} */ f) => {
      const xs = ss.map(f);
      return xs.every((x) => x !== null) ? median(/** @type {number[]} */ (xs)) : null;
    };
    const pdf = job.pdf();
    return {
      n: job.n,
      tool: job.tool,
      output: job.output,
      status: 'ok',
      note: '',
      seconds: median(ss.map((s) => s.seconds)),
      cpu: all((s) => s.cpu),
      rssMB: all((s) => s.rssMB),
      pages: pdf ? pdfPages(pdf) : null,
      runs,
      samples: ss,
    };
  });
}

function pdfPages(/** @type {string} */ file) {
  if (!PDFINFO || !existsSync(file)) return null;
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout ?? '');
  return m ? Number(m[1]) : null;
}

// ---------------------------------------------------------------------------------------------
// The same corpus, as Typst markup and as pandoc input
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} Ep
 * @property {string} file
 * @property {Record<string, unknown>} data
 * @property {string} front   the front matter block, with its --- lines
 * @property {string} body
 */

/** @returns {Ep[]} */
function readEpisodes(/** @type {string} */ dir) {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.md$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const m = /^(---\n([\s\S]*?)\n---\n)([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`${file}: no front matter`);
      return { file, data: /** @type {Record<string, unknown>} */ (parseYaml(m[2])), front: m[1], body: m[3] };
    });
}

/** Escape text for Typst markup (every markup character gets a backslash). */
function typEsc(/** @type {string} */ s) {
  return s.replace(/[\\*_`$#<>@[\]{}~/\-+=]/g, '\\$&');
}

/** Typst string literal. */
function typStr(/** @type {string} */ s) {
  return JSON.stringify(s);
}

/**
 * @param {Record<string, unknown>} meta booklet.yaml
 * @param {Ep[]} episodes
 * @param {string} corpusRel corpus folder relative to the .typ file (for images)
 */
function toTypst(meta, episodes, corpusRel) {
  const out = [
    `#set document(title: ${typStr(String(meta.title))})`,
    '#set page(width: 148mm, height: 210mm, margin: (top: 18mm, bottom: 22mm, inside: 20mm, outside: 15mm), numbering: "1")',
    '#set text(font: ("EB Garamond", "Noto Serif", "Noto Emoji"), size: 10.5pt, lang: "fr", hyphenate: true)',
    '#set par(justify: true, leading: 0.55em, spacing: 0.9em)',
    '#show heading.where(level: 1): set text(size: 22pt)',
    '',
  ];
  for (const ep of episodes) {
    const d = ep.data;
    out.push('#pagebreak(weak: true)', `= ${typEsc(String(d.title))}`, '');
    if (d.headline) out.push(`#text(size: 15pt, style: "italic")[« ${typEsc(String(d.headline))} »]`, '');
    out.push(`#text(size: 11pt, weight: "bold")[${typEsc(String(d.interviewee))}]${d.role ? " \\" : ""}`);
    if (d.role) out.push(`#text(size: 10pt, style: "italic")[${typEsc(String(d.role))}]`);
    out.push('');
    if (d.portrait) {
      const alt = typStr(String(d.portrait_alt ?? ''));
      out.push(`#image(${typStr(`${corpusRel}/${String(d.portrait)}`)}, width: 30mm, alt: ${alt})`, '');
    }
    const paragraphs = ep.body.split(/\n{2,}/).map((p) => p.trim()).filter((p) => p.length > 0);
    let first = true;
    for (const p of paragraphs) {
      const img = /^!\[([^\]]*)\]\(([^ )]+)(?: "([^"]*)")?\)$/.exec(p);
      if (img) {
        out.push(`#figure(image(${typStr(`${corpusRel}/${img[2]}`)}, alt: ${typStr(img[1])}), caption: [${typEsc(img[3] ?? '')}])`, '');
      } else if (p.startsWith('💬')) {
        out.push(`*${typEsc(p)}*`, '');
      } else if (first) {
        out.push(`#text(size: 12.5pt, style: "italic")[${typEsc(p)}]`, '');
      } else {
        out.push(typEsc(p), '');
      }
      first = false;
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

/** The print PDF our tool wrote into `dir` (not the imposed or screen variants). */
function oursPdf(/** @type {string} */ dir) {
  if (!existsSync(dir)) return null;
  const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf') && !/-(imposed|screen)\.pdf$/.test(f)).sort();
  return pdfs.length > 0 ? join(dir, pdfs[0]) : null;
}

/** @type {Result[]} */
const results = [];
mkdirSync(OUT, { recursive: true });
const pandocName = PANDOC_VERSION ? PANDOC_VERSION.replace(/^pandoc(\.exe)?\s*/, 'pandoc ') : 'pandoc';
const typstName = `Typst (typst.ts ${TYPST_TS_VERSION ?? '?'})`;

process.stderr.write(
  `bench: sizes ${sizes.join(', ')}; /usr/bin/time ${TIME ? 'yes' : 'no (wall time only)'}; pdfinfo ${PDFINFO ? 'yes' : 'no'}; ${PANDOC_VERSION ?? 'pandoc not found'}\n`,
);

const loadBefore = loadavg()[0];
for (const n of sizes) {
  const runs = opt.runs ?? (n >= 1000 ? 1 : 3);
  const corpus = join(OUT, `bench-${n}`);
  const work = join(OUT, `bench-${n}-work`);
  rmSync(corpus, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  generateCorpus(corpus, n, { seed: SEED, images: opt.images });
  mkdirSync(work, { recursive: true });
  const meta = /** @type {Record<string, unknown>} */ (parseYaml(readFileSync(join(corpus, 'booklet.yaml'), 'utf8')));
  const episodes = readEpisodes(corpus);
  /** @type {Job[]} */
  const jobs = [];

  // (a) booklet: PDF + EPUB
  const oursOut = join(work, 'booklet');
  jobs.push({
    n,
    tool: 'booklet',
    output: 'PDF+EPUB',
    cmd: process.execPath,
    args: [process.env.BENCH_BOOKLET_BIN ?? join(ROOT, 'bin', 'booklet.js'), 'build', relative(ROOT, corpus), '--out', relative(ROOT, oursOut), '--quiet'],
    prepare: () => rmSync(oursOut, { recursive: true, force: true }),
    pdf: () => oursPdf(oursOut),
  });

  // (b) Typst: PDF
  const typFile = join(work, 'corpus.typ');
  const typPdf = join(work, 'typst.pdf');
  writeFileSync(typFile, toTypst(meta, episodes, relative(work, corpus)));
  jobs.push({
    n,
    tool: typstName,
    output: 'PDF',
    cmd: process.execPath,
    args: [join(ROOT, 'test', 'bench', 'typst-compile.mjs'), typFile, typPdf, '--root', OUT, '--font-path', join(ROOT, 'fonts')],
    prepare: () => rmSync(typPdf, { force: true }),
    pdf: () => typPdf,
  });

  // (c) pandoc: EPUB
  /** @type {Result | null} */
  let missing = null;
  if (!PANDOC_VERSION) {
    missing = { n, tool: 'pandoc', output: 'EPUB', status: 'missing', note: 'pandoc not installed (apt-get install pandoc)', seconds: null, cpu: null, rssMB: null, pages: null, runs: 0, samples: [] };
  } else {
    const pandocIn = join(work, 'pandoc-in');
    mkdirSync(pandocIn, { recursive: true });
    const files = episodes.map((ep) => {
      const f = join(pandocIn, ep.file);
      writeFileSync(f, `${ep.front}\n# ${String(ep.data.title)}\n\n${ep.body}`);
      return f;
    });
    const epub = join(work, 'pandoc.epub');
    jobs.push({
      n,
      tool: pandocName,
      output: 'EPUB',
      cmd: 'pandoc',
      args: ['-f', 'markdown', '-t', 'epub3', '-M', `title=${String(meta.title)}`, '-M', 'lang=fr', `--resource-path=${corpus}`, '-o', epub, ...files],
      prepare: () => rmSync(epub, { force: true }),
      pdf: () => null,
    });
  }
  results.push(...measureRounds(jobs, runs));
  if (missing) results.push(missing);
}
const loadAfter = loadavg()[0];

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const fmt = (/** @type {number | null} */ x, /** @type {number} */ d) => (x === null ? '–' : x.toFixed(d));
/** Ratios booklet ÷ tool of one quantity, round by round: "median×" and, with several rounds, "(min–max)". */
function ratio(/** @type {Result | undefined} */ ours, /** @type {Result} */ r, /** @type {(s: Sample) => number | null} */ f) {
  if (!ours || ours.status !== 'ok' || r.status !== 'ok') return '–';
  const xs = [];
  for (let i = 0; i < Math.min(ours.samples.length, r.samples.length); i++) {
    const a = f(ours.samples[i]);
    const b = f(r.samples[i]);
    if (a !== null && b !== null && b > 0) xs.push(a / b);
  }
  if (xs.length === 0) return '–';
  const m = `${median(xs).toFixed(2)}×`;
  return xs.length > 1 ? `${m} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})` : m;
}
const rows = [['N', 'tool', 'output', 'seconds', 'CPU s', 'pages', 'pages/s', 'peak MB', 'ours ÷ this (s)', 'ours ÷ this (MB)']];
for (const r of results) {
  const ours = results.find((o) => o.n === r.n && o.tool === 'booklet');
  const isOurs = r.tool === 'booklet';
  if (r.status !== 'ok') {
    rows.push([String(r.n), r.tool, r.output, r.status === 'failed' ? `failed: ${r.note}` : r.note, '–', '–', '–', '–', '–', '–']);
    continue;
  }
  rows.push([
    String(r.n),
    r.tool,
    r.output,
    fmt(r.seconds, 2),
    fmt(r.cpu, 2),
    r.pages === null ? '–' : String(r.pages),
    r.pages === null || r.seconds === null ? '–' : (r.pages / r.seconds).toFixed(0),
    fmt(r.rssMB, 0),
    isOurs ? '–' : ratio(ours, r, (s) => s.seconds),
    isOurs ? '–' : ratio(ours, r, (s) => s.rssMB),
  ]);
}
const right = new Set([0, 3, 4, 5, 6, 7, 8, 9]);
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c].startsWith('failed:') || row[c].startsWith('pandoc not') ? 3 : row[c].length))));
const line = (/** @type {string[]} */ row) =>
  `| ${row.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
const out = [line(rows[0]), `|${widths.map((w, c) => (right.has(c) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`, ...rows.slice(1).map(line)];
process.stdout.write(`\n${out.join('\n')}\n\n`);

// How booklet scales: seconds per episode and peak memory, against the second size (200 by default).
const oursBySize = results.filter((r) => r.tool === 'booklet' && r.status === 'ok' && r.seconds !== null);
if (oursBySize.length > 1) {
  const ref = oursBySize[Math.min(1, oursBySize.length - 1)];
  const parts = oursBySize.map((r) => {
    const perEp = (/** @type {number} */ (r.seconds) / r.n) * 1000;
    const mem = r.rssMB !== null && ref.rssMB !== null && r !== ref ? `, peak ${(r.rssMB / ref.rssMB).toFixed(2)}× N=${ref.n}'s` : '';
    return `N=${r.n}: ${perEp.toFixed(1)} ms/episode${mem}`;
  });
  process.stdout.write(`booklet scaling: ${parts.join('; ')}.\n`);
}
process.stdout.write(
  `${sizes.map((n) => `${opt.runs ?? (n >= 1000 ? 1 : 3)} round${(opt.runs ?? (n >= 1000 ? 1 : 3)) > 1 ? 's' : ''} at N=${n}`).join(', ')}, the tools taking turns; ` +
    `seconds: median wall time of each child process (Node start-up included)` +
    `${TIME ? '; CPU s (user + system) and peak RSS from /usr/bin/time' : ''}; seed ${SEED}${opt.images ? ', with images' : ''}.\n` +
    '"ours ÷ this": median of the per-round ratios (range in brackets); < 1 means booklet is faster / smaller.\n' +
    'booklet writes PDF + EPUB, Typst only the PDF, pandoc only the EPUB.\n' +
    `Load average (1 min) before / after: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} on ${availableParallelism()} CPUs.\n`,
);
writeFileSync(join(OUT, 'bench.json'), JSON.stringify({ sizes, seed: SEED, images: opt.images, time: TIME !== null, load: [loadBefore, loadAfter], results }, null, 2) + '\n');
