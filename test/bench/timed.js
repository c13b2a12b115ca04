// One child process timed, and the median: shared by bench.js and compare.js.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** GNU time (Debian package `time`), for CPU seconds and peak RSS; null when missing. */
export const TIME = (() => {
  try {
    accessSync('/usr/bin/time', constants.X_OK);
    return '/usr/bin/time';
  } catch {
    return null;
  }
})();

let runs = 0;

/**
 * Runs `cmd args` to its end, under /usr/bin/time when present.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 * @returns {{ result: import('node:child_process').SpawnSyncReturns<string>, seconds: number, cpu: number | null, rssMB: number | null }}
 *   seconds: wall clock, measured here; cpu: user + system seconds of the child and the children it waited for; rssMB: their peak RSS
 */
export function runTimed(cmd, args, opts = {}) {
  const timeFile = join(tmpdir(), `booklet-time-${process.pid}-${runs++}`);
  const [file, fileArgs] = TIME ? [TIME, ['-f', '%e %M %U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const result = spawnSync(file, fileArgs, { cwd: opts.cwd, env: opts.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let cpu = null;
  let rssMB = null;
  if (TIME && existsSync(timeFile)) {
    // GNU time writes "Command exited with non-zero status N" first when it did.
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const m = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(lines[lines.length - 1] ?? '');
    if (m) {
      rssMB = Number(m[2]) / 1024;
      cpu = Number(m[3]) + Number(m[4]);
    }
    rmSync(timeFile, { force: true });
  }
  return { result, seconds, cpu, rssMB };
}

export function median(/** @type {number[]} */ xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
