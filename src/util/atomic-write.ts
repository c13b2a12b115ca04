import fs from 'node:fs';
import path from 'node:path';

/**
 * Write several files so that either all of them are replaced or none is:
 * each goes to a temporary file in the same folder first, then all are renamed.
 */
export function writeFilesAtomically(files: { path: string; data: Uint8Array | string }[]): void {
  const temps: { tmp: string; final: string }[] = [];
  try {
    for (const f of files) {
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, f.data);
      temps.push({ tmp, final: f.path });
    }
  } catch (e) {
    for (const t of temps) fs.rmSync(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) fs.renameSync(t.tmp, t.final);
}
