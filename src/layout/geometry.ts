/**
 * Print geometry: MediaBox = trim + bleed on every side; mirrored margins
 * (the inner margin is on the left of a recto and on the right of a verso).
 * The text block holds a whole number of body lines (the bottom margin takes the rest),
 * so a full page of running text ends on its last baseline.
 */
import type { Template } from '../template/types.js';

export interface PageGeometry {
  width: number;
  height: number;
  bleed: number;
  textWidth: number;
  /** A whole number of baseline-grid steps. */
  textHeight: number;
  /** Baseline grid step: the body leading. */
  grid: number;
  /** Left edge of the text block on page `index` (0-based; even indices are rectos). */
  textLeft(index: number): number;
  textTop(index: number): number;
  trimBox: [number, number, number, number];
  bleedBox: [number, number, number, number];
}

export function pageGeometry(t: Template): PageGeometry {
  const { trimWidth: tw, trimHeight: th, bleed, margins: m } = t.page;
  const grid = t.styles.body.leading;
  const width = tw + 2 * bleed;
  const height = th + 2 * bleed;
  return {
    width,
    height,
    bleed,
    textWidth: tw - m.inner - m.outer,
    textHeight: Math.floor((th - m.top - m.bottom) / grid + 1e-6) * grid,
    grid,
    textLeft: (index) => bleed + (index % 2 === 0 ? m.inner : m.outer),
    textTop: () => bleed + m.top,
    trimBox: [bleed, bleed, bleed + tw, bleed + th],
    bleedBox: [0, 0, width, height],
  };
}
