/**
 * A `templates` entry that is not a folder or cannot be listed, and a source folder that cannot be
 * listed: an error naming the path and what to do (exit 1 for `templates`, exit 2 for the source
 * folder, as a missing one), never an internal error (exit 70). Root can list every folder, so the
 * refusals of the file system are simulated.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';

const denied = (syscall: string, p: string) => Object.assign(new Error(`EACCES: permission denied, ${syscall} '${p}'`), { code: 'EACCES', syscall, path: p });

afterEach(() => vi.restoreAllMocks());

/** A new source folder made by `booklet init`, and the folder it is in (the cwd of the commands). */
async function source(): Promise<{ cwd: string; src: string }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-unlistable-'));
  expect((await cli(['init', 'src'], cwd)).code).toBe(0);
  return { cwd, src: path.join(cwd, 'src') };
}

const COMMANDS = [
  ['build', 'src', '--out', 'out'],
  ['check', 'src'],
  ['templates', 'src'],
];

describe('a templates entry in the source folder', () => {
  for (const [kind, make] of [
    ['a file', (p: string) => fs.writeFileSync(p, 'x\n')],
    ['a named pipe', (p: string) => execFileSync('mkfifo', [p])],
  ] as const) {
    it(`that is ${kind} is an error naming it (exit 1)`, async () => {
      const { cwd, src } = await source();
      make(path.join(src, 'templates'));
      for (const args of COMMANDS) {
        const r = await cli(args, cwd);
        expect(r.stderr, args[0]).toContain(`src/templates: error: templates is ${kind}, not a folder — your own templates go in src/templates/<name>/template.yaml: rename or remove it`);
        expect(r.code, args[0]).toBe(1);
      }
      expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
    });
  }

  it('that is a folder that cannot be listed is an error naming it (exit 1)', async () => {
    const { cwd, src } = await source();
    const templates = path.join(src, 'templates');
    fs.mkdirSync(templates);
    const real = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (path.resolve(String(p)) === templates) throw denied('scandir', templates);
      return real(p, o as undefined);
    }) as typeof fs.readdirSync);
    for (const args of COMMANDS) {
      const r = await cli(args, cwd);
      expect(r.stderr, args[0]).toContain('src/templates: error: this folder cannot be listed: permission denied — give yourself permission to read it (chmod u+rx src/templates), or remove it');
      expect(r.code, args[0]).toBe(1);
    }
  });
});

describe('a source folder that cannot be listed', () => {
  const message = 'the source folder src cannot be listed: permission denied — give yourself permission to read it (chmod u+rx src), or give another folder';

  it('is a usage error naming it for build and check (exit 2)', async () => {
    const { cwd, src } = await source();
    const real = fs.promises.readdir;
    vi.spyOn(fs.promises, 'readdir').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (path.resolve(String(p)) === src) return Promise.reject(denied('scandir', src));
      return real(p, o as undefined);
    }) as typeof fs.promises.readdir);
    for (const args of COMMANDS.slice(0, 2)) {
      const r = await cli(args, cwd);
      expect(r.stderr, args[0]).toBe(`booklet: error: ${message}\n`);
      expect(r.code, args[0]).toBe(2);
    }
  });

  it('is a usage error naming it for new (exit 2)', async () => {
    const { cwd, src } = await source();
    const real = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (path.resolve(String(p)) === src) throw denied('scandir', src);
      return real(p, o as undefined);
    }) as typeof fs.readdirSync);
    const r = await cli(['new', 'marie-durand', '--source', 'src'], cwd);
    expect(r.stderr).toBe(`booklet: error: ${message}\n`);
    expect(r.code).toBe(2);
  });

  it('is a usage error naming it for watch (exit 2)', async () => {
    const { cwd, src } = await source();
    const real = fs.watch;
    vi.spyOn(fs, 'watch').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      if (path.resolve(String(p)) === src) throw denied('watch', src);
      return (real as (...a: unknown[]) => fs.FSWatcher)(p, ...rest);
    }) as typeof fs.watch);
    const r = await cli(['watch', 'src', '--out', 'out'], cwd);
    expect(r.stderr).toContain(`booklet: error: ${message}\n`);
    expect(r.code).toBe(2);
  });
});
