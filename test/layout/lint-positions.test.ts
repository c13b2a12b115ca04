/**
 * The layout's warnings carry a source line even when the line they are about has none: a short
 * opener page (its portrait, then a question kept with the picture that follows it) is reported
 * at the first text that went on to the next page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

describe('a short opener page', () => {
  it('is reported at the line of the text that did not fit on it', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-lint-at-'));
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#3366cc' } }).jpeg().toFile(path.join(src, 'p.jpg'));
    fs.writeFileSync(path.join(src, 'booklet.yaml'), 'title: Essai\nyear: 2026\n');
    fs.writeFileSync(path.join(src, '01-a.md'), '---\nepisode: 1\ntitle: Un essai\ninterviewee: Anne Test\nportrait: p.jpg\nportrait_alt: Anne\n---\n\nUne réponse.\n\n💬 Une question ?\n\n![Une image](p.jpg "Légende")\n\nUne réponse.\n');
    let stdout = '';
    const code = await main(['node', 'booklet', 'check', '.', '--json'], { cwd: src, env: {}, stdout: (s) => (stdout += s), stderr: () => {}, isTTY: false });
    expect(code).toBe(0);
    const ds = (JSON.parse(stdout) as { diagnostics: { file: string; line: number; column: number; code: string }[] }).diagnostics;
    const short = ds.filter((d) => d.code === 'lint-short-page');
    expect(short.length).toBeGreaterThan(0);
    // Line 11: « 💬 Une question ? », kept with the picture on the next page.
    for (const d of short) expect(`${d.file}:${d.line}:${d.column}`).toBe('01-a.md:11:1');
    for (const d of ds.filter((x) => x.code.startsWith('lint-'))) expect(d.line).toBeGreaterThan(0);
    fs.rmSync(src, { recursive: true, force: true });
  }, 60_000);
});
