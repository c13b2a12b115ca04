/**
 * Print geometry: MediaBox = trim + bleed on every side; mirrored margins
 * (the inner margin is on the left of a recto and on the right of a verso).
 */
import type { Template } from '../template/types.js';

export interface PageGeometry {
  width: number;
  height: number;
  bleed: number;
  textWidth: number;
  textHeight: number;
  /** Left edge of the text block on page `index` (0-based; even indices are rectos). */
  textLeft(index: number): number;
  textTop(index: number): number;
  trimBox: [number, number, number, number];
  bleedBox: [number, number, number, number];
}

export function pageGeometry(t: Template): PageGeometry {
  const { trimWidth: tw, trimHeight: th, bleed, margins: m } = t.page;
  const width = tw + 2 * bleed;
  const height = th + 2 * bleed;
  return {
    width,
    height,
    bleed,
    textWidth: tw - m.inner - m.outer,
    textHeight: th - m.top - m.bottom,
    textLeft: (index) => bleed + (index % 2 === 0 ? m.inner : m.outer),
    textTop: () => bleed + m.top,
    trimBox: [bleed, bleed, bleed + tw, bleed + th],
    bleedBox: [0, 0, width, height],
  };
}
