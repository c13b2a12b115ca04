/**
 * Links as RFC 3986 URIs, for the EPUB's href and the screen PDF's /URI alike. A WHATWG-valid URL
 * (what `new URL()` accepts and returns) may still hold `| ^ [ ] " { } \``, a second `#` or a `%`
 * not followed by two hex digits, which EPUBCheck refuses (RSC-020).
 */

const KEEP = "A-Za-z0-9\\-._~!$&'()*+,;="; // unreserved and sub-delims

/** In each part: a `%` that starts no escape, or a character not allowed there. */
const USERINFO = new RegExp(`%(?![0-9A-Fa-f]{2})|[^${KEEP}:%]`, 'gu');
const REG_NAME = new RegExp(`%(?![0-9A-Fa-f]{2})|[^${KEEP}%]`, 'gu');
const PATH = new RegExp(`%(?![0-9A-Fa-f]{2})|[^${KEEP}:@/%]`, 'gu');
const QUERY = new RegExp(`%(?![0-9A-Fa-f]{2})|[^${KEEP}:@/?%]`, 'gu'); // the fragment too

/** `[::1]`, `[v1.x]`, with an optional `:port`. */
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\](?::\d*)?$/;

const utf8 = new TextEncoder();

function escape(c: string): string {
  let s = '';
  for (const b of utf8.encode(c)) s += `%${b < 16 ? '0' : ''}${b.toString(16).toUpperCase()}`;
  return s;
}

function encode(part: string, allowed: RegExp): string {
  return part.replace(allowed, escape);
}

/**
 * `link` as a valid URI: every character not allowed where it stands percent-encoded (UTF-8), a `%`
 * that starts no escape written `%25`, a second `#` `%23`. A valid URI comes back unchanged.
 */
export function toUri(link: string): string {
  // The parts as RFC 3986 appendix B splits them.
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:)?(\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#.*)?$/su.exec(link)!;
  const [, scheme = '', authority, path, query, fragment] = m;
  let out = scheme;
  if (authority !== undefined) out += `//${encodeAuthority(authority.slice(2))}`;
  out += encode(path!, PATH);
  if (query !== undefined) out += `?${encode(query.slice(1), QUERY)}`;
  if (fragment !== undefined) out += `#${encode(fragment.slice(1), QUERY)}`;
  return out;
}

function encodeAuthority(a: string): string {
  const at = a.lastIndexOf('@');
  const userinfo = at < 0 ? '' : `${encode(a.slice(0, at), USERINFO)}@`;
  const hostPort = a.slice(at + 1);
  if (IP_LITERAL.test(hostPort)) return userinfo + hostPort;
  const port = /:\d*$/.exec(hostPort)?.[0] ?? '';
  return userinfo + encode(hostPort.slice(0, hostPort.length - port.length), REG_NAME) + port;
}
