/**
 * Visual regression: the sample booklet (episodes/), built with each built-in template, rendered
 * page by page with `pdftoppm -r 50 -png` and compared with the reference images committed in
 * test/visual/<template>/page-NN.png. A pixel differs when one of its channels is off by more than
 * THRESHOLD (anti-aliasing moves edges by a little); a page fails when more than MAX_SHARE of its
 * pixels differ, or when its size or the page count changed. Failing pages are written next to
 * the test output (test/.out/visual/) with a diff image (differing pixels in red).
 *
 * `UPDATE=1 npx vitest run test/visual` (or `npm run test:update`) rewrites the references:
 * look at them before committing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/tools.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'booklet.js');
const REF = path.join(ROOT, 'test', 'visual');
const OUT = path.join(ROOT, 'test', '.out', 'visual');
const UPDATE = process.env.UPDATE === '1';
const THRESHOLD = 48;
const MAX_SHARE = 0.005;

/** Share of pixels whose largest channel difference is over THRESHOLD, and the diff image. */
function compare(a: PNG, b: PNG): { share: number; diff: PNG } {
  const diff = new PNG({ width: a.width, height: a.height });
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d = Math.max(Math.abs(a.data[i]! - b.data[i]!), Math.abs(a.data[i + 1]! - b.data[i + 1]!), Math.abs(a.data[i + 2]! - b.data[i + 2]!));
    const off = d > THRESHOLD;
    if (off) n++;
    const grey = Math.round((a.data[i]! + a.data[i + 1]! + a.data[i + 2]!) / 3 / 3 + 170);
    diff.data[i] = off ? 255 : grey;
    diff.data[i + 1] = off ? 0 : grey;
    diff.data[i + 2] = off ? 0 : grey;
    diff.data[i + 3] = 255;
  }
  return { share: n / (a.width * a.height), diff };
}

function render(template: string): string[] {
  const out = path.join(OUT, template);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const r = run('node', [BIN, 'build', 'episodes', '--template', template, '--out', out, '--quiet'], { allowFail: true });
  if (r.code !== 0) throw new Error(`build with ${template} failed: ${r.stderr}`);
  const pdf = fs.readdirSync(out).find((f) => f.endsWith('.pdf'))!;
  run('pdftoppm', ['-r', '50', '-png', path.join(out, pdf), path.join(out, 'page')]);
  // pdftoppm pads the page number to the width of the count: page-1.png or page-01.png.
  return fs
    .readdirSync(out)
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort((x, y) => Number(/\d+/.exec(x)![0]) - Number(/\d+/.exec(y)![0]))
    .map((f) => path.join(out, f));
}

const refName = (i: number) => `page-${String(i + 1).padStart(2, '0')}.png`;

describe('visual regression of the sample booklet', () => {
  it('the comparison sees a changed page and forgives a moved anti-aliased edge', () => {
    const a = new PNG({ width: 100, height: 100 });
    a.data.fill(255);
    const same = PNG.sync.read(PNG.sync.write(a));
    expect(compare(a, same).share).toBe(0);
    const soft = PNG.sync.read(PNG.sync.write(a));
    for (let i = 0; i < soft.data.length; i += 4) soft.data[i] = 230; // a faint tint: under the threshold
    expect(compare(a, soft).share).toBe(0);
    const changed = PNG.sync.read(PNG.sync.write(a));
    for (let i = 0; i < 60 * 4; i += 4) changed.data[i + 1] = 0; // 60 pixels of 10,000: 0.6 %
    expect(compare(a, changed).share).toBeGreaterThan(MAX_SHARE);
  });

  for (const template of ['anniversaire', 'magazine']) {
    it(`matches the reference pages with ${template}`, () => {
      process.env.SOURCE_DATE_EPOCH = '1790000000';
      const pages = render(template);
      const dir = path.join(REF, template);
      expect(pages.length).toBeGreaterThan(0);
      if (UPDATE) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        pages.forEach((p, i) => fs.copyFileSync(p, path.join(dir, refName(i))));
      }
      const refs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.png')) : [];
      expect(pages.length, `page count of ${template} (references: ${refs.length}); UPDATE=1 to accept`).toBe(refs.length);
      const failed: string[] = [];
      pages.forEach((p, i) => {
        const got = PNG.sync.read(fs.readFileSync(p));
        const want = PNG.sync.read(fs.readFileSync(path.join(dir, refName(i))));
        if (got.width !== want.width || got.height !== want.height) {
          failed.push(`page ${i + 1}: ${got.width}×${got.height} instead of ${want.width}×${want.height}`);
          return;
        }
        const { share, diff } = compare(got, want);
        if (share > MAX_SHARE) {
          const d = path.join(OUT, template, `diff-${String(i + 1).padStart(2, '0')}.png`);
          fs.writeFileSync(d, PNG.sync.write(diff));
          failed.push(`page ${i + 1}: ${(share * 100).toFixed(2)} % of pixels differ (see ${path.relative(ROOT, d)})`);
        }
      });
      expect(failed, `${template}: UPDATE=1 npx vitest run test/visual to accept the new pages`).toEqual([]);
    }, 120_000);
  }
});
