#!/usr/bin/env node
// Two or more builds of booklet compared on one corpus, in alternate runs: what a change to the
// code costs or saves, on a machine whose speed drifts by 20–30 % within minutes.
//
//   node test/bench/compare.js [--rounds 6] [--corpus 200] [--same-bytes] <checkout> <checkout> [...]
//
// A checkout is a folder holding a built booklet (`bin/booklet.js` and `lib/`, after `npm ci` or
// `npm run build` there), e.g. a `git worktree` of the commit to compare against. --corpus takes N
// (the synthetic corpus of bench.js, seed 20, written to test/.out/bench-N if missing), `sample`
// (this repository's episodes/) or a folder. Each round builds the corpus once with every checkout,
// in turn; the table gives per checkout the medians of wall time, CPU seconds (user + system, all
// threads and child processes), the main thread's CPU seconds (Linux) and peak RSS (`/usr/bin/time`),
// and, against the first checkout, the median and range of the per-round ratios and in how many
// rounds the main thread took less. --same-bytes then builds once more with each checkout
// (SOURCE_DATE_EPOCH set) and says whether its PDF, EPUB and report are the first one's bytes.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../corpus/generate.js';
import { median, runTimed, TIME } from './timed.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRELOAD = join(ROOT, 'test', 'bench', 'main-thread-cpu.cjs');

const argv = process.argv.slice(2);
const opt = { rounds: 6, corpus: '200', sameBytes: false, /** @type {string[]} */ dirs: [] };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--rounds') opt.rounds = Number(argv[++i]);
  else if (a === '--corpus') opt.corpus = argv[++i];
  else if (a === '--same-bytes') opt.sameBytes = true;
  else if (a === '--help' || a === '-h') {
    process.stdout.write('usage: node test/bench/compare.js [--rounds 6] [--corpus N|sample|folder] [--same-bytes] <checkout> <checkout> [...]\n');
    process.exit(0);
  } else if (a.startsWith('--')) fail(`unknown option ${a}`);
  else opt.dirs.push(resolve(a));
}
if (opt.dirs.length < 2) fail('give at least two checkouts to compare');
if (!(Number.isInteger(opt.rounds) && opt.rounds >= 1)) fail('--rounds takes a whole number ≥ 1');
for (const d of opt.dirs) if (!existsSync(join(d, 'bin', 'booklet.js')) || !existsSync(join(d, 'lib'))) fail(`${d} holds no built booklet (bin/booklet.js and lib/: run npm ci there)`);
if (!TIME) fail('needs /usr/bin/time (Debian package `time`)');

function fail(/** @type {string} */ msg) {
  process.stderr.write(`compare: ${msg}\n`);
  process.exit(2);
}

/** The corpus folder. */
function corpusDir() {
  if (opt.corpus === 'sample') return join(ROOT, 'episodes');
  if (/^\d+$/.test(opt.corpus)) {
    const dir = join(ROOT, 'test', '.out', `bench-${opt.corpus}`);
    if (!existsSync(dir)) generateCorpus(dir, Number(opt.corpus));
    return dir;
  }
  const dir = resolve(opt.corpus);
  if (!existsSync(dir)) fail(`no corpus folder ${dir}`);
  return dir;
}

/**
 * One build with `dir`'s booklet into a new folder (removed unless `keep`).
 * @returns {{ wall: number, cpu: number, main: number | null, rssMB: number, out: string }}
 */
function buildOnce(/** @type {string} */ dir, /** @type {string} */ corpus, keep = false) {
  const tmp = mkdtempSync(join(tmpdir(), 'booklet-compare-'));
  const out = join(tmp, 'out');
  const cpuFile = join(tmp, 'main-cpu');
  const { result: r, seconds, cpu, rssMB } = runTimed(process.execPath, ['-r', PRELOAD, join(dir, 'bin', 'booklet.js'), 'build', corpus, '--out', out, '--quiet'], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', BOOKLET_MAIN_CPU_FILE: cpuFile },
  });
  if (r.status !== 0) fail(`${dir}: the build failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`);
  if (cpu === null || rssMB === null) fail('/usr/bin/time gave no figures');
  const main = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : null;
  if (!keep) rmSync(tmp, { recursive: true, force: true });
  return { wall: seconds, cpu, main, rssMB, out };
}

const range = (/** @type {number[]} */ xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

const corpus = corpusDir();
/** @type {ReturnType<typeof buildOnce>[][]} per checkout, per round */
const runs = opt.dirs.map(() => []);
for (let round = 1; round <= opt.rounds; round++) {
  opt.dirs.forEach((d, i) => {
    process.stderr.write(`compare: round ${round}/${opt.rounds}, ${d}…\n`);
    runs[i].push(buildOnce(d, corpus));
  });
}

const rows = opt.dirs.map((d, i) => {
  const rs = runs[i];
  const mains = rs.map((r) => r.main);
  const hasMain = mains.every((m) => m !== null);
  const row = [d, median(rs.map((r) => r.wall)).toFixed(2), median(rs.map((r) => r.cpu)).toFixed(2), hasMain ? median(/** @type {number[]} */ (mains)).toFixed(2) : '–', median(rs.map((r) => r.rssMB)).toFixed(0)];
  if (i === 0) return [...row, '–', '–', '–'];
  const ratio = (/** @type {(r: ReturnType<typeof buildOnce>) => number} */ f) => rs.map((r, k) => f(r) / f(runs[0][k]));
  const wall = ratio((r) => r.wall);
  const lower = hasMain ? `${rs.filter((r, k) => /** @type {number} */ (r.main) < /** @type {number} */ (runs[0][k].main)).length} of ${rs.length}` : '–';
  return [...row, `${median(wall).toFixed(3)}× (${range(wall)})`, hasMain ? `${median(ratio((r) => /** @type {number} */ (r.main))).toFixed(3)}×` : '–', lower];
});
const head = ['checkout', 'wall s', 'CPU s', 'main thread s', 'peak MB', '÷ first, wall', '÷ first, main thread', 'main thread lower'];
const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
process.stdout.write(`${table}\n\n${opt.rounds} alternate rounds on ${corpus}; medians; ratios are per round against the first checkout.\n`);

if (opt.sameBytes) {
  const outputs = opt.dirs.map((d) => buildOnce(d, corpus, true).out);
  const files = readdirSync(outputs[0]).sort();
  for (let i = 1; i < outputs.length; i++) {
    const other = readdirSync(outputs[i]).sort();
    const same = other.join() === files.join() && files.every((f) => readFileSync(join(outputs[0], f)).equals(readFileSync(join(outputs[i], f))));
    process.stdout.write(`${opt.dirs[i]}: ${same ? 'the same bytes' : 'OTHER BYTES'} as ${opt.dirs[0]} (${other.join(', ')})\n`);
    if (!same) process.exitCode = 1;
  }
  for (const o of outputs) rmSync(dirname(o), { recursive: true, force: true });
}
