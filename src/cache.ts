/**
 * What `booklet watch` keeps from one build to the next, so that a rebuild after one edit redoes
 * as little as possible while giving the same bytes as a fresh build:
 *
 * - episode files read and validated, by path, while their modification time and size are unchanged
 *   (src/load/source.ts);
 * - Markdown parsed, by text (src/parse/markdown.ts; each use gets its own copy of the tree);
 * - images checked, by path, while their modification time and size are unchanged (src/load/images.ts);
 * - the template's font set, with its shaping caches, while the template's fonts are the same.
 *
 * Pass one instance as `BuildOptions.cache` to every build of a series. Entries not used by a
 * build are dropped by the next one, so memory stays bounded by one build's sources.
 */
import type { Root } from 'mdast';
import { FontSet } from './fonts/fontset.js';
import { cacheDirFromEnv, MetricsStore } from './fonts/metrics-cache.js';
import type { ImageCheckCache } from './load/images.js';
import type { LoadCache } from './load/source.js';
import type { ParseMemo } from './parse/markdown.js';
import type { Template } from './template/types.js';

/** A map that keeps what the current and the previous generation used. */
class GenerationMemo<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  get(k: K): V | undefined {
    let v = this.current.get(k);
    if (v === undefined) {
      v = this.previous.get(k);
      if (v !== undefined) this.current.set(k, v);
    }
    return v;
  }

  set(k: K, v: V): void {
    this.current.set(k, v);
  }

  /** Starts a generation: what the one before the last did not use is forgotten. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  get size(): number {
    return this.current.size;
  }
}

export class BuildCache {
  readonly files: LoadCache = new Map();
  readonly images: ImageCheckCache = new Map();
  readonly parsed: ParseMemo & GenerationMemo<string, Root> = new GenerationMemo<string, Root>();
  private fonts?: { key: string; set: FontSet };
  /** Builds that used this cache. */
  builds = 0;

  /** Called by `prepare()` at the start of each build. */
  startBuild(): void {
    this.builds++;
    this.parsed.rotate();
  }

  /** The font set of `template`: the same one as last time when the fonts and folders are the same. */
  fontSet(template: Template, fontDirs: string[]): FontSet {
    const key = JSON.stringify([template.fonts, fontDirs]);
    if (this.fonts?.key !== key) this.fonts = { key, set: new FontSet(template, fontDirs, undefined, new MetricsStore(cacheDirFromEnv())) };
    return this.fonts.set;
  }
}
