/**
 * The typesetting thread (src/model/typeset-ahead.ts): parses and typesets each episode it is sent
 * (src/model/typeset.ts) and posts each result back as JSON, in the order sent.
 */
import { parentPort } from 'node:worker_threads';
import { startsOnly, typesetEpisode } from './typeset.js';
import type { TypesetBatch, TypesetReply } from './typeset-ahead.js';

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
