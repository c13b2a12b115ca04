/**
 * Bundles the compiled CLI (lib/cli/main.js and what it imports, our code and the packages) into one
 * script, lib/booklet.cjs, which bin/booklet.js runs (src/cli/launch.ts): Node then reads and
 * compiles one file instead of ~400 modules, and V8 can keep its code (scripts/code-cache.js).
 * Run by `npm run build` and `prepare` after tsc.
 *
 * CommonJS, since Node 20 keeps V8's code only for scripts; the modules keep their ES semantics
 * (strict mode; `import()` of what stays outside goes through `__bookletImport`, given by the
 * launcher). Left outside: sharp (a native binding, loaded on first use), and what is imported with
 * a computed name (hyphen's pattern files). Code that finds files next to itself through
 * `import.meta.url` (our package root, pdfkit's data files) is given the address of its original
 * file, so it finds them as it did unbundled.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIB = path.join(ROOT, 'lib');
const OUT = process.argv[2] ? path.resolve(process.argv[2]) : path.join(LIB, 'booklet.cjs');

/** `import.meta.url` of a bundled file → the URL its original file has (where its data files are). */
const ownUrl = {
  name: 'own-url',
  setup(b) {
    b.onLoad({ filter: /\.(m?js|cjs)$/ }, async (args) => {
      let text = await fs.readFile(args.path, 'utf8');
      const ours = args.path.startsWith(LIB + path.sep);
      // Our own dynamic imports (of sharp and of hyphen's patterns): a script's import() cannot run.
      if (ours) text = text.replace(/(?<![\w$.])import\(/g, '__bookletImport(');
      if (!text.includes('import.meta.url')) return ours ? { contents: text, loader: 'js' } : undefined;
      let url;
      if (ours) {
        // Our compiled files stay in lib/, beside the bundle.
        const rel = path.relative(path.dirname(OUT), args.path).split(path.sep).join('/');
        url = `new URL(${JSON.stringify(rel.startsWith('.') ? rel : './' + rel)}, import.meta.url).href`;
      } else if (args.path === path.join(ROOT, 'node_modules', 'pdfkit', 'js', 'pdfkit.node.mjs')) {
        // pdfkit reads its AFM fonts and sRGB profile relative to itself; it may be installed elsewhere.
        url = '__bookletPdfkit';
      } else {
        throw new Error(`bundle: ${path.relative(ROOT, args.path)} uses import.meta.url — tell scripts/bundle-cli.js where its files are`);
      }
      text = text.replaceAll('import.meta.url', url);
      return { contents: text, loader: 'js' };
    });
  },
};

/** Packages replaced in the bundle by what is in scripts/bundle/ (each file says why). */
const SUBSTITUTES_DIR = path.join(ROOT, 'scripts', 'bundle');
const SUBSTITUTES = { 'tiny-inflate': 'tiny-inflate.cjs', 'brotli/decompress.js': 'brotli-decompress.cjs', '@noble/ciphers/aes': 'noble-aes.cjs' };
const substitutes = {
  name: 'substitutes',
  setup(b) {
    b.onResolve({ filter: /^(tiny-inflate|brotli\/decompress\.js|@noble\/ciphers\/aes)$/ }, (args) =>
      // a substitute that loads the package itself gets the package
      args.importer.startsWith(SUBSTITUTES_DIR + path.sep) ? undefined : { path: path.join(SUBSTITUTES_DIR, SUBSTITUTES[args.path]) },
    );
  },
};

/** Bundles `entry` (a file of lib/) into `out` as one ASCII CommonJS script. */
async function bundle(entry, out, banner) {
  const result = await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['sharp'],
    plugins: [substitutes, ownUrl],
    banner: { js: banner },
    define: { 'import.meta.url': '__bookletUrl' },
    // Minified but for its names (the CLI 2.8 → 2.0 MB): Node reads it and copies it into a string, V8
    // takes it, at every start; less text is less of that work. Names are kept so that stack traces
    // (BOOKLET_DEBUG) and CPU profiles name our functions (renaming them too gave 1.5 MB).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'ascii',
    write: false,
    logLevel: 'warning',
  });
  // esbuild leaves the characters of regular expressions and comments as they are; one character beyond
  // Latin-1 makes V8 hold the whole source as two-byte text, twice the memory. \uXXXX means the same
  // character in a regular expression (a pair of them one astral character with the u flag).
  const text = result.outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // An import() left in the bundle would fail when it runs (only ours become __bookletImport()); the
  // minified text has no comments, so any is one.
  const found = /(?<![\w$.])import\s*\(/.exec(text);
  if (found) throw new Error(`bundle: a dynamic import() in the bundle cannot run in a script — tell scripts/bundle-cli.js:\n${text.slice(Math.max(0, found.index - 100), found.index + 100)}`);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(out, text);
}

// Strict from the first line, as the ES modules were; the addresses that stand for import.meta.url.
await bundle(
  path.join(LIB, 'cli', 'main.js'),
  OUT,
  '"use strict";\nvar __bookletUrl = require("node:url").pathToFileURL(__filename).href, __bookletPdfkit = require("node:url").pathToFileURL(require.resolve("pdfkit")).href;',
);
// The typesetting thread (src/model/typeset-ahead.ts) runs the Markdown parser and the typography
// alone: a bundle of ~1/10 the size, ready sooner than the whole CLI would be.
await bundle(path.join(LIB, 'model', 'typeset-worker.js'), path.join(path.dirname(OUT), 'typeset-worker.cjs'), '"use strict";\nvar __bookletUrl = require("node:url").pathToFileURL(__filename).href;');
