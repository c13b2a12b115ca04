/**
 * Ctrl-C (SIGINT) or SIGTERM during `booklet build` (src/cli/main.ts, src/util/interrupt.ts): the
 * spools and the cover renderer go, --out keeps the outputs of the last good build, never half of
 * a new set, and the exit code is 130 / 143. The CLI runs as a child process (bin/booklet.js, the
 * bundle) with a TMPDIR of its own, signalled at several moments of a 120-episode build.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { generateCorpus } from '../corpus/generate.js';

const BIN = path.join(ROOT, 'bin', 'booklet.js');
const OLD = new Date('2000-01-01T00:00:00Z');
let work: string;
let src: string;
let out: string;
let good: Map<string, Buffer>;
/** How long the good build took, ms. */
let buildMs: number;

/** Processes still running with `marker` in their environment (the CLI's and its renderer's). */
function alive(marker: string): number[] {
  const pids: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) pids.push(Number(pid));
    } catch {
      // ended meanwhile, or not ours
    }
  }
  return pids;
}

/**
 * Runs `booklet build` and sends `signal` once `when(tmp)` holds (`tmp`: the child's TMPDIR), or
 * never when it does not before the build ends.
 */
async function buildAndSignal(name: string, signal: NodeJS.Signals, when: (tmp: string, ms: number) => boolean) {
  const tmp = path.join(work, `tmp-${name}`);
  fs.mkdirSync(tmp);
  const marker = `BOOKLET_SIGNAL_TEST=${process.pid}-${name}`;
  const env = { ...process.env, TMPDIR: tmp, BOOKLET_CACHE: 'off', SOURCE_DATE_EPOCH: '1790000000', [marker.split('=')[0]!]: marker.split('=')[1] };
  const child = spawn(process.execPath, [BIN, 'build', src, '--out', out, '-q', '--impose', 'saddle', '--variant', 'screen'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let sent = false;
  const t0 = performance.now();
  const poll = setInterval(() => {
    if (!sent && when(tmp, performance.now() - t0)) {
      sent = true;
      child.kill(signal);
    }
  }, 2);
  const [code, killedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearInterval(poll);
  // The renderer is killed as the CLI ends: give it a moment to go.
  for (let i = 0; i < 100 && alive(marker).length; i++) await new Promise((r) => setTimeout(r, 20));
  return { code, killedBy, sent, stderr, tmpLeft: fs.readdirSync(tmp), running: alive(marker) };
}

/** The files in --out: each the good one, or each new (a build's outputs are byte-identical). */
function expectOneSet(): 'old' | 'new' {
  expect(fs.readdirSync(out).sort()).toEqual([...good.keys()].sort());
  const ages = new Set<string>();
  for (const [name, bytes] of good) {
    const file = path.join(out, name);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    ages.add(fs.statSync(file).mtimeMs === OLD.getTime() ? 'old' : 'new');
  }
  expect([...ages]).toHaveLength(1);
  return [...ages][0] as 'old' | 'new';
}

const spoolDir = (tmp: string) => fs.readdirSync(tmp).find((n) => n.startsWith('booklet-'));
const spooled = (tmp: string, re: RegExp) => {
  const d = spoolDir(tmp);
  return d !== undefined && fs.readdirSync(path.join(tmp, d)).some((n) => re.test(n));
};

describe('a signal during booklet build', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'signals-'));
    src = path.join(work, 'src');
    out = path.join(work, 'out');
    generateCorpus(src, 120);
    const t0 = performance.now();
    const r = await buildAndSignal('good', 'SIGINT', () => false);
    buildMs = performance.now() - t0;
    expect(r.code, r.stderr).toBe(0);
    good = new Map(fs.readdirSync(out).map((n) => [n, fs.readFileSync(path.join(out, n))]));
    expect(good.size).toBe(5);
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  // With --impose the PDFs are made once the layout ends; the EPUB is spooled after them.
  const moments: [string, NodeJS.Signals, (tmp: string, ms: number) => boolean][] = [
    ['during the layout', 'SIGINT', (_tmp, ms) => ms > buildMs * 0.3],
    ['later in the layout', 'SIGTERM', (_tmp, ms) => ms > buildMs * 0.55],
    ['while the EPUB is written', 'SIGINT', (tmp) => spooled(tmp, /book\.epub$/)],
  ];
  for (const [when, signal, cond] of moments) {
    it(`${signal} ${when}: the old outputs stay, no spool is left, exit ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      for (const f of fs.readdirSync(out)) fs.utimesSync(path.join(out, f), OLD, OLD);
      const r = await buildAndSignal(when.replace(/\W+/g, '-'), signal, cond);
      expect(r.sent).toBe(true);
      expect([r.code, r.killedBy]).toEqual([signal === 'SIGINT' ? 130 : 143, null]);
      expect(r.stderr).toContain(`booklet: stopped by ${signal}, nothing written`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(expectOneSet()).toBe('old');
      expect(r.tmpLeft).toEqual([]);
      expect(r.running).toEqual([]);
    });
  }

  it('SIGINT while the outputs are renamed into place: the whole new set or the whole old one', async () => {
    for (const f of fs.readdirSync(out)) fs.utimesSync(path.join(out, f), OLD, OLD);
    const r = await buildAndSignal('renames', 'SIGINT', () => fs.readdirSync(out).some((n) => n.endsWith('.tmp')));
    // The renames end before the handler runs (exit 130); a signal that comes once the command has
    // ended finds nothing to stop (exit 0, or killed as the process ends).
    expect([[130, null], [0, null], [null, 'SIGINT']]).toContainEqual([r.code, r.killedBy]);
    expectOneSet();
    expect(r.tmpLeft).toEqual([]);
    expect(r.running).toEqual([]);
  });
});
