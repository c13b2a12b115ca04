/**
 * Start-up of the bundled CLI (bin/booklet.js). lib/booklet.cjs holds the compiled CLI and the
 * packages it imports, minified (scripts/bundle-cli.js); V8 takes ~150 ms to compile it, and more to
 * compile each function on its first call. lib/booklet.cache holds V8's code for it, made after a
 * build by scripts/code-cache.js at `npm ci` / `npm run build`, so that a run deserialises the code
 * instead of compiling it.
 *
 * The cache is used only when its header names this very bundle (a hash of its bytes) and this Node
 * (version, architecture) and its data matches its own hash; V8 then checks its own version and
 * flags and may still reject it. In every other case (no cache, stale, damaged, rejected) the bundle
 * is compiled from source as without a cache: the cache changes how fast the code is ready, never
 * what it does.
 *
 * Not an ES module: Node 20 keeps no compiled code for those (no `module.enableCompileCache`), while
 * `vm.Script` takes and makes V8 code caches. The bundle is CommonJS run through Node's module
 * wrapper plus one parameter, `__bookletImport`, the dynamic `import()` a vm.Script cannot make itself
 * (sharp and hyphen's pattern files are imported on first use).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { main as Main } from './main.js';

const LIB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(LIB, 'booklet.cjs');
export const CODE_CACHE = path.join(LIB, 'booklet.cache');

/** First line of a cache file; bump when the header changes. */
const MAGIC = 'booklet code cache 1\n';
/** MAGIC, the key (bundle and Node, 64 hex digits), the hash of the data, each ending in \n. */
const HEADER_LENGTH = MAGIC.length + 65 + 65;

/** How the bundle was compiled: from the cache, or from source because the cache was … */
export type CacheUse = 'used' | 'none' | 'stale' | 'damaged' | 'rejected';

export interface Loaded {
  main: typeof Main;
  script: vm.Script;
  /** The bundle's bytes, for the key of a cache made from this script. */
  bytes: Buffer;
  cache: CacheUse;
}

/**
 * V8 settings of a CLI run. Set before compiling: V8 accepts a code cache only under the flags it was
 * made with, so the cache is made under the same ones (scripts/code-cache.js).
 *
 * After a full collection the heap may grow by 20 % of what is live before the next one, instead of
 * V8's own factor of up to 4: a build's pages are garbage once printed ("Pages are streamed" in the
 * README), and that headroom only doubled the peak memory (1,000 episodes: 673 → ~350 MB at 35 %,
 * ~320 MB at 20 %; no CPU difference this machine can show).
 *
 * A function is handed to the optimising compiler (TurboFan) after ~9× the bytecode V8 runs by
 * default (its interrupt budget: 600,000 instead of 67,584): a build calls thousands of functions
 * only for a while, and compiling them on the other core was a quarter of all the CPU a build used.
 * 200 episodes, alternate runs: 6.3 → 5.2 CPU s, the main thread's time unchanged (3.3 s).
 */
export function setVmFlags(): void {
  v8.setFlagsFromString('--heap-growing-percent=20');
  v8.setFlagsFromString('--interrupt-budget=600000');
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What a cache must name to be used with the bundle `bytes` in this Node. */
function cacheKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).update(`\0${MAGIC}${process.version}\0${process.arch}`).digest('hex');
}

/** The V8 data of the cache file `file` if it is for `bytes` in this Node and intact; else why not. */
export function readCodeCache(file: string, bytes: Uint8Array): Buffer | 'none' | 'stale' | 'damaged' {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch {
    return 'none';
  }
  if (raw.length <= HEADER_LENGTH || raw.toString('latin1', 0, MAGIC.length) !== MAGIC) return 'damaged';
  const [key, sum] = raw.toString('latin1', MAGIC.length, HEADER_LENGTH).split('\n');
  if (key !== cacheKey(bytes)) return 'stale';
  const data = raw.subarray(HEADER_LENGTH);
  return sum === sha256(data) ? data : 'damaged';
}

/** Writes V8's code of `script` (with what has run so far) as the cache of the bundle `bytes`; atomic. */
export function writeCodeCache(loaded: Pick<Loaded, 'script' | 'bytes'>, file = CODE_CACHE): void {
  const data = loaded.script.createCachedData();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}${cacheKey(loaded.bytes)}\n${sha256(data)}\n`, 'latin1'), data]));
  fs.renameSync(tmp, file);
}

/** Compiles and runs the bundle (with the cache `cache` when it fits; null: without) and returns its `main`. */
export function loadBundle(bundle = BUNDLE, cache: string | null = CODE_CACHE): Loaded {
  const bytes = fs.readFileSync(bundle);
  const found = cache === null ? 'none' : readCodeCache(cache, bytes);
  const cachedData = typeof found === 'string' ? undefined : found;
  // The bundle is ASCII (scripts/bundle-cli.js), so Latin-1 reads it as it is, in one-byte characters.
  const source = `(function (exports, require, module, __filename, __dirname, __bookletImport) {${bytes.toString('latin1')}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const use: CacheUse = typeof found === 'string' ? found : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as { main?: typeof Main } };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), (specifier: string) => import(specifier));
  if (typeof module.exports.main !== 'function') throw new Error(`${bundle} exports no main() — run \`npm run build\``);
  return { main: module.exports.main, script, bytes, cache: use };
}
