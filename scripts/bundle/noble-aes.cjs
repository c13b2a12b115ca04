'use strict';
// In the bundle in place of @noble/ciphers/aes, which builds its AES tables at import (~30 ms at every
// start): the same two functions pdfkit imports, loading the package on their first call. pdfkit
// calls them only to encrypt a PDF, which booklet never asks for (test/cli/bundle-shims.test.ts).
let aes;
const load = () => (aes ??= require('@noble/ciphers/aes'));
exports.cbc = (...args) => load().cbc(...args);
exports.ecb = (...args) => load().ecb(...args);
