/**
 * Every bad-input fixture of the load room, through the real command: exit 1, each expected
 * error printed as `file:line:col: error: …`, no stack trace, and nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'load');

const cases = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => ({ name: d.name, expected: fs.readFileSync(path.join(FIXTURES, d.name, 'expected.txt'), 'utf8') }))
  .filter((c) => /: error: /.test(c.expected));

describe('bad input through `booklet build`', () => {
  it('covers the bad inputs the contract lists', () => {
    const names = cases.map((c) => c.name);
    for (const n of ['yaml-syntax-error', 'no-front-matter', 'missing-required-field', 'wrong-type', 'duplicate-episode', 'bad-booklet-yaml', 'missing-image', 'corrupt-image', 'heic-image', 'webp-image', 'image-outside-folder', 'remote-image-url', 'not-utf8', 'empty-file', 'no-episode']) {
      expect(names).toContain(n);
    }
  });

  for (const c of cases) {
    it(c.name, async () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-bad-'));
      fs.rmSync(out, { recursive: true });
      let stderr = '';
      const code = await main(['node', 'booklet', 'build', c.name, '--out', out], { cwd: FIXTURES, env: {}, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
      expect(code, stderr).toBe(1);
      const errors = c.expected
        .split('\n')
        .filter((l) => / error: /.test(l))
        .map((l) => l.replace(/ \[[a-z0-9-]+\]$/, ''));
      for (const e of errors) expect(stderr).toContain(e);
      expect(stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
      expect(fs.existsSync(out)).toBe(false);
    });
  }
});
