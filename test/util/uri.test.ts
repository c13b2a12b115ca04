import { describe, expect, it } from 'vitest';
import { toUri } from '../../src/util/uri.js';

/** RFC 3986's URI (section 3 and appendix A), IPv6 literals loosely: what EPUBCheck's RSC-020 asks for. */
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB = "!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[${UNRESERVED}${SUB}:@]|${PCT})`;
const USERINFO = `(?:[${UNRESERVED}${SUB}:]|${PCT})*`;
const HOST = `(?:\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB}:]+)\\]|(?:[${UNRESERVED}${SUB}]|${PCT})*)`;
const URI = new RegExp(
  `^[A-Za-z][A-Za-z0-9+.-]*:(?://(?:${USERINFO}@)?${HOST}(?::\\d*)?(?:/${PCHAR}*)*|/?(?:${PCHAR}+(?:/${PCHAR}*)*)?)(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`,
);

describe('toUri', () => {
  it.each([
    // already valid: unchanged, byte for byte (lower-case escapes included)
    ['https://example.org/', 'https://example.org/'],
    ['https://example.org/a%20b?x=1&y=2#top', 'https://example.org/a%20b?x=1&y=2#top'],
    ['https://example.org/%e2%82%ac', 'https://example.org/%e2%82%ac'],
    ["https://u:p@example.org:8080/a;b=c/(d)*!$'~?q=a/b?c:d@e#f/g?h", "https://u:p@example.org:8080/a;b=c/(d)*!$'~?q=a/b?c:d@e#f/g?h"],
    ['mailto:contact@example.org?subject=Bonjour', 'mailto:contact@example.org?subject=Bonjour'],
    // IPv6 and IPvFuture hosts keep their brackets
    ['http://[::1]/x', 'http://[::1]/x'],
    ['http://[2001:db8::7]:8080/a]b', 'http://[2001:db8::7]:8080/a%5Db'],
    ['http://[v1.fe]/', 'http://[v1.fe]/'],
    // the characters WHATWG leaves and RFC 3986 refuses
    ['https://fonts.googleapis.com/css?family=Roboto|Open+Sans', 'https://fonts.googleapis.com/css?family=Roboto%7COpen+Sans'],
    ['https://example.org/a^b', 'https://example.org/a%5Eb'],
    ['https://example.org/#a#b', 'https://example.org/#a%23b'],
    ['https://example.org/a]b', 'https://example.org/a%5Db'],
    ['https://example.org/?q=[1]#[x]', 'https://example.org/?q=%5B1%5D#%5Bx%5D'],
    ['https://example.org/%ZZ', 'https://example.org/%25ZZ'],
    ['https://example.org/100%', 'https://example.org/100%25'],
    ['https://example.org/%4', 'https://example.org/%254'],
    ['https://example.org/a"b', 'https://example.org/a%22b'],
    ['https://example.org/{a}`b\\c', 'https://example.org/%7Ba%7D%60b%5Cc'],
    // non-ASCII: UTF-8, upper-case hex
    ['https://exemple.fr/café', 'https://exemple.fr/caf%C3%A9'],
    ['https://exemple.fr/?q=€#😀', 'https://exemple.fr/?q=%E2%82%AC#%F0%9F%98%80'],
    ['https://exemple.fr/\uD800', 'https://exemple.fr/%EF%BF%BD'],
    // mailto: spaces and angle brackets in the address part
    ['mailto:John Doe <j@x.org>?subject=a b', 'mailto:John%20Doe%20%3Cj@x.org%3E?subject=a%20b'],
    ['mailto:a@b.org?body=1 2\n3', 'mailto:a@b.org?body=1%202%0A3'],
    // a broken authority still comes out as a valid one
    ['http://ex ample.org:80/', 'http://ex%20ample.org:80/'],
    ['http://[::1]x/', 'http://%5B%3A%3A1%5Dx/'],
    ['http://a@b@c/', 'http://a%40b@c/'],
  ])('%s → %s', (link, want) => {
    expect(toUri(link)).toBe(want);
    expect(want).toMatch(URI);
    expect(toUri(want)).toBe(want);
  });

  it('makes a valid URI of any string after a scheme, and leaves it as it is the second time', () => {
    const chars = [...'aZ09-._~!$&\'()*+,;=:@/?#[]%|^"{}`\\<> \t\né€😀'];
    let seed = 1;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5000; i++) {
      let s = ['https://', 'http://', 'mailto:'][rand(3)]!;
      for (let k = rand(30); k > 0; k--) s += chars[rand(chars.length)];
      const u = toUri(s);
      expect(u, JSON.stringify(s)).toMatch(URI);
      expect(toUri(u), JSON.stringify(s)).toBe(u);
    }
  });
});
