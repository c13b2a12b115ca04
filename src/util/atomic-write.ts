import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../diagnostics.js';
import { undoOnSignal } from './interrupt.js';

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

/**
 * The spools of one build, in a temporary folder of their own, removed with it (`dispose`), whatever
 * happened, also when a signal stops the process (src/util/interrupt.ts).
 */
export class Spools {
  private dir: string | null = null;
  private readonly opened: Spool[] = [];
  private forget?: () => void;

  open(name: string): Spool {
    if (this.dir === null) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-'));
      this.forget = undoOnSignal(() => this.dispose());
    }
    const spool = new Spool(this.dir, `${this.opened.length + 1}-${name}`);
    this.opened.push(spool);
    return spool;
  }

  dispose(): void {
    for (const s of this.opened) s.discard();
    if (this.dir !== null) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.forget?.();
  }
}

export type FileToWrite = { path: string; data: Uint8Array | string } | { path: string; spool: Spool };

/** Bytes of a file to write. */
export function sizeOf(f: FileToWrite): number {
  if ('spool' in f) return f.spool.size;
  return typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength;
}

/**
 * Write several files so that either all of them are replaced or none is: each goes to a
 * temporary file in the same folder first; then the files they replace are moved aside, the new
 * ones renamed into place, and the old ones removed — or, if a rename fails, put back.
 * A folder that cannot be made or written (a file in the way, no permission, a full disk, a
 * read-only file system) and a target that is not a file are a UsageError naming them.
 */
export function writeFilesAtomically(files: FileToWrite[]): void {
  for (const f of files) {
    makeFolder(path.dirname(f.path));
    const st = fs.lstatSync(f.path, { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new UsageError(`cannot write ${f.path}: ${st.isDirectory() ? 'a folder' : 'something that is not a file'} has that name — remove it, or choose another --out`);
  }
  const temps: { tmp: string; final: string; old?: string }[] = [];
  try {
    for (const f of files) {
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${process.pid}.tmp`);
      temps.push({ tmp, final: f.path });
      if ('spool' in f) {
        f.spool.close();
        moveOrCopy(f.spool.path, tmp);
      } else fs.writeFileSync(tmp, f.data);
    }
  } catch (e) {
    for (const t of temps) fs.rmSync(t.tmp, { force: true });
    throw writeError(e, path.dirname(temps[temps.length - 1]?.final ?? files[0]!.path));
  }
  let placed = 0;
  try {
    for (const t of temps) {
      if (fs.existsSync(t.final)) {
        t.old = `${t.tmp}.old`;
        fs.renameSync(t.final, t.old);
      }
      fs.renameSync(t.tmp, t.final);
      placed++;
    }
  } catch (e) {
    // Back as it was: the new files placed so far removed, the old ones put back.
    for (let i = temps.length - 1; i >= 0; i--) {
      const t = temps[i]!;
      if (i < placed) fs.rmSync(t.final, { force: true });
      if (t.old && fs.existsSync(t.old)) fs.renameSync(t.old, t.final);
      fs.rmSync(t.tmp, { force: true });
    }
    throw writeError(e, path.dirname(temps[placed]?.final ?? temps[0]!.final));
  }
  for (const t of temps) if (t.old) fs.rmSync(t.old, { force: true });
}

/**
 * Checks, before a build, that `dir` could be made and written, without making it: the nearest
 * folder that exists above it (or itself) is a writable folder. A UsageError says why not.
 */
export function checkOutputFolder(dir: string): void {
  const { existing } = folderChain(dir);
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch (e) {
    throw writeError(e, dir);
  }
}

/** Makes `dir` and the folders above it that are missing, one at a time; a UsageError says why it cannot. */
function makeFolder(dir: string): void {
  for (const d of folderChain(dir).missing) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(e, dir);
    }
  }
}

/**
 * The nearest folder of `dir` (itself or above it) that exists, and the folders below it down to
 * `dir` that do not, top first. A UsageError when a file is in the way or a folder cannot be looked at.
 */
function folderChain(dir: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(d, { throwIfNoEntry: false });
    } catch (e) {
      // ENOTDIR: a file above it, met further up
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw writeError(e, dir);
    }
    if (st && !st.isDirectory()) throw new UsageError(`cannot write into ${dir}: ${d} is a file, not a folder — choose another --out`);
    if (st || path.dirname(d) === d) return { existing: d, missing };
    missing.unshift(d);
  }
}

/** Why the file system refused to make or write a file or folder, in plain words; undefined for another error. */
export function cannotWriteReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code !== undefined && Object.hasOwn(CANNOT_WRITE, code) ? CANNOT_WRITE[code] : undefined;
}

/** Why the file system refused to list a folder (EACCES, EPERM), in the words of the table below; undefined for another error. */
export function cannotListReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM' ? cannotWriteReason(e) : undefined;
}

const CANNOT_WRITE: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'part of its path is a file, not a folder',
  EISDIR: 'a folder has the name of a file to write',
  ENOENT: 'the folder cannot be made there',
  EEXIST: 'a file is in the way',
};

/** A system error while writing into `dir` as a UsageError for people; anything else as it is. */
function writeError(e: unknown, dir: string): unknown {
  const why = cannotWriteReason(e);
  if (e instanceof UsageError || why === undefined) return e;
  return new UsageError(`cannot write into ${dir}: ${why} — choose another --out, or free the folder`);
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
