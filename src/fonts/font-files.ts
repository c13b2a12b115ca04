/**
 * Font files read once per process. The layout (FontSet), the PDF writer, the preflight, the print
 * marks, the EPUB's cover picture and its embedded fonts take a template's font files from here,
 * instead of each reading every face again (~0.5 MB a face, ~30 ms of the sample's build). A file
 * whose size, modification time or inode changed (an edit during `booklet watch`) is read again.
 */
import fs from 'node:fs';
import * as fontkit from 'fontkit';

interface Held {
  bytes: Buffer;
  size: number;
  mtimeMs: number;
  ino: number;
  font?: fontkit.Font;
}

/** Bytes held at most (a template names a few faces; more than this and the oldest go). */
const MAX_HELD_BYTES = 64 * 1024 * 1024;

const held = new Map<string, Held>();
let heldBytes = 0;

/** The bytes of the font file `file` (an absolute path); throws as `fs.readFileSync` does. */
export function fontFileBytes(file: string): Buffer {
  return entry(file).bytes;
}

/** The font in `file`, opened by fontkit once per version of the file; throws when fontkit cannot read it. */
export function openFontFile(file: string): fontkit.Font {
  const e = entry(file);
  return (e.font ??= fontkit.create(e.bytes) as fontkit.Font);
}

function entry(file: string): Held {
  const st = fs.statSync(file);
  const e = held.get(file);
  if (e !== undefined && e.size === st.size && e.mtimeMs === st.mtimeMs && e.ino === st.ino) return e;
  const bytes = fs.readFileSync(file);
  if (e !== undefined) forget(file, e);
  const fresh: Held = { bytes, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  if (bytes.length <= MAX_HELD_BYTES) {
    held.set(file, fresh);
    heldBytes += bytes.length;
    for (const [f, old] of held) {
      if (heldBytes <= MAX_HELD_BYTES) break;
      forget(f, old);
    }
  }
  return fresh;
}

function forget(file: string, e: Held): void {
  held.delete(file);
  heldBytes -= e.bytes.length;
}
