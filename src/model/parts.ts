/**
 * The parts of a booklet, in the order they are printed. `parts:` in booklet.yaml or in the
 * template chooses which appear; the order is always this one.
 */
export const PART_NAMES = ['cover', 'inside-cover', 'title-page', 'preface', 'contents', 'episodes', 'colophon', 'back-cover'] as const;

export type PartName = (typeof PART_NAMES)[number];

export function isPartName(s: string): s is PartName {
  return (PART_NAMES as readonly string[]).includes(s);
}
