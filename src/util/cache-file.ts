/**
 * What the on-disk caches share (the shaping cache, src/fonts/metrics-cache.ts, and the cover cache,
 * src/write/svg/cover-cache.ts): the key of the code their answers depend on, and replacing a file
 * atomically. Neither ever throws: a cache that cannot be read or written is only slower.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** SHA-256 (hex) of the files `paths` in order; a file that cannot be read counts as missing, by its name. */
export function hashOfFiles(paths: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of paths) {
    try {
      h.update(fs.readFileSync(p));
    } catch {
      h.update(`\0missing ${path.basename(p)}\0`);
    }
  }
  return h.digest('hex');
}

/** Replaces `file` with `data` (a temporary file renamed), making its folder; false when it cannot. */
export function replaceCacheFile(file: string, data: string | Uint8Array): boolean {
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    // read-only home, full disk…: the next build computes again
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // left for the next write of the same file to replace
    }
    return false;
  }
}
