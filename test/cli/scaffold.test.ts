/**
 * `booklet init` and `booklet new`: a new folder builds at once with no warning; nothing is
 * ever overwritten; the next free number; unsafe slugs refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';
import { nameFromSlug, nextEpisodeNumber, slugProblem } from '../../src/cli/scaffold.js';


const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-scaffold-'));

describe('booklet init', () => {
  for (const lang of ['fr', 'en']) {
    it(`creates a folder that builds at once, with no warning (--language ${lang})`, async () => {
      const cwd = tmp();
      const r = await cli(['init', 'livret', '--language', lang], cwd);
      expect(r.code, r.stderr).toBe(0);
      expect(fs.readdirSync(path.join(cwd, 'livret')).sort()).toEqual(['01-prenom-nom.md', '_preface.md', 'booklet.yaml']);
      const yaml = fs.readFileSync(path.join(cwd, 'livret', 'booklet.yaml'), 'utf8');
      expect(yaml).toMatch(/^preface: _preface\.md$/m);
      expect(yaml).toMatch(new RegExp(`^language: ${lang}$`, 'm'));
      // Every key of the reference is explained (optional ones commented out).
      for (const k of ['title', 'subtitle', 'publisher', 'edition', 'colophon', 'year', 'language', 'isbn', 'identifier', 'template', 'preface', 'cover_image', 'output']) {
        expect(yaml).toMatch(new RegExp(`^(# )?${k}: `, 'm'));
      }
      const ep = fs.readFileSync(path.join(cwd, 'livret', '01-prenom-nom.md'), 'utf8');
      for (const k of ['episode', 'title', 'interviewee', 'headline', 'role', 'lede', 'date', 'portrait', 'portrait_alt', 'portrait_credit', 'draft']) {
        expect(ep).toMatch(new RegExp(`^(# )?${k}: `, 'm'));
      }

      const b = await cli(['build', 'livret', '--out', 'dist', '--json'], cwd);
      expect(b.code, b.stderr).toBe(0);
      const doc = JSON.parse(b.stdout);
      expect(doc.diagnostics).toEqual([]);
      expect(doc.summary.episodes).toBe(1);
      expect(fs.readdirSync(path.join(cwd, 'dist')).filter((f) => f.endsWith('.pdf') || f.endsWith('.epub'))).toHaveLength(2);
    }, 60_000);
  }

  for (const lang of ['fr', 'en']) {
    it(`suggests a next command that works as printed (--language ${lang})`, async () => {
      const cwd = tmp();
      const r = await cli(['init', 'mon-livret', '--language', lang], cwd);
      const next = /add an episode with `booklet (new [^`]+)`/.exec(r.stderr);
      expect(next, r.stderr).not.toBeNull();
      expect(next![1]).toMatch(/ --source mon-livret$/);
      // The example episode's own suggestion names a slug it does not use either.
      const example = fs.readFileSync(path.join(cwd, 'mon-livret', '01-prenom-nom.md'), 'utf8');
      const said = /`booklet new ([a-z-]+)`/.exec(example);
      expect(said?.[1]).not.toBe('prenom-nom');
      expect(fs.readdirSync(path.join(cwd, 'mon-livret')).some((f) => f.endsWith(`-${said![1]}.md`))).toBe(false);
      const n = await cli(next![1].split(' '), cwd);
      expect(n.code, n.stderr).toBe(0);
      expect(n.stdout.trim()).toMatch(/^mon-livret\/02-[a-z-]+\.md$/);
    }, 30_000);
  }

  it('refuses a folder that is not empty, and a file, with exit 2 and nothing changed', async () => {
    const cwd = tmp();
    fs.mkdirSync(path.join(cwd, 'full'));
    fs.writeFileSync(path.join(cwd, 'full', 'notes.txt'), 'mine');
    const r = await cli(['init', 'full'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/full already exists and is not empty.*never overwrites/);
    expect(fs.readdirSync(path.join(cwd, 'full'))).toEqual(['notes.txt']);

    fs.writeFileSync(path.join(cwd, 'afile'), 'x');
    expect((await cli(['init', 'afile'], cwd)).code).toBe(2);
    const under = await cli(['init', 'afile/new'], cwd);
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/afile\/new cannot be made: part of its path is a file, not a folder/);

    fs.mkdirSync(path.join(cwd, 'empty'));
    expect((await cli(['init', 'empty'], cwd)).code).toBe(0);
    expect((await cli(['init', 'empty'], cwd)).code).toBe(2); // a second time: not empty any more
  });

  it('refuses an unknown language', async () => {
    const r = await cli(['init', 'x', '--language', 'de'], tmp());
    expect(r.code).toBe(2);
  });
});

describe('booklet new', () => {
  it('adds NN-<slug>.md with the next free number, and it builds with no warning', async () => {
    const cwd = tmp();
    expect((await cli(['init', 'episodes'], cwd)).code).toBe(0);
    const r = await cli(['new', 'marie-durand'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('episodes/02-marie-durand.md');
    const text = fs.readFileSync(path.join(cwd, 'episodes', '02-marie-durand.md'), 'utf8');
    expect(text).toMatch(/^episode: 2$/m);
    expect(text).toMatch(/^title: 3 questions à Marie Durand$/m);
    expect(text).toMatch(/^interviewee: Marie Durand$/m);

    const again = await cli(['new', 'jean-dupont', '--source', 'episodes'], cwd);
    expect(again.stdout.trim()).toBe('episodes/03-jean-dupont.md');

    const b = await cli(['build', 'episodes', '--json'], cwd);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).diagnostics).toEqual([]);
    expect(JSON.parse(b.stdout).summary.episodes).toBe(3);
  }, 60_000);

  it('follows the width of the existing numbers and the largest `episode:`', () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, '0007-a.md'), '---\nepisode: 7\n---\n');
    fs.writeFileSync(path.join(d, '0008-b.md'), '---\nepisode: 12 # renumbered\n---\n');
    fs.writeFileSync(path.join(d, '_preface.md'), '---\nepisode: 99\n---\n');
    fs.writeFileSync(path.join(d, 'README.md'), '# 100 ideas');
    expect(nextEpisodeNumber(d)).toEqual({ number: 13, width: 4 });
    // quoted digits, which the build reads as the number too
    fs.writeFileSync(path.join(d, 'c.md'), '---\nepisode: "14"\n---\n');
    expect(nextEpisodeNumber(d)).toEqual({ number: 15, width: 4 });
    fs.writeFileSync(path.join(d, 'd.md'), "---\nepisode: '15' # moved\n---\n");
    expect(nextEpisodeNumber(d)).toEqual({ number: 16, width: 4 });
    expect(nextEpisodeNumber(tmp())).toEqual({ number: 1, width: 2 });
  });

  it('in an English folder, writes the English skeleton', async () => {
    const cwd = tmp();
    await cli(['init', 'b', '--language', 'en'], cwd);
    const r = await cli(['new', 'mary-smith', '--source', 'b'], cwd);
    expect(fs.readFileSync(path.join(cwd, r.stdout.trim()), 'utf8')).toMatch(/^title: 3 questions for Mary Smith$/m);
  });

  it('refuses unsafe slugs, a slug already used and a missing folder (exit 2), writing nothing', async () => {
    const cwd = tmp();
    await cli(['init', 'episodes'], cwd);
    const before = fs.readdirSync(path.join(cwd, 'episodes')).sort();
    for (const bad of ['../x', 'Marie-Durand', 'hélène', 'a b', 'a--b', '-a', '03-marie', 'x/y', '.hidden', 'x'.repeat(61)]) {
      const r = await cli(['new', bad], cwd);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/error: /);
    }
    expect(slugProblem('Hélène Dupont')).toMatch(/booklet new helene-dupont/);
    expect((await cli(['new', 'prenom-nom'], cwd)).stderr).toMatch(/01-prenom-nom\.md already exists/);
    expect(fs.readdirSync(path.join(cwd, 'episodes')).sort()).toEqual(before);
    const m = await cli(['new', 'marie', '--source', 'nowhere'], cwd);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/booklet init nowhere/);
    // Suggestions keep the folder given with --source.
    await cli(['init', 'livret'], cwd);
    expect((await cli(['new', 'prenom-nom', '--source', 'livret'], cwd)).stderr).toMatch(/`booklet new prenom-nom-2 --source livret`/);
    expect((await cli(['new', 'Hélène Dupont', '--source', 'livret'], cwd)).stderr).toMatch(/`booklet new helene-dupont --source livret`/);
    expect((await cli(['new', 'Hélène Dupont'], cwd)).stderr).toMatch(/`booklet new helene-dupont`/);
  });

  it('refuses a number past 99999, and never opens what is not a file (a named pipe would hang it)', async () => {
    const cwd = tmp();
    await cli(['init', 'episodes'], cwd);
    const dir = path.join(cwd, 'episodes');
    spawnSync('mkfifo', [path.join(dir, '05-tube.md')]);
    spawnSync('mkfifo', [path.join(dir, 'booklet.yaml.fifo')]);
    const ok = await cli(['new', 'marie-durand'], cwd);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe('episodes/06-marie-durand.md');
    fs.writeFileSync(path.join(dir, '99999-last.md'), '---\nepisode: 99999\ntitle: T\ninterviewee: X\n---\n');
    const r = await cli(['new', 'one-more'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already has episode 99999, the largest number/);
    expect(fs.readdirSync(dir).some((f) => f.includes('one-more'))).toBe(false);
  });

  it('derives the name from the slug', () => {
    expect(nameFromSlug('marie-durand')).toBe('Marie Durand');
    expect(nameFromSlug('jean-pierre-le-goff')).toBe('Jean Pierre Le Goff');
    expect(slugProblem('marie-durand')).toBeUndefined();
  });
});
