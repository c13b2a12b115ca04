/**
 * Load room fixtures. Each folder of test/fixtures/load/ (except those starting with `_`) is a
 * source folder with an `expected.txt`:
 *
 * - loadSource runs with cwd = test/fixtures/load, so paths read `<case>/<file>`.
 * - When the folder loads, every image reference is resolved as the model room would: each
 *   episode's `portrait:` (at its value) and each `![alt](ref)` of the bodies (found with a simple
 *   regex, at the `!`, backslash escapes undone), with one ImageResolver per case.
 * - expected.txt has one line per diagnostic, in order: `formatDiagnostic(d)` then ` [code]`;
 *   then a last line `# loaded: <file> (<episode>), …; preface: <file>` or `# not loaded`.
 *
 * `UPDATE=1 npx vitest run test/load` rewrites the expected.txt files.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BookletError, DiagnosticBag, UsageError, formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { ImageResolver } from '../../src/load/images.js';
import { loadSource } from '../../src/load/source.js';
import type { SourceSet } from '../../src/load/types.js';
import { isInside } from '../../src/load/util.js';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/load');
const UPDATE = process.env.UPDATE === '1';
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

async function load(dir: string, cwd: string, drafts = false): Promise<{ src?: SourceSet; diagnostics: Diagnostic[] }> {
  try {
    const src = await loadSource(dir, { cwd, drafts });
    return { src, diagnostics: src.diagnostics };
  } catch (e) {
    if (e instanceof BookletError) return { diagnostics: e.diagnostics };
    throw e;
  }
}

/** Resolves the images of a loaded source the way the model room does. */
async function resolveImages(src: SourceSet, cwd: string): Promise<Diagnostic[]> {
  const bag = new DiagnosticBag();
  const resolver = new ImageResolver(src.dir, cwd);
  for (const doc of [...(src.preface ? [src.preface] : []), ...src.episodes]) {
    const portrait = (doc.data as { portrait?: string }).portrait;
    if (portrait !== undefined) {
      const k = doc.keys.portrait!;
      await resolver.resolve(portrait, { file: doc.file, line: k.line, column: k.column }, bag);
    }
    const lines = doc.body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      for (const m of lines[i]!.matchAll(/!\[[^\]]*\]\((\S+?)(?:\s+"[^"]*")?\)/g)) {
        // Markdown backslash escapes are undone, as remark does.
        const ref = m[1]!.replace(/\\([!-/:-@[-`{-~])/g, '$1');
        await resolver.resolve(ref, { file: doc.file, line: doc.bodyLine + i, column: m.index + 1 }, bag);
      }
    }
  }
  return bag.items;
}

function render(diagnostics: Diagnostic[], src: SourceSet | undefined): string {
  const lines = diagnostics.map((d) => `${formatDiagnostic(d)} [${d.code}]`);
  if (src) {
    const eps = src.episodes.map((e) => `${path.basename(e.file)} (${e.data.episode})`).join(', ');
    lines.push(`# loaded: ${eps}; preface: ${src.preface ? path.basename(src.preface.file) : 'none'}`);
  } else {
    lines.push('# not loaded');
  }
  return lines.join('\n') + '\n';
}

describe('load fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const { src, diagnostics } = await load(name, ROOT);
    const all = src ? [...diagnostics, ...(await resolveImages(src, ROOT))] : diagnostics;
    const actual = render(all, src);
    const file = path.join(ROOT, name, 'expected.txt');
    if (UPDATE) await fs.writeFile(file, actual);
    const expected = await fs.readFile(file, 'utf8').catch(() => '(expected.txt missing: run with UPDATE=1)\n');
    expect(actual).toBe(expected);

    // Messages are for people who do not program.
    for (const d of all) {
      expect(d.message, formatDiagnostic(d)).toContain(' — ');
      expect(d.message).not.toMatch(/\bundefined\b|\bNaN\b|TypeError|\[object |Error:|\bnull\b/);
    }
  });
});

describe('loadSource', () => {
  it('reads a correct folder completely', async () => {
    const src = await loadSource(path.join(ROOT, 'valid'), { cwd: ROOT, drafts: false });
    expect(src.dir).toBe(path.join(ROOT, 'valid'));
    expect(src.displayDir).toBe('valid');
    expect(src.configFile).toBe('valid/booklet.yaml');
    expect(src.config).toEqual({
      title: 'Medinsoft a 20 ans',
      subtitle: 'Des entretiens',
      publisher: 'Medinsoft',
      year: 2026,
      language: 'fr-FR',
      isbn: '978-2-9512345-0-5',
      template: 'anniversaire',
      preface: '_preface.md',
      cover_image: 'portrait.jpg',
      output: 'medinsoft-20-ans',
    });
    // Value positions (line 1 is a comment).
    expect(src.configKeys.title).toEqual({ line: 2, column: 8 });
    expect(src.configKeys.output).toEqual({ line: 11, column: 9 });

    expect(src.episodes.map((e) => e.file)).toEqual(['valid/01-alice.md', 'valid/02-bob.md']);
    const bob = src.episodes[1]!;
    expect(bob.data).toEqual({
      episode: 2,
      title: '3 questions à Bob Martin',
      interviewee: 'Bob Martin',
      headline: 'Grandir : ensemble',
      role: 'Président',
      date: '2024-03-05',
      portrait: 'portrait.jpg',
      portrait_alt: 'Bob Martin souriant',
      portrait_credit: 'Photo X',
    });
    expect(bob.keys.episode).toEqual({ line: 2, column: 10 });
    expect(bob.keys.headline).toEqual({ line: 9, column: 11 });
    expect(bob.absPath).toBe(path.join(ROOT, 'valid/02-bob.md'));
    // The body starts on the line after the closing `---` (line 11).
    expect(bob.bodyLine).toBe(12);
    expect(bob.body.split('\n')[0]).toBe('');
    expect(bob.body.split('\n')[1]).toBe('Intro.');
    expect(src.episodes[0]!.data.draft).toBe(false);

    expect(src.preface).toMatchObject({ file: 'valid/_preface.md', data: { title: 'Préface' }, bodyLine: 4 });
    expect(src.preface!.body).toBe('\nQuelques mots.\n');
    expect(src.diagnostics).toEqual([]);
  });

  it('accepts a relative folder and an absolute one alike', async () => {
    const a = await loadSource('valid', { cwd: ROOT, drafts: false });
    const b = await loadSource(path.join(ROOT, 'valid'), { cwd: ROOT, drafts: false });
    expect(a).toEqual(b);
    const c = await loadSource('load/valid', { cwd: path.dirname(ROOT), drafts: false });
    expect(c.episodes[0]!.file).toBe('load/valid/01-alice.md');
  });

  it('includes drafts with `drafts: true`, and then checks them', async () => {
    const { src, diagnostics } = await load('draft-skipped', ROOT, true);
    expect(src).toBeUndefined();
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'draft-skipped/02-draft.md:1 frontmatter-missing-field',
      'draft-skipped/02-draft.md:5 frontmatter-unknown-key',
    ]);
  });

  it('includes a complete draft with `drafts: true`', async () => {
    const src = await loadSource('all-drafts', { cwd: ROOT, drafts: true });
    expect(src.episodes.map((e) => e.data.draft)).toEqual([true]);
  });

  it('throws a usage error (not a content error) for a missing folder or a file', async () => {
    await expect(loadSource('no-such-folder', { cwd: ROOT, drafts: false })).rejects.toThrow(UsageError);
    await expect(loadSource('no-such-folder', { cwd: ROOT, drafts: false })).rejects.toThrow(/source folder no-such-folder not found/);
    await expect(loadSource('valid/booklet.yaml', { cwd: ROOT, drafts: false })).rejects.toThrow(/is a file, not a folder/);
  });

  it('loads BOM + CRLF / CR files exactly like their LF versions', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'booklet-load-'));
    try {
      const lfDir = path.join(tmp, 'bom-and-crlf');
      await fs.mkdir(lfDir);
      for (const n of await fs.readdir(path.join(ROOT, 'bom-and-crlf'))) {
        if (n === 'expected.txt') continue;
        const bytes = await fs.readFile(path.join(ROOT, 'bom-and-crlf', n));
        const isText = /\.(md|yaml)$/.test(n);
        if (isText) expect(bytes.includes(0x0d), `${n} has CR bytes`).toBe(true);
        const out = isText ? Buffer.from(bytes.toString('utf8').replace(/^\ufeff/, '').replace(/\r\n?/g, '\n')) : bytes;
        await fs.writeFile(path.join(lfDir, n), out);
      }
      const crlf = await loadSource('bom-and-crlf', { cwd: ROOT, drafts: false });
      const lf = await loadSource('bom-and-crlf', { cwd: tmp, drafts: false });
      const strip = (s: SourceSet) => ({
        ...s,
        dir: '',
        episodes: s.episodes.map((e) => ({ ...e, absPath: '' })),
      });
      expect(strip(crlf)).toEqual(strip(lf));
      expect(crlf.episodes.length).toBe(2);
      expect(crlf.diagnostics.length).toBeGreaterThan(0);

      const imgs = async (src: SourceSet, cwd: string) => resolveImages(src, cwd);
      expect(await imgs(crlf, ROOT)).toEqual(await imgs(lf, tmp));
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('isInside', () => {
  const dir = path.resolve('/src/book');
  it('is true for the folder itself and what is in it, names starting with two dots included', () => {
    for (const p of ['.', 'a.md', 'images/x.jpg', '..photo.jpg', '..notes.md', '...', '..a/b.jpg', 'a/../b.md']) {
      expect(isInside(dir, path.resolve(dir, p)), p).toBe(true);
    }
  });
  it('is false for its parent and what lies outside it', () => {
    for (const p of ['..', '../x.md', '../book2/a.md', '../../etc/passwd', 'a/../../x.md', '/etc/hosts']) {
      expect(isInside(dir, path.resolve(dir, p)), p).toBe(false);
    }
  });
});

describe('entries that are not regular files', () => {
  const EP = (n: number) => `---\nepisode: ${n}\ntitle: 3 questions à Alice Durand\ninterviewee: Alice Durand\n---\n\nUne réponse.\n`;
  async function folder(): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'booklet-entries-'));
    await fs.writeFile(path.join(dir, 'booklet.yaml'), 'title: Un livret\n');
    await fs.writeFile(path.join(dir, '01-ok.md'), EP(1));
    return dir;
  }
  /** Loads `dir`, failing instead of waiting forever (a named pipe opened for reading never ends). */
  function loadSoon(dir: string): Promise<{ src?: SourceSet; diagnostics: Diagnostic[] }> {
    return Promise.race([
      load(dir, path.dirname(dir)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('loadSource hung')), 5000).unref()),
    ]);
  }
  const lines = (ds: Diagnostic[]) => ds.map((d) => `${path.basename(d.file)} ${d.severity} ${d.code}: ${d.message}`);

  it('a booklet.yaml that is a named pipe or a folder is refused without being opened', async () => {
    const dir = await folder();
    try {
      await fs.rm(path.join(dir, 'booklet.yaml'));
      execFileSync('mkfifo', [path.join(dir, 'booklet.yaml')]);
      const fifo = await loadSoon(dir);
      expect(fifo.src).toBeUndefined();
      expect(lines(fifo.diagnostics)).toEqual([
        expect.stringMatching(/^booklet\.yaml error config-not-a-file: .*booklet\.yaml is not a regular file \(a named pipe\) — replace it with a text file/),
      ]);
      await fs.rm(path.join(dir, 'booklet.yaml'));
      await fs.mkdir(path.join(dir, 'booklet.yaml'));
      expect(lines((await loadSoon(dir)).diagnostics)).toEqual([expect.stringMatching(/config-not-a-file: .*booklet\.yaml is a folder, not a file — /)]);
      await fs.rmdir(path.join(dir, 'booklet.yaml'));
      await fs.symlink('gone.yaml', path.join(dir, 'booklet.yaml'));
      expect(lines((await loadSoon(dir)).diagnostics)).toEqual([expect.stringMatching(/config-not-a-file: .*booklet\.yaml is a symbolic link to a file that does not exist — /)]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it('an episode that is a dead link, a link loop, a folder or a named pipe is left out with a warning', async () => {
    const dir = await folder();
    try {
      await fs.symlink('nowhere.md', path.join(dir, '04-a.md'));
      await fs.symlink('05-b.md', path.join(dir, '05-b.md'));
      await fs.mkdir(path.join(dir, '07-d.md'));
      execFileSync('mkfifo', [path.join(dir, '08-f.md')]);
      await fs.symlink('07-d.md', path.join(dir, '09-g.md'));
      const { src, diagnostics } = await loadSoon(dir);
      expect(src?.episodes.map((e) => path.basename(e.file))).toEqual(['01-ok.md']);
      expect(lines(diagnostics)).toEqual([
        "04-a.md warning episode-not-a-file: this is a symbolic link to a file that does not exist, so it is left out of the booklet — point the link at the episode's Markdown file, or delete it",
        "05-b.md warning episode-not-a-file: this is a symbolic link that leads back to itself (a loop), so it is left out of the booklet — point the link at the episode's Markdown file, or delete it",
        expect.stringMatching(/^07-d\.md warning episode-not-a-file: this is a folder, not a Markdown file, so it is left out of the booklet — rename it so that its name does not end in \.md/),
        "08-f.md warning episode-not-a-file: this is not a regular file (a named pipe), so it is left out of the booklet — put the episode's Markdown file in its place, or delete it",
        expect.stringMatching(/^09-g\.md warning episode-not-a-file: this is a symbolic link to a folder, not a Markdown file, /),
      ]);

      // Alone, they are no episode at all.
      await fs.rm(path.join(dir, '01-ok.md'));
      const none = await loadSoon(dir);
      expect(none.src).toBeUndefined();
      expect(none.diagnostics.map((d) => d.code)).toContain('no-episodes');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a preface or a cover image that is a named pipe or a folder is refused at its key, never opened', async () => {
    const dir = await folder();
    try {
      await fs.writeFile(path.join(dir, 'booklet.yaml'), 'title: Un livret\npreface: _preface.md\ncover_image: cover.jpg\n');
      execFileSync('mkfifo', [path.join(dir, '_preface.md')]);
      execFileSync('mkfifo', [path.join(dir, 'cover.jpg')]);
      const fifo = await loadSoon(dir);
      expect(fifo.src).toBeUndefined();
      expect(fifo.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`)).toEqual([
        '2:10 config-file-not-a-file: `preface` names _preface.md, but it is not a regular file (a named pipe) — put a Markdown file by that name in its place, or remove the `preface` line',
        '3:14 image-not-a-file: `cover.jpg` is not a regular file (a named pipe) — put the cover image (JPEG or PNG) in its place, or remove the `cover_image` line',
      ]);
      await fs.rm(path.join(dir, '_preface.md'));
      await fs.mkdir(path.join(dir, '_preface.md'));
      expect((await loadSoon(dir)).diagnostics[0]!.message).toMatch(/^`preface` names _preface\.md, but it is a folder — /);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
