/**
 * The EPUB is written to a temporary file as its entries are made (`streamEpub`, src/pipeline.ts):
 * a write that fails fails the EPUB, and a build that fails in the EPUB step leaves neither an
 * output nor a temporary file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/pipeline.js';
import { streamEpub } from '../../../src/write/epub/index.js';
import { generateCorpus } from '../../corpus/generate.js';
import { anniversaireTemplate, FONTS_DIR, sampleBooklet } from './fixture.js';
import { unzip } from './helpers.js';

describe('the EPUB spool', () => {
  it('fails the EPUB with the error of a write that fails (a full disk)', async () => {
    let calls = 0;
    const write = () => {
      calls++;
      throw new Error('ENOSPC: no space left on device');
    };
    await expect(streamEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR }, write)).rejects.toThrow(/ENOSPC/);
    expect(calls).toBe(1);
  });

  it('streams a build\'s EPUB to its spool, images byte for byte', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-epub-spool-'));
    const src = path.join(root, 'src');
    generateCorpus(src, 8, { seed: 5, images: true });
    const r = await build({ source: src, out: path.join(root, 'out'), cwd: root, drafts: false, strict: false, sourceDateEpoch: 1700000000 });
    const epub = r.summary.files.find((f) => f.path.endsWith('.epub'))!;
    const bytes = fs.readFileSync(path.resolve(root, epub.path));
    expect(bytes.length).toBe(epub.bytes);
    const zip = unzip(bytes);
    const sources = new Set(fs.readdirSync(path.join(src, 'images')).map((f) => fs.readFileSync(path.join(src, 'images', f)).toString('hex')));
    const stored = Object.entries(zip).filter(([n]) => n.startsWith('EPUB/images/') && n !== 'EPUB/images/cover.png');
    expect(stored.length).toBeGreaterThan(2);
    for (const [name, data] of stored) expect(sources.has(Buffer.from(data).toString('hex')), name).toBe(true);
    fs.rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('leaves no output and no temporary file when the build fails while the EPUB is written', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-epub-spool-'));
    const src = path.join(root, 'src');
    const out = path.join(root, 'out');
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp);
    generateCorpus(src, 4, { seed: 3, images: true });
    const saved = process.env.TMPDIR;
    // The spools go to os.tmpdir(), which follows TMPDIR.
    process.env.TMPDIR = tmp;
    let spoolsSeen: string[] = [];
    try {
      const failed = build({
        source: src,
        out,
        cwd: root,
        drafts: false,
        strict: false,
        sourceDateEpoch: 1700000000,
        onProgress: (stage, done) => {
          // The PDF is written, the EPUB is next: its images vanish (read as the EPUB is written).
          if (stage === 'write' && done === 1) {
            spoolsSeen = fs.readdirSync(tmp).flatMap((d) => fs.readdirSync(path.join(tmp, d)));
            fs.rmSync(path.join(src, 'images'), { recursive: true });
          }
        },
      });
      // The load room's message for a missing image, at its reference (not the read's ENOENT).
      await expect(failed).rejects.toThrow(/:\d+:\d+: error: image `images\/[^`]+` not found in src — copy the image into the folder/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(spoolsSeen).toEqual(['1-print.pdf']);
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    fs.rmSync(root, { recursive: true, force: true });
  }, 120_000);
});
