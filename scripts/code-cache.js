/**
 * Makes lib/booklet.cache, V8's code cache of the bundled CLI (src/cli/launch.ts), after the bundle
 * (scripts/bundle-cli.js): loads the bundle as bin/booklet.js does, lets it create and build a small
 * source folder (`booklet init`, then `booklet build` into a temporary folder, without the shaping
 * cache), then saves the code V8 compiled for it, so that a run finds compiled what a build calls.
 * Run by `npm run build` and `prepare`; a Node other than the one that ran it compiles from source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_CACHE, loadBundle, setVmFlags, writeCodeCache } from '../lib/cli/launch.js';

const out = process.argv[2] ? path.resolve(process.argv[2]) : CODE_CACHE;
setVmFlags();
const loaded = loadBundle(undefined, null);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-code-cache-'));
try {
  let log = '';
  const io = { cwd: tmp, env: { ...process.env, BOOKLET_CACHE: 'off' }, stdout: (s) => (log += s), stderr: (s) => (log += s), isTTY: false };
  for (const argv of [['init', 'source'], ['build', 'source', '--out', 'out', '--quiet']]) {
    const code = await loaded.main(['node', 'booklet', ...argv], io);
    if (code !== 0) throw new Error(`code-cache: \`booklet ${argv.join(' ')}\` exited with ${code}:\n${log}`);
  }
  writeCodeCache(loaded, out);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
