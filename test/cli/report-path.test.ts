/**
 * `check --report <file>` never replaces a file the build reads: a path in the source folder
 * (links resolved) that is not a `.json` name is a usage error (exit 2), as is an empty name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';

/** A new source folder `src` made by `booklet init` in a folder of its own (the cwd of the commands). */
async function source(): Promise<string> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-report-'));
  expect((await cli(['init', 'src'], cwd)).code).toBe(0);
  return cwd;
}

/** Every file under `dir` with its text. */
function contents(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) files[f] = fs.readFileSync(p, 'utf8');
  }
  return files;
}

describe('check --report', () => {
  it('refuses a path in the source folder that is not a .json name (exit 2), and leaves the file as it was', async () => {
    const cwd = await source();
    const before = contents(path.join(cwd, 'src'));
    fs.symlinkSync('src', path.join(cwd, 'link'));
    for (const report of ['src/01-prenom-nom.md', 'src/booklet.yaml', 'src/_preface.md', 'src/02-new.md', 'src/../src/booklet.yaml', 'link/01-prenom-nom.md', path.join(cwd, 'src', 'booklet.yaml')]) {
      const r = await cli(['check', 'src', '--report', report, '--quiet'], cwd);
      expect(r.stderr, report).toBe(
        `booklet: error: --report ${report} is in the source folder src: it may be a file the build reads (an episode, booklet.yaml, the preface, an image, a template), and the report would replace it — write the report outside the source folder, or give it a .json name (e.g. \`--report check.json\`)\n`,
      );
      expect(r.code, report).toBe(2);
    }
    expect(contents(path.join(cwd, 'src'))).toEqual(before);
  });

  it('with --json, prints the refusal as one document', async () => {
    const cwd = await source();
    const r = await cli(['check', 'src', '--report', 'src/booklet.yaml', '--json'], cwd);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, diagnostics: [{ code: 'usage', message: expect.stringMatching(/^--report src\/booklet.yaml is in the source folder src/) }] });
  });

  it('takes a .json name in the source folder (an earlier report) and any path outside it', async () => {
    const cwd = await source();
    for (const report of ['src/check.json', 'src/reports/check.JSON', 'check.txt']) {
      const r = await cli(['check', 'src', '--report', report, '--quiet'], cwd);
      expect(r.code, `${report}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(cwd, report), 'utf8'))).toMatchObject({ ok: true });
    }
  });

  it('refuses an empty name (exit 2) instead of writing nothing', async () => {
    const cwd = await source();
    for (const report of ['', ' ']) {
      const r = await cli(['check', 'src', '--report', report], cwd);
      expect(r.stderr).toBe('booklet: error: --report needs the name of the file to write the result to, e.g. `--report check.json`\n');
      expect(r.code).toBe(2);
    }
  });
});
