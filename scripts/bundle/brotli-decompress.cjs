'use strict';
// In the bundle in place of brotli/decompress.js (a Brotli decoder in JavaScript whose dictionary is
// 1.3 MB of the bundle's source, built at start-up): Node's own Brotli decoder. fontkit calls it for a
// WOFF2 font's tables. Same answer as the package: a Uint8Array of all the decoded bytes, a view of
// one `outputSize` long when they are fewer (test/cli/bundle-shims.test.ts).
const { brotliDecompressSync } = require('node:zlib');

module.exports = function BrotliDecompressBuffer(buffer, outputSize) {
  const out = brotliDecompressSync(buffer);
  const result = new Uint8Array(outputSize == null || outputSize < out.length ? out.length : outputSize);
  result.set(out);
  return out.length < result.length ? result.subarray(0, out.length) : result;
};
