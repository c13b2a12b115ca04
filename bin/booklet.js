#!/usr/bin/env node
// Thin launcher: the CLI compiled (lib/) and bundled into one script (lib/booklet.cjs) by `npm ci`
// through the `prepare` script (tsc, scripts/bundle-cli.js, then scripts/code-cache.js for V8's
// code cache of it: src/cli/launch.ts).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // What commander prints for these, without loading the CLI.
  const { VERSION } = await import('../lib/version.js');
  // A reader that stopped reading is not an error (as in src/cli/main.ts).
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.stdout.write(`${VERSION}\n`);
} else {
  const { loadBundle, setVmFlags } = await import('../lib/cli/launch.js');
  setVmFlags();
  process.exitCode = await loadBundle().main(process.argv);
}
