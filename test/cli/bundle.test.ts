/**
 * `booklet` runs bin/booklet.js → lib/booklet.js: the compiled CLI bundled into one module by
 * scripts/bundle-cli.js (`npm run build`, `prepare`). It must load that one file of ours and no
 * package but those left outside the bundle, write the same files as the source does, and be
 * bundled deterministically.
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
  it('loads lib/booklet.js and no other file of ours, and only sharp and the hyphenation patterns from node_modules', () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const log = path.join(OUT, 'modules.txt');
    const hook = pathToFileURL(path.join(ROOT, 'test', 'helpers', 'module-log.mjs')).href;
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hook)})`;
    const r = run('env', [`MODULE_LOG=${log}`, `SOURCE_DATE_EPOCH=${EPOCH}`, process.execPath, '--import', register, BIN, 'build', 'episodes', '--out', path.join(OUT, 'bin'), '--quiet']);
    expect(r.code).toBe(0);
    const urls = fs.readFileSync(log, 'utf8').trim().split('\n').filter((u) => u.startsWith('file:'));
    const ours = urls.filter((u) => !u.includes('/node_modules/')).map((u) => path.relative(ROOT, new URL(u).pathname));
    expect(ours).toEqual(['bin/booklet.js', 'lib/booklet.js']);
    expect([...new Set(urls.map(packageOf).filter(Boolean))].sort()).toEqual(['hyphen', 'sharp']);
  }, 120_000);

  it('writes the same PDF, EPUB and report as the source run in-process', async () => {
    const r = await runCli(['build', 'episodes', '--out', path.join(OUT, 'src'), '--quiet'], ROOT, { SOURCE_DATE_EPOCH: EPOCH });
    expect(r.code).toBe(0);
    const files = fs.readdirSync(path.join(OUT, 'src')).sort();
    expect(files).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);
    expect(fs.readdirSync(path.join(OUT, 'bin')).sort()).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(OUT, 'bin', f)).equals(fs.readFileSync(path.join(OUT, 'src', f))), f).toBe(true);
  }, 120_000);

  it('is bundled deterministically', () => {
    const a = path.join(OUT, 'a', 'booklet.js');
    const b = path.join(OUT, 'b', 'booklet.js');
    run(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.js'), a]);
    run(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.js'), b]);
    expect(fs.statSync(a).size).toBeGreaterThan(1_000_000);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  }, 120_000);
});
