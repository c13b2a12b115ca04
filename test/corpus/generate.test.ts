import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateCorpus } from './generate.js';

const root = mkdtempSync(join(tmpdir(), 'booklet-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One hash over every file name and content of a folder (recursively), in sorted order. */
function hashDir(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else h.update(`${rel}${e.name}\0`).update(readFileSync(join(d, e.name))).update('\0');
    }
  };
  walk(dir, '');
  return h.digest('hex');
}

interface ParsedEpisode {
  data: Record<string, unknown>;
  paragraphs: string[];
}

function parseEpisode(text: string): ParsedEpisode {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('no front matter');
  const data = parseYaml(m[1]) as Record<string, unknown>;
  const paragraphs = m[2].split(/\n{2,}/).map((p) => p.trim()).filter((p) => p.length > 0);
  return { data, paragraphs };
}

describe('generateCorpus', () => {
  it('is deterministic: same seed gives byte-identical files, another seed does not', () => {
    generateCorpus(join(root, 'a'), 12, { seed: 7 });
    generateCorpus(join(root, 'b'), 12, { seed: 7 });
    generateCorpus(join(root, 'c'), 12, { seed: 8 });
    expect(hashDir(join(root, 'a'))).toBe(hashDir(join(root, 'b')));
    expect(hashDir(join(root, 'a'))).not.toBe(hashDir(join(root, 'c')));

    generateCorpus(join(root, 'img1'), 8, { seed: 3, images: true });
    generateCorpus(join(root, 'img2'), 8, { seed: 3, images: true });
    expect(hashDir(join(root, 'img1'))).toBe(hashDir(join(root, 'img2')));
  });

  it('never calls Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    try {
      generateCorpus(join(root, 'norandom'), 5);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('gives the first episodes of a larger corpus the same bytes as a smaller one', () => {
    generateCorpus(join(root, 'small'), 5, { seed: 11 });
    generateCorpus(join(root, 'large'), 30, { seed: 11 });
    for (const f of readdirSync(join(root, 'small')).filter((f) => f.endsWith('.md'))) {
      expect(readFileSync(join(root, 'large', f), 'utf8')).toBe(readFileSync(join(root, 'small', f), 'utf8'));
    }
  });

  it('removes stale episode files so the folder holds exactly N episodes', () => {
    const dir = join(root, 'shrink');
    generateCorpus(dir, 9);
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    generateCorpus(dir, 4);
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(4);
    expect(files).toContain('notes.txt');
    expect(readFileSync(join(dir, 'booklet.yaml'), 'utf8')).toContain('title: Corpus 4 épisodes');
  });

  it('writes booklet.yaml and N parseable episodes with front matter, standfirst and 💬 questions', () => {
    const n = 40;
    const dir = join(root, 'shape');
    generateCorpus(dir, n);

    const meta = parseYaml(readFileSync(join(dir, 'booklet.yaml'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({
      title: `Corpus ${n} épisodes`,
      language: 'fr',
      year: 2026,
      template: 'anniversaire',
    });
    expect(typeof meta.publisher).toBe('string');

    const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
    expect(files).toHaveLength(n);
    const numbers: number[] = [];
    let totalBytes = 0;
    for (const [i, f] of files.entries()) {
      expect(f).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.md$/);
      const text = readFileSync(join(dir, f), 'utf8');
      totalBytes += Buffer.byteLength(text);
      const { data, paragraphs } = parseEpisode(text);

      expect(data.episode).toBe(i + 1);
      expect(f.startsWith(String(i + 1).padStart(4, '0') + '-')).toBe(true);
      numbers.push(data.episode as number);
      for (const key of ['title', 'interviewee', 'headline', 'role']) {
        expect(typeof data[key], `${f}: ${key}`).toBe('string');
        expect((data[key] as string).length, `${f}: ${key}`).toBeGreaterThan(0);
      }

      // standfirst, then questions each followed by 1–3 answer paragraphs
      expect(paragraphs[0].startsWith('💬')).toBe(false);
      const questionIdx = paragraphs.flatMap((p, j) => (p.startsWith('💬 ') ? [j] : []));
      expect(questionIdx.length, f).toBeGreaterThanOrEqual(3);
      expect(questionIdx.length, f).toBeLessThanOrEqual(4);
      expect(data.title).toBe(`${questionIdx.length} questions à ${data.interviewee as string}`);
      const ends = [...questionIdx.slice(1), paragraphs.length];
      questionIdx.forEach((q, k) => {
        const answers = ends[k] - q - 1;
        expect(answers, `${f}: answers to question ${k + 1}`).toBeGreaterThanOrEqual(1);
        expect(answers, `${f}: answers to question ${k + 1}`).toBeLessThanOrEqual(3);
      });
      expect(text).not.toMatch(/\p{Cs}|\uFFFD/u);
    }
    expect(new Set(numbers).size).toBe(n);
    const mean = totalBytes / n;
    expect(mean).toBeGreaterThan(4000);
    expect(mean).toBeLessThan(6000);
  });

  it('has a large vocabulary (~20k distinct words over 200 episodes) and some non-Latin names', () => {
    const dir = join(root, 'vocab');
    generateCorpus(dir, 200);
    const distinct = new Set<string>();
    let all = '';
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      all += text;
      for (const w of text.match(/\p{L}+/gu) ?? []) distinct.add(w);
    }
    expect(distinct.size).toBeGreaterThan(17000);
    expect(distinct.size).toBeLessThan(26000);
    expect(all).toMatch(/[\u0370-\u03ff]/u); // Greek
    expect(all).toMatch(/[\u0400-\u04ff]/u); // Cyrillic
    expect(all).toMatch(/[łŁżŻ]/u); // Polish
    expect(all).toMatch(/\b\d{1,3} \d{3}\b/u); // numbers like 15 000
    expect(all).toMatch(/https:\/\/\S{80,}/u); // a long URL
  });

  it('writes PNG images and references them when asked', () => {
    const dir = join(root, 'images');
    generateCorpus(dir, 8, { images: true });
    const pngs = readdirSync(join(dir, 'images'));
    expect(pngs.length).toBeGreaterThan(0);
    for (const p of pngs) {
      expect(readFileSync(join(dir, 'images', p)).subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
    }
    const ep4 = readdirSync(dir).find((f) => f.startsWith('0004-'));
    expect(ep4).toBeDefined();
    const { data, paragraphs } = parseEpisode(readFileSync(join(dir, ep4!), 'utf8'));
    expect(typeof data.portrait).toBe('string');
    expect(typeof data.portrait_alt).toBe('string');
    expect(paragraphs.some((p) => /^!\[[^\]]+\]\(images\/[^ )]+\.png "[^"]+"\)$/.test(p))).toBe(true);
  });
});
