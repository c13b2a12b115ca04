// Types for ./generate.js (plain ESM JS so the benchmark runs it without a compile step).

/** Default seed of `generateCorpus`. */
export declare const DEFAULT_SEED: number;

/** Sentences of the seed interview that the corpus text is built from. */
export declare const SEED_SENTENCES: readonly string[];

/** Questions (without the 💬 marker) the corpus picks from. */
export declare const SEED_QUESTIONS: readonly string[];

/** mulberry32 PRNG: returns floats in [0, 1). */
export declare function mulberry32(seed: number): () => number;

/** ASCII slug used for episode file names. */
export declare function slugify(s: string): string;

/**
 * Write a source folder into `dir`: `booklet.yaml` (title "Corpus N épisodes", fr, template
 * anniversaire) and `n` episodes `NNNN-slug.md` of about 5 KB each (front matter episode / title /
 * interviewee / headline / role, a standfirst, 3–4 "💬 " questions with 1–3 answer paragraphs).
 * With `images`, also `images/*.png`, a `portrait` per episode and a figure in every 4th episode.
 * With `notes`, footnotes (`[^n]`) in about one answer paragraph in three, one in six of them long;
 * with `quotes`, a `>` pull quote after about one answer paragraph in four. Both come from their
 * own PRNG stream: the rest of the text is the same as without them.
 * Stale `NNNN-*.md` files in `dir` are removed. Same seed ⇒ byte-identical files.
 */
export declare function generateCorpus(dir: string, n: number, opts?: { seed?: number; images?: boolean; notes?: boolean; quotes?: boolean }): void;
