/**
 * Bundles the compiled CLI (lib/cli/main.js and what it imports, our code and the packages) into one
 * ES module, lib/booklet.js, which bin/booklet.js runs: Node then reads and compiles one file
 * instead of ~400 modules. Run by `npm run build` and `prepare` after tsc.
 *
 * Left outside: sharp (a native binding, loaded on first use), and what is imported with a computed
 * name (hyphen's pattern files). Code that finds files next to itself through `import.meta.url`
 * (our package root, pdfkit's data files) is given the address of its original file, so it finds
 * them as it did unbundled.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIB = path.join(ROOT, 'lib');
const OUT = process.argv[2] ? path.resolve(process.argv[2]) : path.join(LIB, 'booklet.js');

/** `import.meta.url` of a bundled file → the URL its original file has (where its data files are). */
const ownUrl = {
  name: 'own-url',
  setup(b) {
    b.onLoad({ filter: /\.(m?js|cjs)$/ }, async (args) => {
      let text = await fs.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      let url;
      if (args.path.startsWith(LIB + path.sep)) {
        // Our compiled files stay in lib/, beside the bundle.
        const rel = path.relative(path.dirname(OUT), args.path).split(path.sep).join('/');
        url = `new URL(${JSON.stringify(rel.startsWith('.') ? rel : './' + rel)}, import.meta.url).href`;
      } else if (args.path === path.join(ROOT, 'node_modules', 'pdfkit', 'js', 'pdfkit.node.mjs')) {
        // pdfkit reads its AFM fonts and sRGB profile relative to itself; it may be installed elsewhere.
        url = 'import.meta.resolve("pdfkit")';
      } else {
        throw new Error(`bundle: ${path.relative(ROOT, args.path)} uses import.meta.url — tell scripts/bundle-cli.js where its files are`);
      }
      text = text.replaceAll('import.meta.url', url);
      return { contents: text, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [path.join(LIB, 'cli', 'main.js')],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['sharp'],
  plugins: [ownUrl],
  // CommonJS packages inside an ES module still call require() for Node's own modules.
  banner: { js: "import { createRequire as __bookletRequire } from 'node:module';\nconst require = __bookletRequire(import.meta.url);" },
  legalComments: 'none',
  charset: 'ascii',
  write: false,
  logLevel: 'warning',
});
// esbuild leaves the characters of regular expressions and comments as they are; one character beyond
// Latin-1 makes V8 hold the whole 4 MB source as two-byte text, twice the memory. \uXXXX means the same
// character in a regular expression (a pair of them one astral character with the u flag).
const text = result.outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
await fs.mkdir(path.dirname(OUT), { recursive: true });
await fs.writeFile(OUT, text);
