/**
 * The example release workflow (examples/ci/release.yml): the steps the README promises, no
 * registry host named, and its commands run here on a new source folder: `check --strict` passes
 * and two builds with SOURCE_DATE_EPOCH from the commit are byte-identical.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FILE = path.join(ROOT, 'examples', 'ci', 'release.yml');

describe('examples/ci/release.yml', () => {
  const text = fs.readFileSync(FILE, 'utf8');
  const wf = parse(text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; uses?: string; if?: string; with?: Record<string, string> }[] }> };
  const steps = Object.values(wf.jobs)[0]!.steps;
  const runs = steps.map((s) => s.run ?? '').join('\n');

  it('installs, takes the date from the commit, checks strictly, builds and keeps the PDF, the EPUB and the report', () => {
    expect(runs).toMatch(/^npm ci$/m);
    expect(runs).toContain('SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)');
    expect(runs).toMatch(/npx booklet check .*--strict/);
    expect(runs).toMatch(/npx booklet build .*--out dist/);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && !s.if);
    // The check's report is kept when the check stops the release.
    const onFailure = steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && s.if === 'failure()');
    expect(onFailure?.with?.path).toBe('dist/check.json');
    expect(upload?.with?.path).toMatch(/dist\/\*\.pdf/);
    expect(upload?.with?.path).toMatch(/dist\/\*\.epub/);
    expect(upload?.with?.path).toMatch(/dist\/\*\.report\.json/);
    // Steps run in order: install, date, check, build, upload.
    const order = ['npm ci', 'SOURCE_DATE_EPOCH', 'booklet check', 'booklet build', 'upload-artifact'].map((k) => steps.findIndex((s) => !s.if && (s.run ?? s.uses ?? '').includes(k)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('is not active in this repository and names no package registry', () => {
    expect(fs.existsSync(path.join(ROOT, '.github', 'workflows', 'release.yml'))).toBe(false);
    expect(text).not.toMatch(/registry|npmjs|yarnpkg|registry-url/i);
  });

  it("its strict check passes on this repository's sample (episodes/), as the workflow runs it here", async () => {
    const said: string[] = [];
    const io = { cwd: ROOT, env: { NO_COLOR: '1' }, stdout: () => {}, stderr: (s: string) => void said.push(s), isTTY: false };
    const code = await main(['node', 'booklet', 'check', 'episodes', '--strict'], io);
    expect(code, said.join('')).toBe(0);
  }, 60_000);

  it('its commands pass on a new source folder, and two builds of one commit are byte-identical', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-ci-'));
    const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' });
    expect(git.status).toBe(0);
    const env = { SOURCE_DATE_EPOCH: git.stdout.trim(), NO_COLOR: '1' };
    const io = { cwd, env, stdout: () => {}, stderr: () => {}, isTTY: false };
    expect(await main(['node', 'booklet', 'init', 'episodes'], io)).toBe(0);
    expect(await main(['node', 'booklet', 'check', 'episodes', '--strict', '--report', 'dist/check.json'], io)).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'dist', 'check.json'), 'utf8')).ok).toBe(true);
    expect(await main(['node', 'booklet', 'build', 'episodes', '--out', 'dist'], io)).toBe(0);
    expect(await main(['node', 'booklet', 'build', 'episodes', '--out', 'again'], io)).toBe(0);
    const outputs = fs.readdirSync(path.join(cwd, 'again'));
    expect(outputs.some((f) => f.endsWith('.pdf')) && outputs.some((f) => f.endsWith('.epub')) && outputs.some((f) => f.endsWith('.report.json'))).toBe(true);
    for (const f of outputs) expect(fs.readFileSync(path.join(cwd, 'dist', f)).equals(fs.readFileSync(path.join(cwd, 'again', f))), f).toBe(true);
  }, 120_000);
});
