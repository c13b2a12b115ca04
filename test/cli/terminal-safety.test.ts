/**
 * What booklet prints never acts on the terminal: control characters and bidirectional overrides
 * that come from the user's files (a file name, a value in booklet.yaml or a front matter, an
 * unknown option) are shown as escapes, and each diagnostic stays on one line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatDiagnostic, visible } from '../../src/diagnostics.js';

/** What a terminal would act on (the C0 controls but the newline, DEL, C1 controls, bidi overrides and isolates). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

async function run(args: string[], cwd: string): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(['node', 'booklet', ...args], { cwd, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stderr, stdout };
}

function source(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-term-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const EPISODE = '---\nepisode: 1\ntitle: T\ninterviewee: A B\n---\n\nBonjour.\n';

describe('visible', () => {
  it.each([
    ['plain « texte » — é', 'plain « texte » — é'],
    ['a\u001b[2Jb', 'a\\x1B[2Jb'],
    ['bell\u0007', 'bell\\x07'],
    ['two\nlines\r', 'two\\nlines\\r'],
    ['tab\there', 'tab\\there'],
    ['del\u007f c1\u009b', 'del\\x7F c1\\x9B'],
    ['rtl\u202eevil\u2066', 'rtl\\u202Eevil\\u2066'],
  ])('%j → %j', (s, want) => {
    expect(visible(s)).toBe(want);
  });

  it('is applied to every printed diagnostic', () => {
    const line = formatDiagnostic({ file: '02-new\nline.md', line: 2, column: 1, severity: 'error', code: 'x', message: 'got "\u001b]0;PWNED\u0007"' });
    expect(line).toBe('02-new\\nline.md:2:1: error: got "\\x1B]0;PWNED\\x07"');
  });
});

describe('the terminal is safe from', () => {
  it('a booklet.yaml value with escape sequences (unknown template)', async () => {
    const dir = source({ 'booklet.yaml': 'title: T\nyear: 2026\ntemplate: "\\e[2J\\e]0;PWNED\\a"\n', '01-a.md': EPISODE });
    const r = await run(['build', '.', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^booklet\.yaml:3:11: error: unknown template "\\x1B\[2J\\x1B\]0;PWNED\\x07"/m);
    expect(r.stderr).not.toMatch(RAW);
  });

  it('file names and front-matter values with controls, each diagnostic on one line', async () => {
    const dir = source({
      'booklet.yaml': 'title: T\nyear: 2026\n',
      '01-a.md': '---\nepisode: "\\e[31mX"\ntitle: T\ninterviewee: A B\n---\n\nBonjour.\n',
      '02-new\nline.md': '---\nepisode: y\n---\n',
      '03-\u001b]0;PWNED\u0007.md': '---\nepisode: z\n---\n',
    });
    const r = await run(['build', '.', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    const lines = r.stderr.trimEnd().split('\n');
    // Every line is a whole diagnostic but the closing count.
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^\S.*:\d+:\d+: error: /);
    expect(lines.some((l) => l.startsWith('02-new\\nline.md:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('03-\\x1B]0;PWNED\\x07.md:'))).toBe(true);
    expect(r.stderr).toContain('here it is “\\x1B[31mX”');
  });

  it('an output folder with controls in the summary of a good build (a title with them is refused)', async () => {
    const dir = source({ 'booklet.yaml': 'title: Le livret\nyear: 2026\n', '01-a.md': EPISODE });
    const r = await run(['build', '.', '--out', 'o\u001b]0;PWNED\u0007'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^ {2}o\\x1B\]0;PWNED\\x07\/le-livret\.pdf {2}/m);
    expect(r.stderr).not.toMatch(RAW);
  }, 60_000);

  it('an unknown option with controls (commander prints it)', async () => {
    const r = await run(['build', '--bad\u001b[2J'], os.tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bad\\x1B[2J');
    expect(r.stderr).not.toMatch(RAW);
  });
});
