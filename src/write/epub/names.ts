/** Safe ASCII names for files and ids inside the EPUB container. */

/** Lower-case ASCII slug: accents folded, anything else becomes `-`; never empty. */
export function asciiSlug(s: string, fallback: string, maxLength = 60): string {
  const slug = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug === '' ? fallback : slug;
}

/** Hands out names once each: a name already taken gets `-2`, `-3`… before its extension. */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  take(base: string, ext = ''): string {
    let name = base + ext;
    for (let i = 2; this.taken.has(name); i++) name = `${base}-${i}${ext}`;
    this.taken.add(name);
    return name;
  }
}
