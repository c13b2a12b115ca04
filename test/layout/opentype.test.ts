/**
 * OpenType in running text: kerning and ligatures by default, old-style figures where the template
 * asks for them (body), lining figures elsewhere; text extraction keeps the characters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/pipeline.js';

describe('OpenType features', () => {
  it('sets old-style figures in the body and lining figures in titles', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-otf-'));
    fs.writeFileSync(path.join(dir, 'booklet.yaml'), 'title: Chiffres 2026\nyear: 2026\n');
    fs.writeFileSync(path.join(dir, '01-a.md'), '---\nepisode: 1\ntitle: Depuis 1984\ninterviewee: A B\n---\n\n💬 Question ?\n\nEn 1984, une officielle efficace.\n');
    const { paged } = await prepare({ source: dir, out: path.join(dir, 'out'), cwd: dir, drafts: false, strict: false, keepPages: true as const });
    const runs = paged.pages.flatMap((p) => p.items.filter((i) => i.kind === 'glyphs'));
    const font = fontkit.openSync(path.resolve(import.meta.dirname, '../../fonts/eb-garamond/EBGaramond-Regular.ttf')) as fontkit.Font;
    const lining = font.glyphForCodePoint(0x31).id;
    const oldstyle = font.layout('1', ['onum']).glyphs[0]!.id;
    expect(oldstyle).not.toBe(lining);
    const body = runs.find((r) => r.kind === 'glyphs' && r.text.join('').startsWith('En 1984'));
    if (!body || body.kind !== 'glyphs') throw new Error('body run not found');
    expect(body.gids[body.text.indexOf('1')]).toBe(oldstyle);
    // Ligatures survive, and the text of the ligature glyph is its letters.
    expect(body.text).toContain('ffi');
    const title = runs.find((r) => r.kind === 'glyphs' && r.text.join('').includes('Depuis 1984'));
    if (!title || title.kind !== 'glyphs') throw new Error('title run not found');
    expect(title.size).toBeGreaterThan(12);
  });
});
