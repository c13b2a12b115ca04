#!/usr/bin/env node
// Thin launcher: the CLI compiled (lib/) and bundled into one module (lib/booklet.js) by `npm ci`
// through the `prepare` script (tsc, then scripts/bundle-cli.js).
import v8 from 'node:v8';

// After a full collection the heap may grow by 20 % of what is live before the next one, instead of
// V8's own factor of up to 4: a build's pages are garbage once printed ("Pages are streamed" in the
// README), and that headroom only doubled the peak memory (1,000 episodes: 673 → ~350 MB at 35 %,
// ~320 MB at 20 %; no CPU difference this machine can show).
v8.setFlagsFromString('--heap-growing-percent=20');

const { main } = await import('../lib/booklet.js');
process.exitCode = await main(process.argv);
