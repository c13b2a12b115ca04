/**
 * Makes lib/booklet.cache, V8's code cache of the bundled CLI (src/cli/launch.ts), after the bundle
 * (scripts/bundle-cli.js): loads the bundle as bin/booklet.js does, lets it create and build a small
 * source folder (`booklet init`, then `booklet build` into a temporary folder, without the shaping
 * cache), then saves the code V8 compiled for it, so that a run finds compiled what a build calls.
 * Run by `npm run build` and `prepare`; a Node other than the one that ran it compiles from source.
 * The cache only saves time: if the example cannot be built here, this says so and leaves no cache
 * (`booklet` then compiles its code at each start), without failing the install.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_CACHE, loadBundle, setVmFlags, writeCodeCache } from '../lib/cli/launch.js';

const out = process.argv[2] ? path.resolve(process.argv[2]) : CODE_CACHE;
fs.rmSync(out, { force: true });
setVmFlags();
const loaded = loadBundle(undefined, null);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-code-cache-'));
try {
  let log = '';
  const io = { cwd: tmp, env: { ...process.env, BOOKLET_CACHE: 'off' }, stdout: (s) => (log += s), stderr: (s) => (log += s), isTTY: false };
  let failed = '';
  for (const argv of [['init', 'source'], ['build', 'source', '--out', 'out', '--quiet']]) {
    const code = await loaded.main(['node', 'booklet', ...argv], io);
    if (code !== 0) {
      failed = `\`booklet ${argv.join(' ')}\` exited with ${code}:\n${log}`;
      break;
    }
  }
  if (failed) console.warn(`code-cache: no code cache made — the example did not build, so booklet will compile its code at each start. ${failed}`);
  else writeCodeCache(loaded, out);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
