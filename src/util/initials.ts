/**
 * A person's initials, as the press prints them before questions and answers: those of the first
 * and the last name, `André Jeannerot` → `A. J.`, `Jean-Pierre Durand` → `J.-P. D.`, `Jeanne d’Arc`
 * → `J. A.`, `Jean de La Fontaine` → `J. F.`; lower-case particles (de, du, von…) are left out
 * unless the whole name is written in lower case; a hyphenated name gives at most two letters.
 * The initials are joined by U+202F (a thin no-break space).
 */
export function initials(name: string, particles = false): string {
  const out: string[] = [];
  for (const word of name.trim().split(/\s+/)) {
    // d’Arc, O'Brien: the letter after the apostrophe.
    const w = word.replace(/^\p{Ll}{1,2}['’]/u, '');
    const first = [...w][0];
    if (!first || !/\p{L}/u.test(first) || (!particles && /\p{Ll}/u.test(first) && w === word)) continue;
    const parts = w.split(/[-‐]/).filter((p) => /^\p{L}/u.test(p)).slice(0, 2);
    out.push(parts.map((p) => `${[...p][0]!.toLocaleUpperCase()}.`).join('-'));
  }
  // A name written all in lower case (bell hooks): every word counts.
  if (out.length === 0 && !particles && /\p{L}/u.test(name)) return initials(name, true);
  return (out.length > 2 ? [out[0]!, out[out.length - 1]!] : out).join('\u202F');
}
