/**
 * A user's own template in `<source>/templates/<name>/template.yaml`, through the command line:
 * it wins over a built-in of the same name, `booklet templates` lists it, and a wrong key in it
 * is reported at its file, line and column, with nothing written.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BookletError } from '../../src/diagnostics.js';
import { FontSet } from '../../src/fonts/fontset.js';
import { readTemplateFile, templateFontDirs } from '../../src/template/load.js';
import { runCli as cli } from '../helpers/cli.js';
import { tool } from '../helpers/tools.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MM = 72 / 25.4;


/** A copy of the sample source folder with a template of its own. */
function sourceWith(name: string, yaml: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-tpl-'));
  fs.cpSync(path.join(ROOT, 'episodes'), d, { recursive: true });
  fs.mkdirSync(path.join(d, 'templates', name), { recursive: true });
  fs.writeFileSync(path.join(d, 'templates', name, 'template.yaml'), yaml);
  return d;
}

const builtin = (name: string) => fs.readFileSync(path.join(ROOT, 'templates', name, 'template.yaml'), 'utf8');

const GARAMOND = 'eb-garamond/EBGaramond-Regular.ttf';

/** Builds `src` with its template `mine` (cwd: the source folder): exit code, stderr and the --json diagnostics. */
async function buildMine(src: string) {
  const out = path.join(src, 'out');
  const r = await cli(['build', src, '--out', out, '--template', 'mine', '--json'], src);
  const doc = JSON.parse(r.stdout.trim().split('\n').pop()!) as { diagnostics: { file: string; line: number; column: number; code: string; message: string }[] };
  return { ...r, diagnostics: doc.diagnostics, wrote: fs.existsSync(out) };
}

/** `file:line:col` of the first `text` in the template (where the value starts). */
function at(yaml: string, text: string): string {
  const lines = yaml.split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  expect(i).toBeGreaterThanOrEqual(0);
  return `templates/mine/template.yaml:${i + 1}:${lines[i]!.indexOf(text) + 1}`;
}

/** The anniversaire template with its regular Garamond read from `font` instead. */
const withFont = (font: string) => builtin('anniversaire').replace(GARAMOND, font);

describe('user templates', () => {
  it('win over a built-in template of the same name, and are listed once, with their folder', async () => {
    const yaml = builtin('anniversaire')
      .replace(/^description: .*$/m, 'description: my own smaller booklet')
      .replace('trim: [148, 210]', 'trim: [120, 170]');
    const src = sourceWith('anniversaire', yaml);
    const out = path.join(src, 'out');
    const r = await cli(['build', src, '--out', out]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const pdf = path.join(out, 'medinsoft-20-ans.pdf');
    const box = /Page\s+1 TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(tool('pdfinfo', '-box', '-f', '1', '-l', '1', pdf))!;
    const [x1, y1, x2, y2] = box.slice(1).map(Number) as [number, number, number, number];
    expect((x2 - x1) / MM).toBeCloseTo(120, 1);
    expect((y2 - y1) / MM).toBeCloseTo(170, 1);

    const list = await cli(['templates', src]);
    expect(list.code).toBe(0);
    const names = list.stdout.split('\n\n')[0]!.split('\n');
    expect(names.filter((n) => n === 'anniversaire')).toHaveLength(1);
    expect(names).toContain('magazine');
    expect(list.stdout).toMatch(/^anniversaire \(from .*templates[/\\]anniversaire\): my own smaller booklet$/m);
  }, 60_000);

  it('report a wrong key at its file, line and column, exit 1 and write nothing', async () => {
    const yaml = builtin('anniversaire').replace(/^ {2}recto: interviewee$/m, '  recta: interviewee').replace(/^(folio:\n(?: {2}.*\n)*?) {2}align: outer$/m, '$1  align: inside');
    const src = sourceWith('mine', yaml);
    const out = path.join(src, 'out');
    const lines = yaml.split('\n');
    const recta = lines.findIndex((l) => l.startsWith('  recta:')) + 1;
    const folio = lines.findIndex((l) => l === '  align: inside') + 1;
    expect(recta).toBeGreaterThan(0);
    expect(folio).toBeGreaterThan(0);
    const r = await cli(['build', src, '--out', out, '--template', 'mine']);
    expect(r.code).toBe(1);
    const file = /(\S*templates\/mine\/template\.yaml)/.exec(r.stderr)?.[1];
    expect(file).toBeDefined();
    expect(r.stderr).toContain(`${file}:${recta}:3: error: unknown key \`recta\` in \`runningHeads\` — did you mean \`recto\`? the keys here are: verso, recto, position, align, rule`);
    expect(r.stderr).toContain(`${file}:${folio}:10: error: folio.align: outer or center is expected, not "inside"`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);

  it('refuse a template.yaml that is a folder, at the file, exit 1', async () => {
    const src = sourceWith('mine', '');
    fs.rmSync(path.join(src, 'templates', 'mine', 'template.yaml'));
    fs.mkdirSync(path.join(src, 'templates', 'mine', 'template.yaml'));
    const r = await buildMine(src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('templates/mine/template.yaml: error: template.yaml is a folder, not a file — ');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['template-invalid']);
    expect(r.wrote).toBe(false);
  }, 60_000);

  it.skipIf(process.platform === 'win32')('refuse a template.yaml or a font that is a FIFO without opening it (no hang)', async () => {
    const src = sourceWith('mine', '');
    const fifo = path.join(src, 'templates', 'mine', 'template.yaml');
    fs.rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    // A writer, so that reading the FIFO would end (with other errors) instead of blocking the test.
    const writer = spawn('sh', ['-c', 'printf "name: [" > "$1"', 'sh', fifo], { stdio: 'ignore' });
    try {
      const r = await buildMine(src);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('templates/mine/template.yaml: error: template.yaml is not a regular file (a named pipe) — ');
      expect(r.diagnostics.map((d) => d.code)).toEqual(['template-invalid']);
      expect((await cli(['templates', src])).stdout).toMatch(/^mine$/m);
    } finally {
      writer.kill();
    }

    const yaml = withFont('pipe.ttf');
    const src2 = sourceWith('mine', yaml);
    const fontFifo = path.join(src2, 'templates', 'mine', 'fonts', 'pipe.ttf');
    fs.mkdirSync(path.dirname(fontFifo));
    execFileSync('mkfifo', [fontFifo]);
    const writer2 = spawn('sh', ['-c', 'printf "not a font" > "$1"', 'sh', fontFifo], { stdio: 'ignore' });
    try {
      const r = await buildMine(src2);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${at(yaml, 'pipe.ttf')}: error: "templates/mine/fonts/pipe.ttf" is not a regular file (a named pipe) — name a TrueType or OpenType file (.ttf, .otf)`);
    } finally {
      writer2.kill();
    }
  }, 60_000);

  it('report a truncated font at its key in template.yaml, exit 1, nothing written', async () => {
    const yaml = withFont('cut.ttf');
    const src = sourceWith('mine', yaml);
    fs.mkdirSync(path.join(src, 'templates', 'mine', 'fonts'));
    fs.writeFileSync(path.join(src, 'templates', 'mine', 'fonts', 'cut.ttf'), fs.readFileSync(path.join(ROOT, 'fonts', GARAMOND)).subarray(0, 1000));
    const r = await buildMine(src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at(yaml, 'cut.ttf')}: error: "templates/mine/fonts/cut.ttf" is not a font file booklet can read (truncated or another format) — use a TrueType or OpenType file (.ttf, .otf)`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['template-font-invalid']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.wrote).toBe(false);
  }, 60_000);

  it('report a font file that is not a font, or a folder, at its key', async () => {
    const yaml = withFont('notes.ttf').replace('noto-serif/NotoSerif-Regular.ttf', 'folder.ttf');
    const src = sourceWith('mine', yaml);
    const fonts = path.join(src, 'templates', 'mine', 'fonts');
    fs.mkdirSync(path.join(fonts, 'folder.ttf'), { recursive: true });
    fs.writeFileSync(path.join(fonts, 'notes.ttf'), 'root:x:0:0:root:/root:/bin/bash\n'.repeat(40));
    const r = await buildMine(src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at(yaml, 'notes.ttf')}: error: "templates/mine/fonts/notes.ttf" is not a font file booklet can read (truncated or another format) — `);
    expect(r.stderr).toContain(`${at(yaml, 'folder.ttf')}: error: "templates/mine/fonts/folder.ttf" is a folder, not a file — name a TrueType or OpenType file (.ttf, .otf)`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['template-font-invalid', 'template-font-invalid']);
    expect(r.wrote).toBe(false);
  }, 60_000);

  it('refuse an alias bomb in template.yaml as template-invalid at the first alias', async () => {
    const ten = (x: string) => `[${Array(10).fill(x).join(', ')}]`;
    const yaml = `${builtin('anniversaire')}\nbomb:\n  a: &a ${ten('"lol"')}\n  b: &b ${ten('*a')}\n  c: &c ${ten('*b')}\n  d: &d ${ten('*c')}\n  e: &e ${ten('*d')}\n  f: &f ${ten('*e')}\n`;
    const src = sourceWith('mine', yaml);
    const r = await buildMine(src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at(yaml, '*a')}: error: the aliases of this template (\`*a\` and the others) expand to more than 100 copies of their values — write the values out`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['template-invalid']);
    expect(r.wrote).toBe(false);
  }, 60_000);

  it('report an alias to no anchor at the alias', async () => {
    const yaml = builtin('anniversaire').replace(/^description: .*$/m, 'description: *nowhere');
    const r = await buildMine(sourceWith('mine', yaml));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at(yaml, '*nowhere')}: error: \`*nowhere\` refers to no anchor \`&nowhere\` set before it — `);
  }, 60_000);

  it('refuse font and profile paths that lead out of the template folder, at their keys, without reading them', async () => {
    // A real font outside the source folder: read, it would build.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-outside-'));
    const font = path.join(outside, 'Outside.ttf');
    fs.copyFileSync(path.join(ROOT, 'fonts', GARAMOND), font);
    fs.writeFileSync(path.join(outside, 'printer.icc'), 'not a profile');
    const yaml = withFont(font)
      .replace('noto-serif/NotoSerif-Regular.ttf', '../../../../Outside.ttf')
      .replace('eb-garamond/EBGaramond-Italic.ttf', 'linked.ttf')
      .concat(`\nprint:\n  profile: ${path.join(outside, 'printer.icc')}\n`);
    const src = sourceWith('mine', yaml);
    fs.mkdirSync(path.join(src, 'templates', 'mine', 'fonts'));
    fs.copyFileSync(font, path.join(src, 'Outside.ttf'));
    fs.symlinkSync(font, path.join(src, 'templates', 'mine', 'fonts', 'linked.ttf'));
    const r = await buildMine(src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at(yaml, font)}: error: font file "${font}" is outside the template's fonts/ folder — copy the font into templates/mine/fonts/ and write its name relative to that folder, e.g. Outside.ttf`);
    expect(r.stderr).toContain(`${at(yaml, '../../../../Outside.ttf')}: error: font file "../../../../Outside.ttf" is outside the template's fonts/ folder — `);
    expect(r.stderr).toContain(`${at(yaml, 'linked.ttf')}: error: "templates/mine/fonts/linked.ttf" is a link to a file outside templates/mine/ — copy the font itself into templates/mine/fonts/`);
    expect(r.stderr).toContain(`${at(yaml, path.join(outside, 'printer.icc'))}: error: print.profile: "${path.join(outside, 'printer.icc')}" is outside the template's folder — copy the printer's .icc file into templates/mine/ and write its name, e.g. profile: printer.icc`);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['template-font-outside', 'template-font-outside', 'template-font-outside', 'template-profile-outside']);
    expect(r.wrote).toBe(false);
  }, 60_000);

  it('refuse a template.yaml larger than booklet.yaml may be, before parsing it', async () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `  key${i}: ${i}`).join('\n');
    const yaml = `${builtin('anniversaire')}\npadding:\n${keys}\n`;
    expect(yaml.length).toBeGreaterThan(32 * 1024);
    const r = await buildMine(sourceWith('mine', yaml));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^templates\/mine\/template\.yaml: error: template\.yaml is \d+ KB, more than the 32 KB it may hold — /m);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
    expect(r.wrote).toBe(false);
  }, 60_000);

  it('refuse an epub.css that is a folder', async () => {
    const src = sourceWith('mine', builtin('anniversaire'));
    fs.mkdirSync(path.join(src, 'templates', 'mine', 'epub.css'));
    const r = await buildMine(src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('templates/mine/epub.css: error: epub.css is a folder, not a file — ');
  }, 60_000);

  it('report a font spoiled after the template was loaded as a template error when it is opened', () => {
    const src = sourceWith('mine', withFont('late.ttf'));
    const fonts = path.join(src, 'templates', 'mine', 'fonts');
    fs.mkdirSync(fonts);
    fs.copyFileSync(path.join(ROOT, 'fonts', GARAMOND), path.join(fonts, 'late.ttf'));
    const template = readTemplateFile(path.join(src, 'templates', 'mine', 'template.yaml'), src);
    fs.truncateSync(path.join(fonts, 'late.ttf'), 1000);
    const set = new FontSet(template, templateFontDirs(template));
    let err: unknown;
    try {
      set.face('garamond', 'regular');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BookletError);
    expect((err as BookletError).diagnostics[0]).toMatchObject({ code: 'template-font-invalid', message: expect.stringContaining('late.ttf" is not a font file booklet can read') });
  });
});
