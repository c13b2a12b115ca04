import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A file being written piece by piece in the system's temporary folder (a PDF as its pages are
 * drawn), so that its bytes are not held in memory; `writeFilesAtomically` moves it into place.
 */
export class Spool {
  readonly path: string;
  private fd: number | null;
  /** Given up with its build: what a writer still sends is dropped. */
  private discarded = false;
  size = 0;
  /** Small chunks (pdfkit writes one per PDF object) are gathered here: one system call per block. */
  private readonly block = Buffer.allocUnsafe(SPOOL_BLOCK);
  private used = 0;

  constructor(dir: string, name: string) {
    this.path = path.join(dir, name);
    this.fd = fs.openSync(this.path, 'w');
  }

  write(chunk: Uint8Array): void {
    if (this.discarded) return;
    if (this.fd === null) throw new Error(`spool ${this.path}: written after close`);
    this.size += chunk.byteLength;
    if (this.used + chunk.byteLength <= SPOOL_BLOCK) {
      this.block.set(chunk, this.used);
      this.used += chunk.byteLength;
      return;
    }
    this.flush();
    if (chunk.byteLength < SPOOL_BLOCK) {
      this.block.set(chunk, 0);
      this.used = chunk.byteLength;
    } else {
      writeAll(this.fd, chunk);
    }
  }

  close(): void {
    if (this.fd !== null) {
      this.flush();
      fs.closeSync(this.fd);
    }
    this.fd = null;
  }

  /** Closes the file for good, unwritten: later writes are dropped (a writer that ends after its build failed). */
  discard(): void {
    this.discarded = true;
    this.used = 0;
    this.close();
  }

  private flush(): void {
    if (this.used > 0) writeAll(this.fd!, this.block.subarray(0, this.used));
    this.used = 0;
  }
}

const SPOOL_BLOCK = 256 * 1024;

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.byteLength) done += fs.writeSync(fd, bytes, done);
}

/** The spools of one build, in a temporary folder of their own, removed with it (`dispose`), whatever happened. */
export class Spools {
  private dir: string | null = null;
  private readonly opened: Spool[] = [];

  open(name: string): Spool {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-'));
    const spool = new Spool(this.dir, `${this.opened.length + 1}-${name}`);
    this.opened.push(spool);
    return spool;
  }

  dispose(): void {
    for (const s of this.opened) s.discard();
    if (this.dir !== null) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

export type FileToWrite = { path: string; data: Uint8Array | string } | { path: string; spool: Spool };

/** Bytes of a file to write. */
export function sizeOf(f: FileToWrite): number {
  if ('spool' in f) return f.spool.size;
  return typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength;
}

/**
 * Write several files so that either all of them are replaced or none is:
 * each goes to a temporary file in the same folder first, then all are renamed.
 */
export function writeFilesAtomically(files: FileToWrite[]): void {
  const temps: { tmp: string; final: string }[] = [];
  try {
    for (const f of files) {
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${process.pid}.tmp`);
      temps.push({ tmp, final: f.path });
      if ('spool' in f) {
        f.spool.close();
        moveOrCopy(f.spool.path, tmp);
      } else fs.writeFileSync(tmp, f.data);
    }
  } catch (e) {
    for (const t of temps) fs.rmSync(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) fs.renameSync(t.tmp, t.final);
}

/** Renames a file (the temporary folder and the output are often on one file system), else copies it. */
function moveOrCopy(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    fs.copyFileSync(from, to);
  }
}
