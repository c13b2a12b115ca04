/**
 * What shaping learnt about a font file, kept on disk between builds (performance.md §1: fontkit
 * takes ~0.5 s to decode a font's substitution and positioning tables and to shape the first
 * characters, pairs and ligature words; the answers never change for the same file and features).
 *
 * One JSON file per font file and feature list, named by a hash of the font's bytes, the features,
 * the fontkit version and the shaping code itself (lib/fonts/fontset.js), so a changed font,
 * fontkit or shaping rule never reads old answers. A missing, unreadable or malformed file is
 * ignored (the fonts are shaped by fontkit as without a cache); the outputs are the same bytes
 * either way (test/fonts/metrics-cache.test.ts). Files are replaced atomically.
 *
 * Where: `$BOOKLET_CACHE` (a folder), else `$XDG_CACHE_HOME/booklet`, else `~/.cache/booklet`;
 * `BOOKLET_CACHE=off` turns it off.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashOfFiles, replaceCacheFile } from '../util/cache-file.js';

/** Bump when the file layout below changes. */
const FORMAT = 1;
/** At most this many whole-shaped words are kept per face (the rest are shaped again each build). */
export const MAX_WORDS = 50000;

/** A word shaped whole by fontkit: glyph ids, origins, advances (font units), texts, total width. */
export type StoredShape = [number[], number[], number[], string[], number];

/** The answers for one font file with one feature list. */
export interface FaceMetrics {
  unitsPerEm: number;
  spaceGid: number;
  spaceAdvance: number;
  /** code point → has a glyph */
  coverage: Map<number, boolean>;
  /** code point → glyph and advance of a simple character, or null */
  chars: Map<number, { gid: number; adv: number } | null>;
  /** a * 0x110000 + b → kerning, or NaN when shaping the pair does more than kern */
  pairs: Map<number, number>;
  /** words shaped whole */
  words: Map<string, StoredShape>;
  /** Something was learnt since loading: the file is to be written. */
  dirty: boolean;
}

interface FileShape {
  format: number;
  key: string;
  unitsPerEm: number;
  space: [number, number];
  /** [cp, 0|1, …] */
  coverage: number[];
  /** [cp, gid, adv, …], gid -1 for a character that is not simple */
  chars: number[];
  /** [key, kern, …] for pairs that only kern */
  kerns: number[];
  /** keys of pairs that do more than kern */
  complex: number[];
  words: [string, ...StoredShape][];
}

/** The cache folder from the environment, or null when turned off. */
export function cacheDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env.BOOKLET_CACHE;
  if (v !== undefined && v !== '') return v === 'off' || v === '0' ? null : path.resolve(v);
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'booklet');
}

let codeKey: string | undefined;

/** fontkit's version and the shaping code: what the cached answers depend on besides the font. */
function shapingCodeKey(): string {
  if (codeKey === undefined) {
    let fontkitPackage = 'fontkit/package.json';
    try {
      fontkitPackage = path.join(path.dirname(createRequire(import.meta.url).resolve('fontkit')), '..', 'package.json');
    } catch {
      // hashed as missing
    }
    // The compiled or the source files, whichever this is (the others count as missing).
    const here = path.dirname(fileURLToPath(import.meta.url));
    codeKey = hashOfFiles([fontkitPackage, ...['fontset.js', 'fontset.ts', 'metrics-cache.js', 'metrics-cache.ts'].map((f) => path.join(here, f))]);
  }
  return codeKey;
}

/** Cached metrics of the font files of one build, loaded on first use and written by `save()`. */
export class MetricsStore {
  private readonly loaded = new Map<string, { file: string; metrics: FaceMetrics }>();
  /** The hash of each font file's bytes so far, to be continued with a feature list (`Hash.copy`). */
  private readonly hashed = new WeakMap<Uint8Array, Hash>();

  constructor(readonly dir: string | null) {}

  /** The metrics of `bytes` (a font file) with `features`: from disk, or empty. */
  metrics(bytes: Uint8Array, features: readonly string[]): { key: string; metrics: FaceMetrics | undefined } {
    // A font file is hashed once, however many feature lists it is opened with.
    let fileHash = this.hashed.get(bytes);
    if (!fileHash) {
      fileHash = createHash('sha256').update(bytes);
      this.hashed.set(bytes, fileHash);
    }
    const key = fileHash.copy().update(`\0${features.join(',')}\0${FORMAT}\0${shapingCodeKey()}`).digest('hex').slice(0, 32);
    const hit = this.loaded.get(key);
    if (hit) return { key, metrics: hit.metrics };
    if (this.dir === null) return { key, metrics: undefined };
    const file = path.join(this.dir, `font-${key}.json`);
    const metrics = readMetrics(file, key);
    if (metrics) this.loaded.set(key, { file, metrics });
    return { key, metrics };
  }

  /** Remembers metrics built without a cache file, to be written by `save()`. */
  adopt(key: string, metrics: FaceMetrics): void {
    if (this.dir === null || this.loaded.has(key)) return;
    this.loaded.set(key, { file: path.join(this.dir, `font-${key}.json`), metrics });
  }

  /** Writes what was learnt; a cache that cannot be written is left alone (never an error). */
  save(): void {
    for (const [key, { file, metrics }] of this.loaded) {
      if (!metrics.dirty) continue;
      // A cache that cannot be written (read-only home, full disk…): the next build shapes again.
      if (replaceCacheFile(file, JSON.stringify(toFile(key, metrics)))) metrics.dirty = false;
    }
  }
}

export function emptyMetrics(unitsPerEm: number, spaceGid: number, spaceAdvance: number): FaceMetrics {
  return { unitsPerEm, spaceGid, spaceAdvance, coverage: new Map(), chars: new Map(), pairs: new Map(), words: new Map(), dirty: true };
}

function toFile(key: string, m: FaceMetrics): FileShape {
  const coverage: number[] = [];
  for (const [cp, v] of m.coverage) coverage.push(cp, v ? 1 : 0);
  const chars: number[] = [];
  for (const [cp, c] of m.chars) chars.push(cp, c ? c.gid : -1, c ? c.adv : 0);
  const kerns: number[] = [];
  const complex: number[] = [];
  for (const [k, v] of m.pairs) {
    if (Number.isNaN(v)) complex.push(k);
    else kerns.push(k, v);
  }
  const words: [string, ...StoredShape][] = [];
  for (const [w, s] of m.words) words.push([w, ...s]);
  return { format: FORMAT, key, unitsPerEm: m.unitsPerEm, space: [m.spaceGid, m.spaceAdvance], coverage, chars, kerns, complex, words };
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumArray = (x: unknown): x is number[] => Array.isArray(x) && x.every(isNum);

function readMetrics(file: string, key: string): FaceMetrics | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const f = JSON.parse(raw) as Partial<FileShape>;
    if (f.format !== FORMAT || f.key !== key || !isNum(f.unitsPerEm) || !isNumArray(f.space) || f.space.length !== 2) return undefined;
    if (!isNumArray(f.coverage) || !isNumArray(f.chars) || !isNumArray(f.kerns) || !isNumArray(f.complex) || !Array.isArray(f.words)) return undefined;
    if (f.coverage.length % 2 || f.chars.length % 3 || f.kerns.length % 2) return undefined;
    const m = emptyMetrics(f.unitsPerEm, f.space[0]!, f.space[1]!);
    m.dirty = false;
    for (let i = 0; i < f.coverage.length; i += 2) m.coverage.set(f.coverage[i]!, f.coverage[i + 1] === 1);
    for (let i = 0; i < f.chars.length; i += 3) m.chars.set(f.chars[i]!, f.chars[i + 1]! < 0 ? null : { gid: f.chars[i + 1]!, adv: f.chars[i + 2]! });
    for (let i = 0; i < f.kerns.length; i += 2) m.pairs.set(f.kerns[i]!, f.kerns[i + 1]!);
    for (const k of f.complex) m.pairs.set(k, NaN);
    for (const w of f.words) {
      if (!Array.isArray(w) || w.length !== 6 || typeof w[0] !== 'string') return undefined;
      const [text, gids, xs, advances, texts, width] = w;
      const n = Array.isArray(gids) ? gids.length : -1;
      if (!isNumArray(gids) || !isNumArray(xs) || !isNumArray(advances) || !Array.isArray(texts) || !isNum(width)) return undefined;
      if (xs.length !== n || advances.length !== n || texts.length !== n || !texts.every((t) => typeof t === 'string')) return undefined;
      m.words.set(text, [gids, xs, advances, texts as string[], width]);
    }
    return m;
  } catch {
    return undefined;
  }
}
