/**
 * Effective resolution of portraits and the cover image at the size each template places them:
 * the same 262 × 350 portrait prints at about 165 ppi in the anniversaire opener (a warning) and
 * under 150 ppi in the magazine band, which shows it larger (an error, nothing written); both are
 * reported at the `portrait:` line of the front matter, and a small cover image at `cover_image:`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';


async function source(cover: boolean): Promise<string> {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-ppi-'));
  const noise = (w: number, h: number) => {
    const buf = Buffer.alloc(w * h * 3);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 7919) % 251;
    return sharp(buf, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 70 });
  };
  await noise(262, 350).toFile(path.join(d, 'visage.jpg'));
  if (cover) await noise(300, 420).toFile(path.join(d, 'couverture.jpg'));
  fs.writeFileSync(path.join(d, 'booklet.yaml'), `title: Portraits\npublisher: Test\nyear: 2026\n${cover ? 'cover_image: couverture.jpg\n' : ''}`);
  fs.writeFileSync(
    path.join(d, '01-ana.md'),
    '---\nepisode: 1\ntitle: 3 questions à Ana\ninterviewee: Ana Li\nportrait: visage.jpg\nportrait_alt: Ana Li\n---\n\n💬 Une question ?\n\nUne réponse.\n',
  );
  return d;
}

describe('portrait and cover resolution at the placed size', () => {
  it('warns with anniversaire and fails with magazine, at the portrait: line', async () => {
    const src = await source(false);
    const a = await cli(['build', '.', '--out', 'a'], src);
    expect(a.code).toBe(0);
    const warn = /01-ana\.md:5:\d+: warning: `visage\.jpg` prints at (\d+) ppi on page \d+ \(262×350 pixels\)/.exec(a.stderr);
    expect(warn, a.stderr).not.toBeNull();
    expect(Number(warn![1])).toBeGreaterThanOrEqual(150);
    expect(Number(warn![1])).toBeLessThan(300);

    const m = await cli(['build', '.', '--out', 'm', '--template', 'magazine'], src);
    expect(m.code).toBe(1);
    const fail = /01-ana\.md:5:\d+: error: `visage\.jpg` prints at (\d+) ppi on page \d+ \(262×350 pixels\); under 150 ppi/.exec(m.stderr);
    expect(fail, m.stderr).not.toBeNull();
    expect(Number(fail![1])).toBeLessThan(Number(warn![1]));
    expect(fs.existsSync(path.join(src, 'm'))).toBe(false);
  }, 60_000);

  it('reports a cover image that would print under 150 ppi at the cover_image: line', async () => {
    const src = await source(true);
    const r = await cli(['check', '.'], src);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/booklet\.yaml:4:\d+: error: `couverture\.jpg` prints at \d+ ppi on page 1 \(300×420 pixels\)/);
  }, 60_000);
});
