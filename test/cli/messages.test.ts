/**
 * Messages and progress: a progress line and colours on a terminal only; never colours with
 * NO_COLOR; nothing but diagnostics and the summary when stderr is not a terminal; nothing on stderr
 * but diagnostics with --json; many diagnostics of one kind are capped on screen, not in --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { colourDiagnostic, describeProgress, paint, wantsColour } from '../../src/cli/progress.js';
import { build } from '../../src/pipeline.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ESC = '\x1b[';

async function cli(args: string[], io: { isTTY: boolean; env?: NodeJS.ProcessEnv; cwd?: string }) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'booklet', ...args], {
    cwd: io.cwd ?? ROOT,
    env: { SOURCE_DATE_EPOCH: '1790000000', ...io.env },
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: io.isTTY,
  });
  return { code, stdout, stderr };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-messages-'));

describe('messages and progress', () => {
  it('on a terminal: a progress line rewritten in place, then a coloured summary', async () => {
    const r = await cli(['build', 'episodes', '--out', tmp()], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r\x1b[2K');
    expect(r.stderr).toMatch(/laid out \d+ pages/);
    expect(r.stderr).toMatch(/writing the files/);
    expect(r.stderr).toContain(`${ESC}32mbuilt${ESC}39m`);
    // The progress line is erased before the summary is printed.
    const lastProgress = r.stderr.lastIndexOf('\r\x1b[2K');
    expect(r.stderr.slice(lastProgress + 5)).toMatch(/built\x1b\[39m "Medinsoft a 20 ans": 1 episode/);
    expect(r.stderr.slice(lastProgress + 5)).not.toContain('\r');
  }, 60_000);

  it('with NO_COLOR (any value, even empty): progress but no colour', async () => {
    const r = await cli(['build', 'episodes', '--out', tmp()], { isTTY: true, env: { NO_COLOR: '' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/laid out \d+ pages/);
    expect(r.stderr).not.toMatch(/\x1b\[\d+m/);
  }, 60_000);

  it('not on a terminal: no progress, no escape codes, the summary with pages, warnings, sizes and time', async () => {
    const r = await cli(['build', 'episodes', '--out', tmp()], { isTTY: false });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).not.toMatch(/laid out \d+ pages|laying out/);
    expect(r.stderr).toMatch(/^built "Medinsoft a 20 ans": 1 episode, \d+ pages, template anniversaire, \d+ warnings?, \d+(\.\d)? m?s$/m);
    expect(r.stderr).toMatch(/medinsoft-20-ans\.pdf {2}\d+ KB/);
  }, 60_000);

  it('on a dumb terminal (TERM=dumb): no progress line and no escapes', async () => {
    const r = await cli(['build', 'episodes', '--out', tmp()], { isTTY: true, env: { TERM: 'dumb' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/^built "Medinsoft a 20 ans"/m);
  }, 60_000);

  it('--quiet and --json: no progress line even on a terminal', async () => {
    const q = await cli(['build', 'episodes', '--out', tmp(), '--quiet'], { isTTY: true });
    expect(q.stderr).not.toContain('\r');
    expect(q.stderr).not.toMatch(/built/);
    const j = await cli(['build', 'episodes', '--out', tmp(), '--json'], { isTTY: true });
    expect(j.stderr).not.toContain('\r');
    expect(JSON.parse(j.stdout).ok).toBe(true);
  }, 60_000);

  it('colours errors red and warnings yellow, on a terminal only', async () => {
    const src = tmp();
    fs.cpSync(path.join(ROOT, 'episodes'), src, { recursive: true });
    fs.writeFileSync(path.join(src, '03-andre-jeannerot.md'), '---\nepisode: trois\ntitle: X\ninterviewee: Y\ncolour: blue\n---\nTexte.\n');
    const tty = await cli(['build', src, '--out', path.join(src, 'out')], { isTTY: true });
    expect(tty.code).toBe(1);
    expect(tty.stderr).toContain(`${ESC}31m${ESC}1merror${ESC}22m${ESC}39m`);
    expect(tty.stderr).toContain(`${ESC}33m${ESC}1mwarning${ESC}22m${ESC}39m`);
    expect(tty.stderr).toContain(`${ESC}31mbooklet: 1 error${ESC}39m, nothing written`);
    const plain = await cli(['build', src, '--out', path.join(src, 'out')], { isTTY: false });
    expect(plain.stderr).not.toContain('\x1b');
    expect(plain.stderr).toMatch(/:2:\d+: error: /);
  });

  it('prints at most 20 diagnostics of one kind, and all of them with --json', async () => {
    const src = tmp();
    fs.writeFileSync(path.join(src, 'booklet.yaml'), 'title: Beaucoup\nyear: 2026\n');
    const body = Array.from({ length: 30 }, (_, i) => `![Photo ${i}](manque-${i}.jpg)`).join('\n\n');
    fs.writeFileSync(path.join(src, '01-a.md'), `---\nepisode: 1\ntitle: T\ninterviewee: Jean Test\n---\n\n${body}\n`);
    const r = await cli(['build', src, '--out', path.join(src, 'out')], { isTTY: false });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/image-missing|not found/g)?.length).toBe(20 + 1);
    expect(r.stderr).toMatch(/… and 10 more image-missing like the above/);
    const j = await cli(['build', src, '--out', path.join(src, 'out'), '--json'], { isTTY: false });
    expect(JSON.parse(j.stdout).diagnostics.filter((d: { code: string }) => d.code === 'image-missing')).toHaveLength(30);
  });

  it('build() reports its progress through onProgress, stage by stage', async () => {
    const seen: string[] = [];
    await build({ source: path.join(ROOT, 'episodes'), out: tmp(), cwd: ROOT, drafts: false, strict: false, onProgress: (s, d, t) => seen.push(`${s} ${d}/${t}`) });
    expect(seen[0]).toBe('load 0/0');
    expect(seen).toContain('load 1/1');
    expect(seen).toContain('model 1/1');
    expect(seen.some((s) => /^layout (\d+)\/\1$/.test(s) && !s.startsWith('layout 0'))).toBe(true);
    expect(seen.slice(-4)).toEqual(['write 0/3', 'write 1/3', 'write 2/3', 'write 3/3']);
    expect(describeProgress('layout', 0, 0)).toBe('laying out the pages…');
  }, 60_000);

  it('knows when to colour', () => {
    expect(wantsColour(true, {})).toBe(true);
    expect(wantsColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(true, { NO_COLOR: '' })).toBe(false);
    expect(wantsColour(true, { TERM: 'dumb' })).toBe(false);
    expect(wantsColour(false, {})).toBe(false);
    expect(colourDiagnostic('a.md:1:2: warning: x — y', paint(false))).toBe('a.md:1:2: warning: x — y');
  });
});
