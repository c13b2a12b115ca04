/**
 * The OCF container, written out as its entries are added: `mimetype` first and stored, then the
 * entries in the order they are added, each with the same fixed timestamp (1980-01-01 00:00, the
 * first DOS date), no extra field and no data descriptor, so the same files always give the same
 * bytes. yazl writes the container; Node's zlib deflates (on libuv's thread pool, while the next
 * document is being written).
 */
import fs from 'node:fs';
import yazl from 'yazl';

export const MIMETYPE = 'application/epub+zip';

/**
 * Already-compressed formats are stored, the rest deflated at level 6: on a 200-episode EPUB,
 * level 9 took 2.4 times as long for 8 bytes less.
 */
function levelFor(name: string): 0 | 6 {
  return /\.(jpe?g|png)$/i.test(name) ? 0 : 6;
}

export class EpubZip {
  private readonly zip = new yazl.ZipFile();
  private readonly names = new Set<string>();
  private readonly ended: Promise<void>;
  private failure: unknown;
  /** Files are read into this buffer, reused once their bytes have been handed to `write`. */
  private fileBuffer: Buffer | null = null;
  /** The file bytes just added, and whether they went out at once. */
  private watched: { data: Buffer; out: boolean } | null = null;

  /**
   * `write` receives the container's bytes in order and must be done with each chunk when it returns
   * (the chunk's memory may be reused); if it throws, the zip fails with that error.
   */
  constructor(private readonly write: (chunk: Uint8Array) => void) {
    this.ended = new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => {
        this.failure ??= e;
        reject(this.failure);
      };
      this.zip.on('error', fail);
      this.zip.outputStream.on('error', fail);
      this.zip.outputStream.on('data', (chunk: Buffer) => {
        if (this.failure !== undefined) return;
        try {
          this.write(chunk);
          if (this.watched?.data === chunk) this.watched.out = true;
        } catch (e) {
          fail(e);
        }
      });
      this.zip.outputStream.on('end', () => resolve());
    });
    // Awaited in `end`; a zip given up before then must not leave an unhandled rejection.
    this.ended.catch(() => {});
    this.addNow('mimetype', Buffer.from(MIMETYPE, 'ascii'));
  }

  /**
   * Adds an entry, then gives the event loop a turn, so that what is compressed meanwhile is
   * written out and let go: the container never holds more than a few entries.
   */
  async add(name: string, data: Uint8Array | string): Promise<void> {
    this.addNow(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    await new Promise((r) => setImmediate(r));
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Adds a file from disk, stored as it is (an image), after `check` has seen its bytes. The file is
   * read into a buffer that is reused for the next one once its bytes are out, which they are at
   * once when every entry before it is written (files are added first): so images do not pile up
   * in memory waiting for the garbage collector.
   */
  async addFile(name: string, file: string, check: (data: Uint8Array) => void = () => {}): Promise<void> {
    if (levelFor(name) !== 0) throw new Error(`zip: ${name} would be compressed; addFile stores files as they are`);
    const fd = fs.openSync(file, 'r');
    let data: Buffer;
    try {
      const size = fs.fstatSync(fd).size;
      let buf = this.fileBuffer;
      if (buf === null || buf.length < size) buf = Buffer.allocUnsafe(size);
      // Until its bytes are out, the buffer belongs to the zip.
      this.fileBuffer = null;
      let done = 0;
      while (done < size) {
        const n = fs.readSync(fd, buf, done, size - done, done);
        // A file rewritten while it is copied: an error about the file (its `path`), as a failed read is.
        if (n === 0) throw Object.assign(new Error(`${file}: the file shrank while it was read`), { code: 'ESHRANK', path: file });
        done += n;
      }
      data = buf.subarray(0, size);
      check(data);
      this.watched = { data, out: false };
      this.addNow(name, data);
      if (this.watched.out) this.fileBuffer = buf;
    } finally {
      this.watched = null;
      fs.closeSync(fd);
    }
    await new Promise((r) => setImmediate(r));
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stops writing: what is still being compressed is dropped (a build that failed). */
  abandon(): void {
    this.failure ??= new Error('zip abandoned');
  }

  /** Writes the central directory; resolves once every byte has been handed to `write`. */
  async end(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.zip.end();
    await this.ended;
  }

  private addNow(name: string, data: Buffer): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.names.has(name)) throw new Error(`zip entry written twice: ${name}`);
    this.names.add(name);
    // yazl takes the DOS date from the *local* fields of a Date, so the date is built in local time,
    // at each call: the bytes are then the same in every time zone.
    const mtime = new Date(1980, 0, 1, 0, 0, 0);
    this.zip.addBuffer(data, name, { mtime, compressionLevel: name === 'mimetype' ? 0 : levelFor(name), forceDosTimestamp: true });
  }
}

/** A whole container in memory, entries in the order given (tests, small programs). */
export async function zipEpub(files: Iterable<[string, Uint8Array | string]>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const zip = new EpubZip((c) => chunks.push(c));
  for (const [name, data] of files) await zip.add(name, data);
  await zip.end();
  return Buffer.concat(chunks);
}
