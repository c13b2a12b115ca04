/**
 * `booklet watch`, driven in-process on a temporary copy of the sample: first build, rebuild on a
 * save, an error reported without stopping (outputs kept), fixed → rebuilt; the output folder and
 * editor files ignored; a rebuild with the cache gives the bytes of a fresh build; the command
 * stops cleanly (exit 0). Every wait is bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ignoredChange, watch, type WatchBuild, type Watcher } from '../../src/cli/watch.js';
import { build, type BuildOptions } from '../../src/pipeline.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const EPISODE = '03-andre-jeannerot.md';

function sampleCopy(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-watch-'));
  fs.cpSync(path.join(ROOT, 'episodes'), d, { recursive: true });
  return d;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)))]).finally(() => clearTimeout(t));
}

/** Waits for the next build whose `changed` list is not empty (a build caused by our edit). */
function nextChangeBuild(w: Watcher): Promise<WatchBuild> {
  return new Promise((resolve) => {
    const on = (b: WatchBuild) => {
      if (b.changed.length === 0 && b.n > 1) return;
      w.off('build', on);
      resolve(b);
    };
    w.on('build', on);
  });
}

const opened: Watcher[] = [];
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close();
});

function options(src: string, out: string): BuildOptions {
  return { source: src, out, cwd: os.tmpdir(), drafts: false, strict: false, sourceDateEpoch: 1790000000 };
}

/** A watcher on a copy of the sample, after its first build. */
async function watchingSample(): Promise<{ src: string; out: string; w: Watcher }> {
  const src = sampleCopy();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-watch-out-'));
  const w = watch(options(src, out));
  opened.push(w);
  expect((await within(w.nextBuild(), 60_000, 'the first build')).ok).toBe(true);
  return { src, out, w };
}

describe('booklet watch', () => {
  it('builds, rebuilds on a save, reports an error without stopping and keeps the outputs, then rebuilds once fixed', async () => {
    const src = sampleCopy();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-watch-out-'));
    const w = watch(options(src, out));
    opened.push(w);
    const first = await within(w.nextBuild(), 60_000, 'the first build');
    expect(first.ok, JSON.stringify(first.diagnostics)).toBe(true);
    expect(first.n).toBe(1);
    const pdf = path.join(out, 'medinsoft-20-ans.pdf');
    const v1 = fs.readFileSync(pdf);

    // A save: one more paragraph.
    const file = path.join(src, EPISODE);
    const text = fs.readFileSync(file, 'utf8');
    let next = nextChangeBuild(w);
    fs.writeFileSync(file, text + '\nUn paragraphe de plus, écrit pendant que booklet surveille le dossier.\n');
    const second = await within(next, 30_000, 'the rebuild after a save');
    expect(second.ok, JSON.stringify(second.diagnostics)).toBe(true);
    expect(second.changed).toContain(EPISODE);
    const v2 = fs.readFileSync(pdf);
    expect(v2.equals(v1)).toBe(false);

    // An error: reported with its position; the outputs stay those of the last good build.
    next = nextChangeBuild(w);
    fs.writeFileSync(file, text.replace('episode: 3', 'episode: trois'));
    const bad = await within(next, 30_000, 'the failed rebuild');
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ file: expect.stringContaining(EPISODE), line: 2, severity: 'error' });
    expect(fs.readFileSync(pdf).equals(v2)).toBe(true);
    expect(fs.readdirSync(out).sort()).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);

    // Fixed: built again, and the watcher is still there.
    next = nextChangeBuild(w);
    fs.writeFileSync(file, text);
    const fixed = await within(next, 30_000, 'the rebuild after the fix');
    expect(fixed.ok).toBe(true);
    expect(fs.readFileSync(pdf).equals(v1)).toBe(true);
    await w.close();
    expect(w.closed).toBe(true);
  }, 120_000);

  it('gives the same bytes as a fresh build after an edit (the cache changes nothing)', async () => {
    const { src, out, w } = await watchingSample();
    const file = path.join(src, EPISODE);
    const next = nextChangeBuild(w);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Un regard pragmatique !', 'Un regard très pragmatique !'));
    expect((await within(next, 30_000, 'the rebuild')).ok).toBe(true);
    await w.close();

    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-watch-fresh-'));
    await build(options(src, fresh));
    for (const f of fs.readdirSync(fresh)) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(fresh, f))), f).toBe(true);
  }, 120_000);

  it('rebuilds after saves that replace the file (write a new file, rename it over the old one), again and again, and sees folders made later', async () => {
    const { src, out, w } = await watchingSample();
    const file = path.join(src, EPISODE);
    const text = fs.readFileSync(file, 'utf8');
    // gedit, Kate, JetBrains' safe write, Emacs: a new file renamed over the old one; then in place.
    const saves: [string, () => void][] = [
      ['a replacing save', () => (fs.writeFileSync(`${file}.new`, text + '\nPremier ajout.\n'), fs.renameSync(`${file}.new`, file))],
      ['a second replacing save', () => (fs.writeFileSync(`${file}.new`, text + '\nSecond ajout.\n'), fs.renameSync(`${file}.new`, file))],
      ['a save in place after them', () => fs.appendFileSync(file, '\nTroisième ajout.\n')],
    ];
    for (const [what, save] of saves) {
      const next = nextChangeBuild(w);
      save();
      const b = await within(next, 30_000, `the rebuild after ${what}`);
      expect(b.ok, JSON.stringify(b.diagnostics)).toBe(true);
      expect(b.changed, what).toContain(EPISODE);
    }
    // A folder made while watching, then a file saved in it.
    fs.mkdirSync(path.join(src, 'photos'));
    await new Promise((r) => setTimeout(r, 400));
    const next = nextChangeBuild(w);
    fs.writeFileSync(path.join(src, 'photos', 'notes.txt'), 'x');
    expect((await within(next, 30_000, 'the rebuild after a file saved in a new folder')).changed).toContain('photos/notes.txt');
  }, 120_000);

  it('ignores its own output folder inside the source folder, hidden files and editor files', async () => {
    const src = sampleCopy();
    const w = watch(options(src, path.join(src, 'dist')));
    opened.push(w);
    const builds: WatchBuild[] = [];
    w.on('build', (b) => builds.push(b));
    expect((await within(w.nextBuild(), 60_000, 'the first build')).ok).toBe(true);
    fs.writeFileSync(path.join(src, `.${EPISODE}.swp`), 'x');
    fs.writeFileSync(path.join(src, `${EPISODE}~`), 'x');
    fs.writeFileSync(path.join(src, '.#03-andre-jeannerot.md'), 'x');
    fs.writeFileSync(path.join(src, 'dist', 'note.txt'), 'x');
    await new Promise((r) => setTimeout(r, 800));
    expect(builds.map((b) => b.n)).toEqual([1]);
  }, 120_000);

  it('knows which changes need no build', () => {
    for (const p of ['.git/index', 'a/.hidden/x.md', '03-x.md.swp', '.03-x.md.swp', '03-x.md~', '.#03-x.md', '4913', '#03-x.md#', 'photo.jpg.tmp']) expect(ignoredChange(p), p).toBe(true);
    for (const p of ['03-x.md', 'booklet.yaml', 'images/photo.jpg', 'templates/mine/template.yaml']) expect(ignoredChange(p), p).toBe(false);
  });

  it('`booklet watch` prints each build and stops cleanly with exit 0', async () => {
    const src = sampleCopy();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-watch-out-'));
    const stop = new AbortController();
    let stderr = '';
    let built!: () => void;
    const firstBuilt = new Promise<void>((r) => (built = r));
    const io = {
      cwd: src,
      env: { SOURCE_DATE_EPOCH: '1790000000' },
      stdout: () => {},
      stderr: (s: string) => {
        stderr += s;
        if (/built "Medinsoft a 20 ans"/.test(stderr)) built();
      },
      isTTY: false,
      signal: stop.signal,
    };
    const running = main(['node', 'booklet', 'watch', '.', '--out', out], io);
    await within(firstBuilt, 60_000, 'the first build of `booklet watch`');
    stop.abort();
    expect(await within(running, 30_000, '`booklet watch` to stop')).toBe(0);
    expect(stderr).toMatch(/^watching \. for changes/);
    expect(stderr).toMatch(/stopped watching\n$/);
    expect(stderr).not.toMatch(/\x1b\[/); // not a terminal: no colour, no progress line
  }, 120_000);

  it('on a terminal, shows the progress line and colours', async () => {
    const src = sampleCopy();
    const stop = new AbortController();
    let stderr = '';
    let built!: () => void;
    const firstBuilt = new Promise<void>((r) => (built = r));
    const running = main(['node', 'booklet', 'watch', '.', '--out', path.join(src, 'out')], {
      cwd: src,
      env: {},
      stdout: () => {},
      stderr: (s) => {
        stderr += s;
        if (/built\x1b\[39m "Medinsoft/.test(stderr)) built();
      },
      isTTY: true,
      signal: stop.signal,
    });
    await within(firstBuilt, 60_000, 'the first build');
    stop.abort();
    expect(await within(running, 30_000, 'stop')).toBe(0);
    expect(stderr).toContain('\r\x1b[2K');
    expect(stderr).toMatch(/laid out \d+ pages/);
  }, 120_000);

  it('`booklet watch --json` prints one JSON document per build, and refuses a missing folder', async () => {
    const src = sampleCopy();
    const stop = new AbortController();
    let stdout = '';
    let built!: () => void;
    const firstBuilt = new Promise<void>((r) => (built = r));
    const running = main(['node', 'booklet', 'watch', src, '--out', path.join(src, 'out'), '--json'], {
      cwd: src,
      env: {},
      stdout: (s) => {
        stdout += s;
        built();
      },
      stderr: () => {},
      isTTY: false,
      signal: stop.signal,
    });
    await within(firstBuilt, 60_000, 'the first build');
    stop.abort();
    expect(await within(running, 30_000, 'stop')).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ok: true, build: 1, changed: [], summary: { episodes: 1 } });

    let stderr = '';
    const code = await main(['node', 'booklet', 'watch', 'nowhere'], { cwd: src, env: {}, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
    expect(code).toBe(2);
    expect(stderr).toMatch(/nowhere/);
  }, 120_000);
});
