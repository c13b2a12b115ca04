/**
 * The typesetting thread (src/model/typeset-ahead.ts): parses and typesets each episode it is sent
 * (src/model/typeset.ts) and posts each result back as JSON, in the order sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { startsOnly, typesetEpisode } from './typeset.js';
import type { TypesetBatch, TypesetReply } from './typeset-ahead.js';

/**
 * This thread gives way to the main thread, which lays out the pages and is what a build waits for:
 * on Linux, a thread woken by a message could otherwise take the main thread's core from it (200
 * episodes on a loaded 2-core machine, 6 alternate rounds: main thread 3.95 → 3.00 CPU s, all
 * threads 7.42 → 5.60). Only this thread's priority is lowered; elsewhere nothing changes.
 */
const WORKER_NICE = 10;
try {
  // "<pid>/task/<tid>": setpriority() on a thread id sets that thread's nice value alone.
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) os.setPriority(tid, WORKER_NICE);
} catch {
  // Not Linux: the same priority as the main thread.
}

parentPort!.on('message', ({ jobs, lang, questionMarkers }: TypesetBatch) => {
  for (const { k, text } of jobs) {
    let reply: TypesetReply;
    try {
      reply = { k, json: JSON.stringify(typesetEpisode(text, lang, questionMarkers), startsOnly) };
    } catch (e) {
      reply = { k, failed: String(e) };
    }
    parentPort!.postMessage(reply);
  }
});
