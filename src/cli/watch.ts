/**
 * `booklet watch`: build once, then again after every save in the source folder.
 *
 * - node:fs.watch on the source folder, recursive where the platform has it (else the folder and
 *   its subfolders as they were at the start); changes are gathered for `debounceMs` (100 ms), so an
 *   editor's save (write, rename, touch) gives one build;
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
import { build, type BuildOptions, type BuildResult } from '../pipeline.js';

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
  private fsWatchers: fs.FSWatcher[] = [];
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
    const onEvent = (name: string | Buffer | null) => {
      const rel = name === null ? '' : name.toString();
      this.changed.add(rel);
      this.schedule();
    };
    const onError = (e: Error) => {
      void this.close();
      this.emit('error', e);
    };
    try {
      const w = fs.watch(this.source, { recursive: true }, (_ev, name) => this.filter(name, onEvent));
      w.on('error', onError);
      this.fsWatchers.push(w);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM') throw e;
    }
    // No recursive watching here: the folder and its subfolders (images/, templates/…) as they are now.
    const dirs = [this.source];
    for (let i = 0; i < dirs.length && dirs.length < 256; i++) {
      for (const d of fs.readdirSync(dirs[i]!, { withFileTypes: true })) {
        const p = path.join(dirs[i]!, d.name);
        if (d.isDirectory() && !ignoredChange(path.relative(this.source, p)) && !this.inOut(p)) dirs.push(p);
      }
    }
    for (const dir of dirs) {
      const w = fs.watch(dir, (_ev, name) => this.filter(name === null ? null : path.join(path.relative(this.source, dir), name.toString()), onEvent));
      w.on('error', onError);
      this.fsWatchers.push(w);
    }
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
    for (const w of this.fsWatchers) w.close();
    this.fsWatchers = [];
    await this.running;
  }
}

/** Starts watching `opts.source` and building into `opts.out`; the first build starts at once. */
export function watch(opts: BuildOptions, w: WatchOptions = {}): Watcher {
  const watcher = new SourceWatcher(opts, w);
  watcher.start();
  return watcher;
}
