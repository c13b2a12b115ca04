/** Preflight rules on hand-made PagedBooklets: each rule passes, warns and fails where it should. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GlyphRun, PageItem, PagedBooklet } from '../../src/layout/types.js';
import type { Booklet, ImageAsset } from '../../src/model/types.js';
import { preflight, type PreflightInput } from '../../src/print/preflight.js';
import { padToSignature } from '../../src/print/saddle.js';
import { resolvePrintJob } from '../../src/print/settings.js';
import { printSheets } from '../../src/print/sheets.js';
import { readTemplateFile } from '../../src/template/load.js';
import type { Cmyk, Template } from '../../src/template/types.js';
import { ROOT } from './fixture.js';

const MM = 72 / 25.4;
const BLEED = 3 * MM;
const W = (148 + 6) * MM;
const H = (210 + 6) * MM;
const FACE = { id: 'garamond', path: path.join(ROOT, 'fonts/eb-garamond/EBGaramond-Regular.ttf') };

function template(edit: (t: Template) => void = () => {}): Template {
  const t = readTemplateFile(path.join(ROOT, 'templates/anniversaire/template.yaml'), ROOT);
  edit(t);
  return t;
}

function paged(items: PageItem[][], bleed = BLEED): PagedBooklet {
  const w = 148 * MM + 2 * bleed;
  const h = 210 * MM + 2 * bleed;
  return {
    width: w,
    height: h,
    trimBox: [bleed, bleed, w - bleed, h - bleed],
    bleedBox: [0, 0, w, h],
    pages: items.map((it, index) => ({ index, folio: index + 1, showFolio: true, kind: 'body', items: it })),
    faces: [FACE],
    outline: [],
  };
}

const text = (color: Cmyk = [0, 0, 0, 100]): GlyphRun => ({ kind: 'glyphs', face: FACE, size: 10, color, x: 60, y: 100, gids: Uint16Array.of(1), dx: Float64Array.of(0), advances: Float32Array.of(5), text: ['a'] });
const asset = (width: number, height: number): ImageAsset => ({ path: path.join(ROOT, 'test/fixtures/pdf/figure-gray.png'), rel: 'photo.png', format: 'png', width, height });

async function run(p: PagedBooklet, opts: { t?: Template; booklet?: Booklet; pad?: boolean } = {}) {
  const t = opts.t ?? template();
  const job = await resolvePrintJob(t, {}, ROOT);
  const padding = opts.pad === false ? { paged: p, before: p.pages.length, added: 0, fewer: p.pages.length, signature: 4 } : padToSignature(p, 4);
  const input: PreflightInput = {
    paged: padding.paged,
    booklet: opts.booklet ?? ({ meta: {}, episodes: [], images: [] } as unknown as Booklet),
    template: t,
    job,
    conversion: await job.conversion(),
    images: new Map(),
    sheets: printSheets(padding.paged, undefined),
    padding,
    configFile: 'booklet.yaml',
    templateFile: 'template.yaml',
    show: (x) => x,
  };
  const r = preflight(input);
  const status = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
  return { r, status, codes: r.diagnostics.map((d) => `${d.severity} ${d.code}`) };
}

describe('preflight', () => {
  it('passes a clean page: full-bleed band, black text, a 0.5 pt rule, four pages', async () => {
    const { r, status } = await run(paged([[{ kind: 'rect', x: 0, y: 0, w: W, h: 100, fill: [0, 75, 100, 20] }, text(), { kind: 'line', x1: 50, y1: 200, x2: 150, y2: 200, width: 0.5, color: [0, 0, 0, 60] }], [], [], []]));
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(Object.values(status).every((s) => s === 'pass')).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(['boxes', 'bleed', 'fonts', 'colour', 'ink', 'transparency', 'images', 'lines', 'pages', 'standard']);
  }, 30_000);

  it('fails a coloured area that reaches the trim edge and stops there; warns on a bleed under 3 mm', async () => {
    const short = await run(paged([[{ kind: 'rect', x: BLEED, y: 0, w: 100, h: 100, fill: [0, 75, 100, 20] }]]));
    expect(short.status.bleed).toBe('fail');
    expect(short.r.diagnostics.find((d) => d.code === 'preflight-bleed')?.message).toMatch(/reaches the left trim edge but stops before the bleed edge/);
    const small = await run(paged([[text()]], 1 * MM));
    expect(small.status.bleed).toBe('warn');
    expect(small.codes).toContain('warning preflight-bleed-small');
  }, 30_000);

  it('warns on rules under 0.25 pt and fails those under 0.15 pt', async () => {
    const thin = (width: number) => paged([[{ kind: 'line', x1: 50, y1: 200, x2: 150, y2: 200, width, color: [0, 0, 0, 100] }]]);
    expect((await run(thin(0.25))).status.lines).toBe('pass');
    const warn = await run(thin(0.2));
    expect(warn.status.lines).toBe('warn');
    expect(warn.codes).toEqual(['warning preflight-hairline']);
    const fail = await run(thin(0.1));
    expect(fail.status.lines).toBe('fail');
    expect(fail.codes).toEqual(['error preflight-hairline']);
    expect(fail.r.ok).toBe(false);
  }, 30_000);

  it('checks total ink: 300 % passes, over 300 % warns, over 330 % fails', async () => {
    const withAccent = (c: Cmyk) => template((t) => (t.colors.accent = c));
    expect((await run(paged([[text()]]), { t: withAccent([100, 100, 100, 0]) })).status.ink).toBe('pass');
    const warn = await run(paged([[text()]]), { t: withAccent([80, 70, 70, 100]) });
    expect(warn.status.ink).toBe('warn');
    expect(warn.r.diagnostics.find((d) => d.code === 'preflight-ink')?.message).toMatch(/colors\.accent \[80, 70, 70, 100\] has 320 % total ink/);
    const fail = await run(paged([[{ kind: 'rect', x: 0, y: 0, w: W, h: H, fill: [100, 80, 80, 100] }]]));
    expect(fail.status.ink).toBe('fail');
    expect(fail.codes).toContain('error preflight-ink');
  }, 30_000);

  it('wants text in 100 % K: a rich black on small text warns, registration black fails', async () => {
    const rich = await run(paged([[text()]]), { t: template((t) => (t.styles.caption.color = [60, 40, 40, 100])) });
    expect(rich.status.colour).toBe('warn');
    expect(rich.r.diagnostics.find((d) => d.code === 'preflight-rich-black-text')?.message).toMatch(/styles\.caption\.color/);
    const reg = await run(paged([[text()]]), { t: template((t) => (t.styles.body.color = [100, 100, 100, 100])) });
    expect(reg.status.colour).toBe('fail');
    expect(reg.codes).toContain('error preflight-registration-text');
    const grey = await run(paged([[text()]]), { t: template((t) => (t.colors.text = [0, 0, 0, 90])) });
    expect(grey.codes).toContain('warning preflight-text-black');
  }, 30_000);

  it('measures effective resolution: ≥ 300 ppi passes, 150–299 warns, < 150 fails, at the reference’s line', async () => {
    const place = (px: number, inches: number) => paged([[{ kind: 'image', asset: asset(px, px), x: 60, y: 60, w: inches * 72, h: inches * 72 }]]);
    const a = asset(600, 600);
    const booklet = {
      meta: {},
      episodes: [{ file: 'episodes/01-a.md', blocks: [{ kind: 'image', image: { asset: a, alt: 'x' }, pos: { file: 'episodes/01-a.md', line: 7, column: 1 } }], footnotes: [] }],
      images: [a],
    } as unknown as Booklet;
    expect((await run(place(600, 2), { booklet })).status.images).toBe('pass');
    const warn = await run(place(600, 3), { booklet });
    expect(warn.status.images).toBe('warn');
    const d = warn.r.diagnostics[0]!;
    expect([d.file, d.line, d.severity, d.code]).toEqual(['episodes/01-a.md', 7, 'warning', 'preflight-image-resolution']);
    expect(d.message).toMatch(/prints at 200 ppi on page 1 \(600×600 pixels\).*900×900 pixels/);
    const fail = await run(place(600, 5), { booklet });
    expect(fail.status.images).toBe('fail');
    expect(fail.r.diagnostics[0]!.message).toMatch(/prints at 120 ppi/);
    expect(fail.r.images[0]).toMatchObject({ file: 'photo.png', pixels: [600, 600], ppi: 120 });
  }, 30_000);

  it('fails a page count that is not a multiple of the signature (the pipeline always pads)', async () => {
    const { status, codes, r } = await run(paged([[], [], []]), { pad: false });
    expect(status.pages).toBe('fail');
    expect(codes).toEqual(['error preflight-pages']);
    const padded = await run(paged([[], [], []]));
    expect(padded.status.pages).toBe('pass');
    expect(padded.r.checks.find((c) => c.id === 'pages')!.summary).toMatch(/4 pages, a multiple of 4; 1 blank page added before the back cover \(3 laid out; 0 pages would need none\)/);
    expect(r.ok).toBe(false);
  }, 30_000);

  it('fails a face that is drawn but not listed for embedding', async () => {
    const p = paged([[text()]]);
    p.faces = [];
    const { status, codes } = await run(p);
    expect(status.fonts).toBe('fail');
    expect(codes).toEqual(['error preflight-font']);
  }, 30_000);
});
