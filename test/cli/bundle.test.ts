/**
 * `booklet` runs bin/booklet.js → lib/cli/launch.js → lib/booklet.cjs: the compiled CLI bundled into
 * one script by scripts/bundle-cli.js (`npm run build`, `prepare`), compiled with V8's code cache
 * (test/cli/launch.test.ts). It must load no other module of ours and no package but those left
 * outside the bundle, write the same files as the source does, and be bundled deterministically;
 * `--version` loads no bundle at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { run } from '../helpers/tools.js';

const OUT = path.join(ROOT, 'test', '.out', 'bundle');
const BIN = path.join(ROOT, 'bin', 'booklet.js');
const EPOCH = '1790000000';

/** Package name of a node_modules URL (`@scope/name` or `name`). */
function packageOf(url: string): string {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return m ? m[1]! : '';
}

describe('the bundled CLI', () => {
  /** The files that `booklet <args>` loads as modules (ours, relative to ROOT) and the packages. */
  function modulesLoaded(name: string, args: string[]): { ours: string[]; packages: string[]; stdout: string } {
    fs.mkdirSync(OUT, { recursive: true });
    const log = path.join(OUT, `${name}-modules.txt`);
    fs.rmSync(log, { force: true });
    const hook = pathToFileURL(path.join(ROOT, 'test', 'helpers', 'module-log.mjs')).href;
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hook)})`;
    const r = run('env', [`MODULE_LOG=${log}`, `SOURCE_DATE_EPOCH=${EPOCH}`, process.execPath, '--import', register, BIN, ...args]);
    expect(r.code).toBe(0);
    const urls = fs.readFileSync(log, 'utf8').trim().split('\n').filter((u) => u.startsWith('file:'));
    const ours = urls.filter((u) => !u.includes('/node_modules/')).map((u) => path.relative(ROOT, new URL(u).pathname));
    return { ours, packages: [...new Set(urls.map(packageOf).filter(Boolean))].sort(), stdout: r.stdout };
  }

  it('loads the launcher and no other module of ours, and no package (hyphenation patterns read from lib/hyphen; a booklet without images: no sharp)', () => {
    fs.rmSync(path.join(OUT, 'bin'), { recursive: true, force: true });
    const m = modulesLoaded('build', ['build', 'episodes', '--out', path.join(OUT, 'bin'), '--quiet']);
    expect(m.ours).toEqual(['bin/booklet.js', 'lib/cli/launch.js']);
    expect(m.packages).toEqual([]);
  }, 120_000);

  it('prints its version without loading the bundle', () => {
    const m = modulesLoaded('version', ['--version']);
    expect(m.ours).toEqual(['bin/booklet.js', 'lib/version.js']);
    expect(m.packages).toEqual([]);
    expect(m.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  }, 60_000);

  it('writes the same PDF, EPUB and report as the source run in-process', async () => {
    const r = await runCli(['build', 'episodes', '--out', path.join(OUT, 'src'), '--quiet'], ROOT, { SOURCE_DATE_EPOCH: EPOCH });
    expect(r.code).toBe(0);
    const files = fs.readdirSync(path.join(OUT, 'src')).sort();
    expect(files).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);
    expect(fs.readdirSync(path.join(OUT, 'bin')).sort()).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(OUT, 'bin', f)).equals(fs.readFileSync(path.join(OUT, 'src', f))), f).toBe(true);
  }, 120_000);

  it('is bundled deterministically', () => {
    const a = path.join(OUT, 'a', 'booklet.cjs');
    const b = path.join(OUT, 'b', 'booklet.cjs');
    run(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.js'), a]);
    run(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.js'), b]);
    expect(fs.statSync(a).size).toBeGreaterThan(1_000_000);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  }, 120_000);
});
