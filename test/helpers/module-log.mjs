// Module hooks (node --import … register): appends the URL of every module loaded through the ES
// module loader to the file named by MODULE_LOG, one per line. Used by test/cli/bundle.test.ts.
import fs from 'node:fs';

export async function load(url, context, next) {
  fs.appendFileSync(process.env.MODULE_LOG, url + '\n');
  return next(url, context);
}
