#!/usr/bin/env node
// Compile one Typst file to PDF with the npm binding (@myriaddreamin/typst-ts-node-compiler), in its
// own process so the benchmark counts its start-up the way it counts ours.
//   node test/bench/typst-compile.mjs <in.typ> <out.pdf> [--root <dir>] [--font-path <dir>]…
// --root is the project root (files outside it cannot be read; default: the folder of in.typ).
// Only the fonts in the given folders (plus the binding's embedded ones) are used.
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const args = process.argv.slice(2);
/** @type {string[]} */
const fontPaths = [];
/** @type {string[]} */
const positional = [];
/** @type {string | undefined} */
let root;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--font-path') fontPaths.push(resolve(args[++i]));
  else if (args[i] === '--root') root = resolve(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== 2) {
  process.stderr.write('usage: typst-compile.mjs <in.typ> <out.pdf> [--root <dir>] [--font-path <dir>]…\n');
  process.exit(2);
}
const input = resolve(positional[0]);
const output = resolve(positional[1]);

const compiler = NodeCompiler.create({
  workspace: root ?? dirname(input),
  fontArgs: fontPaths.length > 0 ? [{ fontPaths }] : [],
});
const result = compiler.compile({ mainFilePath: input });
const doc = result.result;
if (!doc || result.hasError()) {
  const err = result.takeError();
  const diags = err ? compiler.fetchDiagnostics(err) : [];
  const lines = diags.map((d) => {
    if (typeof d === 'string') return d;
    const at = d.range ? `:${d.range.start.line + 1}:${d.range.start.character + 1}` : '';
    return `${d.path ?? input}${at}: ${d.message}`;
  });
  process.stderr.write(`typst: error: ${lines.length > 0 ? lines.join('\n') : 'compilation failed'}\n`);
  process.exit(1);
}
writeFileSync(output, compiler.pdf(doc));
process.stdout.write(`${doc.numOfPages}\n`);
