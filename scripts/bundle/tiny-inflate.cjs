'use strict';
// In the bundle in place of tiny-inflate (raw DEFLATE decoded in JavaScript): Node's zlib. unicode-trie
// inflates five Unicode tables with it at start-up (fontkit, unicode-properties, linebreak: ~50 ms of
// cold JavaScript), fontkit a WOFF font's tables. Same answer as tiny-inflate: the decoded bytes in
// `dest`, and `dest` itself when they fill it, else a copy of the part they fill (test/cli/bundle-shims.test.ts).
const { inflateRawSync } = require('node:zlib');

module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source);
  dest.set(out.length > dest.length ? out.subarray(0, dest.length) : out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
};
