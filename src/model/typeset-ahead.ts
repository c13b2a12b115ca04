/**
 * The episodes' Markdown parsed and typeset ahead of the layout, on a worker thread: while the main
 * thread lays out episode i, the worker (src/model/typeset-worker.ts, bundled alone as
 * lib/typeset-worker.cjs) typesets the next ones, so that the main thread never parses.
 *
 * The worker is sent at most WINDOW episodes beyond the one the main thread is making, so that
 * its results do not pile up in memory on a long booklet, in batches (a message costs the main
 * thread ~1 ms: 200 episodes, 230–310 ms of posting one by one, 28–58 ms in batches of 6).
 * Typesetting is a pure function of the text, so the model is the same whoever typesets; an episode the worker fails on, or every one
 * left if the worker stops, is typeset on the main thread, where an error is reported as it would
 * be without a worker.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EpisodeTypesetter } from './build.js';
import { typesetEpisode, type EpisodeText, type TypesetEpisode } from './typeset.js';

/** The bundle the worker runs (in lib/ whether this file runs from lib/ or, in tests, from src/). */
export const TYPESET_WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib', 'typeset-worker.cjs');

/** From this many episodes on, a build typesets ahead on a worker (below, its start costs about what it saves). */
export const TYPESET_AHEAD_MIN_EPISODES = 8;

/** Episodes sent to the worker beyond the one being made: at most WINDOW, in batches of at least BATCH. */
export const WINDOW = 12;
const BATCH = 6;

/** The worker's young generation, MB. */
const WORKER_YOUNG_MB = 4;

/** `BOOKLET_TYPESET_WORKER`: `on`/`off` force the worker on or off; anything else (or unset) is `auto`. */
export type TypesetWorkerMode = 'auto' | 'on' | 'off';

export function typesetWorkerMode(env: NodeJS.ProcessEnv): TypesetWorkerMode {
  const v = env.BOOKLET_TYPESET_WORKER;
  return v === 'on' || v === 'off' ? v : 'auto';
}

/** Episodes to typeset. */
export interface TypesetBatch {
  jobs: TypesetJob[];
  lang: string;
  questionMarkers: string[];
}

export interface TypesetJob {
  k: number;
  text: EpisodeText;
}

/** The worker's answer: the typeset episode as JSON, or why it failed. */
export type TypesetReply = { k: number; json: string } | { k: number; failed: string };

export class TypesetAhead {
  private readonly worker: Worker;
  /** The texts of the episodes not taken yet (each let go once taken). */
  private readonly texts: (EpisodeText | undefined)[];
  /** Episodes sent to the worker so far. */
  sent = 0;
  /** Answers received and not taken yet; null: typeset here. */
  private readonly ready = new Map<number, TypesetEpisode | null>();
  private wake?: () => void;
  private stopped = false;
  /** Episodes the worker typeset (tests). */
  byWorker = 0;

  /** `file`: the worker's script (tests give others). */
  constructor(
    texts: EpisodeText[],
    private readonly lang: string,
    private readonly questionMarkers: string[],
    file = TYPESET_WORKER,
  ) {
    this.texts = [...texts];
    // A small young generation: the worker's garbage is one episode's, and 1,000 episodes peaked at
    // 293–299 MB with V8's default, 264–268 MB with this (the main thread alone: 277–288 MB).
    this.worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    this.worker.on('message', (m: TypesetReply) => {
      this.ready.set(m.k, 'json' in m ? (JSON.parse(m.json) as TypesetEpisode) : null);
      if ('json' in m) this.byWorker++;
      this.wake?.();
    });
    // A worker that cannot start or stops only means the main thread typesets what is left.
    const stop = () => {
      this.stopped = true;
      this.wake?.();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', stop);
    this.send(WINDOW);
  }

  /** The typesetter to give the BookletBuilder: episode `i`, in order. */
  get typesetter(): EpisodeTypesetter {
    return (i) => this.episode(i);
  }

  private send(upTo: number): void {
    const end = Math.min(upTo, this.texts.length);
    if (this.stopped || this.sent >= end) return;
    const jobs: TypesetJob[] = [];
    for (; this.sent < end; this.sent++) jobs.push({ k: this.sent, text: this.texts[this.sent]! });
    this.worker.postMessage({ jobs, lang: this.lang, questionMarkers: this.questionMarkers } satisfies TypesetBatch);
  }

  async episode(i: number): Promise<TypesetEpisode> {
    // Sent in batches: each message wakes the worker's thread, which cost this thread ~1 ms a message.
    if (this.sent - i <= WINDOW - BATCH) this.send(i + 1 + WINDOW);
    if (i < this.sent) {
      while (!this.ready.has(i) && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const r = this.ready.get(i);
    this.ready.delete(i);
    const text = this.texts[i]!;
    this.texts[i] = undefined;
    if (i === this.texts.length - 1) void this.dispose();
    return r ?? typesetEpisode(text, this.lang, this.questionMarkers);
  }

  /** Ends the worker (whatever it is doing). */
  dispose(): Promise<number> {
    this.stopped = true;
    return this.worker.terminate();
  }
}
