/**
 * A reader that stops reading at once (`booklet templates | head -1`, `| true`): the write fails
 * with EPIPE, which booklet takes quietly (src/cli/main.ts, bin/booklet.js): no stack trace, and
 * the command's own exit code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const BIN = path.join(ROOT, 'bin', 'booklet.js');
let dir: string;

/** `booklet <args>` with the read end of its stdout (and of its stderr with `closeStderr`) closed at once. */
async function closedReader(args: string[], closeStderr = false) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  if (closeStderr) child.stderr.destroy();
  else child.stderr.on('data', (c) => (stderr += c));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  return { code, signal, stderr };
}

describe('stdout closed by its reader', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epipe-'));
    expect((await runCli(['init', 's'], dir)).code).toBe(0);
  });

  it('templates: exit 0, no stack trace', async () => {
    const r = await closedReader(['templates', 's']);
    expect(r.stderr).toBe('');
    expect([r.code, r.signal]).toEqual([0, null]);
  });

  it('new: the file is made, exit 0, no stack trace', async () => {
    const r = await closedReader(['new', 'foo', '--source', 's']);
    expect(r.stderr).toBe('');
    expect([r.code, r.signal]).toEqual([0, null]);
    expect(fs.existsSync(path.join(dir, 's', '02-foo.md'))).toBe(true);
  });

  it('check --json: exit 0; a failing one keeps its own code (2), with its message on stderr', async () => {
    const ok = await closedReader(['check', 's', '--json']);
    expect(ok.stderr).toBe('');
    expect([ok.code, ok.signal]).toEqual([0, null]);
    const failed = await closedReader(['check', 'missing', '--json']);
    expect(failed.stderr).toMatch(/^booklet: error: source folder "missing" not found/);
    expect(failed.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect([failed.code, failed.signal]).toEqual([2, null]);
  });

  it('stdout and stderr both closed: build writes its files and exits 0; --version and --help exit 0', async () => {
    const r = await closedReader(['build', 's', '--out', 'out'], true);
    expect([r.code, r.signal]).toEqual([0, null]);
    expect(fs.readdirSync(path.join(dir, 'out')).length).toBe(3);
    for (const args of [['--version'], ['--help']]) {
      const v = await closedReader(args);
      expect(v.stderr).toBe('');
      expect([v.code, v.signal]).toEqual([0, null]);
    }
  });
});
