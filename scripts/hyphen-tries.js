/**
 * Writes lib/hyphen/<module>.json for each pattern module of the `hyphen` package that booklet uses:
 * its trie as src/layout/text/hyphenate.ts compiles it, with the hash of the module's text, so that
 * a build reads it instead of importing the module and compiling the trie (hyphenate.ts, TRIES_DIR).
 * Run by `npm run build` and `prepare` after tsc.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PATTERN_MODULES, TRIES_DIR, trieFileText } from '../lib/layout/text/hyphenate.js';

fs.rmSync(TRIES_DIR, { recursive: true, force: true });
fs.mkdirSync(TRIES_DIR, { recursive: true });
for (const mod of PATTERN_MODULES) {
  const def = (await import(`hyphen/patterns/${mod}.js`)).default;
  fs.writeFileSync(path.join(TRIES_DIR, `${mod}.json`), trieFileText(mod, def));
}
