/**
 * A template whose fonts lack characters of the words booklet prints itself (« Sommaire », folios,
 * dates): each such character is an error at the template's `fonts.chain`, never one without a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('characters of booklet’s own words that no font of the chain has', () => {
  it('are errors at fonts.chain in template.yaml', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-fixed-words-'));
    fs.mkdirSync(path.join(src, 'templates', 'mine'), { recursive: true });
    const yaml = fs
      .readFileSync(path.join(ROOT, 'templates', 'anniversaire', 'template.yaml'), 'utf8')
      .replaceAll('family: garamond', 'family: emoji')
      .replace('chain: [garamond, noto, emoji]', 'chain: [emoji]');
    fs.writeFileSync(path.join(src, 'templates', 'mine', 'template.yaml'), yaml);
    const chainLine = yaml.split('\n').findIndex((l) => l.includes('chain: [emoji]')) + 1;
    fs.writeFileSync(path.join(src, 'booklet.yaml'), 'title: "2026"\nyear: 2026\ntemplate: mine\n');
    fs.writeFileSync(path.join(src, '01-a.md'), '---\nepisode: 1\ntitle: "1"\ninterviewee: "2"\n---\n\n123 🎉\n');
    let stdout = '';
    const code = await main(['node', 'booklet', 'check', '.', '--json'], { cwd: src, env: {}, stdout: (s) => (stdout += s), stderr: () => {}, isTTY: false });
    expect(code).toBe(1);
    const ds = (JSON.parse(stdout) as { diagnostics: { file: string; line: number; code: string; message: string }[] }).diagnostics.filter((d) => d.code === 'glyph-missing');
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) {
      expect(`${d.file}:${d.line}`).toBe(`templates/mine/template.yaml:${chainLine}`);
      expect(d.message).toMatch(/^no font of the template's fonts\.chain has the character ".+" \(U\+[0-9A-F]{4}\), which booklet prints itself .* — add a font that has it to fonts\.chain$/);
    }
    fs.rmSync(src, { recursive: true, force: true });
  }, 60_000);
});
