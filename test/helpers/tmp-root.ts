/**
 * Vitest global setup: the temporary folders of a test run (the tests' own, the CLI's spools, anything
 * that asks `os.tmpdir()`) go into one folder, set as TMPDIR before the test workers start, and removed
 * when the run ends, failed or not. KEEP_TEST_TMP=1 keeps it (its path is printed) to look at.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.KEEP_TEST_TMP) process.stdout.write(`test run's temporary folders kept in ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  };
}
