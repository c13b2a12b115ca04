/**
 * The preflight's warnings about template values name where the value comes from: the key's line
 * in template.yaml (a colour a style inherits: the key it inherits from), or `--bleed`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

async function buildIn(src: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(['node', 'booklet', 'build', '.', '--out', 'out', ...args], { cwd: src, env: {}, stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false });
  return { code, stderr };
}

function sample(): string {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-preflight-at-'));
  temps.push(src);
  fs.cpSync(path.join(ROOT, 'episodes'), src, { recursive: true });
  return src;
}

describe('preflight warnings about template values', () => {
  it('--bleed 0: the warning names --bleed, not the built-in template file', async () => {
    const r = await buildIn(sample(), '--bleed', '0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^--bleed: warning: the bleed is 0 mm; printers ask for 3 mm/m);
  }, 60_000);

  it('a rich black colors.text in a user template: at its line, and so are the styles that inherit it', async () => {
    const src = sample();
    const dir = path.join(src, 'templates', 'anniversaire');
    fs.mkdirSync(dir, { recursive: true });
    const yaml = fs.readFileSync(path.join(ROOT, 'templates', 'anniversaire', 'template.yaml'), 'utf8').replace(/^  text: \[0, 0, 0, 100\]$/m, '  text: [60, 40, 40, 100]');
    fs.writeFileSync(path.join(dir, 'template.yaml'), yaml);
    const line = yaml.split('\n').findIndex((l) => l === '  text: [60, 40, 40, 100]') + 1;
    expect(line).toBeGreaterThan(0);
    const r = await buildIn(src);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`templates/anniversaire/template.yaml:${line}:1: warning: colors.text is [60, 40, 40, 100]`);
    // styles.body has no colour of its own: it inherits colors.text, reported at that line.
    expect(r.stderr).toContain(`templates/anniversaire/template.yaml:${line}:1: warning: styles.body.color [60, 40, 40, 100] is a rich black`);
    expect(r.stderr).not.toMatch(/template\.yaml: warning/);
  }, 60_000);

  it('an image used twice: the finding names the reference whose placement it measured (its page and its line agree)', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-preflight-at-'));
    temps.push(src);
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ff0000' } }).png().toFile(path.join(src, 'one.png'));
    fs.writeFileSync(path.join(src, 'booklet.yaml'), 'title: Essai\nyear: 2026\n');
    // The portrait (line 5) is small on the opener; the figure (line 11) is set wider, at fewer ppi.
    fs.writeFileSync(path.join(src, '01-a.md'), '---\nepisode: 1\ntitle: Un essai\ninterviewee: Anne Test\nportrait: one.png\nportrait_alt: Anne\n---\n\nUne réponse.\n\n![Une image](one.png)\n');
    const r = await buildIn(src);
    expect(r.code).toBe(1);
    const found = r.stderr.split('\n').filter((l) => l.includes('preflight') || l.includes('one.png'));
    expect(found.join('\n')).toMatch(/^01-a\.md:11:1: error: `one\.png` prints at under 1 ppi on page \d+/m);
    expect(found.join('\n')).not.toMatch(/^01-a\.md:5:/m);
  }, 60_000);
});
