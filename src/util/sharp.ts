/**
 * sharp (libvips, a native library of about 20 MB), loaded on first use rather than at start-up:
 * `check`, `templates`, `init` and `new` never need it, and a build only for its images, the CMYK
 * profile's name and the EPUB's cover picture.
 */
import type sharpFn from 'sharp';

let loading: Promise<typeof sharpFn> | undefined;

export function loadSharp(): Promise<typeof sharpFn> {
  return (loading ??= import('sharp').then((m) => m.default));
}

/** Whether sharp has been asked for in this process (tests: what loads it, and when). */
export function sharpRequested(): boolean {
  return loading !== undefined;
}
