/**
 * Running hostile inputs through the whole chain (`build()`: load → model → layout → print → write)
 * and judging the outcome:
 *
 * - success: the PDF, the EPUB and the report are written and well-formed, and the diagnostics
 *   are well-formed; or
 * - a BookletError whose diagnostics are well-formed, with at least one error, each error at a line
 *   ≥ 1 unless it concerns a whole file (WHOLE_FILE_CODES), and nothing written; or
 * - a UsageError (exit 2);
 * - anything else (TypeError, RangeError…: exit 70) is a failure of the test;
 * - the source folder and the current folder are never changed: only `--out` is written to.
 *
 * A build that never ends (a synchronous loop) cannot be stopped from its own thread: a watchdog
 * thread kills the test process after HANG_MS with the case on stderr and in test/.out/, so a hang
 * fails the run instead of stalling it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BookletError, UsageError, type Diagnostic } from '../../src/diagnostics.js';
import { build } from '../../src/pipeline.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SAMPLE_EPISODE = fs.readFileSync(path.join(ROOT, 'episodes', '03-andre-jeannerot.md'), 'utf8');

/** Runs of each property (HOSTILE_RUNS to run more), seed (HOSTILE_SEED to explore other cases). */
export const RUNS = Number(process.env.HOSTILE_RUNS ?? 40);
export const SEED = Number(process.env.HOSTILE_SEED ?? 20260919);
/** A random case taking longer than this fails (wall clock; the slowest of 1,200 cases took 0.4 s). */
export const CASE_MS = Number(process.env.HOSTILE_CASE_MS ?? 5_000);
/** A case still running after this is a hang: the watchdog kills the test process. */
export const HANG_MS = Number(process.env.HOSTILE_HANG_MS ?? 90_000);

/** Error codes that concern a whole file or folder, reported at line 0. */
export const WHOLE_FILE_CODES = new Set([
  'config-missing',
  'config-outside',
  'empty-file',
  'encoding',
  'not-utf8',
  'file-unreadable',
  'file-too-large',
  'episode-outside',
  'episode-not-a-file',
  'config-not-a-file',
  'no-episodes',
]);

export interface SourceSpec {
  /** booklet.yaml text; undefined: none. */
  config?: string;
  /** Files of the folder, by name (text or bytes). */
  files: Record<string, string | Uint8Array>;
}

export const DEFAULT_CONFIG = 'title: Livret hostile\nyear: 2026\nlanguage: fr\n';

export function writeSource(dir: string, spec: SourceSpec): void {
  fs.mkdirSync(dir, { recursive: true });
  if (spec.config !== undefined) fs.writeFileSync(path.join(dir, 'booklet.yaml'), spec.config);
  for (const [name, data] of Object.entries(spec.files)) fs.writeFileSync(path.join(dir, name), data);
}

export function episode(frontMatter: string, body: string): string {
  return `---\n${frontMatter}\n---\n${body}\n`;
}

export const VALID_FM = 'episode: 1\ntitle: 3 questions à Jeanne Test\ninterviewee: Jeanne Test';

/** Every file under `dir` with its size and modification time, sorted. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${e.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function wellFormed(d: Diagnostic): string | undefined {
  const keys = Object.keys(d).sort().join(',');
  if (keys !== 'code,column,file,line,message,severity') return `keys ${keys}`;
  if (typeof d.file !== 'string' || d.file === '') return 'empty file';
  if (!Number.isInteger(d.line) || d.line < 0) return `line ${d.line}`;
  if (!Number.isInteger(d.column) || d.column < 0) return `column ${d.column}`;
  if (d.severity !== 'error' && d.severity !== 'warning') return `severity ${d.severity}`;
  if (!/^[a-z0-9-]+$/.test(d.code)) return `code ${d.code}`;
  if (typeof d.message !== 'string' || d.message.trim() === '') return 'empty message';
  if (d.severity === 'error' && d.line === 0 && !WHOLE_FILE_CODES.has(d.code)) return `error ${d.code} without a line`;
  return undefined;
}

class HostileFailure extends Error {}

export type Outcome =
  | { kind: 'built'; diagnostics: Diagnostic[]; pages: number; ms: number }
  | { kind: 'refused'; diagnostics: Diagnostic[]; ms: number }
  | { kind: 'usage'; message: string; ms: number };

/**
 * Builds `src` into a new output folder, from a new current folder; throws (fails the test) on
 * anything but a well-formed outcome. `label` names the case in failures.
 */
export async function buildAndJudge(src: string, label: string, limitMs = CASE_MS): Promise<Outcome> {
  const fail = (why: string) => new HostileFailure(`${why}\n  case: ${label.length > 3000 ? label.slice(0, 3000) + '…' : label}`);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-hostile-cwd-'));
  const out = path.join(cwd, 'out');
  const before = listing(src);
  const t0 = performance.now();
  let outcome: Outcome;
  watchdog.arm(label);
  try {
    const r = await build({ source: src, out, cwd, drafts: false, strict: false, sourceDateEpoch: 1790000000 });
    const ms = performance.now() - t0;
    const bad = r.diagnostics.map(wellFormed).find(Boolean);
    if (bad) throw fail(`malformed diagnostic (${bad}) in ${JSON.stringify(r.diagnostics)}`);
    if (r.diagnostics.some((d) => d.severity === 'error')) throw fail(`a successful build with errors`);
    const names = fs.readdirSync(out).sort();
    const report = names.find((n) => n.endsWith('.report.json'));
    const base = report?.slice(0, -'.report.json'.length);
    const pdf = names.find((n) => n === `${base}.pdf`);
    const epub = names.find((n) => n === `${base}.epub`);
    if (!pdf || !epub || !report) throw fail(`built, but the outputs are ${names.join(', ')}`);
    const pdfBytes = fs.readFileSync(path.join(out, pdf));
    if (pdfBytes.subarray(0, 5).toString() !== '%PDF-' || !pdfBytes.subarray(-8).toString().includes('%%EOF')) throw fail(`the PDF is not a PDF`);
    if (fs.readFileSync(path.join(out, epub)).subarray(0, 2).toString() !== 'PK') throw fail(`the EPUB is not a zip`);
    JSON.parse(fs.readFileSync(path.join(out, report), 'utf8'));
    outcome = { kind: 'built', diagnostics: r.diagnostics, pages: r.summary.pages, ms };
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof BookletError) {
      const bad = e.diagnostics.map(wellFormed).find(Boolean);
      if (bad) throw fail(`malformed diagnostic (${bad}) in ${JSON.stringify(e.diagnostics.slice(0, 5))}`);
      if (!e.diagnostics.some((d) => d.severity === 'error')) throw fail(`refused without an error`);
      if (fs.existsSync(out) && fs.readdirSync(out).length) throw fail(`a refused build wrote ${fs.readdirSync(out).join(', ')}`);
      outcome = { kind: 'refused', diagnostics: e.diagnostics, ms };
    } else if (e instanceof UsageError) {
      outcome = { kind: 'usage', message: e.message, ms };
    } else if (e instanceof HostileFailure) {
      throw e;
    } else {
      const err = e as Error;
      throw fail(`crashed with ${err?.name}: ${err?.message}\n${err?.stack?.split('\n').slice(1, 6).join('\n')}`);
    }
  } finally {
    watchdog.disarm();
  }
  // Only --out was written to.
  const after = listing(src);
  if (after.join('\n') !== before.join('\n')) throw fail(`the source folder changed:\n${after.filter((l) => !before.includes(l)).join('\n')}`);
  const rest = fs.readdirSync(cwd).filter((n) => n !== 'out');
  if (rest.length) throw fail(`written outside --out: ${rest.join(', ')}`);
  if (outcome.ms > limitMs) throw fail(`took ${Math.round(outcome.ms)} ms (limit ${limitMs} ms)`);
  fs.rmSync(cwd, { recursive: true, force: true });
  return outcome;
}

/** One untimed build first, so that the first timed case does not pay for loading fonts and compiling code. */
export async function warmUp(): Promise<void> {
  const dir = caseDir();
  writeSource(dir, { config: DEFAULT_CONFIG, files: { '03-andre-jeannerot.md': SAMPLE_EPISODE } });
  await build({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A new empty folder for one case's sources. */
export function caseDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-hostile-'));
}

/** Kills the test process if a case runs longer than HANG_MS (see the header). */
class Watchdog {
  private worker: Worker | undefined;

  private start(): Worker {
    const code = `
      const { parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      let deadline = 0, label = '';
      parentPort.on('message', (m) => { deadline = m.deadline; label = m.label; });
      setInterval(() => {
        if (deadline && Date.now() > deadline) {
          const msg = 'hostile input: a case ran for more than ' + ${HANG_MS} + ' ms (a hang); the test process is stopped. Case: ' + label + '\\n';
          try { fs.mkdirSync(${JSON.stringify(path.join(ROOT, 'test', '.out'))}, { recursive: true }); fs.writeFileSync(${JSON.stringify(path.join(ROOT, 'test', '.out', 'hostile-hang.txt'))}, msg); } catch {}
          fs.writeSync(2, msg);
          process.kill(process.pid, 'SIGKILL');
        }
      }, 250);
    `;
    const w = new Worker(code, { eval: true });
    w.unref();
    return w;
  }

  arm(label: string): void {
    this.worker ??= this.start();
    this.worker.postMessage({ deadline: Date.now() + HANG_MS, label: label.slice(0, 4000) });
  }

  disarm(): void {
    this.worker?.postMessage({ deadline: 0, label: '' });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

export const watchdog = new Watchdog();
