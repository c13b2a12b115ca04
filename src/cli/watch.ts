/**
 * `booklet watch`: build once, then again after every save in the source folder.
 *
 * - node:fs.watch on the source folder: recursive on macOS and Windows, whose watchers follow
 *   folders; elsewhere (Linux) on the folder and each of its subfolders, one watcher each, and on
 *   subfolders made later as they appear (Node 20's recursive watching on Linux follows each file,
 *   and loses one an editor saves by writing a new file and renaming it over the old one). Changes
 *   are gathered for `debounceMs` (100 ms), so an editor's save (write, rename, touch) gives one build;
 * - the output folder (when it lies inside the source folder), hidden files and folders (`.git`,
 *   `.#file` locks, `.file.swp`) and editor backups (`file~`, `*.swp`, `*.swx`, `*.tmp`, vim's `4913`)
 *   are ignored;
 * - one BuildCache for every build (src/cache.ts): unchanged episodes are not read or parsed again,
 *   images not decoded again, the fonts' shaping caches stay warm;
 * - a failed build is reported and the watcher goes on; outputs are only replaced by a successful
 *   build (build() writes all files or none);
 * - a change during a build starts another build when it ends.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { BuildCache } from '../cache.js';
import { BookletError, type Diagnostic } from '../diagnostics.js';
import { unlistableSource } from '../load/source.js';
import { build, type BuildOptions, type BuildResult } from '../pipeline.js';
import { displayPath } from '../util/paths.js';

export interface WatchBuild {
  /** 1 for the first build. */
  n: number;
  ok: boolean;
  /** The build's result when it succeeded. */
  result?: BuildResult;
  /** Why it failed: a BookletError (content), a UsageError, or another error (a bug). */
  error?: unknown;
  /** Diagnostics of the build, successful or not. */
  diagnostics: Diagnostic[];
  ms: number;
  /** Files (relative to the source folder, `/`-separated) whose change started this build; empty for the first. */
  changed: string[];
}

export interface WatchOptions {
  /** Quiet time after the last change before a build starts, ms (default 100). */
  debounceMs?: number;
}

export interface Watcher {
  on(event: 'build', fn: (b: WatchBuild) => void): this;
  /** The file watcher failed (e.g. the source folder was removed); the watcher is closed. */
  on(event: 'error', fn: (e: Error) => void): this;
  off(event: 'build', fn: (b: WatchBuild) => void): this;
  off(event: 'error', fn: (e: Error) => void): this;
  /** The next build to finish (the first one, if none has finished yet). */
  nextBuild(): Promise<WatchBuild>;
  /** Stops watching and waits for a build in progress to end. */
  close(): Promise<void>;
  readonly closed: boolean;
}

/** Platforms whose recursive fs.watch follows folders (elsewhere: one watcher per folder). */
const RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';

const EDITOR_TEMP = /(~|\.swp|\.swx|\.swo|\.tmp|\.bak|\.crdownload|\.part)$/i;

/** True for paths (relative to the source folder) a change of which never needs a build. */
export function ignoredChange(rel: string): boolean {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  if (parts.length === 0) return false;
  if (parts.some((p) => p.startsWith('.'))) return true;
  const base = parts[parts.length - 1]!;
  return EDITOR_TEMP.test(base) || base === '4913' || base.startsWith('#') || base === 'node_modules' || parts.includes('node_modules');
}

class SourceWatcher extends EventEmitter implements Watcher {
  private readonly cache: BuildCache;
  private readonly source: string;
  private readonly outDir: string;
  private readonly debounceMs: number;
  /** By folder watched (the source folder itself when recursive). */
  private fsWatchers = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private changed = new Set<string>();
  private running: Promise<void> | undefined;
  private again = false;
  private n = 0;
  closed = false;

  constructor(
    private readonly opts: BuildOptions,
    w: WatchOptions,
  ) {
    super();
    this.cache = opts.cache ?? new BuildCache();
    this.source = path.resolve(opts.cwd, opts.source);
    this.outDir = path.resolve(opts.cwd, opts.out);
    this.debounceMs = w.debounceMs ?? 100;
  }

  start(): void {
    this.watchFolder();
    this.running = this.runBuilds();
  }

  private watchFolder(): void {
    if (RECURSIVE) {
      let w: fs.FSWatcher;
      try {
        w = fs.watch(this.source, { recursive: true }, (_ev, name) => this.filter(name, (rel) => this.changedPath(rel)));
      } catch (e) {
        throw unlistableSource(e, displayPath(this.source, this.opts.cwd));
      }
      w.on('error', (e) => this.fail(e));
      this.fsWatchers.set(this.source, w);
      return;
    }
    this.watchTree(this.source);
  }

  /** At most this many folders are watched (a source folder has a few: images/, a template…). */
  private static readonly MAX_FOLDERS = 256;

  /** Watches `root` and the folders under it not watched yet (not hidden, not the output folder). */
  private watchTree(root: string): void {
    const dirs = [root];
    for (let i = 0; i < dirs.length && this.fsWatchers.size < SourceWatcher.MAX_FOLDERS; i++) {
      const dir = dirs[i]!;
      if (this.fsWatchers.has(dir)) continue;
      let w: fs.FSWatcher | undefined;
      let entries: fs.Dirent[];
      try {
        w = fs.watch(dir, (_ev, name) => this.filter(name === null ? null : path.join(path.relative(this.source, dir), name.toString()), (rel) => this.changedPath(rel)));
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        w?.close();
        // The source folder must be watchable; a subfolder removed meanwhile or unreadable is not watched.
        if (dir === this.source) throw unlistableSource(e, displayPath(dir, this.opts.cwd));
        continue;
      }
      // The source folder's watcher failing (the folder removed) ends watching; a subfolder's ends its own.
      w.on('error', (e) => (dir === this.source ? this.fail(e) : this.unwatch(dir)));
      this.fsWatchers.set(dir, w);
      for (const d of entries) {
        const p = path.join(dir, d.name);
        if (d.isDirectory() && !ignoredChange(path.relative(this.source, p)) && !this.inOut(p)) dirs.push(p);
      }
    }
  }

  private unwatch(dir: string): void {
    this.fsWatchers.get(dir)?.close();
    this.fsWatchers.delete(dir);
  }

  /** A change at `rel` (relative to the source folder; null: somewhere in it): a build, and a new folder watched. */
  private changedPath(rel: string | null): void {
    this.changed.add(rel ?? '');
    if (rel !== null && !RECURSIVE) {
      const abs = path.join(this.source, rel);
      let isDir = false;
      try {
        isDir = fs.statSync(abs).isDirectory();
      } catch {
        // removed: a watched folder's watcher ends with it
        for (const dir of [...this.fsWatchers.keys()]) if (dir !== this.source && (dir === abs || dir.startsWith(abs + path.sep))) this.unwatch(dir);
      }
      if (isDir && !this.fsWatchers.has(abs)) this.watchTree(abs);
    }
    this.schedule();
  }

  private fail(e: Error): void {
    void this.close();
    this.emit('error', e);
  }

  private inOut(abs: string): boolean {
    const rel = path.relative(this.outDir, abs);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  private filter(name: string | Buffer | null, next: (name: string | null) => void): void {
    if (this.closed) return;
    if (name !== null) {
      const rel = name.toString();
      if (ignoredChange(rel) || this.inOut(path.join(this.source, rel))) return;
      next(rel.split(path.sep).join('/'));
    } else next(null);
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) this.again = true;
      else this.running = this.runBuilds();
    }, this.debounceMs);
  }

  /** Builds until no change arrived during the last build. */
  private async runBuilds(): Promise<void> {
    do {
      this.again = false;
      const changed = [...this.changed].filter(Boolean).sort();
      this.changed.clear();
      await this.buildOnce(changed);
    } while (this.again && !this.closed);
    this.running = undefined;
  }

  private async buildOnce(changed: string[]): Promise<void> {
    const n = ++this.n;
    const t0 = performance.now();
    let event: WatchBuild;
    try {
      const result = await build({ ...this.opts, cache: this.cache });
      event = { n, ok: true, result, diagnostics: result.diagnostics, ms: Math.round(performance.now() - t0), changed };
    } catch (error) {
      const diagnostics = error instanceof BookletError ? error.diagnostics : [];
      event = { n, ok: false, error, diagnostics, ms: Math.round(performance.now() - t0), changed };
    }
    this.emit('build', event);
  }

  nextBuild(): Promise<WatchBuild> {
    return new Promise((resolve) => this.once('build', resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.fsWatchers.values()) w.close();
    this.fsWatchers.clear();
    await this.running;
  }
}

/** Starts watching `opts.source` and building into `opts.out`; the first build starts at once. */
export function watch(opts: BuildOptions, w: WatchOptions = {}): Watcher {
  const watcher = new SourceWatcher(opts, w);
  watcher.start();
  return watcher;
}
