/**
 * bin/booklet.js compiles the bundle with V8's code cache lib/booklet.cache (src/cli/launch.ts), made
 * by `npm run build` / `npm ci`. This Node must use it; a cache that is missing, made for another
 * bundle, damaged or refused by V8 must leave the bundle compiled from source, building the same files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { run } from '../helpers/tools.js';

const LAUNCH = pathToFileURL(path.join(ROOT, 'lib', 'cli', 'launch.js')).href;
const CACHE = path.join(ROOT, 'lib', 'booklet.cache');
const EPOCH = '1790000000';
let tmp = '';

/**
 * In a new Node, as bin/booklet.js does: sets the V8 flags (unless `flags` is false), loads the bundle
 * with the cache `cache`, prints how the cache was used, then runs `args` (if any) through the CLI.
 */
function launch(cache: string | null, args: string[] = [], flags = true): { use: string; code: number; stderr: string } {
  const script = [
    `const m = await import(${JSON.stringify(LAUNCH)});`,
    flags ? 'm.setVmFlags();' : '',
    `const l = m.loadBundle(m.BUNDLE, ${JSON.stringify(cache)});`,
    'console.log(l.cache);',
    `if (${args.length}) process.exitCode = await l.main(['node', 'booklet', ...${JSON.stringify(args)}]);`,
  ].join('\n');
  const r = run('env', [`SOURCE_DATE_EPOCH=${EPOCH}`, process.execPath, '--input-type=module', '-e', script], { allowFail: true });
  return { use: r.stdout.trim().split('\n')[0]!, code: r.code, stderr: r.stderr };
}

/** A copy of the real cache, changed by `edit`. */
function variant(name: string, edit: (b: Buffer) => Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, edit(Buffer.from(fs.readFileSync(CACHE))));
  return file;
}

/** Where the header ends: three lines (magic, key, hash of the data). */
function headerEnd(b: Buffer): number {
  let at = -1;
  for (let i = 0; i < 3; i++) at = b.indexOf(0x0a, at + 1);
  return at + 1;
}

describe('the code cache of the bundle', () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-launch-'));
  });

  it('is made by the build and used by this Node', () => {
    expect(fs.statSync(CACHE).size).toBeGreaterThan(100_000);
    expect(launch(CACHE).use).toBe('used');
  }, 60_000);

  it('is compiled from source when there is none', () => {
    expect(launch(path.join(tmp, 'none.cache')).use).toBe('none');
  }, 60_000);

  it('is left aside when made for another bundle or another Node (its key differs)', () => {
    const stale = variant('stale.cache', (b) => {
      const at = b.indexOf(0x0a) + 1;
      b[at] = b[at] === 0x30 ? 0x31 : 0x30; // first hex digit of the key
      return b;
    });
    expect(launch(stale).use).toBe('stale');
  }, 60_000);

  it('is left aside when damaged, truncated or not a cache at all', () => {
    const flipped = variant('flipped.cache', (b) => {
      b[headerEnd(b) + 5000] ^= 0x55;
      return b;
    });
    expect(launch(flipped).use).toBe('damaged');
    expect(launch(variant('truncated.cache', (b) => b.subarray(0, b.length - 1000))).use).toBe('damaged');
    expect(launch(variant('header.cache', (b) => b.subarray(0, headerEnd(b)))).use).toBe('damaged');
    expect(launch(variant('text.cache', () => Buffer.from('not a cache\n'))).use).toBe('damaged');
  }, 120_000);

  it('is refused by V8 under other flags, and the bundle then compiles from source', () => {
    expect(launch(CACHE, [], false).use).toBe('rejected');
  }, 60_000);

  it('changes nothing in what a build writes, used or damaged', () => {
    const damaged = variant('damaged.cache', (b) => {
      b[headerEnd(b) + 100] ^= 0xff;
      return b;
    });
    const outs: string[] = [];
    for (const [cache, use] of [[CACHE, 'used'], [damaged, 'damaged']] as const) {
      const out = path.join(tmp, `out-${use}`);
      const r = launch(cache, ['build', path.join(ROOT, 'episodes'), '--out', out, '--quiet']);
      expect(r.use).toBe(use);
      expect(r.code, r.stderr).toBe(0);
      outs.push(out);
    }
    const files = fs.readdirSync(outs[0]!).sort();
    expect(files).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);
    for (const f of files) expect(fs.readFileSync(path.join(outs[1]!, f)).equals(fs.readFileSync(path.join(outs[0]!, f))), f).toBe(true);
  }, 180_000);
});
