/**
 * A user's own template in `<source>/templates/<name>/template.yaml`, through the command line:
 * it wins over a built-in of the same name, `booklet templates` lists it, and a wrong key in it
 * is reported at its file, line and column, with nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
